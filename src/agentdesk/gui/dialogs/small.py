"""What the small one-question dialogs (snooze until, tags) share: the error line under their field and their
frame — the widgets top to bottom, then OK and Cancel."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from agentdesk.gui.qt import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


def error_line(parent: QWidget, name: str) -> QLabel:
    """A hidden, wrapping label for what is wrong with the input; its colour comes from the style (light, dark)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setProperty("error", True)
    label.hide()
    return label


def ok_cancel_frame(dialog: QDialog, widgets: Sequence[QWidget], on_ok: Callable[[], None]) -> QDialogButtonBox:
    """Lays ``widgets`` out top to bottom above OK and Cancel; OK calls ``on_ok`` (which accepts, or says why
    not and keeps the dialog open), Cancel rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(16, 14, 16, 12)
    layout.setSpacing(8)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    layout.addWidget(buttons)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons
