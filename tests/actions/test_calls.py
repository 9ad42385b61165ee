"""Call the contact (S10): the tel: URI and the call record, or the reason there is none."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.actions import ActionContext, InvalidInput, InvalidState, PermissionDenied, queries
from agentdesk.actions.calls import call_contact, tel_uri
from agentdesk.actions.notes import add_note, mark_done, set_disposition
from agentdesk.routing.db import Database
from agentdesk.routing.models import Contact, ContactPhone, History, Interaction
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


@pytest.mark.parametrize(("written", "uri"), [
    ("+81 3 1234 5678", "tel:+81312345678"),
    ("+1 (555) 010-0100", "tel:+15550100100"),
    ("03-1234-5678", "tel:0312345678"),
    ("＋８１ ３ １２３４ ５６７８", "tel:+81312345678"),
    ("+44 20 7946 0958 ext. 12", "tel:+442079460958;ext=12"),
    ("+1.555.010.0100 x7", "tel:+15550100100;ext=7"),
])
def test_tel_uri(written: str, uri: str) -> None:
    assert tel_uri(written) == uri


@pytest.mark.parametrize("bad", ["", "call me", "+81 3 CALL NOW", "12", "++8112345", "1" * 20])
def test_tel_uri_refuses_what_is_no_number(bad: str) -> None:
    with pytest.raises(InvalidInput):
        tel_uri(bad)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_call_from_an_interaction(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    result = call_contact(as_(db, "sato"), interaction_id=iid)
    assert result.tel_uri == "tel:+81312345678"
    with db.read() as s:
        call = s.get(Interaction, result.call_interaction_id)
        source = s.get(Interaction, iid)
        assert call is not None and source is not None
        assert (call.kind, call.direction, call.state, call.owner_id) == ("call", "outbound", "assigned",
                                                                          center.users["sato"])
        assert (call.case_id, call.contact_id, call.parent_id, call.team_id) == (source.case_id, center.jane_id, iid,
                                                                                 center.support_id)
        assert call.phone == "+81 3 1234 5678"
        event = s.execute(select(History.event, History.detail).where(History.interaction_id == call.id)).one()
    assert event[0] == "call_started"
    assert event[1] == {"tel_uri": "tel:+81312345678", "phone": "+81 3 1234 5678", "parent_id": iid}
    summary = queries.get_interaction(as_(db, "sato"), result.call_interaction_id).summary
    assert (summary.kind, summary.contact_name, summary.subject) == ("call", "Jane Doe", "Call: Jane Doe")
    # notes, disposition and done work on the call record
    add_note(as_(db, "sato"), result.call_interaction_id, "留守番電話")
    with pytest.raises(InvalidState, match="needs a disposition"):
        mark_done(as_(db, "sato"), result.call_interaction_id)
    set_disposition(as_(db, "sato"), result.call_interaction_id, "resolved")
    mark_done(as_(db, "sato"), result.call_interaction_id)


def test_call_a_contact_or_a_number(db: Database, center: Center) -> None:
    by_contact = call_contact(as_(db, "suzuki"), contact_id=center.jane_id, phone="03-1234-5678")
    assert by_contact.tel_uri == "tel:0312345678"
    bare = call_contact(as_(db, "suzuki"), phone="+1 555 010 0100")
    with db.read() as s:
        call = s.get(Interaction, bare.call_interaction_id)
        assert call is not None and call.contact_id is None and call.case_id is None
        assert call.subject == "Call: +1 555 010 0100"


def test_no_call_and_why(db: Database, center: Center) -> None:
    with pytest.raises(InvalidInput, match="nothing to call"):
        call_contact(as_(db, "sato"))
    with db.write() as s:
        nophone = Contact(name="山田 太郎", team_id=center.support_id)
        s.add(nophone)
        s.flush()
        nophone_id = nophone.id
        other = Contact(name="Other Team", team_id=center.billing_id, phones=[ContactPhone(number="+81 6 0000 0000")])
        s.add(other)
        s.flush()
        other_id = other.id
    with pytest.raises(InvalidState, match=r"山田 太郎 \(contact \d+\) has no phone number"):
        call_contact(as_(db, "sato"), contact_id=nophone_id)
    with pytest.raises(PermissionDenied, match="belongs to billing"):
        call_contact(as_(db, "sato"), contact_id=other_id)
    iid = inbound(db, center)
    with db.write() as s:
        i = s.get(Interaction, iid)
        assert i is not None
        i.contact_id = None
    with pytest.raises(InvalidState, match="has no contact"):
        call_contact(as_(db, "sato"), interaction_id=iid)
    with pytest.raises(InvalidInput, match="something other than digits"):
        call_contact(as_(db, "sato"), interaction_id=iid, phone="call me maybe")
    with pytest.raises(PermissionDenied, match="may not see it"):
        call_contact(as_(db, "kato"), interaction_id=iid, phone="+81 3 1234 5678")
    with pytest.raises(InvalidInput, match="is not the contact of interaction"):
        call_contact(as_(db, "sato"), interaction_id=inbound(db, center), contact_id=nophone_id)
    with db.read() as s:
        assert s.scalar(select(Interaction.id).where(Interaction.kind == "call")) is None
