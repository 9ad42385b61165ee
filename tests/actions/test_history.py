"""Histories (S28): an interaction's and its case's history, a case's and a contact's interactions, my history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agentdesk.actions import ActionContext, InvalidInput, NotFound, PermissionDenied
from agentdesk.actions import transfer as tr
from agentdesk.actions.history import case_interactions, contact_history, interaction_history, my_history
from agentdesk.actions.notes import add_note, mark_done, set_disposition
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from agentdesk.routing.types import utcnow
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_interaction_history_covers_its_case(db: Database, center: Center) -> None:
    first = inbound(db, center, subject="納期の遅れについて")
    second = inbound(db, center, subject="Re: 納期の遅れについて")
    with db.write() as s:
        a, b = s.get(Interaction, first), s.get(Interaction, second)
        assert a is not None and b is not None
        b.case_id = a.case_id
    add_note(as_(db, "sato"), first, "first note")
    set_disposition(as_(db, "sato"), second, "resolved")
    mark_done(as_(db, "sato"), second)
    entries = interaction_history(as_(db, "suzuki"), first)
    assert [(e.event, e.actor_login, e.interaction_id) for e in entries] == [
        ("note_added", "sato", first), ("disposition_set", "sato", second), ("done", "sato", second)]
    assert entries[1].detail == {"old": None, "new": "resolved"}
    assert [e.event for e in interaction_history(as_(db, "sato"), first, events=["done"])] == ["done"]
    assert [i.id for i in case_interactions(as_(db, "sato"), first)] == [second, first]
    assert [i.id for i in case_interactions(as_(db, "sato"), first, states=["done"])] == [second]
    with pytest.raises(PermissionDenied, match="may not see it"):
        interaction_history(as_(db, "kato"), first)


def test_contact_history_is_filterable(db: Database, center: Center) -> None:
    old = inbound(db, center, subject="請求書の再発行", body="請求書をもう一度送ってください")
    new = inbound(db, center, subject="納期の遅れについて")
    billing = inbound(db, center, team="billing", owner="kato", subject="請求 billing side")
    with db.write() as s:
        i = s.get(Interaction, old)
        assert i is not None
        i.created_at = utcnow() - timedelta(days=30)
        i.state = "done"
    ctx = as_(db, "suzuki")
    assert [i.id for i in contact_history(ctx, center.jane_id)] == [new, old]  # not billing's
    assert [i.id for i in contact_history(as_(db, "root"), center.jane_id)] == [billing, new, old]
    assert [i.id for i in contact_history(ctx, center.jane_id, text="もう一度")] == [old]  # body text
    assert [i.id for i in contact_history(ctx, center.jane_id, text="請求書")] == [old]
    assert [i.id for i in contact_history(ctx, center.jane_id, since=utcnow() - timedelta(days=1))] == [new]
    assert [i.id for i in contact_history(ctx, center.jane_id, states=["done"])] == [old]
    assert contact_history(ctx, center.jane_id, text="100%_") == []  # LIKE wildcards are literal
    with pytest.raises(InvalidInput, match="unknown state 'closed'"):
        contact_history(ctx, center.jane_id, states=["closed"])
    with pytest.raises(InvalidInput, match="time zone"):
        contact_history(ctx, center.jane_id, since=utcnow().replace(tzinfo=None))
    with pytest.raises(NotFound, match="contact 999 does not exist"):
        contact_history(ctx, 999)


def test_my_history(db: Database, center: Center) -> None:
    owned = inbound(db, center, subject="mine")
    handled = inbound(db, center, subject="handled then transferred")
    untouched = inbound(db, center, owner="suzuki", subject="suzuki's")
    offer = tr.transfer(as_(db, "sato"), handled, to_login="suzuki")
    tr.accept_transfer(as_(db, "suzuki"), offer)
    assert [i.id for i in my_history(as_(db, "sato"))] == [handled, owned]
    assert [i.id for i in my_history(as_(db, "sato"), text="transferred")] == [handled]
    assert [i.id for i in my_history(as_(db, "suzuki"))] == [untouched, handled]
    assert my_history(as_(db, "kato")) == []
