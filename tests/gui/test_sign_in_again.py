"""An OAuth 2.0 mailbox whose sign-in the provider revoked, on the desktop: the status bar says which mailbox and
offers "Sign in again"; the reply waiting meanwhile stays queued (the outbox bar says it waits for the sign-in,
not that it failed); signing in again through the same browser flow (headless chromium) starts the embedded
engine again with the new sign-in, and the reply goes out once."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.config.mailboxes import MailboxSettings, parse_mailbox
from agentdesk.gui.app import TRANSLATORS, create_application
from agentdesk.gui.dialogs.oauth_signin import SignInAgainDialog
from agentdesk.gui.qt import Qt
from agentdesk.mail.oauth import forget_tokens, sign_in_state, sign_in_with_browser
from agentdesk.routing.db import Database
from agentdesk.routing.models import OutboxItem
from tests.gui.conftest import MakeWindow
from tests.routing.test_sender import reply
from tests.support.browser import CLIENT, HeadlessChromium, chromium_fixture, servers  # noqa: F401
from tests.support.dovecot import Dovecot, ImapUser
from tests.support.factories import Center
from tests.support.oauth_server import OAuthTestServer
from tests.support.smtpd import SmtpTestServer


def _mailbox(idp: OAuthTestServer, dovecot: Dovecot, user: ImapUser, smtp: SmtpTestServer) -> MailboxSettings:
    settings = parse_mailbox({
        "name": "support", "address": "support@example.com", "team": "support", "auth": "oauth2",
        "oauth2": {"provider": "generic", "issuer": idp.issuer, "client_id": CLIENT, "user": user.name},
        "imap": dovecot.imap_table(user, security="none", idle=True, poll_seconds=1),
        "smtp": {"host": "127.0.0.1", "port": smtp.port, "security": "none", "username": user.name},
    })
    assert settings.oauth is not None
    forget_tokens(settings.oauth)
    return settings


def _item(db: Database, item_id: int) -> OutboxItem:
    with db.read() as s:
        found = s.get(OutboxItem, item_id)
        assert found is not None
        s.expunge(found)
        return found


def test_a_revoked_sign_in_asks_to_sign_in_again_and_the_waiting_reply_goes_once(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow,
        chromium: HeadlessChromium) -> None:
    idp, dovecot = servers()
    user = dovecot.new_user()
    with SmtpTestServer(bearer=idp.check) as smtp:
        mailbox = _mailbox(idp, dovecot, user, smtp)
        assert mailbox.oauth is not None
        idp.approve_as = user.name
        sign_in_with_browser(mailbox.oauth, open_browser=idp.browser, timeout=30)  # signed in once, earlier
        idp.revoke_refresh_tokens()  # then an administrator revoked it
        forget_tokens(mailbox.oauth)
        _, item_id, _raw = reply(sqlite_db, center)

        window = make_window()
        window.live.start([mailbox], tick_seconds=0.2)
        indicator = window.live.indicators.mailboxes["support"]
        qtbot.waitUntil(lambda: indicator.state == "sign_in", timeout=30000)
        assert indicator.label.text() == "● support: sign in again"
        assert indicator.sign_in_button.isVisible() and indicator.sign_in_button.text() == "Sign in again…"
        qtbot.waitUntil(lambda: _item(sqlite_db, item_id).attempts >= 1
                        and _item(sqlite_db, item_id).state == "queued", timeout=30000)
        waiting = _item(sqlite_db, item_id)
        assert waiting.state == "queued" and "sign in again" in (waiting.last_error or "")  # kept, not failed
        assert smtp.messages == []

        qtbot.mouseClick(indicator.sign_in_button, Qt.MouseButton.LeftButton)
        dialog = window.live.sign_in_dialog
        assert isinstance(dialog, SignInAgainDialog) and dialog.isVisible()
        assert "“support”" in dialog.text.text() and user.name in dialog.text.text()
        assert "outbox" in dialog.text.text()
        qtbot.mouseClick(dialog.panel.sign_in_button, Qt.MouseButton.LeftButton)  # chromium signs in
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60000)
        assert chromium.urls
        assert sign_in_state(mailbox.oauth).state == "signed_in"

        qtbot.waitUntil(lambda: _item(sqlite_db, item_id).state == "sent", timeout=30000)
        qtbot.waitUntil(lambda: indicator.state == "online", timeout=30000)
        assert not indicator.sign_in_button.isVisible()
        qtbot.wait(1500)  # a few more engine passes: nothing is sent twice
        assert len(smtp.messages) == 1
        window.live.stop()


def test_the_sign_in_again_words_in_japanese(qtbot: QtBot) -> None:
    from agentdesk.gui.statusbar import MailboxIndicator

    app = create_application(language="en")
    indicator = MailboxIndicator("support")
    qtbot.addWidget(indicator)
    indicator.set_state("sign_in", "mailbox 'support': sign in again: invalid_grant")
    TRANSLATORS.install(app, "ja")
    try:
        indicator.retranslate_ui()
        assert indicator.sign_in_button.text() == "再サインイン…"
    finally:
        TRANSLATORS.install(app, "en")
