"""The setup assistant's mailbox page (standalone): IMAP and SMTP as in ``[[mailboxes]]``, with a "Test
connection" that signs in to both servers on a worker and says, per server, what worked or what failed.

"The server files sent mail in the Sent folder" (``[mailboxes.imap] server_files_sent``) is a check box with a
"Find out" button beside it: it sends one check message from the mailbox to itself, looks for it in the Sent
folder (:func:`agentdesk.mail.sentprobe.probe_sent_filing`), deletes it again and ticks or clears the box."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agentdesk.config.settings import ConfigError
from agentdesk.desk.setup_checks import (
    ServerCheck,
    check_mailbox,
    check_sent_filing,
    mailbox_table,
    parse_mailbox_table,
)
from agentdesk.gui.dialogs.setup_text import check_text, show_result
from agentdesk.gui.forms.ui_setup_mailbox import Ui_SetupMailboxPage
from agentdesk.gui.qt import (
    QCheckBox,
    QEvent,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWizard,
    QWizardPage,
)
from agentdesk.mail.sentprobe import SentProbe

if TYPE_CHECKING:
    from agentdesk.gui.dialogs.setup import SetupWizard

SECURITIES = ("tls", "starttls", "none")
PORTS = {"imap": {"tls": 993, "starttls": 143, "none": 143}, "smtp": {"tls": 465, "starttls": 587, "none": 25}}


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
        self._accessible_names()

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
                             team=team, imap=self._server("imap"), smtp=self._server("smtp"))

    def _key(self) -> tuple[Any, ...]:
        return (repr(self.table()), self.imap_password(), self.smtp_password())

    def _refusal(self) -> str | None:
        ui = self.ui
        required = [(ui.name_edit_label, ui.name_edit), (ui.address_edit_label, ui.address_edit),
                    (ui.imap_host_label, ui.imap_host), (ui.imap_username_label, ui.imap_username),
                    (ui.smtp_host_label, ui.smtp_host), (ui.imap_folder_label, ui.imap_folder)]
        if not ui.same_login_check.isChecked():
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
        refusal = self._refusal()
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
        self._busy = busy
        self.ui.test_button.setEnabled(not busy)
        self.probe_button.setEnabled(not busy)
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
        super().changeEvent(event)
