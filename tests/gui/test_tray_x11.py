"""The real system tray: on an X server (Xvfb) with a tray (trayer), the desktop's notices are tray messages.

Offscreen there is no tray (tests/gui/test_tray.py covers the status-bar fallback), so the main window runs in
a child process on the xcb platform. It checks that the icon is shown, that a notice pops up Qt's balloon,
that clicking the balloon opens the interaction, and that the icon and its menu bring back or quit the window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.routing.db import Database
from tests.support.factories import Center, inbound
from tests.support.xserver import tray_failure, trayer, xvfb

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Xvfb and trayer are X11 programs")


def test_notices_go_to_the_system_tray_and_a_click_opens_the_interaction(sqlite_db: Database, center: Center) -> None:
    iid = inbound(sqlite_db, center, subject="Where is my parcel?")
    with xvfb() as display, trayer(display) as tray:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display, "LANGUAGE": "en",
               "PYTHONPATH": str(ROOT)}
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # the XEmbed tray, not a StatusNotifier host on the session bus
        env.pop("WAYLAND_DISPLAY", None)
        child = subprocess.Popen([sys.executable, "-m", "tests.gui.tray_desk", str(sqlite_db.engine.url), str(iid)],
                                 cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = child.communicate(timeout=180)
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate(timeout=30)
        why_tray = tray_failure(tray)
    shown = f"exit {child.returncode}\n--- stdout\n{out[-4000:]}\n--- stderr\n{err[-4000:]}\n{why_tray}"
    assert child.returncode == 0, shown
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    seen = json.loads(line.removeprefix("RESULT "))
    assert seen["platform"] == "xcb"
    assert seen["tray_available"] and seen["tray_visible"] and seen["uses_tray"], shown
    assert min(seen["icon_size"]) > 0, shown
    assert seen["menu"] == ["Show agentdesk", "Quit"]
    assert not seen["balloon_before"]
    assert "New interaction" in seen["balloon_texts"], shown
    assert "“Where is my parcel?” from Jane Doe" in seen["balloon_texts"], shown
    assert seen["status_notice"] == "New interaction: “Where is my parcel?” from Jane Doe"  # it stays there too
    assert seen["opened"] == [iid]
    assert seen["email_shows"] == iid
    assert seen["icon_click_shows"] and seen["menu_show_shows"]
    assert seen["quit_closes"] and seen["tray_gone"]
