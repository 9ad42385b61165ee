"""Desktop notifications: a tray icon's message when the desktop has a system tray, else the status bar.

Either way the newest notice also stays in the status bar as a button (until it is clicked or replaced), so
that a notice missed while away from the screen is still there; clicking it (or the tray's message) opens
the interaction it is about.
"""

from __future__ import annotations

from agentdesk.gui import resources
from agentdesk.gui.qt import QObject, QSystemTrayIcon, QWidget, Signal


class DeskNotifier(QObject):
    """Shows notices; ``uses_tray`` says whether the system tray carries them."""

    sig_notice_shown = Signal(str, str)
    """A notice was shown: (title, text)."""
    sig_open_requested = Signal(int)
    """The agent clicked a notice about this interaction."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.tray: QSystemTrayIcon | None = None
        self.last_interaction: int | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(resources.icon("agentdesk"), window)
            self.tray.setObjectName("tray_icon")
            self.tray.setToolTip("agentdesk")
            self.tray.messageClicked.connect(self.on_tray_message_clicked)
            self.tray.activated.connect(lambda _reason: window.activateWindow())
            self.tray.show()

    @property
    def uses_tray(self) -> bool:
        return self.tray is not None and self.tray.supportsMessages()

    def notify(self, title: str, text: str, interaction_id: int | None = None) -> None:
        self.last_interaction = interaction_id
        if self.tray is not None and self.uses_tray:
            self.tray.showMessage(title, text, resources.icon("agentdesk"), 10000)
        self.sig_notice_shown.emit(title, text)

    def on_tray_message_clicked(self) -> None:
        if self.last_interaction is not None:
            self.sig_open_requested.emit(self.last_interaction)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()
