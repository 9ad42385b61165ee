"""Drafts (S15, S17): save, attach, delete; only the author, only while editable."""

from __future__ import annotations

import pytest

from agentdesk.actions import InvalidInput, InvalidState, NotFound, PermissionDenied
from agentdesk.actions.drafts import add_attachment, delete_draft, remove_attachment, save_draft
from agentdesk.actions.forward import forward
from agentdesk.actions.outbound import reply, send
from agentdesk.mail.compose import OutgoingAttachment
from agentdesk.routing.db import Database
from tests.actions.outbound_support import as_, events, row, update, workbin_name
from tests.support.factories import Center, inbound, seed_center


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_save_draft(db: Database, center: Center) -> None:
    oid = reply(as_(db, "sato"), inbound(db, center), text="x")
    ctx = as_(db, "sato")
    changed = save_draft(ctx, oid, to=[" jane@example.org "], cc=["boss@example.org"], bcc=["archive@example.com"],
                         subject="Re: 納期について", text="改めてご連絡します。", html="<p>改めて</p>",
                         from_addr="Billing@example.com")
    assert changed == ["to_addrs", "cc_addrs", "bcc_addrs", "subject", "from_addr", "from_name", "body_text",
                       "body_html"]
    out = row(db, oid)
    assert (out.to_addrs, out.cc_addrs, out.bcc_addrs) == (["jane@example.org"], ["boss@example.org"],
                                                           ["archive@example.com"])
    assert (out.subject, out.body_text, out.body_html) == ("Re: 納期について", "改めてご連絡します。", "<p>改めて</p>")
    assert (out.from_addr, out.from_name) == ("billing@example.com", "Example Billing")
    assert events(db, oid)[-1] == ("draft_saved", {"fields": changed})
    assert save_draft(ctx, oid, subject="Re: 納期について") == []  # nothing changed, nothing recorded
    assert events(db, oid)[-1] == ("draft_saved", {"fields": changed})
    save_draft(ctx, oid, to=["not an address yet"])  # addresses are checked when it is sent
    assert row(db, oid).to_addrs == ["not an address yet"]
    with pytest.raises(InvalidInput, match="line feed") as caught:
        save_draft(ctx, oid, cc=["a@example.org\nBcc: evil@example.net"])
    assert caught.value.field == "CC"
    with pytest.raises(InvalidInput, match="carriage return") as caught:
        save_draft(ctx, oid, subject="hi\r\nX-Evil: 1")
    assert caught.value.field == "Subject"
    with pytest.raises(InvalidInput, match="not a listed From address") as caught:
        save_draft(ctx, oid, from_addr="sales@example.com")
    assert caught.value.field == "From"
    with pytest.raises(InvalidInput, match="only forwards carry instructions"):
        save_draft(ctx, oid, instructions="x")
    save_draft(ctx, oid, attachments=[OutgoingAttachment("a.txt", "text/plain", b"a"),
                                      OutgoingAttachment("b.csv", "text/csv", b"b,c")])
    assert [(a.filename, a.position, a.size) for a in row(db, oid).attachments] == [("a.txt", 0, 1), ("b.csv", 1, 3)]


def test_forward_instructions_are_replaced_at_the_top(db: Database, center: Center) -> None:
    fid = forward(as_(db, "sato"), inbound(db, center), mode="inline", to=["a@example.net"], instructions="first")
    body = row(db, fid).body_text
    save_draft(as_(db, "sato"), fid, instructions="second, longer")
    out = row(db, fid)
    assert out.instructions == "second, longer"
    assert out.body_text == "second, longer" + body[len("first"):]
    save_draft(as_(db, "sato"), fid, instructions="")
    assert row(db, fid).body_text == body[len("first\n\n"):]


