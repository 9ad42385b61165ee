"""The outbound window: To, CC, subject, (forward instructions), body; Send or Complete forward, Save, Delete.

It edits one outbound draft that an action already created (reply, reply all, new email, forward). What is
typed is saved as it is typed (a short pause after the last key) and when the window closes, so closing it
never loses a word (X7). Sending runs the pre-send checks (X3): a failed check is shown and the agent may send
anyway, confirming exactly the checks shown.
"""

from __future__ import annotations

from typing import Any

from agentdesk.actions import drafts, forward, outbound, queries, templates
from agentdesk.actions.errors import ActionError
from agentdesk.gui import resources
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QCloseEvent,
    QComboBox,
    QEvent,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

FORWARD_PURPOSES = ("forward_inline", "forward_attachment")


def _addresses(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class ComposeWindow(QWidget):
    """One outbound draft, being written."""

    sig_draft_saved = Signal(int)
    """The draft was saved (its id)."""
    sig_sent = Signal(int, str)
    """The email was sent: (its id, the new state: ``outbox`` or ``review``)."""
    sig_deleted = Signal(int)
    """The draft was deleted (its id)."""

    def __init__(self, ops: Ops, outbound_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("compose_window")
        self.setWindowIcon(resources.icon("email"))
        self.ops = ops
        self.outbound_id = outbound_id
        self.detail: Any | None = None
        self._loaded = False
        self._dirty = False
        self._closing = False
        self.to_edit, self.cc_edit, self.subject_edit = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.to_edit.setObjectName("compose_to")
        self.cc_edit.setObjectName("compose_cc")
        self.subject_edit.setObjectName("compose_subject")
        self.instructions = QPlainTextEdit(self)
        self.instructions.setObjectName("compose_instructions")
        self.instructions.setMaximumHeight(90)
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("compose_body")
        self.from_value = QLabel(self)
        self.from_value.setProperty("muted", True)
        self.labels = {name: QLabel(self) for name in ("from", "to", "cc", "subject", "instructions")}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.labels["from"], self.from_value)
        form.addRow(self.labels["to"], self.to_edit)
        form.addRow(self.labels["cc"], self.cc_edit)
        form.addRow(self.labels["subject"], self.subject_edit)
        form.addRow(self.labels["instructions"], self.instructions)
        self.form = form
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("compose_send")
        self.send_button.setProperty("primary", True)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("compose_save")
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("compose_delete")
        self.response_combo = QComboBox(self)
        self.response_combo.setObjectName("compose_response")
        self.response_combo.setMinimumWidth(220)
        self.insert_response_button = QPushButton(self)
        self.insert_response_button.setObjectName("compose_insert_response")
        self.insert_response_button.setIcon(resources.icon("note"))
        self.response_label = QLabel(self)
        self.status = QLabel(self)
        self.status.setProperty("muted", True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(buttons)
        layout.addLayout(form)
        responses = QHBoxLayout()
        responses.addWidget(self.response_label)
        responses.addWidget(self.response_combo, 1)
        responses.addWidget(self.insert_response_button)
        layout.addLayout(responses)
        layout.addWidget(self.body, 1)
        self.send_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(1500)
        self._autosave.timeout.connect(self.save)
        for edit in (self.to_edit, self.cc_edit, self.subject_edit):
            edit.textEdited.connect(self._changed)
        self.instructions.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._changed)
        self.send_button.clicked.connect(self.on_send_button_clicked)
        self.send_shortcut.activated.connect(self.on_send_button_clicked)
        self.save_button.clicked.connect(self.save)
        self.save_shortcut.activated.connect(self.save)
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        self.insert_response_button.clicked.connect(self.on_insert_response_button_clicked)
        self._set_enabled(False)
        self.resize(760, 640)
        self.retranslate_ui()
        self.ops.run(queries.get_interaction, outbound_id, on_done=self._on_loaded, owner=self)
        self.ops.run(templates.list_responses, on_done=self._on_responses, owner=self)

    @property
    def is_forward(self) -> bool:
        return self.detail is not None and self.detail.summary.purpose in FORWARD_PURPOSES

    def retranslate_ui(self) -> None:
        subject = self.subject_edit.text()
        self.setWindowTitle(self.tr("Outbound email — %1").replace("%1", subject) if subject else self.tr("Outbound email"))
        for name, text in (("from", self.tr("From")), ("to", self.tr("To")), ("cc", self.tr("CC")),
                           ("subject", self.tr("Subject")), ("instructions", self.tr("Forward instructions"))):
            self.labels[name].setText(text)
        self.to_edit.setPlaceholderText(self.tr("addresses, separated by commas"))
        self.instructions.setPlaceholderText(self.tr("Enter forward instructions"))
        self.to_edit.setAccessibleName(self.tr("To"))
        self.cc_edit.setAccessibleName(self.tr("CC"))
        self.subject_edit.setAccessibleName(self.tr("Subject"))
        self.instructions.setAccessibleName(self.tr("Forward instructions"))
        self.body.setAccessibleName(self.tr("Message"))
        send = self.tr("Complete forward") if self.is_forward else self.tr("Send")
        self.send_button.setText(send)
        self.send_button.setToolTip(f"{send} ({self.send_shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)})")
        self.save_button.setText(self.tr("Save draft"))
        self.save_button.setToolTip(self.tr("Save draft (%1)").replace(
            "%1", self.save_shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)))
        self.delete_button.setText(self.tr("Delete"))
        self.response_label.setText(self.tr("Standard response"))
        self.response_combo.setAccessibleName(self.tr("Standard response"))
        self.insert_response_button.setText(self.tr("Insert"))
        self.insert_response_button.setToolTip(self.tr("Insert the standard response, its fields filled"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.send_button, self.save_button, self.delete_button, self.to_edit, self.cc_edit,
                       self.subject_edit, self.instructions, self.body):
            widget.setEnabled(enabled)

    def _on_loaded(self, detail: Any) -> None:
        self.detail = detail
        self.from_value.setText(detail.from_addr or "")
        self.to_edit.setText(", ".join(detail.to))
        self.cc_edit.setText(", ".join(detail.cc))
        self.subject_edit.setText(detail.subject)
        self.instructions.setPlainText(detail.instructions or "")
        self.body.setPlainText(detail.body_text)
        forward_mode = self.is_forward
        self.instructions.setVisible(forward_mode)
        self.labels["instructions"].setVisible(forward_mode)
        self._loaded, self._dirty = True, False
        self._set_enabled(detail.state in ("draft", "rejected", "needs_attention"))
        self.retranslate_ui()
        self.body.setFocus()
        self.body.moveCursor(self.body.textCursor().MoveOperation.Start)

    def _on_responses(self, responses: list[Any]) -> None:
        self.response_combo.clear()
        for response in responses:
            label = f"{response.category} › {response.name} ({response.language})" if response.category else \
                f"{response.name} ({response.language})"
            self.response_combo.addItem(label, response.name)
        self.insert_response_button.setEnabled(bool(responses))

    def on_insert_response_button_clicked(self) -> None:
        name = self.response_combo.currentData()
        if self.detail is None or not name:
            return
        target = self.detail.parent_id or self.outbound_id  # fields come from the email being answered
        self.ops.run(templates.preview_response, str(name), int(target), on_done=self._insert_response,
                     modal=True, owner=self)

    def _insert_response(self, filled: Any) -> None:
        self.body.moveCursor(self.body.textCursor().MoveOperation.Start)
        self.body.insertPlainText(filled.body.rstrip() + "\n\n")
        if filled.unfilled:
            self.status.setText(self.tr("Fields to fill: %1").replace("%1", ", ".join(filled.unfilled)))

    def _changed(self) -> None:
        if self._loaded:
            self._dirty = True
            self._autosave.start()

    def _fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"to": _addresses(self.to_edit.text()), "cc": _addresses(self.cc_edit.text()),
                                  "subject": self.subject_edit.text(), "text": self.body.toPlainText()}
        if self.is_forward:
            fields["instructions"] = self.instructions.toPlainText()
        return fields

    def save(self, then: Any = None) -> None:
        """Save what is typed; ``then()`` runs once it is saved."""
        self._autosave.stop()
        if not self._loaded:
            return
        self._dirty = False

        def saved(_changed: object) -> None:
            self.status.setText(self.tr("Saved"))
            self.sig_draft_saved.emit(self.outbound_id)
            if then is not None:
                then()

        def failed(error: BaseException) -> bool:
            self._dirty = True  # keep it for the next try; the text stays in the window
            return False

        self.ops.run(drafts.save_draft, self.outbound_id, **self._fields(), on_done=saved, on_error=failed,
                     modal=True, owner=self)

    def on_send_button_clicked(self) -> None:
        self.send_now()

    def send_now(self, confirm: tuple[str, ...] = ()) -> None:
        """Save, then send (or complete the forward), confirming the pre-send checks in ``confirm``."""
        if not self._loaded:
            return
        send = forward.complete_forward if self.is_forward else outbound.send
        self.send_button.setEnabled(False)

        def sent(state: str) -> None:
            self._loaded = False
            self.sig_sent.emit(self.outbound_id, str(state))
            self.close()

        def failed(error: BaseException) -> bool:
            self.send_button.setEnabled(True)
            warnings = getattr(error, "warnings", None)
            if isinstance(error, ActionError) and warnings:
                self._ask_to_send_anyway(tuple(warnings))
                return True
            return False

        self.save(then=lambda: self.ops.run(send, self.outbound_id, confirm_checks=confirm, on_done=sent,
                                            on_error=failed, modal=True, owner=self))

    def _ask_to_send_anyway(self, warnings: tuple[Any, ...]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Check before sending"),
                          "\n".join(f"• {w.message}" for w in warnings),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("precheck_box")
        anyway = box.addButton(self.tr("Send anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        codes = tuple(w.code for w in warnings)
        anyway.clicked.connect(lambda: self.send_now(codes))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.precheck_box = box
        box.open()

    def on_delete_button_clicked(self) -> None:
        def deleted(_result: object) -> None:
            self._loaded = False
            self.sig_deleted.emit(self.outbound_id)
            self.close()

        self.ops.run(drafts.delete_draft, self.outbound_id, on_done=deleted, modal=True, owner=self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._loaded and self._dirty:
            self.save()  # the worker finishes the save after the window is gone
        super().closeEvent(event)
