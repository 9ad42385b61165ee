"""The GUI's pure pieces: ages and SLA levels, the settings-file writer, compiled forms."""

from __future__ import annotations

import filecmp
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from agentdesk.config.paths import Paths
from agentdesk.config.settings import load_settings
from agentdesk.config.settings_file import first_run_text, set_user_key, write_atomically
from agentdesk.gui import display
from agentdesk.gui.forms.__main__ import UI_DIR, compile_form


def test_ages_and_sla_levels() -> None:
    now = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
    assert display.age(now - timedelta(minutes=12), now) == "12m"
    assert display.age(now - timedelta(hours=3), now) == "3h"
    assert display.sla("assigned", now - timedelta(minutes=5), now) is display.Sla.OK
    assert display.sla("assigned", now - timedelta(hours=3), now) is display.Sla.WARN
    assert display.sla("assigned", now - timedelta(hours=9), now) is display.Sla.LATE
    assert display.sla("done", now - timedelta(hours=9), now) is display.Sla.NONE


def test_first_run_file_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "config" / "agentdesk.toml"
    write_atomically(path, first_run_text(url="sqlite:////data/r.sqlite3", login="佐藤\"x", language="ja"))
    paths = Paths(tmp_path / "config", tmp_path / "data", tmp_path / "log")
    settings = load_settings(path, paths=paths)
    assert settings.user.login == "佐藤\"x" and settings.user.language == "ja"
    assert settings.routing.url == "sqlite:////data/r.sqlite3"


def test_set_user_key_keeps_comments_and_other_tables(tmp_path: Path) -> None:
    path = tmp_path / "agentdesk.toml"
    path.write_text('# mine\n[user]\nlogin = "sato"  # me\n\n[[mailboxes]]\nname = "a"\n', encoding="utf-8")
    set_user_key(path, "language", "ja")
    set_user_key(path, "language", "en")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\n") and 'login = "sato"  # me' in text
    data = tomllib.loads(text)
    assert data["user"] == {"login": "sato", "language": "en"} and data["mailboxes"] == [{"name": "a"}]
    other = tmp_path / "other.toml"
    other.write_text('[routing]\nurl = "sqlite:///x"\n', encoding="utf-8")
    set_user_key(other, "language", "ja")
    assert tomllib.loads(other.read_text(encoding="utf-8"))["user"] == {"language": "ja"}


def test_compiled_forms_are_up_to_date(tmp_path: Path) -> None:
    forms = Path(__file__).resolve().parents[2] / "src" / "agentdesk" / "gui" / "forms"
    sources = sorted(UI_DIR.glob("*.ui"))
    assert sources
    for source in sources:
        fresh = tmp_path / f"ui_{source.stem}.py"
        compile_form(source, fresh)
        assert filecmp.cmp(fresh, forms / fresh.name, shallow=False), f"run python -m agentdesk.gui.forms ({source.name})"
