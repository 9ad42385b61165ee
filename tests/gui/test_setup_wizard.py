"""The setup assistant of the first run, driven through its pages with clicks, against a real Dovecot, a
loopback SMTP server and PostgreSQL: good settings are written (passwords to the keyring), and "Test
connection" names exactly what is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.config.mailboxes import mailboxes_from_settings
from agentdesk.config.paths import default_paths
from agentdesk.config.secrets import get_secret
from agentdesk.config.settings import load_settings
from agentdesk.gui.app import TRANSLATORS, create_application, dispose
from agentdesk.gui.dialogs.setup import PAGE_MAILBOX, PAGE_USER, SetupWizard
from agentdesk.gui.qt import QApplication, Qt, QWizard
from agentdesk.routing.db import Database
from agentdesk.routing.models import FromAddress, Team, User
from tests.support.dovecot import Dovecot, ImapUser, dovecot_fixture, free_port  # noqa: F401
from tests.support.factories import seed_center
from tests.support.smtpd import Received, SmtpTestServer

SMTP_USER, SMTP_PASSWORD = "sato@example.com", "smtp-secret"


@dataclass
class Servers:
    dovecot: Dovecot
    imap_user: ImapUser
    smtp: SmtpTestServer


@pytest.fixture
def servers(dovecot: Dovecot) -> Iterator[Servers]:
    with SmtpTestServer(users={SMTP_USER: SMTP_PASSWORD}) as smtp:
        yield Servers(dovecot, dovecot.new_user(), smtp)


@pytest.fixture
def wizard(qtbot: QtBot) -> Iterator[SetupWizard]:
    app = create_application(language="en")
    TRANSLATORS.install(app, "en")
    paths = default_paths()
    wizard = SetupWizard(paths, paths.config_file)  # closed here, not by qtbot: its worker is drained first
    wizard.show()
    yield wizard
    qtbot.waitUntil(lambda: wizard.ops.pending == 0, timeout=30000)
    wizard.ops.wait()
    wizard.close()
    dispose(wizard)  # on this thread, now: never by a garbage-collection pass on another thread


def _click(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def _next(qtbot: QtBot, wizard: SetupWizard, page: int) -> None:
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == page, timeout=30000)


def _type(qtbot: QtBot, edit: object, text: str) -> None:
    edit.clear()  # type: ignore[attr-defined]
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest types ASCII only; an input method would commit the Japanese text whole
        edit.insert(text)  # type: ignore[attr-defined]


def _first_user(qtbot: QtBot, wizard: SetupWizard) -> None:
    _next(qtbot, wizard, PAGE_USER)
    ui = wizard.user.ui
    assert ui.create_group.isVisible() and not ui.choose_group.isVisible()
    _type(qtbot, ui.login_edit, "sato")
    _type(qtbot, ui.name_edit, "佐藤 花子")
    _type(qtbot, ui.email_edit, "sato@example.com")
    _next(qtbot, wizard, PAGE_MAILBOX)


def _mailbox(qtbot: QtBot, wizard: SetupWizard, s: Servers, *, imap_password: str | None = None,
             imap_port: int | None = None, imap_security: str = "tls", folder: str = "INBOX",
             smtp_password: str = SMTP_PASSWORD) -> None:
    ui = wizard.mailbox.ui
    _type(qtbot, ui.address_edit, "support@example.com")
    _type(qtbot, ui.imap_host, "127.0.0.1")
    ui.imap_security.setCurrentIndex(ui.imap_security.findData(imap_security))
    ui.imap_port.setValue(imap_port or (s.dovecot.imaps_port if imap_security == "tls" else s.dovecot.imap_port))
    _type(qtbot, ui.imap_username, s.imap_user.name)
    _type(qtbot, ui.imap_password, s.imap_user.password if imap_password is None else imap_password)
    _type(qtbot, ui.imap_folder, folder)
    _type(qtbot, ui.smtp_host, "127.0.0.1")
    ui.smtp_security.setCurrentIndex(ui.smtp_security.findData("none"))
    ui.smtp_port.setValue(s.smtp.port)
    ui.same_login_check.click()
    assert not ui.same_login_check.isChecked() and ui.smtp_username.isEnabled()
    _type(qtbot, ui.smtp_username, SMTP_USER)
    _type(qtbot, ui.smtp_password, smtp_password)
    _type(qtbot, ui.ca_file_edit, str(s.dovecot.cert_file))


def _test(qtbot: QtBot, wizard: SetupWizard) -> tuple[str, str]:
    ui = wizard.mailbox.ui
    qtbot.mouseClick(ui.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui.test_button.isEnabled() and bool(ui.smtp_result.text()), timeout=30000)
    return ui.imap_result.text(), ui.smtp_result.text()


def test_standalone_first_run_creates_the_user_and_the_mailbox(qtbot: QtBot, wizard: SetupWizard,
                                                               servers: Servers) -> None:
    s = servers
    s.dovecot.append(s.imap_user, [b"From: a@example.org\r\nSubject: x\r\n\r\nhello\r\n"])
    assert wizard.database.standalone
    _first_user(qtbot, wizard)
    _mailbox(qtbot, wizard, s)
    imap, smtp = _test(qtbot, wizard)
    assert imap == "IMAP: signed in. Messages in “INBOX”: 1."
    assert smtp == "SMTP: signed in; ready to send."
    with qtbot.waitSignal(wizard.sig_settings_written, timeout=30000):
        _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=10000)

    settings = load_settings()
    assert settings.user.login == "sato"
    assert settings.routing.url == f"sqlite:///{default_paths().default_routing_db}"
    (mailbox,) = mailboxes_from_settings(settings)
    assert mailbox.imap is not None and mailbox.smtp is not None
    assert (mailbox.name, mailbox.address, mailbox.team) == ("support", "support@example.com", "support")
    assert mailbox.imap.port == s.dovecot.imaps_port and mailbox.imap.username == s.imap_user.name
    assert mailbox.smtp.username == SMTP_USER and mailbox.smtp.security == "none"
    text = default_paths().config_file.read_text(encoding="utf-8")
    assert s.imap_user.password not in text and SMTP_PASSWORD not in text
    assert mailbox.imap.password() == s.imap_user.password
    assert mailbox.smtp.password() == SMTP_PASSWORD
    db = Database(settings.routing.sqlalchemy_url())
    try:
        with db.read() as session:
            user = session.query(User).filter_by(login="sato").one()
            assert user.name == "佐藤 花子" and user.role == "agent"
            assert session.get(Team, user.team_id).name == "support"  # type: ignore[union-attr]
            assert session.query(FromAddress).filter_by(address="support@example.com").one().is_default
    finally:
        db.dispose()


@pytest.mark.parametrize("files", [True, False], ids=["server-files-sent", "server-does-not"])
def test_find_out_whether_the_server_files_sent_mail(qtbot: QtBot, wizard: SetupWizard, dovecot: Dovecot,
                                                     files: bool) -> None:
    user = dovecot.new_user()

    def deliver(received: Received) -> None:  # the mailbox's own address: to its inbox, and maybe to Sent
        dovecot.append(user, [received.data])
        if files:
            dovecot.append(user, [received.data], folder="Sent")

    with SmtpTestServer(users={SMTP_USER: SMTP_PASSWORD}, deliver=deliver) as smtp:
        _first_user(qtbot, wizard)
        _mailbox(qtbot, wizard, Servers(dovecot, user, smtp))
        page = wizard.mailbox
        page.probe_wait = 2.0
        if not files:
            page.files_sent_check.setChecked(True)  # a wrong guess is corrected
        qtbot.mouseClick(page.probe_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.probe_button.isEnabled() and "Sending a check" not in
                        page.probe_result.text(), timeout=30000)
        assert page.files_sent_check.isChecked() is files
        assert ("filed the check message in the Sent folder itself" if files else
                "did not file the check message") in page.probe_result.text()
        assert len(smtp.messages) == 1
        _test(qtbot, wizard)
        with qtbot.waitSignal(wizard.sig_settings_written, timeout=30000):
            _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    (mailbox,) = mailboxes_from_settings(load_settings())
    assert mailbox.imap is not None and mailbox.imap.server_files_sent is files
    with dovecot.client(user) as client:  # the check message is gone again
        client.select_folder("INBOX", readonly=True)
        assert client.search("ALL") == []


def test_a_wrong_password_is_named_and_blocks_finish(qtbot: QtBot, wizard: SetupWizard, servers: Servers) -> None:
    _first_user(qtbot, wizard)
    _mailbox(qtbot, wizard, servers, imap_password="wrong", smtp_password="wrong too")
    imap, smtp = _test(qtbot, wizard)
    assert imap.startswith("IMAP: 127.0.0.1:") and "refused the user name or the password" in imap
    assert smtp.startswith("SMTP: 127.0.0.1:") and "refused the user name or the password" in smtp
    assert "535" in smtp  # the server's own words follow
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)  # tests again, fails again, stays
    qtbot.waitUntil(lambda: wizard.mailbox.ui.test_button.isEnabled(), timeout=30000)
    assert wizard.isVisible() and wizard.currentId() == PAGE_MAILBOX
    assert not default_paths().config_file.exists()


def test_a_wrong_port_is_named(qtbot: QtBot, wizard: SetupWizard, servers: Servers) -> None:
    _first_user(qtbot, wizard)
    _mailbox(qtbot, wizard, servers, imap_port=free_port())
    imap, smtp = _test(qtbot, wizard)
    assert "refused the connection: nothing listens on that port" in imap
    assert smtp == "SMTP: signed in; ready to send."


def test_tls_on_a_plain_port_and_a_missing_folder_are_named(qtbot: QtBot, wizard: SetupWizard,
                                                            servers: Servers) -> None:
    _first_user(qtbot, wizard)
    _mailbox(qtbot, wizard, servers, imap_port=servers.dovecot.imap_port)  # TLS spoken to the plain port
    imap, _smtp = _test(qtbot, wizard)
    assert "The secure connection to 127.0.0.1:" in imap and "check the security setting and the port" in imap
    _type(qtbot, wizard.mailbox.ui.imap_folder, "Nope")
    wizard.mailbox.ui.imap_port.setValue(servers.dovecot.imaps_port)
    imap, _smtp = _test(qtbot, wizard)
    assert "the folder “Nope” does not exist there" in imap


def test_the_mailbox_may_wait(qtbot: QtBot, wizard: SetupWizard) -> None:
    _first_user(qtbot, wizard)
    wizard.mailbox.ui.mailbox_check.click()
    assert not wizard.mailbox.ui.fields.isEnabled()
    with qtbot.waitSignal(wizard.sig_settings_written, timeout=30000):
        _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    settings = load_settings()
    assert settings.user.login == "sato" and settings.mailboxes == ()


def test_an_invalid_first_user_is_refused_on_the_page(qtbot: QtBot, wizard: SetupWizard) -> None:
    _next(qtbot, wizard, PAGE_USER)
    ui = wizard.user.ui
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_USER and "Login" in ui.hint_label.text()
    _type(qtbot, ui.login_edit, "sato")
    _type(qtbot, ui.email_edit, "not an address")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_USER
    assert ui.hint_label.text().startswith("This user cannot be created:")


def test_team_database_url_is_checked_before_anything_runs(qtbot: QtBot, wizard: SetupWizard) -> None:
    ui = wizard.database.ui
    ui.postgres_radio.setChecked(True)
    _type(qtbot, ui.url_edit, "mysql://x@y/z")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert "PostgreSQL" in ui.result_label.text()
    _type(qtbot, ui.url_edit, "postgresql+psycopg://sato:secret@db/agentdesk")
    qtbot.mouseClick(ui.test_button, Qt.MouseButton.LeftButton)
    assert "password" in ui.result_label.text().lower()
    assert wizard.currentId() == 0 and wizard.ops.pending == 0


def test_a_team_database_without_schema_or_unreachable_is_named(qtbot: QtBot, wizard: SetupWizard,
                                                                pg_db: Database) -> None:
    ui = wizard.database.ui
    ui.postgres_radio.setChecked(True)
    _type(qtbot, ui.url_edit, f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/agentdesk")
    qtbot.mouseClick(ui.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui.test_button.isEnabled() and "Checking" not in ui.result_label.text(), timeout=30000)
    assert "the database cannot be reached: nothing answers at that address and port" in ui.result_label.text().lower()


def test_team_setup_signs_in_as_a_declared_user_and_keeps_the_password_in_the_keyring(
        qtbot: QtBot, wizard: SetupWizard, pg_db: Database) -> None:
    seed_center(pg_db)
    url = pg_db.url.set(password=None).render_as_string(hide_password=False)
    ui = wizard.database.ui
    ui.postgres_radio.click()
    _type(qtbot, ui.url_edit, url)
    _type(qtbot, ui.password_edit, "s3cret")
    _next(qtbot, wizard, PAGE_USER)
    user = wizard.user.ui
    assert user.choose_group.isVisible() and not user.create_group.isVisible()
    assert user.user_combo.count() == 6
    user.user_combo.setCurrentIndex(user.user_combo.findData("tanaka"))
    assert "田中 美咲 (tanaka)" in user.user_combo.currentText()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()  # no mailbox page in a team
    with qtbot.waitSignal(wizard.sig_settings_written, timeout=30000):
        _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert "s3cret" not in default_paths().config_file.read_text(encoding="utf-8")
    settings = load_settings()
    assert settings.user.login == "tanaka" and settings.routing.url == url
    assert get_secret(f"routing:postgres@127.0.0.1/{pg_db.url.database}") == "s3cret"


def test_the_assistant_speaks_japanese(qtbot: QtBot) -> None:
    app = create_application(language="ja")
    TRANSLATORS.install(app, "ja")
    try:
        paths = default_paths()
        wizard = SetupWizard(paths, paths.config_file)
        assert wizard.windowTitle() == "agentdesk のセットアップ"
        assert wizard.database.ui.test_button.text() == "接続をテスト"
        assert wizard.mailbox.ui.imap_group.title() == "受信メール (IMAP)"
        dispose(wizard)
    finally:
        instance = QApplication.instance()
        assert instance is not None
        TRANSLATORS.install(instance, "en")
