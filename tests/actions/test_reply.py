"""Reply and reply all (S1, S2), with the agent's text or a standard response (X8); the From address (S16, X5)."""

from __future__ import annotations

import pytest

from agentdesk.actions import InvalidInput, InvalidState, NotFound, PermissionDenied, UnfilledFields
from agentdesk.actions.outbound import new_email, reply
from agentdesk.routing.db import Database
from agentdesk.routing.models import CaseData, FromAddress, StandardResponse
from agentdesk.routing.types import utcnow
from tests.actions.outbound_support import as_, events, row, update, workbin_name
from tests.support.factories import Center, inbound, seed_center


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_reply_with_own_text(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    original = row(db, iid)
    oid = reply(as_(db, "sato"), iid, text="ご不便をおかけして申し訳ございません。")
    out = row(db, oid)
    assert (out.direction, out.state, out.purpose, out.parent_id) == ("outbound", "draft", "reply", iid)
    assert (out.case_id, out.contact_id, out.team_id, out.owner_id, out.mailbox) == (
        original.case_id, original.contact_id, original.team_id, center.users["sato"], "support")
    assert out.to_addrs == ["Jane Doe <jane@example.org>"] and out.cc_addrs == []
    assert (out.from_addr, out.from_name) == ("support@example.com", "Example Support")
    assert out.subject == "Re: 納期の遅れについて"
    assert out.body_text.startswith("ご不便をおかけして申し訳ございません。\n\n")
    assert "Jane Doe さんは書きました:\n> 注文した商品がまだ届きません。" in out.body_text
    assert out.in_reply_to == original.message_id and out.references == [original.message_id]
    assert workbin_name(db, oid) == "Drafts"
    assert events(db, oid)[0] == ("draft_created", {"purpose": "reply", "parent_id": iid,
                                                    "from_addr": "support@example.com", "workbin": "Drafts"})
    assert events(db, iid)[-1] == ("reply_started", {"outbound_id": oid, "reply_all": False, "response": None})
    assert row(db, iid).owner_id == center.users["sato"]  # the original stays with the agent


def test_reply_goes_to_reply_to_and_threads_references(db: Database, center: Center) -> None:
    iid = inbound(db, center, subject="Re: 見積")
    raw = row(db, iid).raw
    assert raw is not None
    update(db, iid, raw=raw.replace(b"To: ", b"Reply-To: =?utf-8?b?5L2Q6Jek?= <orders@example.org>\r\nTo: ", 1),
           references=["<a@example.org>", "<b@example.org>"])
    out = row(db, reply(as_(db, "sato"), iid, text="Thanks"))
    assert out.to_addrs == ["佐藤 <orders@example.org>"]
    assert out.subject == "Re: 見積"
    assert out.references == ["<a@example.org>", "<b@example.org>", row(db, iid).message_id]


def test_reply_all_leaves_out_own_addresses(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    update(db, iid, to_addrs=["support@example.com", "Bob <bob@example.org>"],
           cc_addrs=["carol@example.org", "Billing@Example.com", "jane@example.org"])
    out = row(db, reply(as_(db, "sato"), iid, reply_all=True, text="皆様"))
    assert out.purpose == "reply_all"
    assert out.to_addrs == ["Jane Doe <jane@example.org>", "Bob <bob@example.org>"]
    assert out.cc_addrs == ["carol@example.org"]


def test_from_is_the_address_the_customer_wrote_to(db: Database, center: Center) -> None:
    to_billing = inbound(db, center, to="billing@example.com")
    assert row(db, reply(as_(db, "sato"), to_billing, text="x")).from_addr == "billing@example.com"
    unknown = inbound(db, center, to="someone@example.net")
    assert row(db, reply(as_(db, "sato"), unknown, text="x")).from_addr == "support@example.com"
    with db.write() as s:
        for address in s.query(FromAddress).filter(FromAddress.address == "billing@example.com"):
            address.retired_at = utcnow()
    retired = inbound(db, center, to="billing@example.com")
    out = row(db, reply(as_(db, "sato"), retired, text="x"))
    assert (out.from_addr, out.from_name) == ("support@example.com", "Example Support")


def test_reply_with_a_standard_response(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    out = row(db, reply(as_(db, "sato"), iid, response="thanks"))
    assert out.body_text.startswith("Doe 様\n\nお問い合わせありがとうございます。\n\n佐藤 花子\n\n")
    assert "> 注文した商品がまだ届きません。" in out.body_text
    assert events(db, iid)[-1][1]["response"] == "thanks"


def test_unfilled_fields_are_named_and_can_be_supplied(db: Database, center: Center) -> None:
    with db.write() as s:
        s.add(StandardResponse(name="order", language="ja", subject="",
                               body="ご注文番号 <$ Case.OrderId $> の件、<$ Contact.Nickname $> 様"))
    iid = inbound(db, center)
    with pytest.raises(UnfilledFields) as caught:
        reply(as_(db, "sato"), iid, response="order")
    assert caught.value.fields == ["Case.OrderId", "Contact.Nickname"]
    assert "Case.OrderId, Contact.Nickname" in caught.value.message
    assert events(db, iid) == []  # nothing was created
    with db.write() as s:
        s.add(CaseData(case_id=row(db, iid).case_id, key="OrderId", value="4711"))
    out = row(db, reply(as_(db, "sato"), iid, response="order", fields={"Contact.Nickname": "ジェーン"}))
    assert out.body_text.startswith("ご注文番号 4711 の件、ジェーン 様")


def test_reply_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with pytest.raises(PermissionDenied, match="only its owner or a lead"):
        reply(as_(db, "suzuki"), iid, text="x")
    with pytest.raises(PermissionDenied, match="may not see it"):
        reply(as_(db, "kato"), iid, text="x")
    with pytest.raises(InvalidInput, match="not both"):
        reply(as_(db, "sato"), iid, text="x", response="thanks")
    with pytest.raises(NotFound, match="'nope' does not exist; listed: thanks"):
        reply(as_(db, "sato"), iid, response="nope")
    queued = inbound(db, center, owner=None)
    with pytest.raises(InvalidState, match="only an assigned"):
        reply(as_(db, "tanaka"), queued, text="x")
    draft = reply(as_(db, "tanaka"), iid, text="a lead may answer for the team")
    assert row(db, draft).owner_id == center.users["tanaka"]
    with pytest.raises(InvalidInput, match="not an inbound email"):
        reply(as_(db, "tanaka"), draft, text="x")


def test_new_email_to_a_contact(db: Database, center: Center) -> None:
    oid = new_email(as_(db, "sato"), contact_id=center.jane_id, to=[], subject="ご案内", text="こんにちは")
    out = row(db, oid)
    assert (out.purpose, out.state, out.parent_id, out.contact_id) == ("new", "draft", None, center.jane_id)
    assert out.to_addrs == ["jane@example.org"] and out.case_id is not None
    assert (out.from_addr, out.team_id, out.subject, out.body_text) == (
        "support@example.com", center.support_id, "ご案内", "こんにちは")
    assert workbin_name(db, oid) == "Drafts"
    typed = row(db, new_email(as_(db, "sato"), to=["Jane@Example.org"], cc=["x@example.net"]))
    assert typed.contact_id == center.jane_id and typed.case_id != out.case_id
    stranger = row(db, new_email(as_(db, "sato"), to=["who@example.net"]))
    assert stranger.contact_id is None
    with pytest.raises(InvalidInput, match="line feed") as caught:
        new_email(as_(db, "sato"), to=["a@example.org\nBcc: evil@example.net"])
    assert caught.value.field == "To"
    with pytest.raises(NotFound, match="no contact 999"):
        new_email(as_(db, "sato"), contact_id=999, to=[])
