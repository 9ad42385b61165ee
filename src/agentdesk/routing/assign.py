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
* The desktops' caches are woken by ``NOTIFY agentdesk_changes`` (:mod:`agentdesk.cache.watch`) sent right
  after the claim commits, in a transaction of its own. Not inside the claim: PostgreSQL serialises the
  commits of every transaction that notifies, WAL flush included (one lock for the whole server), which
  capped 20 claiming routers at one disk flush per claim; the claim's transaction also tells the change
  log's trigger to leave its NOTIFY to us (``agentdesk.notify_after_commit``, migration 0011). :func:`assign_queued` gathers the ids of its
  claims into one notification every :data:`NOTIFY_EVERY` seconds and at the end of the pass.
* SQLite: ``BEGIN IMMEDIATE`` and a conditional ``UPDATE … WHERE owner_id IS NULL AND state = 'queued'`` that
  must change exactly one row, in plain statements on one connection. SQLite's lock is unfair: the claim keeps
  it for a few statements only and asks for it again every fraction of a millisecond while another holds it.

The interaction's state, owner and ``assigned_at``, the agent's ``last_assigned_at`` and an ``assigned``
history row (no actor) are written in the same transaction.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    select,
    text,
)
from sqlalchemy.orm import Session

from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Interaction,
    Option,
    State,
)
from agentdesk.routing.types import UTCDateTime, utcnow

STRATEGIES = ("least_busy", "round_robin")
#: a done interaction of the case counts for case affinity this long after it was closed
RECENT_CASE = timedelta(days=7)

