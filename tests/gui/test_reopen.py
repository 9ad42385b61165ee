"""Reopening (issue 14 item 2): a saved draft or a reply the reviewer rejected opens again in the outbound window
from My interactions (Enter or double click) and from the email view ("Continue writing", Ctrl+E), and the
reviewer's note is shown where it is reopened."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.actions import outbound, review
from agentdesk.actions.context import ActionContext
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import Qt
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.gui.test_actions import _keys, _open
from tests.support.factories import Center, inbound

NOTE = "Please apologise for the delay first."


def _rejected_reply(db: Database, center: Center) -> int:
    iid = inbound(db, center)
    sato = ActionContext(db, "sato")
    draft = outbound.reply(sato, iid, text="Your parcel left our warehouse today.")
    assert outbound.send(sato, draft) == "review"
    review.reject(ActionContext(db, "tanaka"), draft, NOTE)
    return draft


def _enter_on(qtbot: QtBot, window: MainWindow, interaction_id: int) -> None:
    model, view = window.interactions.model, window.interactions.view
    qtbot.waitUntil(lambda: model.row_of(interaction_id) >= 0, timeout=20000)
    view.setCurrentIndex(model.index(model.row_of(interaction_id), 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)


def test_enter_on_a_rejected_reply_in_my_interactions_reopens_it_with_the_note(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    draft = _rejected_reply(sqlite_db, center)
    window = make_window()
    wait_loaded(qtbot, window, 2)
    _enter_on(qtbot, window, draft)
    qtbot.waitUntil(lambda: draft in window.compose_windows, timeout=20000)
    compose = window.compose_windows[draft]
    qtbot.waitUntil(lambda: compose.detail is not None and compose.review_note.isVisible(), timeout=20000)
    assert NOTE in compose.review_note.text()
    assert compose.send_button.isEnabled()  # it can be corrected and sent again
    compose.close()


def test_the_email_view_shows_the_note_and_continue_writing_reopens(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    draft = _rejected_reply(sqlite_db, center)
    window = make_window()
    wait_loaded(qtbot, window, 2)
    _open(qtbot, window, draft)
    email = window.email
    assert email.draft_bar.isVisible() and NOTE in email.draft_text.text()
    assert window.commands["reopen"].isEnabled() and email.reopen_button.isVisible()
    _keys(qtbot, window, "Ctrl+E")
    qtbot.waitUntil(lambda: draft in window.compose_windows, timeout=20000)
    window.compose_windows[draft].close()


def test_a_saved_draft_reopens_from_both_places(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                 make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    draft = outbound.reply(ActionContext(sqlite_db, "sato"), iid, text="Half written")
    window = make_window()
    wait_loaded(qtbot, window, 2)
    _open(qtbot, window, draft)
    assert window.email.draft_bar.isVisible() and window.email.draft_text.text() == "A draft: not sent yet."
    qtbot.mouseClick(window.email.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: draft in window.compose_windows, timeout=20000)
    compose = window.compose_windows[draft]
    qtbot.waitUntil(lambda: compose.detail is not None, timeout=20000)
    assert not compose.review_note.isVisible()
    compose.close()
    qtbot.waitUntil(lambda: not compose.isVisible(), timeout=20000)
    _enter_on(qtbot, window, draft)
    qtbot.waitUntil(lambda: window.compose_windows[draft].isVisible(), timeout=20000)
    window.compose_windows[draft].close()


def test_enter_on_an_inbound_email_opens_it_in_the_email_view(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                              make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    wait_loaded(qtbot, window, 1)
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        _enter_on(qtbot, window, iid)
    assert window.email.interaction_id == iid and not window.compose_windows
    assert not window.email.draft_bar.isVisible() and not window.commands["reopen"].isEnabled()
