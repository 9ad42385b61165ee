"""A person signs a mailbox in: in the system browser (authorization code + PKCE, loopback redirect, RFC 8252)
or, for a headless router, with the device code flow (RFC 8628).

Both end in :class:`SignedIn` (who signed in) after keeping the refresh token in the OS keyring and handing the
access token to the mailbox's :class:`~agentdesk.mail.oauth.tokens.TokenSource` (``remember=False`` keeps
nothing, for a "Test connection" before the settings are saved — then pass the result to :func:`keep`).

``sign_in_with_browser`` blocks until the browser comes back (run it off the GUI thread); it listens on
127.0.0.1 at a port the system picks, for one request only, and checks ``state``. ``cancel`` (a
``threading.Event``) stops the wait. The ID token, received straight from the token endpoint over TLS, is read
only for who signed in (OpenID Connect Core 3.1.3.7 lets such a token go without a signature check).
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import logging
import secrets
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from authlib.integrations.requests_client import OAuthError as AuthlibError

from agentdesk.config.oauth import PERSON_FLOWS, OAuthSettings
from agentdesk.mail.oauth import store
from agentdesk.mail.oauth.errors import OAuthError, ProviderError, SignInCancelled
from agentdesk.mail.oauth.providers import HTTP_TIMEOUT, endpoints
from agentdesk.mail.oauth.tokens import (
    AccessToken,
    client_secret,
    describe_error,
    session,
    token_from_response,
    token_source,
)

log = logging.getLogger(__name__)

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"

#: what the browser shows after the redirect (English and Japanese: the page is outside the app's translations)
_DONE_PAGE = ("<!doctype html><html><head><meta charset='utf-8'><title>agentdesk</title></head><body style="
              "'font-family:sans-serif;margin:3em'><h1>{title}</h1><p>{text}</p></body></html>")
_DONE = ("Signed in", "You can close this window and go back to agentdesk. / サインインしました。"
         "このウィンドウを閉じて agentdesk に戻ってください。")
_FAILED = ("Sign-in failed", "agentdesk was not signed in: {reason} / サインインできませんでした: {reason}")


@dataclass(frozen=True)
class SignedIn:
    """Who signed in (``account``: their sign-in name or address; ``name``: their display name)."""

    account: str
    name: str
    access_token: AccessToken = field(repr=False)
    refresh_token: str | None = field(repr=False, default=None)


def _claims(id_token: str | None) -> dict[str, Any]:
    if not id_token or id_token.count(".") != 2:
        return {}
    payload = id_token.split(".")[1]
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _signed_in(answer: Any, now: float) -> SignedIn:
    claims = _claims(answer.get("id_token"))
    account = str(claims.get("email") or claims.get("preferred_username") or claims.get("upn")
                  or claims.get("sub") or "")
    return SignedIn(account=account, name=str(claims.get("name") or ""),
                    access_token=token_from_response(answer, now),
                    refresh_token=answer.get("refresh_token") or None)


def keep(oauth: OAuthSettings, signed_in: SignedIn) -> None:
    """Keep a sign-in: the refresh token in the keyring, the access token in this process's memory."""
    if signed_in.refresh_token is None:
        raise OAuthError(f"mailbox {oauth.mailbox!r}: the provider gave no refresh token, so agentdesk could not "
                         "stay signed in (Microsoft: the offline_access permission; Google: the consent screen)")
    store.remember(oauth, signed_in.refresh_token, account=signed_in.account or oauth.user,
                   name=signed_in.name)
    token_source(oauth).seed(signed_in.access_token)


# -- the browser -------------------------------------------------------------------------------------------------

class _Redirect(BaseHTTPRequestHandler):
    server: _OneShot

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path != "/" or not ({"code", "error"} & query.keys()):
            self.send_error(404)
            return
        self.server.answer = query
        ok = "code" in query and query.get("state") == self.server.state
        title, text = _DONE if ok else _FAILED
        reason = html.escape(query.get("error_description") or query.get("error") or "the answer did not match")
        body = _DONE_PAGE.format(title=title, text=text.format(reason=reason)).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
        self.server.done.set()

    def log_message(self, format: str, *args: Any) -> None:  # the query holds the code: never log it
        return


