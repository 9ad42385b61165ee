"""The engine process notices that its desktop is gone: killed with SIGKILL (no chance to close anything), the
desktop leaves the engine's standard input at end of file, and the engine stops by itself within its grace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agentdesk.routing.db import Database
from tests.support.dovecot import free_port

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and /proc")

_DESKTOP = """
import sys, time
from agentdesk.config.mailboxes import parse_mailbox
from agentdesk.desk.engine_process import start_child
mailbox = parse_mailbox({"name": "support", "address": "support@example.com", "team": "support",
                         "imap": {"host": "127.0.0.1", "port": int(sys.argv[2]), "security": "none",
                                  "username": "support", "password_env": "AGENTDESK_TEST_NOTHING"}})
proc = start_child("agentdesk.desk.engine_process", {"url": sys.argv[1], "mailboxes": (mailbox,), "secrets": {},
                   "options": {"tick_seconds": 0.2}}, "the engine")
print(proc.pid, flush=True)
time.sleep(600)
"""


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie nobody reaped yet does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def test_the_engine_stops_when_its_desktop_is_killed(sqlite_db: Database) -> None:
    url = sqlite_db.url.render_as_string(hide_password=False)
    desktop = subprocess.Popen([sys.executable, "-c", _DESKTOP, url, str(free_port())], stdout=subprocess.PIPE,
                               text=True, env={**os.environ, "AGENTDESK_TEST_NOTHING": "x"})
    try:
        assert desktop.stdout is not None
        engine = int(desktop.stdout.readline())
        deadline = time.monotonic() + 60
        while not Path(f"/proc/{engine}/cmdline").read_bytes().count(b"engine_process"):
            assert time.monotonic() < deadline, "the engine process did not start"
            time.sleep(0.05)
        assert _running(engine)
        desktop.send_signal(signal.SIGKILL)
        desktop.wait(timeout=30)
        deadline = time.monotonic() + 90  # the step in hand, at most the engine's grace (30 s), on a loaded machine
        killed = time.monotonic()
        while _running(engine):
            assert time.monotonic() < deadline, "the engine outlived its desktop"
            time.sleep(0.1)
        print(f"the engine ended {time.monotonic() - killed:.1f} s after its desktop was killed")
    finally:
        if desktop.poll() is None:
            desktop.kill()
            desktop.wait(timeout=30)