def test_attachments(db: Database, center: Center) -> None:
    oid = reply(as_(db, "sato"), inbound(db, center), text="x")
    ctx = as_(db, "sato")
    first = add_attachment(ctx, oid, "見積書.pdf", "application/PDF", b"%PDF")
    second = add_attachment(ctx, oid, "memo.txt", "text/plain", b"hello")
    assert [(a.id, a.filename, a.content_type, a.position) for a in row(db, oid).attachments] == [
        (first, "見積書.pdf", "application/pdf", 0), (second, "memo.txt", "text/plain", 1)]
    assert events(db, oid)[-1] == ("attachment_added", {"attachment_id": second, "filename": "memo.txt", "size": 5})
    remove_attachment(ctx, oid, first)
    assert [a.id for a in row(db, oid).attachments] == [second]
    assert events(db, oid)[-1] == ("attachment_removed", {"attachment_id": first, "filename": "見積書.pdf"})
    with pytest.raises(NotFound, match=f"no attachment {first}"):
        remove_attachment(ctx, oid, first)
    with pytest.raises(InvalidInput, match="not a MIME type"):
        add_attachment(ctx, oid, "x.bin", "pdf", b"")
    with pytest.raises(InvalidInput, match="needs a file name"):
        add_attachment(ctx, oid, " ", "text/plain", b"")
    with pytest.raises(InvalidInput, match="line feed"):
        add_attachment(ctx, oid, "a\n.txt", "text/plain", b"")
    with pytest.raises(PermissionDenied, match="only its author"):
        add_attachment(as_(db, "tanaka"), oid, "x.txt", "text/plain", b"")


def test_delete_draft_keeps_the_row_and_history(db: Database, center: Center) -> None:
    oid = reply(as_(db, "sato"), inbound(db, center), text="x")
    with pytest.raises(PermissionDenied, match="only its author"):
        delete_draft(as_(db, "suzuki"), oid)
    update(db, oid, disposition="resolved")
    delete_draft(as_(db, "sato"), oid)
    out = row(db, oid)
    assert (out.state, out.disposition) == ("done", None) and out.done_at is not None
    assert workbin_name(db, oid) is None
    assert events(db, oid)[-1] == ("draft_deleted", {"state_before": "draft", "workbin": "Drafts"})
    with pytest.raises(InvalidState, match="is done"):
        delete_draft(as_(db, "sato"), oid)
    with pytest.raises(InvalidState, match="is done"):
        save_draft(as_(db, "sato"), oid, text="y")


def test_no_edits_while_in_review(db: Database, center: Center) -> None:
    oid = reply(as_(db, "sato"), inbound(db, center), text="x")
    assert send(as_(db, "sato"), oid) == "review"
    with pytest.raises(InvalidState, match="is review"):
        save_draft(as_(db, "sato"), oid, text="y")
    with pytest.raises(InvalidState, match="is review"):
        delete_draft(as_(db, "sato"), oid)
    with pytest.raises(InvalidState, match="is review"):
        add_attachment(as_(db, "sato"), oid, "a.txt", "text/plain", b"")


def test_html_is_cleaned_and_a_text_alone_drops_it(db: Database, center: Center) -> None:
    """The rich-text editor saves text and HTML together; a save of the text alone (the CLI, an older desktop)
    clears the HTML part, which would otherwise still say the old thing."""
    oid = reply(as_(db, "sato"), inbound(db, center), text="Hello")
    save_draft(as_(db, "sato"), oid, text="Hello there",
         html='<div onclick="x()">Hello <b>there</b></div><blockquote type="cite" style="border-left:1px solid #ccc;'
              'position:fixed"><div>quoted</div></blockquote><script>alert(1)</script>')
    html = row(db, oid).body_html
    assert html is not None and "<b>there</b>" in html and 'type="cite"' in html and "border-left" in html
    for gone in ("onclick", "position", "script", "alert"):
        assert gone not in html, gone
    save_draft(as_(db, "sato"), oid, text="Hello again")
    assert row(db, oid).body_html is None
    save_draft(as_(db, "sato"), oid, text="Hello", html="   ")
    assert row(db, oid).body_html is None
