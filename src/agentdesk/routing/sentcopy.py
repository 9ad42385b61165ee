"""The outbox and the mailbox's Sent folder: one copy of every sent message, and uncertain sends decided there.

*A Sent copy exactly once.* For a mailbox whose Sent folder agentdesk fills itself, ``sent`` is committed with
``sent_copy = 'pending'`` in the same transaction; the sender then files the copy (``file_held``), and a copy that
a crash or an unreachable IMAP server left pending is filed by a later pass (``file_pending``). Filing always
searches the folder for the Message-ID first and holds the row's send lock, so a copy is never filed twice; a copy
that cannot be filed stays ``pending`` with the server's words in ``sent_copy_error`` (the outbox lists it).

*Uncertain sends the server can decide.* Where the mailbox's server files every message it takes in the Sent
folder itself (``server_files_sent``: Gmail, Microsoft 365 …), an ``uncertain`` row is looked up there by its
Message-ID once its grace period is over (its ``not_before``): found → ``sent``; not found → the server did not
take it, so it is ``queued`` and sent again (the sender searches once more just before). Each decision is a
conditional update, so two routers never decide one row twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from agentdesk.mail.sentfolder import ImapServer, SentFolderError, file_copy, has_message_id
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, OutboxItem, State
from agentdesk.routing.outbox import record
from agentdesk.routing.sendlock import Claim
from agentdesk.routing.types import utcnow

log = logging.getLogger(__name__)

#: how long after an uncertain send the Sent folder is asked, unless the mailbox says (``sent_grace_seconds``)
DEFAULT_GRACE = timedelta(seconds=300)


@dataclass(frozen=True)
class SendTarget:
    """Where one mailbox's mail goes out (SMTP) and where its Sent folder is (IMAP, optional);
    ``server_files_sent``: the SMTP server files every message it takes there itself."""

    smtp: SmtpServer
    imap: ImapServer | None = None
    sent_folder: str = "Sent"
    server_files_sent: bool = False
    grace: timedelta = DEFAULT_GRACE

    @property
    def decides_uncertain(self) -> bool:
        """Can the Sent folder decide an uncertain send of this mailbox?"""
        return self.server_files_sent and self.imap is not None

    @property
    def sent_folder_kind(self) -> str:
        """What the Sent folder can tell (recorded on the row): ``server`` | ``agentdesk`` | ``none``."""
        if self.imap is None:
            return "none"
        return "server" if self.server_files_sent else "agentdesk"


TargetLookup = Callable[[str | None], SendTarget | None]


@dataclass
class SendReport:
    """What one pass did, by outbox item id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    uncertain: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)
    found_in_sent: list[int] = field(default_factory=list)
    filed: list[int] = field(default_factory=list)
    recovered: list[int] = field(default_factory=list)  # left in sending by a dead sender (queued or uncertain)
    requeued: list[int] = field(default_factory=list)  # … of which queued again: its final dot was never written
    decided_sent: list[int] = field(default_factory=list)  # uncertain, found in the server-filled Sent folder
    decided_resend: list[int] = field(default_factory=list)  # uncertain, not found there: queued again
    copy_pending: list[int] = field(default_factory=list)  # sent, but the Sent copy could not be filed yet
    errors: dict[int, str] = field(default_factory=dict)


def _target(find: TargetLookup, mailbox: str | None) -> SendTarget | None:
    try:
        return find(mailbox)
    except Exception as exc:  # a missing password …
        log.warning("mailbox %r: the Sent folder cannot be used: %s", mailbox, exc)
        return None


