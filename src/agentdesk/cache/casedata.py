"""The case data and QA review status of the cached interactions, for the Case data panel offline.

Case data rows carry ``updated_at`` in the routing database, so they follow like the interactions: each pass reads
the rows of visible cases changed since the last mark (minus the same ``OVERLAP``), and reads in full the cases of
the interactions the pass brought or changed (an edit records history on its interaction, so that case is read
again, and a key deleted there disappears here too). The QA status is the latest review round of an
interaction, rewritten with the interaction. Which keys are read-only comes from the option
``case_data_read_only``, kept in the cache's metadata at each pass.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from agentdesk.routing.models import CaseData, Interaction, QaRound
from agentdesk.routing.options import load_options
from agentdesk.views import QA_KEY, CaseDataItem

_CHUNK = 500


@dataclass(frozen=True)
class CaseDataFetch:
    """What one pass read: rows to write, the cases read in full, QA rounds, the new mark, read-only keys."""

    rows: list[tuple[int, str, str, float | None]]
    full_cases: set[int]
    qa: dict[int, tuple[str, str | None]]
    qa_for: set[int]
    mark: str | None
    read_only: tuple[str, ...]


@dataclass(frozen=True)
class CachedCaseData:
    """An interaction's case data as the cache holds it; ``waiting``: keys whose new value waits for the database."""

    items: tuple[CaseDataItem, ...]
    qa_status: str | None
    qa_note: str | None
    waiting: tuple[str, ...] = ()


def _row(r: Any) -> tuple[int, str, str, float | None]:
    return int(r[0]), str(r[1]), r[2] or "", r[3].timestamp() if r[3] is not None else None


def fetch(session: Session, visible: ColumnElement[bool], mark: str | None, overlap: timedelta,
          changed: Sequence[tuple[int, int | None]]) -> CaseDataFetch:
    """Read what changed: ``mark`` None reads every visible case; ``changed`` are (interaction id, case id) pairs
    of the interactions this pass rewrites, whose cases and QA status are read in full."""
    columns = (CaseData.case_id, CaseData.key, CaseData.value, CaseData.updated_at)
    visible_cases = select(Interaction.case_id).where(visible, Interaction.case_id.is_not(None))
    rows: list[tuple[int, str, str, float | None]] = []
    stamps: list[datetime] = []
    query = select(*columns).where(CaseData.case_id.in_(visible_cases))
    if mark is not None:
        query = query.where(CaseData.updated_at >= datetime.fromisoformat(mark) - overlap)
    for r in session.execute(query):
        rows.append(_row(r))
        if r[3] is not None:
            stamps.append(r[3])
    full = {case_id for _, case_id in changed if case_id is not None}
    if mark is not None:
        ids = sorted(full)
        for start in range(0, len(ids), _CHUNK):
            rows.extend(_row(r) for r in session.execute(
                select(*columns).where(CaseData.case_id.in_(ids[start:start + _CHUNK]))))
    interaction_ids = sorted({i for i, _ in changed})
    qa: dict[int, tuple[str, str | None]] = {}
    for start in range(0, len(interaction_ids), _CHUNK):
        for interaction_id, decision, note in session.execute(
                select(QaRound.interaction_id, QaRound.decision, QaRound.note)
                .where(QaRound.interaction_id.in_(interaction_ids[start:start + _CHUNK]))
                .order_by(QaRound.interaction_id, QaRound.round_no)):
            qa[int(interaction_id)] = (decision or "review", note)  # the latest round wins
    new_mark = max(stamps).isoformat() if stamps else mark
    return CaseDataFetch(rows, full, qa, set(interaction_ids), new_mark,
                         tuple(load_options(session).case_data_read_only))


def store(conn: sqlite3.Connection, fetched: CaseDataFetch, *, fresh: bool) -> None:
    """Write a fetch (inside the caller's transaction, after the interactions were written)."""
    if not fresh:
        conn.executemany("DELETE FROM case_data WHERE case_id = ?", [(c,) for c in sorted(fetched.full_cases)])
    conn.executemany("INSERT OR REPLACE INTO case_data (case_id, key, value, updated_at) VALUES (?, ?, ?, ?)",
                     fetched.rows)
    conn.executemany("DELETE FROM qa_status WHERE interaction_id = ?", [(i,) for i in sorted(fetched.qa_for)])
    conn.executemany("INSERT INTO qa_status (interaction_id, status, note) VALUES (?, ?, ?)",
                     [(i, status, note) for i, (status, note) in sorted(fetched.qa.items())])
    conn.execute("INSERT INTO meta (key, value) VALUES ('case_data_read_only', ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 (json.dumps(list(fetched.read_only), ensure_ascii=False),))


def forget(conn: sqlite3.Connection, interaction_ids: Iterable[int]) -> None:
    """Interactions left the cache: their QA status, and the data of cases no cached interaction belongs to."""
    ids = [(i,) for i in interaction_ids]
    if not ids:
        return
    conn.executemany("DELETE FROM qa_status WHERE interaction_id = ?", ids)
    conn.execute("DELETE FROM case_data WHERE case_id NOT IN "
                 "(SELECT case_id FROM interactions WHERE case_id IS NOT NULL)")


def read_only_keys(conn: sqlite3.Connection) -> set[str]:
    """The keys nobody edits: the option ``case_data_read_only`` as last seen, and the reserved QA key."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'case_data_read_only'").fetchone()
    return {*(json.loads(row[0]) if row is not None else []), QA_KEY}


def read(conn: sqlite3.Connection, interaction_id: int) -> CachedCaseData | None:
    """The cached case data and QA status of an interaction (None when the cache does not hold it), with the
    case data edits still waiting for the database shown in place (their keys in ``waiting``)."""
    row = conn.execute("SELECT case_id FROM interactions WHERE id = ?", (interaction_id,)).fetchone()
    if row is None:
        return None
    case_id = row[0]
    values: dict[str, str] = {}
    if case_id is not None:
        values = {str(k): str(v) for k, v in conn.execute(
            "SELECT key, value FROM case_data WHERE case_id = ?", (case_id,))}
    waiting: list[str] = []
    for (args,) in conn.execute("SELECT args FROM pending_actions WHERE status = 'waiting' AND kind = 'case_data' "
                                "AND interaction_id = ? ORDER BY id", (interaction_id,)):
        edit = json.loads(args)
        values[str(edit["key"])] = str(edit.get("value") or "")
        if edit["key"] not in waiting:
            waiting.append(str(edit["key"]))
    locked = read_only_keys(conn)
    items = tuple(CaseDataItem(key, values[key], key in locked) for key in sorted(values))
    qa = conn.execute("SELECT status, note FROM qa_status WHERE interaction_id = ?", (interaction_id,)).fetchone()
    return CachedCaseData(items, qa[0] if qa else None, qa[1] if qa else None, tuple(waiting))
