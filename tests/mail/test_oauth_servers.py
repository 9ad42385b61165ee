"""OAuth 2.0 mailboxes end to end on loopback: the test authorization server, Dovecot with its oauth2 passdb
(tokens introspected at that server) and aiosmtpd taking AUTH XOAUTH2 (as Exchange Online offers it).

Sign-in driven by the test's browser, ingest, send; an access token the server refuses in the middle of a sync
(refreshed, the sync goes on); a revoked refresh token (the "sign in again" state, mail kept queued, sent once
after signing in again); and a canary: no token in any file, database row or log afterwards.
"""

from __future__ import annotations

import atexit
import logging
import socket
import tempfile
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from agentdesk.config.mailboxes import MailboxSettings, parse_mailbox
from agentdesk.mail.imap import ImapAuthError, ImapConnection, ImapSignInRequired
from agentdesk.mail.oauth import forget_tokens, sasl, sign_in_state, sign_in_with_browser, store, token_source
from agentdesk.mail.smtp import Outcome, SmtpServer, send_message
from agentdesk.routing.db import Database
from agentdesk.routing.engine import Engine
from agentdesk.routing.models import Interaction, OutboxItem
from agentdesk.routing.sender import send_due
from agentdesk.routing.types import utcnow
from tests.routing.test_sender import reply
from tests.support.databases import need
from tests.support.dovecot import DOVECOT, EXCHANGE_FOLDERS, Dovecot, ImapUser, message
from tests.support.factories import seed_center
from tests.support.oauth_server import OAuthTestServer
from tests.support.smtpd import SmtpTestServer, wait_until

_IDP: OAuthTestServer | None = None
_DOVECOT: Dovecot | None = None


def _servers() -> tuple[OAuthTestServer, Dovecot]:
    """One authorization server and one Dovecot that introspects its tokens, per test process."""
    global _IDP, _DOVECOT
    if not DOVECOT.exists():
        need("dovecot-imapd is not installed (/usr/sbin/dovecot is missing)")
    if _IDP is None or _DOVECOT is None:
        _IDP = OAuthTestServer(clients={"desk-app": None}).start()
        root = Path(tempfile.mkdtemp(prefix="agentdesk-dovecot-oauth-"))
        root.chmod(0o755)
        # named as Exchange Online names them: the Sent folder is found by its \Sent attribute, not by name
        _DOVECOT = Dovecot(root, introspection_url=f"{_IDP.issuer}/introspect", special_folders=EXCHANGE_FOLDERS)
        _DOVECOT.start()
        atexit.register(_DOVECOT.stop)
        atexit.register(_IDP.stop)
    return _IDP, _DOVECOT


@pytest.fixture
def idp() -> OAuthTestServer:
    return _servers()[0]


@pytest.fixture
def dovecot_oauth() -> Dovecot:
    return _servers()[1]


@pytest.fixture
def smtp(idp: OAuthTestServer) -> Iterator[SmtpTestServer]:
    with SmtpTestServer(bearer=idp.check) as server:
        yield server


def mailbox(idp: OAuthTestServer, dovecot: Dovecot, user: ImapUser, smtp: SmtpTestServer | None = None,
            **imap: Any) -> MailboxSettings:
    """An ``auth = "oauth2"`` mailbox of a generic provider (the test server's issuer), with a unique name."""
    name = f"oauth-{uuid.uuid4().hex[:8]}"
    raw: dict[str, Any] = {
        "name": name, "address": "support@example.com", "team": "support", "auth": "oauth2",
        "oauth2": {"provider": "generic", "issuer": idp.issuer, "client_id": "desk-app",
                   "scopes": ["mail", "offline_access"], "user": user.name},
        "imap": {**dovecot.imap_table(user), **imap},
    }
    if smtp is not None:
        raw["smtp"] = {"host": "127.0.0.1", "port": smtp.port, "security": "none", "username": user.name}
    settings = parse_mailbox(raw)
    assert settings.oauth is not None
    forget_tokens(settings.oauth)
    return settings


