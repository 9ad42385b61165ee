"""Sign in to the team database with a user's own login and password: File ▸ Switch user, and the prompt when
the database no longer takes the password the keyring holds.

The check runs on the worker (:mod:`agentdesk.desk.signin_checks`); the dialog says exactly what failed
(the login, the certificate, the server, a login that would see nothing) and stays open to try again. It emits
:attr:`SignInDialog.sig_signed_in` once the database has signed the user in; nothing is kept before that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agentdesk.desk.setup_checks import CheckFailed
from agentdesk.desk.signin_checks import SignedIn
from agentdesk.gui.dialogs.setup_text import failure_text, show_result
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: the worker's job: (login, password) → SignedIn, raising CheckFailed
Check = Callable[[str, str], SignedIn]


class SignInDialog(QDialog):
    """Login and password for the team database; ``login`` given: only the password is asked."""

    sig_signed_in = Signal(object)
    """The database signed the user in (a :class:`SignedIn`)."""

    def __init__(self, check: Check, *, where: str, login: str | None = None, reason: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signin_dialog")
        self.check = check
        self.where = where
        self.fixed_login = login
        self.reason = reason
        self.ops = Ops(None, self)
        self._busy = False
        layout = QVBoxLayout(self)
        self.intro_label = QLabel(self)
        self.intro_label.setWordWrap(True)
        layout.addWidget(self.intro_label)
        form = QFormLayout()
        self.login_label = QLabel(self)
        self.login_edit = QLineEdit(self)
        self.login_edit.setObjectName("signin_login")
        if login:
            self.login_edit.setText(login)
            self.login_edit.setReadOnly(True)
        self.password_label = QLabel(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("signin_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_label.setBuddy(self.login_edit)
        self.password_label.setBuddy(self.password_edit)
        form.addRow(self.login_label, self.login_edit)
        form.addRow(self.password_label, self.password_edit)
        layout.addLayout(form)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("muted")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.password_edit if login else self.login_edit).setFocus()
        self.resize(460, 0)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Sign in") if self.fixed_login else self.tr("Switch user"))
        if self.fixed_login:
            intro = self.tr("The database did not take the password kept for %1. Type your database password; it "
                            "is kept in the system keyring.").replace("%1", self.fixed_login)
        else:
            intro = self.tr("Sign in to the team database as another user, with their own login and password. "
                            "This desktop's copy of your work is deleted and your password forgotten here.")
        self.intro_label.setText(intro + (f"\n{self.reason}" if self.reason else ""))
        self.login_label.setText(self.tr("&Login:"))
        self.password_label.setText(self.tr("&Password:"))
        self.login_edit.setAccessibleName(self.tr("Login"))
        self.password_edit.setAccessibleName(self.tr("Password"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def on_buttons_accepted(self) -> None:
        if self._busy:
            return
        login = self.login_edit.text().strip()
        if not login:
            show_result(self.result_label, self.tr("Type the login of the user to sign in as."), ok=False)
            return
        self._set_busy(True)
        show_result(self.result_label, self.tr("Signing in…"), ok=None)
        self.ops.call(self.check, login, self.password_edit.text(), on_done=self._on_signed_in,
                      on_error=self._on_failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def _on_signed_in(self, signed_in: Any) -> None:
        self._set_busy(False)
        show_result(self.result_label, "", ok=True)
        self.sig_signed_in.emit(signed_in)
        self.accept()

    def _on_failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        failed = error if isinstance(error, CheckFailed) else CheckFailed("database", str(error).splitlines()[0])
        text = failure_text(failed, where=self.where, database=True)
        show_result(self.result_label, text[:1].upper() + text[1:], ok=False)
        self.password_edit.selectAll()
        self.password_edit.setFocus()
        return True
