"""The setup assistant of the first run: the routing database, who I am and, standalone, the mailbox.

Each page checks what it was given on a worker before it lets the agent go on (the database answers and
holds agentdesk's schema — a new standalone file gets it —; the login exists or the first user is valid; the
mailbox's IMAP and SMTP servers accept the settings, or "Test connection" says exactly what failed). Finish
creates the first user of a new standalone database, puts every password in the OS keyring and writes the
settings file; none of these is written before (checking a standalone database does create its file, with
the schema and nobody in it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from agentdesk.config.paths import Paths
from agentdesk.desk.setup_checks import (
    CheckFailed,
    DatabaseReport,
    FirstUser,
    SetupResult,
    check_database,
    finish,
)
from agentdesk.gui import resources
from agentdesk.gui.dialogs.setup_mailbox import MailboxPage
from agentdesk.gui.dialogs.setup_text import failure_text, show_result
from agentdesk.gui.forms.ui_setup_database import Ui_SetupDatabasePage
from agentdesk.gui.forms.ui_setup_user import Ui_SetupUserPage
from agentdesk.gui.language import TRANSLATORS
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QEvent, QMessageBox, Qt, QWidget, QWizard, QWizardPage, Signal

PAGE_DATABASE, PAGE_USER, PAGE_MAILBOX = 0, 1, 2
ROLES = ("agent", "lead", "admin")


class DatabasePage(QWizardPage):
    """Standalone SQLite (the default) or a team's PostgreSQL URL; checked before the assistant goes on."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setup = wizard
        self.ui = Ui_SetupDatabasePage()
        self.ui.setupUi(self)
        self.ui.standalone_path.setText(str(wizard.paths.default_routing_db))
        self.ui.standalone_path.setProperty("muted", True)
        self.report: DatabaseReport | None = None
        self._checked: tuple[Any, ...] | None = None
        self._busy = False
        self.ui.standalone_radio.toggled.connect(self.on_standalone_radio_toggled)
        self.ui.test_button.clicked.connect(self.on_test_button_clicked)
        self.ui.url_edit.setAccessibleName(self.ui.url_label.text())
        self.ui.password_edit.setAccessibleName(self.ui.password_label.text())
        self.on_standalone_radio_toggled(True)

    @property
    def standalone(self) -> bool:
        return self.ui.standalone_radio.isChecked()

    def _key(self) -> tuple[Any, ...]:
        return (self.standalone, self.ui.url_edit.text().strip(), self.ui.password_edit.text())

    def url(self) -> str:
        if self.standalone:
            return f"sqlite:///{self.setup.paths.default_routing_db}"
        return self.ui.url_edit.text().strip()

    def on_standalone_radio_toggled(self, _checked: bool) -> None:
        team = not self.standalone
        for widget in (self.ui.url_edit, self.ui.password_edit, self.ui.url_label, self.ui.password_label):
            widget.setEnabled(team)
        show_result(self.ui.result_label, "", ok=None)

    def _refusal(self) -> str | None:
        if self.standalone:
            return None
        url = self.ui.url_edit.text().strip()
        if not url:
            return self.tr("Type the database URL your administrator gave you.")
        try:
            parsed = make_url(url)
        except ArgumentError:
            return self.tr("This is not a database URL. It looks like postgresql+psycopg://USER@HOST/DATABASE.")
        if parsed.get_backend_name() != "postgresql":
            return self.tr("A team database is PostgreSQL: the URL starts with postgresql+psycopg://.")
        if parsed.password:
            return self.tr("Leave the password out of the URL: type it in the Password field.")
        return None

    def isComplete(self) -> bool:
        return not self._busy

    def on_test_button_clicked(self) -> None:
        self._run(advance=False)

    def validatePage(self) -> bool:
        if self.report is not None and self._checked == self._key():
            return True
        self._run(advance=True)
        return False

    def _run(self, *, advance: bool) -> None:
        refusal = self._refusal()
        if refusal:
            show_result(self.ui.result_label, refusal, ok=False)
            return
        self._set_busy(True)
        show_result(self.ui.result_label, self.tr("Checking…"), ok=None)
        key = self._key()
        self.setup.ops.call(check_database, self.url(), self.ui.password_edit.text(), standalone=self.standalone,
                            on_done=lambda report: self._on_checked(report, key, advance),
                            on_error=self._on_failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ui.test_button.setEnabled(not busy)
        self.completeChanged.emit()

    def _on_checked(self, report: DatabaseReport, key: tuple[Any, ...], advance: bool) -> None:
        self._set_busy(False)
        self.report, self._checked = report, key
        if report.signed_in and report.users:
            person = report.users[0]
            text = self.tr("Connected: signed in as %1 (%2).").replace("%1", person.name).replace("%2", person.login)
        elif report.users:
            text = self.tr("Connected: %1 users.").replace("%1", str(len(report.users)))
        elif self.standalone:
            text = self.tr("Ready: a new standalone database. Next, create its first user.")
        else:
            text = self.tr("Connected, but nobody is declared yet: ask your administrator to declare the users "
                           "(agentdesk admin apply).")
        show_result(self.ui.result_label, text, ok=True)
        if advance and self.setup.currentPage() is self:
            self.setup.next()

    def _on_failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        self.report = None
        failed = error if isinstance(error, CheckFailed) else CheckFailed("database", str(error).splitlines()[0])
        text = failure_text(failed, where=self.tr("the database"), database=True)
        show_result(self.ui.result_label, text[:1].upper() + text[1:], ok=False)
        return True

    def nextId(self) -> int:
        return PAGE_USER

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
        super().changeEvent(event)


class UserPage(QWizardPage):
    """Sign in as one of the database's users, or create the first one of a new standalone database."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setup = wizard
        self.ui = Ui_SetupUserPage()
        self.ui.setupUi(self)
        self._creating = False
        self._labels()
        for widget, label in ((self.ui.user_combo, self.ui.user_label), (self.ui.login_edit, self.ui.login_label),
                              (self.ui.name_edit, self.ui.name_label), (self.ui.email_edit, self.ui.email_label),
                              (self.ui.role_combo, self.ui.role_label), (self.ui.team_edit, self.ui.team_label)):
            widget.setAccessibleName(label.text())
        for edit in (self.ui.login_edit, self.ui.name_edit, self.ui.email_edit, self.ui.team_edit):
            edit.textChanged.connect(lambda _text: self._default_hint())

    def _labels(self) -> None:
        names = {"agent": self.tr("Agent"), "lead": self.tr("Team lead"), "admin": self.tr("Administrator")}
        current = self.ui.role_combo.currentIndex()
        self.ui.role_combo.clear()
        for role in ROLES:
            self.ui.role_combo.addItem(names[role], role)
        self.ui.role_combo.setCurrentIndex(max(0, current))

    def initializePage(self) -> None:
        report = self.setup.database.report
        users = report.users if report else ()
        self._creating = not users and self.setup.database.standalone
        self.ui.choose_group.setVisible(bool(users))
        self.ui.create_group.setVisible(self._creating)
        self.ui.user_combo.clear()
        for person in users:
            role = {"agent": self.tr("Agent"), "lead": self.tr("Team lead"),
                    "admin": self.tr("Administrator")}.get(person.role, person.role)
            where = f"{role} · {person.team}" if person.team else role
            self.ui.user_combo.addItem(f"{person.name} ({person.login}) — {where}", person.login)
        # per-user database logins: the login decides who signs in, there is nobody else to choose
        self.ui.user_combo.setEnabled(not (report and report.signed_in))
        self._default_hint()
        self.completeChanged.emit()

    def _default_hint(self) -> None:
        """What the page is about (an earlier refusal goes once the agent types again)."""
        report = self.setup.database.report
        if report is not None and report.signed_in and self.ui.user_combo.count():
            show_result(self.ui.hint_label, self.tr("Your database login decides who you are here; to work as "
                                                    "someone else, sign in with their login."), ok=None)
        elif self.ui.user_combo.count():
            self.ui.hint_label.clear()
        elif self._creating:
            show_result(self.ui.hint_label, self.tr("The new standalone database has nobody yet: you are its first "
                                                    "user. Your team gets the mailbox's mail."), ok=None)
        else:
            show_result(self.ui.hint_label, self.tr("This database has no users yet. Your administrator declares "
                                                    "them in the center file (agentdesk admin apply)."), ok=False)

    def isComplete(self) -> bool:
        return self._creating or self.ui.user_combo.count() > 0

    @property
    def login(self) -> str:
        if self._creating:
            return self.ui.login_edit.text().strip()
        return str(self.ui.user_combo.currentData() or "")

    def first_user(self, from_address: str | None = None) -> FirstUser | None:
        if not self._creating:
            return None
        login = self.ui.login_edit.text().strip()
        return FirstUser(login=login, name=self.ui.name_edit.text().strip() or login,
                         email=self.ui.email_edit.text().strip(), role=str(self.ui.role_combo.currentData()),
                         team=self.ui.team_edit.text().strip(), from_address=from_address)

    def validatePage(self) -> bool:
        if not self._creating:
            return bool(self.login)
        user = self.first_user()
        assert user is not None
        missing = [label.text() for label, value in ((self.ui.login_label, user.login),
                                                      (self.ui.email_label, user.email),
                                                      (self.ui.team_label, user.team)) if not value]
        if missing:
            show_result(self.ui.hint_label, self.tr("Fill in: %1.").replace("%1", ", ".join(missing)), ok=False)
            return False
        from agentdesk.desk.setup_checks import first_user_problems

        problems = first_user_problems(user)
        if problems:
            show_result(self.ui.hint_label, self.tr("This user cannot be created: %1").replace("%1", "; ".join(problems)),
                        ok=False)
            return False
        return True

    def nextId(self) -> int:
        return PAGE_MAILBOX if self.setup.database.standalone else -1

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
            self._labels()
        super().changeEvent(event)


class SetupWizard(QWizard):
    """Set up agentdesk (routing database, who I am, the mailbox) and write the settings file."""

    sig_settings_written = Signal(str)
    """The settings file was written (its path)."""

    def __init__(self, paths: Paths, config_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        self.paths = paths
        self.config_file = config_file
        self.ops = Ops(None, self)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, resources.icon("agentdesk").pixmap(64, 64))
        self.database = DatabasePage(self)
        self.user = UserPage(self)
        self.mailbox = MailboxPage(self)
        self.setPage(PAGE_DATABASE, self.database)
        self.setPage(PAGE_USER, self.user)
        self.setPage(PAGE_MAILBOX, self.mailbox)
        self.setStartId(PAGE_DATABASE)
        self._finishing = False
        self._finished = False
        self.resize(820, 640)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Set up agentdesk"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def result_of_setup(self) -> SetupResult:
        """What the pages gathered."""
        standalone = self.database.standalone
        mailbox = self.mailbox.table() if standalone and self.mailbox.wanted else None
        address = str(mailbox["address"]) if mailbox else None
        return SetupResult(
            url=self.database.url(), password="" if standalone else self.database.ui.password_edit.text(),
            login=self.user.login, language=TRANSLATORS.language, first_user=self.user.first_user(address),
            mailbox=mailbox, imap_password=self.mailbox.imap_password() if mailbox and not self.mailbox.oauth else "",
            smtp_password=self.mailbox.smtp_password() if mailbox and not self.mailbox.oauth else "",
            oauth_sign_in=self.mailbox.signin.signed if mailbox and self.mailbox.oauth else None)

    def accept(self) -> None:
        """Finish: write everything on the worker, then close (the main window opens next)."""
        if self._finished:
            super().accept()
            return
        if self._finishing:
            return
        self._finishing = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.ops.call(finish, self.result_of_setup(), self.config_file, self.paths,
                      on_done=self._on_written, on_error=self._on_not_written, owner=self)

    def _on_written(self, path: Path) -> None:
        self._finishing, self._finished = False, True
        self.sig_settings_written.emit(str(path))
        self.accept()

    def _on_not_written(self, error: BaseException) -> bool:
        self._finishing = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        reason = error.detail if isinstance(error, CheckFailed) else (str(error).splitlines() or [""])[0]
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Set up agentdesk"),
                          self.tr("The settings could not be saved: %1").replace("%1", reason),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("setup_error_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return True


#: the name app.run and older callers use
SetupDialog = SetupWizard
