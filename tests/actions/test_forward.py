"""Forward to an external resource, inline or as an attachment (S4, S12, S13, S18–S29, X9)."""

from __future__ import annotations

import pytest

from agentdesk.actions import InvalidInput, InvalidState, PermissionDenied
from agentdesk.actions.forward import complete_forward, forward
from agentdesk.actions.notes import mark_done
from agentdesk.actions.outbound import reply
from agentdesk.routing.db import Database
from tests.actions.outbound_support import (
    NO_QA,
    as_,
    events,
    outbox_item,
    parsed,
    row,
    text_of,
    update,
    workbin_name,
)
from tests.support.factories import Center, inbound, seed_center

MULTIPART = (
    b"From: Jane Doe <jane@example.org>\r\nTo: support@example.com\r\nSubject: =?utf-8?b?6KuL5rGC5pu4?=\r\n"
    b"Message-ID: <multi@example.org>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
    b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    + "請求書を添付します。".encode() + b"\r\n"
    b"--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"invoice.pdf\"\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n"
)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db, qa_review=NO_QA)


def test_inline_forward(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    fid = forward(as_(db, "sato"), iid, mode="inline", to=["Admin <Admin@Example.NET>"], cc=["ops@example.net"],
                  instructions="在庫を確認してください。")
    fwd = row(db, fid)
    assert (fwd.purpose, fwd.state, fwd.parent_id, fwd.owner_id) == ("forward_inline", "draft", iid,
                                                                     center.users["sato"])
    assert (fwd.to_addrs, fwd.cc_addrs) == (["Admin@example.net"], ["ops@example.net"])
    assert fwd.subject == "Fwd: 納期の遅れについて" and fwd.instructions == "在庫を確認してください。"
    assert fwd.body_text.startswith("在庫を確認してください。\n\n---------- 転送メッセージ ----------\n")
    assert "差出人: Jane Doe <jane@example.org>\n" in fwd.body_text and "件名: 納期の遅れについて" in fwd.body_text
    assert fwd.body_text.endswith("> 注文した商品がまだ届きません。\n")
    assert fwd.in_reply_to is None
    assert workbin_name(db, fid) == "In Progress"
    original = row(db, iid)
    assert (original.state, original.owner_id) == ("assigned", center.users["sato"])  # stays with the agent
    assert events(db, iid)[-1] == ("forwarded", {"forward_id": fid, "mode": "inline", "to": ["Admin@example.net"],
                                                 "cc": ["ops@example.net"], "from_history": False})
    assert complete_forward(as_(db, "sato"), fid) == "outbox"
    assert workbin_name(db, fid) == "In Progress"  # X9: visible until the agent closes it
    message = parsed(outbox_item(db, fid).raw)
    assert message["To"] == "Admin@example.net" and message["Subject"] == "Fwd: 納期の遅れについて"
    assert "転送メッセージ" in text_of(message)


def test_inline_forward_carries_the_attachments(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    update(db, iid, raw=MULTIPART)
    fid = forward(as_(db, "sato"), iid, mode="inline", to=["admin@example.net"])
    assert [(a.filename, a.content_type, a.data) for a in row(db, fid).attachments] == [
        ("invoice.pdf", "application/pdf", b"%PDF-1.4\n")]


def test_attachment_forward_carries_the_original_untouched(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    update(db, iid, raw=MULTIPART)
    fid = forward(as_(db, "sato"), iid, mode="attachment", to=["admin@example.net"], instructions="Please check")
    fwd = row(db, fid)
    assert (fwd.purpose, fwd.body_text) == ("forward_attachment", "Please check")
    complete_forward(as_(db, "sato"), fid)
    raw = outbox_item(db, fid).raw
    part_at = raw.index(b"Content-Type: message/rfc822")
    assert raw.index(MULTIPART) > part_at  # byte for byte, inside the message/rfc822 part
    (part,) = [p for p in parsed(raw).iter_attachments() if p.get_content_type() == "message/rfc822"]
    assert part.get_filename() == "forwarded-message.eml"
    assert workbin_name(db, fid) == "In Progress"
    update(db, fid, state="sent")  # the outbox sender delivered it
    mark_done(as_(db, "sato"), fid)
    assert workbin_name(db, fid) is None


def test_forward_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    ctx = as_(db, "sato")
    with pytest.raises(InvalidInput, match="not one of: inline, attachment"):
        forward(ctx, iid, mode="both", to=["a@example.net"])
    with pytest.raises(InvalidInput, match="not a valid email address") as caught:
        forward(ctx, iid, mode="inline", to=["admin@example"])
    assert caught.value.field == "To"
    with pytest.raises(InvalidInput) as caught:
        forward(ctx, iid, mode="inline", to=["a@example.net"], cc=["bad"])
    assert caught.value.field == "CC"
    with pytest.raises(InvalidInput, match="at least one To"):
        forward(ctx, iid, mode="inline", to=[])
    with pytest.raises(PermissionDenied, match="only its owner"):
        forward(as_(db, "suzuki"), iid, mode="inline", to=["a@example.net"])
    with pytest.raises(PermissionDenied, match="may not see it"):
        forward(as_(db, "kato"), iid, mode="inline", to=["a@example.net"])
    queued = inbound(db, center, owner=None)
    with pytest.raises(InvalidState, match="only the active email"):
        forward(as_(db, "tanaka"), queued, mode="inline", to=["a@example.net"])
    draft = reply(ctx, iid, text="x")
    with pytest.raises(InvalidInput, match="not a forward"):
        complete_forward(ctx, draft)
    assert events(db, iid)[-1][0] == "reply_started"  # no forward was recorded


def test_forward_mode_must_be_enabled(db: Database) -> None:
    center = seed_center(db, forward="inline", qa_review=NO_QA)
    iid = inbound(db, center)
    with pytest.raises(PermissionDenied, match="does not allow forwarding as an attachment"):
        forward(as_(db, "sato"), iid, mode="attachment", to=["a@example.net"])
    assert forward(as_(db, "sato"), iid, mode="inline", to=["a@example.net"]) > iid


def test_forward_from_history(db: Database) -> None:
    center = seed_center(db, forward_from_history=False, qa_review=NO_QA)
    iid = inbound(db, center, owner="suzuki")
    update(db, iid, state="done")
    with pytest.raises(InvalidState, match="forward_from_history"):
        forward(as_(db, "sato"), iid, mode="inline", to=["a@example.net"])
    with db.write() as s:
        from agentdesk.routing.models import Option

        option = s.get(Option, "forward_from_history")
        assert option is not None
        option.value = True
    fid = forward(as_(db, "sato"), iid, mode="inline", to=["a@example.net"])  # my team handled it
    assert row(db, fid).owner_id == center.users["sato"]
    assert events(db, iid)[-1][1]["from_history"] is True
    other = inbound(db, center, owner="kato", team="billing")
    update(db, other, state="done")
    with pytest.raises(PermissionDenied, match="may not see it"):
        forward(as_(db, "sato"), other, mode="inline", to=["a@example.net"])
