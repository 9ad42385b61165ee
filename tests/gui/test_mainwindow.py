"""The main window on a seeded database: my interactions, the email view, docks, layout and state."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.gui.panels.interactions.model import ID_ROLE
from agentdesk.gui.qt import QDockWidget, Qt
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.support.factories import Center, inbound


def test_lists_my_interactions_and_opens_one(qtbot: QtBot, sqlite_db: Database, center: Center,
                                             make_window: MakeWindow) -> None:
    mine = inbound(sqlite_db, center, subject="納期の遅れについて",
                   body="注文した商品がまだ届きません。\n\n> 以前のメール\n> 引用です")
    inbound(sqlite_db, center, subject="Invoice question", body="Where is my invoice?")
    inbound(sqlite_db, center, subject="Not mine", owner="suzuki")
    window = make_window()
    wait_loaded(qtbot, window, 2)
    model = window.interactions.model
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) != "…", timeout=20000)
    subjects = {model.data(model.index(r, 0)) for r in range(model.rowCount())}
    assert subjects == {"納期の遅れについて", "Invoice question"}
    row = model.row_of(mine)
    assert model.data(model.index(row, 0), ID_ROLE) == mine
    with qtbot.waitSignal(window.email.sig_message_shown, timeout=20000):
        window.interactions.view.selectRow(row)
    body = window.email.body.toPlainText()
    assert "注文した商品がまだ届きません。" in body
    assert "引用です" not in body  # quoted history is collapsed
    assert window.email.subject.text() == "納期の遅れについて"
    assert "jane@example.org" in window.email.from_value.text()


def test_every_dock_closes_and_reopens_from_the_view_menu(qtbot: QtBot, center: Center,
                                                          make_window: MakeWindow) -> None:
    window = make_window()
    assert window.docks, "the window has docks"
    toggles = {a.objectName(): a for a in window.view_menu.actions()}
    for name, dock in window.docks.items():
        assert dock.isVisible()
        toggles[f"toggle_{name}"].trigger()
        assert not dock.isVisible()
        toggles[f"toggle_{name}"].trigger()
        assert dock.isVisible()
    for dock in window.docks.values():
        dock.close()
    window.docks["email"].setFloating(True)
    window.commands["reset_layout"].trigger()
    for dock in window.docks.values():
        assert dock.isVisible() and not dock.isFloating()
        assert window.dockWidgetArea(dock) != Qt.DockWidgetArea.NoDockWidgetArea


def test_geometry_and_docks_are_restored_at_the_next_start(qtbot: QtBot, center: Center,
                                                           make_window: MakeWindow) -> None:
    window = make_window()
    window.resize(760, 690)
    hidden = next(name for name in window.docks if name != "email")
    window.docks[hidden].close()
    window.close()
    again = make_window()
    assert (again.width(), again.height()) == (760, 690)
    assert not again.docks[hidden].isVisible()
    assert again.docks["email"].isVisible()


def test_docks_have_titles_and_object_names(center: Center, make_window: MakeWindow) -> None:
    window = make_window()
    for name, dock in window.docks.items():
        assert isinstance(dock, QDockWidget)
        assert dock.objectName() == f"dock_{name}" and dock.windowTitle()
