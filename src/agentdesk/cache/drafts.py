"""Drafts that survive anything (X7): the outbound window's content saved to the cache as the agent types.

Each save is one small transaction on a connection with ``synchronous=FULL`` (WAL): once ``save`` returns,
the draft is on disk and survives the process being killed, and a power cut too. Attachments are kept as
their path and a copy of their bytes, so a draft comes back whole even if the file was moved meanwhile; the
bytes are read again only when the file's size or modification time changed. ``unsent_drafts()`` offers
everything back at the next start; ``discard(key)`` forgets a draft once it is sent.
"""

from __future__ import annotations

import mimetypes
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from agentdesk.cache.store import CacheStore, connect


class DraftError(ValueError):
    """A draft cannot be saved as given (an attachment that cannot be read …); the message names it."""


@dataclass(frozen=True)
class DraftAttachment:
    path: str
    filename: str
    content_type: str
    size: int
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Draft:
    """One draft: ``interaction_id`` is the outbound interaction, or None for a new email not yet created."""

    key: str
    interaction_id: int | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    subject: str
    body_text: str
    body_html: str | None
    attachments: tuple[DraftAttachment, ...]
    notes: str
    disposition: str | None
    updated_at: datetime
    #: a forward's instructions (S22), kept apart from its text
    instructions: str | None = None


_DRAFT_COLUMNS = ("key, interaction_id, to_addrs, cc_addrs, bcc_addrs, subject, body_text, body_html, notes, "
                  "disposition, updated_at, instructions")


def _join(values: Sequence[str]) -> str:
    return "\n".join(values)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split("\n") if v)


