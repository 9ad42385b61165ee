"""agentdesk.gui.probe: the heartbeat the stall benchmarks read, and ``AGENTDESK_PROBE=ready`` on the real
``agentdesk`` command (what bench/bench_startup.py times, on the source install and the packaged app)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from agentdesk.gui.probe import Heartbeat, percentile
from agentdesk.routing.db import Database
from tests.support.factories import Center, inbound


def test_the_heartbeat_records_its_lateness(qtbot: QtBot) -> None:
    heartbeat = Heartbeat()
    heartbeat.start()
    qtbot.waitUntil(lambda: len(heartbeat.lateness) >= 20, timeout=20000)
    heartbeat.stop()
    figures = heartbeat.figures()
    assert figures["beats"] >= 20 and figures["max_ms"] >= figures["p99_ms"] >= figures["p50_ms"] >= 0.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 3.0 and percentile([], 0.99) == 0.0


def _agentdesk() -> list[str]:
    script = Path(sys.executable).with_name("agentdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "agentdesk.cli.main"]


def test_the_real_command_says_when_its_window_is_usable(sqlite_db: Database, center: Center, tmp_path: Path) -> None:
    inbound(sqlite_db, center)
    config = tmp_path / "agentdesk.toml"
    url = sqlite_db.url.render_as_string(hide_password=False)
    config.write_text(f'[routing]\nurl = "{url}"\n\n[user]\nlogin = "sato"\nlanguage = "en"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGENTDESK_", "QT_"))}
    env.update(AGENTDESK_HOME=str(tmp_path / "home"), AGENTDESK_CONFIG=str(config), AGENTDESK_PROBE="ready",
               QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    done = subprocess.run(_agentdesk(), capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    ready = [line.split() for line in done.stdout.splitlines() if line.startswith("agentdesk probe: ready ")]
    assert ready, done.stdout + done.stderr[-3000:]
    rows, cpu_seconds = int(ready[0][3]), float(ready[0][4])
    assert rows == 1 and cpu_seconds > 0.0
