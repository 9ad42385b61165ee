"""Routing: give each queued inbound interaction to one available agent of its team, exactly once.

An agent is available when their role is ``agent``, their presence ``ready``, they are not retired, and the
inbound email they hold (state ``assigned``) is below their capacity. Among them the interaction goes first to
the agent who owns an open or recent interaction of the same case (:data:`RECENT_CASE`), else by the
``routing_strategy`` option: ``least_busy`` (fewest held, then longest since their last assignment) or
``round_robin`` (longest since their last assignment).

However many routers and desktops claim at once, an interaction goes to one agent only and no agent passes
their capacity, and nobody waits on another's lock:

* PostgreSQL: one statement. The interaction is taken with ``FOR NO KEY UPDATE SKIP LOCKED``; so is the
  chosen agent's row, which every claim updates (``last_assigned_at``). What an agent holds is the ``held``
  column, kept by a trigger on interactions (migration 0003) and compared with ``capacity`` in the locking
  query itself, so PostgreSQL checks it again on the newest row version when another claim committed
  meanwhile: never a stale count, and no per-claim count of every agent's emails.
* SQLite: ``BEGIN IMMEDIATE`` (``Database.write()``) and a conditional ``UPDATE … WHERE owner_id IS NULL AND
  state = 'queued'`` that must change exactly one row. Transactions are kept short (SQLite's lock is unfair).

The interaction's state, owner and ``assigned_at``, the agent's ``last_assigned_at`` and an ``assigned``
history row (no actor) are written in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    and_,
    case,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    History,
    Interaction,
    Option,
    Presence,
    Role,
    State,
    User,
)
from agentdesk.routing.types import utcnow

STRATEGIES = ("least_busy", "round_robin")
#: a done interaction of the case counts for case affinity this long after it was closed
RECENT_CASE = timedelta(days=7)

_PG_CLAIM = text("""
WITH job AS (
    SELECT i.id, i.case_id
    FROM interactions i
    -- state = 'queued' AND team_id = :team, written as row comparisons so that only the queue index
    -- (state, team_id, id) serves them in order, whatever the statistics (never a walk along the primary key)
    WHERE (i.state, i.team_id) >= ('queued', :team) AND (i.state, i.team_id) <= ('queued', :team)
      AND i.owner_id IS NULL
    ORDER BY i.state, i.team_id, i.id
    LIMIT 1
    FOR NO KEY UPDATE SKIP LOCKED
),
strategy AS (
    SELECT CASE COALESCE(CAST(:strategy AS text),
                         (SELECT o.value #>> '{}' FROM options o WHERE o.key = 'routing_strategy'))
           WHEN 'round_robin' THEN 'round_robin' ELSE 'least_busy' END AS name
),
pref AS (  -- found through the case index only (an owner condition here invites a walk of every owned row)
    SELECT owner_id FROM (
        SELECT o.owner_id
        FROM interactions o JOIN job ON o.case_id = job.case_id
        WHERE o.id <> job.id AND (o.state <> 'done' OR o.done_at >= :recent)
        ORDER BY (o.owner_id IS NULL), (o.state <> 'done') DESC, o.assigned_at DESC NULLS LAST, o.id DESC
        LIMIT 1
    ) latest
    WHERE owner_id IS NOT NULL
),
agent AS (  -- held < capacity is checked again on the newest row version when another claim changed it
    SELECT u.id, u.login, (u.id IS NOT DISTINCT FROM (SELECT owner_id FROM pref)) AS by_case
    FROM users u
    WHERE u.team_id = :team AND u.role = 'agent' AND u.presence = 'ready' AND u.retired_at IS NULL
      AND u.held < u.capacity AND EXISTS (SELECT 1 FROM job)
    ORDER BY by_case DESC,
             CASE WHEN (SELECT name FROM strategy) = 'least_busy' THEN u.held ELSE 0 END,
             u.last_assigned_at NULLS FIRST, u.id
    LIMIT 1
    FOR NO KEY UPDATE OF u SKIP LOCKED
),
claimed AS (
    UPDATE interactions i
    SET state = 'assigned', owner_id = agent.id, assigned_at = :now, updated_at = :now, version = i.version + 1
    FROM job, agent
    WHERE i.id = job.id
    RETURNING i.id, i.case_id, i.contact_id, i.team_id, agent.id AS owner_id, agent.login, agent.by_case
),
touched AS (
    UPDATE users u SET last_assigned_at = :now FROM claimed WHERE u.id = claimed.owner_id RETURNING u.id
),
logged AS (
    INSERT INTO history (interaction_id, case_id, contact_id, team_id, actor_id, event, detail, created_at)
    SELECT id, case_id, contact_id, team_id, NULL, 'assigned',
           jsonb_build_object('to', login,
                              'reason', CASE WHEN by_case THEN 'case' ELSE (SELECT name FROM strategy) END),
           :now
    FROM claimed
    RETURNING id
),
notified AS (  -- wakes the desktops' caches (agentdesk.cache.watch), on commit only; same payload as actions
    SELECT pg_notify('agentdesk_changes', json_build_object('interactions', json_build_array(id), 'more', false)::text)
           AS sent
    FROM claimed
)
SELECT claimed.id, claimed.owner_id FROM claimed, notified
""")


def _strategy(session: Session) -> str:
    value = session.scalar(select(Option.value).where(Option.key == "routing_strategy"))
    return value if value in STRATEGIES else STRATEGIES[0]


def claim_next(db: Database, team_id: int, *, strategy: str | None = None) -> tuple[int, int] | None:
    """Assign the team's oldest claimable queued interaction to an available agent, in one short transaction.

    Returns ``(interaction id, user id)``, or None when nothing is queued or nobody is available. ``strategy``
    overrides the ``routing_strategy`` option (read in the same transaction when not given)."""
    if strategy is not None and strategy not in STRATEGIES:
        raise ValueError(f"unknown routing strategy {strategy!r}: use one of {', '.join(STRATEGIES)}")
    now = utcnow()
    if db.is_postgres:
        return _claim_postgres(db, team_id, strategy, now)
    return _claim_sqlite(db, team_id, strategy, now)


def _claim_postgres(db: Database, team_id: int, strategy: str | None, now: datetime) -> tuple[int, int] | None:
    with db.engine.connect() as conn:
        return _claim_on(conn, team_id, strategy, now)


#: the claim in psycopg's parameter style: run on the driver's connection, it costs the client a third of the
#: CPU time it costs through SQLAlchemy's text() (20 claiming processes on 2 cores are CPU-bound)
_PG_CLAIM_DRIVER = re.sub(r"(?<!:):(team|strategy|now|recent)\b", r"%(\1)s", _PG_CLAIM.text)


def _claim_on(conn: Connection, team_id: int, strategy: str | None, now: datetime) -> tuple[int, int] | None:
    """One claim on PostgreSQL: one statement (the strategy option is read inside it), then commit."""
    driver: Any = conn.connection.driver_connection  # psycopg's Connection, inside SQLAlchemy's transaction
    with conn.begin():
        row = driver.execute(_PG_CLAIM_DRIVER, {"team": team_id, "now": now, "recent": now - RECENT_CASE,
                                                "strategy": strategy}).fetchone()
    return (int(row[0]), int(row[1])) if row is not None else None


def _queued(team_id: int) -> list[ColumnElement[bool]]:
    return [Interaction.state == State.QUEUED.value, Interaction.team_id == team_id, Interaction.owner_id.is_(None)]


def _claim_sqlite(db: Database, team_id: int, strategy: str | None, now: datetime) -> tuple[int, int] | None:
    with db.read() as session:  # no write lock while there is nothing to do
        if session.scalar(select(Interaction.id).where(*_queued(team_id)).limit(1)) is None:
            return None
    try:
        return _claim_sqlite_locked(db, team_id, strategy, now)
    except _Raced:
        return None


class _Raced(Exception):
    """The conditional UPDATE changed no row: someone else took the interaction (rolls the claim back)."""


def _claim_sqlite_locked(db: Database, team_id: int, strategy: str | None, now: datetime) -> tuple[int, int] | None:
    with db.write() as session:
        job = session.execute(select(Interaction.id, Interaction.case_id, Interaction.contact_id)
                              .where(*_queued(team_id)).order_by(Interaction.id).limit(1)).first()
        if job is None:
            return None
        chosen = strategy or _strategy(session)
        agent = _pick_sqlite(session, team_id, job.id, job.case_id, chosen, now)
        if agent is None:
            return None
        done = session.execute(
            update(Interaction)
            .where(Interaction.id == job.id, Interaction.owner_id.is_(None), Interaction.state == State.QUEUED.value)
            .values(state=State.ASSIGNED.value, owner_id=agent.id, assigned_at=now, updated_at=now,
                    version=Interaction.version + 1)
        )
        # exactly one row, or someone else took it (cannot happen under BEGIN IMMEDIATE): never double-assign
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise _Raced
        session.execute(update(User).where(User.id == agent.id).values(last_assigned_at=now))
        session.execute(insert(History).values(
            interaction_id=job.id, case_id=job.case_id, contact_id=job.contact_id, team_id=team_id, actor_id=None,
            event="assigned", detail={"to": agent.login, "reason": "case" if agent.by_case else chosen},
            created_at=now,
        ))
        return job.id, agent.id


def _pick_sqlite(session: Session, team_id: int, job_id: int, case_id: int | None, strategy: str,
                 now: datetime) -> Row[tuple[int, str, bool]] | None:
    held = User.held  # kept by triggers on interactions
    by_case: object = literal(False)
    if case_id is not None:
        owner = (select(Interaction.owner_id)
                 .where(Interaction.case_id == case_id, Interaction.id != job_id, Interaction.owner_id.is_not(None),
                        or_(Interaction.state != State.DONE.value, Interaction.done_at >= now - RECENT_CASE))
                 .order_by(case((Interaction.state != State.DONE.value, 0), else_=1),
                           Interaction.assigned_at.desc().nulls_last(), Interaction.id.desc())
                 .limit(1).scalar_subquery())
        by_case = func.coalesce(User.id == owner, False)
    by_case_col = by_case.label("by_case")  # type: ignore[attr-defined]
    order = [by_case_col.desc()]
    if strategy == "least_busy":
        order.append(held)
    order += [User.last_assigned_at.asc().nulls_first(), User.id]
    return session.execute(
        select(User.id, User.login, by_case_col)
        .where(and_(User.team_id == team_id, User.role == Role.AGENT.value, User.presence == Presence.READY.value,
                    User.retired_at.is_(None), held < User.capacity))
        .order_by(*order).limit(1)
    ).first()


def queued_teams(db: Database) -> list[int]:
    """The teams that have queued interactions waiting for an agent."""
    with db.read() as session:
        rows = session.scalars(select(Interaction.team_id).where(
            Interaction.state == State.QUEUED.value, Interaction.owner_id.is_(None),
            Interaction.team_id.is_not(None)).distinct())
        return sorted(int(t) for t in rows if t is not None)


def assign_queued(db: Database, *, limit: int | None = None) -> list[tuple[int, int]]:
    """Assign what is queued, team by team in turn, one short transaction per claim, until nothing more can be
    assigned (or ``limit`` claims). Returns ``(interaction id, user id)`` of each assignment made."""
    with db.read() as session:
        strategy = _strategy(session)
    active = queued_teams(db)
    if db.is_postgres and active:
        with db.engine.connect() as conn:  # one connection for the whole pass
            return _assign_teams(lambda team_id: _claim_on(conn, team_id, strategy, utcnow()), active, limit)
    return _assign_teams(lambda team_id: claim_next(db, team_id, strategy=strategy), active, limit)


def _assign_teams(claim: Callable[[int], tuple[int, int] | None], active: list[int],
                  limit: int | None) -> list[tuple[int, int]]:
    done: list[tuple[int, int]] = []
    while active and (limit is None or len(done) < limit):
        for team_id in list(active):
            got = claim(team_id)
            if got is None:
                active.remove(team_id)
                continue
            done.append(got)
            if limit is not None and len(done) >= limit:
                break
    return done
