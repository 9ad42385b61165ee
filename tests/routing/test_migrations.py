"""The Alembic migrations: the models match the newest one, and every step upgrades a database holding data."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from agentdesk.routing import migrate
from agentdesk.routing.db import Database
from agentdesk.routing.models import Base
from tests.support.databases import create_pg_database, drop_pg_database, need, pg_available


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield db
        db.dispose()
        return
    if not pg_available():
        need("PostgreSQL is not reachable at 127.0.0.1:5432")
    url = create_pg_database("agentdesk_migr")
    db = Database(url)
    yield db
    db.dispose()
    drop_pg_database(url)


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_models_match_newest_migration(empty_db: Database) -> None:
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_object": migrate.include_object}), Base.metadata)
    assert diff == []


def _seed_row(conn: sa.Connection, revision: str) -> None:
    """A little data in every table that exists at ``revision``, so the next step must carry it."""
    tables = set(sa.inspect(conn).get_table_names())
    if "teams" in tables:
        conn.execute(sa.text("INSERT INTO teams (name) VALUES (:n)"), {"n": f"team-{revision}"})
    if "history" in tables:
        conn.execute(
            sa.text("INSERT INTO history (event, detail, created_at) VALUES ('seeded', '{}', CURRENT_TIMESTAMP)")
        )


def test_every_migration_upgrades_a_database_with_data(empty_db: Database) -> None:
    revisions = _revisions()
    assert revisions, "no migrations found"
    for revision in revisions:
        migrate.upgrade(empty_db, revision)
        with empty_db.engine.begin() as conn:
            _seed_row(conn, revision)
    assert migrate.current_revision(empty_db) == migrate.head_revision()
    with empty_db.engine.connect() as conn:
        teams = conn.execute(sa.text("SELECT count(*) FROM teams")).scalar_one()
        history = conn.execute(sa.text("SELECT count(*) FROM history")).scalar_one()
    assert teams == len(revisions)
    assert history == len(revisions)


def test_upgrade_twice_changes_nothing(empty_db: Database) -> None:
    migrate.upgrade(empty_db)
    migrate.upgrade(empty_db)
    assert migrate.current_revision(empty_db) == migrate.head_revision()


def test_history_is_append_only(db: Database) -> None:
    with db.write() as s:
        s.execute(sa.text("INSERT INTO history (event, detail, created_at) VALUES ('x', '{}', CURRENT_TIMESTAMP)"))
    for statement in ("UPDATE history SET event = 'changed'", "DELETE FROM history"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.write() as s:
            s.execute(sa.text(statement))
    with db.read() as s:
        assert s.execute(sa.text("SELECT event FROM history")).scalars().all() == ["x"]


@pytest.mark.postgres
@pytest.mark.parametrize("empty_db", ["postgres"], indirect=True)
def test_postgres_gets_trigram_indexes_for_wide_search(empty_db: Database) -> None:
    """Searching the whole routing database (``agentdesk search --all``) matches words inside Japanese sentences
    with ILIKE; on PostgreSQL trigram indexes answer it instead of a scan of every interaction."""
    migrate.upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        names = set(conn.scalars(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'interactions'")))
        assert {"ix_interactions_subject_trgm", "ix_interactions_body_text_trgm"} <= names
        conn.execute(sa.text("SET enable_seqscan = off"))
        plan = "\n".join(conn.scalars(sa.text(
            "EXPLAIN SELECT id FROM interactions WHERE subject ILIKE '%請求書%'")))
        assert "ix_interactions_subject_trgm" in plan
