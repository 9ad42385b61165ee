"""New mail never moves rows under the pointer (issue 14 item 2): while the pointer is over My interactions, a
row is chosen or the list is scrolled down, new rows are held above ("↑ N new — show") instead of pushing the
rows down; the chosen row stays chosen by id and where it is on screen; "show" inserts them."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from agentdesk.actions import notes, queries
from agentdesk.actions.context import ActionContext
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.panels.interactions.model import InteractionTableModel
from agentdesk.gui.qt import QCursor, QPoint
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.support.factories import Center, inbound


def _reload(qtbot: QtBot, window: MainWindow, rows: int) -> None:
    model = window.interactions.model
    with qtbot.waitSignal(model.sig_ids_loaded, timeout=20000, check_params_cb=lambda n: n == rows):
        window.interactions.reload()
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)


def _window_with(qtbot: QtBot, db: Database, center: Center, make_window: MakeWindow, count: int) -> tuple[
        MainWindow, list[int]]:
    ids = [inbound(db, center, subject=f"Question {n}") for n in range(count)]
    window = make_window()
    window.resize(1024, 700)
    wait_loaded(qtbot, window, count)
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)
    return window, ids


def test_the_chosen_row_stays_chosen_and_in_place_when_mail_arrives(qtbot: QtBot, sqlite_db: Database,
                                                                    center: Center, make_window: MakeWindow) -> None:
    window, ids = _window_with(qtbot, sqlite_db, center, make_window, 12)
    panel = window.interactions
    view, model = panel.view, panel.model
    chosen = ids[-3]  # newest first: the third row
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        view.selectRow(model.row_of(chosen))
    y_before = view.rowViewportPosition(model.row_of(chosen))
    opened: list[int] = []
    panel.sig_interaction_selected.connect(opened.append)
    inbound(sqlite_db, center, subject="New one")
    inbound(sqlite_db, center, subject="Another new one")
    _reload(qtbot, window, 12)  # the two new ones are held above
    row = model.row_of(chosen)
    assert row == 2 and model.held == 2
    assert [model.interaction_id(r.row()) for r in view.selectionModel().selectedRows()] == [chosen]
    assert view.rowViewportPosition(row) == y_before  # it did not move on screen
    assert opened == [] and window.email.interaction_id == chosen  # nothing else was opened
    assert panel.new_above.isVisible() and "2 new" in panel.new_above.text()
    _reload(qtbot, window, 12)  # the next refresh holds them still
    assert panel.new_above.isVisible() and model.row_of(chosen) == 2
    panel.new_above.click()
    assert model.rowCount() == 14 and model.row_of(chosen) == 4 and not panel.new_above.isVisible()
    assert [model.interaction_id(r.row()) for r in view.selectionModel().selectedRows()] == [chosen]
    assert view.verticalScrollBar().value() == 0 and opened == []


def test_a_scrolled_list_keeps_its_top_row_and_an_idle_list_at_the_top_shows_new_mail(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    window, _ids = _window_with(qtbot, sqlite_db, center, make_window, 40)
    view, model = window.interactions.view, window.interactions.model
    assert view.verticalScrollBar().value() == 0
    newest = inbound(sqlite_db, center, subject="Arrived while idle at the top")
    _reload(qtbot, window, 41)
    assert view.rowAt(0) == 0 and model.interaction_id(0) == newest  # nothing chosen, at the top: shown there
    assert not window.interactions.new_above.isVisible()
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 10 * 28, timeout=5000)
    bar.setValue(10 * 28)
    top = model.interaction_id(view.rowAt(0))
    inbound(sqlite_db, center, subject="Arrived while scrolled")
    _reload(qtbot, window, 41)
    assert model.interaction_id(view.rowAt(0)) == top and model.held == 1


def test_rows_inserted_and_removed_in_place_pass_the_model_tester(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                                  make_window: MakeWindow,
                                                                  qtmodeltester: ModelTester) -> None:
    window, ids = _window_with(qtbot, sqlite_db, center, make_window, 5)
    model = InteractionTableModel(window.ops, queries.interaction_ids, queries.summaries)
    with qtbot.waitSignal(model.sig_ids_loaded, timeout=20000):
        model.reload()
    qtmodeltester.check(model, force_py=True)
    sato = ActionContext(sqlite_db, "sato")
    notes.set_disposition(sato, ids[2], "resolved")
    notes.mark_done(sato, ids[2])  # leaves the list
    added = inbound(sqlite_db, center, subject="New")
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.sig_ids_loaded, timeout=20000):
        model.reload()
    assert resets == [] and model.interaction_id(0) == added and model.row_of(ids[2]) == -1
    assert model.rowCount() == 5
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)


def test_the_row_under_the_pointer_stays_under_it(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                  make_window: MakeWindow) -> None:
    window, _ids = _window_with(qtbot, sqlite_db, center, make_window, 12)
    view, model = window.interactions.view, window.interactions.model
    viewport = view.viewport()
    point = QPoint(40, view.rowViewportPosition(2) + 10)
    QCursor.setPos(viewport.mapToGlobal(point))
    qtbot.mouseMove(viewport, point)
    qtbot.waitUntil(lambda: viewport.rect().contains(viewport.mapFromGlobal(QCursor.pos())), timeout=5000)
    hovered = model.interaction_id(view.rowAt(point.y()))
    inbound(sqlite_db, center, subject="Arrived under the pointer")
    _reload(qtbot, window, 12)
    assert model.interaction_id(view.rowAt(point.y())) == hovered
    assert window.interactions.new_above.isVisible()
