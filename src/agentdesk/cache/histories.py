"""The histories and cases of the cached interactions, for reading while the routing database is away.

History is append-only in the routing database, so it follows by id: each pass reads the rows past the last
id seen (minus ``OVERLAP_IDS``: a transaction may commit after one that took a later id), keeping those of
interactions this user may see; an interaction that newly came into sight (a transfer from another team)
brings its whole history. Cases are small and are rewritten for the interactions a pass changed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from agentdesk.routing.models import Case, History, Interaction, User

#: how far below the last history id each pass looks again
OVERLAP_IDS = 1000
_BATCH = 5000


@dataclass(frozen=True)
class CachedEvent:
    """One history row as the cache keeps it."""

    id: int
    interaction_id: int | None
    case_id: int | None
    actor_login: str | None
    event: str
    detail: dict[str, Any]
    created_at: datetime


def _query(visible: ColumnElement[bool]) -> Any:
    return (select(History.id, History.interaction_id, History.case_id, History.contact_id, User.login,
                   History.event, History.detail, History.created_at)
            .join(Interaction, Interaction.id == History.interaction_id)
            .outerjoin(User, User.id == History.actor_id)
            .where(visible))


def fetch_history(session: Session, visible: ColumnElement[bool], after_id: int | None,
                  new_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """History rows to mirror: past ``after_id`` (all when None), and every row of ``new_ids``."""
    rows: list[tuple[Any, ...]] = []
    last = after_id - OVERLAP_IDS if after_id is not None else None
    while after_id is not None:
        batch = session.execute(_query(visible).where(History.id > last).order_by(History.id).limit(_BATCH)).all()
        rows.extend(tuple(r) for r in batch)
        if len(batch) < _BATCH:
            break
        last = batch[-1][0]
    if after_id is None:
        rows.extend(tuple(r) for r in session.execute(_query(visible).order_by(History.id)))
    else:
        for start in range(0, len(new_ids), 500):
            chunk = list(new_ids[start : start + 500])
            rows.extend(tuple(r) for r in session.execute(_query(visible).where(History.interaction_id.in_(chunk))))
    return rows


def fetch_cases(session: Session, case_ids: Iterable[int]) -> list[tuple[Any, ...]]:
    ids = sorted(set(case_ids))
    out: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 500):
        out.extend(tuple(r) for r in session.execute(
            select(Case.id, Case.team_id, Case.contact_id, Case.subject, Case.merged_into_id)
            .where(Case.id.in_(ids[start : start + 500]))))
    return out


def store(conn: sqlite3.Connection, history: list[tuple[Any, ...]], cases: list[tuple[Any, ...]]) -> int | None:
    """Write fetched rows (inside the caller's transaction); returns the highest history id now held."""
    conn.executemany(
        "INSERT OR REPLACE INTO history (id, interaction_id, case_id, contact_id, actor_login, event, detail, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(r[0], r[1], r[2], r[3], r[4], r[5], json.dumps(r[6] or {}, ensure_ascii=False, default=str),
          r[7].timestamp()) for r in history])
    conn.executemany("INSERT OR REPLACE INTO cases (id, team_id, contact_id, subject, merged_into_id) "
                     "VALUES (?, ?, ?, ?, ?)", cases)
    top = conn.execute("SELECT max(id) FROM history").fetchone()[0]
    return None if top is None else int(top)


def forget(conn: sqlite3.Connection, interaction_ids: Iterable[int]) -> None:
    """Drop the history of interactions that left the cache."""
    conn.executemany("DELETE FROM history WHERE interaction_id = ?", [(i,) for i in interaction_ids])


def read_history(conn: sqlite3.Connection, interaction_id: int) -> list[CachedEvent]:
    """The cached history of one interaction, oldest first."""
    return [CachedEvent(id=int(r[0]), interaction_id=r[1], case_id=r[2], actor_login=r[3], event=str(r[4]),
                        detail=json.loads(r[5]), created_at=datetime.fromtimestamp(float(r[6]), UTC))
            for r in conn.execute(
                "SELECT id, interaction_id, case_id, actor_login, event, detail, created_at FROM history "
                "WHERE interaction_id = ? ORDER BY id", (interaction_id,))]


def read_case(conn: sqlite3.Connection, case_id: int) -> dict[str, Any] | None:
    """A cached case: its subject, team, contact and the interactions of it held here (newest first)."""
    row = conn.execute("SELECT id, team_id, contact_id, subject, merged_into_id FROM cases WHERE id = ?",
                       (case_id,)).fetchone()
    if row is None:
        return None
    ids = [int(r[0]) for r in conn.execute(
        "SELECT id FROM interactions WHERE case_id = ? ORDER BY received_at DESC, id DESC", (case_id,))]
    return {"id": row[0], "team_id": row[1], "contact_id": row[2], "subject": row[3], "merged_into_id": row[4],
            "interactions": ids}
