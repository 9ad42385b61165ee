"""Tags on interactions (issue 14, item 3): normalised, added and removed with history, filtered, counted, and
followed by the change log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from agentdesk.actions import ActionContext, InvalidInput, PermissionDenied, queries
from agentdesk.actions.notes import mark_done, set_disposition
from agentdesk.actions.tags import add_tags, change_tags, normalize_tag, remove_tags, split_tags, tags_in_use
from agentdesk.routing.db import Database
from agentdesk.routing.models import ChangeLog, History
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_a_tag_is_one_word_however_it_was_typed() -> None:
    assert normalize_tag("  #Billing ") == "billing"
    assert normalize_tag("ＶＩＰ") == "vip"  # full-width letters (NFKC)
    assert normalize_tag("needs   reply") == "needs-reply"
    assert normalize_tag("要確認") == "要確認"
    assert split_tags("vip、請求，Billing, vip") == ("vip", "請求", "billing")
    for bad, why in (("", "must not be empty"), (" # ", "must not be empty"), ("a\x00b", "U\\+0000"),
                     ("x" * 51, "at most 50")):
        with pytest.raises(InvalidInput, match=why):
            normalize_tag(bad)


def test_add_and_remove_with_history_and_a_change_for_the_desktops(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with db.read() as s:
        before = s.scalar(select(func.max(ChangeLog.id))) or 0
    change = add_tags(as_(db, "sato"), iid, ["VIP", "請求", "vip"])
    assert (change.tags, change.added, change.unchanged) == (("vip", "請求"), ("vip", "請求"), ())
    # a team mate and the lead may tag too: tags describe, they do not take the work
    assert add_tags(as_(db, "suzuki"), iid, ["billing"]).tags == ("billing", "vip", "請求")
    change = change_tags(as_(db, "tanaka"), iid, add=["vip"], remove=["billing", "nope"])
    assert (change.tags, change.added, change.removed, change.unchanged) == (
        ("vip", "請求"), (), ("billing",), ("vip", "nope"))
    assert queries.get_interaction(as_(db, "sato"), iid).summary.tags == ("vip", "請求")
    with db.read() as s:
        events = [(e, d) for e, d in s.execute(select(History.event, History.detail)
                                               .where(History.interaction_id == iid).order_by(History.id))]
        logged = s.scalars(select(ChangeLog.interaction_id).where(ChangeLog.id > before)).all()
    assert events == [("tags_changed", {"added": ["vip", "請求"], "removed": []}),
                      ("tags_changed", {"added": ["billing"], "removed": []}),
                      ("tags_changed", {"added": [], "removed": ["billing"]})]
    assert iid in logged  # desktops following the change log see the tagged interaction change
    # nothing asked changes nothing, and writes no history
    assert remove_tags(as_(db, "sato"), iid, ["absent"]).unchanged == ("absent",)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(History).where(History.interaction_id == iid)) == 3


def test_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with pytest.raises(PermissionDenied, match="may not see it"):
        add_tags(as_(db, "kato"), iid, ["vip"])  # another team's
    with pytest.raises(InvalidInput, match="both added and removed"):
        change_tags(as_(db, "sato"), iid, add=["vip"], remove=["VIP"])
    with pytest.raises(InvalidInput, match="comma"):
        add_tags(as_(db, "sato"), iid, ["a,b"])
    add_tags(as_(db, "sato"), iid, [f"t{n}" for n in range(20)])
    with pytest.raises(InvalidInput, match="would carry 21 tags; at most 20"):
        add_tags(as_(db, "sato"), iid, ["one-more"])
    assert len(queries.get_interaction(as_(db, "sato"), iid).summary.tags) == 20


def test_filter_by_tag_and_tags_in_use(db: Database, center: Center) -> None:
    first, second, other = inbound(db, center), inbound(db, center, subject="請求書"), inbound(db, center, owner="suzuki")
    billing = inbound(db, center, owner="kato", team="billing")
    add_tags(as_(db, "sato"), first, ["vip", "late"])
    add_tags(as_(db, "sato"), second, ["vip"])
    add_tags(as_(db, "suzuki"), other, ["vip"])
    add_tags(as_(db, "kato"), billing, ["vip", "secret"])
    sato = as_(db, "sato")
    assert queries.interaction_ids(sato, tag="VIP") == [second, first]
    assert queries.interaction_ids(sato, scope="team", tag="vip") == [other, second, first]
    assert queries.count_interactions(sato, tag="late") == 1
    assert [r.id for r in queries.list_interactions(sato, tag="#late")] == [first]
    assert queries.interaction_ids(sato, tag="unknown") == []
    set_disposition(sato, first, "resolved")
    mark_done(sato, first)
    # the team's tags only (billing's "secret" stays hidden), counted on open interactions
    assert [(t.tag, t.count) for t in tags_in_use(sato)] == [("vip", 2), ("late", 0)]
    assert {t.tag for t in tags_in_use(as_(db, "root"))} == {"vip", "late", "secret"}
    assert [(t.tag, t.count) for t in tags_in_use(as_(db, "suzuki"), mine=True)] == [("vip", 1)]
    with pytest.raises(InvalidInput, match="must not be empty"):
        queries.interaction_ids(sato, tag=" ")
