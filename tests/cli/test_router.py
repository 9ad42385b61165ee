"""``agentdesk router`` as a real process against Dovecot: one pass over 1,000 messages, a SIGKILL in the
middle of a sync, a clean SIGTERM stop of the service, IDLE pushes, and configuration errors."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agentdesk.actions import ActionContext
from agentdesk.actions.outbound import reply, send
from agentdesk.actions.transfer import transfer
from agentdesk.cli.main import main
from agentdesk.cli.router import housekeeping
from agentdesk.config import default_paths
from agentdesk.routing.db import Database
from agentdesk.routing.engine import Engine
from agentdesk.routing.models import History, Interaction, OutboxItem, TransferOffer
from agentdesk.routing.types import utcnow
from tests.actions.outbound_support import NO_QA
from tests.support.dovecot import Dovecot, ImapUser, dovecot_fixture, message
from tests.support.factories import inbound, seed_center
from tests.support.smtpd import Faults, SmtpTestServer, wait_until

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
    assert "nothing new (quick check)" in err  # the agents are full: nothing to route either
    assert _count(sqlite_db) == 1000
    print(f"\nrouter --once: first pass over 1,000 messages {first:.2f} s, second pass {second:.2f} s "
          "(whole process, including interpreter start)")
    log = (Path(os.environ["AGENTDESK_HOME"]) / "log" / "router.log").read_text(encoding="utf-8")
    assert log == default_paths().log_dir.joinpath("router.log").read_text(encoding="utf-8")
    assert "1000 ingested" in log and user.password not in log


def _kill_at(config: Path, user: ImapUser, needle: str) -> None:
    proc = _router(config, user, "--once")
    try:
        _wait_for_line(_lines(proc), needle)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


@pytest.mark.slow
def test_sigkill_mid_sync_then_restart_stores_each_once(sqlite_db: Database, dovecot: Dovecot,
                                                        tmp_path: Path) -> None:
    seed_center(sqlite_db)
    user = dovecot.new_user()
    raws = [message(n, body="k" * 2000 + "\r\n") for n in range(1, 1001)]
    dovecot.append(user, raws)
    config = _config(tmp_path, sqlite_db, dovecot, user, batch_size=25)
    _kill_at(config, user, "support: 25/1000")  # early in the first pass
    partial = _count(sqlite_db)
    print(f"\nkilled after {partial} of 1000 messages were stored")
    assert partial < 1000
    _kill_at(config, user, f"support: 100/{1000 - partial}")  # again, in the middle of the restarted pass
    again = _count(sqlite_db)
    print(f"killed again after {again} of 1000 messages were stored")
    assert partial <= again < 1000
    code, err, _ = _run_once(config, user)
    assert code == 0, err
    _assert_exactly_once(sqlite_db, raws)
    with sqlite_db.read() as s:  # bodies a kill left unparsed were parsed by the next pass
        assert all("body_pending" not in flags for flags in s.scalars(select(Interaction.parse_flags)))


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


def _expired_offer(db: Database) -> tuple[int, int]:
    """A transfer offer past its time (sato → suzuki): (interaction id, offer id)."""
    center = seed_center(db)
    iid = inbound(db, center)
    offer = transfer(ActionContext(db, "sato"), iid, to_login="suzuki")
    with db.write() as s:
        row = s.get(TransferOffer, offer)
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
    return iid, offer


def _offer_state(db: Database, offer: int) -> str:
    with db.read() as s:
        row = s.get(TransferOffer, offer)
        assert row is not None
        return row.state


def test_each_engine_pass_expires_transfer_offers(db: Database) -> None:
    _, offer = _expired_offer(db)
    report = Engine(db, [], housekeeping=housekeeping()).run_once()
    assert report.housekeeping["transfer offers"] == 1 and report.errors == {}
    assert _offer_state(db, offer) == "expired"
    assert Engine(db, [], housekeeping=housekeeping()).run_once().housekeeping["transfer offers"] == 0


def test_a_failing_housekeeping_task_is_reported_not_fatal(db: Database) -> None:
    def broken(_db: Database) -> int:
        raise RuntimeError("boom")

    report = Engine(db, [], housekeeping={"broken": broken}).run_once()
    assert report.errors == {"broken": "broken failed: boom"}


def test_router_once_expires_transfer_offers(db: Database, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    iid, offer = _expired_offer(db)
    config = tmp_path / "router.toml"
    config.write_text(f"""
[routing]
url = "{db.url.render_as_string(hide_password=False)}"

