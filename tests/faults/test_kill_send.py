"""SIGKILL during sending: ``agentdesk router --once`` killed at a random moment of the outbox pass (before the
greeting, between SMTP commands, after the end of the data before the answer, before or after a commit), then
run again (the server thinks up to 50 ms before it answers the data, as real ones do). Counted at the SMTP server
by Message-ID: nothing is delivered twice; a send the kill left in doubt
is shown to the agent as uncertain, never retried on its own; once the agent decides it, every reply is
delivered exactly once.

Both behaviours of the outbox after a crash pass these checks: every interrupted send shown as uncertain, or
(issue 17) one that died before its end of data retried on its own and only one after it left uncertain.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from agentdesk.actions.context import ActionContext
from agentdesk.actions.outbound import reply, send
from agentdesk.actions.outbox import decide_uncertain, list_outbox
from agentdesk.routing.db import Database
from agentdesk.routing.models import History, OutboxItem
from agentdesk.routing.types import utcnow
from tests.actions.outbound_support import NO_QA
from tests.faults.harness import KillPlan, Tally, Zygote, backend_db, require_ok, seed_for, trials, zygote
from tests.faults.worlds import (
    IMAP_PASSWORD_ENV,
    SMTP_PASSWORD,
    SMTP_PASSWORD_ENV,
    SMTP_USER,
    message_id_of,
    router_settings,
)
from tests.support.dovecot import Dovecot, dovecot_fixture
from tests.support.factories import inbound, seed_center
from tests.support.smtpd import Faults, Received, SmtpTestServer

__all__ = ["dovecot_fixture"]


def _states(db: Database, ids: list[int]) -> dict[int, tuple[str, str, int]]:
    """interaction id → (outbox state, Message-ID, attempts)"""
    with db.read() as s:
        return {i: (st, mid, att) for i, st, mid, att in s.execute(
            select(OutboxItem.interaction_id, OutboxItem.state, OutboxItem.message_id, OutboxItem.attempts)
            .where(OutboxItem.interaction_id.in_(ids)))}


def _settle(z: Zygote, db: Database, config: Path, ids: list[int]) -> None:
    """Restart the router until no reply of ``ids`` is queued or being sent (a retry's backoff is skipped: time
    passes); bounded."""
    for _ in range(6):
        run = z.run("router", {"config": str(config)}, inproc=True)
        require_ok(run, "the restarted router")
        open_ = [i for i, (state, _, _) in _states(db, ids).items() if state in ("queued", "sending")]
        if not open_:
            return
        with db.write() as s:  # a retry waits for its backoff: let that time pass
            s.execute(update(OutboxItem).where(OutboxItem.interaction_id.in_(open_), OutboxItem.state == "queued")
                      .values(not_before=utcnow()))
        time.sleep(0.2)  # PostgreSQL may take a moment to end a killed sender's session and free its lock
    raise AssertionError(f"replies still open after restarts: {_states(db, ids)}")


@pytest.mark.slow
@pytest.mark.parametrize(("backend", "sent_folder"), [
    ("sqlite", False), pytest.param("postgres", False, marks=pytest.mark.postgres), ("sqlite", True)])
def test_sigkill_during_sending_never_sends_twice_nor_loses(backend: str, sent_folder: bool,
                                                           request: pytest.FixtureRequest, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """``sent_folder``: the SMTP server files what it takes in the mailbox's Sent folder (as Gmail and Microsoft
    365 do) and the mailbox says so: an uncertain send is decided there, by nobody (grace period 0 here)."""
    db: Database = backend_db(request, backend)
    center = seed_center(db, qa_review=NO_QA)
    monkeypatch.setenv(SMTP_PASSWORD_ENV, SMTP_PASSWORD)
    shape = f"{backend}{', server files in Sent' if sent_folder else ''}"
    seed = seed_for(f"send/{shape}")
    rng = random.Random(seed)
    plan = KillPlan(rng)
    tally = Tally("sending", shape, seed)
    wanted = trials("postgres" if sent_folder else backend)
    deliver = None
    imap: dict[str, Any] = {}
    if sent_folder:
        dovecot: Dovecot = request.getfixturevalue("dovecot")
        user = dovecot.new_user()
        monkeypatch.setenv(IMAP_PASSWORD_ENV, user.password)
        imap = {"dovecot": dovecot, "user": user, "imap_extra": "server_files_sent = true\nsent_grace_seconds = 0\n"}

        def deliver(received: Received) -> None:
            dovecot.append(user, [received.data], folder="Sent")
    agent = ActionContext(db, "sato")
    started = time.monotonic()
    every: list[int] = []
    # the server thinks 0–50 ms before answering the data, so that a kill after a delay lands there too
    faults = Faults(answer_delay=(0.0, 0.05), seed=seed)
    with SmtpTestServer(users={SMTP_USER: SMTP_PASSWORD}, faults=faults, deliver=deliver) as smtp, \
            zygote(tmp_path / "trials") as z:
        config = router_settings(tmp_path / "router.toml", db, smtp_port=smtp.port, **imap)
        warm = []  # a whole pass over three replies first: it warms the zygote and sizes the kill points
        for k in range(3):
            warm.append(reply(agent, inbound(db, center), text=f"warm-up {k}"))
            assert send(agent, warm[-1]) == "outbox"
        whole = z.run("router", {"config": str(config)}, inproc=True)
        require_ok(whole, "the router")
        plan.learn(whole)
        every += warm
        n = 0
        while tally.killed < wanted and tally.trials < 3 * wanted:
            ids = []
            for k in range(rng.randint(1, 3)):
                oid = reply(agent, inbound(db, center), text=f"trial {n} reply {k}")
                assert send(agent, oid) == "outbox"
                ids.append(oid)
            every += ids
            run = z.run("router", {"config": str(config)}, **plan.kill(n))
            tally.trials += 1
            if run.killed:
                tally.killed += 1
            else:
                require_ok(run, "the router")
                plan.learn(run)
            _settle(z, db, config, ids)
            delivered = Counter(message_id_of(m.data) for m in smtp.messages)
            states = _states(db, ids)
            shown = {v.interaction_id for v in list_outbox(agent, states=("uncertain",))}
            for iid, (state, mid, _) in states.items():
                count = delivered[mid]
                tally.double_sends += max(0, count - 1)
                assert count <= 1, f"trial {n} (seed {seed}): {mid} delivered {count} times"
                assert state in ("sent", "uncertain"), f"trial {n} (seed {seed}): reply {iid} is {state}"
                if state == "sent":
                    tally.lost += count == 0
                    assert count == 1, f"trial {n} (seed {seed}): reply {iid} is sent but never reached the server"
                else:
                    tally.uncertain += 1
                    assert not sent_folder, f"trial {n} (seed {seed}): reply {iid} left for a person to decide"
                    assert iid in shown, f"trial {n}: uncertain reply {iid} is not shown for a decision"
                    # the agent decides on what they know (here: what the server has)
                    decide_uncertain(agent, iid, "sent" if count else "resend")
            if any(state == "uncertain" for state, _, _ in states.values()):
                _settle(z, db, config, ids)
            with db.read() as s:  # sent again on its own: a kill before the end of the data (issue 17)
                tally.retried += len(set(s.scalars(select(History.interaction_id).where(
                    History.interaction_id.in_(ids), History.event == "send_deferred"))))
            n += 1
        delivered = Counter(message_id_of(m.data) for m in smtp.messages)
    final = _states(db, every)
    with db.read() as s:
        sent_events = Counter(s.scalars(select(History.interaction_id).where(
            History.interaction_id.in_(every), History.event == "sent")))
        items = dict(s.execute(select(OutboxItem.interaction_id, func.count()).where(
            OutboxItem.interaction_id.in_(every)).group_by(OutboxItem.interaction_id)).all())
    tally.lost += sum(1 for _, mid, _ in final.values() if delivered[mid] == 0)
    tally.duplicated += sum(1 for i in every if sent_events[i] != 1 or items.get(i) != 1)
    tally.actions = len(every)
    tally.seconds = time.monotonic() - started
    tally.save()
    assert all(state == "sent" for state, _, _ in final.values()), final
    assert sorted(delivered.values()) == [1] * len(every) and len(delivered) == len(every)
    assert (tally.lost, tally.duplicated, tally.double_sends) == (0, 0, 0)
    assert tally.killed >= wanted
