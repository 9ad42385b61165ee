"""The outbox sender: sends each due message exactly once, even with several routers and after a crash.

``send_due(db, mailboxes)`` claims due rows one at a time (PostgreSQL: ``FOR UPDATE SKIP LOCKED``; SQLite: a
conditional ``UPDATE … WHERE state = 'queued'`` in an IMMEDIATE transaction), marks each ``sending`` and
COMMITS before any network call, then sends and records the outcome: ``sent`` | back to ``queued`` with backoff
| ``failed`` with the server's words | ``uncertain`` (the body went out and no answer came). A row left in
``sending`` by a sender that died is found by the next pass and becomes ``uncertain``: never retried on its own.

Whether a sender is alive is known without clocks: it holds a lock for as long as it sends — a session-level
advisory lock on PostgreSQL (released by the server when the process dies), a byte-range lock on a file beside
the SQLite database (released by the OS). Before retrying anything that was ever attempted, the mailbox's Sent
folder is searched for the Message-ID; after a success a copy is filed there once.
"""

from __future__ import annotations

import logging
import os
import ssl
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from agentdesk.config.mailboxes import MailboxSettings, ServerSettings
from agentdesk.mail.sentfolder import ImapServer, SentFolderError, file_copy, has_message_id
from agentdesk.mail.smtp import Outcome, SendResult, SmtpServer, send_message
from agentdesk.routing.db import Database
from agentdesk.routing.models import Direction, Interaction, OutboxItem, State
from agentdesk.routing.options import Options, load_options
from agentdesk.routing.outbox import record
from agentdesk.routing.types import utcnow

log = logging.getLogger(__name__)

#: First key of the PostgreSQL advisory locks that say "this outbox row is being sent" ("adsb").
_LOCK_CLASS = 0x61647362
_LOCK_MASK = 0x7FFFFFFF


@dataclass(frozen=True)
class SendTarget:
    """Where one mailbox's mail goes out (SMTP) and where its Sent folder is (IMAP, optional)."""

    smtp: SmtpServer
    imap: ImapServer | None = None
    sent_folder: str = "Sent"


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
    recovered: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


def default_backoff(attempts: int) -> timedelta:
    """30 s after the first failure, doubling, at most an hour."""
    return timedelta(seconds=min(30 * 2 ** max(0, attempts - 1), 3600))


# -- mailbox settings → targets --------------------------------------------------------------------------------
def _context(settings: ServerSettings) -> ssl.SSLContext:
    if settings.ca_file is not None:
        return ssl.create_default_context(cafile=str(settings.ca_file))
    return ssl.create_default_context()


def imap_from_settings(mailbox: MailboxSettings) -> ImapServer | None:
    """The mailbox's IMAP server for its Sent folder (password read now), or None without ``[mailboxes.imap]``."""
    i = mailbox.imap
    if i is None:
        return None
    return ImapServer(i.host, i.port, i.security, i.username, i.password(),
                      _context(i) if i.security != "none" else None, i.timeout)


def target_from_settings(mailbox: MailboxSettings) -> SendTarget | None:
    """The send target of a configured mailbox (passwords read now, from the keyring or ``password_env``).

    A missing SMTP password is an error (nothing can be sent); a missing IMAP password only costs the Sent
    folder (no search before a retry, no filed copy), and is logged."""
    s = mailbox.smtp
    if s is None:
        return None
    smtp = SmtpServer(s.host, s.port, s.security, s.username, s.password(),
                      _context(s) if s.security != "none" else None, s.timeout)
    try:
        imap = imap_from_settings(mailbox)
    except Exception as exc:
        log.warning("mailbox %r: the Sent folder cannot be used: %s", mailbox.name, exc)
        imap = None
    return SendTarget(smtp, imap, mailbox.imap.sent_folder if mailbox.imap else "Sent")


def _lookup(mailboxes: TargetLookup | Sequence[MailboxSettings]) -> TargetLookup:
    if callable(mailboxes):
        return mailboxes
    by_name = {m.name: m for m in mailboxes}
    cache: dict[str, SendTarget | None] = {}

    def find(name: str | None) -> SendTarget | None:
        if name is None or name not in by_name:
            return None
        if name not in cache:
            cache[name] = target_from_settings(by_name[name])
        return cache[name]

    return find


# -- who is sending what right now -----------------------------------------------------------------------------
_guard = threading.Lock()
_inflight: set[tuple[str, int]] = set()
_lock_fds: dict[str, int] = {}


