"""Child process of tests/gui/test_tray_x11.py: the real main window on a real X server with a system tray.

``python -m tests.gui.tray_desk DATABASE_URL INTERACTION_ID`` (with ``QT_QPA_PLATFORM=xcb`` and ``DISPLAY``
naming an X server where a tray runs) opens the main window signed in as sato, raises a notice about the
interaction, clicks the tray's message, then uses the tray icon and its menu; it prints one JSON line of what
it saw (``RESULT {...}``) and exits 0, or prints why it stopped and exits 1.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtTest import QTest

from agentdesk.actions import queries
from agentdesk.actions.context import ActionContext
from agentdesk.config.paths import default_paths
from agentdesk.gui.app import create_application
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QApplication, QLabel, QSystemTrayIcon, Qt, QWidget
from agentdesk.gui.session import DeskSession
from agentdesk.routing.db import Database

TIMEOUT = 30.0


class Stop(Exception):
    """What the child waited for did not happen."""


def wait_until(what: str, condition: Callable[[], bool]) -> None:
    """Process events until ``condition`` holds (bounded)."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise Stop(f"not within {TIMEOUT:.0f} s: {what}")
        QApplication.processEvents()
        time.sleep(0.01)


def top_level(class_name: str) -> QWidget | None:
    """The visible top-level widget of this Qt class (QBalloonTip, QSystemTrayIconSys…), if any."""
    for widget in QApplication.topLevelWidgets():
        if widget.metaObject().className() == class_name and widget.isVisible():
            return widget
    return None


def main(url: str, interaction_id: int) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    app = create_application(language="en")
    seen["platform"] = QApplication.platformName()
    wait_until("the system tray is there", QSystemTrayIcon.isSystemTrayAvailable)
    seen["tray_available"] = True
    db = Database(url)
    ctx = ActionContext(db, "sato")
    paths = default_paths()
    session = DeskSession(ctx=ctx, me=queries.me(ctx), paths=paths, config_file=paths.config_file, language="en")
    ops = Ops(ctx)
    window = MainWindow(session, ops)
    window.show()
    wait_until("the window's first operations", lambda: ops.pending == 0)
    notifier = window.live.notifier
    seen["uses_tray"] = notifier.uses_tray
    assert notifier.tray is not None and notifier.menu is not None
    seen["tray_visible"] = notifier.tray.isVisible()
    wait_until("the tray icon's window is shown", lambda: top_level("QSystemTrayIconSys") is not None)
    icon = top_level("QSystemTrayIconSys")
    assert icon is not None
    seen["icon_size"] = [icon.width(), icon.height()]
    seen["menu"] = [a.text() for a in notifier.menu.actions() if not a.isSeparator()]

    # a notice: Qt's balloon appears; clicking it opens the interaction it is about
    opened: list[int] = []
    notifier.sig_open_requested.connect(opened.append)
    seen["balloon_before"] = top_level("QBalloonTip") is not None
    notifier.notify("New interaction", "“Where is my parcel?” from Jane Doe", interaction_id)
    wait_until("the balloon is shown", lambda: top_level("QBalloonTip") is not None)
    balloon = top_level("QBalloonTip")
    assert balloon is not None
    seen["balloon_texts"] = [label.text() for label in balloon.findChildren(QLabel) if label.text()]
    seen["status_notice"] = window.live.indicators.notice_button.toolTip()
    QTest.mouseClick(balloon, Qt.MouseButton.LeftButton)
    wait_until("the balloon is gone", lambda: top_level("QBalloonTip") is None)
    seen["opened"] = list(opened)
    wait_until("the email view shows the interaction", lambda: window.email.interaction_id == interaction_id)
    seen["email_shows"] = window.email.interaction_id

    # the tray icon brings a hidden window back; so does the menu's "Show agentdesk"
    window.hide()
    QTest.mouseClick(icon, Qt.MouseButton.LeftButton)
    wait_until("a click on the tray icon shows the window", window.isVisible)
    seen["icon_click_shows"] = True
    window.hide()
    notifier.show_action.trigger()
    wait_until("Show agentdesk shows the window", window.isVisible)
    seen["menu_show_shows"] = True

    # the menu's "Quit" closes the window like File ▸ Quit; the tray icon goes with it
    notifier.quit_action.trigger()
    wait_until("Quit closes the window", lambda: not window.isVisible())
    seen["quit_closes"] = True
    seen["tray_gone"] = not notifier.tray.isVisible()
    wait_until("the window's last operations", lambda: ops.pending == 0)
    ops.wait()
    db.dispose()
    app.processEvents()
    return seen


if __name__ == "__main__":
    try:
        result = main(sys.argv[1], int(sys.argv[2]))
    except Stop as stop:
        print(f"STOPPED {stop}", flush=True)
        sys.exit(1)
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    sys.exit(0)
