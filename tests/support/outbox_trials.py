"""Seeded SIGKILL trials of the outbox sender against a loopback SMTP server that answers in 0–500 ms.

Replies of two mailboxes are queued: ``filing`` (its server files every message it takes in its Dovecot Sent
folder, as Gmail and Exchange do) and ``own`` (agentdesk files the Sent copy itself). Each trial starts a sender
process (``send_due`` in a loop) and SIGKILLs it after a random moment; after the last trial the sender runs
undisturbed until nothing is left to do. Then the server's log, the Sent folders and the outbox are compared:
double sends, sent emails without exactly one Sent copy, uncertain emails whose end of data never reached the
server, uncertain emails left for a person where the Sent folder could decide. Used by a test (a few trials) and
by ``bench/bench_outbox_kill.py`` (40, or as many as asked).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from email.parser import BytesHeaderParser
from pathlib import Path

from sqlalchemy import func, select

from agentdesk.routing.db import Database
from agentdesk.routing.models import Direction, History, Interaction, OutboxItem, Purpose, State
from agentdesk.routing.outbox import enqueue
from agentdesk.routing.types import utcnow
from tests.support.dovecot import Dovecot, ImapUser
from tests.support.factories import Center, inbound, seed_center
from tests.support.smtpd import Faults, Received, SmtpTestServer

ROOT = Path(__file__).resolve().parents[2]
GRACE_SECONDS = 1.0

_SENDER = """
import ssl, sys, time
from datetime import timedelta
from sqlalchemy import func, select
from agentdesk.mail.sentfolder import ImapServer
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.models import OutboxItem
from agentdesk.routing.sender import SendTarget, send_due
url, port, imap_port, cafile, grace = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
users = {"filing": sys.argv[6:8], "own": sys.argv[8:10]}
context = ssl.create_default_context(cafile=cafile)
smtp = SmtpServer("127.0.0.1", port, "none", timeout=30)
targets = {name: SendTarget(smtp, ImapServer("127.0.0.1", imap_port, "tls", u, p, context, 30), "Sent",
                            name == "filing", timedelta(seconds=grace)) for name, (u, p) in users.items()}
db = Database(url)
print("ready", flush=True)
def busy():
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(OutboxItem).where(
            (OutboxItem.state.in_(["queued", "sending"])) | (OutboxItem.sent_copy == "pending")
            | ((OutboxItem.state == "uncertain") & (OutboxItem.sent_folder == "server"))))
for _ in range(200):
    send_due(db, targets.get)
    if not busy():
        break
    time.sleep(0.2)
"""


@dataclass
class TrialResult:
    """What the trials came to (see the module's docstring)."""

    seed: int
    trials: int
    killed: int = 0  # trials whose sender was still working when killed
    messages: int = 0
    sent_once: int = 0
    double_sends: int = 0
    not_sent: int = 0  # left queued/sending/failed at the end (should be 0)
    uncertain: int = 0  # left for a person (own mailbox only)
    uncertain_filing: int = 0  # left for a person although the Sent folder could decide (should be 0)
    uncertain_without_end_of_data: int = 0  # uncertain, but the server never got the final dot (should be 0)
    retried: int = 0  # sends a kill interrupted before the end of data, queued again
    decided_sent: int = 0  # uncertain, found in the server-filled Sent folder
    decided_resend: int = 0  # uncertain, not found there: sent again
    without_sent_copy: int = 0  # sent, but no copy in the Sent folder (should be 0)
    copies_twice: int = 0  # sent, and more than one copy (should be 0)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.double_sends or self.not_sent or self.uncertain_filing or self.uncertain_without_end_of_data
                    or self.without_sent_copy or self.copies_twice)


