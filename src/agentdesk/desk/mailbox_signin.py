"""A person signs a mailbox in with OAuth 2.0 from the desktop (the setup assistant, "Sign in again"): headless.

The GUI never speaks to :mod:`agentdesk.mail.oauth` itself (the layer rule); this module is what it calls, on a
worker thread:

* :func:`browser_sign_in` — first asks the provider's token endpoint whether it knows the client ID (a wrong client
  ID or tenant is then said plainly in the application, instead of only on the provider's page in the browser),
  then runs the authorization code flow with PKCE on a loopback redirect
  (:func:`agentdesk.mail.oauth.sign_in_with_browser`), telling ``shown(url, opened)`` the address it gave the
  browser and whether the browser confirmed it opened — so the GUI can offer the address to copy;
* :func:`check_imap_oauth` / :func:`check_smtp_oauth` — "Test connection" with the token just obtained;
* :func:`keep_sign_in`, :func:`mailbox_sign_in_state`, :func:`send_waiting_now`'s helpers for "Sign in again".
"""

from __future__ import annotations

import logging
import threading
import webbrowser
from collections.abc import Callable
from typing import Any

import requests

from agentdesk.config.oauth import OAuthSettings
from agentdesk.config.secrets import set_secret
from agentdesk.mail.oauth import (
    OAuthError,
    ProviderError,
    ServerRefusedToken,
    SignedIn,
    SignInCancelled,
    SignInRequired,
    SignInState,
    endpoints,
    imap_login,
    keep,
    sign_in_state,
    sign_in_with_browser,
    smtp_login,
    token_source,
)
from agentdesk.mail.oauth.providers import HTTP_TIMEOUT
from agentdesk.mail.oauth.tokens import client_secret

log = logging.getLogger(__name__)

__all__ = [
    "ClientRefused", "OAuthError", "ProviderError", "ServerRefusedToken", "SignInCancelled", "SignInRequired",
    "SignInState", "SignedIn", "browser_sign_in", "check_client", "imap_oauth_login", "keep_sign_in",
    "mailbox_sign_in_state", "smtp_oauth_login",
]

#: how long the desktop waits for the person to finish in the browser (seconds)
SIGN_IN_TIMEOUT = 300.0

#: the provider's answers to a token request that mean "this application is not known here"
_CLIENT_ERRORS = ("invalid_client", "unauthorized_client")


class ClientRefused(OAuthError):
    """The provider does not know the client ID (or the tenant): the administrator's registration is needed.
    ``what`` is "client" or "tenant", ``words`` the provider's own."""

    def __init__(self, message: str, *, what: str = "client", words: str = "") -> None:
        super().__init__(message)
        self.what = what
        self.words = words


def check_client(oauth: OAuthSettings) -> None:
    """Ask the token endpoint about a made-up authorization code: a provider that knows the client answers
    ``invalid_grant`` (the code), one that does not answers ``invalid_client`` / ``unauthorized_client``
    (RFC 6749 5.2: the client is checked first). Nothing is issued. Raises :class:`ClientRefused` or
    :class:`ProviderError` (the provider cannot be reached or found)."""
    ends = endpoints(oauth)
    form = {"grant_type": "authorization_code", "code": "agentdesk-client-check", "client_id": oauth.client_id,
            "redirect_uri": f"http://{ends.redirect_host}/", "code_verifier": "0" * 43}
    try:
        secret = client_secret(oauth)
    except Exception:  # a missing environment variable is said by the sign-in itself
        secret = None
    if secret:
        form["client_secret"] = secret
    try:
        answer = requests.post(ends.token_url, data=form, timeout=HTTP_TIMEOUT)
    except requests.RequestException as exc:
        raise ProviderError(f"the provider cannot be reached at {ends.token_url} ({exc.__class__.__name__})") \
            from None
    try:
        body: Any = answer.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    error = str(body.get("error") or "")
    words = str(body.get("error_description") or error or f"HTTP {answer.status_code}")
    words = " ".join(words.split())
    if error in _CLIENT_ERRORS:
        raise ClientRefused(f"the provider does not accept the client ID {oauth.client_id!r}"
                            f"{' or its secret' if secret else ''}: {words}", what="secret" if secret else "client",
                            words=words)
    if "AADSTS90002" in words or "AADSTS900023" in words:  # Entra: no such tenant / a malformed one
        raise ClientRefused(f"the provider does not know the tenant {oauth.tenant!r}: {words}", what="tenant",
                            words=words)


def browser_sign_in(oauth: OAuthSettings, *, shown: Callable[[str, bool], None],
                    cancel: threading.Event | None = None, timeout: float = SIGN_IN_TIMEOUT,
                    open_browser: Callable[[str], Any] | None = None, check: bool = True,
                    client_secret_value: str | None = None) -> SignedIn:
    """Sign in in the system browser; keeps nothing (pass the result to :func:`keep_sign_in`). The access token
    is handed to the mailbox's token source so that "Test connection" can use it at once.

    ``shown(url, opened)`` is called (on this thread) once the browser was asked to open ``url``. Raises
    :class:`ClientRefused`, :class:`SignInCancelled` (cancelled, refused consent, timed out),
    :class:`ProviderError` or :class:`OAuthError`; messages are English and carry no token.
    ``client_secret_value`` (a Google desktop client's "secret", which Google's token endpoint asks for) is kept
    in the keyring entry the sign-in reads it from."""
    if client_secret_value:
        set_secret(oauth.client_secret_name, client_secret_value)
    if check:
        check_client(oauth)
    opener = open_browser or webbrowser.open

    def open_and_tell(url: str) -> bool:
        try:
            opened = bool(opener(url))
        except Exception as exc:  # webbrowser.Error, a browser that cannot start
            log.info("the browser could not be started: %s", exc.__class__.__name__)
            opened = False
        shown(url, opened)
        return opened

    signed = sign_in_with_browser(oauth, open_browser=open_and_tell, timeout=timeout, cancel=cancel,
                                  remember=False)
    token_source(oauth).seed(signed.access_token)
    return signed


def keep_sign_in(oauth: OAuthSettings, signed: SignedIn) -> None:
    """Keep the sign-in: the refresh token in the OS keyring, the access token in this process's memory."""
    keep(oauth, signed)


def mailbox_sign_in_state(oauth: OAuthSettings) -> SignInState:
    """Signed in, signed out or "sign in again" (from the keyring; no network)."""
    return sign_in_state(oauth)


def imap_oauth_login(client: Any, oauth: OAuthSettings, *, host: str, port: int) -> str:
    """Sign ``client`` (an IMAPClient) in with the mailbox's access token (SASL OAUTHBEARER or XOAUTH2)."""
    return imap_login(client, token_source(oauth), host=host, port=port, where=f"{host}:{port}")


def smtp_oauth_login(client: Any, oauth: OAuthSettings, *, host: str, port: int) -> str:
    """Sign ``client`` (an smtplib.SMTP) in with the mailbox's access token."""
    return smtp_login(client, token_source(oauth), host=host, port=port, where=f"{host}:{port}")
