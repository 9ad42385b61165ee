"""Routing on SQLite and PostgreSQL: who gets a queued interaction, capacity, strategies, case affinity, and
what the history records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from agentdesk.routing.assign import assign_queued, claim_next, queued_teams
from agentdesk.routing.db import Database
from agentdesk.routing.models import Direction, History, Interaction, Option, State, User
from agentdesk.routing.types import utcnow
from tests.support.factories import Center, inbound, seed_center


def queue_in_case(db: Database, center: Center, case_of: int) -> int:
    """A new queued inbound email in the same case as interaction ``case_of``."""
    with db.write() as s:
        first = s.get(Interaction, case_of)
        assert first is not None
        i = Interaction(direction=Direction.INBOUND.value, state=State.QUEUED.value, team_id=first.team_id,
                        case_id=first.case_id, contact_id=first.contact_id, subject="Re: " + first.subject,
                        from_addr="jane@example.org")
        s.add(i)
        s.flush()
        return i.id


def owner_of(db: Database, interaction_id: int) -> str | None:
    with db.read() as s:
        return s.scalar(select(User.login).join(Interaction, Interaction.owner_id == User.id)
                        .where(Interaction.id == interaction_id))


def set_user(db: Database, login: str, **values: object) -> None:
    with db.write() as s:
        s.execute(update(User).where(User.login == login).values(**values))


def test_a_queued_email_goes_to_an_agent_with_history(db: Database) -> None:
    center = seed_center(db)
    queued = inbound(db, center, owner=None)
    before = utcnow()
    claimed = claim_next(db, center.support_id)
    assert claimed is not None
    interaction_id, user_id = claimed
    assert interaction_id == queued
    with db.read() as s:
        i = s.get(Interaction, queued)
        agent = s.get(User, user_id)
        assert i is not None and agent is not None
        assert agent.login in ("sato", "suzuki")  # agents only: never the lead tanaka
        assert (i.state, i.owner_id) == (State.ASSIGNED.value, user_id)
        assert i.assigned_at is not None and i.assigned_at >= before
        assert agent.last_assigned_at == i.assigned_at
        history = s.scalars(select(History).where(History.interaction_id == queued)).all()
    assert [(h.event, h.actor_id, h.detail) for h in history] == [
        ("assigned", None, {"to": agent.login, "reason": "least_busy"})]
    assert history[0].case_id == i.case_id and history[0].team_id == center.support_id
    assert claim_next(db, center.support_id) is None  # nothing left


def test_leads_and_admins_are_never_routed_to(db: Database) -> None:
    center = seed_center(db)
    for login in ("sato", "suzuki"):
        set_user(db, login, presence="not_ready")
    inbound(db, center, owner=None)
    assert assign_queued(db) == []


def test_least_busy_then_longest_idle(db: Database) -> None:
    center = seed_center(db)
    for _ in range(2):
        inbound(db, center, owner="sato")
    set_user(db, "suzuki", last_assigned_at=utcnow())
    first = inbound(db, center, owner=None)
    second = inbound(db, center, owner=None)
    third = inbound(db, center, owner=None)
    assign_queued(db)
    # suzuki holds 0, sato 2: suzuki, suzuki (1 < 2), then a tie at 2 each goes to whoever waited longest
    assert [owner_of(db, i) for i in (first, second, third)] == ["suzuki", "suzuki", "sato"]


def test_round_robin_ignores_load(db: Database) -> None:
    center = seed_center(db, routing_strategy="round_robin")
    for _ in range(3):
        inbound(db, center, owner="sato")
    set_user(db, "sato", last_assigned_at=utcnow() - timedelta(hours=1))
    set_user(db, "suzuki", last_assigned_at=utcnow())
    queued = [inbound(db, center, owner=None) for _ in range(3)]
    assert [owner_of(db, i) for i in queued] == [None, None, None]
    assign_queued(db)
    assert [owner_of(db, i) for i in queued] == ["sato", "suzuki", "sato"]
    with db.read() as s:
        reasons = s.scalars(select(History.detail).where(History.event == "assigned")).all()
    assert {r["reason"] for r in reasons} == {"round_robin"}


def test_capacity_is_never_exceeded(db: Database) -> None:
    center = seed_center(db)
    set_user(db, "sato", capacity=1)
    set_user(db, "suzuki", capacity=2)
    queued = [inbound(db, center, owner=None) for _ in range(5)]
    done = assign_queued(db)
    assert len(done) == 3
    assert [owner_of(db, i) for i in queued].count(None) == 2
    assert queued_teams(db) == [center.support_id]
    with db.write() as s:  # sato closes one: room for one more
        s.execute(update(Interaction).where(Interaction.id == done[0][0]).values(state=State.DONE.value))
    assert len(assign_queued(db)) == 1


def test_not_ready_offline_and_retired_agents_get_nothing(db: Database) -> None:
    center = seed_center(db)
    set_user(db, "sato", presence="offline")
    set_user(db, "suzuki", retired_at=utcnow())
    queued = inbound(db, center, owner=None)
    assert claim_next(db, center.support_id) is None
    set_user(db, "sato", presence="ready")
    assert claim_next(db, center.support_id) == (queued, center.users["sato"])


def test_each_team_routes_to_its_own_agents(db: Database) -> None:
    center = seed_center(db)
    billing = inbound(db, center, owner=None, team="billing", to="billing@example.com")
    support = inbound(db, center, owner=None)
    done = dict(assign_queued(db))
    assert done[billing] == center.users["kato"]
    assert done[support] in (center.users["sato"], center.users["suzuki"])


def test_a_case_goes_back_to_its_agent(db: Database) -> None:
    center = seed_center(db)
    first = inbound(db, center, owner="sato")
    for _ in range(3):
        inbound(db, center, owner="sato")  # sato is the busier one; least busy alone would pick suzuki
    follow_up = queue_in_case(db, center, first)
    assert claim_next(db, center.support_id) == (follow_up, center.users["sato"])
    with db.read() as s:
        detail = s.scalar(select(History.detail).where(History.interaction_id == follow_up))
    assert detail == {"to": "sato", "reason": "case"}


def test_case_affinity_only_when_the_agent_is_available(db: Database) -> None:
    center = seed_center(db)
    first = inbound(db, center, owner="sato")
    set_user(db, "sato", presence="not_ready")
    follow_up = queue_in_case(db, center, first)
    assert claim_next(db, center.support_id) == (follow_up, center.users["suzuki"])
    set_user(db, "sato", presence="ready", capacity=1)  # back, but full (holds `first`)
    again = queue_in_case(db, center, first)
    assert claim_next(db, center.support_id) == (again, center.users["suzuki"])


def test_case_affinity_for_a_recently_closed_case_only(db: Database) -> None:
    center = seed_center(db)
    recent = inbound(db, center, owner="suzuki")
    old = inbound(db, center, owner="suzuki")
    set_user(db, "suzuki", last_assigned_at=utcnow())
    with db.write() as s:
        s.execute(update(Interaction).where(Interaction.id == recent)
                  .values(state=State.DONE.value, done_at=utcnow() - timedelta(days=1)))
        s.execute(update(Interaction).where(Interaction.id == old)
                  .values(state=State.DONE.value, done_at=utcnow() - timedelta(days=30)))
    back = queue_in_case(db, center, recent)
    assert claim_next(db, center.support_id) == (back, center.users["suzuki"])
    stale = queue_in_case(db, center, old)
    assert claim_next(db, center.support_id) == (stale, center.users["sato"])  # idle longest, holds least


def test_interactions_without_a_team_are_left_alone_and_limit_is_kept(db: Database) -> None:
    center = seed_center(db)
    orphan = inbound(db, center, owner=None)
    with db.write() as s:
        s.execute(update(Interaction).where(Interaction.id == orphan).values(team_id=None))
    queued = [inbound(db, center, owner=None) for _ in range(3)]
    assert [i for i, _ in assign_queued(db, limit=2)] == queued[:2]
    assert [i for i, _ in assign_queued(db)] == queued[2:]
    assert owner_of(db, orphan) is None


def test_strategy_option_and_override(db: Database) -> None:
    center = seed_center(db)
    with pytest.raises(ValueError, match="unknown routing strategy 'random'"):
        claim_next(db, center.support_id, strategy="random")
    with db.write() as s:
        s.add(Option(key="routing_strategy", value="nonsense"))  # a bad stored value falls back to least_busy
    inbound(db, center, owner=None)
    assert claim_next(db, center.support_id) is not None


def _held_vs_counted(db: Database) -> dict[str, tuple[int, int]]:
    """login → (the trigger-kept ``held`` column, the inbound emails actually assigned to them)."""
    with db.read() as s:
        users = s.scalars(select(User)).all()
        out = {}
        for u in users:
            counted = len(s.scalars(select(Interaction.id).where(
                Interaction.owner_id == u.id, Interaction.state == State.ASSIGNED.value,
                Interaction.direction == Direction.INBOUND.value, Interaction.kind == "email")).all())
            out[u.login] = (u.held, counted)
        return out


def test_held_follows_every_kind_of_change(db: Database) -> None:
    """``users.held`` (what routing compares with capacity) is kept by triggers through inserts, claims, owner
    and state changes, an outbound row, and deletes, whoever makes them."""
    center = seed_center(db)
    a = inbound(db, center, owner="sato")  # assigned to sato
    b = inbound(db, center, owner=None)  # queued
    assert claim_next(db, center.support_id) is not None
    with db.write() as s:
        s.execute(update(Interaction).where(Interaction.id == a).values(owner_id=center.users["suzuki"]))
        s.add(Interaction(direction=Direction.OUTBOUND.value, state=State.ASSIGNED.value,
                          owner_id=center.users["suzuki"], team_id=center.support_id, subject="out"))
    with db.write() as s:
        s.execute(update(Interaction).where(Interaction.id == b).values(state=State.DONE.value))
        s.execute(update(Interaction).where(Interaction.id == a).values(subject="changed, nothing counted moves"))
    snapshot = _held_vs_counted(db)
    assert all(held == counted for held, counted in snapshot.values()), snapshot
    assert snapshot["suzuki"] == (1, 1)
    with db.write() as s:
        s.execute(update(Interaction).where(Interaction.id == a).values(state=State.STORED.value))
    snapshot = _held_vs_counted(db)
    assert all(held == counted for held, counted in snapshot.values()), snapshot
    assert snapshot["suzuki"] == (0, 0)


def test_a_claim_on_postgres_wakes_the_desktops(pg_db: Database) -> None:
    """A router's assignment notifies ``agentdesk_changes`` on commit, so the new owner's cache follows at once."""
    import json

    from agentdesk.cache.watch import ChangeWatcher

    center = seed_center(pg_db)
    queued = inbound(pg_db, center, owner=None)
    watcher = ChangeWatcher(pg_db)
    try:
        assert watcher.wait(0.2) == []
        assert claim_next(pg_db, center.support_id) is not None
        payloads = watcher.wait(5)
    finally:
        watcher.close()
    # the change log's trigger adds its own hint ("change_log", agentdesk.desk.feed)
    assert [json.loads(p) for p in payloads if p != "change_log"] == [{"interactions": [queued], "more": False}]


def test_a_routing_pass_on_postgres_tells_the_desktops_once_after_its_claims(
        pg_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The router's pass notifies after its claims committed, in its own transaction, with every id it
    assigned since the last notification (not one NOTIFY inside each claim, which serialised the commits)."""
    import json

    from agentdesk.cache.watch import ChangeWatcher
    from agentdesk.routing import assign

    monkeypatch.setattr(assign, "NOTIFY_EVERY", 3600.0)  # nothing is due before the pass ends
    center = seed_center(pg_db)
    queued = [inbound(pg_db, center, owner=None) for _ in range(3)]
    watcher = ChangeWatcher(pg_db)
    try:
        assert watcher.wait(0.2) == []
        done = assign_queued(pg_db)
        got = watcher.wait(5)
        for _ in range(20):  # bounded: until our own notification has come (or 20 waits)
            if any(p != "change_log" for p in got):
                break
            got += watcher.wait(0.5)
    finally:
        watcher.close()
    assert sorted(i for i, _ in done) == sorted(queued)
    assert "change_log" not in got  # the claims' transactions left the change log's NOTIFY to the router
    assert [json.loads(p) for p in got] == [{"interactions": [i for i, _ in done], "more": False}]
    with pg_db.read() as s:  # what the desktops are told of is committed already
        assert set(s.scalars(select(Interaction.state).where(Interaction.id.in_(queued)))) == {State.ASSIGNED.value}


def test_the_routers_pass_on_sqlite_claims_on_one_connection(sqlite_db: Database) -> None:
    """A pass of many claims opens one connection for them (one per claim cost more than a whole fetch), and
    every claim still writes its history and keeps each agent's capacity."""
    from sqlalchemy import event

    center = seed_center(sqlite_db)
    set_user(sqlite_db, "sato", capacity=30)
    set_user(sqlite_db, "suzuki", capacity=30)
    queued = [inbound(sqlite_db, center, owner=None) for _ in range(70)]
    opened: list[object] = []

    def count(conn: object) -> None:
        opened.append(conn)

    event.listen(sqlite_db.engine, "engine_connect", count)
    try:
        done = assign_queued(sqlite_db)
    finally:
        event.remove(sqlite_db.engine, "engine_connect", count)
    assert len(done) == 60 and len(opened) <= 4  # the strategy, the teams, the pass (and its keeper)
    assert [owner_of(sqlite_db, i) for i in queued].count(None) == 10
    with sqlite_db.read() as s:
        assert len(s.scalars(select(History.id).where(History.event == "assigned")).all()) == 60
        assert sorted(s.scalars(select(User.held).where(User.login.in_(["sato", "suzuki"])))) == [30, 30]
