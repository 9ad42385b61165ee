"""``agentdesk search``: syncs the cache first, prints text or JSON, searches offline, reports bad queries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.cli.main import main
from agentdesk.routing.db import Database
from tests.support.factories import inbound, seed_center


def _config(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "agentdesk.toml"
    path.write_text(f'[routing]\nurl = "{url}"\n\n[user]\nlogin = "sato"\n', encoding="utf-8")
    return path


def test_search_json_and_text(sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    center = seed_center(sqlite_db)
    wanted = inbound(sqlite_db, center, subject="請求書の再発行", body="先月の請求書をもう一度送ってください。")
    inbound(sqlite_db, center, subject="Big order", body="We want 500 units.")
    config = _config(tmp_path, str(sqlite_db.url))

    assert main(["search", "請求書", "--json", "--config", str(config)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total_estimate"] == 1 and out["ranked"] is True
    assert out["hits"][0]["interaction_id"] == wanted and "[請求書]" in out["hits"][0]["snippet"]

    # the shell took the quotes away: subject:"big order" arrives as one argument with a space
    assert main(["--config", str(config), "search", "subject:big order", "--newest", "--limit", "5"]) == 0
    text = capsys.readouterr().out
    assert "Big order" in text and "1–1 of 1 (newest first)" in text

    assert main(["--config", str(config), "search", "nothing-like-this", "--as", "suzuki"]) == 0
    assert "none of 0" in capsys.readouterr().out


def test_offline_searches_the_local_copy(sqlite_db: Database, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    center = seed_center(sqlite_db)
    wanted = inbound(sqlite_db, center, subject="delivery", body="配送状況を教えてください。")
    config = _config(tmp_path, str(sqlite_db.url))
    assert main(["search", "配送", "--config", str(config)]) == 0
    capsys.readouterr()
    database = Path(str(sqlite_db.url.database))
    sqlite_db.dispose()
    database.rename(database.with_suffix(".away"))
    database.mkdir()  # the routing database cannot be opened now
    assert main(["search", "配送", "--json", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert "offline: searching the local copy" in captured.err
    assert [h["interaction_id"] for h in json.loads(captured.out)["hits"]] == [wanted]


def test_bad_query_and_options(sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed_center(sqlite_db)
    config = _config(tmp_path, str(sqlite_db.url))
    assert main(["search", "before:2026-02-30", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "cannot search for 'before:2026-02-30'" in err and "is not a date" in err
    assert main(["search", "x", "--limit", "0", "--config", str(config)]) == 2
    assert "--limit must be at least 1" in capsys.readouterr().err
    assert main(["search", "x", "--as", "nobody", "--config", str(config)]) == 2
    assert "no user with the login 'nobody'" in capsys.readouterr().err


def test_local_searches_the_copy_as_it_is(sqlite_db: Database, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``--local`` does not ask the routing database: what arrived since the last sync is found only without it."""
    monkeypatch.setenv("AGENTDESK_HOME", str(tmp_path / "home"))
    center = seed_center(sqlite_db)
    config = _config(tmp_path, str(sqlite_db.url))
    assert main(["search", "--local", "配送", "--config", str(config)]) == 2
    assert "no local copy for sato yet" in capsys.readouterr().err
    first = inbound(sqlite_db, center, subject="delivery", body="配送状況を教えてください。")
    assert main(["search", "配送", "--config", str(config)]) == 0  # brings the copy up to date
    capsys.readouterr()
    later = inbound(sqlite_db, center, subject="delivery again", body="配送はまだですか。")
    assert main(["search", "--local", "配送", "--json", "--newest", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert [h["interaction_id"] for h in json.loads(captured.out)["hits"]] == [first] and captured.err == ""
    assert main(["search", "配送", "--json", "--newest", "--config", str(config)]) == 0
    assert [h["interaction_id"] for h in json.loads(capsys.readouterr().out)["hits"]] == [later, first]
    assert main(["search", "--local", "--all", "配送", "--config", str(config)]) == 2
    assert "--local and --all cannot be used together" in capsys.readouterr().err
    assert main(["search", "--local", "before:2026-02-30", "--config", str(config)]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_search_of_the_local_copy_imports_no_database_layer(tmp_path: Path) -> None:
    """``agentdesk search --local`` on the standalone shape loads neither SQLAlchemy nor the ORM models: a search
    as a new process per query pays Python's start and the query, not a quarter second of imports."""
    from agentdesk.cache.store import CacheStore, cache_path

    url = f"sqlite:///{tmp_path / 'routing.sqlite3'}"
    CacheStore.open(cache_path(tmp_path / "data", "sato", url)).close()
    config = tmp_path / "agentdesk.toml"
    config.write_text(f'[routing]\nurl = "{url}"\n\n[user]\nlogin = "sato"\n', encoding="utf-8")
    script = ("import sys\nfrom agentdesk.cli.main import main\nstatus = main(['search', '--local', 'invoice'])\n"
              "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'agentdesk.routing', "
              "'agentdesk.actions'))), status)")
    env = {"AGENTDESK_HOME": str(tmp_path), "AGENTDESK_CONFIG": str(config), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[] 0"
