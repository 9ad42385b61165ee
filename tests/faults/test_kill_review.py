"""SIGKILL during review decisions: a child process where a lead approves, edits and approves or rejects rounds
at random, and the author sends rejected replies again, killed at a random moment. Each decision happened wholly
or not at all: the round, the reply's state, its outbox row and its history agree; every decision the child saw
return is there, none twice."""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.outbound import reply, send
from agentdesk.routing.db import Database
from agentdesk.routing.models import History, Interaction, OutboxItem, QaRound
from tests.faults.harness import KillPlan, Tally, backend_db, require_ok, seed_for, trials, zygote
from tests.faults.worlds import db_url
from tests.support.factories import Center, inbound, seed_center

POOL = 5


def _top_up(db: Database, center: Center, waiting: set[int]) -> None:
    """Keep ``POOL`` replies waiting for review (team support is reviewed)."""
    author = ActionContext(db, "sato")
    with db.read() as s:
        open_ = set(s.scalars(select(Interaction.id).where(Interaction.id.in_(waiting),
                                                           Interaction.state.in_(("review", "rejected")))))
    for _ in range(POOL - len(open_)):
        oid = reply(author, inbound(db, center, owner="sato"), text="Thank you for waiting.")
        assert send(author, oid) == "review"
        waiting.add(oid)


def _inconsistent(db: Database, ids: set[int], done: list[dict[str, Any]]) -> tuple[int, int, list[str]]:
    """(lost, duplicated, what is wrong) over the replies ``ids`` and the decisions the children saw return."""
    problems: list[str] = []
    lost = duplicated = 0
    with db.read() as s:
        rounds: dict[int, list[QaRound]] = {}
        for r in s.scalars(select(QaRound).where(QaRound.interaction_id.in_(ids)).order_by(QaRound.round_no)):
            rounds.setdefault(r.interaction_id, []).append(r)
        states = dict(s.execute(select(Interaction.id, Interaction.state).where(Interaction.id.in_(ids))).all())
        items = Counter(s.scalars(select(OutboxItem.interaction_id).where(OutboxItem.interaction_id.in_(ids))))
        events = Counter((i, e) for i, e in s.execute(select(History.interaction_id, History.event).where(
            History.interaction_id.in_(ids))))
    for oid in ids:
        rs = rounds.get(oid, [])
        decisions = Counter(r.decision for r in rs)
        last = rs[-1].decision if rs else None
        want = {None: "review", "rejected": "rejected", "approved": "outbox", "edited": "outbox"}.get(last)
        if states[oid] != want:
            problems.append(f"reply {oid}: state {states[oid]} but its last round is {last}")
        if [r.round_no for r in rs] != list(range(1, len(rs) + 1)) or any(r.decision is None for r in rs[:-1]):
            problems.append(f"reply {oid}: rounds {[(r.round_no, r.decision) for r in rs]}")
        approved = decisions["approved"] + decisions["edited"]
        if items[oid] != approved or approved > 1:
            duplicated += max(0, items[oid] - 1)
            problems.append(f"reply {oid}: {items[oid]} outbox rows for {approved} approvals")
        for event, count in (("submitted_for_review", len(rs)), ("approved", approved),
                             ("rejected", decisions["rejected"]), ("queued_to_outbox", approved)):
            if events[(oid, event)] != count:
                duplicated += max(0, events[(oid, event)] - count)
                problems.append(f"reply {oid}: {events[(oid, event)]} {event} history rows, {count} expected")
    for op in done:  # what a child saw return must be there
        rs = rounds.get(op["id"], [])
        if op["op"] in ("approved", "edited", "rejected"):
            found = [r.decision for r in rs if r.round_no == op["round"]]
            if found != [op["op"]]:
                lost += 1
                problems.append(f"{op}: round holds {found}")
        elif op["op"] == "resubmitted" and not any(r.decision is None or r.round_no > 1 for r in rs):
            lost += 1
            problems.append(f"{op}: no new round")
    return lost, duplicated, problems


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sigkill_during_review_decisions_keeps_each_whole(backend: str, request: pytest.FixtureRequest,
                                                          tmp_path: Path) -> None:
    db: Database = backend_db(request, backend)
    center = seed_center(db)
    seed = seed_for(f"review/{backend}")
    rng = random.Random(seed)
    plan = KillPlan(rng)
    tally = Tally("review decisions", backend, seed)
    ids: set[int] = set()
    done: list[dict[str, Any]] = []
    started = time.monotonic()
    with zygote(tmp_path / "trials") as z:
        n = 0
        while tally.killed < trials(backend) and tally.trials < 3 * trials(backend):
            _top_up(db, center, ids)
            args = {"url": db_url(db), "seed": rng.randrange(2**32), "ops": 4, "lead": "tanaka", "author": "sato"}
            if n == 0:  # a whole run first: it warms the zygote and sizes the kill points
                warm = z.run("review", args, inproc=True)
                require_ok(warm, "the review run")
                plan.learn(warm)
                done += warm.ops()
                _top_up(db, center, ids)
            run = z.run("review", args, **plan.kill(n))
            tally.trials += 1
            if run.killed:
                tally.killed += 1
            else:
                require_ok(run, "the review child")
                plan.learn(run)
            done += run.ops()
            lost, duplicated, problems = _inconsistent(db, ids, done)
            tally.lost += lost
            tally.duplicated += duplicated
            assert not problems, f"trial {n} (seed {seed}): {problems}"
            n += 1
    tally.actions = len(done)
    tally.seconds = time.monotonic() - started
    tally.save()
    assert (tally.lost, tally.duplicated) == (0, 0)
    assert tally.killed >= trials(backend)
