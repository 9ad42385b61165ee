"""Demo mode on the desktop (``agentdesk demo``): a "Demo" menu, and the window that signs in again as another
demo user when the newcomer picks one under Demo ▸ Switch user (to be the team lead and approve a reply).

:class:`DemoDesk` owns the main window: it opens it for one login and, on a switch, opens a new one for the other
login (an agent's window has no approval panel; a lead's has) and closes the old one. The demo's servers and
data are not known here: :mod:`agentdesk.demo.desktop` hands in the database, the folders and two callbacks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from agentdesk.actions import queries
from agentdesk.actions.context import ActionContext
from agentdesk.config.paths import Paths
from agentdesk.desk.services import Database, build_services
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QAction,
    QActionGroup,
    QEvent,
    QLabel,
    QMenu,
    QMessageBox,
    QObject,
    QTimer,
    QWidget,
    Signal,
)
from agentdesk.gui.session import DeskSession

log = logging.getLogger(__name__)

# how long after "A customer writes now" the lists are refreshed (the engine needs a moment to route it)
REFRESH_AFTER_MS = 3000


@dataclass(frozen=True)
class DemoUser:
    """One user of the demo contact center, as the Switch user menu lists them."""

    login: str
    name: str
    role: str  # agent | lead | admin


@dataclass(frozen=True)
class DemoInfo:
    """What Demo ▸ About this demo tells: where its files are and how to look at the customers' mailbox."""

    folder: Path
    imap_port: int
    smtp_port: int
    customers_account: str
    password: str


