"""Writing mirrored rows into the cache: the interactions table and its full-text index move together.

The FTS5 table is contentless (it stores only the index), so removing a row from it needs the values it was
indexed with; they are recomputed from the cached row before it is replaced or deleted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields

from agentdesk.cache.store import FTS_COLUMNS
from agentdesk.cache.textindex import index_text


@dataclass(frozen=True)
class CachedInteraction:
    """One interaction as the cache keeps it (times are POSIX seconds, UTC; addresses joined by ", ")."""

    id: int
    direction: str
    kind: str
    state: str
    purpose: str | None
    owner_id: int | None
    owner_login: str | None
    team_id: int | None
    team_name: str | None
    case_id: int | None
    contact_id: int | None
    contact_name: str | None
    from_addr: str | None
    from_name: str | None
    to_addrs: str
    cc_addrs: str
    subject: str
    body_text: str
    attachment_names: str
    attachment_text: str
    has_attachments: bool
    received_at: float | None
    updated_at: float
    version: int


@dataclass(frozen=True)
class CachedContact:
    id: int
    team_id: int | None
    name: str
    company: str | None
    emails: str
    phones: str = ""


_COLUMNS = [f.name for f in fields(CachedInteraction)]
_INSERT = (
    f"INSERT OR REPLACE INTO interactions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
)
_FTS_SOURCE = (
    "SELECT subject, from_name, from_addr, to_addrs, cc_addrs, contact_name, body_text, "
    "attachment_names, attachment_text FROM interactions WHERE id = ?"
)
_FTS_INSERT = f"INSERT INTO fts (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)"
_FTS_DELETE = f"INSERT INTO fts (fts, rowid, {', '.join(FTS_COLUMNS)}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)"


def _fts_values(
    subject: str, from_name: str | None, from_addr: str | None, to_addrs: str, cc_addrs: str,
    contact_name: str | None, body_text: str, attachment_names: str, attachment_text: str,
) -> tuple[str, ...]:
    """The six indexed columns (see ``FTS_COLUMNS``), rewritten for the tokenizer."""
    sender = " ".join(p for p in (from_name, from_addr) if p)
    recipients = " ".join(p for p in (to_addrs, cc_addrs) if p)
    attachments = "\n".join(p for p in (attachment_names, attachment_text) if p)
    return tuple(
        index_text(v) for v in (subject, sender, recipients, contact_name or "", body_text, attachments)
    )


def _unindex(conn: sqlite3.Connection, interaction_id: int) -> bool:
    old = conn.execute(_FTS_SOURCE, (interaction_id,)).fetchone()
    if old is None:
        return False
    conn.execute(_FTS_DELETE, (interaction_id, *_fts_values(*old)))
    return True


def upsert_interactions(conn: sqlite3.Connection, rows: Iterable[CachedInteraction]) -> int:
    """Insert or replace rows and their index entries (inside the caller's transaction); returns how many."""
    n = 0
    for row in rows:
        _unindex(conn, row.id)
        values = astuple(row)
        conn.execute(_INSERT, values)
        conn.execute(_FTS_INSERT, (row.id, *_fts_values(
            row.subject, row.from_name, row.from_addr, row.to_addrs, row.cc_addrs, row.contact_name,
            row.body_text, row.attachment_names, row.attachment_text,
        )))
        n += 1
    return n


def delete_interactions(conn: sqlite3.Connection, ids: Iterable[int]) -> int:
    """Remove rows and their index entries (inside the caller's transaction); returns how many were there."""
    n = 0
    for interaction_id in ids:
        if _unindex(conn, interaction_id):
            conn.execute("DELETE FROM interactions WHERE id = ?", (interaction_id,))
            n += 1
    return n


def rename_contact(conn: sqlite3.Connection, contact_id: int, name: str) -> int:
    """Give the interactions of a contact its new name, re-indexing them; returns how many changed."""
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM interactions WHERE contact_id = ? AND contact_name IS NOT ?", (contact_id, name)
    )]
    for interaction_id in ids:
        _unindex(conn, interaction_id)
        conn.execute("UPDATE interactions SET contact_name = ? WHERE id = ?", (name, interaction_id))
        conn.execute(_FTS_INSERT, (interaction_id, *_fts_values(*conn.execute(_FTS_SOURCE, (interaction_id,))
                                                                 .fetchone())))
    return len(ids)


def upsert_contacts(conn: sqlite3.Connection, contacts: Sequence[CachedContact]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO contacts (id, team_id, name, company, emails, phones) VALUES (?, ?, ?, ?, ?, ?)",
        [astuple(c) for c in contacts],
    )


def read_interaction(conn: sqlite3.Connection, interaction_id: int) -> CachedInteraction | None:
    """One cached interaction, or None."""
    row = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM interactions WHERE id = ?", (interaction_id,)).fetchone()
    if row is None:
        return None
    values = dict(zip(_COLUMNS, row, strict=True))
    values["has_attachments"] = bool(values["has_attachments"])
    return CachedInteraction(**values)


def clear(conn: sqlite3.Connection) -> None:
    """Forget the whole mirror (not the drafts nor the waiting actions): the next sync fills it again."""
    conn.execute("DELETE FROM interactions")
    conn.execute("DELETE FROM contacts")
    conn.execute("DELETE FROM history")
    conn.execute("DELETE FROM cases")
    conn.execute("DELETE FROM case_data")
    conn.execute("DELETE FROM qa_status")
    conn.execute("DELETE FROM opened_messages")
    conn.execute("INSERT INTO fts (fts) VALUES ('delete-all')")
