"""A sender SIGKILLed at each step of the SMTP conversation, on SQLite and PostgreSQL: what the next pass does.

The loopback server hangs at the step (after connect, after RCPT, in the middle of the data, after the end of
data before its answer), or the sender kills itself after the answer before its commit. Before the final dot:
retried and delivered once. After it: uncertain — or, where the server files what it takes in the Sent folder
(Dovecot here, filled by the server's ``deliver`` hook), decided there without a person.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from agentdesk.mail.sentfolder import ImapServer
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.sender import SendTarget, recover_interrupted, send_due
from tests.routing.test_sender import events, item, reply, sent_copies
from tests.support.dovecot import Dovecot, ImapUser, dovecot_fixture
from tests.support.factories import seed_center
from tests.support.smtpd import Faults, Received, SmtpTestServer, wait_until

ROOT = Path(__file__).resolve().parents[2]
__all__ = ["dovecot_fixture"]

_CHILD = """
import os, signal, ssl, sys
from datetime import timedelta
from agentdesk.mail.sentfolder import ImapServer
from agentdesk.mail.smtp import Outcome, SmtpServer
from agentdesk.routing import sender
from agentdesk.routing.db import Database
url, port, kill = sys.argv[1], int(sys.argv[2]), sys.argv[3]
imap = None
if len(sys.argv) > 4:
    imap = ImapServer("127.0.0.1", int(sys.argv[4]), "tls", sys.argv[5], sys.argv[6],
                      ssl.create_default_context(cafile=sys.argv[7]))
target = sender.SendTarget(SmtpServer("127.0.0.1", port, "none", timeout=120), imap, "Sent", imap is not None,
                           timedelta(0))
if kill == "answer":
    finish = sender._finish
    def dying(session, claimed, result, *args, **kwargs):
        if result.outcome is Outcome.SENT:
            os.kill(os.getpid(), signal.SIGKILL)  # the answer is recorded; the outcome is not committed
        return finish(session, claimed, result, *args, **kwargs)
    sender._finish = dying
elif kill == "unrecorded_answer":
    def unrecorded(claim, item_id):
        def answered(result):
            os.kill(os.getpid(), signal.SIGKILL)  # the answer came; nothing of it is recorded
        return answered
    sender._answer_recorder = unrecorded
