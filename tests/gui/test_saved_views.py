"""Saved views in the window: the list's filter saved under a name, shown under Views in the side list, chosen
from there, left with "Show all", deleted."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.actions import ActionContext
from agentdesk.actions.saved_views import list_views
from agentdesk.actions.tags import add_tags
from agentdesk.gui.qt import QDialogButtonBox, Qt, is_alive
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.support.factories import Center, inbound


def test_save_choose_leave_and_delete_a_view(qtbot: QtBot, sqlite_db: Database, center: Center,
                                            make_window: MakeWindow) -> None:
    vip = inbound(sqlite_db, center, subject="VIP customer")
    inbound(sqlite_db, center, subject="Someone")
    add_tags(ActionContext(sqlite_db, "sato"), vip, ["vip"])
    window = make_window()
    wait_loaded(qtbot, window, 2)
    panel, side = window.interactions, window.workbins
    assert not side.saved_box.isVisible()  # no views yet: no section
    qtbot.waitUntil(lambda: panel.tag_filter.count() == 2, timeout=20000)
    panel.tag_filter.setCurrentIndex(1)
    panel.tag_filter.activated.emit(1)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=20000)

    qtbot.mouseClick(panel.save_view_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(panel, "save_dialog", None) is not None and is_alive(panel.save_dialog)
                    and panel.save_dialog.isVisible(), timeout=5000)
    dialog = panel.save_dialog
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a name first
    dialog.name.setText("VIP のお客様")
    with qtbot.waitSignal(panel.sig_views_changed, timeout=20000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert [(v.name, v.filters) for v in list_views(ActionContext(sqlite_db, "sato"))] == [
        ("VIP のお客様", {"scope": "mine", "tag": "vip"})]
    qtbot.waitUntil(lambda: side.saved.rowCount() == 1 and side.saved_box.isVisible(), timeout=20000)
    assert side.saved.data(side.saved.index(0, 1)) == "1"
    assert panel.view_label.text() == "View: VIP のお客様" and not panel.tag_filter.isEnabled()

    qtbot.mouseClick(panel.clear_view_button, Qt.MouseButton.LeftButton)  # Show all
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=20000)
    assert not panel.view_label.isVisible() and panel.tag_filter.isEnabled()

    side.saved_view.activated.emit(side.saved.index(0, 0))  # chosen in the side list
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and panel.model.row_of(vip) == 0, timeout=20000)

    side.saved_view.setCurrentIndex(side.saved.index(0, 0))
    qtbot.mouseClick(side.delete_view_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: side.saved.rowCount() == 0 and not side.saved_box.isVisible(), timeout=20000)
    assert list_views(ActionContext(sqlite_db, "sato")) == []
