"""English and Japanese are complete and compiled; switching to Japanese relabels the open window at once."""

from __future__ import annotations

import filecmp
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

from pytestqt.qtbot import QtBot

from agentdesk.actions import workbins
from agentdesk.gui import translations
from agentdesk.gui.dialogs.preferences import apply_language
from agentdesk.gui.qt import QApplication
from agentdesk.routing.db import Database
from agentdesk.routing.models import Workbin
from tests.gui.conftest import MakeWindow
from tests.support.factories import Center


def _messages(language: str) -> list[ET.Element]:
    return list(ET.parse(translations.ts_file(language)).getroot().iter("message"))


def test_every_message_has_a_japanese_translation() -> None:
    messages = _messages("ja")
    assert len(messages) > 50
    missing = [m.findtext("source") for m in messages
               if not (m.findtext("translation") or "").strip() or m.find("translation").get("type")]  # type: ignore[union-attr]
    assert not missing, f"untranslated: {missing}"
    for message in messages:  # placeholders survive translation
        source, target = message.findtext("source") or "", message.findtext("translation") or ""
        for marker in ("%1", "%2"):
            assert (marker in source) == (marker in target), source


def test_sources_hold_every_string_of_the_code(tmp_path: Path) -> None:
    """lupdate over today's code finds nothing the committed .ts files lack."""
    fresh = tmp_path / "fresh.ts"
    import subprocess

    subprocess.run([translations.tool("lupdate"), "-silent", "-locations", "none", *translations.sources(),
                    "-ts", str(fresh)], check=True)
    wanted = {(m.findtext("source"), m.findtext("comment")) for m in ET.parse(fresh).getroot().iter("message")}
    for language in translations.LANGUAGES:
        have = {(m.findtext("source"), m.findtext("comment")) for m in _messages(language)}
        assert wanted <= have, f"run python -m agentdesk.gui.translations: {sorted(wanted - have)[:5]}"


def test_compiled_qm_files_are_up_to_date(tmp_path: Path) -> None:
    for fresh in translations.release(tmp_path):
        committed = translations.ts_file(fresh.stem.split("_")[1]).with_suffix(".qm")
        assert filecmp.cmp(fresh, committed, shallow=False), f"{committed.name} is stale: run lrelease"


def test_switching_to_japanese_relabels_the_window(qtbot: QtBot, center: Center, make_window: MakeWindow) -> None:
    window = make_window()
    assert window.docks["interactions"].windowTitle() == "My interactions"
    apply_language(window.session, "ja")
    qtbot.waitUntil(lambda: window.docks["interactions"].windowTitle() == "マイ インタラクション", timeout=10000)
    assert window.view_menu.title() == "表示(&V)"
    assert window.docks["email"].windowTitle() == "メール インタラクション"
    assert window.commands["reset_layout"].text() == "レイアウトをリセット"
    model = window.interactions.model
    assert model.headerData(0, window.interactions.view.horizontalHeader().orientation()) == "件名"
    saved = tomllib.loads(window.session.config_file.read_text(encoding="utf-8"))
    assert saved["user"]["language"] == "ja"
    app = QApplication.instance()
    assert app is not None


def test_the_auto_filed_workbin_and_its_history_event_are_translated(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    with sqlite_db.write() as s:
        s.add(Workbin(kind="team", name=workbins.AUTO_FILED, team_id=center.support_id))
    window = make_window()
    bins = window.workbins
    qtbot.waitUntil(lambda: any(b.name == workbins.AUTO_FILED for b in bins.bins.records()), timeout=20000)
    auto = next(b for b in bins.bins.records() if b.name == workbins.AUTO_FILED)
    assert bins.workbin_label(auto) == "Team: Auto-filed"
    event = SimpleNamespace(event="auto_filed")
    assert window.history.event_label(event) == "Filed automatically (auto-reply, bounce or loop)"
    apply_language(window.session, "ja")
    qtbot.waitUntil(lambda: bins.workbin_label(auto) == "チーム: 自動振り分け", timeout=10000)
    assert window.history.event_label(event) == "自動で振り分け (自動応答・不達・ループ)"
