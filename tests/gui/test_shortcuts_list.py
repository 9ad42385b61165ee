"""The shortcuts list (issue 14 "Done when"): Help ▸ Keyboard shortcuts, F1 or Ctrl+/, lists every action of the
window with its keys, read from the window's own actions; every action is reachable from the keyboard."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.gui.dialogs.shortcuts import ShortcutsDialog, keyboard_map
from agentdesk.gui.qt import QAction, QKeySequence, QMenu
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _keys
from tests.support.factories import Center


def _rows(dialog: ShortcutsDialog) -> dict[str, str]:
    model, proxy = dialog.model, dialog.proxy
    rows = {}
    for g in range(proxy.rowCount()):
        group = proxy.index(g, 0)
        for r in range(proxy.rowCount(group)):
            rows[f"{proxy.data(group)} | {proxy.data(proxy.index(r, 0, group))}"] = str(proxy.data(proxy.index(r, 1, group)))
    assert model.rowCount() >= proxy.rowCount()
    return rows


def test_f1_and_ctrl_slash_open_the_list_and_it_shows_every_command(qtbot: QtBot, center: Center,
                                                                    make_window: MakeWindow) -> None:
    window = make_window()
    for keys in ("F1", "Ctrl+/"):
        _keys(qtbot, window, keys)
        qtbot.waitUntil(lambda: isinstance(getattr(window, "shortcuts_dialog", None), ShortcutsDialog)
                        and window.shortcuts_dialog.isVisible(), timeout=5000)
        dialog = window.shortcuts_dialog
        dialog.close()
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = _rows(dialog)
    listed = " ".join(f"{k} {v}" for k, v in rows.items())
    for key in window.commands.names():
        action = window.commands[key]
        if not action.isVisible():
            continue
        name = action.text().replace("&", "").rstrip(".…")
        assert name in listed, key
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert not shortcut or any(name in k and shortcut in v for k, v in rows.items()), key
    assert any("Esc" in v for v in rows.values())  # the outbound window's close keys are listed too
    dialog.filter.setText("Ctrl+Shift+M")
    assert list(_rows(dialog).values()) == ["Ctrl+Shift+M"]


def test_every_action_is_reachable_from_the_keyboard(qtbot: QtBot, center: Center, make_window: MakeWindow) -> None:
    """A shortcut of its own, or a menu the menu bar's Alt+letter opens (the menu titles have mnemonics)."""
    window = make_window()
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text(), menu_action.text()
    in_menus: set[int] = set()

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            in_menus.add(id(action))
            sub = action.menu()
            if isinstance(sub, QMenu) and sub is not menu:
                walk(sub)

    for menu_action in window.menuBar().actions():
        sub = menu_action.menu()
        if isinstance(sub, QMenu):
            walk(sub)
    unreachable = [a.text() for a in window.findChildren(QAction)
                   if a.text() and a.isVisible() and a.parent() is window and id(a) not in in_menus
                   and not a.shortcuts()]
    assert unreachable == []
    # presence (a status bar button) is in the File menu too
    assert id(window._presence_actions["not_ready"]) in in_menus
    entries = keyboard_map(window)
    assert any(e.name == "Not ready" and "File" in e.group for e in entries)