class DraftStore:
    """The drafts of one cache file, on their own durable connection."""

    def __init__(self, cache: CacheStore) -> None:
        self.path = cache.path
        self.conn = connect(cache.path, synchronous="FULL")

    @classmethod
    def on_file(cls, path: Path) -> DraftStore:
        """The drafts of the cache file at ``path`` (already opened once with ``CacheStore.open``)."""
        store = cls.__new__(cls)
        store.path = path
        store.conn = connect(path, synchronous="FULL")
        return store

    def close(self) -> None:
        self.conn.close()

    def save(
        self, key: str, *, interaction_id: int | None = None, to: Sequence[str] = (), cc: Sequence[str] = (),
        bcc: Sequence[str] = (), subject: str = "", body_text: str = "", body_html: str | None = None,
        attachment_paths: Sequence[str | Path] = (), notes: str = "", disposition: str | None = None,
        instructions: str | None = None,
    ) -> None:
        """Save the whole content of draft ``key`` (replacing what was saved before), durably."""
        if not key:
            raise DraftError("a draft needs a key")
        for fld, values in (("to", to), ("cc", cc), ("bcc", bcc)):
            bad = [v for v in values if "\n" in v or "\r" in v]
            if bad:
                raise DraftError(f"{fld}: {bad[0]!r} holds a line break")
        now = time.time()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            kept = {
                (r[0], r[1], r[2]): r for r in self.conn.execute(
                    "SELECT path, size, mtime_ns, filename, content_type, data FROM draft_attachments "
                    "WHERE draft_key = ?", (key,))
            }
            by_path = {r[0]: r for r in kept.values()}
            rows = [self._attachment_row(key, n, Path(p), kept, by_path) for n, p in enumerate(attachment_paths)]
            self.conn.execute(
                "INSERT OR REPLACE INTO drafts (key, interaction_id, to_addrs, cc_addrs, bcc_addrs, subject, "
                "body_text, body_html, notes, disposition, updated_at, instructions) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, interaction_id, _join(to), _join(cc), _join(bcc), subject, body_text, body_html, notes,
                 disposition, now, instructions),
            )
            self.conn.execute(
                "INSERT INTO draft_sync (key, saved_at) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET saved_at = excluded.saved_at", (key, now))
            self.conn.execute("DELETE FROM draft_attachments WHERE draft_key = ?", (key,))
            self.conn.executemany("INSERT INTO draft_attachments VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.conn.execute("COMMIT")  # may fail too (a full disk): then nothing of this save is kept
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _attachment_row(
        key: str, position: int, path: Path, kept: dict[tuple[str, int, int], tuple[object, ...]],
        by_path: dict[str, tuple[object, ...]],
    ) -> tuple[object, ...]:
        name = str(path)
        try:
            stat = path.stat()
        except OSError as exc:
            old = by_path.get(name)
            if old is None:
                raise DraftError(f"attachment {name}: cannot be read ({exc.strerror or exc})") from None
            return (key, position, old[0], old[3], old[4], old[1], old[2], old[5])  # the copy kept before it went
        old = kept.get((name, stat.st_size, stat.st_mtime_ns))
        if old is not None:
            return (key, position, name, old[3], old[4], stat.st_size, stat.st_mtime_ns, old[5])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DraftError(f"attachment {name}: cannot be read ({exc.strerror or exc})") from None
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return (key, position, name, path.name, content_type, len(data), stat.st_mtime_ns, data)

    def get(self, key: str) -> Draft | None:
        row = self.conn.execute(
            f"SELECT {_DRAFT_COLUMNS} FROM drafts WHERE key = ?", (key,)).fetchone()
        return None if row is None else self._draft(row)

    def unsent_drafts(self) -> list[Draft]:
        """Every saved draft, the most recently saved first (to offer back at start)."""
        rows = self.conn.execute(
            f"SELECT {_DRAFT_COLUMNS} FROM drafts ORDER BY updated_at DESC, key").fetchall()
        return [self._draft(r) for r in rows]

    def _draft(self, row: sqlite3.Row | tuple[object, ...]) -> Draft:
        key = str(row[0])
        files = tuple(
            DraftAttachment(path=a[0], filename=a[1], content_type=a[2], size=a[3], data=a[4])
            for a in self.conn.execute(
                "SELECT path, filename, content_type, size, data FROM draft_attachments WHERE draft_key = ? "
                "ORDER BY position", (key,))
        )
        return Draft(
            key=key, interaction_id=row[1] if row[1] is None else int(str(row[1])), to=_split(str(row[2])),
            cc=_split(str(row[3])), bcc=_split(str(row[4])), subject=str(row[5]), body_text=str(row[6]),
            body_html=None if row[7] is None else str(row[7]), attachments=files, notes=str(row[8]),
            disposition=None if row[9] is None else str(row[9]),
            updated_at=datetime.fromtimestamp(float(str(row[10])), UTC),
            instructions=None if row[11] is None else str(row[11]),
        )

    def unsynced(self) -> list[tuple[Draft, float]]:
        """Drafts saved here whose last save has not reached the routing database, with that save's stamp."""
        rows = self.conn.execute(
            f"SELECT {', '.join('d.' + c.strip() for c in _DRAFT_COLUMNS.split(','))}, s.saved_at FROM drafts d "
            "JOIN draft_sync s ON s.key = d.key WHERE s.synced_at IS NULL OR s.synced_at < s.saved_at "
            "ORDER BY s.saved_at DESC").fetchall()
        return [(self._draft(r[:-1]), float(r[-1])) for r in rows]

    def mark_synced(self, key: str, saved_at: float) -> bool:
        """Record that the save stamped ``saved_at`` reached the routing database (not a later one)."""
        return self.conn.execute(
            "UPDATE draft_sync SET synced_at = saved_at, sync_error = NULL WHERE key = ? AND saved_at = ?",
            (key, saved_at)).rowcount > 0

    def mark_sync_failed(self, key: str, error: str) -> None:
        self.conn.execute("UPDATE draft_sync SET sync_error = ? WHERE key = ?", (error, key))

    def sync_error(self, key: str) -> str | None:
        row = self.conn.execute("SELECT sync_error FROM draft_sync WHERE key = ?", (key,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def discard(self, key: str) -> bool:
        """Forget draft ``key`` (after it was sent); False when there was none."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("DELETE FROM draft_attachments WHERE draft_key = ?", (key,))
            gone = self.conn.execute("DELETE FROM drafts WHERE key = ?", (key,)).rowcount
            self.conn.execute("DELETE FROM draft_sync WHERE key = ?", (key,))
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return gone > 0