# -- a Sent copy exactly once ----------------------------------------------------------------------------------
def file_held(db: Database, claim: Claim, item_id: int, target: SendTarget, report: SendReport) -> None:
    """File the pending copy of ``item_id`` (sent; its lock held by ``claim``): search, then append once."""
    with db.read() as s:
        row = s.get(OutboxItem, item_id)
        if row is None or row.state != "sent" or row.sent_copy != "pending":
            return
        raw, message_id = row.raw, row.message_id
    if target.imap is None:
        return
    try:
        file_copy(target.imap, target.sent_folder, raw, message_id)  # searches for the Message-ID first
    except SentFolderError as exc:
        words = f"sent, but filing a copy in the Sent folder failed: {exc}"
        with claim.tx() as s:
            s.execute(update(OutboxItem).where(OutboxItem.id == item_id, OutboxItem.sent_copy == "pending")
                      .values(sent_copy_error=words).execution_options(synchronize_session=False))
        report.copy_pending.append(item_id)
        report.errors[item_id] = words
        return
    with claim.tx() as s:
        s.execute(update(OutboxItem).where(OutboxItem.id == item_id, OutboxItem.sent_copy == "pending")
                  .values(sent_copy="filed", sent_copy_error=None, filed_in_sent=True)
                  .execution_options(synchronize_session=False))
    report.filed.append(item_id)


def file_pending(db: Database, find: TargetLookup, report: SendReport) -> None:
    """File every copy still pending (a crash after ``sent``, or the IMAP server was away), each under its lock."""
    with db.read() as s:
        pending = list(s.execute(select(OutboxItem.id, OutboxItem.mailbox).where(
            OutboxItem.state == "sent", OutboxItem.sent_copy == "pending").order_by(OutboxItem.id)))
    for item_id, mailbox in pending:
        target = _target(find, mailbox)
        if target is None or target.imap is None:
            continue
        with Claim(db) as claim:
            if not claim.try_hold(item_id):
                continue  # another sender is filing it right now
            file_held(db, claim, item_id, target, report)


# -- uncertain sends decided by a server-filled Sent folder ----------------------------------------------------
def _decide(db: Database, item_id: int, seen: datetime | None, found: bool, now: datetime) -> bool:
    """Record the Sent folder's decision on an uncertain row, if it is still the uncertain row that was looked up."""
    values: dict[str, Any]
    if found:
        values = {"state": "sent", "sent_at": now, "sent_copy": "server", "last_error": None}
    else:
        values = {"state": "queued", "not_before": now,
                  "last_error": "uncertain, and not in the Sent folder after the grace period: sent again"}
    with db.write() as s:
        changed = s.execute(
            update(OutboxItem).where(OutboxItem.id == item_id, OutboxItem.state == "uncertain",
                                     OutboxItem.uncertain_at == seen)
            .values(**values).execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if changed != 1:
            return False
        item = s.get(OutboxItem, item_id, populate_existing=True)
        assert item is not None
        interaction = s.get(Interaction, item.interaction_id, populate_existing=True)
        assert interaction is not None
        if found:
            interaction.state = State.SENT.value
            record(s, "sent", interaction, message_id=item.message_id, decided_by="sent_folder")
        else:
            record(s, "resend", interaction, message_id=item.message_id, decided_by="sent_folder")
    return True


def decide_by_sent_folder(db: Database, find: TargetLookup, report: SendReport, *,
                          now: datetime | None = None) -> None:
    """Decide the uncertain rows whose grace period is over, of mailboxes whose server files what it takes."""
    now = now or utcnow()
    with db.read() as s:
        rows = list(s.execute(select(OutboxItem.id, OutboxItem.mailbox, OutboxItem.message_id,
                                     OutboxItem.uncertain_at).where(
            OutboxItem.state == "uncertain", OutboxItem.sent_folder == "server", OutboxItem.not_before <= now)
            .order_by(OutboxItem.id)))
    for item_id, mailbox, message_id, seen in rows:
        target = _target(find, mailbox)
        if target is None or not target.decides_uncertain:
            continue
        assert target.imap is not None
        try:
            found = has_message_id(target.imap, target.sent_folder, message_id)
        except SentFolderError as exc:
            report.errors[item_id] = f"uncertain; the Sent folder could not be searched yet: {exc}"
            continue
        if _decide(db, item_id, seen, found, now):
            (report.decided_sent if found else report.decided_resend).append(item_id)
            log.info("outbox item %d: uncertain, %s the Sent folder: %s", item_id,
                     "found in" if found else "not in", "sent" if found else "sent again")
