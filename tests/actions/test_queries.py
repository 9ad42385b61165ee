"""The read side every client uses: lists and counts by scope, batch summaries, details, contacts, people;
and presence."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from agentdesk.actions import ActionContext, InvalidInput, NotFound, PermissionDenied
from agentdesk.actions import queries as q
from agentdesk.actions.casedata import set_case_data
from agentdesk.actions.presence import set_presence
from agentdesk.actions.workbins import list_workbins, store_in_workbin
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Attachment,
    Contact,
    ContactEmail,
    History,
    Interaction,
    OutboxItem,
    QaRound,
    User,
)
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


@pytest.fixture
def world(db: Database, center: Center) -> dict[str, int]:
    ids = {
        "sato1": inbound(db, center, subject="納期の遅れについて"),
        "sato2": inbound(db, center, subject="請求書 100%_off?"),
        "suzuki": inbound(db, center, owner="suzuki", subject="Re: 見積"),
        "queued": inbound(db, center, owner=None, subject="新しい問い合わせ"),
        "billing": inbound(db, center, team="billing", owner="kato", subject="invoice"),
        "done": inbound(db, center, subject="closed one"),
    }
    with db.write() as s:
        done = s.get(Interaction, ids["done"])
        assert done is not None
        done.state = "done"
    return ids


def ids_of(rows: list[q.InteractionSummary]) -> list[int]:
    return [r.id for r in rows]


def test_scopes(db: Database, world: dict[str, int]) -> None:
    w = world
    sato, tanaka = as_(db, "sato"), as_(db, "tanaka")
    assert ids_of(q.list_interactions(sato)) == [w["sato2"], w["sato1"]]  # open ones, newest first
    assert q.count_interactions(sato) == 2
    assert q.interaction_ids(sato) == [w["sato2"], w["sato1"]]
    assert ids_of(q.list_interactions(sato, states=["done"])) == [w["done"]]
    assert ids_of(q.list_interactions(sato, scope="team")) == [w["queued"], w["suzuki"], w["sato2"], w["sato1"]]
    assert ids_of(q.list_interactions(sato, scope="queue")) == [w["queued"]]
    assert ids_of(q.list_interactions(tanaka, scope="all")) == [w["done"], w["queued"], w["suzuki"], w["sato2"],
                                                                w["sato1"]]
    assert q.count_interactions(as_(db, "root"), scope="all") == 6
    assert ids_of(q.list_interactions(tanaka, scope="team", owner="suzuki")) == [w["suzuki"]]
    assert ids_of(q.list_interactions(sato, scope="team", text="100%_")) == [w["sato2"]]
    assert ids_of(q.list_interactions(sato, scope="team", text="納期")) == [w["sato1"]]
    assert ids_of(q.list_interactions(sato, scope="team", limit=2, offset=1)) == [w["suzuki"], w["sato2"]]
    assert ids_of(q.list_interactions(as_(db, "kato"))) == [w["billing"]]


def test_scope_refusals(db: Database, world: dict[str, int]) -> None:
    with pytest.raises(PermissionDenied, match="may not list scope 'all'"):
        q.list_interactions(as_(db, "sato"), scope="all")
    with pytest.raises(InvalidInput, match="unknown scope 'everything'"):
        q.count_interactions(as_(db, "sato"), scope="everything")
    with pytest.raises(InvalidInput, match="unknown state 'open'"):
        q.interaction_ids(as_(db, "sato"), states=["open"])
    with pytest.raises(NotFound, match="no user with the login 'nobody'"):
        q.list_interactions(as_(db, "tanaka"), scope="team", owner="nobody")
    with pytest.raises(NotFound, match="no active user with the login 'ghost'"):
        q.me(as_(db, "ghost"))


def test_workbin_filter(db: Database, world: dict[str, int]) -> None:
    sato = as_(db, "sato")
    mine = next(v.id for v in list_workbins(sato) if v.name == "My workbin")
    store_in_workbin(sato, world["sato1"], mine)
    rows = q.list_interactions(sato, workbin_id=mine)
    assert ids_of(rows) == [world["sato1"]]
    assert rows[0].workbin == "My workbin"
    with pytest.raises(PermissionDenied, match="may not open workbin"):
        q.list_interactions(as_(db, "suzuki"), workbin_id=mine)


def test_summaries_keep_order_and_visibility(db: Database, world: dict[str, int]) -> None:
    w = world
    wanted = [w["suzuki"], w["billing"], 12345, w["sato1"]]
    rows = q.summaries(as_(db, "sato"), wanted)
    assert ids_of(rows) == [w["suzuki"], w["sato1"]]
    first = rows[0]
    assert (first.direction, first.kind, first.state, first.owner_login, first.team) == (
        "inbound", "email", "assigned", "suzuki", "support")
    assert (first.contact_name, first.from_addr, first.from_name) == ("Jane Doe", "jane@example.org", "Jane Doe")
    assert first.has_attachments is False and first.workbin is None and first.case_id is not None
    assert q.summaries(as_(db, "sato"), []) == []
    assert ids_of(q.summaries(as_(db, "root"), wanted)) == [w["suzuki"], w["billing"], w["sato1"]]
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.state = "done"  # type: ignore[misc]


def test_get_interaction_detail(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with db.write() as s:
        s.add(Attachment(interaction_id=iid, position=0, filename="請求書.pdf", content_type="application/pdf",
                         size=1200, warnings=["scanned"]))
        reply = Interaction(direction="outbound", state="outbox", purpose="reply", owner_id=center.users["sato"],
                            team_id=center.support_id, parent_id=iid, subject="Re: 納期", to_addrs=["jane@example.org"],
                            body_text="お待たせしました")
        s.add(reply)
        s.flush()
        reply_id = reply.id
        s.add(QaRound(interaction_id=reply_id, team_id=center.support_id, round_no=1,
                      submitted_by=center.users["sato"], subject="Re: 納期", body_text="draft", decision="rejected",
                      note="敬語を直してください"))
        s.add(OutboxItem(interaction_id=reply_id, team_id=center.support_id, message_id="<r1@example.com>",
                         envelope_from="support@example.com", envelope_to=["jane@example.org"], raw=b"x",
                         state="uncertain", last_error="connection dropped after DATA"))
    set_case_data(as_(db, "sato"), iid, "Plan", "Gold")
    detail = q.get_interaction(as_(db, "suzuki"), iid)
    assert detail.id == iid and detail.summary.has_attachments is True
    assert detail.to == ("support@example.com",) and detail.to_addrs == detail.to and detail.cc == ()
    assert detail.body_text == "注文した商品がまだ届きません。"
    assert detail.case_data == (q.CaseDataItem("Plan", "Gold", False),)
    assert [(a.filename, a.size, a.warnings) for a in detail.attachments] == [("請求書.pdf", 1200, ("scanned",))]
    assert detail.qa_status is None and detail.outbox_state is None
    out = q.get_interaction(as_(db, "sato"), reply_id)
    assert (out.parent_id, out.qa_status, out.qa_note) == (iid, "rejected", "敬語を直してください")
    assert (out.outbox_state, out.last_error) == ("uncertain", "connection dropped after DATA")
    with pytest.raises(PermissionDenied, match="belongs to support; kato"):
        q.get_interaction(as_(db, "kato"), iid)
    with pytest.raises(NotFound, match="interaction 999 does not exist"):
        q.get_interaction(as_(db, "sato"), 999)


def test_contacts(db: Database, center: Center) -> None:
    with db.write() as s:
        s.add(Contact(name="山田 太郎", company="山田商事", team_id=None,
                      emails=[ContactEmail(address="taro@yamada.example", position=0)]))
        s.add(Contact(name="Billing Only", team_id=center.billing_id))
    sato = as_(db, "sato")
    assert [c.name for c in q.search_contacts(sato, "")] == ["Jane Doe", "山田 太郎"]
    assert [c.name for c in q.search_contacts(sato, "商事")] == ["山田 太郎"]
    assert [c.name for c in q.search_contacts(sato, "YAMADA.example")] == ["山田 太郎"]
    assert [c.name for c in q.search_contacts(sato, "1234 5678")] == ["Jane Doe"]
    assert q.search_contacts(sato, "Billing") == []
    assert [c.name for c in q.search_contacts(as_(db, "root"), "Billing")] == ["Billing Only"]
    jane = q.get_contact(sato, center.jane_id)
    assert (jane.emails, jane.phones) == (("jane@example.org",), ("+81 3 1234 5678",))
    with pytest.raises(PermissionDenied):
        q.get_contact(as_(db, "kato"), center.jane_id)
    with pytest.raises(NotFound):
        q.get_contact(sato, 999)


def test_people_and_presence(db: Database, center: Center) -> None:
    me = q.me(as_(db, "sato"))
    assert me == q.MemberView("sato", "佐藤 花子", "sato@example.com", "agent", "support", "ready")
    assert [m.login for m in q.search_team_members(as_(db, "sato"), "")] == ["sato", "suzuki", "tanaka"]
    assert [m.login for m in q.search_team_members(as_(db, "sato"), "田中")] == ["tanaka"]
    assert [m.login for m in q.search_team_members(as_(db, "sato"), "kato")] == []
    assert [m.login for m in q.search_team_members(as_(db, "sato"), "kato", everyone=True)] == ["kato"]
    set_presence(as_(db, "sato"), "not ready")
    set_presence(as_(db, "sato"), "not_ready")  # unchanged: no second history row
    assert q.me(as_(db, "sato")).presence == "not_ready"
    with pytest.raises(InvalidInput, match="unknown presence 'away'"):
        set_presence(as_(db, "sato"), "away")
    with db.read() as s:
        rows = s.execute(select(History.event, History.detail, History.team_id).join(User, User.id == History.actor_id)
                         .where(User.login == "sato")).all()
    assert [tuple(r) for r in rows] == [("presence_changed", {"old": "ready", "new": "not_ready"}, center.support_id)]
