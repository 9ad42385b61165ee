"""Is a router pass needed at all? A check that reads a few rows and asks each mailbox for its position, without
SQLAlchemy (importing it and the models cost a pass with nothing to do most of its time).

``agentdesk router --once`` (run by cron or a timer every minute) calls :func:`nothing_to_do` first and skips the
pass when it answers True: every mailbox's folder is where the last sync left it, nothing queued has a ready
agent with room, no body waits to be parsed, nothing in the outbox is due or needs recovering, no transfer offer
has expired and the change log holds nothing old enough to prune. Every doubt (a setting, a server, a row it cannot
read, a PostgreSQL database: this check reads SQLite files only) answers False and the full pass runs, which
reports whatever is wrong as before. The check only reads: it takes no lock and changes nothing.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agentdesk.config.mailboxes import MailboxSettings
    from agentdesk.mail.imap import FolderStatus

log = logging.getLogger(__name__)

#: the change log's retention (agentdesk.routing.changes.RETENTION: a test keeps the two equal)
CHANGE_LOG_RETENTION = timedelta(days=7)


@dataclass(frozen=True)
class Position:
    """Where the last sync of a folder stopped (the ``mailbox_state`` row)."""

    uidvalidity: int | None
    last_uid: int
    highest_modseq: int | None


def up_to_date(position: Position | None, status: FolderStatus, after_ingest: str) -> bool:
    """True when a sync of the folder would fetch nothing and leave the server as it is: the same UIDVALIDITY,
    no UID past the last one stored, and (``after_ingest`` other than ``keep``) no change since the last sync
    (HIGHESTMODSEQ), so nothing a crash left unmarked. The same tests as :class:`agentdesk.routing.sync.FolderSync`."""
    if position is None or position.uidvalidity not in (None, status.uidvalidity):
        return False
    if status.uidnext is None or status.uidnext > position.last_uid + 1:
        return False
    if after_ingest != "keep" and position.last_uid >= 1:
        return status.highest_modseq is not None and status.highest_modseq == position.highest_modseq
    return True


def sqlite_path(url: str) -> str | None:
    """The file of a plain ``sqlite:///FILE`` URL (no query, not in memory), else None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = url[len(prefix):]
    return path if path and path != ":memory:" else None


def _when(value: Any) -> datetime | None:
    """A timestamp as SQLite holds it (``YYYY-MM-DD HH:MM:SS.ffffff``, UTC); None when it cannot be read."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value[:26])
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


#: work that is due, each a query answering one row when there is some
_DUE = {
    "a queued email and a ready agent with room": """
        SELECT 1 FROM interactions i
        WHERE i.state = 'queued' AND i.owner_id IS NULL AND EXISTS (
            SELECT 1 FROM users u WHERE u.team_id = i.team_id AND u.role = 'agent' AND u.presence = 'ready'
              AND u.retired_at IS NULL AND u.held < u.capacity)
        LIMIT 1""",
    "a body waiting to be parsed": """
        SELECT 1 FROM interactions
        WHERE body_text = '' AND direction = 'inbound' AND raw IS NOT NULL AND parse_flags LIKE '%"body_pending"%'
        LIMIT 1""",
    "an outbox row to recover or file": """
        SELECT 1 FROM outbox
        WHERE state = 'sending' OR (state = 'uncertain' AND sent_folder = 'server')
           OR (state = 'sent' AND sent_copy = 'pending')
        LIMIT 1""",
}
#: the earliest time something becomes due
_NEXT = {
    "an outbox row due": "SELECT min(not_before) FROM outbox WHERE state = 'queued'",
    "a transfer offer expiring": "SELECT min(expires_at) FROM transfer_offers WHERE state = 'pending'",
}


def _database_idle(path: str, now: datetime) -> str | None:
    """None when the routing database holds nothing due; else what is due (English, for the log)."""
    conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=5, isolation_level=None)
    try:
        conn.execute("BEGIN")  # one snapshot for every question
        for what, query in _DUE.items():
            if conn.execute(query).fetchone() is not None:
                return what
        for what, query in _NEXT.items():
            value = conn.execute(query).fetchone()[0]
            if value is not None and (_when(value) is None or _when(value) <= now):  # type: ignore[operator]
                return what
        oldest = conn.execute("SELECT created_at FROM change_log ORDER BY id LIMIT 1").fetchone()
        if oldest is not None:
            created = _when(oldest[0])
            if created is None or created < now - CHANGE_LOG_RETENTION:
                return "change log rows to prune"
        conn.execute("COMMIT")
        return None
    finally:
        conn.close()


def database_idle(url: str, *, now: datetime | None = None) -> bool:
    """True when the routing database at ``url`` (a SQLite file) holds nothing to route, parse, send, expire or
    prune; False when it does, cannot be read, or is not a SQLite file."""
    path = sqlite_path(url)
    if path is None:
        return False
    try:
        return _database_idle(path, now or datetime.now(UTC)) is None
    except Exception:
        return False


def _positions(path: str) -> dict[tuple[str, str], Position]:
    conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=5)
    try:
        rows = conn.execute("SELECT mailbox, folder, uidvalidity, last_uid, highest_modseq FROM mailbox_state")
        return {(m, f): Position(v, int(u or 0), s) for m, f, v, u, s in rows}
    finally:
        conn.close()


def nothing_to_do(url: str, mailboxes: Sequence[MailboxSettings], *, now: datetime | None = None) -> bool:
    """True only when a full pass over ``url``'s database and ``mailboxes`` would do nothing (module docstring);
    False at the least doubt."""
    path = sqlite_path(url)
    if path is None:
        return False
    try:
        due = _database_idle(path, now or datetime.now(UTC))
        if due is not None:
            log.debug("a pass is needed: %s", due)
            return False
        positions = _positions(path)
        for mailbox in mailboxes:
            if mailbox.imap is None:
                continue
            if not _mailbox_idle(mailbox, positions.get((mailbox.name, mailbox.imap.folder))):
                return False
    except Exception as exc:  # any doubt: the full pass runs and reports it properly
        log.debug("the quick check could not tell (%s): running the full pass", exc)
        return False
    return True


def _mailbox_idle(mailbox: MailboxSettings, position: Position | None) -> bool:
    if position is None:
        return False
    from agentdesk.mail.imap import ImapConnection  # the same secure connect and login as the sync's

    assert mailbox.imap is not None
    with ImapConnection(mailbox.imap) as conn:
        status = conn.select(mailbox.imap.folder, readonly=True)
    idle = up_to_date(position, status, mailbox.after_ingest)
    if not idle:
        log.debug("mailbox %s: new mail or changes on the server", mailbox.name)
    return idle
