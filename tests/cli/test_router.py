"""``agentdesk router`` as a real process against Dovecot: one pass over 1,000 messages, a SIGKILL in the
middle of a sync, a clean SIGTERM stop of the service, IDLE pushes, and configuration errors."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agentdesk.cli.main import main
from agentdesk.config import default_paths
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.support.dovecot import Dovecot, ImapUser, dovecot_fixture, message
from tests.support.factories import seed_center

__all__ = ["dovecot_fixture"]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD_ENV = "AGENTDESK_TEST_IMAP_PASSWORD"


def _config(tmp_path: Path, db: Database, dovecot: Dovecot, user: ImapUser, *, batch_size: int = 200,
            extra: str = "") -> Path:
    path = tmp_path / "router.toml"
    url = db.url.render_as_string(hide_password=False)
    path.write_text(f"""
[routing]
url = "{url}"

[[mailboxes]]
name = "support"
address = "support@example.com"
team = "support"
{extra}
[mailboxes.imap]
host = "127.0.0.1"
port = {dovecot.imaps_port}
security = "tls"
ca_file = "{dovecot.cert_file}"
username = "{user.name}"
password_env = "{PASSWORD_ENV}"
batch_size = {batch_size}
poll_seconds = 30
""", encoding="utf-8")
    return path


def _router(config: Path, user: ImapUser, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, PASSWORD_ENV: user.password}
    return subprocess.Popen([sys.executable, "-m", "agentdesk.cli.main", "router", "--config", str(config), *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _wait_for_line(lines: queue.Queue[str], needle: str, deadline_seconds: float = 60) -> str:
    deadline = time.monotonic() + deadline_seconds
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"no line with {needle!r} in time; got:\n{''.join(seen[-20:])}")


def _count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Interaction)) or 0)


def _assert_exactly_once(db: Database, raws: list[bytes]) -> None:
    with db.read() as s:
        stored = [r for r in s.scalars(select(Interaction.raw)) if r is not None]
    assert len(stored) == len(raws) and sorted(stored) == sorted(raws)


def _run_once(config: Path, user: ImapUser) -> tuple[int, str, float]:
    started = time.perf_counter()
    proc = _router(config, user, "--once")
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err, time.perf_counter() - started


@pytest.mark.slow
def test_once_ingests_a_thousand_then_nothing(sqlite_db: Database, dovecot: Dovecot, tmp_path: Path) -> None:
    seed_center(sqlite_db)
    user = dovecot.new_user()
    raws = [message(n) for n in range(1, 1001)]
    dovecot.append(user, raws)
    config = _config(tmp_path, sqlite_db, dovecot, user)
    code, err, first = _run_once(config, user)
    assert code == 0, err
    assert "1000/1000 messages" in err
    _assert_exactly_once(sqlite_db, raws)
    with sqlite_db.read() as s:  # bodies were parsed in the second step of the same pass
        assert all("body_pending" not in flags for flags in s.scalars(select(Interaction.parse_flags)))
        assert s.scalar(select(func.count()).where(Interaction.body_text.like("Hello, this is message%"))) == 1000
    code, err, second = _run_once(config, user)
    assert code == 0, err
    assert "0 ingested" in err
    assert _count(sqlite_db) == 1000
    print(f"\nrouter --once: first pass over 1,000 messages {first:.2f} s, second pass {second:.2f} s "
          "(whole process, including interpreter start)")
    log = (Path(os.environ["AGENTDESK_HOME"]) / "log" / "router.log").read_text(encoding="utf-8")
    assert log == default_paths().log_dir.joinpath("router.log").read_text(encoding="utf-8")
    assert "1000 ingested" in log and user.password not in log


@pytest.mark.slow
def test_sigkill_mid_sync_then_restart_stores_each_once(sqlite_db: Database, dovecot: Dovecot,
                                                        tmp_path: Path) -> None:
    seed_center(sqlite_db)
    user = dovecot.new_user()
    raws = [message(n, body="k" * 2000 + "\r\n") for n in range(1, 1001)]
    dovecot.append(user, raws)
    config = _config(tmp_path, sqlite_db, dovecot, user, batch_size=25)
    proc = _router(config, user, "--once")
    try:
        _wait_for_line(_lines(proc), "support: 25/1000")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    partial = _count(sqlite_db)
    print(f"\nkilled after {partial} of 1000 messages were stored")
    assert partial < 1000
    code, err, _ = _run_once(config, user)
    assert code == 0, err
    _assert_exactly_once(sqlite_db, raws)


def test_service_takes_pushes_and_stops_cleanly_on_sigterm(sqlite_db: Database, dovecot: Dovecot,
                                                          tmp_path: Path) -> None:
    seed_center(sqlite_db)
    user = dovecot.new_user()
    dovecot.append(user, [message(n) for n in range(1, 4)])
    config = _config(tmp_path, sqlite_db, dovecot, user)
    proc = _router(config, user)
    try:
        lines = _lines(proc)
        _wait_for_line(lines, "support: 3/3 messages")
        dovecot.append(user, [message(4)])  # arrives by IDLE, long before the 30 s poll
        _wait_for_line(lines, "support: 1/1 messages", deadline_seconds=20)
        assert _count(sqlite_db) == 4
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        _wait_for_line(lines, "router stopped", deadline_seconds=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


@pytest.mark.parametrize(
    ("extra", "message_part"),
    [
        ('colour = "blue"\n', "mailbox 'support': unknown key 'colour' in [[mailboxes]]"),
        ('after_ingest = "delete"\n', "mailbox 'support': 'after_ingest' must be"),
    ],
)
def test_configuration_errors_exit_2(sqlite_db: Database, dovecot: Dovecot, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str], extra: str, message_part: str) -> None:
    config = _config(tmp_path, sqlite_db, dovecot, dovecot.new_user(), extra=extra)
    assert main(["router", "--once", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert message_part in err and str(config) in err


def test_missing_password_is_reported_and_exits_1(sqlite_db: Database, dovecot: Dovecot, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    seed_center(sqlite_db)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    config = _config(tmp_path, sqlite_db, dovecot, dovecot.new_user())
    assert main(["router", "--once", "--config", str(config)]) == 1
    assert f"{PASSWORD_ENV} named by password_env is not set" in capsys.readouterr().err
