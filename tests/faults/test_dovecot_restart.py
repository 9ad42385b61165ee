"""Dovecot restarted in the middle of a sync: the ``agentdesk router`` service is ingesting a mailbox when the
test stops its own Dovecot by pid and starts it again (twice, at seeded points, and once while the router waits
in IDLE); the router reconnects by itself and the sync resumes: every message is one interaction, none lost,
none twice. The test's Dovecot is its own (the shared one serves other tests meanwhile)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.faults.harness import ROOT, Tally, seed_for
from tests.faults.worlds import IMAP_PASSWORD_ENV, inbound_copies, received_not_once, router_settings
from tests.support.databases import need
from tests.support.dovecot import DOVECOT, Dovecot, message
from tests.support.factories import seed_center
from tests.support.smtpd import wait_until

MESSAGES = 240


@pytest.fixture
def own_dovecot() -> Iterator[Dovecot]:
    """A Dovecot for this test alone (it is stopped and started again)."""
    if not DOVECOT.exists():
        need("dovecot-imapd is not installed (/usr/sbin/dovecot is missing)")
    root = Path(tempfile.mkdtemp(prefix="agentdesk-dovecot-restart-"))
    root.chmod(0o755)
    server = Dovecot(root)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Interaction)) or 0)


@pytest.mark.slow
def test_dovecot_restarted_mid_sync_resumes_without_loss(sqlite_db: Database, own_dovecot: Dovecot,
                                                         tmp_path: Path) -> None:
    db = sqlite_db
    seed_center(db)
    seed = seed_for("dovecot restart")
    rng = random.Random(seed)
    tally = Tally("dovecot restart", "sqlite", seed)
    user = own_dovecot.new_user()
    raws = [message(n, body=f"{uuid.uuid4().hex}\r\n" + "r" * 3000 + "\r\n") for n in range(MESSAGES)]
    own_dovecot.append(user, raws)
    config = router_settings(tmp_path / "router.toml", db, dovecot=own_dovecot, user=user, batch_size=5)
    env = {**os.environ, IMAP_PASSWORD_ENV: user.password}
    proc = subprocess.Popen([sys.executable, "-m", "agentdesk.cli.main", "router", "--config", str(config)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[str] = []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            log.append(line)

    threading.Thread(target=read, daemon=True).start()
    started = time.monotonic()
    try:
        points = sorted(rng.sample(range(10, MESSAGES - 40, 5), 2))
        for point in points:  # restart while the router syncs
            wait_until(lambda at=point: _count(db) >= at, timeout=120, what=f"{point} messages stored")
            own_dovecot.halt()
            tally.trials += 1
            stored = _count(db)
            assert stored < MESSAGES, "the sync ended before the restart: make the mailbox bigger"
            print(f"Dovecot stopped by pid after {stored} of {MESSAGES} messages were stored; started again")
            own_dovecot.resume()
        wait_until(lambda: _count(db) >= MESSAGES, timeout=180, what="the sync to resume and finish")
        own_dovecot.halt()  # once more, while the router waits in IDLE …
        own_dovecot.resume()
        tally.trials += 1
        late = [message(MESSAGES + n) for n in range(5)]
        own_dovecot.append(user, late)  # … and new mail still arrives
        raws += late
        wait_until(lambda: _count(db) >= len(raws), timeout=180, what="the router to reconnect and take new mail")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, "".join(log[-30:])
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    lost, duplicated = inbound_copies(db, raws)
    tally.lost, tally.duplicated = lost, duplicated + received_not_once(db)
    tally.retried = sum(1 for line in log if "trying again" in line)
    tally.actions = len(raws)
    tally.seconds = time.monotonic() - started
    tally.save()
    assert (tally.lost, tally.duplicated) == (0, 0), "".join(log[-30:])
    assert tally.retried >= 1, "the router never had to reconnect:\n" + "".join(line for line in log if "messages" not in line)
