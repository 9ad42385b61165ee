"""Fixtures shared by the whole suite: isolated agentdesk folders, routing databases on both backends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from agentdesk.routing.db import Database
from tests.support.databases import PgWorkerDatabase, SqliteTemplate, need, pg_available
from tests.support.pg_roles import SecuredCenter

# Hypothesis (tests/mail/test_fuzz.py): a short, derandomized run by default; --hypothesis-profile=fuzz-long for a
# long random one. A checkout without the test extra still runs the rest.
try:
    from hypothesis import settings
except ImportError:  # pragma: no cover
    pass
else:
    settings.register_profile("ci", max_examples=30, derandomize=True, print_blob=True)
    settings.register_profile("fuzz-long", max_examples=2000, print_blob=True)
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's settings, data or keyring."""
    monkeypatch.setenv("AGENTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("AGENTDESK_CONFIG", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.support.keyring_backend.MemoryKeyring")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def _pg_worker() -> Iterator[PgWorkerDatabase | None]:
    if not pg_available():
        yield None
        return
    worker = PgWorkerDatabase()
    yield worker
    worker.close()


@pytest.fixture
def sqlite_db(_sqlite_template: SqliteTemplate, tmp_path: Path) -> Iterator[Database]:
    db = _sqlite_template.fresh(tmp_path)
    yield db
    db.dispose()


@pytest.fixture
def pg_db(_pg_worker: PgWorkerDatabase | None) -> Database:
    if _pg_worker is None:
        need("PostgreSQL is not reachable at 127.0.0.1:5432")
    assert _pg_worker is not None
    return _pg_worker.fresh()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    """A migrated, empty routing database: each test using it runs on SQLite and on PostgreSQL."""
    name = "sqlite_db" if request.param == "sqlite" else "pg_db"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


@pytest.fixture
def secured_center() -> Iterator[SecuredCenter]:
    """A team database with roles: migrated, tests.support.pg_roles.CENTER applied, a login per user."""
    if not pg_available():
        need("PostgreSQL is not reachable at 127.0.0.1:5432")
    center = SecuredCenter()
    yield center
    center.close()
