"""Routing databases for tests: a fresh SQLite file per test, and a per-worker PostgreSQL database.

PostgreSQL runs at 127.0.0.1:5432 with trust auth (user postgres). Without it the PostgreSQL half of a test
skips with a reason locally and fails in CI (``CI=true``).
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from agentdesk.routing import migrate
from agentdesk.routing.db import Database
from agentdesk.routing.models import Base

PG_ADMIN_DSN = os.environ.get("AGENTDESK_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(reason: str) -> None:
    """Skip for a missing server locally; in CI a missing server is a failure."""
    if IN_CI:
        pytest.fail(f"CI must have this: {reason}")
    pytest.skip(reason)


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3):
            return True
    except Exception:
        return False


def create_pg_database(prefix: str = "agentdesk_test") -> str:
    """Create an empty PostgreSQL database and return its SQLAlchemy URL.

    The URL says ``sslmode=disable`` by name: the test server has no TLS, and a settings file's PostgreSQL URL
    without a mode means ``verify-full`` (agentdesk.config.transport)."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}?sslmode=disable"


def drop_pg_database(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class SqliteTemplate:
    """An upgraded SQLite file copied for each test (much faster than migrating every time)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.sqlite3"
        db = Database(f"sqlite:///{self.path}")
        migrate.upgrade(db)
        db.dispose()

    def fresh(self, folder: Path) -> Database:
        target = folder / f"routing-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(self.path, target)
        return Database(f"sqlite:///{target}")


class PgWorkerDatabase:
    """One upgraded PostgreSQL database per test worker, emptied between tests."""

    def __init__(self) -> None:
        self.url = create_pg_database()
        self.db = Database(self.url)
        migrate.upgrade(self.db)

    def fresh(self) -> Database:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with self.db.engine.begin() as conn:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")  # lets TRUNCATE pass history's trigger
            conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        return self.db

    def close(self) -> None:
        self.db.dispose()
        drop_pg_database(self.url)