def sign_in(idp: OAuthTestServer, settings: MailboxSettings, user: ImapUser) -> None:
    assert settings.oauth is not None
    idp.approve_as = user.name
    signed = sign_in_with_browser(settings.oauth, open_browser=idp.browser, timeout=30)
    assert signed.account == user.name


def test_imap_signs_in_with_oauthbearer_and_again_after_the_server_refuses_the_token(
        idp: OAuthTestServer, dovecot_oauth: Dovecot) -> None:
    user = dovecot_oauth.new_user()
    dovecot_oauth.append(user, [message(1)])
    settings = mailbox(idp, dovecot_oauth, user)
    assert settings.imap is not None
    sign_in(idp, settings, user)
    before, refreshes = idp.introspections, idp.refreshes()
    with ImapConnection(settings.imap) as conn:
        assert conn.select("INBOX").exists == 1
        assert conn.session_expires_at is not None and not conn.token_expiring()
    # Dovecot asked the server; the sign-in's own access token served
    assert idp.introspections > before and idp.refreshes() == refreshes
    idp.expire_access_tokens()  # the server refuses it now, though the client's clock thinks it good
    with ImapConnection(settings.imap) as conn:
        assert conn.select("INBOX").exists == 1
    assert idp.refreshes() == refreshes + 1


def test_imap_xoauth2_when_the_server_offers_only_that(idp: OAuthTestServer, dovecot_oauth: Dovecot,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sasl, "MECHANISMS", ("XOAUTH2",))
    user = dovecot_oauth.new_user()
    settings = mailbox(idp, dovecot_oauth, user)
    assert settings.imap is not None
    sign_in(idp, settings, user)
    with ImapConnection(settings.imap) as conn:
        assert conn.select("INBOX").exists == 0


def test_a_token_for_someone_else_is_refused_clearly(idp: OAuthTestServer, dovecot_oauth: Dovecot) -> None:
    user, other = dovecot_oauth.new_user(), dovecot_oauth.new_user()
    settings = mailbox(idp, dovecot_oauth, user)
    assert settings.imap is not None and settings.oauth is not None
    idp.approve_as = other.name  # the person signed in with the wrong account
    sign_in_with_browser(settings.oauth, open_browser=idp.browser, timeout=30)
    with pytest.raises(ImapAuthError, match="refused a fresh access token"):
        ImapConnection(settings.imap).connect()


def test_revoked_sign_in_is_the_sign_in_again_state(idp: OAuthTestServer, dovecot_oauth: Dovecot) -> None:
    user = dovecot_oauth.new_user()
    settings = mailbox(idp, dovecot_oauth, user)
    assert settings.imap is not None and settings.oauth is not None
    sign_in(idp, settings, user)
    idp.revoke_refresh_tokens()
    with pytest.raises(ImapSignInRequired, match="sign in again"):
        ImapConnection(settings.imap).connect()
    assert sign_in_state(settings.oauth).state == "refused"


def test_smtp_xoauth2_send_and_refresh(idp: OAuthTestServer, dovecot_oauth: Dovecot, smtp: SmtpTestServer) -> None:
    user = dovecot_oauth.new_user()
    settings = mailbox(idp, dovecot_oauth, user, smtp)
    assert settings.oauth is not None
    sign_in(idp, settings, user)
    refreshes = idp.refreshes()
    server = SmtpServer("127.0.0.1", smtp.port, "none", timeout=10, tokens=token_source(settings.oauth))
    raw = message(7)
    assert send_message(server, "support@example.com", ["jane@example.org"], raw).outcome is Outcome.SENT
    idp.expire_access_tokens()
    assert send_message(server, "support@example.com", ["jane@example.org"], raw).outcome is Outcome.SENT
    assert smtp.auth_commands == ["XOAUTH2", "XOAUTH2", "XOAUTH2"]  # the refused try, then a refreshed one
    assert [ok for _u, ok in smtp.logins] == [True, False, True]
    assert idp.refreshes() == refreshes + 1
    assert len(smtp.messages) == 2


def _all_text(db: Database) -> str:
    """Every row of every table of the database, as text (for the canary search)."""
    out = []
    with db.engine.connect() as conn:
        from sqlalchemy import inspect as sa_inspect

        for table in sa_inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                out.append(repr(tuple(row)))
    return "\n".join(out)


