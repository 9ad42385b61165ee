"""``agentdesk db upgrade`` and ``db current`` on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentdesk.cli.main import main
from agentdesk.routing import migrate
from agentdesk.routing.db import Database
from tests.support.databases import create_pg_database, drop_pg_database, need, pg_available


def test_upgrade_sqlite_then_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    assert main(["db", "upgrade", "--url", url]) == 0
    assert "upgraded from an empty database" in capsys.readouterr().out
    assert main(["db", "upgrade", "--url", url]) == 0
    assert "already at the newest schema" in capsys.readouterr().out
    assert main(["db", "current", "--url", url]) == 0
    assert migrate.head_revision() in capsys.readouterr().out


@pytest.mark.postgres
def test_upgrade_postgres(capsys: pytest.CaptureFixture[str]) -> None:
    if not pg_available():
        need("PostgreSQL is not reachable at 127.0.0.1:5432")
    url = create_pg_database("agentdesk_cli")
    try:
        assert main(["db", "upgrade", "--url", url]) == 0
        db = Database(url)
        assert migrate.current_revision(db) == migrate.head_revision()
        db.dispose()
    finally:
        drop_pg_database(url)


def test_upgrade_uses_the_settings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "from-settings.sqlite3"
    cfg = tmp_path / "agentdesk.toml"
    cfg.write_text(f'[routing]\nurl = "sqlite:///{target}"\n', encoding="utf-8")
    assert main(["--config", str(cfg), "db", "upgrade"]) == 0
    assert target.exists()


def test_unreachable_database_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["db", "upgrade", "--url", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    assert code == 2
    err = capsys.readouterr().err
    assert "agentdesk: error:" in err
    assert "cannot reach the routing database" in err
    assert "Traceback" not in err
