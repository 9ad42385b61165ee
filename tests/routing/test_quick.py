"""The router's quick check (agentdesk.routing.quick): a pass is skipped only when it would do nothing, and the
check itself runs without SQLAlchemy."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text, update

from agentdesk.config.mailboxes import MailboxSettings, parse_mailbox
from agentdesk.routing import changes
from agentdesk.routing.db import Database
from agentdesk.routing.engine import Engine
from agentdesk.routing.models import Interaction, User
from agentdesk.routing.quick import CHANGE_LOG_RETENTION, database_idle, nothing_to_do, sqlite_path
from agentdesk.routing.types import utcnow
from tests.support.dovecot import Dovecot, ImapUser, dovecot_fixture, message
from tests.support.factories import inbound, seed_center

__all__ = ["dovecot_fixture"]

PASSWORD_ENV = "AGENTDESK_TEST_QUICK_PASSWORD"
ROOT = Path(__file__).resolve().parents[2]


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def _mailbox(dovecot: Dovecot, user: ImapUser) -> MailboxSettings:
    return parse_mailbox({"name": "support", "address": "support@example.com", "team": "support",
                          "imap": dovecot.imap_table(user, password_env=PASSWORD_ENV)})


def test_the_change_log_retention_is_the_routers() -> None:
    assert CHANGE_LOG_RETENTION == changes.RETENTION


def test_only_plain_sqlite_files_are_checked() -> None:
    assert sqlite_path("sqlite:////var/lib/agentdesk/routing.sqlite3") == "/var/lib/agentdesk/routing.sqlite3"
    assert sqlite_path("sqlite:///:memory:") is None
    assert sqlite_path("sqlite:///x.db?mode=ro") is None
    assert sqlite_path("postgresql://router@db/agentdesk") is None
    assert nothing_to_do("postgresql://router@127.0.0.1:9/agentdesk", []) is False


def test_a_pass_is_skipped_only_when_it_would_do_nothing(sqlite_db: Database, dovecot: Dovecot,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    center = seed_center(sqlite_db)
    with sqlite_db.write() as s:  # nobody is ready: what comes in stays queued
        s.execute(update(User).values(presence="offline"))
    user = dovecot.new_user()
    monkeypatch.setenv(PASSWORD_ENV, user.password)
    dovecot.append(user, [message(n) for n in range(1, 4)])
    mailbox = _mailbox(dovecot, user)
    url = _url(sqlite_db)
    assert nothing_to_do(url, [mailbox]) is False  # never synced
    Engine(sqlite_db, [mailbox]).run_once()
    assert nothing_to_do(url, [mailbox]) is True  # queued, but no agent is ready

    dovecot.append(user, [message(4)])  # new mail on the server
    assert nothing_to_do(url, [mailbox]) is False
    Engine(sqlite_db, [mailbox]).run_once()
    assert nothing_to_do(url, [mailbox]) is True

    with sqlite_db.write() as s:  # an agent becomes ready: the queue can be routed
        s.execute(update(User).where(User.login == "sato").values(presence="ready"))
    assert database_idle(url) is False and nothing_to_do(url, [mailbox]) is False
    Engine(sqlite_db, [mailbox]).run_once()
    assert nothing_to_do(url, [mailbox]) is True  # routed up to the agent's capacity

    with sqlite_db.write() as s:  # a crash left a body unparsed
        row = s.get(Interaction, inbound(sqlite_db, center, owner="suzuki"))
        assert row is not None
        row.body_text, row.parse_flags = "", ["body_pending"]
    assert database_idle(url) is False
    Engine(sqlite_db, [mailbox]).run_once()
    assert database_idle(url) is True


@pytest.mark.parametrize("due", [
    "INSERT INTO outbox (interaction_id, message_id, envelope_from, envelope_to, raw, state, attempts, not_before, "
    "hold_if_customer_writes, created_at, filed_in_sent) VALUES (:iid, '<q@x>', 'a@x', '[]', x'00', 'queued', 0, "
    ":past, 0, :now, 0)",
    "INSERT INTO outbox (interaction_id, message_id, envelope_from, envelope_to, raw, state, attempts, not_before, "
    "hold_if_customer_writes, created_at, filed_in_sent) VALUES (:iid, '<s@x>', 'a@x', '[]', x'00', 'sending', 1, "
    ":future, 0, :now, 0)",
    "INSERT INTO transfer_offers (interaction_id, from_user_id, to_user_id, state, created_at, expires_at) "
    "VALUES (:iid, :uid, :uid, 'pending', :now, :past)",
    "UPDATE change_log SET created_at = :old WHERE id = (SELECT min(id) FROM change_log)",
], ids=["outbox due", "outbox sending", "offer expired", "old change rows"])
def test_due_work_in_the_database_makes_a_pass(sqlite_db: Database, due: str) -> None:
    center = seed_center(sqlite_db)
    iid = inbound(sqlite_db, center)
    url = _url(sqlite_db)
    assert database_idle(url) is True
    now = utcnow().replace(tzinfo=None)
    with sqlite_db.write() as s:
        s.execute(text(due), {"iid": iid, "uid": center.users["sato"], "now": now, "past": now - timedelta(minutes=1),
                              "future": now + timedelta(hours=1), "old": now - CHANGE_LOG_RETENTION - timedelta(hours=1)})
    assert database_idle(url) is False


def test_a_scheduled_send_or_a_live_offer_is_not_work_yet(sqlite_db: Database) -> None:
    center = seed_center(sqlite_db)
    iid = inbound(sqlite_db, center)
    now = utcnow().replace(tzinfo=None)
    with sqlite_db.write() as s:
        s.execute(text("INSERT INTO outbox (interaction_id, message_id, envelope_from, envelope_to, raw, state, "
                       "attempts, not_before, hold_if_customer_writes, created_at, filed_in_sent) VALUES (:iid, "
                       "'<later@x>', 'a@x', '[]', x'00', 'queued', 0, :later, 0, :now, 0)"),
                  {"iid": iid, "now": now, "later": now + timedelta(hours=2)})
        s.execute(text("INSERT INTO transfer_offers (interaction_id, from_user_id, to_user_id, state, created_at, "
                       "expires_at) VALUES (:iid, :uid, :uid, 'pending', :now, :later)"),
                  {"iid": iid, "uid": center.users["sato"], "now": now, "later": now + timedelta(minutes=5)})
    assert database_idle(_url(sqlite_db)) is True


def test_router_once_with_nothing_new_never_imports_sqlalchemy(sqlite_db: Database, dovecot: Dovecot,
                                                                 tmp_path: Path) -> None:
    seed_center(sqlite_db)
    user = dovecot.new_user()
    dovecot.append(user, [message(1)])
    config = tmp_path / "router.toml"
    config.write_text(f"""
[routing]
url = "{_url(sqlite_db)}"

[[mailboxes]]
name = "support"
address = "support@example.com"
team = "support"

[mailboxes.imap]
host = "127.0.0.1"
port = {dovecot.imaps_port}
security = "tls"
ca_file = "{dovecot.cert_file}"
username = "{user.name}"
password_env = "{PASSWORD_ENV}"
""", encoding="utf-8")
    probe = ("import sys\nfrom agentdesk.cli.main import main\n"
             f"code = main(['router', '--once', '--config', {str(config)!r}])\n"
             "print(code, 'sqlalchemy' in sys.modules, 'agentdesk.routing.models' in sys.modules)\n")
    env = {**os.environ, PASSWORD_ENV: user.password}

    def run() -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
        return done.stdout.strip(), done.stderr

    out, err = run()
    assert out == "0 True True", err  # the first pass: the whole engine
    out, err = run()
    assert out == "0 False False", err  # nothing new: the quick check alone
    assert "nothing new (quick check)" in err
