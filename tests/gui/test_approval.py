"""The approval panel: only leads have it; the reply beside the customer's email; approve, reject with a note."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.actions import drafts, outbound
from agentdesk.actions.context import ActionContext
from agentdesk.gui.panels.approval.widget import redline_html
from agentdesk.gui.qt import Qt, QTextCursor
from agentdesk.routing.db import Database
from agentdesk.routing.models import CaseData, Interaction
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _scalar
from tests.support.factories import Center, inbound


def _reply_in_review(db: Database, center: Center) -> int:
    iid = inbound(db, center)
    sato = ActionContext(db, "sato")
    draft = outbound.reply(sato, iid, text="Your parcel left our warehouse today.")
    assert outbound.send(sato, draft) == "review"
    return draft


def test_agents_have_no_approval_panel(center: Center, make_window: MakeWindow) -> None:
    window = make_window("sato")
    assert window.approval is None and "approval" not in window.docks


def test_lead_approves_a_reply(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    draft = _reply_in_review(sqlite_db, center)
    window = make_window("tanaka")
    panel = window.approval
    assert panel is not None and window.docks["approval"].windowTitle() == "Approval"
    qtbot.waitUntil(lambda: panel.queue.rowCount() == 1, timeout=20000)
    panel.view.selectRow(0)
    qtbot.waitUntil(lambda: panel.detail is not None and panel.approve_button.isEnabled(), timeout=20000)
    assert "注文した商品がまだ届きません。" in panel.inbound.toPlainText()
    assert "Your parcel left our warehouse today." in panel.reply.toPlainText()
    assert not panel.reject_button.isEnabled()  # a rejection needs a note
    with qtbot.waitSignal(panel.sig_review_decided, timeout=20000):
        qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Interaction.state).where(Interaction.id == draft)) == "outbox"
    qtbot.waitUntil(lambda: panel.queue.rowCount() == 0, timeout=20000)


def test_lead_rejects_with_a_note_and_case_data_shows_it(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                        make_window: MakeWindow) -> None:
    draft = _reply_in_review(sqlite_db, center)
    window = make_window("tanaka")
    panel = window.approval
    assert panel is not None
    qtbot.waitUntil(lambda: panel.queue.rowCount() == 1, timeout=20000)
    panel.view.selectRow(0)
    qtbot.waitUntil(lambda: panel.detail is not None, timeout=20000)
    qtbot.keyClicks(panel.note, "Please add the tracking number.")
    with qtbot.waitSignal(panel.sig_review_decided, timeout=20000):
        qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Interaction.state).where(Interaction.id == draft)) == "rejected"
    case_id = _scalar(sqlite_db, select(Interaction.case_id).where(Interaction.id == draft))
    qa = _scalar(sqlite_db, select(CaseData.value).where(CaseData.case_id == case_id, CaseData.key == "QA"))
    assert "Please add the tracking number." in str(qa)


def test_redline_marks_insertions_and_deletions() -> None:
    text = redline_html((("equal", "Hello "), ("delete", "old"), ("insert", "new<b>")))
    assert "line-through" in text and "new&lt;b&gt;" in text and "Hello " in text


def test_lead_edits_the_rich_text_and_the_formatting_goes_out(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                              make_window: MakeWindow) -> None:
    """The lead edits in the same rich-text editor the agent wrote in: the agent's bold stays, the lead's
    words are added, and the email leaves with both parts saying the same."""
    iid = inbound(sqlite_db, center)
    sato = ActionContext(sqlite_db, "sato")
    draft = outbound.reply(sato, iid, text="x")
    drafts.save_draft(sato, draft, text="Your parcel ships today.", html="<div>Your parcel ships <b>today</b>.</div>")
    assert outbound.send(sato, draft) == "review"
    window = make_window("tanaka")
    panel = window.approval
    assert panel is not None
    qtbot.waitUntil(lambda: panel.queue.rowCount() == 1, timeout=20000)
    panel.view.selectRow(0)
    qtbot.waitUntil(lambda: panel.detail is not None and panel.edit_button.isEnabled(), timeout=20000)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert panel.reply_stack.currentWidget() is panel.rich_editor
    panel.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(panel.editor, " Sorry for the wait.")
    with qtbot.waitSignal(panel.sig_review_decided, timeout=20000):
        qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    with sqlite_db.read() as s:
        text, html = s.execute(select(Interaction.body_text, Interaction.body_html)
                               .where(Interaction.id == draft)).one()
    assert text == "Your parcel ships today. Sorry for the wait."
    assert html is not None and "<b>today</b>" in html and "Sorry for the wait." in html
