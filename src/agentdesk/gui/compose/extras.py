"""The outbound window's side pieces: its attachments (a file dialog or drag and drop; files are read on the
worker), and the standard-response picker with search, category, language and a preview with the fields
filled (X8)."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentdesk.actions import drafts, templates
from agentdesk.actions.context import ActionContext
from agentdesk.gui import display, resources
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
#: the largest file the window offers to attach (the action checks the whole message too)
MAX_FILE = 25 * 1024 * 1024


def attach_file(ctx: ActionContext, outbound_id: int, path: str) -> int:
    """Read a file (on the worker) and attach it to the draft; returns the attachment's id."""
    file = Path(path)
    if file.stat().st_size > MAX_FILE:
        from agentdesk.actions.errors import InvalidInput

        raise InvalidInput(f"{file.name} is larger than {MAX_FILE // (1024 * 1024)} MB", field="attachment")
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return drafts.add_attachment(ctx, outbound_id, file.name, content_type, file.read_bytes())


class ComposeAttachments(QWidget):
    """The draft's attachments: Attach…, Remove, and files dropped on the window."""

    sig_attachments_changed = Signal()
    """A file was attached or removed (the draft's detail should be read again)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.outbound_id: int | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("compose_attachments")
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setMaximumHeight(58)
        self.attach_button = QPushButton(self)
        self.attach_button.setObjectName("compose_attach")
        self.attach_button.setIcon(resources.icon("attachment"))
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("compose_remove_attachment")
        self.remove_button.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addStretch(0)
        self._layout = layout
        self.file_dialog: QFileDialog | None = None
        self.attach_button.clicked.connect(self.on_attach_button_clicked)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.list.currentRowChanged.connect(lambda row: self.remove_button.setEnabled(row >= 0 and self.isEnabled()))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.attach_button.setText(self.tr("Attach…"))
        self.attach_button.setToolTip(self.tr("Attach files (or drop them on the window)"))
        self.remove_button.setText(self.tr("Remove"))
        self.list.setAccessibleName(self.tr("Attachments"))

    def set_attachments(self, outbound_id: int, attachments: list[Any]) -> None:
        self.outbound_id = outbound_id
        self.list.clear()
        for attachment in attachments:
            item = QListWidgetItem(resources.icon("attachment"),
                                   f"{attachment.filename}  {display.size(int(attachment.size or 0))}")
            item.setData(ID_ROLE, int(attachment.id))
            self.list.addItem(item)
        self.list.setVisible(bool(attachments))
        self.remove_button.setVisible(bool(attachments))
        self._layout.setStretch(3, 0 if attachments else 1)  # no files: the button keeps its own size

    def on_attach_button_clicked(self) -> None:
        dialog = QFileDialog(self, self.tr("Attach files"))
        dialog.setObjectName("attach_dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(self.add_files)
        self.file_dialog = dialog
        dialog.open()

    def add_files(self, paths: list[str]) -> None:
        if self.outbound_id is None:
            return
        for path in paths:
            self.ops.run(attach_file, self.outbound_id, path, modal=True, owner=self,
                         on_done=lambda _id: self.sig_attachments_changed.emit())

    def on_remove_button_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.outbound_id is not None:
            self.ops.run(drafts.remove_attachment, self.outbound_id, int(item.data(ID_ROLE)), modal=True, owner=self,
                         on_done=lambda _r: self.sig_attachments_changed.emit())


class ResponsePicker(QWidget):
    """Standard responses (標準応答): search, category, language, a filled preview, Insert."""

    sig_insert_requested = Signal(object)
    """Insert this filled response (a FilledResponse) into the message."""

    def __init__(self, ops: Ops, target: Callable[[], int | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._target = target  # the interaction whose data fills the fields
        self._responses: list[Any] = []
        self.filled: Any | None = None
        self.title = QLabel(self)
        self.title.setObjectName("section_title")
        self.search = QLineEdit(self)
        self.search.setObjectName("response_search")
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox(self)
        self.category.setObjectName("response_category")
        self.language = QComboBox(self)
        self.language.setObjectName("response_language")
        self.list = QListWidget(self)
        self.list.setObjectName("response_list")
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("response_preview")
        self.unfilled = QLabel(self)
        self.unfilled.setWordWrap(True)
        self.unfilled.setStyleSheet("color: #b45309;")
        self.unfilled.hide()
        self.insert_button = QPushButton(self)
        self.insert_button.setObjectName("compose_insert_response")
        self.insert_button.setIcon(resources.icon("note"))
        self.insert_button.setEnabled(False)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.category, 1)
        filters.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.unfilled)
        layout.addWidget(self.insert_button, 0, Qt.AlignmentFlag.AlignRight)
        self.search.textChanged.connect(lambda _t: self._show_list())
        self.category.currentIndexChanged.connect(lambda _i: self._show_list())
        self.language.currentIndexChanged.connect(lambda _i: self._show_list())
        self.list.currentRowChanged.connect(self.on_list_current_row_changed)
        self.list.itemActivated.connect(lambda _item: self.on_insert_button_clicked())
        self.insert_button.clicked.connect(self.on_insert_button_clicked)
        self.retranslate_ui()
        self.ops.run(templates.list_responses, on_done=self.set_responses, owner=self)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Standard responses"))
        self.search.setPlaceholderText(self.tr("Search standard responses…"))
        self.search.setAccessibleName(self.tr("Search standard responses"))
        self.category.setAccessibleName(self.tr("Category"))
        self.language.setAccessibleName(self.tr("Language"))
        self.list.setAccessibleName(self.tr("Standard responses"))
        self.preview.setAccessibleName(self.tr("Preview with the fields filled"))
        self.insert_button.setText(self.tr("Insert"))
        self.insert_button.setToolTip(self.tr("Insert the standard response, its fields filled"))
        self._fill_filters()

    def set_responses(self, responses: list[Any]) -> None:
        self._responses = list(responses)
        self._fill_filters()
        self._show_list()

    def _fill_filters(self) -> None:
        for combo, values, every in (
                (self.category, sorted({r.category for r in self._responses if r.category}), self.tr("All categories")),
                (self.language, sorted({r.language for r in self._responses if r.language}), self.tr("All languages"))):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(every, "")
            for value in values:
                combo.addItem(value, value)
            index = combo.findData(chosen)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    def shown(self) -> list[Any]:
        needle = self.search.text().strip().casefold()
        category, language = self.category.currentData() or "", self.language.currentData() or ""
        return [r for r in self._responses
                if (not category or r.category == category) and (not language or r.language == language)
                and (not needle or any(needle in (v or "").casefold() for v in (r.name, r.subject, r.body)))]

    def _show_list(self) -> None:
        self.list.clear()
        for response in self.shown():
            item = QListWidgetItem(f"{response.name}  ·  {response.category or '—'}  ·  {response.language}")
            item.setData(ID_ROLE, response.name)
            item.setToolTip(response.subject)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.on_list_current_row_changed(-1)

    def on_list_current_row_changed(self, row: int) -> None:
        self.filled = None
        self.insert_button.setEnabled(False)
        self.unfilled.hide()
        target = self._target()
        if row < 0 or target is None:
            self.preview.clear()
            return
        name = str(self.list.item(row).data(ID_ROLE))
        self.ops.run(templates.preview_response, name, target, on_done=self._on_preview, owner=self)

    def _on_preview(self, filled: Any) -> None:
        item = self.list.currentItem()
        if item is None or str(item.data(ID_ROLE)) != filled.name:
            return
        self.filled = filled
        self.preview.setPlainText(filled.body)
        self.insert_button.setEnabled(True)
        if filled.unfilled:
            self.unfilled.setText(self.tr("Fields to fill: %1").replace("%1", ", ".join(filled.unfilled)))
        self.unfilled.setVisible(bool(filled.unfilled))

    def refresh_preview(self) -> None:
        """Fill the preview again (the interaction it is filled from became known)."""
        self.on_list_current_row_changed(self.list.currentRow())

    def on_insert_button_clicked(self) -> None:
        if self.filled is not None:
            self.sig_insert_requested.emit(self.filled)
