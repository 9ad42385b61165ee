"""``agentdesk outbox`` in-process on both backends: list, show, take back, and deciding on an uncertain send
with a real search of the Sent folder on Dovecot."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.actions.outbound import reply, send
from agentdesk.cli.main import main
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, OutboxItem
from agentdesk.routing.outbox import record
from tests.actions.outbound_support import NO_QA, as_, outbox_item, row
from tests.support.dovecot import Dovecot, dovecot_fixture
from tests.support.factories import Center, inbound, seed_center

__all__ = ["dovecot_fixture"]

Run = Callable[..., tuple[int, str, str]]
PASSWORD_ENV = "AGENTDESK_TEST_OUTBOX_IMAP_PASSWORD"


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db, qa_review=NO_QA, undo_send_seconds=60)


def _config(db: Database, folder: Path, mailbox: str = "") -> Path:
    path = folder / "agentdesk.toml"
    url = db.url.render_as_string(hide_password=False)
    path.write_text(f'[routing]\nurl = "{url}"\n\n[user]\nlogin = "sato"\n{mailbox}', encoding="utf-8")
    return path


def _runner(config: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--config", str(config), "outbox", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _sent_reply(db: Database, center: Center) -> int:
    oid = reply(as_(db, "sato"), inbound(db, center), text="確認いたします。")
    assert send(as_(db, "sato"), oid) == "outbox"
    return oid


def _make_uncertain(db: Database, oid: int, sent_folder: str | None = None) -> None:
    with db.write() as s:
        item = s.scalars(select(OutboxItem).where(OutboxItem.interaction_id == oid)).one()
        item.state, item.attempts, item.last_error = "uncertain", 1, "no answer after the message was sent"
        item.sent_folder = sent_folder
        interaction = s.get(Interaction, oid)
        assert interaction is not None
        record(s, "send_uncertain", interaction, message_id=item.message_id, reason=item.last_error,
               found_in_sent=False)


def test_list_show_and_take_back(db: Database, center: Center, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    cli = _runner(_config(db, tmp_path), capsys)
    oid = _sent_reply(db, center)
    code, out, _ = cli("list", "--json")
    listed = json.loads(out)
    assert code == 0 and [(e["interaction_id"], e["state"], e["can_take_back"]) for e in listed] == \
        [(oid, "queued", True)]
    code, out, _ = cli("list")
    assert code == 0 and f"{oid}" in out and "can be taken back until" in out
    code, out, _ = cli("show", str(oid))
    assert code == 0 and "(can still be taken back)" in out and outbox_item(db, oid).message_id in out
    code, out, _ = cli("schedule", str(oid), "--at", "2099-01-01T09:00+09:00", "--json")
    assert code == 0 and json.loads(out)["not_before"] == "2099-01-01T00:00:00+00:00"
    code, _, err = cli("schedule", str(oid), "--at", "tomorrow")
    assert code == 2 and err.startswith("agentdesk: error: --at 'tomorrow' is not a date and time")
    code, out, err = cli("take-back", str(oid), "--as", "suzuki")
    assert (code, out) == (1, "") and err.startswith("agentdesk: refused (permission_denied)")
    code, out, _ = cli("take-back", str(oid))
    assert code == 0 and out.strip() == f"interaction {oid} taken back: it is a draft again (send it again when " \
        "it is ready)"
    assert row(db, oid).state == "draft"
    code, _, err = cli("take-back", str(oid))
    assert code == 1 and "refused (invalid_state)" in err and "already cancelled" in err
    code, out, _ = cli("list", "--state", "cancelled", "--mine")
    assert code == 0 and f"{oid}" in out
    code, out, _ = cli("list")
    assert (code, out.strip()) == (0, "nothing in the outbox (queued, sending, uncertain, failed)")


def test_decide_without_mailbox_settings(db: Database, center: Center, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    cli = _runner(_config(db, tmp_path), capsys)
    oid = _sent_reply(db, center)
    code, _, err = cli("decide", str(oid), "--was-sent")
    assert code == 1 and "not uncertain" in err
    _make_uncertain(db, oid)
    code, out, _ = cli("list", "--state", "uncertain")
    assert code == 0 and "Sent folder: not found" in out
    code, out, _ = cli("check", str(oid), "--json")
    result = json.loads(out)
    assert code == 0 and result["found"] is None and result["earlier"] is False
    assert "not configured in the settings file" in result["error"]
    code, out, _ = cli("decide", str(oid), "--send-again", "--json")
    assert code == 0 and json.loads(out) == {"interaction_id": oid, "decision": "resend", "state": "queued"}
    with pytest.raises(SystemExit):
        cli("decide", str(oid))  # one of --was-sent / --send-again is required


@pytest.mark.dovecot
def test_check_searches_the_sent_folder_then_decide(db: Database, center: Center, dovecot: Dovecot,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    user = dovecot.new_user()
    monkeypatch.setenv(PASSWORD_ENV, user.password)
    mailbox = f"""
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
"""
    cli = _runner(_config(db, tmp_path, mailbox), capsys)
    oid = _sent_reply(db, center)
    _make_uncertain(db, oid)
    code, out, _ = cli("check", str(oid))
    assert code == 0 and "not found when it happened; not found now." in out
    dovecot.append(user, [outbox_item(db, oid).raw], folder="Sent")  # the server filed it after all
    code, out, _ = cli("check", str(oid))
    assert code == 0 and "not found when it happened; found now." in out
    code, out, _ = cli("decide", str(oid), "--was-sent")
    assert (code, out.strip()) == (0, f"interaction {oid}: recorded as sent")
    assert row(db, oid).state == "sent" and outbox_item(db, oid).state == "sent"


def test_where_the_server_cannot_tell_the_cli_says_so(db: Database, center: Center, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    cli = _runner(_config(db, tmp_path), capsys)
    oid = _sent_reply(db, center)
    _make_uncertain(db, oid, sent_folder="agentdesk")
    code, out, _ = cli("list")
    assert code == 0 and "the server cannot tell whether it took it (no search can answer)" in out
    code, _, err = cli("check", str(oid))
    assert code == 1 and "a search cannot answer" in err
    other = _sent_reply(db, center)
    _make_uncertain(db, other, sent_folder="server")
    code, out, _ = cli("show", str(other))
    assert code == 0 and "the server files what it takes in the Sent folder: looked up there at" in out


def test_a_sent_copy_not_filed_is_listed(db: Database, center: Center, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    cli = _runner(_config(db, tmp_path), capsys)
    oid = _sent_reply(db, center)
    with db.write() as s:
        item = s.scalars(select(OutboxItem).where(OutboxItem.interaction_id == oid)).one()
        item.state, item.sent_copy = "sent", "pending"
        item.sent_copy_error = "sent, but filing a copy in the Sent folder failed: cannot connect"
    code, out, _ = cli("list")
    assert code == 0 and "sent" in out and "filing a copy in the Sent folder failed: cannot connect" in out
    code, out, _ = cli("show", str(oid))
    assert code == 0 and "Sent copy:   pending — sent, but filing a copy" in out
