"""Desktop notifications: a tray icon's message when the desktop has a system tray, else the status bar.

Either way the newest notice also stays in the status bar as a button (until it is clicked or replaced), so
that a notice missed while away from the screen is still there; clicking it (or the tray's message) opens
the interaction it is about. The tray icon itself brings the window back when clicked, and its menu offers
"Show agentdesk" and "Quit".
"""

from __future__ import annotations

from agentdesk.gui import resources
from agentdesk.gui.qt import QEvent, QMenu, QObject, QSystemTrayIcon, QWidget, Signal


class DeskNotifier(QObject):
    """Shows notices; ``uses_tray`` says whether the system tray carries them."""

    sig_notice_shown = Signal(str, str)
    """A notice was shown: (title, text)."""
    sig_open_requested = Signal(int)
    """The agent clicked a notice about this interaction."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.tray: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        self.last_interaction: int | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(resources.icon("agentdesk"), window)
            self.tray.setObjectName("tray_icon")
            self.tray.setToolTip("agentdesk")
            self.menu = QMenu(window)
            self.menu.setObjectName("tray_menu")
            self.show_action = self.menu.addAction("")
            self.show_action.setObjectName("tray_show")
            self.show_action.triggered.connect(self.show_window)
            self.menu.addSeparator()
            self.quit_action = self.menu.addAction(resources.icon("quit"), "")
            self.quit_action.setObjectName("tray_quit")
            self.quit_action.triggered.connect(window.close)
            self.tray.setContextMenu(self.menu)
            self.tray.messageClicked.connect(self.on_tray_message_clicked)
            self.tray.activated.connect(self.on_tray_activated)
            self.retranslate_ui()
            window.installEventFilter(self)  # its LanguageChange retranslates the menu
            self.tray.show()

    def retranslate_ui(self) -> None:
        if self.menu is not None:
            self.show_action.setText(self.tr("Show agentdesk"))
            self.quit_action.setText(self.tr("Quit"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        return False

    @property
    def uses_tray(self) -> bool:
        return self.tray is not None and self.tray.isVisible() and self.tray.supportsMessages()

    def notify(self, title: str, text: str, interaction_id: int | None = None) -> None:
        self.last_interaction = interaction_id
        if self.tray is not None and self.uses_tray:
            self.tray.showMessage(title, text, resources.icon("agentdesk"), 10000)
        self.sig_notice_shown.emit(title, text)

    def show_window(self) -> None:
        """Bring the main window back: shown, not minimized, in front and active."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        else:
            window.show()
        window.raise_()
        window.activateWindow()

    def on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window()

    def on_tray_message_clicked(self) -> None:
        self.show_window()
        if self.last_interaction is not None:
            self.sig_open_requested.emit(self.last_interaction)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()
