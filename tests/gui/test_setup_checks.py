"""The setup assistant's checks without the dialog: every failure sorted into what a person can fix, the
settings file text accepted by the loader, the first user of a standalone database, the engine process
free of Qt."""

from __future__ import annotations

import smtplib
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.config.mailboxes import parse_mailbox
from agentdesk.config.paths import default_paths
from agentdesk.config.settings import settings_from_mapping
from agentdesk.desk.setup_checks import (
    CheckFailed,
    FirstUser,
    check_database,
    check_imap,
    classify,
    create_first_user,
    settings_text,
)
from agentdesk.gui.dialogs.setup_text import failure_text
from agentdesk.routing.db import Database
from tests.support.databases import create_pg_database, drop_pg_database, need, pg_available
from tests.support.dovecot import Dovecot, dovecot_fixture, free_port  # noqa: F401


@pytest.mark.parametrize(("error", "kind"), [
    (socket.gaierror(-2, "Name or service not known"), "dns"),
    (ConnectionRefusedError(111, "Connection refused"), "refused"),
    (TimeoutError("timed out"), "timeout"),
    (ssl.SSLCertVerificationError(1, "certificate verify failed"), "certificate"),
    (ssl.SSLError(1, "wrong version number"), "tls"),
    (smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid"), "auth"),
    (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), "network"),
    (CheckFailed("folder", "Nope"), "folder"),
])
def test_failures_are_sorted(error: BaseException, kind: str) -> None:
    assert classify(error).kind == kind


def test_a_name_that_does_not_resolve_is_named() -> None:
    imap = parse_mailbox({"name": "x", "address": "x@example.com", "team": "t",
                          "imap": {"host": "no-such-host.invalid", "username": "x", "timeout": 5}}).imap
    assert imap is not None
    result = check_imap(imap, "pw")
    assert result.kind == "dns", result
    assert failure_text(CheckFailed("dns", result.detail), where="no-such-host.invalid:993").startswith(
        "The name of no-such-host.invalid:993 could not be found (DNS)")


def test_an_untrusted_certificate_is_named(dovecot: Dovecot) -> None:
    user = dovecot.new_user()
    table = dovecot.imap_table(user)
    del table["ca_file"]  # Dovecot's certificate is self-signed: not trusted without its CA file
    imap = parse_mailbox({"name": "x", "address": "x@example.com", "team": "t", "imap": table}).imap
    assert imap is not None
    assert check_imap(imap, user.password).kind == "certificate"


def test_settings_text_is_what_the_loader_accepts(tmp_path: Path) -> None:
    import tomllib

    mailbox = {"name": "support", "address": "support@example.com", "team": "サポート",
               "imap": {"host": "imap.example.com", "port": 993, "security": "tls", "username": "a\"b",
                        "folder": "INBOX"},
               "smtp": {"host": "smtp.example.com", "port": 587, "security": "starttls", "username": "a\"b"}}
    text = settings_text(url=f"sqlite:///{(tmp_path / 'r.sqlite3').as_posix()}", login="sato", language="ja", mailbox=mailbox)
    data = tomllib.loads(text)
    settings = settings_from_mapping(data, path=None, paths=default_paths())
    assert settings.user.login == "sato" and settings.user.language == "ja"
    parsed = parse_mailbox(data["mailboxes"][0])
    assert parsed.team == "サポート" and parsed.imap is not None and parsed.imap.username == "a\"b"


def test_the_first_user_is_created_once(sqlite_db: Database) -> None:
    url = sqlite_db.url.render_as_string(hide_password=False)
    assert check_database(url, "", standalone=True).users == ()
    create_first_user(url, FirstUser("sato", "佐藤 花子", "sato@example.com", "agent", "support",
                                     "support@example.com"))
    report = check_database(url, "", standalone=True)
    assert [(p.login, p.role, p.team) for p in report.users] == [("sato", "agent", "support")]
    with pytest.raises(CheckFailed):
        create_first_user(url, FirstUser("kato", "Kato", "kato@example.com", "agent", "support", None))


def test_a_team_database_without_the_schema_is_refused() -> None:
    if not pg_available():
        need("PostgreSQL is not reachable at 127.0.0.1:5432")
    url = create_pg_database()
    try:
        with pytest.raises(CheckFailed) as refused:
            check_database(url, "", standalone=False)
        assert refused.value.kind == "schema"
    finally:
        drop_pg_database(url)


def test_a_team_database_that_does_not_answer_is_refused() -> None:
    with pytest.raises(CheckFailed) as refused:
        check_database(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/x", "", standalone=False)
    assert refused.value.kind == "refused" and "refused" in refused.value.detail.lower()


def test_the_engine_process_never_loads_qt() -> None:
    code = ("import sys, agentdesk.desk.engine_process\n"
            "sys.exit(10 if any(m.startswith('PySide6') for m in sys.modules) else 0)\n")
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0
