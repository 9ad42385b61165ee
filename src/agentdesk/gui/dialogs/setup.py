"""The first-run setup: where the routing database is (standalone SQLite or a PostgreSQL URL) and who I am.

The choice is checked on a worker before anything is written: the database must answer, hold agentdesk's
schema (a new standalone file gets it), and know the login. Then the settings file is written and a password,
if one was given, goes to the OS keyring (``routing:USER@HOST/DB``), never to the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import ActionError
from agentdesk.config.paths import Paths
from agentdesk.config.secrets import set_secret
from agentdesk.gui.app import TRANSLATORS
from agentdesk.gui.forms.ui_setup import Ui_SetupDialog
from agentdesk.gui.ops import Ops, is_connection_error
from agentdesk.gui.qt import QDialog, QDialogButtonBox, QWidget, Signal
from agentdesk.gui.settings_file import first_run_text, write_atomically
from agentdesk.routing import migrate
from agentdesk.routing.db import Database


@dataclass(frozen=True)
class SetupChoice:
    url: str  # without password
    password: str
    login: str

    def secret_name(self) -> str:
        url = make_url(self.url)
        return f"routing:{url.username or ''}@{url.host or ''}/{url.database or ''}"


class SetupRefused(Exception):
    """The choice does not work; the message says why (translated by the dialog)."""


def check_choice(choice: SetupChoice, *, standalone: bool) -> str:
    """Worker side: reach the database, upgrade a standalone file, find the login. Returns the user's name."""
    url = make_url(choice.url)
    if choice.password:
        url = url.set(password=choice.password)
    db = Database(url)
    try:
        if standalone:
            migrate.upgrade(db)
        elif migrate.current_revision(db) is None:
            raise SetupRefused("no_schema")
        with ActionContext(db, choice.login).read() as tx:
            return str(tx.actor.name)
    finally:
        db.dispose()


class SetupDialog(QDialog):
    """Set up agentdesk (routing database, login) and write the settings file."""

    sig_settings_written = Signal(str)
    """The settings file was written (its path)."""

    def __init__(self, paths: Paths, config_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.config_file = config_file
        self.ops = Ops(None, self)
        self.ui = Ui_SetupDialog()
        self.ui.setupUi(self)
        self.ui.heading.setObjectName("email_subject")
        self.ui.error_label.setObjectName("connection_offline")
        self.ui.standalone_path.setText(str(paths.default_routing_db))
        self.ui.standalone_path.setProperty("muted", True)
        self.ui.standalone_radio.toggled.connect(self.on_standalone_radio_toggled)
        self.ui.buttons.accepted.connect(self.on_buttons_accepted)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.url_edit.setAccessibleName(self.ui.url_label.text())
        self.ui.password_edit.setAccessibleName(self.ui.password_label.text())
        self.ui.login_edit.setAccessibleName(self.ui.login_label.text())
        self.on_standalone_radio_toggled(True)

    def on_standalone_radio_toggled(self, _checked: bool) -> None:
        team = self.ui.postgres_radio.isChecked()
        for widget in (self.ui.url_edit, self.ui.password_edit, self.ui.url_label, self.ui.password_label):
            widget.setEnabled(team)

    def _choice(self) -> SetupChoice | None:
        login = self.ui.login_edit.text().strip()
        if self.ui.standalone_radio.isChecked():
            url = f"sqlite:///{self.paths.default_routing_db}"
        else:
            url = self.ui.url_edit.text().strip()
            try:
                parsed = make_url(url)
            except ArgumentError:
                self._fail(self.tr("This is not a database URL. It looks like postgresql+psycopg://USER@HOST/DATABASE."))
                return None
            if parsed.get_backend_name() != "postgresql":
                self._fail(self.tr("A team database is PostgreSQL: the URL starts with postgresql+psycopg://."))
                return None
            if parsed.password:
                self._fail(self.tr("Leave the password out of the URL: type it in the Password field."))
                return None
        if not login:
            self._fail(self.tr("Type your login."))
            return None
        return SetupChoice(url=url, password=self.ui.password_edit.text(), login=login)

    def _fail(self, message: str) -> None:
        self.ui.error_label.setText(message)
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
        if busy:
            self.ui.error_label.setText(self.tr("Checking…"))

    def on_buttons_accepted(self) -> None:
        choice = self._choice()
        if choice is None:
            return
        self._set_busy(True)
        standalone = self.ui.standalone_radio.isChecked()
        self.ops.call(check_choice, choice, standalone=standalone,
                      on_done=lambda _name: self._write(choice), on_error=self._on_check_failed, owner=self)

    def _on_check_failed(self, error: BaseException) -> bool:
        if isinstance(error, SetupRefused):
            self._fail(self.tr("This database has no agentdesk tables yet: ask your administrator to run "
                               "“agentdesk db upgrade” on it."))
        elif isinstance(error, ActionError):
            login = self.ui.login_edit.text().strip()
            self._fail(self.tr("The database knows no active user with the login “%1”. Your administrator declares "
                               "users in the center file (agentdesk admin apply).").replace("%1", login))
        elif is_connection_error(error):
            reason = str(getattr(error, "orig", error)).strip().splitlines()
            self._fail(self.tr("The database cannot be reached: %1").replace("%1", reason[0] if reason else ""))
        else:
            self._fail(self.tr("The database could not be checked: %1").replace("%1", str(error).splitlines()[0]))
        return True

    def _write(self, choice: SetupChoice) -> None:
        try:
            if choice.password:
                set_secret(choice.secret_name(), choice.password)
            write_atomically(self.config_file, first_run_text(url=choice.url, login=choice.login,
                                                              language=TRANSLATORS.language))
        except Exception as exc:
            self._fail(self.tr("The settings could not be saved: %1").replace("%1", str(exc)))
            return
        self._set_busy(False)
        self.sig_settings_written.emit(str(self.config_file))
        self.accept()
