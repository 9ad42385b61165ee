"""Workbins (S5): personal and team workbins, store, pull, move, listing with counts and visibility."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.actions import ActionContext, InvalidInput, InvalidState, NotFound, PermissionDenied
from agentdesk.actions import transfer as tr
from agentdesk.actions import workbins as wb
from agentdesk.routing.db import Database
from agentdesk.routing.models import History, Interaction, TransferOffer, User, Workbin
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


def last_event(db: Database, interaction_id: int) -> tuple[str, dict[str, object]]:
    with db.read() as s:
        row = s.execute(select(History.event, History.detail).where(History.interaction_id == interaction_id)
                        .order_by(History.id.desc()).limit(1)).one()
        return row[0], row[1]


def state_owner(db: Database, interaction_id: int) -> tuple[str, str | None]:
    with db.read() as s:
        i = s.get(Interaction, interaction_id)
        assert i is not None
        return i.state, s.scalar(select(User.login).where(User.id == i.owner_id)) if i.owner_id else None


@pytest.fixture
def center(db: Database) -> Center:
    c = seed_center(db)
    with db.write() as s:
        s.add_all([Workbin(kind="team", name="billing-followup", team_id=c.support_id),
                   Workbin(kind="team", name="refunds", team_id=c.support_id),
                   Workbin(kind="team", name="ledger", team_id=c.billing_id)])
    return c


def bin_id(ctx: ActionContext, name: str, owner: str | None = None) -> int:
    for view in wb.list_workbins(ctx, members=owner is not None):
        if view.name == name and (owner is None or view.owner_login == owner):
            return view.id
    raise AssertionError(f"no workbin {name}")


def test_list_creates_personal_workbins_with_counts(db: Database, center: Center) -> None:
    views = wb.list_workbins(as_(db, "sato"))
    assert [(v.kind, v.name, v.owner_login, v.count) for v in views] == [
        ("drafts", "Drafts", "sato", 0), ("in_progress", "In Progress", "sato", 0),
        ("personal", "My workbin", "sato", 0), ("team", "billing-followup", None, 0), ("team", "refunds", None, 0),
    ]
    assert wb.list_workbins(as_(db, "sato")) == views  # made once
    iid = inbound(db, center)
    wb.store_in_workbin(as_(db, "sato"), iid, bin_id(as_(db, "sato"), "billing-followup"))
    counts = {v.name: v.count for v in wb.list_workbins(as_(db, "suzuki"))}
    assert counts["billing-followup"] == 1
    assert "ledger" not in counts
    assert "ledger" in {v.name for v in wb.list_workbins(as_(db, "root"))}


def test_members_workbins_for_leads_only(db: Database, center: Center) -> None:
    wb.list_workbins(as_(db, "sato"))
    lead_view = wb.list_workbins(as_(db, "tanaka"), members=True)
    assert ("My workbin", "sato") in {(v.name, v.owner_login) for v in lead_view}
    assert all(v.owner_login in (None, "tanaka", "sato", "suzuki") for v in lead_view)
    with pytest.raises(PermissionDenied, match="other agents' workbins"):
        wb.list_workbins(as_(db, "suzuki"), members=True)


def test_store_in_my_workbin_keeps_owner_and_pull(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    mine = bin_id(as_(db, "sato"), "My workbin")
    wb.store_in_workbin(as_(db, "sato"), iid, mine)
    assert state_owner(db, iid) == ("assigned", "sato")
    assert [s.id for s in wb.workbin_items(as_(db, "sato"), mine)] == [iid]
    assert wb.workbin_items(as_(db, "sato"), mine)[0].workbin == "My workbin"
    assert last_event(db, iid) == ("stored", {"workbin": "My workbin", "workbin_id": mine, "kind": "personal"})
    with pytest.raises(InvalidState, match="already in workbin"):
        wb.store_in_workbin(as_(db, "sato"), iid, mine)
    with pytest.raises(PermissionDenied, match="may not open workbin"):
        wb.workbin_items(as_(db, "suzuki"), mine)
    assert [s.id for s in wb.workbin_items(as_(db, "tanaka"), mine)] == [iid]  # the team's lead may look
    wb.pull_from_workbin(as_(db, "sato"), iid)
    assert wb.workbin_items(as_(db, "sato"), mine) == []
    assert state_owner(db, iid) == ("assigned", "sato")
    assert last_event(db, iid)[0] == "pulled"


def test_team_workbin_store_and_pull(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "sato"), iid, to_login="suzuki")
    team_bin = bin_id(as_(db, "sato"), "billing-followup")
    wb.store_in_workbin(as_(db, "sato"), iid, team_bin)
    assert state_owner(db, iid) == ("stored", None)
    with db.read() as s:
        assert s.get(TransferOffer, offer).state == "withdrawn"  # type: ignore[union-attr]
    assert last_event(db, iid)[1]["from_login"] == "sato"
    with pytest.raises(PermissionDenied, match="may not see it"):
        wb.pull_from_workbin(as_(db, "kato"), iid)
    wb.pull_from_workbin(as_(db, "suzuki"), iid)
    assert state_owner(db, iid) == ("assigned", "suzuki")
    assert last_event(db, iid) == ("pulled", {"workbin": "billing-followup", "workbin_id": team_bin, "kind": "team"})
    with pytest.raises(InvalidState, match="is in no workbin"):
        wb.pull_from_workbin(as_(db, "suzuki"), iid)


def test_move_between_workbins(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    ctx = as_(db, "sato")
    with pytest.raises(InvalidState, match="is in no workbin; store it instead"):
        wb.move_to_workbin(ctx, iid, bin_id(ctx, "refunds"))
    wb.store_in_workbin(ctx, iid, bin_id(ctx, "My workbin"))
    wb.move_to_workbin(ctx, iid, bin_id(ctx, "refunds"))
    assert state_owner(db, iid) == ("stored", None)
    wb.move_to_workbin(as_(db, "suzuki"), iid, bin_id(ctx, "billing-followup"))
    assert state_owner(db, iid) == ("stored", None)
    assert last_event(db, iid)[1]["from_workbin"] == "refunds"
    with pytest.raises(PermissionDenied, match="is not suzuki's own"):
        wb.move_to_workbin(as_(db, "suzuki"), iid, bin_id(ctx, "My workbin"))
    with pytest.raises(InvalidInput, match="belongs to another team"):
        wb.move_to_workbin(as_(db, "suzuki"), iid, bin_id(as_(db, "root"), "ledger"))
    wb.move_to_workbin(as_(db, "suzuki"), iid, bin_id(as_(db, "suzuki"), "My workbin"))
    assert state_owner(db, iid) == ("assigned", "suzuki")


def test_store_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    sato = as_(db, "sato")
    with pytest.raises(PermissionDenied, match="only its owner or a lead"):
        wb.store_in_workbin(as_(db, "suzuki"), iid, bin_id(sato, "refunds"))
    with pytest.raises(InvalidInput, match="kept by agentdesk itself"):
        wb.store_in_workbin(sato, iid, bin_id(sato, "Drafts"))
    with pytest.raises(InvalidInput, match=r"team workbin 'ledger'.*belongs to billing"):
        wb.store_in_workbin(sato, iid, bin_id(as_(db, "root"), "ledger"))
    with pytest.raises(PermissionDenied, match="suzuki's personal workbin"):
        wb.store_in_workbin(sato, iid, bin_id(as_(db, "suzuki"), "My workbin"))
    with pytest.raises(NotFound, match="workbin 4242 does not exist"):
        wb.store_in_workbin(sato, iid, 4242)
    queued = inbound(db, center, owner=None)
    with pytest.raises(InvalidState, match="is queued; only an assigned"):
        wb.store_in_workbin(as_(db, "tanaka"), queued, bin_id(sato, "refunds"))
    with pytest.raises(PermissionDenied, match="may not open workbin"):
        wb.workbin_items(as_(db, "kato"), bin_id(sato, "refunds"))
    wb.store_in_workbin(as_(db, "tanaka"), iid, bin_id(as_(db, "tanaka"), "My workbin", owner="sato"))  # a lead, for sato
    assert state_owner(db, iid) == ("assigned", "sato")