class _OneShot(HTTPServer):
    def __init__(self, state: str) -> None:
        super().__init__(("127.0.0.1", 0), _Redirect)
        self.state = state
        self.answer: dict[str, str] | None = None
        self.done = threading.Event()


def sign_in_with_browser(oauth: OAuthSettings, *, open_browser: Callable[[str], Any] = webbrowser.open,
                         timeout: float = 300.0, cancel: threading.Event | None = None,
                         remember: bool = True, login_hint: str | None = None) -> SignedIn:
    """Sign in in the system browser (authorization code + PKCE S256 on ``http://127.0.0.1:PORT``, or
    ``http://localhost:PORT`` for Microsoft, whose desktop registration names ``http://localhost``).

    Raises :class:`SignInCancelled` (refused, cancelled, timed out), :class:`ProviderError` or
    :class:`OAuthError`."""
    if oauth.flow not in PERSON_FLOWS:
        raise OAuthError(f"mailbox {oauth.mailbox!r} uses app-only access ({oauth.flow}): no person signs in")
    ends = endpoints(oauth)
    if not ends.authorization_url:
        raise ProviderError(f"mailbox {oauth.mailbox!r}: the provider names no authorization endpoint")
    if oauth.provider == "google" and client_secret(oauth) is None:
        raise OAuthError(f"mailbox {oauth.mailbox!r}: Google asks for the client secret of the Desktop app client: "
                         f"store it in the OS keyring under {oauth.client_secret_name!r} (service 'agentdesk') or "
                         "name it with client_secret_env (docs/oauth.md)")
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(64)
    server = _OneShot(state)
    # no path, as registered ("http://localhost" at Entra; Entra and Google ignore a loopback port)
    redirect_uri = f"http://{ends.redirect_host}:{server.server_address[1]}"
    thread = threading.Thread(target=_serve, args=(server, cancel, timeout), name="oauth-redirect", daemon=True)
    try:
        with session(oauth, scope=ends.request_scopes(), redirect_uri=redirect_uri,
                     code_challenge_method="S256") as client:
            extra = dict(ends.authorize_params)
            if login_hint or oauth.user:
                extra["login_hint"] = login_hint or oauth.user
            url, _ = client.create_authorization_url(ends.authorization_url, state=state, code_verifier=verifier,
                                                     **extra)
            thread.start()
            if not open_browser(url):
                log.info("the browser did not confirm it opened the sign-in page")
            thread.join()
            answer = server.answer
            if answer is None:
                raise SignInCancelled("the sign-in was cancelled" if cancel is not None and cancel.is_set()
                                      else f"no answer from the browser within {timeout:.0f} seconds")
            if "error" in answer:
                words = answer.get("error_description") or answer["error"]
                raise SignInCancelled(f"the provider did not sign you in: {words}")
            if answer.get("state") != state:
                raise OAuthError("the browser's answer does not belong to this sign-in (state differs)")
            now = time.time()
            try:
                token = client.fetch_token(ends.token_url, grant_type="authorization_code", code=answer["code"],
                                           code_verifier=verifier, redirect_uri=redirect_uri)
            except AuthlibError as exc:
                raise OAuthError(f"the provider refused the sign-in: {describe_error(exc)}") from None
            except (requests.RequestException, ValueError) as exc:
                raise OAuthError(f"the sign-in could not be finished: {describe_error(exc)}") from None
    finally:
        server.done.set()
        server.server_close()
    signed = _signed_in(token, now)
    if remember:
        keep(oauth, signed)
    return signed


def _serve(server: _OneShot, cancel: threading.Event | None, timeout: float) -> None:
    server.timeout = 0.2
    deadline = time.monotonic() + timeout
    while not server.done.is_set() and time.monotonic() < deadline and not (cancel and cancel.is_set()):
        with contextlib.suppress(OSError):
            server.handle_request()


# -- the device code ------------------------------------------------------------------------------------------

