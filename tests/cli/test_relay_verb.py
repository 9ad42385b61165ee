"""``agentdesk relay`` as a process: it listens, hints a desktop's feed when a change concerns it, and stops on
SIGTERM; settings it cannot serve are refused with a clear error (exit 2)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from agentdesk.cli.main import main
from agentdesk.desk.feed import Scope
from agentdesk.desk.relay import RelayClient
from agentdesk.routing.db import Database
from tests.support.factories import inbound, seed_center

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _settings(tmp_path: Path, url: str, extra: str = "") -> Path:
    path = tmp_path / "relay.toml"
    path.write_text(f'[routing]\nurl = "{url}"\npassword_env = ""\n{extra}', encoding="utf-8")
    return path


@pytest.mark.postgres
def test_the_relay_hints_and_stops_on_sigterm(pg_db: Database, tmp_path: Path) -> None:
    center = seed_center(pg_db)
    config = _settings(tmp_path, pg_db.url.render_as_string(hide_password=True))
    port = _free_port()
    env = {**os.environ, "AGENTDESK_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-m", "agentdesk.cli.main", "relay", "--config", str(config),
                             "--listen", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    up, hinted = threading.Event(), threading.Event()
    with pg_db.read() as s:
        from sqlalchemy import text

        sato, team = s.execute(text("SELECT id, team_id FROM users WHERE login = 'sato'")).one()
    client = RelayClient(f"127.0.0.1:{port}", Scope(sato, team), on_hint=lambda _n: hinted.set(),
                         on_state=lambda ok: up.set() if ok else None, retry_seconds=0.2).start()
    try:
        assert up.wait(30), proc.stderr.read() if proc.poll() is not None and proc.stderr else "no hello"
        inbound(pg_db, center, owner="sato")
        assert hinted.wait(20)
    finally:
        client.stop()
        proc.send_signal(signal.SIGTERM)
        try:
            _out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0, err
    assert "relay following the change log" in err and "relay stopped" in err


@pytest.mark.parametrize(("url", "extra", "says"), [
    ("sqlite:///x.db", "", "PostgreSQL"),
    ("postgresql+psycopg://a@127.0.0.1:6432/agentdesk?sslmode=disable", "pooled = true\n", "direct connection"),
])
def test_settings_the_relay_cannot_serve_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str,
                                                      extra: str, says: str) -> None:
    assert main(["relay", "--config", str(_settings(tmp_path, url, extra))]) == 2
    assert says in capsys.readouterr().err


def test_a_bad_relay_address_in_the_settings_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _settings(tmp_path, "postgresql+psycopg://a@db.example.com/agentdesk", 'relay = "host:port"\n')
    assert main(["--config", str(config), "interactions", "list"]) == 2
    assert "[routing] relay" in capsys.readouterr().err
