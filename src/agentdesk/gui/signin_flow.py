"""Signing the desktop in, and keeping its main window: who the user is, their cache, File ▸ Switch user.

Standalone, the user is the settings file's ``[user] login``. In the team shape the database decides: the
connection's own login names the user (:mod:`agentdesk.routing.signin`), and a ``[user] login`` that names
someone else is refused with a message, not a traceback. When the database refuses the password the keyring
holds (it was changed), the desktop asks for the new one. The local cache holds one user at a time: another
user's files are deleted before this user's cache opens (:mod:`agentdesk.cache.owner`), after asking when they
hold drafts or actions that never reached the database. :class:`Desk` owns the main window; Switch user signs
in with another user's login and password, forgets the previous user's password, and opens the window again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from agentdesk.actions import queries
from agentdesk.actions.context import ActionContext
from agentdesk.cache.owner import UnsentWork, claim, unsent_work
from agentdesk.config.paths import Paths
from agentdesk.config.secrets import SecretError, set_secret
from agentdesk.config.settings import RoutingSettings, Settings, routing_secret_name
from agentdesk.desk.connections import desk_database
from agentdesk.desk.services import Database, build_services
from agentdesk.desk.signin_checks import (
    SignedIn,
    classify_connect_error,
    database_login,
    remember,
    sign_in,
    switch_to,
)
from agentdesk.gui.dialogs.signin import SignInDialog
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QApplication, QCoreApplication, QMessageBox, QObject, QWidget, Signal
from agentdesk.gui.session import DeskSession

log = logging.getLogger(__name__)


def cannot_start(message: str, parent: QWidget | None = None) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Desk", "agentdesk cannot start"), message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("cannot_start_box")
    box.exec()


def confirm_discard(unsent: Sequence[UnsentWork], login: str, parent: QWidget | None = None) -> bool:
    """Ask before another user's unsent drafts and waiting actions are deleted with their cache."""
    if not unsent:
        return True
    lines = [QCoreApplication.translate("Desk", "%1: %2 drafts not saved to the database, %3 actions waiting for it")
             .replace("%1", w.login).replace("%2", str(w.drafts)).replace("%3", str(w.waiting)) for w in unsent]
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Desk", "Sign in as %1").replace("%1", login),
                      QCoreApplication.translate("Desk", "This computer keeps one user's work at a time. Signing in as %1 deletes what another "
                          "user left here and never reached the database:").replace("%1", login)
                      + "\n\n" + "\n".join(lines) + "\n\n"
                      + QCoreApplication.translate("Desk", "To keep it, cancel and let that user sign in here first."),
                      QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("discard_box")
    delete = box.addButton(QCoreApplication.translate("Desk", "Delete it and sign in"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is delete


def _ask_password(settings: Settings, login: str, reason: str) -> str | None:
    """The database refused the kept password: ask for it and keep it in the keyring; returns it (None: the
    user gave up). Where no keyring can keep it, it serves this session only."""
    dialog = SignInDialog(lambda who, password: sign_in(settings.routing.url, password, who),
                          where=QCoreApplication.translate("Desk", "the database"), login=login, reason=reason)
    signed: list[SignedIn] = []
    dialog.sig_signed_in.connect(signed.append)
    accepted = dialog.exec() == SignInDialog.DialogCode.Accepted and bool(signed)
    dialog.ops.wait()
    if not accepted:
        return None
    password = signed[0].password
    if password:
        try:
            set_secret(routing_secret_name(settings.routing.url), password)
        except SecretError as exc:
            log.warning("the database password is kept for this session only: %s", exc)
    return password


def sign_in_at_start(settings: Settings, paths: Paths, config_file: Path) -> tuple[Database, str, bool] | int:
    """The routing database and the user to open the window for, and whether the connection named the user;
    or the exit status when the desktop cannot (or need not) start."""
    configured = settings.user.login
    typed: str | None = None
    for attempt in range(2):
        try:
            url = settings.routing.sqlalchemy_url()
            db = desk_database(url.set(password=typed) if typed else url, pooled=settings.routing.pooled,
                               relay=settings.routing.relay)
        except SecretError as exc:
            cannot_start(str(exc))
            return 2
        try:
            own = database_login(db)
            break
        except OperationalError as exc:
            failure = classify_connect_error(exc)
            asked = (attempt == 0 and failure.kind == "auth" and settings.routing.is_team and configured
                     and settings.routing.password_env is None)
            db.dispose()
            if not asked:
                return _start_failed(failure.detail, configured)
            assert configured
            typed = _ask_password(settings, configured, failure.detail)
            if typed is None:
                return 0
    else:  # pragma: no cover - the loop breaks or returns
        return 2
    if own is not None and configured and own != configured:
        db.dispose()
        cannot_start(
            QCoreApplication.translate("Desk", "The settings file %1 signs in as %2, but the database login of its URL (%3) is the login of %4. "
                "Each user signs in with their own database login: put %4 in [user] login, or the login of %2 in "
                "the URL.").replace("%1", str(config_file)).replace("%2", configured)
            .replace("%3", db.url.username or "?").replace("%4", own))
        return 2
    login = own or configured
    if not login:
        db.dispose()
        cannot_start(QCoreApplication.translate("Desk", "The settings file %1 names no user ([user] login), and its database login is not a "
                         "user's.").replace("%1", str(config_file)))
        return 2
    if settings.routing.is_team:
        if not confirm_discard(unsent_work(paths.data_dir, login), login):
            db.dispose()
            return 0
        claim(paths.data_dir, login)
    return db, login, own is not None


def _start_failed(detail: str, login: str | None) -> int:
    cannot_start(QCoreApplication.translate("Desk", "Signing in as %1 failed: %2").replace("%1", login or "?").replace("%2", detail))
    return 2


class Desk(QObject):
    """The desktop's main window for the signed-in user; File ▸ Switch user opens it again for another."""

    sig_user_switched = Signal(str)
    """The window was opened again for another user (their login)."""

    def __init__(self, settings: Settings, paths: Paths, config_file: Path, language: str) -> None:
        super().__init__()
        self.settings = settings
        self.paths = paths
        self.config_file = config_file
        self.language = language
        self.url = settings.routing.url  # the settings URL of the user signed in (no password)
        self.window: MainWindow | None = None
        self.db: Database | None = None
        self._retired: list[tuple[Ops, Database]] = []
        self.dialog: SignInDialog | None = None

    def open(self, db: Database, me: Any, *, database_login: bool) -> MainWindow:
        """Show the main window for ``me`` on ``db`` (in place of the one open, whose place it takes)."""
        ctx = ActionContext(db, str(me.login))
        ops = Ops(ctx)
        session = DeskSession(ctx=ctx, me=me, paths=self.paths, config_file=self.config_file,
                              language=self.language, database_login=database_login)
        window = MainWindow(session, ops, build_services(ctx, self.paths, self.config_file))
        window.sig_switch_user_requested.connect(self.on_window_switch_user_requested)
        old = self.window
        if old is not None:
            window.setGeometry(old.geometry())
        window.show()
        from agentdesk.gui.live import embedded_mailboxes

        window.live.start(embedded_mailboxes(self.settings))
        self.window, self.db = window, db
        return window

    def on_window_switch_user_requested(self) -> None:
        window, db = self.window, self.db
        if window is None or db is None:
            return
        url, data_dir = self.url, self.paths.data_dir
        self.dialog = SignInDialog(lambda login, password: switch_to(db, url, login, password, data_dir),
                                   where=self.tr("the database"), parent=window)
        self.dialog.sig_signed_in.connect(self.on_dialog_signed_in)
        self.dialog.open()

    def on_dialog_signed_in(self, signed: SignedIn) -> None:
        window = self.window
        if window is None:
            return
        if not confirm_discard(signed.unsent, signed.login, window):
            return
        window.ops.call(self._remember_and_load, signed, on_done=self._reopen, on_error=self._on_switch_failed,
                        owner=self)

    def _remember_and_load(self, signed: SignedIn) -> tuple[SignedIn, Database, Any]:
        """On the worker: keep the new user's password and settings, connect as them, load who they are."""
        remember(signed, self.config_file, forget_url=None if signed.url == self.url else self.url)
        routing = RoutingSettings(signed.url, self.settings.routing.password_env, self.settings.routing.pooled,
                                  self.settings.routing.relay)
        url = routing.sqlalchemy_url()
        db = desk_database(url.set(password=signed.password) if signed.password else url, pooled=routing.pooled,
                           relay=routing.relay)
        try:
            me = queries.me(ActionContext(db, signed.login))
        except BaseException:
            db.dispose()
            raise
        return signed, db, me

    def _on_switch_failed(self, error: BaseException) -> bool:
        log.error("switching user failed", exc_info=error)
        QMessageBox.warning(self.window, self.tr("Switch user"), self.tr("Signing in failed: %1")
                            .replace("%1", str(getattr(error, "message", error)).splitlines()[0]))
        return True

    def _reopen(self, result: tuple[SignedIn, Database, Any]) -> None:
        signed, db, me = result
        old, old_db = self.window, self.db
        app = QApplication.instance()
        quits = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # between the two windows none is open
        try:
            if old is not None:
                old.close()  # its cache's follower and draft keeper stop here, before the files go
                old.deleteLater()
                assert old_db is not None
                self._retired.append((old.ops, old_db))
            claim(self.paths.data_dir, signed.login)
            self.url = signed.url
            self.open(db, me, database_login=True)
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(quits)
        self.sig_user_switched.emit(signed.login)

    def shutdown(self, dispose: Callable[[QWidget], None]) -> None:
        """Wait for every window's background work, delete the window (with ``dispose``, on this thread) and close
        the connections (after the event loop)."""
        if self.window is not None:
            self.window.live.stop()
            self.window.ops.wait()
            dispose(self.window)
        for ops, db in self._retired:
            ops.wait()
            db.dispose()
        if self.db is not None:
            self.db.dispose()
