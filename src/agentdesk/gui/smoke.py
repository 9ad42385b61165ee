"""``AGENTDESK_SMOKE_TEST=1 agentdesk``: prove that this installation starts, then exit.

It makes a throwaway agentdesk folder (a fresh SQLite routing database, migrated; a one-agent contact center;
a settings file in Japanese), opens the real desktop on it exactly as ``agentdesk`` would, waits until the
main window is shown, its first operations are done and its local cache is open, prints one line and exits
0 (1 when that did not happen within a minute). It touches no real configuration, data or keyring (the null keyring is used).
The packaging test runs a frozen build this way with ``QT_QPA_PLATFORM=offscreen``; it is also a quick check
after installing on a new machine. The variable is read by ``agentdesk.cli.gui`` (the no-verb launch).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

ENV = "AGENTDESK_SMOKE_TEST"
TIMEOUT_SECONDS = 60.0

CENTER = {
    "center": {"name": "agentdesk smoke test"},
    "from_addresses": [{"address": "support@example.com", "display_name": "Support", "default": True}],
    "teams": [{"name": "support"}],
    "users": [{"login": "smoke", "name": "スモーク テスト", "email": "smoke@example.com", "role": "agent",
               "team": "support"}],
}


def requested() -> bool:
    """Whether this run is a smoke test (``AGENTDESK_SMOKE_TEST`` set to anything but empty or 0)."""
    return os.environ.get(ENV, "") not in ("", "0")


def prepare_home(home: str) -> str:
    """A migrated SQLite routing database, the smoke center and a settings file under ``home``; its path."""
    from agentdesk.config.paths import default_paths
    from agentdesk.desk.setup_checks import prepare_database

    os.environ["AGENTDESK_HOME"] = home
    paths = default_paths()
    prepare_database(f"sqlite:///{paths.default_routing_db}", CENTER, source="the smoke test center")
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text('[user]\nlogin = "smoke"\nlanguage = "ja"\n', encoding="utf-8")
    return str(paths.config_file)


def run_smoke_test() -> int:
    """Open the desktop on a throwaway folder and close it once its main window is shown; the exit status."""
    saved = {name: os.environ.get(name) for name in ("AGENTDESK_HOME", "AGENTDESK_CONFIG", "PYTHON_KEYRING_BACKEND")}
    os.environ.pop("AGENTDESK_CONFIG", None)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    try:
        with tempfile.TemporaryDirectory(prefix="agentdesk-smoke-", ignore_cleanup_errors=True) as home:
            try:
                config_file = prepare_home(home)
            except Exception as exc:  # a broken installation: say what failed, no traceback
                print(f"agentdesk: smoke test: cannot prepare the throwaway folder: {exc}", file=sys.stderr)
                return 1
            return _open_and_close(config_file)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _open_and_close(config_file: str) -> int:
    from agentdesk.gui import app as gui_app
    from agentdesk.gui.mainwindow import MainWindow
    from agentdesk.gui.qt import QApplication, QTimer

    application = gui_app.create_application(language="ja")
    outcome: list[int] = []
    shown: list[MainWindow] = []
    deadline = time.monotonic() + TIMEOUT_SECONDS

    def loaded(window: MainWindow) -> bool:
        """Shown, its first operations done and its local cache open."""
        cache = getattr(window, "desk_cache", None)
        return window.ops.pending == 0 and (cache is None or cache.ready.is_set())

    def check() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and loaded(windows[0]):
            window = windows[0]
            shown.append(window)
            print(f"agentdesk smoke test: main window shown: {window.windowTitle()} | "
                  f"{window.help_menu.title()} | platform {QApplication.platformName()}", flush=True)
            outcome.append(0)
        elif time.monotonic() > deadline:
            print("agentdesk smoke test: the main window was not shown within "
                  f"{TIMEOUT_SECONDS:.0f} s", file=sys.stderr, flush=True)
            outcome.append(1)
        else:
            return
        timer.stop()
        for widget in QApplication.topLevelWidgets():
            widget.close()
        application.quit()

    timer = QTimer(application)
    timer.setInterval(50)
    timer.timeout.connect(check)
    timer.start()
    code = gui_app.run(config_file)
    timer.stop()
    timer.deleteLater()
    for window in shown:  # nothing may still use the throwaway folder when it is removed
        window.ops.wait(60_000)
    if not outcome:
        print("agentdesk smoke test: the desktop closed before its main window was shown", file=sys.stderr)
        return 1
    return outcome[0] or code