class DemoMenu(QMenu):
    """Demo ▸ Switch user ▸ (each demo user), A customer writes now, About this demo."""

    sig_user_requested = Signal(str)
    """The newcomer picked another demo user (their login)."""
    sig_email_requested = Signal()
    """The newcomer asked for a customer email now."""
    sig_about_requested = Signal()
    """The newcomer asked what the demo is."""

    def __init__(self, users: Sequence[DemoUser], current_login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("menu_demo")
        self.users = tuple(users)
        self.switch_menu = QMenu(self)
        self.switch_menu.setObjectName("menu_demo_switch_user")
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self.user_actions: dict[str, QAction] = {}
        for user in self.users:
            action = QAction(self.switch_menu)
            action.setObjectName(f"demo_user_{user.login}")
            action.setCheckable(True)
            action.setChecked(user.login == current_login)
            action.triggered.connect(lambda _checked=False, login=user.login: self.on_user_action_triggered(login))
            self._group.addAction(action)
            self.switch_menu.addAction(action)
            self.user_actions[user.login] = action
        self.addMenu(self.switch_menu)
        self.email_action = QAction(self)
        self.email_action.setObjectName("demo_email_now")
        self.email_action.triggered.connect(self.sig_email_requested.emit)
        self.addAction(self.email_action)
        self.addSeparator()
        self.about_action = QAction(self)
        self.about_action.setObjectName("demo_about")
        self.about_action.triggered.connect(self.sig_about_requested.emit)
        self.addAction(self.about_action)
        self.current_login = current_login
        self.retranslate_ui()

    def role_label(self, role: str) -> str:
        return {"agent": self.tr("agent"), "lead": self.tr("team lead"),
                "admin": self.tr("administrator")}.get(role, role)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("&Demo"))
        self.switch_menu.setTitle(self.tr("Switch user"))
        self.switch_menu.setToolTip(self.tr("Sign in again as another user of the demo contact center"))
        for user in self.users:
            self.user_actions[user.login].setText(f"{user.name} ({self.role_label(user.role)})")
        self.email_action.setText(self.tr("A customer writes now"))
        self.about_action.setText(self.tr("About this demo…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def on_user_action_triggered(self, login: str) -> None:
        if login != self.current_login:
            self.sig_user_requested.emit(login)


class DemoDesk(QObject):
    """The demo's main window, for one demo user at a time."""

    sig_user_switched = Signal(str)
    """The window was opened again for another user (their login)."""

    def __init__(self, db: Database, paths: Paths, config_file: Path, users: Sequence[DemoUser], language: str,
                 info: DemoInfo, deliver: Callable[[], None]) -> None:
        super().__init__()
        self.db = db
        self.paths = paths
        self.config_file = config_file
        self.users = tuple(users)
        self.language = language
        self.info = info
        self.deliver = deliver
        self.window: MainWindow | None = None
        self.menu: DemoMenu | None = None
        self._retired: list[Ops] = []

    def open(self, login: str) -> MainWindow:
        """Sign in as ``login`` and show the main window (at start, before the event loop runs)."""
        ctx = ActionContext(self.db, login)
        return self._show(ctx, queries.me(ctx))

    def switch(self, login: str) -> None:
        """Demo ▸ Switch user: the window signs in again as ``login`` (the sign-in runs on the worker)."""
        current = self.window
        if current is None:
            return
        ctx = ActionContext(self.db, login)

        def failed(exc: BaseException) -> bool:  # a retired or unknown login: say so, keep this window
            log.error("switching to %s failed", login, exc_info=exc)
            QMessageBox.warning(current, self.tr("Switch user"),
                                self.tr("Signing in as %1 failed: %2").replace("%1", login)
                                .replace("%2", str(getattr(exc, "message", exc))))
            if self.menu is not None:
                self.menu.user_actions[self.menu.current_login].setChecked(True)
            return True

        def signed_in(me: object) -> None:
            self._show(ctx, me)
            self.sig_user_switched.emit(login)

        current.ops.call(queries.me, ctx, on_done=signed_in, on_error=failed, owner=current)

    def _show(self, ctx: ActionContext, me: object) -> MainWindow:
        """The main window for ``ctx``'s user, in place of the one open (whose size and place it takes)."""
        login = ctx.login
        ops = Ops(ctx)
        # Each demo user's window keeps its own layout across switches and demo restarts (a lead's has a dock an
        # agent's has not: a layout saved by another user's window would not fit it).
        paths = replace(self.paths, config_dir=self.paths.config_dir / "desks" / login)
        session = DeskSession(ctx=ctx, me=me, paths=paths, config_file=self.config_file, language=self.language)
        window = MainWindow(session, ops, build_services(ctx, paths, self.config_file))
        self.menu = DemoMenu(self.users, login, window)
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)
        self.menu.sig_user_requested.connect(self.switch)
        self.menu.sig_email_requested.connect(self.on_menu_email_requested)
        self.menu.sig_about_requested.connect(self.on_menu_about_requested)
        badge = QLabel(window)
        badge.setObjectName("demo_badge")
        badge.setText(self.tr("Demo: invented data"))
        badge.setToolTip(self.tr("Everything here is made up; mail stays on this computer"))
        window.statusBar().addPermanentWidget(badge)
        old = self.window
        if old is not None:
            window.setGeometry(old.geometry())
        window.show()
        window.live.start()  # the change feed and notifications; the demo's own engine serves the mailbox
        self.window = window
        if old is not None:  # close the old one only now, so the application never runs without a window
            old.close()
            old.deleteLater()
            self._retired.append(old.ops)
        return window

    def on_menu_email_requested(self) -> None:
        self.deliver()
        if self.window is not None:
            self.window.statusBar().showMessage(self.tr("A customer has written; the email appears in a moment"),
                                                8000)
            window = self.window
            QTimer.singleShot(REFRESH_AFTER_MS, window, lambda: window.refresh() if window is self.window else None)

    def about_text(self) -> str:
        info = self.info
        return (self.tr(
            "This is a demo of agentdesk: an invented contact center whose customers write about once a minute. "
            "Its mail servers run inside agentdesk on this computer (IMAP on 127.0.0.1:%1, SMTP on "
            "127.0.0.1:%2); nothing is sent to the internet, and your own settings, passwords and data are "
            "not touched.\n\n"
            "Replies to customers are delivered to the mailbox \"%3\" (password %4), which any mail program can "
            "open while the demo runs.\n\n"
            "Everything is kept in %5. Run \"agentdesk demo --reset\" to start over.")
            .replace("%1", str(info.imap_port)).replace("%2", str(info.smtp_port))
            .replace("%3", info.customers_account).replace("%4", info.password).replace("%5", str(info.folder)))

    def on_menu_about_requested(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About this demo"), self.about_text(),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("demo_about_box")
        box.open()

    def shutdown(self) -> None:
        """Wait for every window's background work (the application has left its event loop)."""
        for ops in [*self._retired, *([self.window.ops] if self.window is not None else [])]:
            ops.wait()
