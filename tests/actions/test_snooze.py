"""Snooze / follow-up (issue 14, item 3): out of My interactions until due, back with a mark until the owner
acts; cleared by done and by a new owner; times as people type them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from agentdesk.actions import ActionContext, InvalidInput, InvalidState, PermissionDenied, queries
from agentdesk.actions import transfer as tr
from agentdesk.actions.notes import mark_done, set_disposition
from agentdesk.actions.snooze import clear_follow_up, next_wake, parse_until, presets, snooze
from agentdesk.routing.db import Database
from agentdesk.routing.models import ChangeLog, History, Interaction
from agentdesk.routing.types import utcnow
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def come_due(db: Database, interaction_id: int) -> None:
    """Time passes: the snooze's moment is now behind us."""
    with db.write() as s:
        i = s.get(Interaction, interaction_id)
        assert i is not None
        i.snoozed_until = utcnow() - timedelta(minutes=1)


def test_times_as_people_type_them() -> None:
    jst = timezone(timedelta(hours=9))
    now = datetime(2026, 12, 9, 16, 30, tzinfo=jst)  # a Wednesday
    assert presets(now) == {"later": datetime(2026, 12, 9, 19, 30, tzinfo=jst),
                            "tomorrow": datetime(2026, 12, 10, 9, 0, tzinfo=jst),
                            "next-week": datetime(2026, 12, 14, 9, 0, tzinfo=jst)}
    assert parse_until("3h", now) == now + timedelta(hours=3)
    assert parse_until("+90m", now) == now + timedelta(minutes=90)
    assert parse_until("2d", now) == now + timedelta(days=2)
    assert parse_until("Tomorrow", now) == datetime(2026, 12, 10, 9, 0, tzinfo=jst)
    assert parse_until("2026-12-11 14:00+09:00", now) == datetime(2026, 12, 11, 14, 0, tzinfo=jst)
    assert parse_until("2026-12-11", now).replace(tzinfo=None) == datetime(2026, 12, 11, 9, 0)
    assert parse_until("2026-12-11T08:00Z", now) == datetime(2026, 12, 11, 8, 0, tzinfo=UTC)
    for bad in ("", "soon", "3 parsecs", "2026-13-40"):
        with pytest.raises(InvalidInput, match="snooze time"):
            parse_until(bad, now)


def test_snoozed_leaves_my_list_and_comes_back_marked(db: Database, center: Center) -> None:
    iid, other = inbound(db, center), inbound(db, center, subject="other")
    sato = as_(db, "sato")
    with db.read() as s:
        before = s.scalar(select(func.max(ChangeLog.id))) or 0
    until = utcnow() + timedelta(hours=3)
    assert snooze(sato, iid, until).until == until
    assert queries.interaction_ids(sato) == [other]  # out of My interactions
    assert queries.interaction_ids(sato, snoozed="only") == [iid]
    assert queries.interaction_ids(sato, scope="team") == [other, iid]  # the team still sees it
    assert queries.interaction_ids(sato, snoozed="include") == [other, iid]
    assert next_wake(sato) == until
    assert queries.get_interaction(sato, iid).summary.snoozed_until == until
    with db.read() as s:
        assert iid in s.scalars(select(ChangeLog.interaction_id).where(ChangeLog.id > before)).all()
    come_due(db, iid)
    assert queries.interaction_ids(sato) == [other, iid]  # back, and marked due
    assert queries.interaction_ids(sato, snoozed="due") == [iid]
    assert next_wake(sato) is None
    assert queries.summaries(sato, [iid])[0].snoozed_until is not None
    clear_follow_up(sato, iid)
    assert queries.interaction_ids(sato, snoozed="due") == []
    with db.read() as s:
        events = s.scalars(select(History.event).where(History.interaction_id == iid).order_by(History.id)).all()
    assert events == ["snoozed", "follow_up_cleared"]
    with pytest.raises(InvalidState, match="neither snoozed nor due"):
        clear_follow_up(sato, iid)


def test_done_and_a_new_owner_end_the_snooze(db: Database, center: Center) -> None:
    first, second = inbound(db, center), inbound(db, center, subject="second")
    sato = as_(db, "sato")
    snooze(sato, first, utcnow() + timedelta(days=1))
    set_disposition(sato, first, "resolved")
    mark_done(sato, first)
    assert queries.get_interaction(sato, first).summary.snoozed_until is None
    snooze(sato, second, utcnow() + timedelta(days=1))
    tr.reassign_many(as_(db, "tanaka"), [second], "suzuki")  # a snooze is its owner's
    assert queries.interaction_ids(as_(db, "suzuki")) == [second]
    assert queries.get_interaction(sato, second).summary.snoozed_until is None


def test_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    sato, later = as_(db, "sato"), utcnow() + timedelta(hours=1)
    with pytest.raises(InvalidInput, match="has passed"):
        snooze(sato, iid, utcnow() - timedelta(minutes=1))
    with pytest.raises(InvalidInput, match="at most 366 days"):
        snooze(sato, iid, utcnow() + timedelta(days=400))
    with pytest.raises(InvalidInput, match="time zone"):
        snooze(sato, iid, datetime.now() + timedelta(hours=1))
    with pytest.raises(PermissionDenied, match="only its owner or a lead"):
        snooze(as_(db, "suzuki"), iid, later)
    with pytest.raises(PermissionDenied, match="may not see it"):
        snooze(as_(db, "kato"), iid, later)
    snooze(as_(db, "tanaka"), iid, later)  # the team's lead may
    queued = inbound(db, center, owner=None)
    with pytest.raises(InvalidState, match="no owner"):
        snooze(as_(db, "tanaka"), queued, later)
    with pytest.raises(InvalidInput, match="unknown snoozed filter"):
        queries.interaction_ids(sato, snoozed="sleeping")
