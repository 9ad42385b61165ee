"""``agentdesk admin apply`` and ``admin show`` through the console entry point, on a real routing database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agentdesk.cli.main import main
from agentdesk.routing.db import Database
from agentdesk.routing.models import History, User
from tests.routing.test_center import DATA, EXAMPLE, INVALID, dump
from tests.support.databases import create_pg_database, drop_pg_database, need, pg_available
from tests.support.pg_roles import drop_roles, prefixed_center


def url_of(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.fixture
def example(db: Database, tmp_path: Path) -> Iterator[Path]:
    """The example center file under a role prefix of its own; on PostgreSQL its roles are dropped after."""
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    path = tmp_path / "example.toml"
    path.write_text(prefixed_center(EXAMPLE.read_text(encoding="utf-8"), prefix), encoding="utf-8")
    yield path
    if db.is_postgres:
        db.dispose()
        drop_roles(prefix, url_of(db))


def test_apply_then_again_says_no_changes(db: Database, example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = url_of(db)
    assert main(["admin", "apply", str(example), "--url", url]) == 0
    out = capsys.readouterr().out
    assert "applied" in out and "center 'Example Support'" in out
    assert "  users: 5 added (sato, suzuki, tanaka, kato, root)" in out
    assert "  teams: 2 added (support, billing)" in out
    assert main(["admin", "apply", str(example), "--url", url]) == 0
    assert capsys.readouterr().out.startswith("no changes: the routing database already matches")


def test_show_json_prints_what_is_in_force(db: Database, example: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    url = url_of(db)
    assert main(["admin", "apply", str(example), "--url", url]) == 0
    smaller = tmp_path / "center.toml"
    text = example.read_text(encoding="utf-8")
    smaller.write_text(text.replace('login = "suzuki"', 'login = "yamada"'), encoding="utf-8")
    capsys.readouterr()
    assert main(["admin", "apply", str(smaller), "--url", url]) == 0
    out = capsys.readouterr().out
    assert "users: 1 added (yamada); 1 retired (suzuki)" in out
    assert main(["admin", "show", "--json", "--url", url]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [u["login"] for u in shown["users"]] == ["sato", "tanaka", "kato", "root", "yamada"]
    assert shown["options"]["forward"] == "both"
    assert shown["options"]["routing_strategy"] == "least_busy"
    assert shown["options"]["file_sent_copy"] is True  # default filled in
    assert shown["options"]["qa_review"] == {"teams": ["support"], "agents": [], "sample_percent": 0}
    assert shown["workbins"] == [{"name": "billing-followup", "team": "support"}]
    assert main(["admin", "show", "--json", "--all", "--url", url]) == 0
    everything = json.loads(capsys.readouterr().out)
    suzuki = next(u for u in everything["users"] if u["login"] == "suzuki")
    assert suzuki["retired_at"] is not None
    assert main(["admin", "show", "--url", url]) == 0
    text_out = capsys.readouterr().out
    assert "center: Example Support" in text_out
    assert "support@example.com  Example Support  (default)" in text_out
    assert "team workbins: support/billing-followup" in text_out


def test_dry_run_changes_nothing(sqlite_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(sqlite_db)
    assert main(["admin", "apply", str(EXAMPLE), "--dry-run", "--url", url_of(sqlite_db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("would apply (dry run, nothing changed)")
    assert "users: 5 added" in out
    assert dump(sqlite_db) == before


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_file_fails_and_changes_nothing(name: str, sqlite_db: Database,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    url = url_of(sqlite_db)
    assert main(["admin", "apply", str(EXAMPLE), "--url", url]) == 0
    before = dump(sqlite_db)
    capsys.readouterr()
    assert main(["admin", "apply", str(DATA / f"{name}.toml"), "--url", url]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"agentdesk: error: {name}.toml is not valid (1 problem); nothing was changed:")
    assert INVALID[name] in captured.err
    assert "Traceback" not in captured.err
    assert dump(sqlite_db) == before


@pytest.mark.postgres
@pytest.mark.parametrize("db", ["postgres"], indirect=True)
def test_invalid_file_changes_nothing_on_postgres(db: Database, example: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    pg_db = db
    url = url_of(pg_db)
    assert main(["admin", "apply", str(example), "--url", url]) == 0
    before = dump(pg_db)
    assert main(["admin", "apply", str(DATA / "invalid-unknown-team.toml"), "--url", url]) == 2
    assert 'users[2] (login "suzuki"): team "sales" is not declared in [[teams]]' in capsys.readouterr().err
    assert dump(pg_db) == before


def test_a_database_that_is_not_upgraded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert main(["admin", "apply", str(EXAMPLE), "--url", url]) == 2
    assert "run agentdesk db upgrade first" in capsys.readouterr().err
    assert main(["admin", "show", "--url", url]) == 2
    assert "run agentdesk db upgrade first" in capsys.readouterr().err
    assert main(["db", "upgrade", "--url", url]) == 0
    assert main(["admin", "apply", str(EXAMPLE), "--url", url]) == 0


def test_a_missing_file(sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["admin", "apply", str(tmp_path / "nope.toml"), "--url", url_of(sqlite_db)]) == 2
    assert "nope.toml is not valid (1 problem); nothing was changed:\n  cannot read the file" in capsys.readouterr().err


@pytest.mark.postgres
def test_db_upgrade_then_apply_bootstraps_postgres(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The administrator's two commands on a brand-new PostgreSQL database, nobody signed in."""
    if not pg_available():
        need("PostgreSQL is not reachable at 127.0.0.1:5432")
    url = create_pg_database("agentdesk_admin")
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    center = tmp_path / "center.toml"
    center.write_text(prefixed_center(EXAMPLE.read_text(encoding="utf-8"), prefix), encoding="utf-8")
    try:
        assert main(["db", "upgrade", "--url", url]) == 0
        assert main(["admin", "apply", str(center), "--url", url]) == 0
        assert f"database roles: 10 added ({prefix}agentdesk_agent," in capsys.readouterr().out
        db = Database(url)
        try:
            with db.read() as s:
                assert s.scalar(select(func.count()).select_from(User)) == 5
                assert s.scalar(select(func.count()).select_from(History)
                                .where(History.event == "center_applied")) == 1
        finally:
            db.dispose()
    finally:
        drop_pg_database(url)
        drop_roles(prefix)
