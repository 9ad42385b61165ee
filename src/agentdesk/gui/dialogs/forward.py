"""Forward to an external resource (S4, S18–S29): To, CC and forward instructions, inline or as an attachment.

Accepting creates the forward (parked in In Progress, S24); the outbound window then completes it (S23).
"""

from __future__ import annotations

from agentdesk.gui.panels.base import tab_moves_on
from agentdesk.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class ForwardDialog(QDialog):
    def __init__(self, subject: str, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forward_dialog")
        self.mode = mode
        self.subject = QLabel(subject, self)
        self.subject.setObjectName("section_title")
        self.to_edit, self.cc_edit = QLineEdit(self), QLineEdit(self)
        self.to_edit.setObjectName("forward_to")
        self.cc_edit.setObjectName("forward_cc")
        self.instructions = QPlainTextEdit(self)
        self.instructions.setObjectName("forward_instructions")
        self.to_label, self.cc_label, self.instructions_label = QLabel(self), QLabel(self), QLabel(self)
        form = QFormLayout()
        form.addRow(self.to_label, self.to_edit)
        form.addRow(self.cc_label, self.cc_edit)
        form.addRow(self.instructions_label, self.instructions)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                       self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(self.subject)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.to_edit.textChanged.connect(self._update_ok)
        tab_moves_on(self)  # Tab leaves the list / the instructions instead of staying in them
        self.resize(520, 320)
        self.retranslate_ui()
        self._update_ok()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Forward as attachment") if self.mode == "attachment" else self.tr("Forward"))
        self.to_label.setText(self.tr("To"))
        self.cc_label.setText(self.tr("CC"))
        self.instructions_label.setText(self.tr("Instructions"))
        self.to_edit.setPlaceholderText(self.tr("the external resource's address"))
        self.instructions.setPlaceholderText(self.tr("Enter forward instructions"))
        self.to_edit.setAccessibleName(self.tr("To"))
        self.cc_edit.setAccessibleName(self.tr("CC"))
        self.instructions.setAccessibleName(self.tr("Forward instructions"))

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.to()))

    def to(self) -> list[str]:
        return [p.strip() for p in self.to_edit.text().replace(";", ",").split(",") if p.strip()]

    def cc(self) -> list[str]:
        return [p.strip() for p in self.cc_edit.text().replace(";", ",").split(",") if p.strip()]
