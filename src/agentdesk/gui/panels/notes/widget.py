"""The notes dock: the open interaction's notes, oldest first, and (when adding is available) a box to add one."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from agentdesk.gui import display
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel
from agentdesk.gui.qt import (
    QHBoxLayout,
    QKeySequence,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: add(ctx, interaction_id, body) -> anything
AddAction = Callable[..., Any]


class NotesPanel(Panel):
    NAME = "notes"
    AREA = Qt.DockWidgetArea.BottomDockWidgetArea

    sig_note_added = Signal(int)
    """A note was saved on the interaction (its id)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, add: AddAction | None = None) -> None:
        super().__init__(ops, parent)
        self._add = add
        self.interaction_id: int | None = None
        self._cached = False  # the open interaction is the offline copy (agentdesk.cache.offline_view)
        self.model = RecordTableModel([
            Column(lambda: self.tr("Note"),
                   lambda note: f"{note.author_name} · {display.when(note.created_at)}\n{note.body}"),
        ])
        # Notes read as a thread: the model's rows rendered as text blocks, newest last.
        self.view = QTextBrowser(self)
        self.view.setObjectName("notes_view")
        self.view.setOpenLinks(False)
        self.view.document().setDocumentMargin(10)
        self.model.modelReset.connect(self._render)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("note_editor")
        self.editor.setMaximumHeight(72)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_note")
        self.add_button.setProperty("primary", True)
        self.add_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.editor)
        row = QHBoxLayout()
        row.setContentsMargins(8, 4, 8, 8)
        row.setSpacing(8)
        row.addWidget(self.editor, 1)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.add_row = QWidget(self)
        self.add_row.setLayout(row)
        self.add_row.setVisible(add is not None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.add_row)
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.add_shortcut.activated.connect(self.on_add_button_clicked)
        self.setFocusProxy(self.editor if add is not None else self.view)
        self._set_enabled(False)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Notes")

    def retranslate_ui(self) -> None:
        self.view.setAccessibleName(self.tr("Notes"))
        self.editor.setPlaceholderText(self.tr("Write a note for this interaction…"))
        self.editor.setAccessibleName(self.tr("New note"))
        self.add_button.setText(self.tr("Add note"))
        self.add_button.setToolTip(self.tr("Add note (%1)").replace(
            "%1", self.add_shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)))
        self.model.retranslate()

    def _render(self) -> None:
        parts = []
        for note in self.model.records():
            who = html.escape(f"{note.author_name} · {display.when(note.created_at)}")
            body = html.escape(note.body).replace("\n", "<br>")
            parts.append(f'<p style="margin: 0 0 10px 0;"><span style="color: #6b7280;">{who}</span><br>{body}</p>')
        if not parts and self.interaction_id is not None:
            empty = html.escape(self.tr("Notes are not kept on this computer: they show again when the database is "
                                        "back. A note added now waits under Waiting actions.") if self._cached
                                else self.tr("No notes yet."))
            parts.append(f'<p style="color: #6b7280;">{empty}</p>')
        self.view.setHtml("".join(parts))
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().maximum())

    def _set_enabled(self, enabled: bool) -> None:
        self.editor.setEnabled(enabled)
        self.add_button.setEnabled(enabled)

    def on_email_interaction_loaded(self, detail: Any) -> None:
        self.interaction_id = int(detail.id)
        self._cached = bool(getattr(detail, "cached", False))  # the offline copy: it holds no notes
        self._set_enabled(True)
        self.model.set_records(detail.notes)

    def clear(self) -> None:
        self.interaction_id = None
        self._cached = False
        self.model.set_records(())
        self._set_enabled(False)

    def on_add_button_clicked(self) -> None:
        body = self.editor.toPlainText().strip()
        if self._add is None or self.interaction_id is None or not body:
            return
        interaction_id = self.interaction_id
        self.add_button.setEnabled(False)

        def done(_result: object) -> None:
            self.editor.clear()
            self.add_button.setEnabled(True)
            self.sig_note_added.emit(interaction_id)

        def failed(_error: BaseException) -> bool:
            self.add_button.setEnabled(True)  # the text stays in the box: nothing is lost
            return False

        self.ops.run(self._add, interaction_id, body, on_done=done, on_error=failed, modal=True, owner=self)