sender.send_due(Database(url), lambda name: target)
"""

#: where the server stops → the step the row must have recorded by then
RECORDED = {"connect": "connecting", "rcpt": "recipients", "mid_data": "data", "end_of_data": "end_of_data"}


def _child(db: Database, port: int, *, kill: str, imap: ImapServer | None,
           cafile: Path | None) -> subprocess.Popen[str]:
    args = [sys.executable, "-c", _CHILD, db.url.render_as_string(hide_password=False), str(port), kill]
    if imap is not None:
        args += [str(imap.port), imap.username, imap.password, str(cafile)]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def _run_case(db: Database, stop: str, *, dovecot: Dovecot | None = None, taken: bool = False) -> dict[str, object]:
    """Stop one send at ``stop`` (a server step; "answer": killed after the answer was recorded, before the
    outcome's commit; "unrecorded_answer": killed as the answer came, before recording it), kill the sender,
    then run the next pass against a normal server. Returns what happened."""
    killed_by_itself = stop in ("answer", "unrecorded_answer")
    center = seed_center(db)
    iid, item_id, raw = reply(db, center, body_lines=16_000 if stop == "mid_data" else 0)
    user: ImapUser | None = None
    imap: ImapServer | None = None
    deliver: Callable[[Received], None] | None = None
    if dovecot is not None:
        user = dovecot.new_user()
        imap = ImapServer("127.0.0.1", dovecot.imaps_port, "tls", user.name, user.password, dovecot.ssl_context())
        filing_user = user

        def deliver(received: Received) -> None:  # the server files what it takes, as Gmail and Exchange do
            dovecot.append(filing_user, [received.data], folder="Sent")

    faults = Faults() if killed_by_itself else Faults(stop_at=stop, stop_how="hang", take_before_stop=taken)
    with SmtpTestServer(faults=faults, stall_seconds=120, deliver=deliver) as first:
        child = _child(db, first.port, kill=stop if killed_by_itself else "none", imap=imap,
                       cafile=dovecot.cert_file if dovecot is not None else None)
        try:
            if killed_by_itself:
                wait_until(lambda: child.poll() is not None, timeout=60, what="the sender to kill itself")
                assert child.returncode == -signal.SIGKILL, child.communicate()
                assert len(first.messages) == 1
            else:
                wait_until(lambda: (first.reached == [stop] and item(db, item_id).step == RECORDED[stop])
                           or child.poll() is not None, timeout=60, what=f"the send to hang at {stop}")
                assert child.poll() is None, child.communicate()
                assert item(db, item_id).state == "sending"
                assert recover_interrupted(db) == []  # a live sender's row is left alone
        finally:
            _kill(child)
        first_took = [m.data for m in first.messages]
    target = SendTarget(SmtpServer("127.0.0.1", 0, "none"), imap, "Sent", imap is not None, timedelta(0))
    # PostgreSQL frees the dead session's lock as soon as it notices the closed connection.
    wait_until(lambda: item_id in recover_interrupted(db, lambda name: target), timeout=30, what="recovery")
    with SmtpTestServer(deliver=deliver) as good:
        report = send_due(db, lambda name: SendTarget(SmtpServer("127.0.0.1", good.port, "none", timeout=60), imap,
                                                     "Sent", imap is not None, timedelta(0)))
        second_took = [m.data for m in good.messages]
    copies = sent_copies(dovecot, user) if dovecot is not None and user is not None else None
    return {"state": item(db, item_id).state, "delivered": first_took + second_took, "raw": raw,
            "report": report, "item_id": item_id, "events": events(db, iid), "copies": copies}


@pytest.mark.parametrize("stop", ["connect", "rcpt", "mid_data"])
def test_killed_before_the_end_of_data_is_retried_and_delivered_once(db: Database, stop: str) -> None:
    case = _run_case(db, stop)
    assert case["state"] == "sent", case["report"]
    assert case["delivered"] == [case["raw"]]
    assert "send_deferred" in case["events"]  # type: ignore[operator]


@pytest.mark.parametrize("stop", ["end_of_data", "unrecorded_answer"])
def test_killed_after_the_end_of_data_is_uncertain_where_the_server_cannot_tell(db: Database, stop: str) -> None:
    case = _run_case(db, stop)
    assert case["state"] == "uncertain"
    assert len(case["delivered"]) == (1 if stop == "unrecorded_answer" else 0)  # type: ignore[arg-type]
    assert item(db, case["item_id"]).sent_folder == "none"  # type: ignore[arg-type]


def test_killed_after_the_answer_was_recorded_is_sent(db: Database) -> None:
    case = _run_case(db, "answer")
    assert case["state"] == "sent" and case["delivered"] == [case["raw"]]
    assert case["report"].sent == []  # type: ignore[attr-defined]  # the recovery applied the recorded answer
    assert case["events"][-1] == "sent" and "send_uncertain" not in case["events"]  # type: ignore[index,operator]


@pytest.mark.dovecot
@pytest.mark.parametrize(("stop", "taken"), [("end_of_data", True), ("end_of_data", False),
                                             ("unrecorded_answer", True)],
                         ids=["taken-answer-lost", "not-taken", "killed-after-answer"])
def test_killed_after_the_end_of_data_is_decided_by_a_server_filled_sent_folder(
        db: Database, dovecot: Dovecot, stop: str, taken: bool) -> None:
    case = _run_case(db, stop, dovecot=dovecot, taken=taken)
    report = case["report"]
    assert case["state"] == "sent"
    assert case["delivered"] == [case["raw"]]  # once: either the server had it, or it is sent again
    assert case["copies"] == [case["raw"]]  # the server's own copy, and no second one from agentdesk
    if taken:
        assert report.decided_sent == [case["item_id"]]  # type: ignore[attr-defined]
    else:
        assert report.decided_resend == [case["item_id"]]  # type: ignore[attr-defined]
    assert item(db, case["item_id"]).sent_copy == "server"  # type: ignore[arg-type]


@pytest.mark.parametrize(("stop", "outcome"), [("connect", "queued"), ("rcpt", "queued"), ("end_of_data", "uncertain")])
def test_a_dropped_conversation_at_each_step(db: Database, stop: str, outcome: str) -> None:
    center = seed_center(db)
    _, item_id, raw = reply(db, center)
    with SmtpTestServer(faults=Faults(stop_at=stop, stop_how="drop")) as server:
        target = SendTarget(SmtpServer("127.0.0.1", server.port, "none", timeout=10))
        send_due(db, lambda name: target)
        row = item(db, item_id)
        assert (row.state, row.step) == (outcome, RECORDED[stop])
        later = send_due(db, lambda name: target, now=row.not_before + timedelta(minutes=5))
        if outcome == "queued":  # delivered once on the next attempt
            assert later.sent == [item_id] and [m.data for m in server.messages] == [raw]
        else:  # never sent again on its own where the Sent folder cannot tell
            assert later.sent == [] and server.messages == [] and item(db, item_id).sent_folder == "none"


@pytest.mark.dovecot
@pytest.mark.parametrize("taken", [True, False], ids=["taken-answer-lost", "not-taken"])
def test_a_lost_answer_is_decided_by_a_server_filled_sent_folder_without_a_person(db: Database, dovecot: Dovecot,
                                                                                 taken: bool) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    user = dovecot.new_user()
    imap = ImapServer("127.0.0.1", dovecot.imaps_port, "tls", user.name, user.password, dovecot.ssl_context())

    def deliver(received: Received) -> None:
        dovecot.append(user, [received.data], folder="Sent")

    faults = Faults(stop_at="end_of_data", stop_how="drop", take_before_stop=taken)
    with SmtpTestServer(faults=faults, deliver=deliver) as server:
        target = SendTarget(SmtpServer("127.0.0.1", server.port, "none", timeout=10), imap, "Sent", True,
                            timedelta(seconds=60))
        assert send_due(db, lambda name: target).uncertain == [item_id]
        row = item(db, item_id)
        assert row.sent_folder == "server" and row.not_before == row.uncertain_at + timedelta(seconds=60)
        assert send_due(db, lambda name: target).decided_sent == []  # inside the grace period: not yet
        report = send_due(db, lambda name: target, now=row.not_before + timedelta(seconds=1))
        assert (report.decided_sent if taken else report.decided_resend) == [item_id]
        assert item(db, item_id).state == "sent"
        assert [m.data for m in server.messages] == [raw]  # exactly once, either way
    assert sent_copies(dovecot, user) == [raw]
    assert "sent" in events(db, iid)
