"""Access tokens for a mailbox, fresh when asked for: refreshed before they expire, never written anywhere.

``token_source(oauth)`` is the process-wide :class:`TokenSource` of a mailbox (IMAP and SMTP share it).
``access_token()`` answers the token in memory while it has at least ``min_valid`` seconds left, else gets a new
one: with the refresh token from the keyring (a person's sign-in), with client credentials, or with a JWT
bearer assertion of a Google service account. A rotated refresh token replaces the old one in the keyring. When
the provider refuses the refresh token (``invalid_grant`` …) the mailbox is marked "sign in again"
(:class:`~agentdesk.mail.oauth.errors.SignInRequired`) and the token is forgotten. ``invalidate(token)`` is for a
server that refused a token the clock still thought good (revoked, or the server's clock runs ahead).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.integrations.requests_client import OAuthError as AuthlibError

from agentdesk.config.oauth import OAuthSettings
from agentdesk.config.secrets import SecretError, get_secret
from agentdesk.mail.oauth import store
from agentdesk.mail.oauth.errors import OAuthError, ProviderError, SignInRequired
from agentdesk.mail.oauth.providers import HTTP_TIMEOUT, Endpoints, endpoints

log = logging.getLogger(__name__)

#: answers of a token endpoint that mean the grant itself is gone: a person must sign in again
GRANT_REFUSED = ("invalid_grant", "unauthorized_client", "invalid_client", "interaction_required",
                 "consent_required", "access_denied")
#: refresh when less than this is left (or a fifth of the token's life, if that is less)
REFRESH_MARGIN = 300.0
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"


@dataclass(frozen=True)
class AccessToken:
    """An access token and when it expires (``time.time()`` seconds); never logged or stored."""

    value: str
    expires_at: float
    lifetime: float

    def __repr__(self) -> str:
        return f"AccessToken(expires_at={self.expires_at:.0f})"

    def valid_for(self, now: float) -> float:
        return self.expires_at - now


def client_secret(oauth: OAuthSettings) -> str | None:
    """The client secret from ``client_secret_env`` or the keyring (``oauth-client:NAME``); None for a public
    client."""
    if oauth.client_secret_env:
        value = os.environ.get(oauth.client_secret_env)
        if value is None:
            raise SecretError(f"the environment variable {oauth.client_secret_env} named by client_secret_env is "
                              "not set")
        return value
    return get_secret(oauth.client_secret_name)


def session(oauth: OAuthSettings, **kwargs: Any) -> OAuth2Session:
    """An Authlib session for the mailbox's client (secret sent in the body, as Entra and Google expect)."""
    secret = client_secret(oauth)
    return OAuth2Session(client_id=oauth.client_id, client_secret=secret,
                         token_endpoint_auth_method="client_secret_post" if secret else "none",
                         default_timeout=HTTP_TIMEOUT, **kwargs)


def describe_error(exc: BaseException) -> str:
    """An Authlib or network error in words (the provider's ``error`` and description; never a token)."""
    if isinstance(exc, AuthlibError):
        words = f"{exc.error}" + (f": {exc.description}" if exc.description else "")
        return words
    if isinstance(exc, requests.RequestException):
        return f"the provider cannot be reached ({exc.__class__.__name__})"
    return exc.__class__.__name__


def token_from_response(token: Any, now: float) -> AccessToken:
    value = token.get("access_token")
    if not value:
        raise ProviderError("the provider's answer holds no access token")
    lifetime = float(token.get("expires_in") or 3600)
    return AccessToken(str(value), now + lifetime, lifetime)


