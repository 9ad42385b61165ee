"""Screenshots of the OAuth 2.0 sign-in, taken by doing it: the setup assistant signs a mailbox in through the
test provider (tests/support/oauth_server.py, with its consent page) in a real chromium window, tests IMAP (Dovecot,
tokens introspected at the provider) and SMTP (aiosmtpd, AUTH XOAUTH2), finishes; the desktop then syncs the
mailbox and sends a reply through it; the provider revokes the sign-in and the status bar says "sign in again".

``DISPLAY=:39 python docs/screenshots/make_oauth_screenshots.py OUT_DIR [en|ja]`` (start ``Xvfb :39 -screen 0
1600x1000x24`` first; needs dovecot, chromium, xdotool and ImageMagick). Writes ``oauth-fields-LANG.png``,
``oauth-browser-LANG.png`` (the provider's page in chromium beside the assistant waiting for it),
``oauth-signed-in-LANG.png``, ``oauth-sign-in-again-LANG.png`` (the desktop after the provider revoked the
sign-in) and ``oauth-sign-in-again-dialog-LANG.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import webbrowser
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "chromium"


def _pump(seconds: float) -> None:
    from agentdesk.gui.qt import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _wait(predicate: object, what: str, timeout: float = 60.0) -> None:
    from agentdesk.gui.qt import QApplication

    end = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting for {what}")
        QApplication.processEvents()
        time.sleep(0.02)


def _snap(target: Path, widget: object | None = None) -> None:
    _pump(0.8)
    command = ["import", "-window", "root"]
    if widget is not None:
        g = widget.frameGeometry()  # type: ignore[attr-defined]
        command += ["-crop", f"{g.width()}x{g.height()}+{g.x()}+{g.y()}", "+repage"]
    subprocess.run([*command, str(target)], check=True)
    print("wrote", target, flush=True)


class WindowedChromium(webbrowser.BaseBrowser):
    """chromium with a window on the right half of the screen (what the person sees)."""

    def __init__(self, profile: Path) -> None:
        super().__init__("agentdesk-screens-chromium")
        self.profile = profile
        self.procs: list[subprocess.Popen[bytes]] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.procs.append(subprocess.Popen(
            [CHROMIUM, "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-dev-shm-usage", f"--user-data-dir={self.profile}", "--window-position=850,40",
             "--window-size=730,560", f"--lang={os.environ.get('SCREEN_LANG', 'en')}", "--new-window", url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        return True

    def close(self) -> None:
        for proc in self.procs:
            proc.terminate()
            proc.wait(10)


def pictures(out: Path, language: str) -> None:
    from tests.support.dovecot import Dovecot
    from tests.support.oauth_server import OAuthTestServer
    from tests.support.smtpd import SmtpTestServer

    from agentdesk.actions import outbound, queries
    from agentdesk.actions.context import ActionContext
    from agentdesk.config.mailboxes import mailboxes_from_settings
    from agentdesk.config.paths import default_paths
    from agentdesk.config.settings import load_settings
    from agentdesk.gui.app import TRANSLATORS, create_application
    from agentdesk.gui.dialogs.setup import PAGE_MAILBOX, PAGE_USER, SetupWizard
    from agentdesk.gui.mainwindow import MainWindow
    from agentdesk.gui.ops import Ops
    from agentdesk.gui.qt import QWizard
    from agentdesk.gui.session import DeskSession
    from agentdesk.routing.db import Database

    os.environ["SCREEN_LANG"] = language
    idp = OAuthTestServer(clients={"agentdesk-test": None}, interactive=True, approve_name="Hanako Sato").start()
    root = Path(tempfile.mkdtemp(prefix="agentdesk-screens-dovecot-"))
    root.chmod(0o755)
    dovecot = Dovecot(root, introspection_url=f"{idp.issuer}/introspect")
    dovecot.start()
    user = dovecot.new_user()
    idp.approve_as = user.name
    dovecot.append(user, [
        f"From: Jane Doe <jane@example.org>\r\nTo: support@example.com\r\nSubject: {subject}\r\n"
        f"Message-ID: <screens-{n}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{subject}\r\n"
        .encode() for n, subject in enumerate(["納期の遅れについて", "Invoice 2026-118", "Password reset"])])
    browser = WindowedChromium(Path(tempfile.mkdtemp(prefix="agentdesk-screens-chromium-")))
    webbrowser.register(browser.name, None, browser, preferred=True)
    smtp = SmtpTestServer(bearer=idp.check).start()
    try:
        app = create_application(["screens"], language=language)
        TRANSLATORS.install(app, language)
        paths = default_paths()
        wizard = SetupWizard(paths, paths.config_file)
        wizard.move(20, 20)
        wizard.resize(820, 940)
        wizard.show()
        wizard.button(QWizard.WizardButton.NextButton).click()  # the standalone database is checked, created
        _wait(lambda: wizard.currentId() == PAGE_USER, "the user page")
        u = wizard.user.ui
        u.login_edit.setText("sato")
        u.name_edit.setText("佐藤 花子" if language == "ja" else "Hanako Sato")
        u.email_edit.setText("sato@example.com")
        wizard.button(QWizard.WizardButton.NextButton).click()
        _wait(lambda: wizard.currentId() == PAGE_MAILBOX, "the mailbox page")
        page = wizard.mailbox
        m = page.ui
        page.auth_combo.setCurrentIndex(page.auth_combo.findData("generic"))
        m.address_edit.setText("support@example.com")
        page.issuer_edit.setText(idp.issuer)
        page.client_id_edit.setText("agentdesk-test")
        m.imap_host.setText("127.0.0.1")
        m.imap_security.setCurrentIndex(m.imap_security.findData("none"))
        m.imap_port.setValue(dovecot.imap_port)
        m.imap_username.setText(user.name)
        m.smtp_host.setText("127.0.0.1")
        m.smtp_security.setCurrentIndex(m.smtp_security.findData("none"))
        m.smtp_port.setValue(smtp.port)
        _snap(out / f"oauth-fields-{language}.png", wizard)

        page.signin.sign_in_button.click()
        _wait(lambda: page.signin.url_box.isVisible(), "the browser to be asked")
        _pump(6.0)  # chromium starts and shows the provider's page
        _snap(out / f"oauth-browser-{language}.png")
        # the person clicks "Sign in" on the provider's page (its first button; Xvfb has no window manager to
        # give chromium the keyboard, so the mouse it is)
        subprocess.run(["xdotool", "mousemove", "1078", "392", "click", "1"], check=False, timeout=30)
        _wait(lambda: page.signin.signed is not None or not page.signin.busy, "the sign-in", 60)
        if page.signin.signed is None:
            raise SystemExit(f"not signed in: {page.signin.status.text()}")
        browser.close()
        m.test_button.click()
        _wait(lambda: m.test_button.isEnabled() and bool(m.smtp_result.text()), "Test connection")
        _snap(out / f"oauth-signed-in-{language}.png", wizard)
        written: list[str] = []
        wizard.sig_settings_written.connect(written.append)
        wizard.accept()
        _wait(lambda: bool(written), "the settings file")
        wizard.close()

        # the desktop: the mailbox syncs; then the provider revokes the sign-in
        settings = load_settings()
        (mailbox,) = mailboxes_from_settings(settings)
        db = Database(settings.routing.sqlalchemy_url())
        ctx = ActionContext(db, "sato")
        session = DeskSession(ctx=ctx, me=queries.me(ctx), paths=paths, config_file=paths.config_file,
                              language=language)
        window = MainWindow(session, Ops(ctx))
        window.move(0, 0)
        window.resize(1600, 1000)
        window.show()
        window.live.start([mailbox], tick_seconds=0.5)
        indicator = window.live.indicators.add_mailbox(mailbox.name)
        _wait(lambda: indicator.state == "online" and window.interactions.model.rowCount() > 0, "the sync", 90)
        print("synced:", window.interactions.model.rowCount(), "interactions", flush=True)
        # and it sends: a reply to the first interaction goes out through SMTP with the token (XOAUTH2)
        first = window.interactions.model.interaction_id(0)
        draft = outbound.reply(ctx, first, text="Thank you for your message.")
        print("reply:", outbound.send(ctx, draft), flush=True)
        _wait(lambda: len(smtp.messages) == 1, "the reply to go out", 120)
        print("sent: 1 message; SMTP sign-ins (user, token good):", smtp.logins, flush=True)
        idp.revoke_refresh_tokens()
        assert window.live.engine is not None
        window.live.engine.restart()
        _wait(lambda: indicator.state == "sign_in", "the sign in again state", 60)
        _snap(out / f"oauth-sign-in-again-{language}.png")
        indicator.sign_in_button.click()
        dialog = window.live.sign_in_dialog
        assert dialog is not None
        _pump(0.5)
        dialog.move(480, 300)
        _snap(out / f"oauth-sign-in-again-dialog-{language}.png", dialog)
        dialog.reject()
        window.live.stop()
        window.close()
        db.dispose()
        TRANSLATORS.install(app, "en")
    finally:
        browser.close()
        smtp.stop()
        dovecot.stop()
        idp.stop()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    language = sys.argv[2] if len(sys.argv) > 2 else "en"
    out.mkdir(parents=True, exist_ok=True)
    os.environ["AGENTDESK_HOME"] = tempfile.mkdtemp(prefix="agentdesk-screens-")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "tests.support.keyring_backend.MemoryKeyring")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    pictures(out, language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