_PG_CLAIM = text("""
WITH quiet AS (  -- the change log's trigger leaves its NOTIFY to us (migration 0011): sent after the commit
    SELECT set_config('agentdesk.notify_after_commit', 'on', true) AS done
),
job AS (
    SELECT i.id, i.case_id
    FROM interactions i
    -- state = 'queued' AND team_id = :team, written as row comparisons so that only the queue index
    -- (state, team_id, id) serves them in order, whatever the statistics (never a walk along the primary key)
    WHERE (i.state, i.team_id) >= ('queued', :team) AND (i.state, i.team_id) <= ('queued', :team)
      AND i.owner_id IS NULL AND (SELECT done FROM quiet) IS NOT NULL
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
)
SELECT claimed.id, claimed.owner_id FROM claimed  -- touched and logged run all the same (PostgreSQL)
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
        got = _claim_on(conn, team_id, strategy, now)
        if got is not None:
            _notify(conn, [got[0]])
        return got


#: the claim in psycopg's parameter style: run on the driver's connection, it costs the client a third of the
#: CPU time it costs through SQLAlchemy's text() (20 claiming processes on 2 cores are CPU-bound)
_PG_CLAIM_DRIVER = re.sub(r"(?<!:):(team|strategy|now|recent)\b", r"%(\1)s", _PG_CLAIM.text)


def _claim_on(conn: Connection, team_id: int, strategy: str | None, now: datetime) -> tuple[int, int] | None:
    """One claim on PostgreSQL: one statement (the strategy option is read inside it) and its COMMIT, on the
    driver's connection (SQLAlchemy never begins a transaction on ``conn`` here). Sending both together in
    psycopg's pipeline mode cost the client more CPU than the round trip it saved (20 claimers on 2 cores)."""
    driver: Any = conn.connection.driver_connection  # psycopg's Connection
    try:
        row = driver.execute(_PG_CLAIM_DRIVER, {"team": team_id, "now": now, "recent": now - RECENT_CASE,
                                                "strategy": strategy}).fetchone()
        driver.commit()
    except BaseException:
        driver.rollback()
        raise
    return (int(row[0]), int(row[1])) if row is not None else None


#: the channel the desktops' caches LISTEN on (agentdesk.cache.watch.CHANNEL)
CHANGE_CHANNEL = "agentdesk_changes"
#: how often :func:`assign_queued` tells the desktops what it assigned meanwhile (seconds)
NOTIFY_EVERY = 0.05
_NOTIFY_IDS = 200  # a NOTIFY payload must stay under 8,000 bytes


def _notify(conn: Connection, ids: list[int]) -> None:
    """Wake the desktops' caches about ``ids`` (committed already): a transaction that only notifies writes no
    WAL, so the server-wide lock it takes at commit is held for no disk flush."""
    driver: Any = conn.connection.driver_connection
    for start in range(0, len(ids), _NOTIFY_IDS):
        payload = json.dumps({"interactions": ids[start:start + _NOTIFY_IDS], "more": False})
        try:
            with driver.pipeline():
                driver.execute("SELECT pg_notify(%s, %s)", (CHANGE_CHANNEL, payload))
                driver.commit()
        except BaseException:
            driver.rollback()
            raise


def _queued(team_id: int) -> list[ColumnElement[bool]]:
    return [Interaction.state == State.QUEUED.value, Interaction.team_id == team_id, Interaction.owner_id.is_(None)]


# -- SQLite: plain statements on the driver's connection (compiling the same Core statements for every claim
# cost more than running them), the write lock taken with BEGIN IMMEDIATE and retried every fraction of a
# millisecond (SQLite's own busy handler sleeps ever longer — up to 100 ms a try — so a waiter that lost a few
# times lost to every newcomer: waits of seconds with 20 processes).
_SQLITE_QUEUED = ("SELECT id, case_id, contact_id FROM interactions WHERE state = 'queued' AND team_id = ? "
                  "AND owner_id IS NULL ORDER BY id LIMIT 1")
_SQLITE_AGENT = """
SELECT u.id, u.login, COALESCE(u.id = (
        SELECT o.owner_id FROM interactions o
        WHERE o.case_id = :case AND o.id <> :job AND o.owner_id IS NOT NULL
          AND (o.state <> 'done' OR o.done_at >= :recent)
        ORDER BY CASE WHEN o.state <> 'done' THEN 0 ELSE 1 END, o.assigned_at DESC NULLS LAST, o.id DESC
        LIMIT 1), 0) AS by_case
FROM users u
WHERE u.team_id = :team AND u.role = 'agent' AND u.presence = 'ready' AND u.retired_at IS NULL
  AND u.held < u.capacity
ORDER BY by_case DESC, CASE WHEN :least_busy THEN u.held ELSE 0 END, u.last_assigned_at ASC NULLS FIRST, u.id
LIMIT 1
"""
_SQLITE_TAKE = ("UPDATE interactions SET state = 'assigned', owner_id = ?, assigned_at = ?, updated_at = ?, "
                "version = version + 1 WHERE id = ? AND owner_id IS NULL AND state = 'queued'")
_SQLITE_TOUCH = "UPDATE users SET last_assigned_at = ? WHERE id = ?"
_SQLITE_LOG = ("INSERT INTO history (interaction_id, case_id, contact_id, team_id, actor_id, event, detail, "
               "created_at) VALUES (?, ?, ?, ?, NULL, 'assigned', ?, ?)")
#: how long a claim waits for SQLite's write lock before it gives up (as the busy timeout of db.py)
SQLITE_LOCK_SECONDS = 30.0


def _claim_sqlite(db: Database, team_id: int, strategy: str | None, now: datetime) -> tuple[int, int] | None:
    stamp = UTCDateTime().bind_processor(db.engine.dialect)
    assert stamp is not None
    with db.engine.connect() as conn:
        raw: Any = conn.connection.driver_connection  # sqlite3, in autocommit mode (db.py issues BEGIN itself)
        if raw.execute(_SQLITE_QUEUED, (team_id,)).fetchone() is None:
            return None  # nothing to do: no write lock taken
        with _claimers_in_turn(db) as in_turn:
            if in_turn:  # only other kinds of writers can hold SQLite's lock now: its busy handler will do
                raw.execute("BEGIN IMMEDIATE")
            else:
                _begin_immediate(raw)
            try:
                got = _claim_sqlite_locked(raw, team_id, strategy, stamp(now), stamp(now - RECENT_CASE))
                raw.execute("COMMIT")
            except BaseException:
                raw.execute("ROLLBACK")
                raise
        return got


@contextmanager
def _claimers_in_turn(db: Database) -> Iterator[bool]:
    """Claimers of one SQLite file wait for each other on a lock file beside it, asleep in the kernel until
    the holder lets go (POSIX ``flock``), instead of polling SQLite's lock and taking CPU from the holder.
    Yields False without ``fcntl`` (Windows): there they poll SQLite's lock (:func:`_begin_immediate`)."""
    if sys.platform == "win32" or not db.engine.url.database or db.engine.url.database == ":memory:":
        yield False
        return
    import fcntl

    with open(f"{db.engine.url.database}-claims.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _begin_immediate(raw: sqlite3.Connection) -> None:
    """Take SQLite's write lock, trying again every 0.2–1 ms (a fair chance at every release) for up to
    :data:`SQLITE_LOCK_SECONDS`: SQLite's own busy handler sleeps ever longer between tries (up to 100 ms)."""
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + SQLITE_LOCK_SECONDS
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if raw.in_transaction or "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(random.uniform(0.0002, 0.001))
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(SQLITE_LOCK_SECONDS * 1000)}")


def _claim_sqlite_locked(raw: sqlite3.Connection, team_id: int, strategy: str | None, now: str,
                         recent: str) -> tuple[int, int] | None:
    job = raw.execute(_SQLITE_QUEUED, (team_id,)).fetchone()
    if job is None:
        return None
    job_id, case_id, contact_id = job
    chosen = strategy
    if chosen is None:
        option = raw.execute("SELECT value FROM options WHERE key = 'routing_strategy'").fetchone()
        value = json.loads(option[0]) if option is not None and option[0] is not None else None
        chosen = value if value in STRATEGIES else STRATEGIES[0]
    agent = raw.execute(_SQLITE_AGENT, {"case": case_id, "job": job_id, "recent": recent, "team": team_id,
                                        "least_busy": chosen == "least_busy"}).fetchone()
    if agent is None:
        return None
    agent_id, login, by_case = agent
    # exactly one row, or someone else took it (cannot happen under BEGIN IMMEDIATE): never double-assign
    if raw.execute(_SQLITE_TAKE, (agent_id, now, now, job_id)).rowcount != 1:
        raise RuntimeError(f"interaction {job_id} changed under SQLite's write lock")
    raw.execute(_SQLITE_TOUCH, (now, agent_id))
    detail = json.dumps({"to": login, "reason": "case" if by_case else chosen})
    raw.execute(_SQLITE_LOG, (job_id, case_id, contact_id, team_id, detail, now))
    return int(job_id), int(agent_id)


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
            return _assign_postgres(conn, strategy, active, limit)
    if db.is_sqlite and active:
        return _assign_sqlite(db, strategy, active, limit)
    return _assign_teams(lambda team_id: claim_next(db, team_id, strategy=strategy), active, limit)


#: how long the router's pass on SQLite holds the write lock for one transaction of claims: long enough that
#: a transaction's cost (BEGIN, COMMIT, the claimers' lock file) is shared by many claims, short enough that a
#: desktop's own claim waiting behind it stays far below 100 ms
SQLITE_SLICE_SECONDS = 0.01


def _assign_sqlite(db: Database, strategy: str, active: list[int], limit: int | None) -> list[tuple[int, int]]:
    """The router's pass on SQLite: one connection for the pass, claims in transactions of at most
    :data:`SQLITE_SLICE_SECONDS` each (one claim a transaction cost a connection, a BEGIN and a COMMIT per
    claim: 10,000 queued emails took longer to route than to fetch). Every claim is the same statements as
    :func:`claim_next`'s, under the same locks."""
    stamp = UTCDateTime().bind_processor(db.engine.dialect)
    assert stamp is not None
    done: list[tuple[int, int]] = []
    with db.engine.connect() as conn:
        raw: Any = conn.connection.driver_connection
        while active and (limit is None or len(done) < limit):
            with _claimers_in_turn(db) as in_turn:
                if in_turn:
                    raw.execute("BEGIN IMMEDIATE")
                else:
                    _begin_immediate(raw)
                try:
                    now = utcnow()
                    deadline = time.monotonic() + SQLITE_SLICE_SECONDS
                    while active and (limit is None or len(done) < limit) and time.monotonic() < deadline:
                        for team_id in list(active):
                            got = _claim_sqlite_locked(raw, team_id, strategy, stamp(now), stamp(now - RECENT_CASE))
                            if got is None:
                                active.remove(team_id)
                                continue
                            done.append(got)
                            if limit is not None and len(done) >= limit:
                                break
                    raw.execute("COMMIT")
                except BaseException:
                    raw.execute("ROLLBACK")
                    raise
    return done


def _assign_postgres(conn: Connection, strategy: str, active: list[int], limit: int | None) -> list[tuple[int, int]]:
    unsent: list[int] = []
    last = time.monotonic()

    def claim(team_id: int) -> tuple[int, int] | None:
        nonlocal last
        got = _claim_on(conn, team_id, strategy, utcnow())
        if got is not None:
            unsent.append(got[0])
        if unsent and time.monotonic() - last >= NOTIFY_EVERY:
            _notify(conn, unsent)
            unsent.clear()
            last = time.monotonic()
        return got

    try:
        return _assign_teams(claim, active, limit)
    finally:
        if unsent:  # committed: the desktops must hear of them even when a later claim failed
            _notify(conn, unsent)


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
