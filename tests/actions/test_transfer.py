"""Transfer to an agent or a team (S3): offers accepted, declined, expired; a lead's reassignment, in bulk too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from agentdesk.actions import ActionContext, InvalidInput, InvalidState, NotFound, PermissionDenied
from agentdesk.actions import transfer as tr
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    History,
    Interaction,
    TransferOffer,
    User,
    Workbin,
    WorkbinItem,
    WorkbinKind,
)
from agentdesk.routing.types import utcnow
from agentdesk.routing.workbins import personal_workbin, place
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


def events(db: Database, interaction_id: int) -> list[tuple[str, dict[str, object], str | None]]:
    with db.read() as s:
        rows = s.execute(select(History.event, History.detail, User.login).outerjoin(User, User.id == History.actor_id)
                         .where(History.interaction_id == interaction_id).order_by(History.id)).all()
        return [(e, d, login) for e, d, login in rows]


def owner_of(db: Database, interaction_id: int) -> tuple[str | None, str, int | None]:
    with db.read() as s:
        i = s.get(Interaction, interaction_id)
        assert i is not None
        login = s.scalar(select(User.login).where(User.id == i.owner_id)) if i.owner_id else None
        return login, i.state, i.team_id


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_transfer_to_agent_accepted(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "sato"), iid, to_login="suzuki", reason="billing question")
    assert owner_of(db, iid)[0] == "sato"  # stays until accepted
    waiting = tr.pending_offers(as_(db, "suzuki"))
    assert [(o.id, o.from_login, o.to_login, o.reason) for o in waiting] == [(offer, "sato", "suzuki", "billing question")]
    assert tr.pending_offers(as_(db, "sato")) == []
    with db.read() as s:
        row = s.get(TransferOffer, offer)
        assert row is not None
        assert timedelta(minutes=4) < row.expires_at - row.created_at <= timedelta(minutes=5)
    assert tr.accept_transfer(as_(db, "suzuki"), offer) == iid
    assert owner_of(db, iid)[:2] == ("suzuki", "assigned")
    assert [e for e, _, _ in events(db, iid)] == ["transfer_offered", "transfer_accepted"]
    assert events(db, iid)[1][1]["from_login"] == "sato"
    assert events(db, iid)[1][2] == "suzuki"
    with pytest.raises(InvalidState, match="already accepted"):
        tr.accept_transfer(as_(db, "suzuki"), offer)


def test_transfer_to_other_team_changes_the_team(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "sato"), iid, to_team="billing")
    assert [o.to_team for o in tr.pending_offers(as_(db, "kato"))] == ["billing"]
    assert tr.pending_offers(as_(db, "suzuki")) == []
    with pytest.raises(PermissionDenied, match="is for team billing"):
        tr.accept_transfer(as_(db, "suzuki"), offer)
    tr.accept_transfer(as_(db, "kato"), offer)
    assert owner_of(db, iid) == ("kato", "assigned", center.billing_id)


def test_declined_offer_returns(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "sato"), iid, to_login="suzuki")
    tr.decline_transfer(as_(db, "suzuki"), offer, reason="  too busy ")
    assert owner_of(db, iid)[:2] == ("sato", "assigned")
    assert events(db, iid)[-1][:2] == ("transfer_declined", {"offer_id": offer, "by": "suzuki", "reason": "too busy"})
    with pytest.raises(InvalidState, match="already declined"):
        tr.decline_transfer(as_(db, "suzuki"), offer)
    assert tr.transfer(as_(db, "sato"), iid, to_login="tanaka") > offer  # a new offer may follow


def test_expired_offers_return(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "sato"), iid, to_login="suzuki")
    assert tr.expire_transfer_offers(db) == 0
    assert tr.expire_transfer_offers(db, now=utcnow() + timedelta(minutes=6)) == 1
    assert tr.expire_transfer_offers(db, now=utcnow() + timedelta(minutes=6)) == 0
    assert owner_of(db, iid)[0] == "sato"
    assert events(db, iid)[-1] == ("transfer_expired", {"offer_id": offer, "to": "suzuki"}, None)
    with pytest.raises(InvalidState, match="already expired"):
        tr.accept_transfer(as_(db, "suzuki"), offer)


def test_offer_past_its_time_cannot_be_accepted(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "sato"), iid, to_login="suzuki")
    with db.write() as s:
        row = s.get(TransferOffer, offer)
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
    assert tr.pending_offers(as_(db, "suzuki")) == []
    with pytest.raises(InvalidState, match="expired at"):
        tr.accept_transfer(as_(db, "suzuki"), offer)


def test_one_pending_offer_at_a_time_and_cancel(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "sato"), iid, to_login="suzuki")
    with pytest.raises(InvalidState, match=rf"already has a pending transfer offer \({offer}\) to suzuki"):
        tr.transfer(as_(db, "sato"), iid, to_team="billing")
    with pytest.raises(PermissionDenied):
        tr.cancel_transfer(as_(db, "kato"), offer)
    tr.cancel_transfer(as_(db, "sato"), offer)
    assert events(db, iid)[-1][0] == "transfer_withdrawn"
    tr.transfer(as_(db, "sato"), iid, to_team="billing")


def test_lead_may_transfer_an_agents_interaction(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "tanaka"), iid, to_login="suzuki")
    tr.accept_transfer(as_(db, "suzuki"), offer)
    assert owner_of(db, iid)[0] == "suzuki"


def test_transfer_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with pytest.raises(PermissionDenied, match="only its owner or a lead of support"):
        tr.transfer(as_(db, "suzuki"), iid, to_login="tanaka")
    with pytest.raises(PermissionDenied, match="may not see it"):
        tr.transfer(as_(db, "kato"), iid, to_login="ito")
    with pytest.raises(PermissionDenied):
        tr.transfer(as_(db, "ito"), iid, to_login="kato")  # a lead of another team
    with pytest.raises(InvalidInput, match="exactly one target"):
        tr.transfer(as_(db, "sato"), iid)
    with pytest.raises(InvalidInput, match="exactly one target"):
        tr.transfer(as_(db, "sato"), iid, to_login="suzuki", to_team="billing")
    with pytest.raises(NotFound, match="no user with the login 'nobody'"):
        tr.transfer(as_(db, "sato"), iid, to_login="nobody")
    with pytest.raises(NotFound, match="no team named 'sales'"):
        tr.transfer(as_(db, "sato"), iid, to_team="sales")
    with pytest.raises(InvalidInput, match="sato already owns"):
        tr.transfer(as_(db, "sato"), iid, to_login="sato")
    with pytest.raises(InvalidInput, match="belongs to no team"):
        tr.transfer(as_(db, "sato"), iid, to_login="root")
    with db.write() as s:
        suzuki = s.scalar(select(User).where(User.login == "suzuki"))
        assert suzuki is not None
        suzuki.presence = "offline"
    with pytest.raises(InvalidState, match="suzuki is offline"):
        tr.transfer(as_(db, "sato"), iid, to_login="suzuki")
    queued = inbound(db, center, owner=None)
    with pytest.raises(InvalidState, match="is queued; only an assigned"):
        tr.transfer(as_(db, "tanaka"), queued, to_login="sato")
    with pytest.raises(NotFound, match="interaction 9999 does not exist"):
        tr.transfer(as_(db, "sato"), 9999, to_login="tanaka")
    assert events(db, iid) == []  # nothing was recorded for the refusals


def test_accept_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "sato"), iid, to_login="suzuki")
    with pytest.raises(PermissionDenied, match="is for suzuki"):
        tr.accept_transfer(as_(db, "tanaka"), offer)
    with pytest.raises(PermissionDenied):
        tr.decline_transfer(as_(db, "sato"), offer)
    with pytest.raises(NotFound, match="transfer offer 777 does not exist"):
        tr.accept_transfer(as_(db, "suzuki"), 777)
    with db.write() as s:
        suzuki = s.scalar(select(User).where(User.login == "suzuki"))
        assert suzuki is not None
        suzuki.capacity = 1
    inbound(db, center, owner="suzuki")
    with pytest.raises(InvalidState, match=r"suzuki is at capacity \(1 of 1"):
        tr.accept_transfer(as_(db, "suzuki"), offer)
    assert owner_of(db, iid)[0] == "sato"


def test_reassign_by_lead(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with db.write() as s:
        sato = s.get(User, center.users["sato"])
        assert sato is not None
        place(s, iid, personal_workbin(s, sato, WorkbinKind.PERSONAL), sato)
    offer = tr.transfer(as_(db, "sato"), iid, to_login="tanaka")
    tr.reassign(as_(db, "tanaka"), iid, "suzuki")
    assert owner_of(db, iid)[:2] == ("suzuki", "assigned")
    with db.read() as s:
        assert s.get(TransferOffer, offer).state == "withdrawn"  # type: ignore[union-attr]
        bin_owner = s.scalar(select(Workbin.owner_id).join(WorkbinItem, WorkbinItem.workbin_id == Workbin.id)
                             .where(WorkbinItem.interaction_id == iid))
        assert bin_owner == center.users["suzuki"]  # My workbin place follows the new owner
    assert [e for e, _, _ in events(db, iid)][-2:] == ["transfer_withdrawn", "reassigned"]
    assert events(db, iid)[-1][1] == {"from_login": "sato", "to": "suzuki", "state_before": "assigned"}
    queued = inbound(db, center, owner=None)
    tr.reassign(as_(db, "root"), queued, "sato")
    assert owner_of(db, queued)[:2] == ("sato", "assigned")


def test_reassign_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with pytest.raises(PermissionDenied, match="only a lead of support or an administrator"):
        tr.reassign(as_(db, "sato"), iid, "suzuki")
    with pytest.raises(PermissionDenied, match="only a lead of support"):
        tr.reassign(as_(db, "ito"), iid, "suzuki")
    with pytest.raises(InvalidInput, match="kato is not a member of support"):
        tr.reassign(as_(db, "tanaka"), iid, "kato")
    with pytest.raises(InvalidState, match="already owned by sato"):
        tr.reassign(as_(db, "tanaka"), iid, "sato")
    with db.write() as s:
        i = s.get(Interaction, iid)
        assert i is not None
        i.state = "done"
    with pytest.raises(InvalidState, match="is done; only open interactions"):
        tr.reassign(as_(db, "tanaka"), iid, "suzuki")
    with pytest.raises(InvalidInput, match="no interactions"):
        tr.reassign_many(as_(db, "tanaka"), [], "suzuki")


def test_reassign_many_is_all_or_nothing(db: Database, center: Center) -> None:
    a = inbound(db, center)
    b = inbound(db, center, team="billing", owner="kato")
    with pytest.raises(PermissionDenied):
        tr.reassign_many(as_(db, "tanaka"), [a, b], "suzuki")
    assert owner_of(db, a)[0] == "sato"
    assert tr.reassign_many(as_(db, "tanaka"), [a, a], "suzuki") == [a]


def test_bulk_reassign_of_an_absent_agent(db: Database, center: Center) -> None:
    mine = [inbound(db, center, subject=f"件名 {n}") for n in range(3)]
    other_team = inbound(db, center, team="billing", owner="kato")
    done = inbound(db, center)
    with db.write() as s:
        i = s.get(Interaction, done)
        assert i is not None
        i.state = "done"
    moved = tr.reassign_all(as_(db, "tanaka"), "sato", "suzuki")
    assert moved == mine
    assert {owner_of(db, i)[0] for i in mine} == {"suzuki"}
    assert owner_of(db, done)[0] == "sato"
    assert owner_of(db, other_team)[0] == "kato"
    assert tr.reassign_all(as_(db, "tanaka"), "sato", "suzuki") == []
    with pytest.raises(PermissionDenied, match="may not reassign another agent's work"):
        tr.reassign_all(as_(db, "suzuki"), "sato", "suzuki")
    with pytest.raises(InvalidInput, match="to themself"):
        tr.reassign_all(as_(db, "tanaka"), "sato", "sato")
    with pytest.raises(InvalidInput, match="kato is not a member of support"):
        tr.reassign_all(as_(db, "tanaka"), "suzuki", "kato")
    assert {owner_of(db, i)[0] for i in mine} == {"suzuki"}  # the refused bulk changed nothing


def test_a_team_offer_is_taken_once(db: Database, center: Center) -> None:
    from concurrent.futures import ThreadPoolExecutor

    iid = inbound(db, center)
    offer = tr.transfer(as_(db, "sato"), iid, to_team="billing")

    def take(login: str) -> str:
        try:
            tr.accept_transfer(as_(db, login), offer)
        except InvalidState as exc:
            return exc.message
        return "taken"

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(take, ["kato", "ito"]))
    assert sorted(outcomes) == sorted([f"transfer offer {offer} is already accepted", "taken"])
    assert owner_of(db, iid)[0] == ("kato" if outcomes[0] == "taken" else "ito")
    assert [e for e, _, _ in events(db, iid)].count("transfer_accepted") == 1
