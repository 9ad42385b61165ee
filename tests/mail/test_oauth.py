"""OAuth 2.0 sign-in against a real authorization server on loopback (tests/support/oauth_server.py).

The browser flow (PKCE, loopback redirect) is driven by the test's browser, which follows the redirect to the
one-shot listener; the device code, refresh, rotation, revocation, client credentials and JWT bearer grants go
over HTTP to the same server. Only the keyring is a test backend.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from agentdesk.config.mailboxes import parse_mailbox
from agentdesk.config.oauth import OAuthSettings
from agentdesk.config.secrets import get_secret, set_secret
from agentdesk.config.settings import ConfigError
from agentdesk.mail.oauth import (
    OAuthError,
    SignInCancelled,
    SignInRequired,
    TokenSource,
    endpoints,
    forget_tokens,
    sign_in_state,
    sign_in_with_browser,
    sign_out,
    start_device_sign_in,
    token_source,
)
from agentdesk.mail.oauth.sasl import oauthbearer, xoauth2
from tests.support.oauth_server import OAuthTestServer


@pytest.fixture
def server() -> Iterator[OAuthTestServer]:
    with OAuthTestServer(clients={"desk-app": None, "router-app": "s3cret-router"}) as running:
        yield running


def settings(server: OAuthTestServer, **extra: object) -> OAuthSettings:
    values: dict[str, object] = {"mailbox": f"mb-{uuid.uuid4().hex[:8]}", "provider": "generic",
                                 "client_id": "desk-app", "user": "agent@example.com", "issuer": server.issuer,
                                 "scopes": ("mail", "offline_access")}
    values.update(extra)
    oauth = OAuthSettings(**values)  # type: ignore[arg-type]
    forget_tokens(oauth)
    return oauth


def test_browser_sign_in_with_pkce_keeps_the_refresh_token_in_the_keyring_only(server: OAuthTestServer) -> None:
    oauth = settings(server)
    signed = sign_in_with_browser(oauth, open_browser=server.browser, timeout=30)
    assert (signed.account, signed.name) == ("agent@example.com", "Test Agent")
    _path, query = next(r for r in server.requests if r[0] == "/authorize")
    assert query["code_challenge_method"] == "S256" and query["redirect_uri"].startswith("http://127.0.0.1:")
    assert "openid" in query["scope"].split() and query["login_hint"] == "agent@example.com"
    state = sign_in_state(oauth)
    assert (state.state, state.account, state.needs_sign_in) == ("signed_in", "agent@example.com", False)
    stored = get_secret(oauth.secret_name) or ""
    assert signed.refresh_token in stored and signed.access_token.value not in stored  # access: memory only
    # the first connection needs no refresh: the sign-in's access token is kept in memory
    assert token_source(oauth).access_token() == signed.access_token.value
    assert [p for p, form in server.requests if form.get("grant_type") == "refresh_token"] == []


def test_a_refused_consent_is_a_clear_cancellation(server: OAuthTestServer) -> None:
    server.deny_next = True
    with pytest.raises(SignInCancelled, match="the user declined"):
        sign_in_with_browser(settings(server), open_browser=server.browser, timeout=30)


def test_cancel_stops_the_wait_for_the_browser(server: OAuthTestServer) -> None:
    cancel = threading.Event()
    with pytest.raises(SignInCancelled, match="cancelled"):
        sign_in_with_browser(settings(server), open_browser=lambda url: cancel.set() or True, timeout=30,
                             cancel=cancel)


def test_access_tokens_are_refreshed_before_they_expire_and_rotation_is_kept(server: OAuthTestServer) -> None:
    oauth = settings(server)
    server.access_lifetime = 600
    signed = sign_in_with_browser(oauth, open_browser=server.browser, timeout=30)
    now = [signed.access_token.expires_at - 600]
    source = TokenSource(oauth, clock=lambda: now[0])
    source.seed(signed.access_token)
    assert source.access_token() == signed.access_token.value
    now[0] += 600 - 119  # a fifth of the lifetime (120 s) is left: refreshed ahead of time
    fresh = source.access_token()
    assert fresh != signed.access_token.value
    assert signed.refresh_token not in (get_secret(oauth.secret_name) or "")  # the rotated one replaced it
    source.invalidate(fresh)  # a server refused it: a new one at the next ask
    assert source.access_token() not in (fresh, signed.access_token.value)


def test_a_revoked_refresh_token_gives_the_sign_in_again_state(server: OAuthTestServer) -> None:
    oauth = settings(server)
    sign_in_with_browser(oauth, open_browser=server.browser, timeout=30)
    server.revoke_refresh_tokens()
    source = TokenSource(oauth)
    with pytest.raises(SignInRequired, match=r"sign in again.*invalid_grant") as caught:
        source.access_token()
    assert caught.value.mailbox == oauth.mailbox
    state = sign_in_state(oauth)
    assert state.needs_sign_in and state.state == "refused" and state.account == "agent@example.com"
    with pytest.raises(SignInRequired):  # without asking the provider again
        TokenSource(oauth).access_token()
    sign_in_with_browser(oauth, open_browser=server.browser, timeout=30)  # signing in again mends it
    assert sign_in_state(oauth).state == "signed_in"
    assert TokenSource(oauth).access_token().startswith(server.canary)


def test_nobody_signed_in_yet(server: OAuthTestServer) -> None:
    oauth = settings(server)
    assert sign_in_state(oauth).state == "signed_out"
    with pytest.raises(SignInRequired, match="nobody has signed in"):
        TokenSource(oauth).access_token()


def test_device_code_sign_in(server: OAuthTestServer) -> None:
    oauth = settings(server, flow="device")
    device = start_device_sign_in(oauth)
    assert device.verification_uri.endswith("/device-login") and device.user_code
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 2:
            server.approve_device(device.user_code, "router-admin@example.com")

    signed = device.wait(sleep=sleep)
    assert signed.account == "router-admin@example.com" and pauses == [1.0, 1.0]
    assert sign_in_state(oauth).account == "router-admin@example.com"


def test_device_code_refused(server: OAuthTestServer) -> None:
    device = start_device_sign_in(settings(server, flow="device"))
    server.approve_device(device.user_code, deny=True)
    with pytest.raises(SignInCancelled, match="access_denied"):
        device.wait(sleep=lambda s: None)


def test_client_credentials_from_the_environment_and_the_keyring(server: OAuthTestServer,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROUTER_SECRET_18A", "s3cret-router")
    oauth = settings(server, client_id="router-app", flow="client_credentials", client_secret_env="ROUTER_SECRET_18A")
    assert TokenSource(oauth).access_token().startswith(server.canary)
    assert sign_in_state(oauth).state == "app_only"
    other = settings(server, client_id="router-app", flow="client_credentials")
    with pytest.raises(SignInRequired, match="client secret"):
        TokenSource(other).access_token()
    set_secret(other.client_secret_name, "wrong")
    with pytest.raises(SignInRequired, match="invalid_client"):
        TokenSource(other).access_token()


def test_service_account_jwt_bearer(server: OAuthTestServer, tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    server.service_accounts["router@project.iam.example"] = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    key_file = tmp_path / "sa.json"
    key_file.write_text(f'{{"client_email": "router@project.iam.example", "private_key": {pem!r}}}'.replace("'", '"'))
    oauth = settings(server, flow="service_account", service_account_file=key_file, user="shared@example.com",
                     token_url=f"{server.issuer}/token")
    token = TokenSource(oauth).access_token()
    assert server.access[token][0].user == "shared@example.com"  # sub: domain-wide delegation to the mailbox


def test_sign_out_revokes_and_forgets(server: OAuthTestServer) -> None:
    oauth = settings(server)
    signed = sign_in_with_browser(oauth, open_browser=server.browser, timeout=30)
    sign_out(oauth)
    assert signed.refresh_token not in server.refresh
    assert sign_in_state(oauth).state == "signed_out"


def test_presets_are_the_documented_endpoints_and_scopes() -> None:
    ms = OAuthSettings(mailbox="m", provider="microsoft", client_id="c", user="u@contoso.example",
                       tenant="contoso.onmicrosoft.com")
    ends = endpoints(ms)
    assert ends.authorization_url == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"
    assert ends.token_url == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
    assert ends.device_url == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/devicecode"
    assert ends.scopes == ("https://outlook.office.com/IMAP.AccessAsUser.All",
                           "https://outlook.office.com/SMTP.Send", "offline_access")
    app = endpoints(OAuthSettings(mailbox="m", provider="microsoft", client_id="c", user="u",
                                  flow="client_credentials"))
    assert app.scopes == ("https://outlook.office365.com/.default",) and app.identity_scopes == ()
    google = endpoints(OAuthSettings(mailbox="m", provider="google", client_id="c", user="u"))
    assert google.scopes == ("https://mail.google.com/",)
    assert (google.authorization_url, google.token_url) == ("https://accounts.google.com/o/oauth2/v2/auth",
                                                            "https://oauth2.googleapis.com/token")


def test_sasl_initial_responses() -> None:
    assert xoauth2("a@b.example", "tok") == "user=a@b.example\x01auth=Bearer tok\x01\x01"
    assert oauthbearer("a,b=c@x", "tok", "imap.example", 993) == (
        "n,a=a=2Cb=3Dc@x,\x01host=imap.example\x01port=993\x01auth=Bearer tok\x01\x01")


# -- the settings file ----------------------------------------------------------------------------------------

def _mailbox(oauth: dict[str, object] | None, **extra: object) -> dict[str, object]:
    raw: dict[str, object] = {"name": "support", "address": "Support@Contoso.example", "team": "t",
                              "auth": "oauth2", "imap": {}, "smtp": {}}
    if oauth is not None:
        raw["oauth2"] = oauth
    raw.update(extra)
    return raw


def test_a_preset_fills_in_the_servers_and_server_files_sent() -> None:
    mailbox = parse_mailbox(_mailbox({"provider": "microsoft", "client_id": "abc", "tenant": "contoso.example"}))
    assert mailbox.auth == "oauth2" and mailbox.oauth is not None and mailbox.imap and mailbox.smtp
    assert (mailbox.imap.host, mailbox.imap.port, mailbox.imap.security) == ("outlook.office365.com", 993, "tls")
    assert (mailbox.smtp.host, mailbox.smtp.port, mailbox.smtp.security) == ("smtp.office365.com", 587, "starttls")
    assert mailbox.imap.username == "support@contoso.example" and mailbox.oauth.user == "support@contoso.example"
    assert mailbox.imap.server_files_sent and mailbox.imap.oauth is mailbox.oauth
    google = parse_mailbox(_mailbox({"provider": "google", "client_id": "abc"}, imap={"server_files_sent": False}))
    assert google.imap is not None and google.imap.host == "imap.gmail.com" and not google.imap.server_files_sent


@pytest.mark.parametrize(("oauth", "extra", "words"), [
    ({"provider": "yahoo", "client_id": "x"}, {}, "provider 'yahoo' is not known: use one of microsoft, google, generic"),
    ({"provider": "microsoft"}, {}, "needs 'client_id'"),
    (None, {}, "needs an \\[mailboxes.oauth2\\] table"),
    ({"provider": "google", "client_id": "x", "flow": "device"}, {}, "flow 'device' is not available for google"),
    ({"provider": "generic", "client_id": "x"}, {}, "needs 'issuer'"),
    ({"provider": "generic", "client_id": "x", "issuer": "http://idp.example"}, {}, "must be an https:// URL"),
    ({"provider": "microsoft", "client_id": "x", "secret": "y"}, {}, "unknown key 'secret'"),
    ({"provider": "microsoft", "client_id": "x"}, {"auth": "kerberos"}, "'auth' must be"),
    ({"provider": "microsoft", "client_id": "x"}, {"imap": {"password_env": "P"}}, "password_env is not used"),
])
def test_bad_oauth_settings_name_the_key(oauth: dict[str, object] | None, extra: dict[str, object],
                                         words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        parse_mailbox(_mailbox(oauth, **extra))


def test_after_ingest_may_name_a_special_use_folder() -> None:
    raw = {"name": "m", "address": "m@example.com", "team": "t", "imap": {"host": "127.0.0.1", "username": "m"}}
    assert parse_mailbox({**raw, "after_ingest": "move:\\trash"}).after_ingest == "move:\\Trash"
    with pytest.raises(ConfigError, match="names no special-use folder"):
        parse_mailbox({**raw, "after_ingest": "move:\\Bin"})
    named = parse_mailbox({**raw, "imap": {**raw["imap"], "sent_folder": "Gesendet"}})  # type: ignore[dict-item]
    assert named.imap is not None and named.imap.sent_folder_named
    assert parse_mailbox(raw).imap is not None and not parse_mailbox(raw).imap.sent_folder_named  # type: ignore[union-attr]


def test_the_consent_page_of_the_interactive_test_provider() -> None:
    with OAuthTestServer(clients={"desk-app": None}, interactive=True, approve_as="lead@example.com") as server:
        oauth = settings(server)
        with pytest.raises(SignInCancelled, match="the user declined"):
            sign_in_with_browser(oauth, open_browser=server.clicking_browser("deny"), timeout=30)
        signed = sign_in_with_browser(oauth, open_browser=server.clicking_browser(), timeout=30)
        assert signed.account == "lead@example.com"


def test_app_only_microsoft_needs_a_tenant_and_google_a_client_secret() -> None:
    with pytest.raises(ConfigError, match="needs 'tenant': your directory"):
        parse_mailbox(_mailbox({"provider": "microsoft", "client_id": "x", "flow": "client_credentials"}))
    google = OAuthSettings(mailbox=f"g-{uuid.uuid4().hex[:6]}", provider="google", client_id="x", user="u@example.com")
    with pytest.raises(OAuthError, match="Google asks for the client secret"):
        sign_in_with_browser(google, open_browser=lambda url: pytest.fail("no browser without the secret"))
