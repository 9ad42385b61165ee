"""The email view's attachments: the list with each file's warnings, Open (a temporary copy handed to the OS,
after a confirmation when the file is flagged) and Save… (a file dialog). Bytes are fetched and written on the
worker; the GUI thread only asks and shows."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentdesk.actions import reading
from agentdesk.desk.compose import safe_filename
from agentdesk.gui import display, resources
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QCoreApplication,
    QDesktopServices,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    Qt,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def warning_text(code: str) -> str:
    """The translated meaning of an attachment warning from ``agentdesk.mail``."""
    texts = {
        "executable": QCoreApplication.translate("AttachmentList", "a program that runs when opened"),
        "double_extension": QCoreApplication.translate("AttachmentList",
                                                       "two file extensions: it may not be what its name says"),
        "rtl_override": QCoreApplication.translate("AttachmentList",
                                                   "its name hides its real extension (right-to-left override)"),
    }
    return texts.get(code, code)


def safe_name(filename: str) -> str:
    """A file name that cannot leave its folder and shows its real extension (see ``safe_filename``)."""
    return safe_filename(filename)


def write_copy(folder: str, filename: str, data: bytes) -> str:
    """Write ``data`` as a read-only file in ``folder`` (a fresh sub-folder each time); return its path."""
    target_dir = tempfile.mkdtemp(dir=folder)
    path = Path(target_dir) / safe_name(filename)
    path.write_bytes(data)
    os.chmod(path, 0o400)
    return str(path)


def write_file(path: str, data: bytes) -> str:
    Path(path).write_bytes(data)
    return path


class AttachmentList(QWidget):
    """The attachments of the open interaction."""

    sig_attachment_open_failed = Signal(str)
    """Open did not work (why, as shown to the agent)."""
    sig_attachment_opened = Signal(str)
    """A temporary copy was handed to the OS to open (its path)."""
    sig_attachment_saved = Signal(str)
    """An attachment was saved (the path chosen)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.interaction_id: int | None = None
        self._items: dict[int, Any] = {}
        self._temp = tempfile.TemporaryDirectory(prefix="agentdesk-attachments-", ignore_cleanup_errors=True)
        #: hands a file to the OS's default application (replaced in tests)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.title = QLabel(self)
        self.title.setObjectName("section_title")
        self.list = QListWidget(self)
        self.list.setObjectName("email_attachments")
        self.list.setMaximumHeight(96)
        self.warnings = QLabel(self)
        self.warnings.setObjectName("attachment_warnings")
        self.warnings.setWordWrap(True)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("attachment_open")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("attachment_save")
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.warnings)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.list.itemActivated.connect(lambda _item: self.on_open_button_clicked())
        self.open_button.clicked.connect(self.on_open_button_clicked)
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.confirm_box: QMessageBox | None = None
        self.open_failed_box: QMessageBox | None = None
        self.save_dialog: QFileDialog | None = None
        self.retranslate_ui()
        self._update_buttons()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Attachments"))
        self.list.setAccessibleName(self.tr("Attachments"))
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Open a copy with the program your computer uses for this kind of file"))
        self.save_button.setText(self.tr("Save…"))
        self.save_button.setToolTip(self.tr("Save the attachment to a folder of your choice"))
        self._show_warnings()

    def set_attachments(self, interaction_id: int, attachments: list[Any]) -> None:
        same = interaction_id == self.interaction_id
        current = self.list.currentRow() if same else -1
        self.interaction_id = interaction_id
        self._items = {int(a.id): a for a in attachments}
        self.list.clear()
        for attachment in attachments:
            flagged = bool(attachment.warnings)
            text = f"{attachment.filename}   {display.size(int(attachment.size or 0))}"
            item = QListWidgetItem(resources.icon("attachment"), ("⚠ " if flagged else "") + text)
            item.setData(ID_ROLE, int(attachment.id))
            if flagged:
                item.setToolTip("\n".join(warning_text(w) for w in attachment.warnings))
                item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)
        elif self.list.count() == 1:
            self.list.setCurrentRow(0)
        self._show_warnings()
        self._update_buttons()

    def _show_warnings(self) -> None:
        lines = [f"⚠ {a.filename}: " + "; ".join(warning_text(w) for w in a.warnings)
                 for a in self._items.values() if a.warnings]
        self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(lines))

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)

    def current(self) -> Any | None:
        item = self.list.currentItem()
        return self._items.get(int(item.data(ID_ROLE))) if item is not None else None

    # -- open ------------------------------------------------------------------------------------------------
    def on_open_button_clicked(self) -> None:
        attachment = self.current()
        if attachment is None or self.interaction_id is None:
            return
        if attachment.warnings:
            self._confirm_open(attachment)
        else:
            self._open(attachment)

    def _confirm_open(self, attachment: Any) -> None:
        reasons = "\n".join(f"• {warning_text(w)}" for w in attachment.warnings)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Open a flagged attachment?"),
                          self.tr("“%1” may be dangerous:\n%2\n\nOpen it only if you trust the sender and expected "
                                  "this file.").replace("%1", attachment.filename).replace("%2", reasons),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirm_open_attachment")
        anyway = box.addButton(self.tr("Open anyway"), QMessageBox.ButtonRole.AcceptRole)
        anyway.setObjectName("open_anyway")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        anyway.clicked.connect(lambda: self._open(attachment))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm_box = box
        box.open()

    def _open(self, attachment: Any) -> None:
        assert self.interaction_id is not None
        folder = self._temp.name

        def fetched(data: reading.AttachmentData) -> None:
            self.ops.call(write_copy, folder, data.filename, data.data, on_done=opened, on_error=not_written,
                          owner=self)

        def not_written(error: BaseException) -> bool:
            reason = str(getattr(error, "strerror", None) or error)
            self._open_failed(attachment, self.tr("The copy to open could not be written on this computer (%1).")
                              .replace("%1", reason))
            return True

        def opened(path: str) -> None:
            if not Path(path).is_file():  # removed meanwhile (a cleaner, an antivirus)
                self._open_failed(attachment, self.tr("The copy to open was removed before it could be opened "
                                                      "(an antivirus program may have taken it)."))
                return
            if self.open_url(QUrl.fromLocalFile(path)) is False:
                self._open_failed(attachment, self.tr(
                    "This computer has no program that opens this kind of file, or it refused to open it."))
                return
            self.sig_attachment_opened.emit(path)

        self.ops.run(reading.attachment_data, self.interaction_id, int(attachment.id), on_done=fetched, modal=True,
                     owner=self)

    def _open_failed(self, attachment: Any, reason: str) -> None:
        """Open did not work: say why, and offer to save the file instead."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot open the attachment"),
                          self.tr("“%1” could not be opened. %2\n\nYou can save it and open it from there.")
                          .replace("%1", attachment.filename).replace("%2", reason),
                          QMessageBox.StandardButton.Close, self)
        box.setObjectName("open_failed_box")
        save = box.addButton(self.tr("Save…"), QMessageBox.ButtonRole.AcceptRole)
        save.setObjectName("save_instead")
        save.clicked.connect(lambda: self.on_save_button_clicked(attachment))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_failed_box = box
        box.open()
        self.sig_attachment_open_failed.emit(reason)

    # -- save ------------------------------------------------------------------------------------------------
    def on_save_button_clicked(self, chosen: Any | None = None) -> None:
        attachment = chosen if chosen is not None and not isinstance(chosen, bool) else self.current()
        if attachment is None or self.interaction_id is None:
            return
        dialog = QFileDialog(self, self.tr("Save attachment"))
        dialog.setObjectName("save_attachment_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, os.environ.get("QT_QPA_PLATFORM") == "offscreen")
        dialog.selectFile(safe_name(attachment.filename))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self._save(attachment, path))
        self.save_dialog = dialog
        dialog.open()

    def _save(self, attachment: Any, path: str) -> None:
        if not path or self.interaction_id is None:
            return

        def fetched(data: reading.AttachmentData) -> None:
            self.ops.call(write_file, path, data.data, on_done=saved, on_error=failed, owner=self)

        def failed(error: BaseException) -> bool:
            QMessageBox.warning(self, self.tr("Not saved"), self.tr("The attachment could not be saved to %1: %2")
                                .replace("%1", path).replace("%2", str(getattr(error, "strerror", None) or error)))
            return True

        def saved(where: str) -> None:
            self.ops.sig_status_message.emit(self.tr("Saved %1").replace("%1", where))
            self.sig_attachment_saved.emit(where)

        self.ops.run(reading.attachment_data, self.interaction_id, int(attachment.id), on_done=fetched, modal=True,
                     owner=self)
