"""Signing a mailbox in with OAuth 2.0 in the system browser: the part the setup assistant and "Sign in again"
share.

"Sign in with Microsoft" (Google, the provider) runs :func:`agentdesk.desk.mailbox_signin.browser_sign_in` on a
worker of its own (the wait for the browser may last minutes: no other work waits behind it, and the GUI thread
never waits), shows how long it still waits, a Cancel, and the address it gave the browser with a Copy button —
said plainly when the browser could not be opened. It ends in who signed in (name and address), or in what went
wrong in the provider's own words (a client ID the provider does not know, consent refused, no answer in time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from agentdesk.config.oauth import OAuthSettings
from agentdesk.desk.mailbox_signin import (
    SIGN_IN_TIMEOUT,
    ClientRefused,
    OAuthError,
    ProviderError,
    SignedIn,
    SignInCancelled,
    browser_sign_in,
    keep_sign_in,
)
from agentdesk.gui.dialogs.setup_text import show_result
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QObject,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)


class _Shown(QObject):
    """The worker says here which address it gave the browser (delivered on the GUI thread)."""

    sig_shown = Signal(str, bool)


def signed_in_text(signed: SignedIn) -> str:
    """“Name <address>”, or whichever of the two the provider gave."""
    if signed.name and signed.account and signed.name != signed.account:
        return f"{signed.name} <{signed.account}>"
    return signed.account or signed.name


class OAuthSignInPanel(QWidget):
    """[Sign in with …] [Cancel], what is going on, and the address to copy when the browser did not open."""

    sig_signed_in = Signal(object)
    """The person signed in (a :class:`SignedIn`; nothing is kept yet)."""
    sig_busy_changed = Signal(bool)

    #: how long to wait for the browser (seconds); tests make it short
    timeout: float = SIGN_IN_TIMEOUT
    #: how to open the browser (None: the system's, through Python's webbrowser)
    open_browser: Callable[[str], Any] | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("oauth_signin_panel")
        self.ops = Ops(None, self)  # a worker of its own: the wait for the browser blocks nothing else
        self.signed: SignedIn | None = None
        self.provider_title = ""
        self._cancel: threading.Event | None = None
        self._cancelled = False
        self._left = 0
        self._opened = True
        self._shown = _Shown(self)
        self._shown.sig_shown.connect(self.on_shown)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.on_tick_timeout)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.sign_in_button = QPushButton(self)
        self.sign_in_button.setObjectName("oauth_sign_in_button")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("oauth_cancel_button")
        self.cancel_button.hide()
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        row.addWidget(self.sign_in_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.url_box = QWidget(self)
        self.url_box.setObjectName("oauth_url_box")
        url_layout = QHBoxLayout(self.url_box)
        url_layout.setContentsMargins(0, 0, 0, 0)
        self.url_label = QLabel(self.url_box)
        self.url_label.setWordWrap(True)
        self.url_edit = QLineEdit(self.url_box)
        self.url_edit.setObjectName("oauth_url_edit")
        self.url_edit.setReadOnly(True)
        self.copy_button = QPushButton(self.url_box)
        self.copy_button.setObjectName("oauth_copy_button")
        url_layout.addWidget(self.url_label)
        url_layout.addWidget(self.url_edit, 1)
        url_layout.addWidget(self.copy_button)
        layout.addWidget(self.url_box)
        self.url_box.hide()
        self.sign_in_button.clicked.connect(self.on_sign_in_button_clicked)
        self.cancel_button.clicked.connect(self.cancel)
        self.copy_button.clicked.connect(self.on_copy_button_clicked)
        self._settings: Callable[[], tuple[OAuthSettings, str | None] | str] | None = None
        self.retranslate_ui()

    # -- what the owner gives ----------------------------------------------------------------------------
    def set_source(self, settings: Callable[[], tuple[OAuthSettings, str | None] | str]) -> None:
        """``settings()`` gives the mailbox's OAuth settings and a client secret to keep (or None), or a
        sentence saying what is missing (shown instead of signing in)."""
        self._settings = settings

    def set_provider_title(self, title: str) -> None:
        self.provider_title = title
        self.retranslate_ui()

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def forget(self) -> None:
        """The fields changed: the sign-in no longer belongs to them."""
        if self.signed is not None:
            self.signed = None
            self.status.clear()
            self.retranslate_ui()

    # -- the flow ------------------------------------------------------------------------------------------
    def on_sign_in_button_clicked(self) -> None:
        if self._settings is None or self.busy:
            return
        given = self._settings()
        if isinstance(given, str):
            show_result(self.status, given, ok=False)
            return
        self.start(*given)

    def start(self, oauth: OAuthSettings, client_secret: str | None = None) -> None:
        """Open the browser on the worker and wait for it (Cancel stops the wait)."""
        self.signed = None
        self._cancel = threading.Event()
        self._cancelled = False
        self._opened = True
        self._left = int(self.timeout)
        self.url_edit.clear()
        self.url_box.hide()
        self._set_busy(True)
        show_result(self.status, self.tr("Opening the browser…"), ok=None)
        self.ops.call(browser_sign_in, oauth, shown=self._shown.sig_shown.emit, cancel=self._cancel,
                      timeout=self.timeout, open_browser=self.open_browser, client_secret_value=client_secret,
                      on_done=self._on_signed_in, on_error=self._on_failed, owner=self)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancelled = True
            self._cancel.set()
            show_result(self.status, self.tr("Cancelling…"), ok=None)

    def _set_busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self._tick.start()
        else:
            self._tick.stop()
            self._cancel = None
        self.sig_busy_changed.emit(busy)

    @Slot(str, bool)
    def on_shown(self, url: str, opened: bool) -> None:
        self._opened = opened
        self.url_edit.setText(url)
        self.url_edit.setCursorPosition(0)
        self.url_box.show()
        self.retranslate_ui()
        self._waiting_text()

    def on_tick_timeout(self) -> None:
        self._left = max(0, self._left - 1)
        if self.url_edit.text() and not self._cancelled:
            self._waiting_text()

    def _waiting_text(self) -> None:
        left = f"{self._left // 60}:{self._left % 60:02d}"
        if self._opened:
            text = self.tr("Sign in in the browser window that opened; agentdesk waits for it (%1 left).")
        else:
            text = self.tr("The browser could not be opened: copy the address below into a browser on this "
                           "computer and sign in there; agentdesk waits for it (%1 left).")
        show_result(self.status, text.replace("%1", left), ok=None if self._opened else False)

    def on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.url_edit.text())
        show_result(self.status, self.tr("The address is copied: paste it into a browser on this computer."),
                    ok=None)

    def _on_signed_in(self, signed: SignedIn) -> None:
        self._set_busy(False)
        self.url_box.hide()
        self.signed = signed
        show_result(self.status, self.tr("Signed in as %1.").replace("%1", signed_in_text(signed)), ok=True)
        self.retranslate_ui()
        self.sig_signed_in.emit(signed)

    def _on_failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        self.url_box.hide()
        show_result(self.status, self.failure_text(error), ok=False)
        return True

    def failure_text(self, error: BaseException) -> str:
        words = " ".join(str(error).split())
        if isinstance(error, SignInCancelled):
            if self._cancelled:
                return self.tr("Sign-in cancelled.")
            if words.startswith("no answer from the browser"):
                return self.tr("No answer from the browser within %1 minutes: the sign-in was not finished. Sign "
                               "in again.").replace("%1", f"{self.timeout / 60:g}")
            refused = words.removeprefix("the provider did not sign you in: ")
            return self.tr("The provider did not sign you in: %1").replace("%1", refused)
        if isinstance(error, ClientRefused):
            if error.what == "secret":
                return self.tr("The provider refused this client ID with this client secret: check both with your "
                               "administrator. The provider said: %1").replace("%1", error.words)
            if error.what == "tenant":
                return self.tr("The provider does not know this tenant: check it with your administrator. (%1)") \
                    .replace("%1", error.words)
            return self.tr("The provider does not know this client ID: check it with your administrator (it is "
                           "the ID of the app they registered for agentdesk). The provider said: %1").replace(
                "%1", error.words)
        if isinstance(error, ProviderError):
            return self.tr("The provider cannot be reached or found: %1").replace("%1", words)
        if isinstance(error, OAuthError):
            return self.tr("The sign-in failed: %1").replace("%1", words)
        return self.tr("The sign-in could not run: %1").replace("%1", words)

    # -- words ---------------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        title = self.provider_title or self.tr("the provider")
        if self.signed is not None:
            self.sign_in_button.setText(self.tr("Sign in again"))
        else:
            self.sign_in_button.setText(self.tr("Sign in with %1").replace("%1", title))
        self.sign_in_button.setToolTip(self.tr("Opens the sign-in page of %1 in your browser").replace("%1", title))
        self.cancel_button.setText(self.tr("Cancel"))
        self.url_label.setText(self.tr("The browser did not open? Copy this address into it:") if self._opened
                               else self.tr("Copy this address into a browser:"))
        self.copy_button.setText(self.tr("Copy"))
        self.url_edit.setAccessibleName(self.tr("Sign-in address"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class SignInAgainDialog(QDialog):
    """"Sign in again" of a mailbox whose sign-in the provider refused or revoked: which mailbox, why, and the
    same browser sign-in as the setup assistant's. Once someone signed in, the sign-in is kept (the keyring) and
    :attr:`sig_kept` says so; the dialog closes."""

    sig_kept = Signal()

    def __init__(self, oauth: OAuthSettings, reason: str, parent: QWidget | None = None, *,
                 before_keep: Callable[[], object] | None = None) -> None:
        """``before_keep`` runs (on the GUI thread) just before the new sign-in is kept."""
        super().__init__(parent)
        self.setObjectName("sign_in_again_dialog")
        self.before_keep = before_keep
        self.oauth = oauth
        self.reason = reason
        layout = QVBoxLayout(self)
        self.text = QLabel(self)
        self.text.setObjectName("sign_in_again_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        self.panel = OAuthSignInPanel(self)
        self.panel.set_source(lambda: (self.oauth, None))
        self.panel.sig_signed_in.connect(self.on_panel_signed_in)
        layout.addWidget(self.panel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Sign in again — %1").replace("%1", self.oauth.mailbox))
        provider = {"microsoft": "Microsoft 365", "google": "Google Workspace"}.get(self.oauth.provider,
                                                                                    self.oauth.issuer or "")
        text = self.tr("The mail provider (%1) no longer accepts the sign-in of mailbox “%2” (%3). Until someone "
                       "signs in again, no mail is fetched and replies wait in the outbox; they go out once after "
                       "you sign in.").replace("%1", provider).replace("%2", self.oauth.mailbox) \
            .replace("%3", self.oauth.user)
        if self.reason:  # the engine's words: "mailbox 'NAME': sign in again: WHY"
            why = self.reason.split("sign in again: ", 1)[-1]
            text += "\n\n" + self.tr("The provider said: %1").replace("%1", why)
        self.text.setText(text)
        titles = {"microsoft": self.tr("Microsoft"), "google": self.tr("Google")}
        self.panel.set_provider_title(titles.get(self.oauth.provider, self.tr("the provider")))

    def on_panel_signed_in(self, signed: SignedIn) -> None:
        if self.before_keep is not None:
            self.before_keep()
        self.panel.ops.call(keep_sign_in, self.oauth, signed, on_done=lambda _r: self._kept(),
                            on_error=self._not_kept, owner=self)

    def _kept(self) -> None:
        self.sig_kept.emit()
        self.accept()

    def _not_kept(self, error: BaseException) -> bool:
        show_result(self.panel.status, self.panel.failure_text(error), ok=False)
        return True

    def reject(self) -> None:
        self.panel.cancel()
        super().reject()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
