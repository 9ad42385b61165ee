"""Commands: a shortcut on each, shown in its tooltip; the Ctrl+K palette finds them in English and Japanese."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.gui.dialogs.preferences import apply_language
from agentdesk.gui.qt import QKeySequence, Qt
from tests.gui.conftest import MakeWindow
from tests.support.factories import Center


def test_every_command_has_a_shortcut_in_its_tooltip(center: Center, make_window: MakeWindow) -> None:
    window = make_window()
    for key in window.commands.names():
        action = window.commands[key]
        if key == "about":
            continue  # Help ▸ About is reached from the menu and the palette
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert shortcut, key
        assert shortcut in action.toolTip(), key


def _palette_finds(qtbot: QtBot, window: object, text: str) -> list[str]:
    palette = window.command_palette  # type: ignore[attr-defined]
    window.activateWindow()  # type: ignore[attr-defined]
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # type: ignore[arg-type]
    qtbot.waitUntil(palette.isVisible, timeout=5000)
    palette.input.setText(text)
    found = [palette.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(palette.results.count())]
    return found


def test_palette_finds_commands_in_both_languages(qtbot: QtBot, center: Center, make_window: MakeWindow) -> None:
    window = make_window()
    key = "reply" if "reply" in window.commands else "reset_layout"
    english, japanese = ("Reply", "返信") if key == "reply" else ("Reset layout", "レイアウトをリセット")
    assert key in _palette_finds(qtbot, window, english)
    window.command_palette.hide()
    apply_language(window.session, "ja")
    qtbot.waitUntil(lambda: window.commands[key].text() == japanese, timeout=10000)
    assert key in _palette_finds(qtbot, window, japanese)
    assert key in _palette_finds(qtbot, window, english.lower())  # English still finds it


def test_palette_runs_the_chosen_command(qtbot: QtBot, center: Center, make_window: MakeWindow) -> None:
    window = make_window()
    window.docks["email"].close()
    assert "reset_layout" in _palette_finds(qtbot, window, "reset lay")
    with qtbot.waitSignal(window.command_palette.sig_command_requested, timeout=5000):
        qtbot.keyClick(window.command_palette.input, Qt.Key.Key_Return)
    assert window.docks["email"].isVisible()
