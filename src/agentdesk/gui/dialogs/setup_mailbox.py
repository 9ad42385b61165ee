"""The setup assistant's mailbox page (standalone): IMAP and SMTP as in ``[[mailboxes]]``, with a "Test
connection" that signs in to both servers on a worker and says, per server, what worked or what failed.

"The server files sent mail in the Sent folder" (``[mailboxes.imap] server_files_sent``) is a check box with a
"Find out" button beside it: it sends one check message from the mailbox to itself, looks for it in the Sent
folder (:func:`agentdesk.mail.sentprobe.probe_sent_filing`), deletes it again and ticks or clears the box.

"Sign in with" chooses a password, or OAuth 2.0 with Microsoft 365, Google Workspace or another provider named by
its issuer URL (Microsoft and Google fill in their servers). Then the fields are the client ID (and the tenant,
the issuer, a Google client's secret), "Sign in with …" opens the system browser
(:class:`~agentdesk.gui.dialogs.oauth_signin.OAuthSignInPanel`) and shows who signed in, and "Test connection"
signs in to IMAP and SMTP with that token. The sign-in is kept (the refresh token in the keyring) at Finish."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from agentdesk.config.oauth import PRESETS, OAuthSettings
from agentdesk.config.settings import ConfigError
from agentdesk.desk.setup_checks import (
    SentProbe,
    ServerCheck,
    check_mailbox,
    check_sent_filing,
    mailbox_table,
    parse_mailbox_table,
)
from agentdesk.gui.dialogs.oauth_signin import OAuthSignInPanel
from agentdesk.gui.dialogs.setup_text import check_text, show_result
from agentdesk.gui.forms.ui_setup_mailbox import Ui_SetupMailboxPage
from agentdesk.gui.qt import (
    QCheckBox,
    QComboBox,
    QEvent,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
    QWizard,
    QWizardPage,
)

if TYPE_CHECKING:
    from agentdesk.gui.dialogs.setup import SetupWizard

SECURITIES = ("tls", "starttls", "none")
PORTS = {"imap": {"tls": 993, "starttls": 143, "none": 143}, "smtp": {"tls": 465, "starttls": 587, "none": 25}}
#: how the mailbox signs in: a password, or OAuth 2.0 with one of these providers
AUTH_CHOICES = ("password", "microsoft", "google", "generic")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_TENANT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$")


class MailboxPage(QWizardPage):
    """The mailbox customers write to: fetched over IMAP, replies sent over SMTP."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setup = wizard
        self.ui = Ui_SetupMailboxPage()
        self.ui.setupUi(self)
        self._busy = False
        self._checked: tuple[Any, ...] | None = None
        self._passed = False
        self._security_labels()
        self.ui.imap_security.setCurrentIndex(0)
        self.ui.smtp_security.setCurrentIndex(1)
        self.ui.imap_security.currentIndexChanged.connect(lambda _i: self._default_port("imap"))
        self.ui.smtp_security.currentIndexChanged.connect(lambda _i: self._default_port("smtp"))
        self.ui.mailbox_check.toggled.connect(self.on_mailbox_check_toggled)
        self.ui.same_login_check.toggled.connect(self.on_same_login_check_toggled)
        self.ui.test_button.clicked.connect(self.on_test_button_clicked)
        self.ui.ca_browse_button.clicked.connect(self.on_ca_browse_button_clicked)
        self.on_same_login_check_toggled(self.ui.same_login_check.isChecked())
        self._sent_filing_row()
        self._oauth_rows()
        self._tab_order()
        self._accessible_names()

    def _tab_order(self) -> None:
        """The rows made in code take their place in the Tab order: the sign-in choice and its fields after the
        address, the Sent-folder row after Test connection (made later, they would come last, going back up)."""
        ui, signin = self.ui, self.signin
        chain = [ui.address_edit, self.auth_combo, self.issuer_edit, self.tenant_edit, self.client_id_edit,
                 self.secret_edit, signin.sign_in_button, signin.cancel_button, signin.url_edit, signin.copy_button,
                 ui.imap_host]
        chain_after_test = [ui.test_button, self.files_sent_check, self.probe_button]
        for first, second in [*itertools.pairwise(chain), *itertools.pairwise(chain_after_test)]:
            QWidget.setTabOrder(first, second)

    def _sent_filing_row(self) -> None:
        """The "server files sent mail" check box, its "Find out" button and what the probe found."""
        self.files_sent_check = QCheckBox(self.ui.fields)
        self.files_sent_check.setObjectName("server_files_sent_check")
        self.probe_button = QPushButton(self.ui.fields)
        self.probe_button.setObjectName("sent_probe_button")
        self.probe_result = QLabel(self.ui.fields)
        self.probe_result.setObjectName("sent_probe_result")
        self.probe_result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.files_sent_check, 1)
        row.addWidget(self.probe_button)
        self.ui.fields_layout.addLayout(row)
        self.ui.fields_layout.addWidget(self.probe_result)
        self.probe_button.clicked.connect(self.on_probe_button_clicked)
        self._probe_labels()

    def _oauth_rows(self) -> None:
        """"Sign in with" (password or a provider) and, for OAuth 2.0, the provider's fields and the sign-in."""
        fields = self.ui.fields
        self.auth_label = QLabel(fields)
        self.auth_combo = QComboBox(fields)
        self.auth_combo.setObjectName("auth_combo")
        self.ui.general_form.addRow(self.auth_label, self.auth_combo)
        self.oauth_group = QGroupBox(fields)
        self.oauth_group.setObjectName("oauth_group")
        form = self.oauth_form = QFormLayout(self.oauth_group)
        self.tenant_label, self.tenant_edit = QLabel(self.oauth_group), QLineEdit(self.oauth_group)
        self.tenant_edit.setObjectName("tenant_edit")
        self.client_id_label, self.client_id_edit = QLabel(self.oauth_group), QLineEdit(self.oauth_group)
        self.client_id_edit.setObjectName("client_id_edit")
        self.issuer_label, self.issuer_edit = QLabel(self.oauth_group), QLineEdit(self.oauth_group)
        self.issuer_edit.setObjectName("issuer_edit")
        self.secret_label, self.secret_edit = QLabel(self.oauth_group), QLineEdit(self.oauth_group)
        self.secret_edit.setObjectName("client_secret_edit")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.issuer_label, self.issuer_edit)
        form.addRow(self.tenant_label, self.tenant_edit)
        form.addRow(self.client_id_label, self.client_id_edit)
        form.addRow(self.secret_label, self.secret_edit)
        for label, field in ((self.auth_label, self.auth_combo), (self.issuer_label, self.issuer_edit),
                             (self.tenant_label, self.tenant_edit), (self.client_id_label, self.client_id_edit),
                             (self.secret_label, self.secret_edit)):
            label.setBuddy(field)  # what a screen reader calls the field
        self.signin = OAuthSignInPanel(self.oauth_group)
        self.signin.set_source(self._oauth_for_sign_in)
        form.addRow(self.signin)
        self.ui.fields_layout.insertWidget(1, self.oauth_group)
        for choice in AUTH_CHOICES:
            self.auth_combo.addItem("", choice)
        self.auth_combo.currentIndexChanged.connect(self.on_auth_combo_current_index_changed)
        for edit in (self.tenant_edit, self.client_id_edit, self.issuer_edit, self.secret_edit, self.ui.address_edit,
                     self.ui.name_edit, self.ui.imap_username):
            edit.textEdited.connect(lambda _text: self.signin.forget())
        self.signin.sig_busy_changed.connect(lambda busy: self._set_busy(busy))
        self._oauth_labels()
        self.on_auth_combo_current_index_changed(0)

    def _oauth_labels(self) -> None:
        texts = {"password": self.tr("Password"), "microsoft": self.tr("Sign in with Microsoft (Microsoft 365)"),
                 "google": self.tr("Sign in with Google (Google Workspace)"),
                 "generic": self.tr("Sign in with another provider (issuer URL)")}
        for index, choice in enumerate(AUTH_CHOICES):
            self.auth_combo.setItemText(index, texts[choice])
        self.auth_label.setText(self.tr("Sign-in"))
        self.oauth_group.setTitle(self.tr("Sign-in with the mail provider (OAuth 2.0)"))
        self.tenant_label.setText(self.tr("Tenant"))
        self.tenant_edit.setPlaceholderText(self.tr("organizations, your domain, or the directory (tenant) ID"))
        self.client_id_label.setText(self.tr("Client ID"))
        self.client_id_edit.setPlaceholderText({
            "microsoft": self.tr("the application (client) ID of your organization's app registration"),
            "google": self.tr("…apps.googleusercontent.com, from your organization's Google Cloud project"),
        }.get(self.auth, self.tr("the client ID your administrator registered")))
        self.issuer_label.setText(self.tr("Issuer URL"))
        self.issuer_edit.setPlaceholderText("https://login.example.com/realms/mail")
        self.secret_label.setText(self.tr("Client secret"))
        self.secret_edit.setPlaceholderText(self.tr("only if the provider gave the desktop client one; kept in the "
                                                    "system keyring"))
        titles = {"microsoft": self.tr("Microsoft"), "google": self.tr("Google")}
        self.signin.set_provider_title(titles.get(self.auth, self.tr("the provider")))

    @property
    def auth(self) -> str:
        return str(self.auth_combo.currentData() or "password")

    @property
    def oauth(self) -> bool:
        return self.auth != "password"

    def on_auth_combo_current_index_changed(self, _index: int) -> None:
        auth = self.auth
        self.oauth_group.setVisible(auth != "password")
        self.oauth_form.setRowVisible(self.tenant_edit, auth == "microsoft")
        self.oauth_form.setRowVisible(self.issuer_edit, auth == "generic")
        self.oauth_form.setRowVisible(self.secret_edit, auth in ("google", "generic"))
        ui = self.ui
        for form, edit in ((ui.imap_form, ui.imap_password), (ui.smtp_form, ui.smtp_password),
                           (ui.smtp_form, ui.smtp_username)):  # OAuth: SMTP signs in as the IMAP user
            form.setRowVisible(edit, auth == "password")
        ui.same_login_check.setVisible(auth == "password")
        preset = PRESETS.get(auth)
        if preset is not None:  # the provider's servers, as it documents them
            for protocol, (host, port, security) in (("imap", preset.imap), ("smtp", preset.smtp)):
                getattr(ui, f"{protocol}_host").setText(host)
                combo = getattr(ui, f"{protocol}_security")
                combo.setCurrentIndex(max(0, combo.findData(security)))
                getattr(ui, f"{protocol}_port").setValue(port)
            self.files_sent_check.setChecked(preset.server_files_sent)
        if auth != "password":
            ui.imap_username.setPlaceholderText(self.tr("the address above, unless your provider says otherwise"))
        else:
            ui.imap_username.setPlaceholderText("")
        self.signin.forget()
        self._oauth_labels()
        self.completeChanged.emit()

    def oauth2_table(self) -> dict[str, Any] | None:
        """``[mailboxes.oauth2]`` as the fields describe it (None: the mailbox signs in with a password)."""
        if not self.oauth:
            return None
        table: dict[str, Any] = {"provider": self.auth, "client_id": self.client_id_edit.text().strip()}
        if self.auth == "microsoft" and self.tenant_edit.text().strip():
            table["tenant"] = self.tenant_edit.text().strip()
        if self.auth == "generic":
            table["issuer"] = self.issuer_edit.text().strip()
        return table

    def _oauth_refusal(self) -> str | None:
        """What is missing or wrong in the provider's fields, said for this provider."""
        client_id = self.client_id_edit.text().strip()
        if not self.ui.address_edit.text().strip():
            return self.tr("Fill in: %1.").replace("%1", self.ui.address_edit_label.text())
        if self.auth == "generic":
            issuer = self.issuer_edit.text().strip()
            if not issuer:
                return self.tr("Fill in the issuer URL: the address of your sign-in provider (its "
                               "/.well-known/openid-configuration is read from there).")
            if not re.match(r"^https://[^/\s]+", issuer) and not re.match(
                    r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(/|$)", issuer):
                return self.tr("The issuer URL must start with https:// (http:// only for a provider on this "
                               "computer): %1").replace("%1", issuer)
        if self.auth == "microsoft":
            tenant = self.tenant_edit.text().strip()
            if tenant and not _TENANT.match(tenant):
                return self.tr("The tenant “%1” is not a domain (contoso.onmicrosoft.com) or a directory (tenant) "
                               "ID: copy it from the Overview page of Microsoft Entra.").replace("%1", tenant)
        if not client_id:
            return self.tr("Fill in the client ID: your administrator registers agentdesk with the provider and "
                           "gives it to you (docs/oauth.md says how).")
        if self.auth == "microsoft" and not _GUID.match(client_id):
            return self.tr("The client ID of Microsoft 365 looks like 00001111-aaaa-2222-bbbb-3333cccc4444 (the "
                           "application (client) ID of the app registration), not “%1”.").replace("%1", client_id)
        if self.auth == "google" and not client_id.endswith(".apps.googleusercontent.com"):
            return self.tr("The client ID of Google ends in .apps.googleusercontent.com (the OAuth client of your "
                           "Google Cloud project), not “%1”.").replace("%1", client_id)
        return None

    def _oauth_settings(self) -> OAuthSettings | str:
        refusal = self._oauth_refusal() or self._refusal()
        if refusal:
            return refusal
        oauth = parse_mailbox_table(self.table()).oauth
        assert oauth is not None
        return oauth

    def _oauth_for_sign_in(self) -> tuple[OAuthSettings, str | None] | str:
        """What the sign-in panel needs (or why it cannot start)."""
        oauth = self._oauth_settings()
        if isinstance(oauth, str):
            return oauth
        return oauth, self.secret_edit.text().strip() or None

    def _probe_labels(self) -> None:
        self.files_sent_check.setText(self.tr("The server files sent mail in the Sent folder itself (Gmail, "
                                              "Microsoft 365)"))
        self.files_sent_check.setToolTip(self.tr("Then agentdesk files no second copy there, and decides a send "
                                                 "whose answer was lost by looking there for it"))
        self.probe_button.setText(self.tr("Find out"))
        self.probe_button.setToolTip(self.tr("Send one check message from this mailbox to itself, look for it in the "
                                             "Sent folder, then delete it again"))

    def _security_labels(self) -> None:
        labels = {"tls": self.tr("TLS"), "starttls": self.tr("STARTTLS"),
                  "none": self.tr("None (this computer only)")}
        for combo in (self.ui.imap_security, self.ui.smtp_security):
            current = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            for value in SECURITIES:
                combo.addItem(labels[value], value)
            combo.setCurrentIndex(max(0, current))
            combo.blockSignals(False)

    def _accessible_names(self) -> None:
        ui = self.ui
        for protocol in ("imap", "smtp"):
            for field in ("host", "security", "port", "username", "password"):
                widget = getattr(ui, f"{protocol}_{field}")
                label = getattr(ui, f"{protocol}_{field}_label").text()
                widget.setAccessibleName(f"{protocol.upper()} {label}")
        ui.imap_folder.setAccessibleName(ui.imap_folder_label.text())
        ui.name_edit.setAccessibleName(ui.name_edit_label.text())
        ui.address_edit.setAccessibleName(ui.address_edit_label.text())
        ui.ca_file_edit.setAccessibleName(ui.ca_label.text())

    # -- fields ---------------------------------------------------------------------------------------------
    @property
    def wanted(self) -> bool:
        return self.ui.mailbox_check.isChecked()

    def _default_port(self, protocol: str) -> None:
        """Changing the security moves the port along, unless the agent typed one of their own."""
        spin = getattr(self.ui, f"{protocol}_port")
        security = str(getattr(self.ui, f"{protocol}_security").currentData())
        if spin.value() in PORTS[protocol].values():
            spin.setValue(PORTS[protocol][security])

    def on_mailbox_check_toggled(self, checked: bool) -> None:
        self.ui.fields.setEnabled(checked)
        self.completeChanged.emit()

    def on_same_login_check_toggled(self, same: bool) -> None:
        for widget in (self.ui.smtp_username, self.ui.smtp_password, self.ui.smtp_username_label,
                       self.ui.smtp_password_label):
            widget.setEnabled(not same)

    def on_ca_browse_button_clicked(self) -> None:
        dialog = QFileDialog(self, self.tr("Certificate authority"), "", self.tr("Certificates (*.pem *.crt *.cer)"))
        dialog.setObjectName("ca_file_dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.ui.ca_file_edit.setText)
        dialog.open()

    def imap_password(self) -> str:
        return self.ui.imap_password.text()

    def smtp_password(self) -> str:
        return self.ui.imap_password.text() if self.ui.same_login_check.isChecked() else self.ui.smtp_password.text()

    def _server(self, protocol: str) -> dict[str, Any]:
        ui = self.ui
        username = ui.imap_username.text().strip()
        if protocol == "smtp" and not ui.same_login_check.isChecked():
            username = ui.smtp_username.text().strip()
        table: dict[str, Any] = {
            "host": getattr(ui, f"{protocol}_host").text().strip(),
            "port": getattr(ui, f"{protocol}_port").value(),
            "security": str(getattr(ui, f"{protocol}_security").currentData()),
            "username": username,
            "ca_file": ui.ca_file_edit.text().strip(),
        }
        if protocol == "imap":
            table["folder"] = ui.imap_folder.text().strip()
            if self.files_sent_check.isChecked():
                table["server_files_sent"] = True
        return table

    def table(self) -> dict[str, Any]:
        """The ``[[mailboxes]]`` table the fields describe."""
        first = self.setup.user.first_user()
        team = first.team if first is not None else None
        report = self.setup.database.report
        if not team:
            team = next((p.team for p in report.users if p.login == self.setup.user.login), None) if report else None
        team = team or (report.teams[0] if report and report.teams else "support")
        return mailbox_table(name=self.ui.name_edit.text().strip(), address=self.ui.address_edit.text().strip(),
                             team=team, imap=self._server("imap"), smtp=self._server("smtp"),
                             oauth2=self.oauth2_table())

    def _key(self) -> tuple[Any, ...]:
        return (repr(self.table()), self.imap_password(), self.smtp_password(), id(self.signin.signed))

    def _refusal(self) -> str | None:
        ui = self.ui
        required = [(ui.name_edit_label, ui.name_edit), (ui.address_edit_label, ui.address_edit),
                    (ui.imap_host_label, ui.imap_host), (ui.smtp_host_label, ui.smtp_host),
                    (ui.imap_folder_label, ui.imap_folder)]
        if not self.oauth:
            required.insert(3, (ui.imap_username_label, ui.imap_username))
        if not ui.same_login_check.isChecked() and not self.oauth:
            required.append((ui.smtp_username_label, ui.smtp_username))
        missing = []
        for label, edit in required:
            if not edit.text().strip():
                where = "IMAP " if edit.objectName().startswith("imap") else "SMTP " if \
                    edit.objectName().startswith("smtp") else ""
                missing.append(where + label.text())
        if missing:
            return self.tr("Fill in: %1.").replace("%1", ", ".join(missing))
        try:
            parse_mailbox_table(self.table())
        except ConfigError as exc:
            return self.tr("These settings cannot be used: %1").replace("%1", str(exc).split(": ", 2)[-1])
        return None

    # -- checking -------------------------------------------------------------------------------------------
    def isComplete(self) -> bool:
        return not self._busy

    def on_test_button_clicked(self) -> None:
        self._run(advance=False)

    def validatePage(self) -> bool:
        if not self.wanted:
            return True
        if self._passed and self._checked == self._key():
            return True
        self._run(advance=True)
        return False

    def _run(self, *, advance: bool) -> None:
        refusal = (self._oauth_refusal() if self.oauth else None) or self._refusal()
        if not refusal and self.oauth and self.signin.signed is None:
            refusal = self.tr("Sign in first: “%1” opens the provider's sign-in page in your browser.").replace(
                "%1", self.signin.sign_in_button.text())
        if refusal:
            show_result(self.ui.imap_result, refusal, ok=False)
            self.ui.smtp_result.clear()
            return
        self._set_busy(True)
        show_result(self.ui.imap_result, self.tr("Testing the IMAP and SMTP servers…"), ok=None)
        self.ui.smtp_result.clear()
        key = self._key()
        mailbox = parse_mailbox_table(self.table())
        self.setup.ops.call(check_mailbox, mailbox, self.imap_password(), self.smtp_password(),
                            on_done=lambda results: self._on_checked(results, key, advance),
                            on_error=self._on_failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy or self.signin.busy
        self.ui.test_button.setEnabled(not self._busy)
        self.probe_button.setEnabled(not self._busy)
        self.completeChanged.emit()

    def on_probe_button_clicked(self) -> None:
        refusal = self._refusal()
        if refusal:
            show_result(self.probe_result, refusal, ok=False)
            return
        self._set_busy(True)
        show_result(self.probe_result, self.tr("Sending a check message to the mailbox itself and looking for it in "
                                               "the Sent folder…"), ok=None)
        mailbox = parse_mailbox_table(self.table())
        self.setup.ops.call(check_sent_filing, mailbox, self.imap_password(), self.smtp_password(),
                            wait=self.probe_wait, on_done=self._on_probed, on_error=self._on_probe_failed, owner=self)

    # how long the probe waits for its message to appear in the Sent folder (seconds)
    probe_wait = 30.0

    def _on_probed(self, probe: SentProbe) -> None:
        self._set_busy(False)
        if probe.files is None:
            show_result(self.probe_result, self.tr("Could not find out: %1").replace("%1", probe.detail), ok=False)
            return
        self.files_sent_check.setChecked(probe.files)
        if probe.files:
            text = self.tr("The server filed the check message in the Sent folder itself: agentdesk will file no "
                           "second copy, and decides a send whose answer was lost by looking there.")
        else:
            text = self.tr("The server did not file the check message in the Sent folder within %1 s: agentdesk "
                           "files a copy there after each send.").replace("%1", f"{self.probe_wait:.0f}")
        show_result(self.probe_result, text, ok=True)

    def _on_probe_failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        show_result(self.probe_result, self.tr("Could not find out: %1").replace(
            "%1", (str(error).splitlines() or [""])[0]), ok=False)
        return True

    def _on_checked(self, results: list[ServerCheck], key: tuple[Any, ...], advance: bool) -> None:
        self._set_busy(False)
        self.results = results
        folder = self.ui.imap_folder.text().strip()
        for check in results:
            label = self.ui.imap_result if check.protocol == "imap" else self.ui.smtp_result
            show_result(label, check_text(check, folder=folder), ok=check.ok)
        self._passed = all(check.ok for check in results)
        self._checked = key
        if advance and self._passed and self.setup.currentPage() is self:
            self.setup.button(QWizard.WizardButton.FinishButton).click()

    def _on_failed(self, error: BaseException) -> bool:
        self._set_busy(False)
        self._passed = False
        show_result(self.ui.imap_result, self.tr("The test could not run: %1").replace(
            "%1", (str(error).splitlines() or [""])[0]), ok=False)
        return True

    def nextId(self) -> int:
        return -1

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
            self._security_labels()
            self._probe_labels()
            self._oauth_labels()
        super().changeEvent(event)