[[mailboxes]]
name = "support"
address = "support@example.com"
team = "support"
[mailboxes.smtp]
host = "127.0.0.1"
port = 1
security = "none"
username = "support@example.com"
""", encoding="utf-8")
    assert main(["router", "--once", "--config", str(config)]) == 0
    assert "1 transfer offers expired" in capsys.readouterr().err
    assert _offer_state(db, offer) == "expired"
    with db.read() as s:
        assert s.scalar(select(History.event).where(History.interaction_id == iid)
                        .order_by(History.id.desc()).limit(1)) == "transfer_expired"


# -- SIGKILL in the middle of a send ---------------------------------------------------------------------------
SMTP_PASSWORD_ENV = "AGENTDESK_TEST_SMTP_PASSWORD"


class SilentServer:
    """Accepts connections and never says a word (an SMTP server that hangs before its greeting)."""

    def __init__(self) -> None:
        self.accepted: list[socket.socket] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(4)
        self.port = int(self._listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self._listener.close()
        for conn in self.accepted:
            conn.close()


def _smtp_config(tmp_path: Path, db: Database, port: int) -> Path:
    path = tmp_path / "router-smtp.toml"
    path.write_text(f"""
[routing]
url = "{db.url.render_as_string(hide_password=False)}"

[[mailboxes]]
name = "support"
address = "support@example.com"
team = "support"
[mailboxes.smtp]
host = "127.0.0.1"
port = {port}
security = "none"
username = "support@example.com"
password_env = "{SMTP_PASSWORD_ENV}"
timeout = 60
""", encoding="utf-8")
    return path


def _smtp_router(config: Path) -> subprocess.Popen[str]:
    env = {**os.environ, SMTP_PASSWORD_ENV: "pw"}
    return subprocess.Popen([sys.executable, "-m", "agentdesk.cli.main", "router", "--once", "--config", str(config)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _outbox(db: Database, interaction_id: int) -> OutboxItem:
    with db.read() as s:
        found = s.scalars(select(OutboxItem).where(OutboxItem.interaction_id == interaction_id)).one()
        return found


@pytest.mark.slow
@pytest.mark.parametrize("point", ["before-the-greeting", "after-the-body"])
def test_sigkill_mid_send_then_restart_sends_nothing_twice(db: Database, tmp_path: Path, point: str) -> None:
    center = seed_center(db, qa_review=NO_QA)
    replies = []
    for text in ("一通目です。", "二通目です。"):
        oid = reply(ActionContext(db, "sato"), inbound(db, center), text=text)
        assert send(ActionContext(db, "sato"), oid) == "outbox"
        replies.append(oid)
    first, second = replies
    users = {"support@example.com": "pw"}
    stalled = SmtpTestServer(users=users, faults=Faults(stall=True), stall_seconds=120).start() \
        if point == "after-the-body" else None
    silent = SilentServer() if stalled is None else None
    port = stalled.port if stalled is not None else silent.port  # type: ignore[union-attr]
    proc = _smtp_router(_smtp_config(tmp_path, db, port))
    try:
        def stuck() -> bool:
            if proc.poll() is not None:
                return True
            reached = len(stalled.bodies) == 1 if stalled is not None else bool(silent and silent.accepted)
            return reached and _outbox(db, first).state == "sending"

        wait_until(stuck, timeout=60, what=f"the router stuck {point}")
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        for server in (stalled, silent):
            if server is not None:
                server.stop() if isinstance(server, SmtpTestServer) else server.close()
    with SmtpTestServer(users=users) as good:
        config = _smtp_config(tmp_path, db, good.port)
        for _ in range(3):  # PostgreSQL may take a moment to notice the dead session and free its lock
            restarted = _smtp_router(config)
            _, err = restarted.communicate(timeout=120)
            assert restarted.returncode == 0, err
            if _outbox(db, first).state != "sending":
                break
        assert _outbox(db, second).state == "sent"
        if point == "before-the-greeting":  # its end of data was never written: sent again, once
            assert _outbox(db, first).state == "sent"
            assert sorted(m.data for m in good.messages) == sorted([_outbox(db, first).raw, _outbox(db, second).raw])
            event = "send_deferred"
        else:
            assert _outbox(db, first).state == "uncertain"
            assert [m.data for m in good.messages] == [_outbox(db, second).raw]  # the first was not sent again
            event = "send_uncertain"
    with db.read() as s:
        detail = s.scalars(select(History.detail).where(History.interaction_id == first,
                                                        History.event == event)).one()
    assert detail["interrupted"] is True