@dataclass
class DeviceSignIn:
    """A device code sign-in under way: show ``verification_uri`` and ``user_code``, then call :meth:`wait`."""

    oauth: OAuthSettings
    user_code: str
    verification_uri: str
    verification_uri_complete: str | None
    expires_in: float
    interval: float
    message: str
    _device_code: str = field(repr=False, default="")

    def wait(self, *, cancel: threading.Event | None = None, remember: bool = True,
             sleep: Callable[[float], None] = time.sleep) -> SignedIn:
        """Poll the token endpoint until the person has signed in (RFC 8628 3.4/3.5: ``slow_down`` adds 5 s)."""
        ends = endpoints(self.oauth)
        deadline = time.monotonic() + self.expires_in
        interval = self.interval
        with session(self.oauth) as client:
            while True:
                if cancel is not None and cancel.is_set():
                    raise SignInCancelled("the sign-in was cancelled")
                if time.monotonic() > deadline:
                    raise SignInCancelled("the code expired before anyone signed in: start again")
                now = time.time()
                try:
                    token = client.fetch_token(ends.token_url, grant_type=DEVICE_GRANT,
                                               device_code=self._device_code)
                    break
                except AuthlibError as exc:
                    if exc.error == "authorization_pending":
                        pass
                    elif exc.error == "slow_down":
                        interval += 5
                    elif exc.error in ("access_denied", "authorization_declined", "expired_token", "bad_verification_code"):
                        raise SignInCancelled(f"the provider did not sign you in: {describe_error(exc)}") from None
                    else:
                        raise OAuthError(f"the provider refused the sign-in: {describe_error(exc)}") from None
                except (requests.RequestException, ValueError) as exc:
                    raise OAuthError(f"the sign-in could not be finished: {describe_error(exc)}") from None
                sleep(interval)
        signed = _signed_in(token, now)
        if remember:
            keep(self.oauth, signed)
        return signed


def start_device_sign_in(oauth: OAuthSettings) -> DeviceSignIn:
    """Ask the provider for a device code (RFC 8628 3.1); the person then signs in on any device."""
    ends = endpoints(oauth)
    if not ends.device_url:
        raise ProviderError(f"mailbox {oauth.mailbox!r}: {oauth.provider} offers no device code sign-in for mail"
                            + (" (Google: use flow = \"service_account\" for the router)"
                               if oauth.provider == "google" else ""))
    data = {"client_id": oauth.client_id, "scope": ends.request_scopes()}
    secret = client_secret(oauth)
    if secret:
        data["client_secret"] = secret
    try:
        response = requests.post(ends.device_url, data=data, timeout=HTTP_TIMEOUT)
        answer = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderError(f"the device code could not be had: {describe_error(exc)}") from None
    if response.status_code != 200 or "device_code" not in answer:
        words = answer.get("error_description") or answer.get("error") or f"HTTP {response.status_code}"
        raise OAuthError(f"the provider refused the device code request: {words}")
    uri = answer.get("verification_uri") or answer.get("verification_url") or ""
    return DeviceSignIn(
        oauth=oauth, user_code=str(answer["user_code"]), verification_uri=str(uri),
        verification_uri_complete=answer.get("verification_uri_complete"),
        expires_in=float(answer.get("expires_in") or 900), interval=float(answer.get("interval") or 5),
        message=str(answer.get("message") or ""), _device_code=str(answer["device_code"]))


def sign_out(oauth: OAuthSettings) -> None:
    """Forget the mailbox's sign-in on this machine, and revoke the refresh token where the provider can."""
    from agentdesk.mail.oauth.tokens import forget_tokens

    refresh = store.refresh_token(oauth)
    ends = endpoints(oauth)
    if refresh and ends.revocation_url:
        try:
            with session(oauth) as client:
                client.revoke_token(ends.revocation_url, token=refresh, token_type_hint="refresh_token")
        except (AuthlibError, requests.RequestException) as exc:
            log.warning("mailbox %s: the provider could not be told to revoke the sign-in: %s", oauth.mailbox,
                        describe_error(exc))
    store.forget(oauth)
    forget_tokens(oauth)
