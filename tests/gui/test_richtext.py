"""The outbound window's rich-text editor: formatting by shortcut and by the formatting bar, the quoted original
shown as a quote, the two parts an email carries (text and HTML) made from one document, drafts that keep their
formatting, pasted HTML cleaned, links checked, and a formatted reply that reaches a loopback SMTP server."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.gui.compose.richtext import RichTextEditor
from agentdesk.gui.compose.window import ComposeWindow
from agentdesk.gui.qt import QKeySequence, QMimeData, Qt, QTextCursor, QUrl
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from agentdesk.routing.sender import SendTarget, send_due
from agentdesk.routing.types import utcnow
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _scalar
from tests.gui.test_compose import answer
from tests.support.factories import seed_center
from tests.support.smtpd import SmtpTestServer

REPLY = ("Thank you for waiting.\n\nBest regards,\n-- \nExample Shop\n\n"
         "On Mon, Nov 3, 2026 at 10:00, Jane Doe wrote:\n> 注文した商品がまだ届きません。\n>\n> > an older quote\n"
         ">> deeper still\n> \n> back at one")


@pytest.fixture
def editor(qtbot: QtBot) -> RichTextEditor:
    widget = RichTextEditor()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _select_word(editor: RichTextEditor, word: str) -> None:
    found = editor.edit.document().find(word)
    assert not found.isNull(), word
    editor.edit.setTextCursor(found)


def test_a_plain_reply_comes_back_exactly_as_it_went_in(editor: RichTextEditor) -> None:
    editor.set_content(REPLY, None)
    assert editor.text() == REPLY
    quoted = editor.edit.document().findBlockByNumber(7)
    assert quoted.text() == "注文した商品がまだ届きません。"  # shown without its "> ", as a quote
    assert quoted.blockFormat().leftMargin() > 0


def test_the_html_part_quotes_the_original_and_reads_back_the_same(editor: RichTextEditor, qtbot: QtBot) -> None:
    editor.set_content(REPLY, None)
    html = editor.html()
    assert '<blockquote type="cite"' in html and html.count("<blockquote") == 2  # one level inside another
    assert "<div>注文した商品がまだ届きません。</div>" in html
    again = RichTextEditor()
    qtbot.addWidget(again)
    again.set_content("", html)
    assert again.html() == html
    assert again.text().splitlines()[:8] == REPLY.splitlines()[:8]


def test_formatting_by_shortcut_reaches_the_html_not_the_text(editor: RichTextEditor, qtbot: QtBot) -> None:
    editor.set_content("Your parcel ships today.", None)
    editor.edit.setFocus()
    _select_word(editor, "today")
    qtbot.keySequence(editor.edit, QKeySequence(QKeySequence.StandardKey.Bold))
    assert editor.actions_by_name["bold"].isChecked()
    _select_word(editor, "parcel")
    qtbot.keySequence(editor.edit, QKeySequence(QKeySequence.StandardKey.Italic))
    html = editor.html()
    assert "<b>today</b>" in html and "<i>parcel</i>" in html
    assert editor.text() == "Your parcel ships today."


def test_lists_and_quotes_from_the_formatting_bar(editor: RichTextEditor, qtbot: QtBot) -> None:
    editor.set_content("What we need:\nyour order number\nyour address\nThanks", None)
    cursor = editor.edit.textCursor()
    cursor.setPosition(editor.edit.document().findBlockByNumber(1).position())
    cursor.setPosition(editor.edit.document().findBlockByNumber(2).position() + 3, QTextCursor.MoveMode.KeepAnchor)
    editor.edit.setTextCursor(cursor)
    bar = editor.toolbar
    qtbot.mouseClick(bar.widgetForAction(editor.actions_by_name["bullets"]), Qt.MouseButton.LeftButton)
    assert editor.text() == "What we need:\n- your order number\n- your address\nThanks"
    assert "<ul><li>your order number</li><li>your address</li></ul>" in editor.html()
    qtbot.mouseClick(bar.widgetForAction(editor.actions_by_name["numbers"]), Qt.MouseButton.LeftButton)
    assert editor.text() == "What we need:\n1. your order number\n2. your address\nThanks"
    cursor.setPosition(editor.edit.document().findBlockByNumber(3).position())
    editor.edit.setTextCursor(cursor)
    qtbot.keySequence(editor.edit, QKeySequence("Ctrl+Shift+9"))
    assert editor.text().endswith("\n> Thanks")
    qtbot.keySequence(editor.edit, QKeySequence("Ctrl+Shift+9"))  # and out again
    assert editor.text().endswith("\nThanks")


def test_a_list_inside_a_list_is_written_inside_its_item(editor: RichTextEditor) -> None:
    nested = "<div>Steps:</div><ul><li>pack it<ol><li>box</li><li>tape</li></ol></li><li>send it</li></ul><div>Bye</div>"
    editor.set_content("", nested)
    assert editor.text() == "Steps:\n- pack it\n  1. box\n  2. tape\n- send it\nBye"
    assert editor.html() == nested


def test_a_link_needs_a_real_address(editor: RichTextEditor, qtbot: QtBot) -> None:
    editor.set_content("Track it here: ", None)
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    editor.edit.setFocus()
    qtbot.keySequence(editor.edit, QKeySequence("Ctrl+K"))
    dialog = editor.link_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.text_edit, "parcel tracking")
    qtbot.keyClicks(dialog.url_edit, "javascript:alert(1)")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "https://" in dialog.error.text()  # refused, with the reason; nothing inserted
    assert "href" not in editor.html()
    dialog.url_edit.setText("https://track.example.com/4711")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert '<a href="https://track.example.com/4711"' in editor.html() and ">parcel tracking</a>" in editor.html()
    assert editor.text().startswith("Track it here: parcel tracking")


def test_pasted_html_keeps_what_mail_carries_and_nothing_else(editor: RichTextEditor) -> None:
    editor.set_content("", None)
    editor.edit.setFocus()
    mime = QMimeData()
    mime.setHtml('<p style="font-family:Comic Sans">Hello <b>there</b><script>alert(1)</script>'
                 '<img src="https://tracker.example/p.gif"><a href="javascript:x()">bad</a></p>')
    editor.edit.insertFromMimeData(mime)
    html = editor.html()
    assert "<b>there</b>" in html
    for gone in ("script", "alert", "img", "tracker", "javascript", "Comic"):
        assert gone not in html, gone


def test_dropped_files_are_for_the_window_not_the_text(editor: RichTextEditor) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile("/nonexistent/invoice.pdf")])
    assert not editor.edit.canInsertFromMimeData(mime)  # the outbound window attaches it instead


@pytest.fixture
def smtpd() -> Iterator[SmtpTestServer]:
    server = SmtpTestServer().start()
    yield server
    server.stop()


def test_a_formatted_reply_reaches_smtp_as_text_and_html(qtbot: QtBot, sqlite_db: Database,
                                                        make_window: MakeWindow, smtpd: SmtpTestServer) -> None:
    center = seed_center(sqlite_db, qa_review={"teams": [], "agents": [], "sample_percent": 0},
                         disposition_required=False)
    _window, compose = answer(qtbot, sqlite_db, center, make_window)
    compose.activateWindow()
    compose.body.setFocus()
    compose.body.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClicks(compose.body, "Your parcel ships ")
    qtbot.keySequence(compose.body, QKeySequence(QKeySequence.StandardKey.Bold))
    qtbot.keyClicks(compose.body, "today")
    qtbot.keySequence(compose.body, QKeySequence(QKeySequence.StandardKey.Bold))
    qtbot.keyClicks(compose.body, ".")
    oid = compose.outbound_id
    with qtbot.waitSignal(compose.sig_sent, timeout=20000):
        qtbot.keyClick(compose.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with sqlite_db.read() as s:
        row = s.execute(select(Interaction.body_text, Interaction.body_html).where(Interaction.id == oid)).one()
    assert row.body_text.startswith("Your parcel ships today.") and "> 注文した商品がまだ届きません。" in row.body_text
    assert "<b>today</b>" in row.body_html
    target = SendTarget(SmtpServer("127.0.0.1", smtpd.port, "none", timeout=10))
    report = send_due(sqlite_db, lambda _name: target, now=utcnow() + timedelta(hours=1))
    assert len(report.sent) == 1 and len(smtpd.messages) == 1
    message = email.message_from_bytes(smtpd.messages[0].data, policy=email.policy.default)
    assert isinstance(message, EmailMessage) and message.get_content_type() == "multipart/alternative"
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    assert "Your parcel ships today." in plain.get_content() and "> 注文した商品がまだ届きません。" in plain.get_content()
    content = html.get_content()
    assert "<b>today</b>" in content and '<blockquote type="cite"' in content and "注文した商品がまだ届きません。" in content


def test_a_draft_keeps_its_formatting_when_opened_again(qtbot: QtBot, sqlite_db: Database,
                                                       make_window: MakeWindow) -> None:
    center = seed_center(sqlite_db)
    window, compose = answer(qtbot, sqlite_db, center, make_window)
    compose.body.setFocus()
    compose.body.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keySequence(compose.body, QKeySequence(QKeySequence.StandardKey.Underline))
    qtbot.keyClicks(compose.body, "Important")
    oid = compose.outbound_id
    with qtbot.waitSignal(compose.sig_draft_saved, timeout=20000):
        qtbot.keySequence(compose, QKeySequence(QKeySequence.StandardKey.Save))
    assert "<u>Important</u>" in str(_scalar(sqlite_db, select(Interaction.body_html).where(Interaction.id == oid)))
    compose.close()
    again = ComposeWindow(window.ops, oid, window, services=window.services)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.send_button.isEnabled(), timeout=20000)
    assert "<u>Important</u>" in again.editor.html()
    assert again.editor.text().startswith("Important") and "> 注文した商品がまだ届きません。" in again.editor.text()
    again.close()
