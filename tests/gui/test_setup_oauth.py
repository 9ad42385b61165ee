"""The setup assistant signs a mailbox in with OAuth 2.0, driven by the test: a real browser (Debian's chromium,
headless, behind Python's webbrowser) on the test authorization server (tests/support/oauth_server.py), then
"Test connection" against Dovecot (its oauth2 passdb introspects the token) and aiosmtpd taking AUTH XOAUTH2, and
Finish keeps the sign-in in the keyring only. Also: Cancel, no answer in time, a browser that did not open (the
address to copy), consent refused, a client ID the provider does not know, and each field's own error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.config.mailboxes import mailboxes_from_settings
from agentdesk.config.paths import default_paths
from agentdesk.config.secrets import get_secret
from agentdesk.config.settings import load_settings
from agentdesk.desk.mailbox_signin import mailbox_sign_in_state
from agentdesk.gui.app import TRANSLATORS, create_application, dispose
from agentdesk.gui.dialogs.setup import PAGE_MAILBOX, PAGE_USER, SetupWizard
from agentdesk.gui.qt import QApplication, Qt, QWizard
from tests.support.browser import CLIENT, HeadlessChromium, chromium_fixture, servers  # noqa: F401
from tests.support.dovecot import Dovecot, ImapUser
from tests.support.oauth_server import OAuthTestServer
from tests.support.smtpd import SmtpTestServer


@pytest.fixture
def wizard(qtbot: QtBot) -> Iterator[SetupWizard]:
    app = create_application(language="en")
    TRANSLATORS.install(app, "en")
    paths = default_paths()
    wizard = SetupWizard(paths, paths.config_file)
    wizard.show()
    yield wizard
    panel = wizard.mailbox.signin
    panel.cancel()
    qtbot.waitUntil(lambda: wizard.ops.pending == 0 and panel.ops.pending == 0, timeout=30000)
    wizard.ops.wait()
    panel.ops.wait()
    wizard.close()
    dispose(wizard)


def _type(qtbot: QtBot, edit: object, text: str) -> None:
    edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(edit, text)


def _to_mailbox_page(qtbot: QtBot, wizard: SetupWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_USER, timeout=30000)
    ui = wizard.user.ui
    _type(qtbot, ui.login_edit, "sato")
    _type(qtbot, ui.name_edit, "Sato Hanako")
    _type(qtbot, ui.email_edit, "sato@example.com")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_MAILBOX, timeout=30000)


def _choose(wizard: SetupWizard, auth: str) -> None:
    combo = wizard.mailbox.auth_combo
    combo.setCurrentIndex(combo.findData(auth))


def _oauth_mailbox(qtbot: QtBot, wizard: SetupWizard, idp: OAuthTestServer, dovecot: Dovecot, user: ImapUser,
                   smtp: SmtpTestServer, *, client_id: str = CLIENT) -> None:
    page = wizard.mailbox
    ui = page.ui
    _choose(wizard, "generic")
    assert page.oauth_group.isVisible() and page.issuer_edit.isVisible() and not page.tenant_edit.isVisible()
    assert not ui.imap_password.isVisible()  # no password with OAuth
    _type(qtbot, ui.address_edit, "support@example.com")
    _type(qtbot, page.issuer_edit, idp.issuer)
    _type(qtbot, page.client_id_edit, client_id)
    _type(qtbot, ui.imap_host, "127.0.0.1")
    ui.imap_security.setCurrentIndex(ui.imap_security.findData("none"))
    ui.imap_port.setValue(dovecot.imap_port)
    _type(qtbot, ui.imap_username, user.name)
    _type(qtbot, ui.smtp_host, "127.0.0.1")
    ui.smtp_security.setCurrentIndex(ui.smtp_security.findData("none"))
    ui.smtp_port.setValue(smtp.port)
    idp.approve_as = user.name


def _sign_in(qtbot: QtBot, wizard: SetupWizard) -> str:
    panel = wizard.mailbox.signin
    qtbot.mouseClick(panel.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy and panel.sign_in_button.isEnabled(), timeout=60000)
    return panel.status.text()


def test_sign_in_in_a_real_browser_then_test_connection_and_finish(qtbot: QtBot, wizard: SetupWizard,
                                                                   chromium: HeadlessChromium) -> None:
    idp, dovecot = servers()
    user = dovecot.new_user()
    dovecot.append(user, [b"From: a@example.org\r\nSubject: x\r\n\r\nhello\r\n"])
    with SmtpTestServer(bearer=idp.check) as smtp:
        _to_mailbox_page(qtbot, wizard)
        _oauth_mailbox(qtbot, wizard, idp, dovecot, user, smtp)
        page = wizard.mailbox
        assert page.signin.sign_in_button.text() == "Sign in with the provider"
        # "Test connection" before signing in says what to do first
        qtbot.mouseClick(page.ui.test_button, Qt.MouseButton.LeftButton)
        assert "Sign in first" in page.ui.imap_result.text()

        status = _sign_in(qtbot, wizard)
        assert status == f"Signed in as Test Agent <{user.name}>.", status
        assert chromium.urls and chromium.urls[0].startswith(f"{idp.issuer}/authorize?")
        assert "code_challenge_method=S256" in chromium.urls[0]
        assert page.signin.sign_in_button.text() == "Sign in again"
        assert mailbox_sign_in_state(page._oauth_settings()).state == "signed_out"  # type: ignore[arg-type]

        qtbot.mouseClick(page.ui.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.ui.test_button.isEnabled() and bool(page.ui.smtp_result.text()),
                        timeout=30000)
        assert page.ui.imap_result.text() == "IMAP: signed in. Messages in “INBOX”: 1."
        assert page.ui.smtp_result.text() == "SMTP: signed in; ready to send."
        assert smtp.auth_commands == ["XOAUTH2"] and smtp.logins == [(user.name, True)]  # the token, no password
        with qtbot.waitSignal(wizard.sig_settings_written, timeout=30000):
            qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    (mailbox,) = mailboxes_from_settings(load_settings())
    assert mailbox.auth == "oauth2" and mailbox.oauth is not None
    assert (mailbox.oauth.provider, mailbox.oauth.client_id, mailbox.oauth.issuer) == ("generic", CLIENT,
                                                                                       idp.issuer)
    state = mailbox_sign_in_state(mailbox.oauth)
    assert state.state == "signed_in" and state.account == user.name and state.name == "Test Agent"
    text = default_paths().config_file.read_text(encoding="utf-8")
    assert idp.canary not in text and 'auth = "oauth2"' in text
    entry = get_secret(mailbox.oauth.secret_name)
    assert entry is not None and idp.canary in entry  # the refresh token: in the keyring only


def test_a_browser_that_did_not_open_shows_the_address_and_cancel_stops(qtbot: QtBot, wizard: SetupWizard) -> None:
    idp, dovecot = servers()
    user = dovecot.new_user()
    with SmtpTestServer(bearer=idp.check) as smtp:
        _to_mailbox_page(qtbot, wizard)
        _oauth_mailbox(qtbot, wizard, idp, dovecot, user, smtp)
        panel = wizard.mailbox.signin
        panel.open_browser = lambda url: False  # no browser on this computer
        qtbot.mouseClick(panel.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.url_box.isVisible(), timeout=30000)
        assert "The browser could not be opened: copy the address below" in panel.status.text()
        assert panel.url_edit.text().startswith(f"{idp.issuer}/authorize?")
        assert panel.cancel_button.isVisible() and not panel.sign_in_button.isEnabled()
        assert not wizard.mailbox.ui.test_button.isEnabled()  # nothing else runs meanwhile
        qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
        assert QApplication.clipboard().text() == panel.url_edit.text()
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
        assert panel.status.text() == "Sign-in cancelled."
        assert not panel.url_box.isVisible() and panel.signed is None
        assert wizard.mailbox.ui.test_button.isEnabled()


def test_no_answer_in_time_and_consent_refused(qtbot: QtBot, wizard: SetupWizard) -> None:
    idp, dovecot = servers()
    user = dovecot.new_user()
    with SmtpTestServer(bearer=idp.check) as smtp:
        _to_mailbox_page(qtbot, wizard)
        _oauth_mailbox(qtbot, wizard, idp, dovecot, user, smtp)
        panel = wizard.mailbox.signin
        panel.timeout = 1.0
        panel.open_browser = lambda url: True  # the person never comes back
        assert _sign_in(qtbot, wizard).startswith("No answer from the browser within")
        panel.timeout = 30.0
        panel.open_browser = idp.browser
        idp.deny_next = True
        assert _sign_in(qtbot, wizard) == "The provider did not sign you in: the user declined"
        assert panel.signed is None


def test_a_client_id_the_provider_does_not_know_is_said_plainly(qtbot: QtBot, wizard: SetupWizard) -> None:
    idp, dovecot = servers()
    user = dovecot.new_user()
    with SmtpTestServer(bearer=idp.check) as smtp:
        _to_mailbox_page(qtbot, wizard)
        _oauth_mailbox(qtbot, wizard, idp, dovecot, user, smtp, client_id="not-registered")
        panel = wizard.mailbox.signin
        opened: list[str] = []
        panel.open_browser = opened.append
        status = _sign_in(qtbot, wizard)
        assert status.startswith("The provider does not know this client ID") and "invalid_client" in status
        assert opened == []  # the browser is not sent to an error page


def test_each_field_says_what_is_wrong(qtbot: QtBot, wizard: SetupWizard) -> None:
    _to_mailbox_page(qtbot, wizard)
    page = wizard.mailbox
    ui = page.ui
    _type(qtbot, ui.address_edit, "support@contoso.example")

    def refusal() -> str:
        qtbot.mouseClick(page.signin.sign_in_button, Qt.MouseButton.LeftButton)
        assert not page.signin.busy
        return page.signin.status.text()

    _choose(wizard, "microsoft")
    assert ui.imap_host.text() == "outlook.office365.com" and ui.smtp_port.value() == 587
    assert page.tenant_edit.isVisible() and not page.issuer_edit.isVisible() and page.files_sent_check.isChecked()
    assert page.signin.sign_in_button.text() == "Sign in with Microsoft"
    assert refusal().startswith("Fill in the client ID")
    _type(qtbot, page.client_id_edit, "my-app")
    assert "looks like 00001111-aaaa-2222-bbbb-3333cccc4444" in refusal()
    _type(qtbot, page.tenant_edit, "contoso example")
    assert refusal().startswith("The tenant “contoso example” is not a domain")
    _choose(wizard, "google")
    assert ui.imap_host.text() == "imap.gmail.com" and ui.smtp_port.value() == 465
    assert page.signin.sign_in_button.text() == "Sign in with Google" and page.secret_edit.isVisible()
    _type(qtbot, page.client_id_edit, "123.example.com")
    assert "ends in .apps.googleusercontent.com" in refusal()
    _choose(wizard, "generic")
    assert refusal().startswith("Fill in the issuer URL")
    _type(qtbot, page.issuer_edit, "http://login.example.com")
    assert refusal().startswith("The issuer URL must start with https://")
    _choose(wizard, "password")
    assert not page.oauth_group.isVisible() and ui.imap_password.isVisible()


def test_the_sign_in_words_in_japanese(qtbot: QtBot, wizard: SetupWizard) -> None:
    app = QApplication.instance()
    _to_mailbox_page(qtbot, wizard)
    _choose(wizard, "microsoft")
    TRANSLATORS.install(app, "ja")  # type: ignore[arg-type]
    try:
        page = wizard.mailbox
        qtbot.waitUntil(lambda: page.signin.sign_in_button.text() == "Microsoft でサインイン", timeout=5000)
        assert page.auth_label.text() == "サインイン" and page.client_id_label.text() == "クライアント ID"
        assert page.auth_combo.currentText() == "Microsoft でサインイン (Microsoft 365)"
        page.signin.cancel()
        assert page.signin.failure_text(TimeoutError("x")).startswith("サインインを実行できませんでした")
    finally:
        TRANSLATORS.install(app, "en")  # type: ignore[arg-type]


def test_a_client_secret_is_used_and_a_wrong_one_is_named(qtbot: QtBot, wizard: SetupWizard) -> None:
    idp, dovecot = servers()
    idp.clients["desk-confidential"] = "right-secret"  # a client with a secret, as Google's desktop clients are
    user = dovecot.new_user()
    with SmtpTestServer(bearer=idp.check) as smtp:
        _to_mailbox_page(qtbot, wizard)
        _oauth_mailbox(qtbot, wizard, idp, dovecot, user, smtp, client_id="desk-confidential")
        page = wizard.mailbox
        panel = page.signin
        panel.open_browser = idp.browser
        _type(qtbot, page.secret_edit, "wrong-secret")
        status = _sign_in(qtbot, wizard)
        assert status.startswith("The provider refused this client ID with this client secret"), status
        _type(qtbot, page.secret_edit, "right-secret")
        assert _sign_in(qtbot, wizard) == f"Signed in as Test Agent <{user.name}>."
        assert get_secret("oauth-client:support") == "right-secret"
