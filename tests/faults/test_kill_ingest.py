"""SIGKILL during ingest: ``agentdesk router --once`` killed at a random moment of a sync, then run again; every
message appended to Dovecot is one interaction (none lost, none twice), with one "received" history row."""

from __future__ import annotations

import random
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.faults.harness import KillPlan, Tally, backend_db, require_ok, seed_for, trials, zygote
from tests.faults.worlds import IMAP_PASSWORD_ENV, inbound_copies, received_not_once, router_settings
from tests.support.dovecot import Dovecot, dovecot_fixture, message
from tests.support.factories import seed_center

__all__ = ["dovecot_fixture"]


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sigkill_during_ingest_loses_and_duplicates_nothing(backend: str, request: pytest.FixtureRequest,
                                                            dovecot: Dovecot, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db: Database = backend_db(request, backend)
    seed_center(db)
    user = dovecot.new_user()
    monkeypatch.setenv(IMAP_PASSWORD_ENV, user.password)
    config = router_settings(tmp_path / "router.toml", db, dovecot=dovecot, user=user, batch_size=2)
    seed = seed_for(f"ingest/{backend}")
    rng = random.Random(seed)
    plan = KillPlan(rng)
    tally = Tally("ingest", backend, seed)
    appended: list[bytes] = []
    started = time.monotonic()
    with zygote(tmp_path / "trials") as z:
        n = 0
        while tally.killed < trials(backend) and tally.trials < 3 * trials(backend):
            new = [message(rng.randrange(10**6), body=f"trial {n} {uuid.uuid4().hex}\r\n")
                   for _ in range(rng.randint(2, 6))]
            dovecot.append(user, new)
            appended += new
            run = z.run("router", {"config": str(config)}, **plan.kill(n))
            tally.trials += 1
            if run.killed:
                tally.killed += 1
            else:
                require_ok(run, "the router")
            again = z.run("router", {"config": str(config)}, inproc=True)
            require_ok(again, "the restarted router")
            plan.learn(again)
            lost, duplicated = inbound_copies(db, appended)
            tally.lost += lost
            tally.duplicated += duplicated + received_not_once(db)
            assert (lost, duplicated) == (0, 0), f"trial {n} (seed {seed}): lost {lost}, duplicated {duplicated}"
            n += 1
    with db.read() as s:
        flags = list(s.scalars(select(Interaction.parse_flags)))
    assert all("body_pending" not in f for f in flags), "bodies a kill left unparsed were parsed afterwards"
    tally.actions = len(appended)
    tally.seconds = time.monotonic() - started
    tally.save()
    assert tally.killed >= trials(backend)
    assert (tally.lost, tally.duplicated) == (0, 0)
