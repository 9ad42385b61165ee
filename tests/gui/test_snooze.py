"""Snooze in the window: Ctrl+Shift+H's menu snoozes the open interaction; it leaves My interactions (Show:
Snoozed lists it), and when its time comes it is back with "Follow-up due" and a notice, without a refresh."""

from __future__ import annotations

from datetime import datetime, timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.actions import ActionContext
from agentdesk.actions.snooze import presets, snooze
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.panels.interactions.model import COLUMNS
from agentdesk.gui.qt import QDialogButtonBox, QKeySequence, Qt, is_alive
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from agentdesk.routing.types import utcnow
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.support.factories import Center, inbound


def _open(qtbot: QtBot, window: MainWindow, interaction_id: int) -> None:
    model = window.interactions.model
    qtbot.waitUntil(lambda: model.row_of(interaction_id) >= 0, timeout=20000)
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        window.interactions.view.selectRow(model.row_of(interaction_id))
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def _until(db: Database, interaction_id: int) -> datetime | None:
    with db.read() as s:
        value: datetime | None = s.scalar(select(Interaction.snoozed_until).where(Interaction.id == interaction_id))
        return value


def _state_text(window: MainWindow, interaction_id: int) -> str:
    model = window.interactions.model
    row = model.row_of(interaction_id)
    return str(model.data(model.index(row, COLUMNS.index("state")))) if row >= 0 else ""


def test_snooze_from_the_menu_and_find_it_under_snoozed(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                         make_window: MakeWindow) -> None:
    iid, other = inbound(sqlite_db, center, subject="あとで確認"), inbound(sqlite_db, center, subject="Now")
    window = make_window()
    wait_loaded(qtbot, window, 2)
    _open(qtbot, window, iid)
    commands = window.interaction_commands
    assert window.commands["snooze"].isEnabled()
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+H"))
    qtbot.waitUntil(commands.snooze_menu.isVisible, timeout=5000)
    assert commands._snooze_items["tomorrow"].text().startswith("Tomorrow (")
    assert not commands._snooze_items["clear"].isEnabled()  # nothing to clear yet
    commands.snooze_menu.hide()
    expected = presets(datetime.now().astimezone())["tomorrow"]
    with qtbot.waitSignal(commands.sig_interaction_changed, timeout=20000):
        commands._snooze_items["tomorrow"].trigger()
    assert _until(sqlite_db, iid) == expected
    panel = window.interactions
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and panel.model.row_of(other) == 0, timeout=20000)
    qtbot.waitUntil(lambda: panel.show_filter.itemText(1) == "Snoozed (1)", timeout=20000)
    panel.show_filter.setCurrentIndex(1)
    panel.show_filter.activated.emit(1)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and panel.model.row_of(iid) == 0, timeout=20000)
    panel.model.data(panel.model.index(0, 0))
    qtbot.waitUntil(lambda: _state_text(window, iid).startswith("Snoozed until "), timeout=20000)

    # Choose a time…: a time that has passed is refused in the dialog, which stays open
    _open(qtbot, window, iid)
    commands._snooze_items["custom"].trigger()
    qtbot.waitUntil(lambda: getattr(commands, "snooze_dialog", None) is not None
                    and is_alive(commands.snooze_dialog) and commands.snooze_dialog.isVisible(), timeout=5000)
    dialog = commands.snooze_dialog
    dialog.when.setDateTime(dialog.when.dateTime().addDays(-3))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "has passed" in dialog.error.text()
    dialog.when.setDateTime(dialog.when.dateTime().addDays(5))
    with qtbot.waitSignal(commands.sig_interaction_changed, timeout=20000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    until = _until(sqlite_db, iid)
    assert until is not None and until - expected == timedelta(days=2)

    # Clear follow-up: back in the open list at once
    assert commands._snooze_items["clear"].isEnabled()
    with qtbot.waitSignal(commands.sig_interaction_changed, timeout=20000):
        commands._snooze_items["clear"].trigger()
    assert _until(sqlite_db, iid) is None
    panel.show_snoozed(False)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=20000)


def test_a_snooze_comes_due_with_a_mark_and_a_notice(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                    make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center, subject="Call back about the invoice")
    inbound(sqlite_db, center, subject="Another")
    window = make_window()
    wait_loaded(qtbot, window, 2)
    window.live.start()
    qtbot.waitUntil(lambda: window.live.updates.snapshot is not None, timeout=20000)
    # snoozed elsewhere (the CLI, say): the change feed tells this desktop, whose list lets it go
    snooze(ActionContext(sqlite_db, "sato"), iid, utcnow() + timedelta(seconds=3))
    # nothing changes in the database when it comes due: the desktop's own wake-up looks
    button = window.live.indicators.notice_button
    qtbot.waitUntil(lambda: button.isVisible() and "Follow-up due" in button.toolTip(), timeout=20000)
    assert "Call back about the invoice" in button.toolTip()
    panel = window.interactions
    qtbot.waitUntil(lambda: panel.model.row_of(iid) >= 0, timeout=20000)
    panel.model.data(panel.model.index(panel.model.row_of(iid), 0))
    qtbot.waitUntil(lambda: _state_text(window, iid) == "Follow-up due", timeout=20000)
    assert "New interaction" not in button.toolTip()  # it was no new assignment
