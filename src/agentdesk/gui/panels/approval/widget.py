"""The approval dock (leads only): the queue on the left; on the right the customer's email above the reply,
the reply shown as a redline against the previous round; Approve, Reject with a note, Edit then approve."""

from __future__ import annotations

import html
from typing import Any

from agentdesk.actions import review
from agentdesk.gui import display
from agentdesk.gui.compose.richtext import RichTextEditor
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel
from agentdesk.gui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPushButton,
    QResizeEvent,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)

REDLINE_STYLE = {"insert": "background: #dcfce7; color: #14532d;",
                 "delete": "background: #fee2e2; color: #7f1d1d; text-decoration: line-through;"}


#: an unchanged run at most this long between two changes is folded into them, so a rewritten sentence reads as
#: one struck-out sentence followed by one new sentence, not as words interleaved
FOLD = 12


def grouped(segments: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The redline with nearby changes merged: short unchanged runs (a space, a short word) between two changes
    become part of both the deletion and the insertion; never more than one deletion then one insertion in a row."""
    out: list[tuple[str, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []
    pending_equal = ""

    def flush() -> None:
        nonlocal deleted, inserted
        if deleted:
            out.append(("delete", "".join(deleted)))
        if inserted:
            out.append(("insert", "".join(inserted)))
        deleted, inserted = [], []

    for op, text in segments:
        if op == "equal":
            if (deleted or inserted) and len(text) <= FOLD and "\n" not in text:
                pending_equal += text
                continue
            flush()
            out.append(("equal", pending_equal + text))
            pending_equal = ""
            continue
        if pending_equal:
            deleted.append(pending_equal)
            inserted.append(pending_equal)
            pending_equal = ""
        (deleted if op == "delete" else inserted).append(text)
    flush()
    if pending_equal:
        out.append(("equal", pending_equal))
    return out


def redline_html(segments: tuple[tuple[str, str], ...]) -> str:
    """The redline as HTML: insertions green, deletions struck through in red (nearby changes grouped)."""
    parts = []
    for op, text in grouped(segments):
        escaped = html.escape(text).replace("\n", "<br>")
        style = REDLINE_STYLE.get(op)
        parts.append(f'<span style="{style}">{escaped}</span>' if style else escaped)
    return f'<div style="white-space: pre-wrap;">{"".join(parts)}</div>'


#: below this width the queue goes above the email and the reply instead of beside them
NARROW_WIDTH = 760


class ApprovalPanel(Panel):
    NAME = "approval"
    AREA = Qt.DockWidgetArea.LeftDockWidgetArea

    sig_review_decided = Signal(int)
    """An outbound email was approved or rejected (its id)."""
    sig_item_selected = Signal(int)
    """The lead chose an outbound email to review (its id): its case data, notes and history can follow."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.queue = RecordTableModel([
            Column(lambda: self.tr("Subject"), lambda item: item.subject or self.tr("(no subject)"),
                   tooltip=lambda item: item.subject or ""),
            Column(lambda: self.tr("Agent"), lambda item: item.author_name),
            Column(lambda: self.tr("Waiting"), lambda item: display.age(item.submitted_at)),
        ])
        self.view = QTableView(self)
        self.view.setObjectName("approval_queue")
        self.view.setModel(self.queue)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.inbound = QTextBrowser(self)
        self.inbound.setObjectName("approval_inbound")
        self.reply = QTextBrowser(self)
        self.reply.setObjectName("approval_reply")
        self.rich_editor = RichTextEditor(self)  # the reviewer edits the same rich text the agent wrote
        self.editor = self.rich_editor.edit
        self.editor.setObjectName("approval_editor")
        self.reply_stack = QStackedWidget(self)
        self.reply_stack.addWidget(self.reply)
        self.reply_stack.addWidget(self.rich_editor)
        self.inbound_title, self.reply_title = QLabel(self), QLabel(self)
        self.inbound_title.setObjectName("section_title")
        self.reply_title.setObjectName("section_title")
        self.note = QLineEdit(self)
        self.note.setObjectName("approval_note")
        self.approve_button = QPushButton(self)
        self.approve_button.setObjectName("approve")
        self.approve_button.setProperty("primary", True)
        self.reject_button = QPushButton(self)
        self.reject_button.setObjectName("reject")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("edit_reply")
        self.edit_button.setCheckable(True)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(6, 0, 6, 6)
        detail_layout.setSpacing(4)
        detail_layout.addWidget(self.inbound_title)
        detail_layout.addWidget(self.inbound, 1)
        detail_layout.addWidget(self.reply_title)
        detail_layout.addWidget(self.reply_stack, 2)
        detail_layout.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)
        # the queue on the left; the customer's email above the reply on the right
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 700])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setFocusProxy(self.view)
        self.detail: Any | None = None
        self.view.selectionModel().currentRowChanged.connect(self.on_view_current_row_changed)
        self.approve_button.clicked.connect(self.on_approve_button_clicked)
        self.reject_button.clicked.connect(self.on_reject_button_clicked)
        self.edit_button.toggled.connect(self.on_edit_button_toggled)
        self.note.textChanged.connect(lambda _text: self._update_buttons())
        self._update_buttons()
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Approval")

    def retranslate_ui(self) -> None:
        self.view.setAccessibleName(self.tr("Waiting for approval"))
        self.inbound_title.setText(self.tr("Customer's email"))
        self.reply_title.setText(self.tr("Reply (changes since the previous round marked)"))
        self.inbound.setAccessibleName(self.inbound_title.text())
        self.reply.setAccessibleName(self.reply_title.text())
        self.note.setPlaceholderText(self.tr("Note for the agent (needed to reject)"))
        self.note.setAccessibleName(self.tr("Reviewer's note"))
        self.rich_editor.retranslate_ui()
        self.editor.setAccessibleName(self.tr("Edited reply"))
        self.approve_button.setText(self.tr("Approve"))
        self.reject_button.setText(self.tr("Reject"))
        self.edit_button.setText(self.tr("Edit"))
        self.queue.retranslate()

    def reload(self) -> None:
        self.ops.run(review.review_queue, on_done=self._on_queue, owner=self)

    def _on_queue(self, items: list[Any]) -> None:
        keep = self.detail.outbound_id if self.detail is not None else None
        self.queue.set_records(items)
        rows = [i for i, item in enumerate(items) if item.outbound_id == keep]
        if rows:
            self.view.selectRow(rows[0])
        else:
            self._show(None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrow (a small window): the queue above the email and the reply, so that neither is squeezed."""
        super().resizeEvent(event)
        narrow = self.width() < NARROW_WIDTH
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            total = self.height() if narrow else self.width()
            first = min(160, total // 4) if narrow else total // 4
            self.splitter.setSizes([first, total - first])

    def on_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            outbound_id = int(self.queue.record(current.row()).outbound_id)
            self.ops.run(review.review_detail, outbound_id, on_done=self._show, owner=self)
            self.sig_item_selected.emit(outbound_id)

    def _show(self, detail: Any | None) -> None:
        self.detail = detail
        self.edit_button.setChecked(False)
        self.note.clear()
        if detail is None:
            self.inbound.clear()
            self.reply.clear()
        else:
            sender = html.escape(detail.inbound_from or "")
            subject = html.escape(detail.inbound_subject or "")
            body = html.escape(detail.inbound_text or "").replace("\n", "<br>")
            self.inbound.setHtml(f"<b>{subject}</b><br><span style='color:#6b7280'>{sender}</span><br><br>{body}")
            self.reply.setHtml(f"<b>{html.escape(detail.subject)}</b><br><br>{redline_html(detail.redline)}")
            self.rich_editor.set_content(detail.text, detail.html)
        self._update_buttons()

    def _update_buttons(self) -> None:
        waiting = self.detail is not None and self.detail.state == "review"
        self.approve_button.setEnabled(waiting)
        self.edit_button.setEnabled(waiting)
        self.reject_button.setEnabled(waiting and bool(self.note.text().strip()))
        self.note.setEnabled(waiting)

    def on_edit_button_toggled(self, editing: bool) -> None:
        self.reply_stack.setCurrentWidget(self.rich_editor if editing else self.reply)
        self.approve_button.setText(self.tr("Approve edited") if editing else self.tr("Approve"))
        if editing:
            self.editor.setFocus()

    def _decided(self, outbound_id: int) -> None:
        self.detail = None
        self.sig_review_decided.emit(outbound_id)
        self.reload()

    def on_approve_button_clicked(self) -> None:
        if self.detail is None:
            return
        outbound_id = int(self.detail.outbound_id)
        editing = self.edit_button.isChecked()
        edited = self.rich_editor.text() if editing else None
        edited_html = self.rich_editor.html() if editing else None
        self.ops.run(review.approve, outbound_id, edited_text=edited, edited_html=edited_html,
                     note=self.note.text().strip() or None,
                     modal=True, owner=self, on_done=lambda _state: self._decided(outbound_id))

    def on_reject_button_clicked(self) -> None:
        if self.detail is None:
            return
        outbound_id = int(self.detail.outbound_id)
        self.ops.run(review.reject, outbound_id, self.note.text(), modal=True, owner=self,
                     on_done=lambda _r: self._decided(outbound_id))
