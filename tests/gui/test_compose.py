"""Reply, forward and new email through the window: the draft, the outbound window, sending, saving, deleting."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.gui.compose.window import ComposeWindow
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import QDialogButtonBox, Qt
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, Workbin, WorkbinItem
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _keys, _open, _scalar
from tests.support.factories import Center, inbound


def _compose(qtbot: QtBot, window: MainWindow) -> ComposeWindow:
    qtbot.waitUntil(lambda: bool(window.compose_windows), timeout=20000)
    compose = next(iter(window.compose_windows.values()))
    qtbot.waitUntil(lambda: compose.send_button.isEnabled(), timeout=20000)
    return compose


def answer(qtbot: QtBot, db: Database, center: Center, make_window: MakeWindow,
           keys: str = "Ctrl+R") -> tuple[MainWindow, ComposeWindow]:
    """A main window open on a new inbound email, and the outbound window ``keys`` (Ctrl+R: reply) opened."""
    iid = inbound(db, center)
    window = make_window()
    _open(qtbot, window, iid)
    _keys(qtbot, window, keys)
    return window, _compose(qtbot, window)


def _state(db: Database, interaction_id: int) -> object:
    return _scalar(db, select(Interaction.state).where(Interaction.id == interaction_id))


def test_reply_then_send_goes_to_review(qtbot: QtBot, sqlite_db: Database, center: Center,
                                        make_window: MakeWindow) -> None:
    window, compose = answer(qtbot, sqlite_db, center, make_window)
    assert "jane@example.org" in compose.to_edit.text()
    assert compose.subject_edit.text().startswith("Re:")
    assert "注文した商品がまだ届きません。" in compose.body.toPlainText()  # the quoted original
    compose.body.moveCursor(compose.body.textCursor().MoveOperation.Start)
    compose.body.insertPlainText("Your parcel left our warehouse today.\n\n")
    with qtbot.waitSignal(compose.sig_sent, timeout=20000) as sent:
        qtbot.mouseClick(compose.send_button, Qt.MouseButton.LeftButton)
    draft_id, state = sent.args
    assert state == "review"  # team support's replies pass QA review
    assert _state(sqlite_db, draft_id) == "review"
    with sqlite_db.read() as s:
        body = s.scalar(select(Interaction.body_text).where(Interaction.id == draft_id))
    assert body is not None and body.startswith("Your parcel left our warehouse today.")
    qtbot.waitUntil(lambda: not window.compose_windows, timeout=20000)


def test_closing_the_window_keeps_what_was_typed(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                 make_window: MakeWindow) -> None:
    window, compose = answer(qtbot, sqlite_db, center, make_window, "Ctrl+Shift+R")
    draft_id = compose.outbound_id
    compose.subject_edit.setText("Re: about your order")
    compose.subject_edit.textEdited.emit("Re: about your order")
    compose.close()
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(Interaction.subject).where(Interaction.id == draft_id))
                    == "Re: about your order", timeout=20000)
    assert _state(sqlite_db, draft_id) == "draft"
    drafts = _scalar(sqlite_db, select(Workbin.id).where(Workbin.kind == "drafts",
                                                         Workbin.owner_id == center.users["sato"]))
    assert _scalar(sqlite_db, select(WorkbinItem.workbin_id).where(WorkbinItem.interaction_id == draft_id)) == drafts
    again = window.open_compose(draft_id)
    qtbot.waitUntil(lambda: again.subject_edit.text() == "Re: about your order", timeout=20000)
    with qtbot.waitSignal(again.sig_deleted, timeout=20000):
        qtbot.mouseClick(again.delete_button, Qt.MouseButton.LeftButton)
    assert _state(sqlite_db, draft_id) == "done"


def test_forward_with_instructions_then_complete(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                 make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    _keys(qtbot, window, "Ctrl+Shift+F")
    dialog = window.interaction_commands.forward_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.keyClicks(dialog.to_edit, "admin@example.net")
    dialog.instructions.setPlainText("配送状況を確認してください。")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    compose = _compose(qtbot, window)
    assert compose.is_forward and compose.instructions.isVisible()
    assert compose.send_button.text() == "Complete forward"
    forward_id = compose.outbound_id
    in_progress = _scalar(sqlite_db, select(Workbin.id).where(Workbin.kind == "in_progress",
                                                              Workbin.owner_id == center.users["sato"]))
    assert _scalar(sqlite_db, select(WorkbinItem.workbin_id)
                   .where(WorkbinItem.interaction_id == forward_id)) == in_progress
    with qtbot.waitSignal(compose.sig_sent, timeout=20000):
        qtbot.mouseClick(compose.send_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Interaction.instructions).where(Interaction.id == forward_id)) == \
        "配送状況を確認してください。"
    assert _state(sqlite_db, iid) == "assigned"  # the agent keeps the original (S18)


def test_new_email_from_contact_search(qtbot: QtBot, sqlite_db: Database, center: Center,
                                       make_window: MakeWindow) -> None:
    window = make_window()
    panel = window.contacts
    with qtbot.waitSignal(panel.sig_search_finished, timeout=20000):
        qtbot.keyClicks(panel.search, "jane")
    panel.contact_view.selectRow(0)
    assert panel.email_button.text() == "New email to jane@example.org"
    qtbot.mouseClick(panel.email_button, Qt.MouseButton.LeftButton)
    compose = _compose(qtbot, window)
    assert "jane@example.org" in compose.to_edit.text()
    assert _scalar(sqlite_db, select(Interaction.purpose).where(Interaction.id == compose.outbound_id)) == "new"


def test_standard_response_is_inserted_with_its_fields_filled(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                              make_window: MakeWindow) -> None:
    _window, compose = answer(qtbot, sqlite_db, center, make_window)
    picker = compose.responses
    qtbot.waitUntil(lambda: picker.list.count() == 1, timeout=20000)
    qtbot.waitUntil(picker.insert_button.isEnabled, timeout=20000)  # the preview has its fields filled (X8)
    assert picker.preview.toPlainText().startswith("Doe 様")
    qtbot.mouseClick(picker.insert_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: compose.body.toPlainText().startswith("Doe 様"), timeout=20000)
    assert "お問い合わせありがとうございます。" in compose.body.toPlainText()
    assert "佐藤 花子" in compose.body.toPlainText()


def test_pre_send_check_asks_then_sends_anyway(qtbot: QtBot, sqlite_db: Database, center: Center,
                                               make_window: MakeWindow) -> None:
    _window, compose = answer(qtbot, sqlite_db, center, make_window)
    compose.body.moveCursor(compose.body.textCursor().MoveOperation.Start)
    compose.body.insertPlainText("Please find the invoice attached.\n\n")
    qtbot.mouseClick(compose.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(compose, "precheck_box", None) is not None and compose.precheck_box.isVisible(),
                    timeout=20000)
    box = compose.precheck_box
    assert "attach" in box.text().lower()
    anyway = next(b for b in box.buttons() if b.text() == "Send anyway")
    with qtbot.waitSignal(compose.sig_sent, timeout=20000) as sent:
        anyway.click()
    assert _state(sqlite_db, sent.args[0]) == "review"


def test_an_empty_reply_asks_before_it_is_sent(qtbot: QtBot, sqlite_db: Database, center: Center,
                                              make_window: MakeWindow) -> None:
    _window, compose = answer(qtbot, sqlite_db, center, make_window)
    draft_id = compose.outbound_id
    qtbot.mouseClick(compose.send_button, Qt.MouseButton.LeftButton)  # nothing typed above the quote
    qtbot.waitUntil(lambda: getattr(compose, "precheck_box", None) is not None and compose.precheck_box.isVisible(),
                    timeout=20000)
    box = compose.precheck_box
    assert box.windowTitle() == "Send an empty reply?"
    assert "no text of your own" in box.text()
    assert _state(sqlite_db, draft_id) == "draft"
    anyway = next(b for b in box.buttons() if b.text() == "Send anyway")
    with qtbot.waitSignal(compose.sig_sent, timeout=20000):
        anyway.click()
    assert _state(sqlite_db, draft_id) == "review"
