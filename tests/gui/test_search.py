"""Finding interactions (issue 14 item 2): the Ctrl+K palette lists the interactions its text finds (by subject,
contact or id) below the commands, Ctrl+F searches every interaction the user may see, and Enter opens the
chosen one — online from the routing database, offline from the local cache."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.gui.commands import INTERACTION_ROLE
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import Qt
from agentdesk.gui.search import ID_ROLE
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.gui.test_offline_panels import behind_a_switch
from tests.support.factories import Center, inbound, seed_center


def _palette_interactions(qtbot: QtBot, window: MainWindow, text: str) -> list[int]:
    palette = window.command_palette
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(palette.isVisible, timeout=5000)
    with qtbot.waitSignal(window.finder.sig_found, timeout=20000,
                          check_params_cb=lambda found: found.query == text):
        palette.input.setText(text)
    rows = [palette.results.item(i) for i in range(palette.results.count())]
    return [int(item.data(INTERACTION_ROLE)) for item in rows if item.data(INTERACTION_ROLE) is not None]


def _search(qtbot: QtBot, window: MainWindow, text: str) -> list[int]:
    dialog = window.search_dialog
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    with qtbot.waitSignal(dialog.finder.sig_found, timeout=20000, check_params_cb=lambda found: found.query == text):
        dialog.input.setText(text)
    return [int(dialog.results.item(i).data(ID_ROLE)) for i in range(dialog.results.count())]


def test_the_palette_finds_interactions_by_subject_contact_and_id(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                                  make_window: MakeWindow) -> None:
    late = inbound(sqlite_db, center, subject="Late delivery of order 4711")
    invoice = inbound(sqlite_db, center, subject="請求書の再発行")
    window = make_window()
    wait_loaded(qtbot, window, 2)
    assert _palette_interactions(qtbot, window, "late deliv") == [late]
    assert _palette_interactions(qtbot, window, "請求書") == [invoice]
    assert set(_palette_interactions(qtbot, window, "Jane Doe")) == {late, invoice}
    assert _palette_interactions(qtbot, window, f"#{invoice}")[0] == invoice
    palette = window.command_palette
    palette.input.setText("late deliv")  # a command row would come first; the interaction row is chosen
    qtbot.waitUntil(lambda: any(palette.results.item(i).data(INTERACTION_ROLE) == late
                                for i in range(palette.results.count())), timeout=20000)
    row = next(i for i in range(palette.results.count()) if palette.results.item(i).data(INTERACTION_ROLE) == late)
    palette.results.setCurrentRow(row)
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert window.email.interaction_id == late and not palette.isVisible()


def test_ctrl_f_searches_what_the_user_may_see_and_opens_the_result(qtbot: QtBot, sqlite_db: Database,
                                                                    center: Center, make_window: MakeWindow) -> None:
    mine = inbound(sqlite_db, center, subject="Parcel damaged", body="The box arrived crushed")
    other_team = inbound(sqlite_db, center, subject="Crushed invoice", owner="kato", team="billing")
    window = make_window()
    wait_loaded(qtbot, window, 1)
    found = _search(qtbot, window, "crushed")
    assert mine in found and other_team not in found
    dialog = window.search_dialog
    assert dialog.hint.text().startswith("Found: 1")
    dialog.results.setCurrentRow(found.index(mine))
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert window.email.interaction_id == mine and not dialog.isVisible()
    assert window.interactions.model.interaction_id(window.interactions.view.currentIndex().row()) == mine
    assert _search(qtbot, window, "nothing like this") == []
    assert dialog.hint.text() == "No interaction matches."


def test_enter_before_the_search_answers_opens_the_first_hit(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                             make_window: MakeWindow) -> None:
    wanted = inbound(sqlite_db, center, subject="Refund for order 99")
    window = make_window()
    wait_loaded(qtbot, window, 1)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window.search_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.keyClicks(dialog.input, "refund")
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert window.email.interaction_id == wanted


def test_offline_the_search_answers_from_the_local_copy(qtbot: QtBot, pg_db: Database,
                                                        make_window: MakeWindow) -> None:
    center = seed_center(pg_db)
    first = inbound(pg_db, center, subject="見積書の送付について", body="見積書をお送りします。")
    inbound(pg_db, center, subject="Late delivery", body="Where is my parcel?")
    with behind_a_switch(qtbot, pg_db, make_window) as (proxy, window):
        desk = window.desk_cache
        qtbot.waitUntil(lambda: desk.interaction(first) is not None, timeout=30000)
        wait_loaded(qtbot, window, 2)
        proxy.cut()
        assert _search(qtbot, window, "見積書") == [first]
        assert "offline" in window.search_dialog.hint.text()
        assert _search(qtbot, window, f"#{first}")[0] == first
        window.search_dialog.hide()
        window.close()
        qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=30000)
