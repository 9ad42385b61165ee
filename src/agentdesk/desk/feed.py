"""Reading the change log with a cursor: every committed change exactly once, never a missed one.

The change log (migration 0008) gets a row, from triggers, in the transaction of every change a desktop
follows. Its ids come from a sequence, handed out before commit, so ``id > last_seen`` alone is wrong: id 12
can commit and be read while id 11's transaction is still open, and 11 would be skipped forever.

On PostgreSQL each row carries its top-level transaction id ``tx``, and each read returns, in the same
statement (one snapshot), ``pg_current_snapshot()``: ``xmin:xmax:xip``. The cursor keeps the previous read's
``xmax`` and ``xip`` (the transactions still open then). The next read asks for the rows whose ``tx`` is
``>= xmax`` or in ``xip``: exactly the transactions that were not yet visible to the previous read. A row is
visible to a read iff its transaction committed before that read's snapshot; so a committed row is returned by
the first read that can see it, and by no later one (its ``tx`` is below that read's ``xmax`` and not in its
``xip``). No timing, no bounded wait: exactly once. One statement, no session state: it works through any
pooler (PgBouncer in transaction mode). An open transaction of another database only adds one index probe.

On SQLite one writer holds the lock from the id's allocation to its commit: ids commit in order and
``id > last_seen`` is exact. The interface is the same.

When the log was pruned past the cursor (``change_log_horizon``), the read says ``reload``: the desktop reloads
once, and carries on from there.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ChangeKind(StrEnum):
    """What changed (the change log's ``kind``, written by its triggers)."""

    INTERACTION = "interaction"  #: an interaction's state, owner, workbin or content (inbound, draft, call)
    TRANSFER = "transfer"  #: a transfer offer made, accepted, declined or timed out
    REVIEW = "review"  #: an outbound reply waiting for review, approved or rejected
    OUTBOX = "outbox"  #: an outbound email's sending (queued, sent, uncertain, refused)


#: the kinds of change a desktop follows
KINDS = tuple(k.value for k in ChangeKind)


@dataclass(frozen=True)
class Change:
    """One changed thing: what kind, which interaction, whose team and user it concerns, its new state."""

    id: int
    kind: ChangeKind | str  # a ChangeKind; an unknown kind (a newer router's) is kept as its text
    interaction_id: int | None
    team_id: int | None
    user_id: int | None
    state: str | None


@dataclass(frozen=True)
class Cursor:
    """Where a reader stands: the highest id seen, and (PostgreSQL) the previous read's snapshot."""

    last_id: int = 0
    xmin: int | None = None
    xmax: int | None = None
    xip: tuple[int, ...] = ()
    #: (PostgreSQL) how far the log was pruned when this reader last (re)loaded everything
    horizon: int | None = None

    def to_text(self) -> str:
        return json.dumps({"last_id": self.last_id, "xmin": self.xmin, "xmax": self.xmax, "xip": list(self.xip),
                           "horizon": self.horizon})

    @classmethod
    def from_text(cls, text: str) -> Cursor:
        data = json.loads(text)
        return cls(int(data["last_id"]), data.get("xmin"), data.get("xmax"),
                   tuple(int(x) for x in data.get("xip", ())), data.get("horizon"))

    def missed_pruned(self, pruned_tx: int | None) -> bool:
        """(PostgreSQL) Whether rows pruned up to transaction ``pruned_tx`` may include some this cursor has not
        read: the log was pruned since the last reload, past a transaction the cursor still waits for."""
        if pruned_tx is None or (self.horizon is not None and pruned_tx <= self.horizon):
            return False
        return self.xmax is None or pruned_tx >= self.xmax or any(x <= pruned_tx for x in self.xip)


@dataclass(frozen=True)
class Scope:
    """Whose changes a desktop follows: its team's and its user's (an administrator: everyone's)."""

    user_id: int | None
    team_id: int | None
    everything: bool = False

    def concerns(self, change: Change) -> bool:
        return self.everything or (change.team_id is not None and change.team_id == self.team_id) or (
            change.user_id is not None and change.user_id == self.user_id)


@dataclass(frozen=True)
class Batch:
    """What one read found: the changes (in id order), the cursor to read from next, and whether the desktop
    must reload everything (first read, or the log was pruned past its cursor: ``reason`` says which)."""

    changes: tuple[Change, ...]
    cursor: Cursor
    reload: bool = False
    reason: str | None = None
    interaction_ids: frozenset[int] = field(default=frozenset())

    def of_kind(self, *kinds: ChangeKind) -> tuple[Change, ...]:
        """The changes of these kinds, in id order."""
        return tuple(c for c in self.changes if c.kind in kinds)

    def panels(self) -> PanelChanges:
        """What this batch means for the panels (:func:`panel_changes`)."""
        return panel_changes(self.changes)


def kind_of(text: str) -> ChangeKind | str:
    try:
        return ChangeKind(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class PanelChanges:
    """What one batch means for the desktop's panels: the interactions whose rows to read again (My
    interactions checks its id list too), and whether the workbins, the approval queue and the transfer
    offers changed. Panels follow this instead of timers and full refreshes."""

    interactions: frozenset[int] = frozenset()
    workbins: bool = False
    review: bool = False
    transfers: bool = False

    @property
    def anything(self) -> bool:
        return bool(self.interactions) or self.workbins or self.review or self.transfers

    def __or__(self, other: PanelChanges) -> PanelChanges:
        return PanelChanges(self.interactions | other.interactions, self.workbins or other.workbins,
                            self.review or other.review, self.transfers or other.transfers)


def panel_changes(changes: Iterable[Change]) -> PanelChanges:
    """The panels a run of changes concerns (each change is already this desktop's: its team's or its user's)."""
    ids: set[int] = set()
    workbins = review = transfers = False
    for change in changes:
        if change.interaction_id is not None:
            ids.add(change.interaction_id)
        if change.kind in (ChangeKind.INTERACTION, ChangeKind.OUTBOX):
            workbins = True  # a draft saved or sent, an email stored in or taken from a workbin, done
        elif change.kind == ChangeKind.REVIEW:
            review = workbins = True  # the approval queue; a rejected reply returns to Drafts
        elif change.kind == ChangeKind.TRANSFER:
            transfers = True
        else:
            workbins = review = transfers = True  # a kind this desktop does not know: everything may have moved
    return PanelChanges(frozenset(ids), workbins, review, transfers)


def parse_snapshot(text: str) -> tuple[int, int, tuple[int, ...]]:
    """``pg_current_snapshot()`` as text (``xmin:xmax:xip,xip``) → (xmin, xmax, xip)."""
    xmin, xmax, xip = text.split(":")
    return int(xmin), int(xmax), tuple(int(x) for x in xip.split(",") if x)


_PG_READ = """
SELECT s.snap::text, h.pruned_tx, c.id, c.kind, c.interaction_id, c.team_id, c.user_id, c.state
FROM (SELECT pg_current_snapshot() AS snap) s
LEFT JOIN change_log_horizon h ON h.id = 1
LEFT JOIN LATERAL (
    SELECT * FROM change_log c
    WHERE (c.tx >= %(xmax)s OR c.tx = ANY(%(xip)s::bigint[]))
      AND (%(everything)s OR c.team_id = %(team)s OR c.user_id = %(user)s)
) c ON true
ORDER BY c.id
"""

#: a transaction id no database reaches: the first read asks for no rows, only the snapshot
_NEVER = 2**62


def read_changes_pg(conn: Any, cursor: Cursor | None, scope: Scope) -> Batch:
    """One read on a psycopg connection in autocommit mode (direct, or through a pooler)."""
    params = {"xmax": _NEVER if cursor is None else cursor.xmax, "xip": [] if cursor is None else list(cursor.xip),
              "everything": scope.everything, "team": scope.team_id, "user": scope.user_id}
    rows = conn.execute(_PG_READ, params, prepare=False).fetchall()
    if not rows:  # pragma: no cover - the snapshot row is always there
        raise RuntimeError("the change log read returned no snapshot")
    xmin, xmax, xip = parse_snapshot(rows[0][0])
    pruned_tx = None if rows[0][1] is None else int(rows[0][1])
    changes = tuple(Change(int(r[2]), kind_of(r[3]), r[4], r[5], r[6], r[7]) for r in rows if r[2] is not None)
    last_id = max([c.id for c in changes], default=0 if cursor is None else cursor.last_id)
    if cursor is not None:
        last_id = max(last_id, cursor.last_id)
    if cursor is None:
        return Batch((), Cursor(last_id, xmin, xmax, xip, pruned_tx), reload=True, reason="start")
    if cursor.missed_pruned(pruned_tx):
        return Batch((), Cursor(last_id, xmin, xmax, xip, pruned_tx), reload=True,
                     reason="behind the change log's retention")
    return _batch(changes, Cursor(last_id, xmin, xmax, xip, cursor.horizon))


def read_changes_sqlite(conn: sqlite3.Connection, cursor: Cursor | None, scope: Scope) -> Batch:
    """One read on an SQLite connection (standalone: ids commit in order)."""
    conn.execute("BEGIN")
    try:
        top = int(conn.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0])
        pruned = conn.execute("SELECT pruned_id FROM change_log_horizon WHERE id = 1").fetchone()
        if pruned is not None:
            top = max(top, int(pruned[0]))
        rows = [] if cursor is None else conn.execute(
            "SELECT id, kind, interaction_id, team_id, user_id, state FROM change_log "
            "WHERE id > ? AND id <= ? AND (? OR team_id = ? OR user_id = ?) ORDER BY id",
            (cursor.last_id, top, scope.everything, scope.team_id, scope.user_id)).fetchall()
    finally:
        conn.execute("COMMIT")
    new = Cursor(max(top, 0 if cursor is None else cursor.last_id))
    if cursor is None:
        return Batch((), new, reload=True, reason="start")
    if pruned is not None and int(pruned[0]) > cursor.last_id:
        return Batch((), new, reload=True, reason="behind the change log's retention")
    return _batch(tuple(Change(int(r[0]), kind_of(r[1]), r[2], r[3], r[4], r[5]) for r in rows), new)


def _batch(changes: tuple[Change, ...], cursor: Cursor) -> Batch:
    ids = frozenset(c.interaction_id for c in changes if c.interaction_id is not None)
    return Batch(changes, cursor, interaction_ids=ids)


def scope_of(conn: Any, login: str, *, postgres: bool) -> Scope | None:
    """The scope of ``login`` (None: no such active user), read on the feed's own connection."""
    sql = "SELECT id, team_id, role FROM users WHERE login = {} AND retired_at IS NULL"
    if postgres:
        row = conn.execute(sql.format("%s"), (login,), prepare=False).fetchone()
    else:
        row = conn.execute(sql.format("?"), (login,)).fetchone()
    if row is None:
        return None
    return Scope(int(row[0]), None if row[1] is None else int(row[1]), everything=row[2] == "admin")
