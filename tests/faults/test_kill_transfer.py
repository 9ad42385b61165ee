"""SIGKILL during transfers: a child process where agents offer interactions to each other, accept, decline
and withdraw at random, killed at a random moment. Each step happened wholly or not at all: at most one pending
offer per interaction, each offer's history says what its state says, once, and the owner is the one the
accepted offers lead to; every step the child saw return is there."""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from agentdesk.routing.db import Database
from agentdesk.routing.models import History, Interaction, TransferOffer
from tests.faults.harness import KillPlan, Tally, backend_db, require_ok, seed_for, trials, zygote
from tests.faults.worlds import db_url
from tests.support.factories import inbound, seed_center

TERMINAL = {"accepted": "transfer_accepted", "declined": "transfer_declined", "withdrawn": "transfer_withdrawn",
            "expired": "transfer_expired"}


def _inconsistent(db: Database, first_owner: dict[int, int], done: list[dict[str, Any]]) -> tuple[int, int, list[str]]:
    """(lost, duplicated, what is wrong) over the interactions and the steps the children saw return."""
    problems: list[str] = []
    lost = duplicated = 0
    ids = list(first_owner)
    with db.read() as s:
        interactions = {i.id: i for i in s.scalars(select(Interaction).where(Interaction.id.in_(ids)))}
        offers = list(s.scalars(select(TransferOffer).where(TransferOffer.interaction_id.in_(ids))
                                .order_by(TransferOffer.id)))
        events: Counter[tuple[str, int]] = Counter()
        for event, detail in s.execute(select(History.event, History.detail).where(
                History.interaction_id.in_(ids), History.event.like("transfer_%"))):
            events[(event, int(detail["offer_id"]))] += 1
    pending = Counter(o.interaction_id for o in offers if o.state == "pending")
    owner: dict[int, int | None] = dict(first_owner)
    for offer in sorted((o for o in offers if o.state == "accepted"), key=lambda o: (o.answered_at, o.id)):
        owner[offer.interaction_id] = offer.answered_by
    for iid, row in interactions.items():
        if row.state != "assigned" or row.owner_id != owner[iid]:
            problems.append(f"interaction {iid}: {row.state}, owner {row.owner_id}; the offers say {owner[iid]}")
        if pending[iid] > 1:
            duplicated += pending[iid] - 1
            problems.append(f"interaction {iid}: {pending[iid]} pending offers")
    by_id = {o.id: o for o in offers}
    for offer in offers:
        want = {("transfer_offered", offer.id): 1}
        if offer.state in TERMINAL:
            want[(TERMINAL[offer.state], offer.id)] = 1
        got = {k: v for k, v in events.items() if k[1] == offer.id}
        if got != want:
            duplicated += sum(max(0, v - want.get(k, 0)) for k, v in got.items())
            problems.append(f"offer {offer.id} ({offer.state}): history {got}")
    for op in done:
        if op["op"] == "refused":
            continue
        found = by_id.get(op["offer"])
        final = {"offered": None, "accepted": "accepted", "declined": "declined", "withdrawn": "withdrawn"}[op["op"]]
        if found is None or (final is not None and found.state != final):
            lost += 1
            problems.append(f"{op}: offer is {found.state if found else 'missing'}")
    return lost, duplicated, problems


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sigkill_during_transfers_keeps_each_whole(backend: str, request: pytest.FixtureRequest,
                                                   tmp_path: Path) -> None:
    db: Database = backend_db(request, backend)
    center = seed_center(db, transfer_timeout_minutes=60)
    seed = seed_for(f"transfer/{backend}")
    rng = random.Random(seed)
    plan = KillPlan(rng)
    tally = Tally("transfers", backend, seed)
    owners = ["sato", "suzuki", "sato", "suzuki", "sato", "suzuki"]
    first_owner = {inbound(db, center, owner=login): center.users[login] for login in owners}
    done: list[dict[str, Any]] = []
    started = time.monotonic()
    with zygote(tmp_path / "trials") as z:
        n = 0
        while tally.killed < trials(backend) and tally.trials < 3 * trials(backend):
            args = {"url": db_url(db), "seed": rng.randrange(2**32), "ops": 5, "ids": list(first_owner),
                    "agents": ["sato", "suzuki"]}
            if n == 0:  # a whole run first: it warms the zygote and sizes the kill points
                warm = z.run("transfers", args, inproc=True)
                require_ok(warm, "the transfer run")
                plan.learn(warm)
                done += warm.ops()
            run = z.run("transfers", args, **plan.kill(n))
            tally.trials += 1
            if run.killed:
                tally.killed += 1
            else:
                require_ok(run, "the transfer child")
                plan.learn(run)
            done += run.ops()
            lost, duplicated, problems = _inconsistent(db, first_owner, done)
            tally.lost += lost
            tally.duplicated += duplicated
            assert not problems, f"trial {n} (seed {seed}): {problems}"
            n += 1
    tally.actions = sum(1 for op in done if op["op"] != "refused")
    tally.seconds = time.monotonic() - started
    tally.save()
    assert (tally.lost, tally.duplicated) == (0, 0)
    assert tally.killed >= trials(backend)
