"""Sending (S15, S30): address checks, pre-send checks (X3), collisions (X2), QA rules, and the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agentdesk.actions import Conflict, InvalidInput, InvalidState, PermissionDenied
from agentdesk.actions.drafts import add_attachment, save_draft
from agentdesk.actions.notes import add_note
from agentdesk.actions.outbound import PrecheckFailed, precheck, reply, send
from agentdesk.routing.db import Database
from agentdesk.routing.types import utcnow
from tests.actions.outbound_support import (
    NO_QA,
    as_,
    events,
    outbox_item,
    parsed,
    qa_value,
    rounds,
    row,
    text_of,
    update,
    workbin_name,
)
from tests.support.factories import Center, inbound, seed_center


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db, qa_review=NO_QA, undo_send_seconds=60)


def test_send_builds_the_message_and_hands_it_to_the_outbox(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    oid = reply(as_(db, "sato"), iid, text="確認いたします。")
    before = utcnow()
    assert send(as_(db, "sato"), oid) == "outbox"
    out, item = row(db, oid), outbox_item(db, oid)
    assert out.state == "outbox" and out.message_id == item.message_id
    assert item.message_id.endswith("@example.com>")
    assert item.not_before >= before + timedelta(seconds=59)  # the undo window
    assert (item.envelope_from, item.envelope_to, item.mailbox) == ("support@example.com", ["jane@example.org"],
                                                                    "support")
    assert item.hold_if_customer_writes
    message = parsed(item.raw)
    assert message["From"] == "Example Support <support@example.com>"
    assert message["To"] == "Jane Doe <jane@example.org>"
    assert message["Subject"] == "Re: 納期の遅れについて"
    assert message["In-Reply-To"] == row(db, iid).message_id
    assert message["References"] == row(db, iid).message_id
    assert message["Message-ID"] == item.message_id
    assert text_of(message).startswith("確認いたします。")
    assert workbin_name(db, oid) is None  # out of Drafts
    assert events(db, oid)[-1][0] == "queued_to_outbox"
    with pytest.raises(InvalidState, match="is outbox"):
        send(as_(db, "sato"), oid)


def test_address_checks_at_send(db: Database, center: Center) -> None:
    oid = reply(as_(db, "sato"), inbound(db, center), text="x")
    for fld, kwargs in (("To", {"to": ["not an address"]}), ("CC", {"cc": ["a@@example.org"]}),
                        ("BCC", {"bcc": ["b@"]})):
        save_draft(as_(db, "sato"), oid, **{"to": ["jane@example.org"], "cc": [], "bcc": [], **kwargs})
        with pytest.raises(InvalidInput) as caught:
            send(as_(db, "sato"), oid)
        assert caught.value.field == fld, caught.value.message
    save_draft(as_(db, "sato"), oid, to=[], cc=[], bcc=[])
    with pytest.raises(InvalidInput, match="has no To address"):
        send(as_(db, "sato"), oid)
    save_draft(as_(db, "sato"), oid, to=["jane@example.org"])
    update(db, oid, from_addr="sales@example.com")
    with pytest.raises(InvalidInput, match="not a listed From address") as caught:
        send(as_(db, "sato"), oid)
    assert caught.value.field == "From"
    update(db, oid, from_addr="support@example.com", subject="Re: x\r\nBcc: evil@example.net")
    with pytest.raises(InvalidInput, match="carriage return"):
        send(as_(db, "sato"), oid)
    assert row(db, oid).state == "draft"


def test_prechecks_stop_until_confirmed(db: Database, center: Center) -> None:
    iid = inbound(db, center, body="添付の請求書について")  # a quoted mention does not count
    add_note(as_(db, "sato"), iid, "VIP customer, refund approved by finance")
    oid = reply(as_(db, "sato"), iid, text="ありがとうございます。")
    assert precheck(as_(db, "sato"), oid) == []
    save_draft(as_(db, "sato"), oid, to=["someone@example.net"], cc=["support@example.com"],
               text="<$ Contact.FirstName $> 様\n添付ファイルをご確認ください。\nVIP customer, refund approved by "
                    "finance\n\n> 添付の請求書について")
    codes = [w.code for w in precheck(as_(db, "sato"), oid)]
    assert codes == ["unfilled_field", "attachment_missing", "internal_note", "own_address", "wrong_contact"]
    with pytest.raises(PrecheckFailed) as caught:
        send(as_(db, "sato"), oid, confirm_checks=["own_address"])
    assert caught.value.code == "precheck"
    assert [w.code for w in caught.value.warnings] == ["unfilled_field", "attachment_missing", "internal_note",
                                                       "wrong_contact"]
    assert "<$ Contact.FirstName $>" in caught.value.message
    add_attachment(as_(db, "sato"), oid, "請求書.pdf", "application/pdf", b"%PDF-1.4")
    assert "attachment_missing" not in [w.code for w in precheck(as_(db, "sato"), oid)]
    with pytest.raises(InvalidInput, match="unknown check"):
        send(as_(db, "sato"), oid, confirm_checks=["everything"])
    assert send(as_(db, "sato"), oid, confirm_checks=["unfilled_field", "internal_note", "own_address",
                                                      "wrong_contact"]) == "outbox"
    message = parsed(outbox_item(db, oid).raw)
    assert [p.get_filename() for p in message.iter_attachments()] == ["請求書.pdf"]
    with pytest.raises(PermissionDenied):
        precheck(as_(db, "suzuki"), oid)
    assert precheck(as_(db, "tanaka"), oid)  # a lead of the team may look


def test_send_refusals(db: Database, center: Center) -> None:
    oid = reply(as_(db, "sato"), inbound(db, center), text="x")
    with pytest.raises(PermissionDenied, match="only its author"):
        send(as_(db, "suzuki"), oid)
    with pytest.raises(PermissionDenied, match="only its author"):
        send(as_(db, "tanaka"), oid)
    with pytest.raises(InvalidInput, match="not an outbound email"):
        send(as_(db, "sato"), row(db, oid).parent_id or 0)


def test_customer_wrote_again_stops_the_reply(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    oid = reply(as_(db, "sato"), iid, text="x")
    with db.write() as s:  # the customer writes again in the same case
        from agentdesk.routing.models import Interaction

        first = s.get(Interaction, iid)
        assert first is not None
        s.add(Interaction(direction="inbound", state="assigned", owner_id=first.owner_id, team_id=first.team_id,
                          case_id=first.case_id, contact_id=first.contact_id, subject="Re: 納期", body_text="まだ?"))
    with pytest.raises(Conflict, match="the customer wrote again"):
        send(as_(db, "sato"), oid)
    assert row(db, oid).state == "needs_attention"
    assert events(db, oid)[-1][0] == "send_stopped"
    assert workbin_name(db, oid) == "Drafts"
    save_draft(as_(db, "sato"), oid, text="追記しました")  # still editable
    assert send(as_(db, "sato"), oid, confirm_checks=["collision"]) == "outbox"


def test_another_reply_sent_meanwhile(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    mine = reply(as_(db, "sato"), iid, text="one")
    leads = reply(as_(db, "tanaka"), iid, text="two")
    send(as_(db, "tanaka"), leads)
    with pytest.raises(Conflict, match=f"another reply to interaction {iid}"):
        send(as_(db, "sato"), mine)
    assert row(db, mine).state == "needs_attention"


@pytest.mark.parametrize("rule, expected", [
    ({"teams": ["support"], "agents": [], "sample_percent": 0}, "review"),
    ({"teams": ["billing"], "agents": ["sato"], "sample_percent": 0}, "review"),
    ({"teams": [], "agents": [], "sample_percent": 100}, "review"),
    ({"teams": ["billing"], "agents": ["suzuki"], "sample_percent": 0}, "outbox"),
])
def test_qa_rules(db: Database, rule: dict[str, object], expected: str) -> None:
    center = seed_center(db, qa_review=rule)
    iid = inbound(db, center)
    oid = reply(as_(db, "sato"), iid, text="x")
    assert send(as_(db, "sato"), oid) == expected
    if expected == "review":
        (first,) = rounds(db, oid)
        assert (first.round_no, first.submitted_by, first.body_text) == (1, center.users["sato"],
                                                                          row(db, oid).body_text)
        assert qa_value(db, row(db, oid).case_id) == "pending"
        assert events(db, oid)[-1] == ("submitted_for_review", {"round_no": 1})
        assert workbin_name(db, oid) is None
    else:
        assert rounds(db, oid) == []


def test_sample_is_deterministic(db: Database) -> None:
    center = seed_center(db, qa_review={"teams": [], "agents": [], "sample_percent": 50})
    results = []
    for _ in range(12):
        oid = reply(as_(db, "sato"), inbound(db, center), text="x")
        results.append((oid, send(as_(db, "sato"), oid)))
    assert {state for _, state in results} == {"review", "outbox"}
