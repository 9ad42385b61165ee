"""Open on an attachment that cannot be opened says why (issue 14 item 2), instead of nothing: no program for
it (or the system refused it), the copy could not be written, the copy was removed before it opened; the message
offers Save instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.gui.panels.email import attachments
from agentdesk.gui.qt import QFileDialog, QMessageBox, QPushButton, Qt
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow
from tests.gui.test_email_view import _show, html_mail, ingested
from tests.support.factories import Center


def _open_pdf(qtbot: QtBot, make_window: MakeWindow, sqlite_db: Database, center: Center) -> attachments.AttachmentList:
    iid = ingested(sqlite_db, center, html_mail("https://tracker.example.com/p.gif"))
    window = make_window()
    _show(qtbot, window, iid)
    panel = window.email.attachments
    names = [panel.list.item(i).text() for i in range(panel.list.count())]
    panel.list.setCurrentRow(next(i for i, n in enumerate(names) if "invoice" in n))
    return panel


def _failure(qtbot: QtBot, panel: attachments.AttachmentList) -> QMessageBox:
    with qtbot.waitSignal(panel.sig_attachment_open_failed, timeout=20000):
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    box = panel.open_failed_box
    assert box is not None and box.isVisible()
    assert "invoice-4711.pdf" in box.text()
    return box


def test_no_program_for_the_file_says_so_and_offers_save(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                         make_window: MakeWindow) -> None:
    panel = _open_pdf(qtbot, make_window, sqlite_db, center)
    panel.open_url = lambda _url: False  # QDesktopServices.openUrl: no application, or the system refused
    box = _failure(qtbot, panel)
    assert "no program that opens this kind of file" in box.text()
    save = box.findChild(QPushButton, "save_instead")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.save_dialog, QFileDialog) and panel.save_dialog.isVisible(),
                    timeout=5000)
    panel.save_dialog.close()


def test_a_copy_that_cannot_be_written_says_why(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = _open_pdf(qtbot, make_window, sqlite_db, center)
    opened: list[str] = []
    panel.open_url = lambda url: opened.append(url.toLocalFile())
    panel._temp.cleanup()  # the temporary folder is gone (a cleaner removed it)
    box = _failure(qtbot, panel)
    assert "could not be written" in box.text() and opened == []
    box.close()


def test_a_copy_removed_before_it_opens_says_so(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = _open_pdf(qtbot, make_window, sqlite_db, center)
    real = attachments.write_copy

    def write_then_lose(folder: str, filename: str, data: bytes) -> str:
        path = real(folder, filename, data)
        Path(path).unlink()  # an antivirus takes it at once
        return path

    monkeypatch.setattr(attachments, "write_copy", write_then_lose)
    box = _failure(qtbot, panel)
    assert "removed before it could be opened" in box.text()
    box.close()