def _lock_path(db: Database) -> str | None:
    name = db.engine.url.database
    if db.is_postgres or not name or name == ":memory:" or sys.platform == "win32":
        return None
    return os.path.abspath(name) + "-outbox.lock"


def _file_lock(path: str, item_id: int, *, lock: bool) -> bool:
    """Lock (non-blocking) or unlock byte ``item_id`` of the lock file; True on success. One descriptor per
    process and file, never closed: closing any descriptor of a file drops all of the process's POSIX locks."""
    import fcntl

    fd = _lock_fds.get(path)
    if fd is None:
        fd = _lock_fds[path] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.lockf(fd, (fcntl.LOCK_EX | fcntl.LOCK_NB) if lock else fcntl.LOCK_UN, 1, item_id, os.SEEK_SET)
    except OSError:
        return False
    return True


def _sqlite_alive(db: Database, item_id: int) -> bool:
    """Is some sender (this process or another) sending ``item_id`` now? Call with ``_guard`` held."""
    if (str(db.url), item_id) in _inflight:
        return True
    path = _lock_path(db)
    if path is None:
        return False
    if _file_lock(path, item_id, lock=True):
        _file_lock(path, item_id, lock=False)
        return False
    return True


def _mark_uncertain(session: Session, item_id: int, reason: str, **detail: Any) -> bool:
    changed = session.execute(
        update(OutboxItem).where(OutboxItem.id == item_id, OutboxItem.state == "sending")
        .values(state="uncertain", last_error=reason).execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if changed == 1:
        item = session.get(OutboxItem, item_id, populate_existing=True)
        assert item is not None
        interaction = session.get(Interaction, item.interaction_id, populate_existing=True)
        assert interaction is not None
        record(session, "send_uncertain", interaction, message_id=item.message_id, reason=reason, **detail)
    return bool(changed == 1)


def recover_interrupted(db: Database) -> list[int]:
    """Rows left in ``sending`` by a sender that is gone become ``uncertain`` (never retried on their own)."""
    found: list[int] = []
    reason = "the sender stopped while sending (crash or kill); the server may or may not have taken it"
    with db.write() as s:
        stmt = select(OutboxItem.id).where(OutboxItem.state == "sending").order_by(OutboxItem.id)
        if db.is_postgres:
            ids = list(s.scalars(stmt.with_for_update(skip_locked=True)))
            for item_id in ids:
                if s.scalar(select(func.pg_try_advisory_xact_lock(_LOCK_CLASS, item_id & _LOCK_MASK))) and \
                        _mark_uncertain(s, item_id, reason, interrupted=True):
                    found.append(item_id)
        else:
            for item_id in list(s.scalars(stmt)):
                with _guard:
                    alive = _sqlite_alive(db, item_id)
                if not alive and _mark_uncertain(s, item_id, reason, interrupted=True):
                    found.append(item_id)
    for item_id in found:
        log.warning("outbox item %d was being sent when its sender stopped: marked uncertain", item_id)
    return found


# -- one claimed row -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Claimed:
    id: int
    interaction_id: int
    mailbox: str | None
    message_id: str
    envelope_from: str
    envelope_to: tuple[str, ...]
    raw: bytes
    attempts: int  # including this one
    created_at: datetime


class _Claim:
    """Holds the "being sent" lock of one row from its claim until its outcome is committed."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.item_id: int | None = None
        self._conn: Any = None
        self._path = _lock_path(db)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        if self._conn is None:
            with self.db.write() as session:
                yield session
        else:
            with Session(self._conn, expire_on_commit=False) as session, session.begin():
                yield session

    def __enter__(self) -> _Claim:
        if self.db.is_postgres:
            self._conn = self.db.engine.connect()
        return self

    def hold(self, session: Session, item_id: int) -> bool:
        """Take the lock for ``item_id`` inside the claiming transaction."""
        if self.db.is_postgres:
            session.execute(select(func.pg_advisory_lock(_LOCK_CLASS, item_id & _LOCK_MASK)))
        else:
            with _guard:
                if _sqlite_alive(self.db, item_id):
                    return False
                _inflight.add((str(self.db.url), item_id))
                if self._path is not None:
                    _file_lock(self._path, item_id, lock=True)
        self.item_id = item_id
        return True

    def release(self) -> None:
        item_id, self.item_id = self.item_id, None
        if item_id is None:
            return
        if self._conn is not None:
            self._conn.execute(select(func.pg_advisory_unlock(_LOCK_CLASS, item_id & _LOCK_MASK)))
            self._conn.commit()
        else:
            with _guard:
                if self._path is not None:
                    _file_lock(self._path, item_id, lock=False)
                _inflight.discard((str(self.db.url), item_id))

    def __exit__(self, *exc: object) -> None:
        try:
            self.release()
        finally:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _newer_inbound(session: Session, interaction: Interaction, since: datetime) -> int | None:
    if interaction.case_id is None:
        return None
    return session.scalar(
        select(Interaction.id).where(
            Interaction.case_id == interaction.case_id, Interaction.direction == Direction.INBOUND.value,
            Interaction.created_at > since,
        ).order_by(Interaction.id).limit(1)
    )


def _take(claim: _Claim, session: Session, now: datetime, report: SendReport) -> _Claimed | bool | None:
    """Claim the next due row: a :class:`_Claimed`, ``True`` when a row was held back (look again), or None."""
    stmt = (select(OutboxItem).where(OutboxItem.state == "queued", OutboxItem.not_before <= now)
            .order_by(OutboxItem.not_before, OutboxItem.id).limit(1).execution_options(populate_existing=True))
    if claim.db.is_postgres:
        stmt = stmt.with_for_update(skip_locked=True)
    item = session.scalars(stmt).first()
    if item is None:
        return None
    interaction = session.get(Interaction, item.interaction_id, populate_existing=True,
                              with_for_update=claim.db.is_postgres)
    assert interaction is not None
    if item.hold_if_customer_writes:
        newer = _newer_inbound(session, interaction, item.created_at)
        if newer is not None:
            item.state = "cancelled"
            item.last_error = f"held: the customer wrote again (interaction {newer}) before it was sent"
            interaction.state = State.NEEDS_ATTENTION.value
            record(session, "send_held", interaction, message_id=item.message_id, newer_interaction_id=newer)
            report.held.append(item.id)
            return True
    if not claim.hold(session, item.id):
        return None
    changed = session.execute(
        update(OutboxItem).where(OutboxItem.id == item.id, OutboxItem.state == "queued")
        .values(state="sending", attempts=OutboxItem.attempts + 1).execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if changed != 1:
        return None
    return _Claimed(item.id, item.interaction_id, item.mailbox, item.message_id, item.envelope_from,
                    tuple(item.envelope_to), item.raw, item.attempts + 1, item.created_at)


def _finish(session: Session, claimed: _Claimed, result: SendResult, now: datetime,
            backoff: Callable[[int], timedelta], give_up_after: timedelta, **detail: Any) -> str:
    """Record the outcome of an attempt; returns the row's new state."""
    item = session.get(OutboxItem, claimed.id, populate_existing=True)
    interaction = session.get(Interaction, claimed.interaction_id, populate_existing=True)
    assert item is not None and interaction is not None
    if item.state not in ("sending", "uncertain"):
        log.error("outbox item %d changed to %s while it was being sent", item.id, item.state)
        return item.state
    outcome = result.outcome
    error = result.detail
    if outcome is Outcome.TEMPORARY and now - claimed.created_at > give_up_after:
        outcome = Outcome.PERMANENT
        error = f"gave up after {claimed.attempts} attempts: {result.detail}"
    if outcome is Outcome.SENT:
        item.state, item.sent_at = "sent", utcnow()
        item.last_error = ("refused recipients: " + "; ".join(f"{r}: {w}" for r, w in result.refused.items())
                           if result.refused else None)
        interaction.state = State.SENT.value
        record(session, "sent", interaction, message_id=claimed.message_id, attempts=claimed.attempts,
               server=result.detail, refused=result.refused, **detail)
    elif outcome is Outcome.TEMPORARY:
        item.state, item.last_error = "queued", error
        item.not_before = now + backoff(claimed.attempts)
        record(session, "send_deferred", interaction, message_id=claimed.message_id, error=error,
               attempts=claimed.attempts, next_attempt=item.not_before.isoformat())
    elif outcome is Outcome.PERMANENT:
        item.state, item.last_error = "failed", error
        interaction.state = State.FAILED.value
        record(session, "send_failed", interaction, message_id=claimed.message_id, error=error,
               attempts=claimed.attempts)
    else:
        item.state, item.last_error = "uncertain", error
        record(session, "send_uncertain", interaction, message_id=claimed.message_id, reason=error, **detail)
    return item.state


def sent_folder_has(mailbox: SendTarget | MailboxSettings, message_id: str) -> bool:
    """Does the mailbox's Sent folder hold ``message_id``? (for the agent deciding on an uncertain message)
    Raises :class:`SentFolderError` when the folder cannot be searched or no IMAP server is configured."""
    if isinstance(mailbox, MailboxSettings):
        try:
            imap = imap_from_settings(mailbox)
        except Exception as exc:  # no password stored …
            raise SentFolderError(f"mailbox {mailbox.name!r}: {exc}") from None
        folder = mailbox.imap.sent_folder if mailbox.imap else "Sent"
    else:
        imap, folder = mailbox.imap, mailbox.sent_folder
    if imap is None:
        raise SentFolderError("this mailbox has no IMAP server configured, so its Sent folder cannot be searched")
    return has_message_id(imap, folder, message_id)


def _search_quietly(target: SendTarget | None, message_id: str) -> bool | None:
    if target is None or target.imap is None:
        return None
    try:
        return has_message_id(target.imap, target.sent_folder, message_id)
    except SentFolderError as exc:
        log.warning("searching the Sent folder for %s failed: %s", message_id, exc)
        return None


def _send_one(db: Database, find: TargetLookup, options: Options, now: datetime, report: SendReport,
              backoff: Callable[[int], timedelta], give_up_after: timedelta) -> bool:
    """Claim and send one due row; False when nothing is due."""
    with _Claim(db) as claim:
        with claim.tx() as session:
            claimed = _take(claim, session, now, report)
        if claimed is None:
            return False
        if not isinstance(claimed, _Claimed):
            return True  # held back because the customer wrote again: look for the next one
        target_error = f"no SMTP server is configured for mailbox {claimed.mailbox!r}"
        try:
            target: SendTarget | None = find(claimed.mailbox)
        except Exception as exc:  # a missing password, an unreadable CA file …
            target, target_error = None, f"mailbox {claimed.mailbox!r}: {exc}"
        detail: dict[str, Any] = {}
        if target is None:
            result = SendResult(Outcome.TEMPORARY, target_error)
        elif claimed.attempts > 1 and _search_quietly(target, claimed.message_id):
            result = SendResult(Outcome.SENT, "found in the Sent folder before a retry; not sent again")
            detail["found_in_sent"] = True
        else:
            result = send_message(target.smtp, claimed.envelope_from, claimed.envelope_to, claimed.raw)
            if result.outcome is Outcome.UNCERTAIN:
                detail["found_in_sent"] = _search_quietly(target, claimed.message_id)
        with claim.tx() as session:
            state = _finish(session, claimed, result, now, backoff, give_up_after, **detail)
        claim.release()
    by_state = {"sent": report.sent, "queued": report.retrying, "failed": report.failed,
                "uncertain": report.uncertain}
    if state in by_state:
        by_state[state].append(claimed.id)
    if state != "sent":
        report.errors[claimed.id] = result.detail
        return True
    if detail.get("found_in_sent"):
        report.found_in_sent.append(claimed.id)
        _set_filed(db, claimed.id, None)
    elif options.file_sent_copy and target is not None and target.imap is not None:
        try:
            file_copy(target.imap, target.sent_folder, claimed.raw, claimed.message_id)
            report.filed.append(claimed.id)
            _set_filed(db, claimed.id, None)
        except SentFolderError as exc:
            report.errors[claimed.id] = f"sent, but filing a copy in the Sent folder failed: {exc}"
            _set_filed(db, claimed.id, report.errors[claimed.id])
    return True


def _set_filed(db: Database, item_id: int, error: str | None) -> None:
    values: dict[str, Any] = {"last_error": error} if error else {"filed_in_sent": True}
    with db.write() as s:
        s.execute(update(OutboxItem).where(OutboxItem.id == item_id).values(**values)
                  .execution_options(synchronize_session=False))


def send_due(db: Database, mailboxes: TargetLookup | Sequence[MailboxSettings], *, now: datetime | None = None,
             limit: int | None = None, backoff: Callable[[int], timedelta] = default_backoff,
             give_up_after: timedelta = timedelta(days=2)) -> SendReport:
    """Send every due outbox row (``not_before <= now``), one at a time; safe to run in several routers.

    ``mailboxes`` is the configured mailboxes or a function from a mailbox name to its :class:`SendTarget`.
    A temporary failure is retried after ``backoff(attempts)`` until the message is ``give_up_after`` old.
    """
    report = SendReport()
    report.recovered = recover_interrupted(db)
    report.uncertain.extend(report.recovered)
    with db.read() as s:
        options = load_options(s)
    find = _lookup(mailboxes)
    done = 0
    while limit is None or done < limit:
        if not _send_one(db, find, options, now or utcnow(), report, backoff, give_up_after):
            break
        done += 1
    return report