class TokenSource:
    """Fresh access tokens for one mailbox (thread-safe). ``clock`` is for tests."""

    def __init__(self, oauth: OAuthSettings, *, clock: Callable[[], float] = time.time) -> None:
        self.oauth = oauth
        self.clock = clock
        self._lock = threading.Lock()
        self._token: AccessToken | None = None

    @property
    def current(self) -> AccessToken | None:
        """The token in memory (possibly stale), for a caller deciding when to re-authenticate."""
        return self._token

    def seed(self, token: AccessToken) -> None:
        """Keep the access token a sign-in just got, so that the first connection needs no refresh."""
        with self._lock:
            self._token = token

    def access_token(self, *, min_valid: float = 60.0) -> str:
        """A token good for at least ``min_valid`` more seconds (refreshed before it expires)."""
        with self._lock:
            now = self.clock()
            token = self._token
            if token is not None:
                margin = max(min_valid, min(REFRESH_MARGIN, token.lifetime / 5))
                if token.valid_for(now) > margin:
                    return token.value
            self._token = self._fetch(now)
            return self._token.value

    def invalidate(self, value: str) -> None:
        """A server refused ``value``: the next :meth:`access_token` fetches a new one."""
        with self._lock:
            if self._token is not None and self._token.value == value:
                self._token = None

    # -- grants ---------------------------------------------------------------------------------------------
    def _fetch(self, now: float) -> AccessToken:
        ends = endpoints(self.oauth)
        if self.oauth.flow == "client_credentials":
            return self._client_credentials(ends, now)
        if self.oauth.flow == "service_account":
            return self._service_account(ends, now)
        return self._refresh(ends, now)

    def _refresh(self, ends: Endpoints, now: float) -> AccessToken:
        oauth = self.oauth
        refresh = store.refresh_token(oauth)  # read again: another process may have rotated it
        if refresh is None:
            state = store.sign_in_state(oauth)
            raise SignInRequired(oauth.mailbox, state.reason or "nobody has signed in to this mailbox yet")
        try:
            with session(oauth, scope=ends.request_scopes(identity=False)) as client:
                answer = client.refresh_token(ends.token_url, refresh_token=refresh)
        except AuthlibError as exc:
            if exc.error in GRANT_REFUSED:
                reason = f"the provider refused the sign-in ({describe_error(exc)})"
                store.mark_refused(oauth, reason)
                log.warning("mailbox %s: %s; a person must sign in again", oauth.mailbox, reason)
                raise SignInRequired(oauth.mailbox, reason) from None
            raise OAuthError(f"mailbox {oauth.mailbox!r}: refreshing the access token failed: "
                             f"{describe_error(exc)}") from None
        except (requests.RequestException, ValueError) as exc:
            raise OAuthError(f"mailbox {oauth.mailbox!r}: refreshing the access token failed: "
                             f"{describe_error(exc)}") from None
        rotated = answer.get("refresh_token")
        if rotated and rotated != refresh:
            store.remember(oauth, str(rotated))
        log.debug("mailbox %s: access token refreshed", oauth.mailbox)
        return token_from_response(answer, now)

    def _client_credentials(self, ends: Endpoints, now: float) -> AccessToken:
        oauth = self.oauth
        if client_secret(oauth) is None:
            raise SignInRequired(oauth.mailbox, f"app-only access needs the client secret: store it in the OS "
                                 f"keyring under {oauth.client_secret_name!r} or name it with client_secret_env")
        try:
            with session(oauth, scope=" ".join(ends.scopes)) as client:
                answer = client.fetch_token(ends.token_url, grant_type="client_credentials")
        except AuthlibError as exc:
            if exc.error in GRANT_REFUSED:
                raise SignInRequired(oauth.mailbox, f"the provider refused the app's credentials "
                                     f"({describe_error(exc)})") from None
            raise OAuthError(f"mailbox {oauth.mailbox!r}: {describe_error(exc)}") from None
        except (requests.RequestException, ValueError) as exc:
            raise OAuthError(f"mailbox {oauth.mailbox!r}: {describe_error(exc)}") from None
        return token_from_response(answer, now)

    def _service_account(self, ends: Endpoints, now: float) -> AccessToken:
        """Google's JWT bearer grant (RFC 7523) with domain-wide delegation: ``sub`` is the mailbox's user."""
        from authlib.oauth2.rfc7523 import JWTBearerGrant
        from joserfc.jwk import RSAKey

        oauth = self.oauth
        assert oauth.service_account_file is not None
        try:
            key = json.loads(oauth.service_account_file.read_text(encoding="utf-8"))
            private_key, issuer = RSAKey.import_key(key["private_key"]), key["client_email"]
            token_uri = key.get("token_uri") or ends.token_url
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SignInRequired(oauth.mailbox, f"the service account key {oauth.service_account_file} cannot be "
                                 f"read ({exc.__class__.__name__})") from None
        assertion = JWTBearerGrant.sign(
            private_key, issuer=issuer, audience=token_uri, subject=oauth.user, issued_at=int(now),
            expires_at=int(now) + 3600, claims={"scope": " ".join(ends.scopes)}, header={"alg": "RS256"})
        try:
            response = requests.post(token_uri, data={"grant_type": JWT_BEARER, "assertion": assertion},
                                     timeout=HTTP_TIMEOUT)
            answer = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise OAuthError(f"mailbox {oauth.mailbox!r}: {describe_error(exc)}") from None
        if "error" in answer:
            raise SignInRequired(oauth.mailbox, f"the provider refused the service account ({answer['error']}"
                                 f"{': ' + str(answer.get('error_description')) if answer.get('error_description') else ''})")
        return token_from_response(answer, now)


_SOURCES: dict[tuple[str, ...], TokenSource] = {}
_SOURCES_LOCK = threading.Lock()


def token_source(oauth: OAuthSettings) -> TokenSource:
    """The process-wide token source of a mailbox (one per mailbox, client and flow)."""
    key = (oauth.mailbox, oauth.provider, oauth.client_id, oauth.flow, oauth.tenant, oauth.user)
    with _SOURCES_LOCK:
        source = _SOURCES.get(key)
        if source is None:
            source = _SOURCES[key] = TokenSource(oauth)
        return source


def forget_tokens(oauth: OAuthSettings | None = None) -> None:
    """Drop access tokens held in memory (one mailbox's, or all)."""
    with _SOURCES_LOCK:
        for key in [k for k in _SOURCES if oauth is None or k[0] == oauth.mailbox]:
            del _SOURCES[key]
