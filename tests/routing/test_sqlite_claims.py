"""SQLite under claims: the write-ahead log kept alive between transactions, claimers taking turns on a lock
file instead of polling SQLite's lock, and the polling fallback (Windows) getting the lock once it is free."""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.routing import assign
from agentdesk.routing.db import Database
from agentdesk.routing.models import History, Interaction, State
from tests.support.factories import inbound, seed_center


def _wal(db: Database) -> Path:
    return Path(f"{db.engine.url.database}-wal")


def test_a_sqlite_database_keeps_its_write_ahead_log_between_transactions(sqlite_db: Database) -> None:
    """Without an idle connection SQLite checkpoints and deletes the log whenever a transaction's connection
    closes (the last one to the file): a checkpoint and a new log for every transaction."""
    seed_center(sqlite_db)
    with sqlite_db.write() as s:
        s.execute(select(1))
    assert _wal(sqlite_db).exists()
    sqlite_db.dispose()  # lets go of the file: the log is checkpointed and removed
    assert not _wal(sqlite_db).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX flock")
def test_sqlite_claimers_take_turns_on_a_lock_file(sqlite_db: Database) -> None:
    import fcntl

    center = seed_center(sqlite_db)
    queued = inbound(sqlite_db, center, owner=None)
    got: list[tuple[int, int] | None] = []
    with open(f"{sqlite_db.engine.url.database}-claims.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # another claimer holds its turn
        claimer = threading.Thread(target=lambda: got.append(assign.claim_next(sqlite_db, center.support_id)))
        claimer.start()
        claimer.join(0.5)
        assert claimer.is_alive() and got == []  # waiting for its turn, not for SQLite's lock
        with sqlite_db.read() as s:
            assert s.scalar(select(Interaction.state).where(Interaction.id == queued)) == State.QUEUED.value
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    claimer.join(30)
    assert got and got[0] is not None and got[0][0] == queued


def test_the_polling_claim_gets_sqlites_lock_once_the_writer_lets_go(sqlite_db: Database) -> None:
    """Where there is no flock (Windows), a claim asks SQLite for its lock again every fraction of a
    millisecond, and takes it as soon as it is free."""
    seed_center(sqlite_db)
    path = str(sqlite_db.engine.url.database)
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    claimer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        writer.execute("BEGIN IMMEDIATE")
        began = threading.Event()
        done = threading.Event()

        def take() -> None:
            began.set()
            assign._begin_immediate(claimer)
            done.set()

        thread = threading.Thread(target=take)
        thread.start()
        assert began.wait(10)
        assert not done.wait(0.3)  # the writer still holds the lock
        writer.execute("COMMIT")
        assert done.wait(10)
        thread.join(10)
        assert claimer.in_transaction
        assert claimer.execute("PRAGMA busy_timeout").fetchone()[0] == int(assign.SQLITE_LOCK_SECONDS * 1000)
        claimer.execute("ROLLBACK")
    finally:
        writer.close()
        claimer.close()


def test_a_sqlite_claim_writes_what_the_orm_reads_back(sqlite_db: Database) -> None:
    """The claim's plain statements store timestamps and JSON exactly as the ORM does."""
    center = seed_center(sqlite_db)
    queued = inbound(sqlite_db, center, owner=None)
    before = assign.utcnow()
    assert assign.claim_next(sqlite_db, center.support_id) is not None
    with sqlite_db.read() as s:
        row = s.get(Interaction, queued)
        assert row is not None and row.assigned_at is not None and row.assigned_at >= before
        assert row.updated_at == row.assigned_at and row.version == 2
        history = s.scalars(select(History).where(History.interaction_id == queued, History.event == "assigned")).one()
        assert history.detail["to"] in center.users and history.detail["reason"] == "least_busy"
        assert history.created_at == row.assigned_at
