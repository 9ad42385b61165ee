"""Notes and disposition codes (S7); mark done (S8) with the disposition_required option."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.actions import ActionContext, InvalidInput, InvalidState, PermissionDenied, queries
from agentdesk.actions import transfer as tr
from agentdesk.actions.consult import consultations, start_consultation
from agentdesk.actions.notes import add_note, dispositions, mark_done, set_disposition
from agentdesk.routing.db import Database
from agentdesk.routing.models import DispositionCode, History, Interaction, User, WorkbinItem, WorkbinKind
from agentdesk.routing.types import utcnow
from agentdesk.routing.workbins import personal_workbin, place
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


def history(db: Database, interaction_id: int) -> list[tuple[str, dict[str, object]]]:
    with db.read() as s:
        return [(e, d) for e, d in s.execute(select(History.event, History.detail)
                                             .where(History.interaction_id == interaction_id).order_by(History.id))]


def set_state(db: Database, interaction_id: int, state: str, **extra: object) -> None:
    with db.write() as s:
        i = s.get(Interaction, interaction_id)
        assert i is not None
        i.state = state
        for key, value in extra.items():
            setattr(i, key, value)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_notes(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    first = add_note(as_(db, "sato"), iid, "  お客様に折り返し電話  ")
    add_note(as_(db, "tanaka"), iid, "checked the order")
    notes = queries.get_interaction(as_(db, "suzuki"), iid).notes
    assert (notes[0].id, notes[0].author_login, notes[0].body) == (first, "sato", "お客様に折り返し電話")
    assert [n.author_login for n in notes] == ["sato", "tanaka"]
    assert history(db, iid)[0] == ("note_added", {"note_id": first, "chars": 10})
    with pytest.raises(InvalidInput, match="must not be empty"):
        add_note(as_(db, "sato"), iid, " \n ")
    with pytest.raises(InvalidInput, match="at most 20000"):
        add_note(as_(db, "sato"), iid, "x" * 20001)
    with pytest.raises(PermissionDenied, match="only its owner or a lead"):
        add_note(as_(db, "suzuki"), iid, "hello")
    with pytest.raises(PermissionDenied, match="may not see it"):
        add_note(as_(db, "kato"), iid, "hello")


def test_disposition(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    assert [d.code for d in dispositions(as_(db, "sato"))] == ["escalated", "resolved"]
    set_disposition(as_(db, "sato"), iid, "resolved")
    set_disposition(as_(db, "sato"), iid, "resolved")
    set_disposition(as_(db, "tanaka"), iid, "escalated")
    assert history(db, iid) == [("disposition_set", {"old": None, "new": "resolved"}),
                                ("disposition_set", {"old": "resolved", "new": "escalated"})]
    assert queries.get_interaction(as_(db, "sato"), iid).disposition == "escalated"
    with pytest.raises(InvalidInput, match="'fixed' is not a listed code; use one of: escalated, resolved"):
        set_disposition(as_(db, "sato"), iid, "fixed")
    with db.write() as s:
        code = s.scalar(select(DispositionCode).where(DispositionCode.code == "escalated"))
        assert code is not None
        code.retired_at = utcnow()
    with pytest.raises(InvalidInput, match="'escalated' has been retired; use one of: resolved"):
        set_disposition(as_(db, "sato"), iid, "escalated")
    with pytest.raises(InvalidInput, match="no disposition code"):
        set_disposition(as_(db, "sato"), iid, "")
    with pytest.raises(PermissionDenied):
        set_disposition(as_(db, "suzuki"), iid, "resolved")
    set_state(db, iid, "done")
    with pytest.raises(InvalidState, match="is done; its disposition can no longer change"):
        set_disposition(as_(db, "sato"), iid, "resolved")


def test_mark_done_requires_a_disposition(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with pytest.raises(InvalidState, match="needs a disposition code before it can be marked done"):
        mark_done(as_(db, "sato"), iid)
    assert history(db, iid) == []
    set_disposition(as_(db, "sato"), iid, "resolved")
    with db.write() as s:
        sato = s.get(User, center.users["sato"])
        assert sato is not None
        place(s, iid, personal_workbin(s, sato, WorkbinKind.PERSONAL), sato)
    offer = tr.transfer(as_(db, "sato"), iid, to_login="suzuki")
    consultation = start_consultation(as_(db, "sato"), iid, "suzuki", "この件どう思いますか？")
    mark_done(as_(db, "sato"), iid)
    with db.read() as s:
        i = s.get(Interaction, iid)
        assert i is not None and i.state == "done" and i.done_at is not None
        assert s.scalar(select(WorkbinItem).where(WorkbinItem.interaction_id == iid)) is None
    assert consultations(as_(db, "sato"), iid)[0].state == "closed"
    assert history(db, iid)[-1] == ("done", {"state_before": "assigned", "disposition": "resolved",
                                             "workbin": "My workbin", "consultations_closed": [consultation]})
    assert ("transfer_withdrawn", {"offer_id": offer, "to": "suzuki", "why": "marked done"}) in history(db, iid)
    with pytest.raises(InvalidState, match="it is already done"):
        mark_done(as_(db, "sato"), iid)


def test_mark_done_without_the_option(db: Database) -> None:
    center = seed_center(db, disposition_required=False)
    iid = inbound(db, center)
    mark_done(as_(db, "tanaka"), iid)  # a lead may close an agent's interaction
    assert history(db, iid)[-1][1]["disposition"] is None


def test_forward_in_progress_is_closed_without_a_disposition(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with db.write() as s:
        sato = s.get(User, center.users["sato"])
        assert sato is not None
        forward = Interaction(direction="outbound", kind="email", state="sent", purpose="forward_inline",
                              owner_id=sato.id, team_id=center.support_id, parent_id=iid, subject="Fw: 納期")
        s.add(forward)
        s.flush()
        place(s, forward.id, personal_workbin(s, sato, WorkbinKind.IN_PROGRESS), sato)
        forward_id = forward.id
    mark_done(as_(db, "sato"), forward_id)
    with db.read() as s:
        assert s.scalar(select(WorkbinItem).where(WorkbinItem.interaction_id == forward_id)) is None
    assert history(db, forward_id)[-1][1]["workbin"] == "In Progress"


@pytest.mark.parametrize(("state", "why"), [
    ("queued", "still queued"), ("draft", "is a draft"), ("rejected", "rejected draft"),
    ("review", "waiting for QA review"), ("outbox", "in the outbox"),
])
def test_mark_done_refused_in_open_states(db: Database, center: Center, state: str, why: str) -> None:
    iid = inbound(db, center)
    set_state(db, iid, state, disposition="resolved")
    with pytest.raises(InvalidState, match=why):
        mark_done(as_(db, "tanaka"), iid)


def test_mark_done_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    set_disposition(as_(db, "sato"), iid, "resolved")
    with pytest.raises(PermissionDenied, match="only its owner or a lead of support may mark it done"):
        mark_done(as_(db, "suzuki"), iid)
    with pytest.raises(PermissionDenied):
        mark_done(as_(db, "ito"), iid)
    mark_done(as_(db, "root"), iid)
