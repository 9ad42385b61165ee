"""Save the list's filter as a view: the name it is kept under (an existing name is replaced)."""

from __future__ import annotations

from agentdesk.gui.qt import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class SaveViewDialog(QDialog):
    """Asks the name; OK only once one is typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("save_view_dialog")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.name = QLineEdit(self)
        self.name.setObjectName("view_name")
        self.name.setMaxLength(100)
        self.label.setBuddy(self.name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                       self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.label)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._update_ok)
        self.retranslate_ui()
        self._update_ok()
        self.resize(360, 140)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Save as view"))
        self.label.setText(self.tr("&Name of the view (shown under Views; the same name replaces it):"))
        self.name.setAccessibleName(self.tr("Name of the view"))

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.name.text().strip()))
