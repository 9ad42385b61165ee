"""A small OAuth 2.0 authorization server on loopback for tests (http.server in a thread of this process).

It speaks what agentdesk's sign-in uses, by the RFCs: OpenID discovery, the authorization endpoint (RFC 6749
4.1) with PKCE S256 (RFC 7636), the token endpoint for ``authorization_code``, ``refresh_token`` (rotating the
refresh token, the old one kept valid as Entra does), ``client_credentials``, the device code grant (RFC 8628)
and the JWT bearer grant (RFC 7523, the assertion's signature checked against a registered key), revocation
(RFC 7009) and introspection (RFC 7662, which Dovecot's oauth2 passdb asks). ``browser(url)`` is the test's
browser: it asks the authorization endpoint as the person ``approve_as`` and follows the redirect to the
application's loopback listener, as a real browser does.

Every token it issues starts with ``canary`` so that a test can search files, databases and logs for it.
Tests steer it: ``expire_access_tokens()`` (the server now refuses them), ``revoke_refresh_tokens()``,
``access_lifetime``, ``deny_next`` (the person refuses consent), ``approve_device(user_code)``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

CANARY = "cnry7Q"


@dataclass
class _Grant:
    user: str
    client_id: str
    scope: str
    refresh: str | None = None


@dataclass
class _Code:
    grant: _Grant
    challenge: str
    method: str
    redirect_uri: str


@dataclass
class _Device:
    grant_scope: str
    client_id: str
    user_code: str
    approved_as: str | None = None
    denied: bool = False
    polls: int = 0


@dataclass
class OAuthTestServer:
    """Start with :meth:`start` (or as a context manager); ``issuer`` is its base URL."""

    clients: dict[str, str | None] = field(default_factory=dict)  # client_id -> secret (None: public client)
    approve_as: str = "agent@example.com"
    approve_name: str = "Test Agent"
    access_lifetime: int = 3600
    deny_next: bool = False
    canary: str = CANARY
    #: service accounts: client_email -> public key (PEM) for the JWT bearer grant
    service_accounts: dict[str, bytes] = field(default_factory=dict)
    #: a real browser is used: /authorize shows a consent page with Sign in / Cancel (``python -m`` this module)
    interactive: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.codes: dict[str, _Code] = {}
        self.access: dict[str, tuple[_Grant, float]] = {}
        self.refresh: dict[str, _Grant] = {}
        self.devices: dict[str, _Device] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, form without secrets) seen
        self.introspections = 0
        self.every_token: list[str] = []  # every token ever issued, revoked or not (for a canary search)
        self._http: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------------------
    @property
    def issuer(self) -> str:
        assert self._http is not None
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    def start(self) -> OAuthTestServer:
        server = self

        class Handler(_Handler):
            oauth = server

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, name="oauth-test-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None

    def __enter__(self) -> OAuthTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what a test does ------------------------------------------------------------------------------------
    def browser(self, url: str) -> bool:
        """The person's browser: open the authorization URL, sign in, follow the redirect back (in a thread,
        as a real browser runs beside the application). Returns True like ``webbrowser.open``."""

        def run() -> None:
            answer = requests.get(url, allow_redirects=False, timeout=30)
            location = answer.headers.get("Location")
            if answer.status_code in (302, 303) and location:
                requests.get(location, timeout=30)

        threading.Thread(target=run, name="test-browser", daemon=True).start()
        return True

    def clicking_browser(self, decision: str = "allow") -> Callable[[str], bool]:
        """A browser for ``interactive`` mode: it opens the consent page, clicks Sign in (or Cancel) and follows
        the redirect, as a person does."""

        def open_url(url: str) -> bool:
            def run() -> None:
                page = requests.get(url, timeout=30).text
                fields = dict(re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page))
                fields = {html.unescape(k): html.unescape(v) for k, v in fields.items()}
                answer = requests.post(f"{self.issuer}/authorize", data={**fields, "decision": decision},
                                       allow_redirects=False, timeout=30)
                if answer.status_code in (302, 303):
                    requests.get(answer.headers["Location"], timeout=30)

            threading.Thread(target=run, name="test-browser", daemon=True).start()
            return True

        return open_url

    def approve_device(self, user_code: str, as_user: str | None = None, *, deny: bool = False) -> None:
        with self._lock:
            for device in self.devices.values():
                if device.user_code == user_code:
                    device.approved_as = as_user or self.approve_as
                    device.denied = deny
                    return
        raise KeyError(user_code)

    def expire_access_tokens(self) -> None:
        """Every access token issued so far is expired from now on (the client's clock does not know)."""
        with self._lock:
            self.access = {k: (g, 0.0) for k, (g, _exp) in self.access.items()}

    def revoke_refresh_tokens(self) -> None:
        """An administrator revoked the sign-ins: refresh tokens are refused (``invalid_grant``)."""
        with self._lock:
            self.refresh.clear()
            self.access.clear()

    def check(self, user: str, token: str) -> bool:
        """Is ``token`` an unexpired access token of ``user``? (what an SMTP server asks)"""
        with self._lock:
            self.introspections += 1
            found = self.access.get(token)
        return found is not None and found[1] >= time.time() and found[0].user == user

    def refreshes(self) -> int:
        return sum(1 for path, form in self.requests if path == "/token" and form.get("grant_type") == "refresh_token")

    def issued(self) -> list[str]:
        """Every access and refresh token issued (for a canary search)."""
        with self._lock:
            return [*self.access, *self.refresh]

    # -- internals -------------------------------------------------------------------------------------------
    def _token(self, kind: str) -> str:
        token = f"{self.canary}{kind}{secrets.token_urlsafe(24)}"
        self.every_token.append(token)
        return token

    def _id_token(self, user: str, name: str, client_id: str) -> str:
        def part(obj: dict[str, Any]) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

        now = int(time.time())
        claims = {"iss": self.issuer, "sub": hashlib.sha256(user.encode()).hexdigest()[:16], "aud": client_id,
                  "iat": now, "exp": now + 3600, "email": user, "name": name, "preferred_username": user}
        return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.{part({'sig': 'test'})}"

    def _issue(self, grant: _Grant, *, refresh: bool, id_token: bool, name: str = "") -> dict[str, Any]:
        access = self._token("AT")
        self.access[access] = (grant, time.time() + self.access_lifetime)
        out: dict[str, Any] = {"access_token": access, "token_type": "Bearer", "expires_in": self.access_lifetime,
                               "scope": grant.scope}
        if refresh:
            token = self._token("RT")
            grant.refresh = token
            self.refresh[token] = grant
            out["refresh_token"] = token
        if id_token and "openid" in grant.scope.split():
            out["id_token"] = self._id_token(grant.user, name or self.approve_name, grant.client_id)
        return out

    def _client_ok(self, form: dict[str, str], auth: str | None) -> str | None:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if auth and auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        if client_id not in self.clients:
            return None
        expected = self.clients[client_id]
        if expected is not None and secret != expected:
            return None
        return client_id

    def token_endpoint(self, form: dict[str, str], auth: str | None) -> tuple[int, dict[str, Any]]:
        grant_type = form.get("grant_type", "")
        if grant_type == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self._jwt_bearer(form)
        client_id = self._client_ok(form, auth)
        if client_id is None:
            return 401, {"error": "invalid_client"}
        with self._lock:
            if grant_type == "authorization_code":
                code = self.codes.pop(form.get("code", ""), None)
                if code is None or code.grant.client_id != client_id:
                    return 400, {"error": "invalid_grant", "error_description": "unknown or used code"}
                if form.get("redirect_uri") != code.redirect_uri:
                    return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
                verifier = form.get("code_verifier", "")
                digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
                if code.method != "S256" or digest != code.challenge:
                    return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
                return 200, self._issue(code.grant, refresh=True, id_token=True)
            if grant_type == "refresh_token":
                grant = self.refresh.get(form.get("refresh_token", ""))
                if grant is None or grant.client_id != client_id:
                    return 400, {"error": "invalid_grant", "error_description": "the refresh token was revoked"}
                return 200, self._issue(grant, refresh=True, id_token=False)
            if grant_type == "client_credentials":
                if self.clients.get(client_id) is None:
                    return 401, {"error": "unauthorized_client"}
                return 200, self._issue(_Grant(f"app:{client_id}", client_id, form.get("scope", "")),
                                        refresh=False, id_token=False)
            if grant_type == "urn:ietf:params:oauth:grant-type:device_code":
                device = self.devices.get(form.get("device_code", ""))
                if device is None:
                    return 400, {"error": "expired_token"}
                device.polls += 1
                if device.denied:
                    return 400, {"error": "access_denied"}
                if device.approved_as is None:
                    return 400, {"error": "authorization_pending"}
                del self.devices[form["device_code"]]
                return 200, self._issue(_Grant(device.approved_as, client_id, device.grant_scope), refresh=True,
                                        id_token=True)
        return 400, {"error": "unsupported_grant_type"}

    def _jwt_bearer(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        from joserfc import jwt
        from joserfc.errors import JoseError
        from joserfc.jwk import RSAKey

        assertion = form.get("assertion", "")
        try:
            unverified = json.loads(base64.urlsafe_b64decode(assertion.split(".")[1] + "=="))
            key = RSAKey.import_key(self.service_accounts[unverified["iss"]])
            claims = jwt.decode(assertion, key, algorithms=["RS256"]).claims
            jwt.JWTClaimsRegistry(exp={"essential": True}).validate(claims)
        except (KeyError, ValueError, IndexError, JoseError):
            return 400, {"error": "invalid_grant", "error_description": "bad assertion"}
        if claims.get("aud") != f"{self.issuer}/token":
            return 400, {"error": "invalid_grant", "error_description": "wrong audience"}
        with self._lock:
            return 200, self._issue(_Grant(str(claims["sub"]), str(claims["iss"]), str(claims.get("scope", ""))),
                                    refresh=False, id_token=False)

    def metadata(self) -> dict[str, Any]:
        base = self.issuer
        return {"issuer": base, "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
                "device_authorization_endpoint": f"{base}/device", "revocation_endpoint": f"{base}/revoke",
                "introspection_endpoint": f"{base}/introspect", "scopes_supported": ["openid", "email",
                                                                                     "offline_access", "mail"],
                "code_challenge_methods_supported": ["S256"]}


class _Handler(BaseHTTPRequestHandler):
    oauth: OAuthTestServer

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body or {}).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        return {k: v[0] for k, v in parse_qs(raw).items()}

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        server = self.oauth
        if parts.path in ("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"):
            self._send(200, server.metadata())
            return
        if parts.path != "/authorize":
            self._send(404, {"error": "not_found"})
            return
        if server.interactive:  # a real browser: show the consent page, the person clicks
            self._page(query)
            return
        self._authorize(query)

    def _page(self, query: dict[str, str]) -> None:
        server = self.oauth
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                         for k, v in query.items())
        body = (f"<!doctype html><html><head><meta charset='utf-8'><title>Test provider</title></head>"
                f"<body style='font-family:sans-serif;margin:3em'><h1>agentdesk test provider / テスト プロバイダー</h1>"
                f"<p>{html.escape(query.get('client_id', ''))} asks for: {html.escape(query.get('scope', ''))}</p>"
                f"<form method='post' action='/authorize'>{hidden}"
                f"<p><button name='decision' value='allow'>Sign in as {html.escape(server.approve_as)} / "
                f"サインイン</button> <button name='decision' value='deny'>Cancel / キャンセル</button></p>"
                f"</form></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorize(self, query: dict[str, str]) -> None:
        server = self.oauth
        server.requests.append(("/authorize", {k: v for k, v in query.items() if k != "code_verifier"}))
        redirect = query.get("redirect_uri", "")
        if query.get("client_id") not in server.clients or not redirect.startswith(("http://127.0.0.1:",
                                                                                    "http://localhost:")):
            self._send(400, {"error": "invalid_request"})
            return
        state = query.get("state", "")
        if server.deny_next or query.get("decision") == "deny":
            server.deny_next = False
            target = redirect + "?" + urlencode({"error": "access_denied", "error_description": "the user declined",
                                                 "state": state})
        elif query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            target = redirect + "?" + urlencode({"error": "invalid_request", "state": state,
                                                 "error_description": "PKCE is required"})
        else:
            code = secrets.token_urlsafe(16)
            with server._lock:
                server.codes[code] = _Code(_Grant(server.approve_as, query["client_id"], query.get("scope", "")),
                                           query["code_challenge"], query["code_challenge_method"], redirect)
            target = redirect + "?" + urlencode({"code": code, "state": state})
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        server = self.oauth
        form = self._form()
        path = urlsplit(self.path).path
        if path == "/authorize":  # the consent page's form
            self._authorize(form)
            return
        server.requests.append((path, {k: v for k, v in form.items() if k == "grant_type"}))
        if path == "/token":
            status, body = server.token_endpoint(form, self.headers.get("Authorization"))
            self._send(status, body)
        elif path == "/device":
            if form.get("client_id") not in server.clients:
                self._send(401, {"error": "invalid_client"})
                return
            device_code = secrets.token_urlsafe(24)
            user_code = f"{secrets.randbelow(10**4):04d}-{secrets.randbelow(10**4):04d}"
            with server._lock:
                server.devices[device_code] = _Device(form.get("scope", ""), form["client_id"], user_code)
            self._send(200, {"device_code": device_code, "user_code": user_code,
                             "verification_uri": f"{server.issuer}/device-login", "expires_in": 600, "interval": 1})
        elif path == "/revoke":
            token = form.get("token", "")
            with server._lock:
                grant = server.refresh.pop(token, None)
                if grant is not None:
                    server.access = {k: v for k, v in server.access.items() if v[0] is not grant}
                server.access.pop(token, None)
            self._send(200, {})
        elif path == "/introspect":
            token = form.get("token", "")
            with server._lock:
                server.introspections += 1
                found = server.access.get(token)
            if found is None or found[1] < time.time():
                self._send(200, {"active": False})
                return
            grant, expires = found
            self._send(200, {"active": True, "username": grant.user, "client_id": grant.client_id,
                             "scope": grant.scope, "exp": int(expires)})
        else:
            self._send(404, {"error": "not_found"})


def main() -> None:
    """``python -m tests.support.oauth_server [--client-id ID] [--user ADDRESS]``: run the provider for a person
    to try the desktop's browser sign-in (a consent page with Sign in / Cancel); prints its issuer URL."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--client-id", default="agentdesk-test")
    parser.add_argument("--user", default="agent@example.com", help="who signs in")
    args = parser.parse_args()
    server = OAuthTestServer(clients={args.client_id: None}, approve_as=args.user, interactive=True).start()
    print(f"issuer = \"{server.issuer}\"  (client_id = \"{args.client_id}\", signs in as {args.user}); Ctrl-C stops",
          flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
