"""Screenshots of the setup assistant (and, with ``--statusbar``, of the status bar) under a real X server.

``DISPLAY=:98 python docs/screenshots/make_setup_screenshots.py OUT_DIR`` (start ``Xvfb :98 -screen 0
1600x1000x24`` first). Writes ``setup-{en,ja}.png`` (the mailbox page after a "Test connection": IMAP
signed in, SMTP refused the password — the texts the assistant really shows for those results) and one PNG
per page for review. Each picture is taken with ImageMagick's ``import -window root``, cropped to the window.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def _snap(app: object, widget: object, target: Path) -> None:
    from agentdesk.gui.qt import QApplication

    for _ in range(30):
        QApplication.processEvents()
    geometry = widget.frameGeometry()  # type: ignore[attr-defined]
    crop = f"{geometry.width()}x{geometry.height()}+{geometry.x()}+{geometry.y()}"
    subprocess.run(["import", "-window", "root", "-crop", crop, "+repage", str(target)], check=True)


def setup_pictures(out: Path, language: str) -> None:
    from agentdesk.config.paths import default_paths
    from agentdesk.gui.app import TRANSLATORS, create_application
    from agentdesk.gui.dialogs.setup import PAGE_MAILBOX, PAGE_USER, SetupWizard
    from agentdesk.desk.setup_checks import DatabaseReport, ServerCheck
    from agentdesk.gui.dialogs.setup_text import check_text, show_result

    app = create_application(["screens"], language=language)
    TRANSLATORS.install(app, language)
    paths = default_paths()
    wizard = SetupWizard(paths, paths.config_file)
    wizard.move(40, 40)
    wizard.show()
    _snap(app, wizard, out / f"setup-database-{language}.png")
    wizard.database.report = DatabaseReport((), (), True)
    wizard.database._checked = wizard.database._key()
    wizard.next()
    ui = wizard.user.ui
    ui.login_edit.setText("sato")
    ui.name_edit.setText("佐藤 花子" if language == "ja" else "Hanako Sato")
    ui.email_edit.setText("sato@example.com")
    assert wizard.currentId() == PAGE_USER
    _snap(app, wizard, out / f"setup-user-{language}.png")
    wizard.next()
    assert wizard.currentId() == PAGE_MAILBOX
    m = wizard.mailbox.ui
    m.address_edit.setText("support@example.com")
    m.imap_host.setText("imap.example.com")
    m.imap_username.setText("support@example.com")
    m.imap_password.setText("secret")
    m.smtp_host.setText("smtp.example.com")
    m.same_login_check.setChecked(False)
    m.smtp_username.setText("support@example.com")
    m.smtp_password.setText("wrong")
    show_result(m.imap_result, check_text(ServerCheck("imap", "imap.example.com", 993, messages=1204),
                                          folder="INBOX"), ok=True)
    show_result(m.smtp_result, check_text(ServerCheck("smtp", "smtp.example.com", 587, "auth",
                                                      "535 5.7.8 Authentication credentials invalid")), ok=False)
    _snap(app, wizard, out / f"setup-{language}.png")
    wizard.close()
    wizard.deleteLater()
    TRANSLATORS.install(app, "en")


def statusbar_picture(out: Path) -> None:
    from tests.support.factories import seed_center

    from agentdesk.actions import queries
    from agentdesk.actions.context import ActionContext
    from agentdesk.config.paths import default_paths
    from agentdesk.gui.app import create_application
    from agentdesk.gui.mainwindow import MainWindow
    from agentdesk.gui.ops import Ops
    from agentdesk.gui.session import DeskSession
    from agentdesk.routing import migrate
    from agentdesk.routing.db import Database

    app = create_application(["screens"], language="en")
    paths = default_paths()
    db = Database(f"sqlite:///{paths.default_routing_db}")
    migrate.upgrade(db)
    seed_center(db)
    ctx = ActionContext(db, "sato")
    session = DeskSession(ctx=ctx, me=queries.me(ctx), paths=paths, config_file=paths.config_file, language="en")
    window = MainWindow(session, Ops(ctx))
    window.move(0, 0)
    window.resize(1580, 900)
    window.show()
    live = window.live
    live.indicators.add_mailbox("support").set_progress(1204, 2000)
    live.indicators.add_mailbox("billing").set_state("offline", "cannot connect: [Errno 111] Connection refused")
    live.notifier.notify("New interaction", "“納期の遅れについて” from Jane Doe", None)
    _snap(app, window, out / "statusbar-en.png")
    window.close()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else ".")
    out.mkdir(parents=True, exist_ok=True)
    os.environ["AGENTDESK_HOME"] = tempfile.mkdtemp(prefix="agentdesk-screens-")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    if "--statusbar" in sys.argv:
        statusbar_picture(out)
    else:
        for language in ("en", "ja"):
            setup_pictures(out, language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
