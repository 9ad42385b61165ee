"""Help ▸ About: the application icon, name and version."""

from __future__ import annotations

from agentdesk.gui import resources
from agentdesk.gui.forms.ui_about import Ui_AboutDialog
from agentdesk.gui.qt import QDialog, QWidget


class AboutDialog(QDialog):
    def __init__(self, version: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.ui.icon_label.setPixmap(resources.icon("agentdesk").pixmap(72, 72))
        self.ui.name_label.setObjectName("email_subject")
        self.ui.version_label.setText(self.tr("Version %1").replace("%1", version))
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.buttons.accepted.connect(self.accept)
