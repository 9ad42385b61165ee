"""Connections to the routing database: engines, sessions and transactions that behave alike on both backends.

On SQLite a writing transaction starts with ``BEGIN IMMEDIATE`` (SQLite has no row locks; taking the write
lock up front is what makes a conditional ``UPDATE`` a safe claim, and avoids "database is locked" when a
reader upgrades). On PostgreSQL the usual ``READ COMMITTED`` with row locks applies.

SQLite connections are not pooled (each transaction opens its own), but a :class:`Database` on a SQLite file
keeps one idle connection open from its first transaction until :meth:`Database.dispose`: SQLite checkpoints
and deletes the write-ahead log whenever the last connection to the file closes, which cost every
transaction a checkpoint and a new log (about 10 ms a transaction, most of a routing claim).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

_SQLITE_BEGIN = "agentdesk_sqlite_begin"


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(_SQLITE_BEGIN, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite files get WAL, foreign keys and a busy timeout, their folder is created."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("poolclass", NullPool)
        kwargs.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
        engine = create_engine(url, **kwargs)
        _prepare_sqlite(engine)
        return engine
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


class Database:
    """The routing database of one deployment: an engine and the two kinds of transaction agentdesk uses."""

    def __init__(self, url: str | URL, *, pooled: bool = False, **engine_kwargs: Any) -> None:
        self.engine = make_engine(url, **engine_kwargs)
        #: the URL is a transaction pooler (PgBouncer): no LISTEN, no session state across transactions
        self.pooled = pooled
        #: (a desktop's) ``host:port`` of the wake-up relay, ``agentdesk relay`` (agentdesk.desk.relay)
        self.relay: str | None = None
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self.is_postgres = self.engine.dialect.name == "postgresql"
        writer = self.engine.execution_options(**{_SQLITE_BEGIN: "IMMEDIATE"}) if self.is_sqlite else self.engine
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(writer, expire_on_commit=False)
        self._keeper: sqlite3.Connection | None = None
        self._keeper_lock = threading.Lock()
        self._keep = self.is_sqlite and self.engine.url.database not in (None, "", ":memory:")
        if self._keep:
            event.listen(self.engine, "engine_connect", self._keep_open)

    def _keep_open(self, _conn: Connection) -> None:
        """Open the idle connection that keeps SQLite's write-ahead log alive (see the module's docstring)."""
        if self._keeper is not None or not self._keep:
            return
        with self._keeper_lock:
            if self._keeper is None and self._keep:
                keeper = sqlite3.connect(str(self.engine.url.database), check_same_thread=False)
                keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()  # joins the write-ahead log
                self._keeper = keeper

    @property
    def url(self) -> URL:
        return self.engine.url

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that may change data: committed on success, rolled back on any exception."""
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A transaction that only reads (never takes SQLite's write lock)."""
        with self._reader() as session, session.begin():
            yield session

    def dispose(self) -> None:
        with self._keeper_lock:
            keeper, self._keeper, self._keep = self._keeper, None, False
        if keeper is not None:
            keeper.close()
        self.engine.dispose()
