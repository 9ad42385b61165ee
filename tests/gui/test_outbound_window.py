"""The outbound window's fields through clicks and keys: From drop-down (S16, X5), Add CC and its X (S21), BCC,
"To…" contact search (S20), inline address checks, attachments by file dialog and by drop, the standard-response
picker's search, a note and the disposition (S15); then a send that reaches a loopback SMTP server."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.gui.compose.window import ComposeWindow
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import QDialogButtonBox, Qt
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.models import Attachment, Interaction, Note
from agentdesk.routing.sender import SendTarget, send_due
from agentdesk.routing.types import utcnow
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _scalar
from tests.support.factories import Center, seed_center
from tests.support.smtpd import SmtpTestServer


@pytest.fixture
def smtpd() -> Iterator[SmtpTestServer]:
    server = SmtpTestServer().start()
    yield server
    server.stop()


def _new_email(qtbot: QtBot, window: MainWindow) -> ComposeWindow:
    """New email to Jane from contact search (S14), its outbound window loaded."""
    contacts = window.contacts
    qtbot.waitUntil(lambda: contacts.contacts.rowCount() > 0, timeout=20000)
    contacts.contact_view.selectRow(0)
    qtbot.mouseClick(contacts.email_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.compose_windows), timeout=20000)
    compose = next(iter(window.compose_windows.values()))
    qtbot.waitUntil(lambda: compose.send_button.isEnabled() and compose.from_combo.count() == 2, timeout=20000)
    qtbot.waitUntil(lambda: compose.ops.pending == 0, timeout=20000)
    return compose


def test_from_cc_bcc_and_address_checks(qtbot: QtBot, sqlite_db: Database, center: Center,
                                        make_window: MakeWindow) -> None:
    window = make_window()
    compose = _new_email(qtbot, window)
    assert compose.from_combo.currentData() == "support@example.com"  # the default From (S16)
    assert not compose.cc_field.isVisible() and compose.add_cc_button.isVisible()
    # Add CC shows the field under To; "CC…" finds a team member in contact search
    qtbot.mouseClick(compose.add_cc_button, Qt.MouseButton.LeftButton)
    assert compose.cc_field.isVisible() and not compose.add_cc_button.isVisible()
    qtbot.mouseClick(compose.cc_field.pick_button, Qt.MouseButton.LeftButton)
    picker = compose.cc_field.picker
    assert picker is not None
    qtbot.waitUntil(picker.isVisible, timeout=5000)
    picker.tabs.setCurrentIndex(1)
    qtbot.keyClicks(picker.search, "suzuki")
    qtbot.waitUntil(lambda: [m.login for m in picker.members.records()] == ["suzuki"], timeout=20000)
    picker.member_view.selectRow(0)
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    assert compose.cc_edit.text() == "suzuki@example.com"
    qtbot.mouseClick(picker.buttons.button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    # a bad BCC address is shown at once, under the field
    qtbot.mouseClick(compose.add_bcc_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(compose.bcc_edit, "not an address")
    qtbot.keyClick(compose.bcc_edit, Qt.Key.Key_Return)
    assert compose.bcc_field.error.isVisible() and "not a valid email address" in compose.bcc_field.error.text()
    compose.bcc_edit.clear()
    qtbot.keyClicks(compose.bcc_edit, "archive@example.com")
    qtbot.keyClick(compose.bcc_edit, Qt.Key.Key_Return)
    assert not compose.bcc_field.error.isVisible()
    # the From drop-down: choose the billing address
    compose.from_combo.setFocus()
    qtbot.keyClick(compose.from_combo, Qt.Key.Key_Down)
    assert compose.from_combo.currentData() == "billing@example.com"
    with qtbot.waitSignal(compose.sig_draft_saved, timeout=20000):
        qtbot.keyClick(compose, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    oid = compose.outbound_id
    with sqlite_db.read() as s:
        row = s.get(Interaction, oid)
        assert row is not None
        assert (row.from_addr, row.cc_addrs, row.bcc_addrs) == ("billing@example.com", ["suzuki@example.com"],
                                                                ["archive@example.com"])
    # the CC field's X removes it, and its addresses
    qtbot.mouseClick(compose.cc_field.remove_button, Qt.MouseButton.LeftButton)
    assert not compose.cc_field.isVisible() and compose.add_cc_button.isVisible()
    with qtbot.waitSignal(compose.sig_draft_saved, timeout=20000):
        qtbot.mouseClick(compose.save_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Interaction.cc_addrs).where(Interaction.id == oid)) == []


def test_attachments_by_dialog_and_by_drop(qtbot: QtBot, sqlite_db: Database, center: Center,
                                           make_window: MakeWindow, tmp_path: Path) -> None:
    from agentdesk.gui.qt import QFileDialog

    first, second = tmp_path / "見積書.pdf", tmp_path / "photo.png"
    first.write_bytes(b"%PDF-1.4 quote")
    second.write_bytes(b"\x89PNG not really")
    window = make_window()
    compose = _new_email(qtbot, window)
    qtbot.mouseClick(compose.attachments.attach_button, Qt.MouseButton.LeftButton)
    dialog = compose.attachments.file_dialog
    assert isinstance(dialog, QFileDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile(first.name)
    with qtbot.waitSignal(compose.attachments.sig_attachments_changed, timeout=20000):
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open),
                         Qt.MouseButton.LeftButton)
    # a file dropped on the window is attached too
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDropEvent

    from agentdesk.gui.qt import QUrl

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(second))])
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(compose.attachments.sig_attachments_changed, timeout=20000):
        compose.dropEvent(drop)
    with sqlite_db.read() as s:
        names = sorted(a.filename for a in s.scalars(select(Attachment).where(
            Attachment.interaction_id == compose.outbound_id)))
    assert names == sorted(["見積書.pdf", "photo.png"])
    qtbot.waitUntil(lambda: compose.attachments.list.count() == 2, timeout=20000)
    compose.attachments.list.setCurrentRow(0)
    with qtbot.waitSignal(compose.attachments.sig_attachments_changed, timeout=20000):
        qtbot.mouseClick(compose.attachments.remove_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Attachment.id).where(Attachment.interaction_id == compose.outbound_id)
                   .order_by(Attachment.id).offset(1)) is None


def test_note_disposition_and_send_reaches_smtp(qtbot: QtBot, sqlite_db: Database, make_window: MakeWindow,
                                                smtpd: SmtpTestServer) -> None:
    seed_center(sqlite_db, qa_review={"teams": [], "agents": [], "sample_percent": 0})
    window = make_window()
    compose = _new_email(qtbot, window)
    qtbot.keyClicks(compose.subject_edit, "Your order")
    compose.body.setFocus()
    qtbot.keyClicks(compose.body, "Your order 4711 has shipped today.")
    qtbot.keyClicks(compose.note_edit, "told her by phone too")
    qtbot.mouseClick(compose.add_note_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(Note.body).where(Note.interaction_id == compose.outbound_id))
                    == "told her by phone too", timeout=20000)
    qtbot.waitUntil(lambda: compose.disposition_combo.count() == 3, timeout=20000)
    compose.disposition_combo.setFocus()
    qtbot.keyClick(compose.disposition_combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(Interaction.disposition)
                                    .where(Interaction.id == compose.outbound_id)) is not None, timeout=20000)
    # the picker's search narrows the list; no response here fits, so nothing can be inserted
    qtbot.keyClicks(compose.responses.search, "zzz")
    assert compose.responses.list.count() == 0 and not compose.responses.insert_button.isEnabled()
    oid = compose.outbound_id
    with qtbot.waitSignal(compose.sig_sent, timeout=20000):
        qtbot.keyClick(compose.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _scalar(sqlite_db, select(Interaction.state).where(Interaction.id == oid)) == "outbox"
    target = SendTarget(SmtpServer("127.0.0.1", smtpd.port, "none", timeout=10))
    report = send_due(sqlite_db, lambda _name: target, now=utcnow() + timedelta(hours=1))
    assert len(report.sent) == 1 and len(smtpd.messages) == 1
    message = email.message_from_bytes(smtpd.messages[0].data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == "Your order" and "jane@example.org" in message["To"]
    body = message.get_body(("plain",))
    assert body is not None and "4711 has shipped today" in body.get_content()


def test_typed_address_line_splits_on_commas_outside_quotes() -> None:
    from agentdesk.gui.compose.recipients import split_addresses

    assert split_addresses('"Doe, Jane" <jane@example.org>; b@example.com,') == \
        ['"Doe, Jane" <jane@example.org>', "b@example.com"]
