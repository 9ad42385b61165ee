"""The outbox sender against a real aiosmtpd on loopback, on SQLite and PostgreSQL: exactly once, whatever fails."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.config.mailboxes import parse_mailbox
from agentdesk.mail.sentfolder import ImapServer, SentFolderError
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Direction,
    History,
    Interaction,
    OutboxItem,
    Purpose,
    State,
    User,
    Workbin,
    WorkbinItem,
)
from agentdesk.routing.outbox import OutboxRefused, cancel, enqueue, resolve_uncertain
from agentdesk.routing.sender import SendTarget, recover_interrupted, send_due, sent_folder_has
from agentdesk.routing.types import utcnow
from tests.support.dovecot import Dovecot, ImapUser, dovecot_fixture
from tests.support.factories import Center, inbound, seed_center
from tests.support.smtpd import Faults, SmtpTestServer, client_context, wait_until

ROOT = Path(__file__).resolve().parents[2]
__all__ = ["dovecot_fixture"]  # the ``dovecot`` fixture


@pytest.fixture
def smtpd() -> Iterator[SmtpTestServer]:
    with SmtpTestServer() as server:
        yield server


def plain_target(server: SmtpTestServer, timeout: float = 10.0) -> SendTarget:
    return SendTarget(SmtpServer("127.0.0.1", server.port, "none", timeout=timeout))


def reply(db: Database, center: Center, *, hold: bool = False, not_before: datetime | None = None,
          to: str = "jane@example.org", body_lines: int = 0) -> tuple[int, int, bytes]:
    """An outbound reply to a fresh inbound email, handed to the outbox: (interaction id, item id, raw)."""
    parent_id = inbound(db, center)
    message_id = f"<reply-{uuid.uuid4().hex}@example.com>"
    raw = (f"From: Example Support <support@example.com>\r\nTo: {to}\r\nSubject: Re: 納期\r\n"
           f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\nご連絡ありがとうございます。\r\n.\r\n").encode()
    raw += (b"filler " * 140 + b"\r\n") * body_lines  # 982 bytes a line
    with db.write() as s:
        parent = s.get(Interaction, parent_id)
        assert parent is not None
        out = Interaction(direction=Direction.OUTBOUND.value, state=State.DRAFT.value, purpose=Purpose.REPLY.value,
                          owner_id=center.users["sato"], team_id=parent.team_id, case_id=parent.case_id,
                          contact_id=parent.contact_id, parent_id=parent.id, mailbox="support",
                          from_addr="support@example.com", to_addrs=[to], subject="Re: 納期")
        s.add(out)
        s.flush()
        item = enqueue(s, out, raw=raw, message_id=message_id, envelope_from="support@example.com",
                       envelope_to=[to], mailbox="support", not_before=not_before, hold_if_customer_writes=hold)
        return out.id, item.id, raw


def item(db: Database, item_id: int) -> OutboxItem:
    with db.read() as s:
        found = s.get(OutboxItem, item_id)
        assert found is not None
        return found


def interaction(db: Database, interaction_id: int) -> Interaction:
    with db.read() as s:
        found = s.get(Interaction, interaction_id)
        assert found is not None
        return found


def events(db: Database, interaction_id: int) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(History.event).where(History.interaction_id == interaction_id)
                              .order_by(History.id)))


def test_happy_path_sends_the_stored_bytes_once(db: Database, smtpd: SmtpTestServer) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    report = send_due(db, lambda name: plain_target(smtpd))
    assert report.sent == [item_id] and not report.errors
    assert [m.data for m in smtpd.messages] == [raw]
    row = item(db, item_id)
    assert (row.state, row.attempts, row.sent_at is not None) == ("sent", 1, True)
    assert interaction(db, iid).state == State.SENT.value
    assert events(db, iid)[-1] == "sent"
    assert send_due(db, lambda name: plain_target(smtpd)).sent == []
    assert len(smtpd.messages) == 1


def test_4xx_is_retried_with_backoff_then_sent_once(db: Database) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    with SmtpTestServer(faults=Faults(temporary=1)) as server:
        t0 = utcnow()
        report = send_due(db, lambda name: plain_target(server), now=t0)
        assert report.retrying == [item_id]
        row = item(db, item_id)
        assert row.state == "queued" and row.attempts == 1
        assert row.not_before == t0 + timedelta(seconds=30)
        assert "451" in (row.last_error or "")
        assert interaction(db, iid).state == State.OUTBOX.value
        assert send_due(db, lambda name: plain_target(server), now=t0 + timedelta(seconds=10)).retrying == []
        report = send_due(db, lambda name: plain_target(server), now=t0 + timedelta(seconds=31))
        assert report.sent == [item_id]
        assert [m.data for m in server.messages] == [raw]
        assert events(db, iid)[-2:] == ["send_deferred", "sent"]


def test_5xx_fails_with_the_servers_words(db: Database) -> None:
    center = seed_center(db)
    iid, item_id, _ = reply(db, center)
    with SmtpTestServer(faults=Faults(permanent="550 5.1.1 <jane@example.org>: mailbox unavailable")) as server:
        report = send_due(db, lambda name: plain_target(server))
        assert report.failed == [item_id]
        assert server.bodies == []
    row = item(db, item_id)
    assert row.state == "failed" and "mailbox unavailable" in (row.last_error or "")
    assert interaction(db, iid).state == State.FAILED.value
    with db.read() as s:
        detail = s.scalars(select(History.detail).where(History.interaction_id == iid,
                                                        History.event == "send_failed")).one()
    assert "550 5.1.1" in detail["error"]


def test_dropped_before_data_is_retried(db: Database) -> None:
    center = seed_center(db)
    _, item_id, raw = reply(db, center)
    with SmtpTestServer(faults=Faults(drop_before_data=1)) as server:
        t0 = utcnow()
        assert send_due(db, lambda name: plain_target(server), now=t0).retrying == [item_id]
        assert send_due(db, lambda name: plain_target(server), now=t0 + timedelta(minutes=5)).sent == [item_id]
        assert [m.data for m in server.messages] == [raw]


def test_body_taken_without_an_answer_is_uncertain_and_never_retried(db: Database) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    with SmtpTestServer(faults=Faults(stall=True)) as server:
        report = send_due(db, lambda name: plain_target(server, timeout=1.0))
        assert report.uncertain == [item_id]
        server.faults.stall = False
        later = send_due(db, lambda name: plain_target(server), now=utcnow() + timedelta(days=1))
        assert later.sent == [] and later.uncertain == []
        assert server.bodies == [raw] and server.messages == []
    row = item(db, item_id)
    assert row.state == "uncertain" and "may or may not" in (row.last_error or "")
    assert interaction(db, iid).state == State.OUTBOX.value
    assert events(db, iid)[-1] == "send_uncertain"


def test_the_agent_decides_on_an_uncertain_message(db: Database, smtpd: SmtpTestServer) -> None:
    center = seed_center(db)
    iid1, item1, _ = reply(db, center)
    iid2, item2, raw2 = reply(db, center)
    with db.write() as s:
        for item_id in (item1, item2):
            row = s.get(OutboxItem, item_id)
            assert row is not None
            row.state, row.attempts = "uncertain", 1
        sato = s.scalars(select(User).where(User.login == "sato")).one()
        resolve_uncertain(s, item1, "sent", actor=sato)
        resolve_uncertain(s, item2, "resend", actor=sato)
        with pytest.raises(OutboxRefused, match="not uncertain"):
            resolve_uncertain(s, item1, "resend")
        with pytest.raises(OutboxRefused, match="decision must be"):
            resolve_uncertain(s, item2, "maybe")
    assert interaction(db, iid1).state == State.SENT.value and item(db, item1).state == "sent"
    report = send_due(db, lambda name: plain_target(smtpd))
    assert report.sent == [item2]
    assert [m.data for m in smtpd.messages] == [raw2]
    assert events(db, iid2)[-2:] == ["resend", "sent"]


def _left_sending(db: Database, item_id: int, step: str | None) -> None:
    with db.write() as s:
        row = s.get(OutboxItem, item_id)
        assert row is not None
        row.state, row.attempts, row.step = "sending", 1, step


@pytest.mark.parametrize("step", [None, "connecting", "recipients", "data"])
def test_a_row_a_dead_sender_left_before_its_end_of_data_is_sent_once(db: Database, smtpd: SmtpTestServer,
                                                                        step: str | None) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    _left_sending(db, item_id, step)
    report = send_due(db, lambda name: plain_target(smtpd))
    assert report.recovered == [item_id] and report.requeued == [item_id] and report.uncertain == []
    assert report.sent == [item_id] and [m.data for m in smtpd.messages] == [raw]
    assert events(db, iid)[-2:] == ["send_deferred", "sent"]
    assert item(db, item_id).attempts == 2


def test_a_row_a_dead_sender_left_after_its_end_of_data_becomes_uncertain(db: Database,
                                                                           smtpd: SmtpTestServer) -> None:
    center = seed_center(db)
    iid, item_id, _ = reply(db, center)
    _left_sending(db, item_id, "end_of_data")
    report = send_due(db, lambda name: plain_target(smtpd))
    assert report.recovered == [item_id] and report.uncertain == [item_id] and report.requeued == []
    row = item(db, item_id)
    assert row.state == "uncertain" and row.uncertain_at is not None
    assert smtpd.messages == []
    assert events(db, iid)[-1] == "send_uncertain"


def _db_url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


_CHILD = """
import sys
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.sender import SendTarget, send_due
url, port, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
target = SendTarget(SmtpServer("127.0.0.1", port, "none", timeout=timeout))
report = send_due(Database(url), lambda name: target)
print(sorted(report.sent), flush=True)
"""


def _child(db: Database, port: int, timeout: float) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen([sys.executable, "-c", _CHILD, _db_url(db), str(port), str(timeout)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_a_sender_killed_mid_send_leaves_it_uncertain(db: Database) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    with SmtpTestServer(faults=Faults(stall=True), stall_seconds=60) as server:
        child = _child(db, server.port, 60.0)
        try:
            wait_until(lambda: len(server.bodies) == 1 or child.poll() is not None, timeout=60, what="the body")
            assert child.poll() is None, child.communicate()
            assert item(db, item_id).state == "sending"
            # While the child lives, nobody else may call its row uncertain.
            assert recover_interrupted(db) == []
            os.kill(child.pid, signal.SIGKILL)
            child.communicate(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate(timeout=30)
        # PostgreSQL frees the dead session's lock as soon as it notices the closed connection.
        wait_until(lambda: item_id in recover_interrupted(db), timeout=30, what="recovery")
        server.faults.stall = False
        later = send_due(db, lambda name: plain_target(server), now=utcnow() + timedelta(days=1))
        assert later.sent == []
        assert server.bodies == [raw] and server.messages == []
    assert item(db, item_id).state == "uncertain"
    assert events(db, iid)[-1] == "send_uncertain"


def test_parallel_senders_send_every_message_exactly_once(db: Database, smtpd: SmtpTestServer) -> None:
    center = seed_center(db)
    items = [reply(db, center)[1] for _ in range(12)]
    reports = []

    def run() -> None:
        reports.append(send_due(db, lambda name: plain_target(smtpd)))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    children = [_child(db, smtpd.port, 10.0) for _ in range(2)]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    sent = Counter(i for r in reports for i in r.sent)
    assert sorted(sent) == sorted(items) and set(sent.values()) == {1}
    ids = Counter(m.data.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0] for m in smtpd.messages)
    assert len(ids) == len(items) and set(ids.values()) == {1}
    with db.read() as s:
        assert set(s.scalars(select(OutboxItem.state))) == {"sent"}


def test_parallel_processes_share_the_queue(db: Database, smtpd: SmtpTestServer) -> None:
    center = seed_center(db)
    items = [reply(db, center)[1] for _ in range(12)]
    children = [_child(db, smtpd.port, 10.0) for _ in range(3)]
    claimed: list[int] = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        claimed += [int(x) for x in out.strip().strip("[]").split(",") if x.strip()]
    assert sorted(claimed) == sorted(items)
    ids = Counter(m.data.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0] for m in smtpd.messages)
    assert len(ids) == len(items) and set(ids.values()) == {1}


def test_missing_starttls_stops_before_auth(db: Database) -> None:
    center = seed_center(db)
    _, item_id, _ = reply(db, center)
    with SmtpTestServer(users={"support@example.com": "pw"}) as server:
        target = SendTarget(SmtpServer("127.0.0.1", server.port, "starttls", "support@example.com", "pw",
                                       ssl_context=client_context(), timeout=10))
        report = send_due(db, lambda name: target)
        assert report.retrying == [item_id]
        assert server.auth_commands == [] and server.logins == [] and server.messages == []
    assert "STARTTLS" in (item(db, item_id).last_error or "")


def test_configured_mailboxes_work_as_targets(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    center = seed_center(db)
    _, item_id, raw = reply(db, center)
    monkeypatch.setenv("AGENTDESK_TEST_SMTP_PW", "pw")
    with SmtpTestServer(users={"support@example.com": "pw"}) as server:
        mailbox = parse_mailbox({
            "name": "support", "address": "support@example.com", "team": "support",
            "smtp": {"host": "127.0.0.1", "port": server.port, "security": "none",
                     "username": "support@example.com", "password_env": "AGENTDESK_TEST_SMTP_PW"},
        })
        other = parse_mailbox({"name": "other", "address": "x@example.com", "team": "support",
                               "smtp": {"host": "127.0.0.1", "security": "none", "username": "x"}})
        assert send_due(db, [other, mailbox]).sent == [item_id]
        assert server.logins == [("support@example.com", True)]
        assert [m.data for m in server.messages] == [raw]


def test_unknown_mailbox_waits_with_a_clear_error(db: Database) -> None:
    center = seed_center(db)
    _, item_id, _ = reply(db, center)
    assert send_due(db, []).retrying == [item_id]
    assert "no SMTP server is configured for mailbox 'support'" in (item(db, item_id).last_error or "")


def test_undo_window_take_back(db: Database, smtpd: SmtpTestServer) -> None:
    center = seed_center(db, undo_send_seconds=60)
    iid, item_id, _ = reply(db, center)
    row = item(db, item_id)
    assert row.not_before > utcnow() + timedelta(seconds=30)
    assert send_due(db, lambda name: plain_target(smtpd)).sent == []
    with db.write() as s:
        kato = s.scalars(select(User).where(User.login == "kato")).one()
        with pytest.raises(OutboxRefused) as refused:
            cancel(s, iid, kato)
        assert refused.value.code == "permission_denied"
    with db.write() as s:
        sato = s.scalars(select(User).where(User.login == "sato")).one()
        cancel(s, iid, sato)
    assert item(db, item_id).state == "cancelled"
    assert interaction(db, iid).state == State.DRAFT.value
    with db.read() as s:
        box = s.scalars(select(Workbin.name).join(WorkbinItem, WorkbinItem.workbin_id == Workbin.id)
                        .where(WorkbinItem.interaction_id == iid)).one()
    assert box == "Drafts"
    assert events(db, iid)[-1] == "send_taken_back"
    assert send_due(db, lambda name: plain_target(smtpd), now=utcnow() + timedelta(hours=1)).sent == []
    assert smtpd.messages == []
    # Sent again: the cancelled row is reused; once the window closes it goes, and can no longer be taken back.
    with db.write() as s:
        out = s.get(Interaction, iid)
        assert out is not None
        again = enqueue(s, out, raw=b"Message-ID: <again@example.com>\r\n\r\nhi\r\n", message_id="<again@example.com>",
                        envelope_from="support@example.com", envelope_to=["jane@example.org"], mailbox="support")
        assert again.id == item_id
    later = utcnow() + timedelta(minutes=2)
    with db.write() as s:
        sato = s.scalars(select(User).where(User.login == "sato")).one()
        with pytest.raises(OutboxRefused, match="undo window has closed"):
            cancel(s, iid, sato, now=later)
    assert send_due(db, lambda name: plain_target(smtpd), now=later).sent == [item_id]
    with db.write() as s:
        sato = s.scalars(select(User).where(User.login == "sato")).one()
        with pytest.raises(OutboxRefused, match="already sent"):
            cancel(s, iid, sato)


def _customer_writes_again(db: Database, interaction_id: int) -> int:
    with db.write() as s:
        out = s.get(Interaction, interaction_id)
        assert out is not None
        newer = Interaction(direction=Direction.INBOUND.value, state=State.QUEUED.value, team_id=out.team_id,
                            case_id=out.case_id, contact_id=out.contact_id, mailbox="support",
                            message_id=f"<again-{uuid.uuid4().hex}@example.org>", subject="Re: Re: 納期",
                            from_addr="jane@example.org")
        s.add(newer)
        s.flush()
        return newer.id


def test_scheduled_send_is_held_when_the_customer_writes_again(db: Database, smtpd: SmtpTestServer) -> None:
    center = seed_center(db)
    at = utcnow() + timedelta(hours=2)
    iid, item_id, _ = reply(db, center, hold=True, not_before=at)
    iid2, item2, raw2 = reply(db, center, hold=True, not_before=at)
    assert send_due(db, lambda name: plain_target(smtpd)).sent == []
    newer = _customer_writes_again(db, iid)
    report = send_due(db, lambda name: plain_target(smtpd), now=at + timedelta(seconds=1))
    assert report.held == [item_id] and report.sent == [item2]
    assert [m.data for m in smtpd.messages] == [raw2]
    assert interaction(db, iid).state == State.NEEDS_ATTENTION.value
    assert interaction(db, iid2).state == State.SENT.value
    row = item(db, item_id)
    assert row.state == "cancelled" and f"interaction {newer}" in (row.last_error or "")
    assert events(db, iid)[-1] == "send_held"


# -- the Sent folder, on the real Dovecot ----------------------------------------------------------------------
def dovecot_target(server: SmtpTestServer, dovecot: Dovecot, timeout: float = 10.0) -> tuple[SendTarget, ImapUser]:
    user = dovecot.new_user()
    imap = ImapServer("127.0.0.1", dovecot.imaps_port, "tls", user.name, user.password, dovecot.ssl_context())
    return SendTarget(SmtpServer("127.0.0.1", server.port, "none", timeout=timeout), imap, "Sent"), user


def sent_copies(dovecot: Dovecot, user: ImapUser) -> list[bytes]:
    with dovecot.client(user) as client:
        if not client.folder_exists("Sent"):
            return []
        client.select_folder("Sent", readonly=True)
        uids = client.search("ALL")
        return [d[b"BODY[]"] for d in client.fetch(uids, ["BODY.PEEK[]"]).values()] if uids else []


@pytest.mark.dovecot
def test_a_sent_message_is_filed_in_sent_once(db: Database, smtpd: SmtpTestServer, dovecot: Dovecot) -> None:
    center = seed_center(db)
    _, item_id, raw = reply(db, center)
    target, user = dovecot_target(smtpd, dovecot)
    report = send_due(db, lambda name: target)
    assert report.sent == [item_id] and report.filed == [item_id]
    assert item(db, item_id).filed_in_sent is True
    assert sent_copies(dovecot, user) == [raw]
    assert sent_folder_has(target, item(db, item_id).message_id) is True


@pytest.mark.dovecot
def test_no_sent_copy_when_the_server_files_its_own(db: Database, smtpd: SmtpTestServer, dovecot: Dovecot) -> None:
    center = seed_center(db, file_sent_copy=False)
    _, item_id, _ = reply(db, center)
    target, user = dovecot_target(smtpd, dovecot)
    assert send_due(db, lambda name: target).filed == []
    assert item(db, item_id).filed_in_sent is False and sent_copies(dovecot, user) == []


@pytest.mark.dovecot
def test_a_retry_looks_in_sent_first(db: Database, smtpd: SmtpTestServer, dovecot: Dovecot) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    target, user = dovecot_target(smtpd, dovecot)
    # An earlier attempt that did reach the server (which filed it itself) but was recorded as deferred.
    with db.write() as s:
        row = s.get(OutboxItem, item_id)
        assert row is not None
        row.attempts, row.last_error = 1, "451 4.3.0 Try again later"
    dovecot.append(user, [raw], folder="Sent")
    report = send_due(db, lambda name: target)
    assert report.sent == [item_id] and report.found_in_sent == [item_id]
    assert smtpd.messages == [] and smtpd.bodies == []
    assert sent_copies(dovecot, user) == [raw]
    assert item(db, item_id).filed_in_sent is True
    assert interaction(db, iid).state == State.SENT.value


@pytest.mark.dovecot
def test_an_uncertain_message_shows_the_sent_folder_search(db: Database, dovecot: Dovecot) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    with SmtpTestServer(faults=Faults(stall=True)) as server:
        target, user = dovecot_target(server, dovecot, timeout=1.0)
        assert send_due(db, lambda name: target).uncertain == [item_id]
    with db.read() as s:
        detail = s.scalars(select(History.detail).where(History.interaction_id == iid,
                                                        History.event == "send_uncertain")).one()
    assert "found_in_sent" not in detail  # a Sent folder only agentdesk fills cannot tell: not searched
    assert item(db, item_id).sent_folder == "agentdesk"
    assert sent_folder_has(target, item(db, item_id).message_id) is False
    dovecot.append(user, [raw], folder="Sent")  # e.g. the server filed it after all
    assert sent_folder_has(target, item(db, item_id).message_id) is True


def test_sent_folder_has_needs_an_imap_server(smtpd: SmtpTestServer) -> None:
    with pytest.raises(SentFolderError, match="no IMAP server"):
        sent_folder_has(plain_target(smtpd), "<a@example.com>")


def test_temporary_failures_give_up_after_two_days(db: Database) -> None:
    center = seed_center(db)
    iid, item_id, _ = reply(db, center)
    with db.write() as s:
        row = s.get(OutboxItem, item_id)
        assert row is not None
        row.created_at = utcnow() - timedelta(days=3)
    with SmtpTestServer(faults=Faults(temporary=5)) as server:
        assert send_due(db, lambda name: plain_target(server)).failed == [item_id]
    assert (item(db, item_id).last_error or "").startswith("gave up after 1 attempts: ")
    assert interaction(db, iid).state == State.FAILED.value


@pytest.mark.dovecot
def test_sent_folder_has_takes_configured_mailboxes(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = dovecot.new_user()
    dovecot.append(user, [b"Message-ID: <filed@example.com>\r\nSubject: x\r\n\r\nbody\r\n"], folder="Sent")
    monkeypatch.setenv("AGENTDESK_TEST_IMAP_PW", user.password)
    table = dovecot.imap_table(user, password_env="AGENTDESK_TEST_IMAP_PW", sent_folder="Sent")
    mailbox = parse_mailbox({"name": "support", "address": "support@example.com", "team": "support",
                             "imap": table})
    assert sent_folder_has(mailbox, "<filed@example.com>") is True
    assert sent_folder_has(mailbox, "<other@example.com>") is False
    monkeypatch.delenv("AGENTDESK_TEST_IMAP_PW")
    with pytest.raises(SentFolderError, match="AGENTDESK_TEST_IMAP_PW"):
        sent_folder_has(mailbox, "<filed@example.com>")


# -- a connection closed in the middle of a send ---------------------------------------------------------------
class CuttingSmtp:
    """A minimal SMTP server on loopback that takes MAIL, RCPT and DATA, then closes the connection without an
    answer: after ``cut_after`` bytes of the body, or (None) once the whole body has arrived."""

    def __init__(self, cut_after: int | None) -> None:
        self.cut_after = cut_after
        self.received = b""
        self.connections = 0
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(4)
        self.port = int(self._listener.getsockname()[1])
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self._listener.accept()
        except OSError:
            return
        self.connections += 1
        with conn:
            reader = conn.makefile("rb")
            conn.sendall(b"220 cut.example ESMTP\r\n")
            while True:
                line = reader.readline()
                if not line:
                    return
                verb = line[:4].upper()
                if verb == b"EHLO":
                    conn.sendall(b"250-cut.example\r\n250 8BITMIME\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    break
                else:
                    conn.sendall(b"250 OK\r\n")
            while not self.received.endswith(b"\r\n.\r\n"):
                want = 1 if self.cut_after is None else max(1, self.cut_after - len(self.received))
                chunk = reader.read1(want) if self.cut_after is None else reader.read(want)
                if not chunk:
                    return
                self.received += chunk
                if self.cut_after is not None and len(self.received) >= self.cut_after:
                    break
            conn.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread if it still waits in accept()
        self._listener.close()
        self._thread.join(10)


def test_connection_closed_during_the_body_is_retried(db: Database) -> None:
    center = seed_center(db)
    _, item_id, _ = reply(db, center, body_lines=12_000)  # more than the sockets buffer: the write fails
    server = CuttingSmtp(200)
    try:
        report = send_due(db, lambda name: SendTarget(SmtpServer("127.0.0.1", server.port, "none", timeout=10)))
    finally:
        server.close()
    assert report.retrying == [item_id] and report.uncertain == []
    row = item(db, item_id)
    assert row.state == "queued" and row.step == "data" and "before its end" in (row.last_error or "")
    with SmtpTestServer() as later:
        assert send_due(db, lambda name: plain_target(later), now=utcnow() + timedelta(minutes=5)).sent == [item_id]
        assert len(later.messages) == 1


def test_connection_closed_after_the_body_is_uncertain(db: Database) -> None:
    cut_after = None
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    server = CuttingSmtp(cut_after)
    try:
        report = send_due(db, lambda name: SendTarget(SmtpServer("127.0.0.1", server.port, "none", timeout=10)))
    finally:
        server.close()
    assert report.uncertain == [item_id] and report.sent == [] and report.retrying == []
    assert server.connections == 1 and len(server.received) >= (cut_after or len(raw))
    row = item(db, item_id)
    assert row.state == "uncertain" and "may or may not" in (row.last_error or "")
    assert events(db, iid)[-1] == "send_uncertain"
    with SmtpTestServer() as later:  # never sent again on its own, whatever happens next
        assert send_due(db, lambda name: plain_target(later), now=utcnow() + timedelta(days=1)).sent == []
        assert later.bodies == []


@pytest.mark.parametrize(("step", "state"), [("answered_sent", "sent"), ("answered_permanent", "failed"),
                                             ("answered_temporary", "sent")])
def test_a_recorded_answer_a_dead_sender_did_not_commit_is_applied(db: Database, smtpd: SmtpTestServer,
                                                                     step: str, state: str) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    _left_sending(db, item_id, step)
    with db.write() as s:
        row = s.get(OutboxItem, item_id)
        assert row is not None
        row.last_error, row.sent_folder = "550 5.7.1 refused" if "permanent" in step else "250 ok", "agentdesk"
    report = send_due(db, lambda name: plain_target(smtpd))
    assert report.recovered == [item_id] and report.uncertain == []
    row = item(db, item_id)
    assert row.state == state
    if step == "answered_sent":
        assert smtpd.messages == [] and row.sent_copy == "pending"  # not sent again; its copy still to file
        assert interaction(db, iid).state == State.SENT.value
    elif step == "answered_permanent":
        assert smtpd.messages == [] and interaction(db, iid).state == State.FAILED.value
    else:  # a 4xx answer: tried again, delivered once
        assert [m.data for m in smtpd.messages] == [raw]
