"""A Sent copy exactly once for every sent email of a mailbox whose Sent folder agentdesk fills, after any crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.mail.sentfolder import ImapServer
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.outbox import resolve_uncertain
from agentdesk.routing.sender import SendTarget, send_due
from agentdesk.routing.sendlock import Claim
from agentdesk.routing.sentcopy import SendReport, file_pending
from tests.routing.test_sender import dovecot_target, item, reply, sent_copies, smtpd
from tests.support.dovecot import Dovecot, dovecot_fixture
from tests.support.factories import seed_center
from tests.support.smtpd import Faults, SmtpTestServer, free_port

ROOT = Path(__file__).resolve().parents[2]
__all__ = ["dovecot_fixture", "smtpd"]

_CHILD = """
import os, signal, ssl, sys
from agentdesk.mail.sentfolder import ImapServer
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing import sender, sentcopy
from agentdesk.routing.db import Database
from agentdesk.routing.outbox import resolve_uncertain
url, port = sys.argv[1], int(sys.argv[2])
imap = ImapServer("127.0.0.1", int(sys.argv[3]), "tls", sys.argv[4], sys.argv[5],
                  ssl.create_default_context(cafile=sys.argv[6]))
target = sender.SendTarget(SmtpServer("127.0.0.1", port, "none", timeout=30), imap, "Sent")
def dying(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)  # sent is committed; the copy is not filed
sentcopy.file_held = dying
sender.send_due(Database(url), lambda name: target)
"""


@pytest.mark.dovecot
def test_a_crash_after_sent_leaves_a_pending_copy_the_next_pass_files_once(db: Database, smtpd: SmtpTestServer,
                                                                              dovecot: Dovecot) -> None:
    center = seed_center(db)
    _, item_id, raw = reply(db, center)
    target, user = dovecot_target(smtpd, dovecot)
    assert target.imap is not None
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, db.url.render_as_string(hide_password=False), str(smtpd.port),
         str(target.imap.port), user.name, user.password, str(dovecot.cert_file)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert child.returncode == -signal.SIGKILL, child.stderr
    row = item(db, item_id)
    assert (row.state, row.sent_copy) == ("sent", "pending") and sent_copies(dovecot, user) == []
    report = send_due(db, lambda name: target)
    assert report.filed == [item_id] and report.sent == []
    assert item(db, item_id).sent_copy == "filed" and sent_copies(dovecot, user) == [raw]
    assert send_due(db, lambda name: target).filed == []
    assert len(smtpd.messages) == 1 and sent_copies(dovecot, user) == [raw]


@pytest.mark.dovecot
def test_a_copy_filed_before_a_crash_is_not_filed_twice(db: Database, smtpd: SmtpTestServer,
                                                        dovecot: Dovecot) -> None:
    center = seed_center(db)
    _, item_id, raw = reply(db, center)
    target, user = dovecot_target(smtpd, dovecot)
    unreachable = SendTarget(target.smtp, ImapServer("127.0.0.1", free_port(), "tls", "x", "y"), "Sent")
    assert send_due(db, lambda name: unreachable).copy_pending == [item_id]
    dovecot.append(user, [raw], folder="Sent")  # filed, then the sender died before recording it
    report = SendReport()
    file_pending(db, lambda name: target, report)
    assert report.filed == [item_id]
    assert sent_copies(dovecot, user) == [raw]  # the Message-ID was searched first: still one copy
    assert item(db, item_id).sent_copy == "filed"


def test_a_copy_that_cannot_be_filed_stays_visible_with_the_servers_words(db: Database,
                                                                          smtpd: SmtpTestServer) -> None:
    center = seed_center(db)
    _, item_id, _ = reply(db, center)
    target = SendTarget(SmtpServer("127.0.0.1", smtpd.port, "none"),
                        ImapServer("127.0.0.1", free_port(), "tls", "x", "y", timeout=5), "Sent")
    report = send_due(db, lambda name: target)
    assert report.sent == [item_id] and report.copy_pending == [item_id]
    row = item(db, item_id)
    assert row.sent_copy == "pending" and "cannot connect" in (row.sent_copy_error or "")
    assert send_due(db, lambda name: target).copy_pending == [item_id]  # tried again each pass
    assert len(smtpd.messages) == 1


def test_a_copy_being_filed_by_another_sender_is_left_to_it(db: Database, smtpd: SmtpTestServer) -> None:
    center = seed_center(db)
    _, item_id, _ = reply(db, center)
    target = SendTarget(SmtpServer("127.0.0.1", smtpd.port, "none"),
                        ImapServer("127.0.0.1", free_port(), "tls", "x", "y", timeout=5), "Sent")
    send_due(db, lambda name: target)
    with Claim(db) as other:
        assert other.try_hold(item_id)
        report = SendReport()
        file_pending(db, lambda name: target, report)
        assert report.copy_pending == [] and report.filed == []


@pytest.mark.dovecot
def test_an_uncertain_send_the_agent_says_was_sent_gets_its_copy_once(db: Database, dovecot: Dovecot) -> None:
    center = seed_center(db)
    _, item_id, raw = reply(db, center)
    with SmtpTestServer(faults=Faults(stop_at="end_of_data", stop_how="drop", take_before_stop=True)) as server:
        target, user = dovecot_target(server, dovecot)
        assert send_due(db, lambda name: target).uncertain == [item_id]
        assert item(db, item_id).sent_folder == "agentdesk" and sent_copies(dovecot, user) == []
        with db.write() as s:
            resolve_uncertain(s, item_id, "sent")
        assert item(db, item_id).sent_copy == "pending"
        assert send_due(db, lambda name: target).filed == [item_id]
        assert send_due(db, lambda name: target).filed == []
        assert sent_copies(dovecot, user) == [raw] and len(server.messages) == 1