def test_the_whole_flow_sync_expiry_mid_sync_send_revoke_and_no_token_left_anywhere(
        db: Database, idp: OAuthTestServer, dovecot_oauth: Dovecot, smtp: SmtpTestServer, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="agentdesk")
    center = seed_center(db)
    user = dovecot_oauth.new_user()
    raws = [message(n) for n in range(1, 21)]
    dovecot_oauth.append(user, raws)
    # the outbox rows of tests.routing.test_sender.reply name the mailbox "support"
    settings = parse_mailbox({
        "name": "support", "address": "support@example.com", "team": "support", "auth": "oauth2",
        "oauth2": {"provider": "generic", "issuer": idp.issuer, "client_id": "desk-app", "user": user.name,
                   "scopes": ["mail", "offline_access"]},
        "imap": {**dovecot_oauth.imap_table(user), "batch_size": 5},
        "smtp": {"host": "127.0.0.1", "port": smtp.port, "security": "none"}})
    assert settings.oauth is not None and settings.imap is not None
    store.forget(settings.oauth)
    forget_tokens(settings.oauth)
    sign_in(idp, settings, user)
    refreshes = idp.refreshes()

    # ingest; after the second batch the token expires at the server and the connection drops: the sync
    # reconnects, the refused token is refreshed, and the sync goes on where it was
    conn = ImapConnection(settings.imap)
    cut: list[int] = []

    def progress(_name: str, done: int, _total: int) -> None:
        if done == 10 and not cut:
            cut.append(done)
            idp.expire_access_tokens()
            conn.client._imap.sock.shutdown(socket.SHUT_RDWR)

    Engine(db, [settings], progress=progress).sync_mailbox(settings, conn)
    assert cut == [10] and idp.refreshes() == refreshes + 1
    with db.read() as s:
        stored = s.scalars(select(Interaction.raw).where(Interaction.mailbox == "support")).all()
    assert sorted(r for r in stored if r is not None) == sorted(raws)

    # the sign-in is revoked: a reply stays queued with a clear reason, then is sent once after signing in
    idp.revoke_refresh_tokens()
    forget_tokens(settings.oauth)
    _, item_id, raw = reply(db, center)
    report = send_due(db, [settings])
    with db.read() as s:
        row = s.get(OutboxItem, item_id)
        assert row is not None and row.state == "queued" and "sign in again" in (row.last_error or "")
        assert row.not_before is not None
        due_again = row.not_before
    assert report.retrying == [item_id] and smtp.messages == []
    assert sign_in_state(settings.oauth).needs_sign_in
    sign_in(idp, settings, user)
    report = send_due(db, [settings], now=due_again + timedelta(seconds=1))
    assert report.sent == [item_id] and [m.data for m in smtp.messages] == [raw]
    send_due(db, [settings], now=utcnow() + timedelta(hours=3))
    assert len(smtp.messages) == 1
    # its Sent copy went to the folder the server marks \Sent ("Sent Items"), signed in with the token
    with dovecot_oauth.client(user) as client:
        assert not client.folder_exists("Sent")
        client.select_folder("Sent Items", readonly=True)
        assert len(client.search(["ALL"])) == 1

    # the canary: no token in the test's files, any database row, agentdesk's log or Dovecot's log
    assert idp.every_token and all(t.startswith(idp.canary) for t in idp.every_token)
    haystacks = [_all_text(db), caplog.text]
    haystacks += [p.read_bytes().decode("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file()]
    haystacks += [p.read_text("utf-8", "replace") for p in (dovecot_oauth.root / "log").glob("*")]
    assert all(idp.canary not in hay for hay in haystacks)
    assert idp.canary in repr(list(_keyring_values()))  # the refresh token is in the keyring, and only there


def _keyring_values() -> list[str]:
    from tests.support.keyring_backend import _STORE

    return list(_STORE.values())


def test_special_use_folders_are_found_not_guessed(idp: OAuthTestServer, dovecot_oauth: Dovecot) -> None:
    from agentdesk.mail.folders import find_special, special_folders

    user = dovecot_oauth.new_user()
    dovecot_oauth.append(user, [message(1), message(2)])
    settings = mailbox(idp, dovecot_oauth, user)
    assert settings.imap is not None
    sign_in(idp, settings, user)
    with ImapConnection(settings.imap) as conn:
        found = special_folders(conn.client)
        assert found == {"\\Drafts": "Drafts", "\\Sent": "Sent Items", "\\Trash": "Deleted Items",
                         "\\Junk": "Junk Email"}
        assert find_special(conn.client, "\\Archive") is None
        conn.select("INBOX")
        conn.move([1], "\\Trash")  # after_ingest = "move:\\Trash"
        with pytest.raises(Exception, match="marks no folder \\\\Archive"):
            conn.move([2], "\\Archive")
    with dovecot_oauth.client(user) as client:
        client.select_folder("Deleted Items", readonly=True)
        assert len(client.search(["ALL"])) == 1


@pytest.mark.slow
def test_the_router_signs_in_again_before_the_token_expires_and_shows_sign_in_again(
        sqlite_db: Database, idp: OAuthTestServer, dovecot_oauth: Dovecot) -> None:
    db = sqlite_db
    seed_center(db)
    user = dovecot_oauth.new_user()
    settings = mailbox(idp, dovecot_oauth, user, poll_seconds=30)
    assert settings.oauth is not None
    idp.access_lifetime = 8  # the session signs in again 2 s (a quarter of the life) before the token expires
    try:
        sign_in(idp, settings, user)
        states: list[tuple[str, str]] = []
        engine = Engine(db, [settings], status=lambda name, state, detail: states.append((state, detail)),
                        tick_seconds=0.5)
        runner = threading.Thread(target=engine.run_forever)
        runner.start()
        try:
            refreshes = idp.refreshes()
            wait_until(lambda: [s for s, _d in states].count("online") >= 2, timeout=30,
                       what="a second sign-in before the token expired")
            assert all(s == "online" for s, _d in states)  # reconnected in time: nothing failed
            assert idp.refreshes() >= refreshes + 2  # each with a fresh token
            dovecot_oauth.append(user, [message(1)])
            wait_until(lambda: _count(db, settings.name) == 1, timeout=30, what="the new message ingested")
            idp.revoke_refresh_tokens()  # the next sign-in fails for good: "sign in again", no tight loop
            wait_until(lambda: any(s == "sign_in" for s, _d in states), timeout=30, what="the sign-in state")
            assert "sign in again" in next(d for s, d in states if s == "sign_in")
        finally:
            engine.stop()
            runner.join(30)
    finally:
        idp.access_lifetime = 3600


def _count(db: Database, name: str) -> int:
    with db.read() as s:
        return len(s.scalars(select(Interaction.id).where(Interaction.mailbox == name)).all())


def test_imap_xoauth2_refused_token_is_replaced(idp: OAuthTestServer, dovecot_oauth: Dovecot,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """XOAUTH2's error challenge (base64 JSON) is answered as the mechanism asks, then a fresh token works."""
    monkeypatch.setattr(sasl, "MECHANISMS", ("XOAUTH2",))
    user = dovecot_oauth.new_user()
    settings = mailbox(idp, dovecot_oauth, user)
    assert settings.imap is not None
    sign_in(idp, settings, user)
    idp.expire_access_tokens()
    refreshes = idp.refreshes()
    with ImapConnection(settings.imap) as conn:
        assert conn.select("INBOX").exists == 0
    assert idp.refreshes() == refreshes + 1


def test_smtp_oauthbearer_where_offered(idp: OAuthTestServer, dovecot_oauth: Dovecot) -> None:
    user = dovecot_oauth.new_user()
    with SmtpTestServer(bearer=idp.check, bearer_mechanisms=("OAUTHBEARER", "XOAUTH2")) as smtp:
        settings = mailbox(idp, dovecot_oauth, user, smtp)
        assert settings.oauth is not None
        sign_in(idp, settings, user)
        idp.expire_access_tokens()
        server = SmtpServer("127.0.0.1", smtp.port, "none", timeout=10, tokens=token_source(settings.oauth))
        assert send_message(server, "support@example.com", ["jane@example.org"], message(3)).ok
        assert smtp.auth_commands == ["OAUTHBEARER", "OAUTHBEARER"] and [ok for _u, ok in smtp.logins] == [False, True]


def test_router_once_says_which_mailbox_waits_for_a_sign_in_then_syncs(
        sqlite_db: Database, idp: OAuthTestServer, dovecot_oauth: Dovecot, tmp_path: Path) -> None:
    import os

    from agentdesk.cli.main import main

    seed_center(sqlite_db)
    user = dovecot_oauth.new_user()
    dovecot_oauth.append(user, [message(1)])
    name = f"oauth-{uuid.uuid4().hex[:8]}"
    imap = dovecot_oauth.imap_table(user)
    config = tmp_path / "router.toml"
    config.write_text(f"""
[routing]
url = "{sqlite_db.url.render_as_string(hide_password=False)}"

[[mailboxes]]
name = "{name}"
address = "support@example.com"
team = "support"
auth = "oauth2"
[mailboxes.oauth2]
provider = "generic"
issuer = "{idp.issuer}"
client_id = "desk-app"
user = "{user.name}"
scopes = ["mail", "offline_access"]
[mailboxes.imap]
host = "127.0.0.1"
port = {imap["port"]}
ca_file = "{imap["ca_file"]}"
""", encoding="utf-8")
    assert main(["router", "--once", "--config", str(config)]) == 1
    log = (Path(os.environ["AGENTDESK_HOME"]) / "log" / "router.log").read_text(encoding="utf-8")
    assert f"mailbox {name}: sign in again" in log and f"run agentdesk router sign-in --mailbox {name}" in log
    settings = parse_mailbox({"name": name, "address": "support@example.com", "team": "support", "auth": "oauth2",
                              "oauth2": {"provider": "generic", "issuer": idp.issuer, "client_id": "desk-app",
                                         "user": user.name, "scopes": ["mail", "offline_access"]}, "imap": imap})
    sign_in(idp, settings, user)
    assert main(["router", "--once", "--config", str(config)]) == 0
    assert _count(sqlite_db, name) == 1
    log = (Path(os.environ["AGENTDESK_HOME"]) / "log" / "router.log").read_text(encoding="utf-8")
    assert idp.canary not in log


@pytest.mark.slow
def test_the_desktops_engine_process_uses_the_sign_in_and_hands_a_rotated_token_back(
        sqlite_db: Database, idp: OAuthTestServer, dovecot_oauth: Dovecot, tmp_path: Path) -> None:
    """The standalone desktop runs its engine in a child process that never opens the keyring: the sign-in is
    handed over, and the refresh token the provider rotates there comes back to the desktop's keyring."""
    from agentdesk.config.secrets import get_secret
    from agentdesk.desk.engine_process import EngineChild
    from agentdesk.desk.oauth import engine_secrets

    seed_center(sqlite_db)
    user = dovecot_oauth.new_user()
    dovecot_oauth.append(user, [message(1), message(2)])
    settings = mailbox(idp, dovecot_oauth, user)
    assert settings.oauth is not None
    sign_in(idp, settings, user)
    before = get_secret(settings.oauth.secret_name) or ""
    states: list[str] = []
    child = EngineChild(sqlite_db.url.render_as_string(hide_password=False), [settings],
                        status=lambda name, state, detail: states.append(state),
                        secrets=lambda: engine_secrets(settings), options={"tick_seconds": 0.5},
                        log_file=tmp_path / "engine.log").start()
    try:
        wait_until(lambda: _count(sqlite_db, settings.name) == 2, timeout=60, what="both messages ingested")
        assert "online" in states and "sign_in" not in states
        # the child refreshed (it has no access token of its own); the provider rotated the refresh token
        wait_until(lambda: (get_secret(settings.oauth.secret_name) or "") != before, timeout=30,  # type: ignore[union-attr]
                   what="the rotated refresh token handed back")
        assert sign_in_state(settings.oauth).state == "signed_in"
    finally:
        child.stop()
    assert idp.canary not in (tmp_path / "engine.log").read_text(encoding="utf-8", errors="replace")
