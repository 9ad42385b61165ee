"""Saved views (issue 14, item 3): a user's named filters, checked when saved, listed with counts, their own."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agentdesk.actions import ActionContext, InvalidInput, NotFound, PermissionDenied, queries
from agentdesk.actions.saved_views import delete_view, get_view, list_views, save_view
from agentdesk.actions.snooze import snooze
from agentdesk.actions.tags import add_tags
from agentdesk.routing.db import Database
from agentdesk.routing.types import utcnow
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_save_use_replace_delete(db: Database, center: Center) -> None:
    vip, due, plain = inbound(db, center, subject="vip"), inbound(db, center, subject="due"), inbound(db, center)
    sato = as_(db, "sato")
    add_tags(sato, vip, ["VIP"])
    snooze(sato, due, utcnow() + timedelta(hours=1))
    view = save_view(sato, "  VIP   customers ", tag="#VIP", states=["assigned", "assigned"])
    assert (view.name, view.filters) == ("VIP customers", {"scope": "mine", "states": ["assigned"], "tag": "vip"})
    assert view.describe() == "mine · assigned · #vip"
    save_view(sato, "Snoozed", snoozed="only")
    assert [(v.name, v.count) for v in list_views(sato, counts=True)] == [("VIP customers", 1), ("Snoozed", 1)]
    assert queries.interaction_ids(sato, **get_view(sato, "vip CUSTOMERS").filters) == [vip]
    save_view(sato, "Snoozed", scope="team", snoozed="include")  # the same name replaces it
    assert [v.filters for v in list_views(sato)][1] == {"scope": "team", "snoozed": "include"}
    assert list_views(as_(db, "suzuki")) == []  # views are their owner's
    with pytest.raises(NotFound, match="no view named 'Snoozed'; yours are: \\(none yet\\)"):
        get_view(as_(db, "suzuki"), "Snoozed")
    delete_view(sato, "Snoozed")
    with pytest.raises(NotFound, match="yours are: VIP customers"):
        delete_view(sato, "Snoozed")
    assert plain not in queries.interaction_ids(sato, **get_view(sato, "VIP customers").filters)


def test_a_view_is_checked_when_saved(db: Database, center: Center) -> None:
    sato = as_(db, "sato")
    with pytest.raises(InvalidInput, match="needs a name"):
        save_view(sato, "  ")
    with pytest.raises(InvalidInput, match="unknown state 'open'"):
        save_view(sato, "Bad", states=["open"])
    with pytest.raises(InvalidInput, match="unknown snoozed filter"):
        save_view(sato, "Bad", snoozed="asleep")
    with pytest.raises(PermissionDenied, match="scope 'all'"):
        save_view(sato, "Everything", scope="all")
    with pytest.raises(InvalidInput, match="keeps no owner"):
        save_view(sato, "Bad", owner="tanaka")
    assert list_views(sato) == []
    save_view(as_(db, "tanaka"), "Everything", scope="all")
    assert [v.count for v in list_views(as_(db, "tanaka"), counts=True)] == [0]