def _queue(db: Database, center: Center, mailbox: str) -> None:
    address = f"{mailbox}@example.com"
    parent_id = inbound(db, center)
    message_id = f"<trial-{uuid.uuid4().hex}@example.com>"
    raw = (f"From: Example Support <{address}>\r\nTo: jane@example.org\r\nSubject: Re: 納期\r\n"
           f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\nご連絡ありがとうございます。\r\n").encode()
    with db.write() as s:
        parent = s.get(Interaction, parent_id)
        assert parent is not None
        out = Interaction(direction=Direction.OUTBOUND.value, state=State.DRAFT.value, purpose=Purpose.REPLY.value,
                          owner_id=center.users["sato"], team_id=parent.team_id, case_id=parent.case_id,
                          contact_id=parent.contact_id, parent_id=parent.id, mailbox=mailbox,
                          from_addr=address, to_addrs=["jane@example.org"], subject="Re: 納期")
        s.add(out)
        s.flush()
        enqueue(s, out, raw=raw, message_id=message_id, envelope_from=address, envelope_to=["jane@example.org"],
                mailbox=mailbox, not_before=utcnow() - timedelta(seconds=1))


def _message_id(data: bytes) -> str:
    return " ".join(str(BytesHeaderParser().parsebytes(data).get("Message-ID", "")).split())


def _sent_ids(dovecot: Dovecot, user: ImapUser) -> Counter[str]:
    with dovecot.client(user) as client:
        if not client.folder_exists("Sent"):
            return Counter()
        client.select_folder("Sent", readonly=True)
        uids = client.search("ALL")
        if not uids:
            return Counter()
        fetched = client.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        return Counter(_message_id(bytes(next(v for k, v in d.items() if k.startswith(b"BODY"))))
                       for d in fetched.values())


def _sender(db: Database, port: int, dovecot: Dovecot, users: dict[str, ImapUser]) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-c", _SENDER, db.url.render_as_string(hide_password=False), str(port),
            str(dovecot.imaps_port), str(dovecot.cert_file), str(GRACE_SECONDS)]
    for name in ("filing", "own"):
        args += [users[name].name, users[name].password]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def run_trials(db: Database, dovecot: Dovecot, *, trials: int, seed: int,
               answer_delay: tuple[float, float] = (0.0, 0.5), kill_window: tuple[float, float] = (0.0, 1.5),
               backlog: int = 6) -> TrialResult:
    """``trials`` SIGKILLs of a sender process at seeded random moments, then a quiet finish; see the docstring."""
    started = time.monotonic()
    rng = random.Random(seed)
    result = TrialResult(seed=seed, trials=trials)
    center = seed_center(db, undo_send_seconds=0)
    users = {"filing": dovecot.new_user(), "own": dovecot.new_user()}

    def deliver(received: Received) -> None:  # the "filing" mailbox's server files what it takes
        if received.mail_from == "filing@example.com":
            dovecot.append(users["filing"], [received.data], folder="Sent")

    def waiting() -> int:
        with db.read() as s:
            return int(s.scalar(select(func.count()).select_from(OutboxItem)
                                .where(OutboxItem.state == "queued")) or 0)

    with SmtpTestServer(faults=Faults(answer_delay=answer_delay, seed=seed), deliver=deliver) as server:
        for _ in range(trials):
            while waiting() < backlog:  # keep the sender busy at every kill
                _queue(db, center, "filing" if result.messages % 2 == 0 else "own")
                result.messages += 1
            proc = _sender(db, server.port, dovecot, users)
            assert proc.stdout is not None
            proc.stdout.readline()  # imports done: the kill window starts when it can work
            deadline = time.monotonic() + rng.uniform(*kill_window)
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.01)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                result.killed += 1
            proc.communicate(timeout=30)
        for _ in range(5):  # the quiet finish (PostgreSQL may take a moment to free a dead session's locks)
            proc = _sender(db, server.port, dovecot, users)
            _, err = proc.communicate(timeout=300)
            if proc.returncode != 0:
                result.problems.append(f"the last sender failed: {err.decode(errors='replace')[-500:]}")
                break
            with db.read() as s:
                left = s.scalar(select(func.count()).select_from(OutboxItem).where(
                    OutboxItem.state.in_(["queued", "sending"]) | (OutboxItem.sent_copy == "pending")))
            if not left:
                break
        taken = Counter(_message_id(m.data) for m in server.messages)
        ends_of_data = {_message_id(b) for b in server.bodies} | {_message_id(h.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n")
                                                                  for h in server.wire_ends}
    copies = {name: _sent_ids(dovecot, user) for name, user in users.items()}
    with db.read() as s:
        rows = list(s.execute(select(OutboxItem.mailbox, OutboxItem.message_id, OutboxItem.state)))
        history = list(s.execute(select(History.event, History.detail).where(
            History.event.in_(["send_deferred", "sent", "resend"]))))
    for mailbox, message_id, state in rows:
        count = taken[message_id]
        result.double_sends += count > 1
        if state == "sent":
            result.sent_once += count == 1
            if count == 0:
                result.problems.append(f"{message_id} is sent but the server never took it")
            result.without_sent_copy += copies[mailbox][message_id] == 0
            result.copies_twice += copies[mailbox][message_id] > 1
        elif state == "uncertain":
            result.uncertain += 1
            result.uncertain_filing += mailbox == "filing"
            result.uncertain_without_end_of_data += message_id not in ends_of_data
        else:
            result.not_sent += 1
            result.problems.append(f"{message_id} ended {state}")
    for event, detail in history:
        detail = detail if isinstance(detail, dict) else {}
        result.retried += event == "send_deferred" and bool(detail.get("interrupted"))
        result.decided_sent += event == "sent" and detail.get("decided_by") == "sent_folder"
        result.decided_resend += event == "resend" and detail.get("decided_by") == "sent_folder"
    result.seconds = time.monotonic() - started
    return result


def table(results: list[tuple[str, TrialResult]]) -> str:
    """The figures as a Markdown table, one column per run."""
    rows = [("seed", "seed"), ("SIGKILL trials", "trials"), ("… killed while working", "killed"),
            ("replies queued", "messages"), ("sent exactly once", "sent_once"), ("double sends", "double_sends"),
            ("not sent at the end", "not_sent"), ("uncertain, left for a person", "uncertain"),
            ("… of a mailbox whose server files sent mail", "uncertain_filing"),
            ("uncertain whose end of data never reached the server", "uncertain_without_end_of_data"),
            ("interrupted before the end of data: retried", "retried"),
            ("decided by the Sent folder: found, sent", "decided_sent"),
            ("decided by the Sent folder: not found, sent again", "decided_resend"),
            ("sent without a Sent copy", "without_sent_copy"), ("sent with two Sent copies", "copies_twice"),
            ("seconds", "seconds")]
    lines = ["| measure | " + " | ".join(name for name, _ in results) + " |",
             "| --- | " + " | ".join("---:" for _ in results) + " |"]
    for label, attr in rows:
        cells = [f"{getattr(r, attr):.0f}" if attr == "seconds" else str(getattr(r, attr)) for _, r in results]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
