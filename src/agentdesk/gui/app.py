"""The QApplication: translators (the OS locale or ``[user] language``), a light or dark palette following the OS,
the style sheet and the application icon; and :func:`run`, the desktop's entry point."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from agentdesk import __version__
from agentdesk.gui import resources

# the language machinery has its own module (agentdesk.gui.language), so dialogs need not import this one
from agentdesk.gui.language import LANGUAGES as LANGUAGES
from agentdesk.gui.language import TRANSLATORS, pick_language
from agentdesk.gui.language import Translators as Translators
from agentdesk.gui.look import apply_look as apply_look
from agentdesk.gui.look import is_dark as is_dark
from agentdesk.gui.platform_check import check_gui_libraries
from agentdesk.gui.qt import (
    QApplication,
    QCoreApplication,
    QEvent,
    QGuiApplication,
    QWidget,
)

log = logging.getLogger(__name__)



def create_application(argv: Sequence[str] | None = None, *, language: str | None = None) -> QApplication:
    """The QApplication (made once per process), dressed and translated."""
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        check_gui_libraries(list(argv or sys.argv))  # a clear message and status 2, not Qt's abort
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    app.setApplicationName("agentdesk")
    app.setOrganizationName("agentdesk")
    app.setApplicationDisplayName("agentdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("agentdesk")
    app.setWindowIcon(resources.icon("agentdesk"))
    app.setStyle("Fusion")
    apply_look(app)
    if not app.property("agentdesk_look_follows_os"):
        app.setProperty("agentdesk_look_follows_os", True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            lambda _scheme: apply_look(app, app.property("agentdesk_look")))
    TRANSLATORS.install(app, pick_language(language))
    return app


def run(config: str | None = None, argv: Sequence[str] | None = None) -> int:
    """Open the desktop: the first-run setup when there is no configuration yet, then the main window."""
    from agentdesk.actions import queries
    from agentdesk.actions.context import ActionContext
    from agentdesk.config.paths import default_paths
    from agentdesk.config.settings import ConfigError, load_settings, resolve_config_path
    from agentdesk.gui import probe
    from agentdesk.gui.dialogs.setup import SetupDialog
    from agentdesk.gui.qt import QMessageBox
    from agentdesk.gui.signin_flow import Desk, sign_in_at_start

    paths = default_paths()
    try:
        settings = load_settings(config, paths=paths)
    except ConfigError as exc:
        create_application(argv)
        QMessageBox.critical(None, QCoreApplication.translate("App", "agentdesk cannot start"), str(exc))
        return 2
    app = create_application(argv, language=settings.user.language)
    config_file = settings.path or resolve_config_path(config, paths)
    if settings.path is None or not (settings.user.login or settings.routing.is_team):
        setup = SetupDialog(paths, config_file)
        app.setQuitOnLastWindowClosed(False)  # the assistant closing must not end the main window's loop
        accepted = setup.exec() == SetupDialog.DialogCode.Accepted
        app.setQuitOnLastWindowClosed(True)
        setup.ops.wait()
        dispose(setup)
        if not accepted:
            return 0
        settings = load_settings(config_file, paths=paths)
    started = sign_in_at_start(settings, paths, config_file)
    if isinstance(started, int):
        return started
    db, login, database_login = started
    ctx = ActionContext(db, login)
    try:
        me = queries.me(ctx)
    except Exception as exc:
        log.error("cannot sign in", exc_info=exc)
        message = getattr(exc, "message", None) or str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        QMessageBox.critical(None, QCoreApplication.translate("App", "agentdesk cannot start"),
                             QCoreApplication.translate("App", "Signing in as %1 failed: %2")
                             .replace("%1", login).replace("%2", message))
        db.dispose()
        return 2
    desk = Desk(settings, paths, config_file, TRANSLATORS.language)
    window = desk.open(db, me, database_login=database_login)
    probe.install(window)  # AGENTDESK_PROBE only: the benchmarks' and the smoke check's measurements
    code = app.exec()
    desk.shutdown(dispose)
    return int(code)


def dispose(widget: QWidget) -> None:
    """Delete a top-level window now, on this (the GUI) thread. Windows and their panels refer to each other,
    so Python would free them in a garbage-collection pass, which may run on any thread: a widget destroyed
    off the GUI thread corrupts Qt (seen as crashes in later palette changes)."""
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
