"""Tags in the window: Ctrl+T (or the email header's "Edit…") opens the tags dialog; the list shows them and
filters by them; a bad tag is named in the dialog, which stays open."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.actions import ActionContext
from agentdesk.actions.tags import add_tags
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.panels.interactions.model import COLUMNS
from agentdesk.gui.qt import QDialogButtonBox, QKeySequence, Qt, is_alive
from agentdesk.routing.db import Database
from agentdesk.routing.models import InteractionTag
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


def _tags(db: Database, interaction_id: int) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(InteractionTag.tag).where(InteractionTag.interaction_id == interaction_id)
                              .order_by(InteractionTag.tag)))


def _dialog(qtbot: QtBot, window: MainWindow):  # type: ignore[no-untyped-def]
    commands = window.interaction_commands
    qtbot.waitUntil(lambda: getattr(commands, "tags_dialog", None) is not None and is_alive(commands.tags_dialog)
                    and commands.tags_dialog.isVisible(), timeout=20000)
    return commands.tags_dialog


def test_tag_with_the_keyboard_and_see_the_tags(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    wait_loaded(qtbot, window, 1)
    assert window.interactions.view.isColumnHidden(COLUMNS.index("tags"))  # nothing tagged: no column
    _open(qtbot, window, iid)
    assert window.email.tags_value.text().startswith("none")
    qtbot.keySequence(window, QKeySequence("Ctrl+T"))
    dialog = _dialog(qtbot, window)
    dialog.add.setText("VIP, 請求、" + "x" * 51)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible() and "at most 50" in dialog.error.text()
    assert _tags(sqlite_db, iid) == []
    dialog.add.setText("VIP, 請求")
    with qtbot.waitSignal(window.interaction_commands.sig_interaction_changed, timeout=20000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert _tags(sqlite_db, iid) == ["vip", "請求"]
    model = window.interactions.model
    column = COLUMNS.index("tags")
    qtbot.waitUntil(lambda: model.data(model.index(model.row_of(iid), column)) == "#vip  #請求", timeout=20000)
    qtbot.waitUntil(lambda: not window.interactions.view.isColumnHidden(column), timeout=20000)
    qtbot.waitUntil(lambda: "#vip" in window.email.tags_value.text(), timeout=20000)

    # the header's Edit… opens the same dialog: untick vip to remove it
    qtbot.mouseClick(window.email.tags_edit, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, window)
    assert [dialog.current.item(r).text() for r in range(dialog.current.count())] == ["#vip", "#請求"]
    dialog.current.item(0).setCheckState(Qt.CheckState.Unchecked)
    with qtbot.waitSignal(window.interaction_commands.sig_interaction_changed, timeout=20000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert _tags(sqlite_db, iid) == ["請求"]


def test_filter_my_interactions_by_tag(qtbot: QtBot, sqlite_db: Database, center: Center,
                                       make_window: MakeWindow) -> None:
    tagged, plain = inbound(sqlite_db, center, subject="Tagged"), inbound(sqlite_db, center, subject="Plain")
    add_tags(ActionContext(sqlite_db, "sato"), tagged, ["late"])
    add_tags(ActionContext(sqlite_db, "suzuki"), inbound(sqlite_db, center, owner="suzuki"), ["other"])
    window = make_window()
    wait_loaded(qtbot, window, 2)
    panel = window.interactions
    # my tags only, with how many of my open interactions carry each
    qtbot.waitUntil(lambda: panel.tag_filter.count() == 2, timeout=20000)
    assert panel.tag_filter.itemText(1) == "#late (1)"
    panel.tag_filter.setCurrentIndex(1)
    panel.tag_filter.activated.emit(1)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=20000)
    assert panel.model.interaction_id(0) == tagged
    panel.tag_filter.setCurrentIndex(0)
    panel.tag_filter.activated.emit(0)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=20000)
    assert panel.model.row_of(plain) >= 0
    panel.set_tag_filter("nothing-here")
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.empty, timeout=20000)
    assert "#nothing-here" in panel.empty.text()
