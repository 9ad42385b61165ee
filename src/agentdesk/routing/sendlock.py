"""Who is sending which outbox row right now, across the processes sharing one SQLite routing database.

A sender holds the lock of a row (its id) from the claim until the outcome is committed, and the lock goes away
with the process however it ends, so the next pass can tell a live send from one a crash left behind without
any clock. One interface, :class:`FileLocks`, over a lock file beside the database (``<db>-outbox.lock``), with
two equal implementations: POSIX byte-range locks (``fcntl.lockf``) and Windows byte-range locks
(``msvcrt.locking``); both lock byte ``item id`` of the file, non-blocking, and both are released by the OS when
the process dies. Within one process the sends in flight are also kept in a set (POSIX locks are per process, so
a second lock by the same process would succeed). PostgreSQL uses session advisory locks instead
(``agentdesk.routing.sender``).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.routing.db import Database

#: First key of the PostgreSQL advisory locks that say "this outbox row is being sent" ("adsb").
LOCK_CLASS = 0x61647362
LOCK_MASK = 0x7FFFFFFF


class _PosixBytes:
    """``fcntl.lockf`` on one byte; the descriptor stays open: closing any descriptor of a file drops all of the
    process's POSIX locks on it."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def lock(self, offset: int) -> bool:
        if sys.platform == "win32":
            raise OSError("POSIX locks on Windows")
        import fcntl

        try:
            fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, offset, os.SEEK_SET)
        except OSError:
            return False
        return True

    def unlock(self, offset: int) -> None:
        if sys.platform == "win32":
            raise OSError("POSIX locks on Windows")
        import fcntl

        fcntl.lockf(self.fd, fcntl.LOCK_UN, 1, offset, os.SEEK_SET)


class _WindowsBytes:
    """``msvcrt.locking`` on one byte (``LK_NBLCK``: fail at once when another handle holds it). Windows locks are
    mandatory and per handle; the byte may lie beyond the end of the file, which stays empty."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._seek = threading.Lock()  # locking() works from the descriptor's current position

    def lock(self, offset: int) -> bool:
        if sys.platform != "win32":
            raise OSError("Windows locks elsewhere")
        import msvcrt

        with self._seek:
            os.lseek(self.fd, offset, os.SEEK_SET)
            try:
                msvcrt.locking(self.fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                return False
        return True

    def unlock(self, offset: int) -> None:
        if sys.platform != "win32":
            raise OSError("Windows locks elsewhere")
        import msvcrt

        with self._seek:
            os.lseek(self.fd, offset, os.SEEK_SET)
            msvcrt.locking(self.fd, msvcrt.LK_UNLCK, 1)


class FileLocks:
    """The "being sent" locks of one SQLite database's outbox rows, for this process."""

    def __init__(self, path: str | None, *, windows: bool | None = None) -> None:
        self.path = path
        self._guard = threading.Lock()
        self._inflight: set[int] = set()
        self._bytes: _PosixBytes | _WindowsBytes | None = None
        if path is not None:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            use_windows = sys.platform == "win32" if windows is None else windows
            self._bytes = _WindowsBytes(fd) if use_windows else _PosixBytes(fd)

    def acquire(self, item_id: int) -> bool:
        """Take the lock of ``item_id`` unless some sender (here or in another process) holds it."""
        with self._guard:
            if item_id in self._inflight:
                return False
            if self._bytes is not None and not self._bytes.lock(item_id):
                return False
            self._inflight.add(item_id)
            return True

    def release(self, item_id: int) -> None:
        with self._guard:
            if item_id not in self._inflight:
                return
            self._inflight.discard(item_id)
            if self._bytes is not None:
                self._bytes.unlock(item_id)

    def held_elsewhere(self, item_id: int) -> bool:
        """Is some sender sending ``item_id`` now (this process or another)? A free lock is left free."""
        if self.acquire(item_id):
            self.release(item_id)
            return False
        return True


_registry_guard = threading.Lock()
_registry: dict[str, FileLocks] = {}


def lock_path(db: Database) -> str | None:
    """The lock file of an SQLite database file (None for PostgreSQL and in-memory databases)."""
    name = db.engine.url.database
    if db.is_postgres or not name or name == ":memory:":
        return None
    return os.path.abspath(name) + "-outbox.lock"


def locks_for(db: Database) -> FileLocks:
    """This process's locks for ``db`` (one per database file, shared by every sender thread)."""
    key = lock_path(db) or str(db.url)
    with _registry_guard:
        found = _registry.get(key)
        if found is None:
            found = _registry[key] = FileLocks(lock_path(db))
        return found


class Claim:
    """Holds the "being sent" lock of outbox rows from their claim until their outcome is committed: a session
    advisory lock on a connection of its own on PostgreSQL (released by the server when the process dies), the
    :class:`FileLocks` of the database on SQLite. ``tx()`` opens a transaction (on that connection on PostgreSQL)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.item_id: int | None = None
        self._conn: Any = None
        self._locks = None if db.is_postgres else locks_for(db)

    @contextmanager
    def tx(self) -> Iterator[Session]:
        if self._conn is None:
            with self.db.write() as session:
                yield session
        else:
            with Session(self._conn, expire_on_commit=False) as session, session.begin():
                yield session

    def __enter__(self) -> Claim:
        if self.db.is_postgres:
            self._conn = self.db.engine.connect()
        return self

    def hold(self, session: Session, item_id: int) -> bool:
        """Take the lock for ``item_id`` inside the claiming transaction (PostgreSQL: waits for it)."""
        if self._locks is None:
            session.execute(select(func.pg_advisory_lock(LOCK_CLASS, item_id & LOCK_MASK)))
        elif not self._locks.acquire(item_id):
            return False
        self.item_id = item_id
        return True

    def try_hold(self, item_id: int) -> bool:
        """Take the lock for ``item_id`` outside any transaction, without waiting."""
        if self._locks is None:
            got = bool(self._conn.execute(select(func.pg_try_advisory_lock(LOCK_CLASS, item_id & LOCK_MASK)))
                       .scalar())
            self._conn.commit()
        else:
            got = self._locks.acquire(item_id)
        if got:
            self.item_id = item_id
        return got

    def release(self) -> None:
        item_id, self.item_id = self.item_id, None
        if item_id is None:
            return
        if self._locks is None:
            self._conn.execute(select(func.pg_advisory_unlock(LOCK_CLASS, item_id & LOCK_MASK)))
            self._conn.commit()
        else:
            self._locks.release(item_id)

    def __exit__(self, *exc: object) -> None:
        try:
            self.release()
        finally:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def sender_gone(db: Database, session: Session, item_id: int) -> bool:
    """Inside a write transaction: is no sender holding ``item_id``? (PostgreSQL: a transaction-level try-lock
    that holds until this transaction ends; SQLite: the file lock, tried and left free)."""
    if db.is_postgres:
        return bool(session.scalar(select(func.pg_try_advisory_xact_lock(LOCK_CLASS, item_id & LOCK_MASK))))
    return not locks_for(db).held_elsewhere(item_id)
