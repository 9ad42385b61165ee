"""Bad input at the action layer (issue 12): empty replies need a confirmation, NUL characters are refused in
drafts and notes, a draft's HTML keeps nothing remote, and attachments go out under a safe base name."""

from __future__ import annotations

import pytest

from agentdesk.actions import InvalidInput
from agentdesk.actions.consult import start_consultation
from agentdesk.actions.drafts import add_attachment, save_draft
from agentdesk.actions.forward import forward
from agentdesk.actions.notes import add_note
from agentdesk.actions.outbound import PrecheckFailed, new_email, reply, send
from agentdesk.routing.db import Database
from tests.actions.outbound_support import NO_QA, as_, outbox_item, parsed, row
from tests.support.factories import Center, inbound, seed_center


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db, qa_review=NO_QA)


# -- empty replies ------------------------------------------------------------------------------------------

def test_an_empty_reply_is_sent_only_when_confirmed(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    oid = reply(as_(db, "sato"), iid)  # only the quoted original
    with pytest.raises(PrecheckFailed) as stopped:
        send(as_(db, "sato"), oid)
    assert [w.code for w in stopped.value.warnings] == ["empty_body"]
    assert "empty" in stopped.value.message
    assert row(db, oid).state == "draft"
    assert send(as_(db, "sato"), oid, confirm_checks=["empty_body"]) == "outbox"


def test_a_reply_of_blank_lines_and_a_signature_is_empty(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    oid = reply(as_(db, "sato"), iid)
    save_draft(as_(db, "sato"), oid, text=" \n\t\n-- \nSato, Example Support\n\n" + row(db, oid).body_text)
    with pytest.raises(PrecheckFailed, match="empty_body"):
        send(as_(db, "sato"), oid)


def test_a_new_email_without_text_is_empty_until_a_file_is_attached(db: Database, center: Center) -> None:
    oid = new_email(as_(db, "sato"), to=["jane@example.org"], subject="Your invoice")
    with pytest.raises(PrecheckFailed, match="empty_body"):
        send(as_(db, "sato"), oid)
    add_attachment(as_(db, "sato"), oid, "invoice.pdf", "application/pdf", b"%PDF-1.4")
    assert send(as_(db, "sato"), oid) == "outbox"


def test_a_reply_with_text_is_not_empty(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    oid = reply(as_(db, "sato"), iid, text="Thank you, we are looking into it.")
    assert send(as_(db, "sato"), oid) == "outbox"


# -- NUL characters ------------------------------------------------------------------------------------------

def test_nul_characters_are_refused_in_drafts_and_notes(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with pytest.raises(InvalidInput, match=r"NUL character \(U\+0000\) at position 4"):
        add_note(as_(db, "sato"), iid, "abc\0def")
    with pytest.raises(InvalidInput, match="NUL"):
        reply(as_(db, "sato"), iid, text="hello\0")
    oid = reply(as_(db, "sato"), iid, text="hello")
    for fields in ({"text": "a\0b"}, {"html": "<p>a\0b</p>"}):
        with pytest.raises(InvalidInput, match="NUL") as refused:
            save_draft(as_(db, "sato"), oid, **fields)  # type: ignore[arg-type]
        assert refused.value.field in ("text", "html")
    assert row(db, oid).body_text.startswith("hello")  # nothing changed
    with pytest.raises(InvalidInput, match="NUL"):
        new_email(as_(db, "sato"), to=["jane@example.org"], subject="x", text="\0")
    with pytest.raises(InvalidInput, match="NUL"):
        forward(as_(db, "sato"), iid, mode="inline", to=["partner@example.net"], instructions="see\0this")
    with pytest.raises(InvalidInput, match="NUL"):
        start_consultation(as_(db, "sato"), iid, "suzuki", "help\0")


# -- a draft's HTML ------------------------------------------------------------------------------------------

def test_a_drafts_html_keeps_nothing_remote(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    oid = reply(as_(db, "sato"), iid, text="Hello")
    html = ('<p>Hello <img src="http://tracker.example/pixel.gif" alt="x"><img src="//cdn.example/a.png">'
            '<img srcset="https://cdn.example/b.png 2x"><a href="https://example.com/help">help</a></p>'
            '<blockquote cite="https://example.net/original" type="cite">quoted</blockquote>')
    save_draft(as_(db, "sato"), oid, text="Hello help\n\nquoted", html=html)
    stored = row(db, oid).body_html or ""
    assert "tracker.example" not in stored and "cdn.example" not in stored and "example.net" not in stored
    assert "<img" not in stored
    assert 'href="https://example.com/help"' in stored  # a link is not fetched: it stays
    send(as_(db, "sato"), oid)
    assert b"tracker.example" not in outbox_item(db, oid).raw


# -- attachment names ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "sent"), [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\win.ini", "win.ini"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("re\x1b[31mport.pdf", "re_[31mport.pdf"),
    ("..", "attachment"),
])
def test_an_attachment_is_sent_under_a_safe_base_name(db: Database, center: Center, given: str, sent: str) -> None:
    oid = new_email(as_(db, "sato"), to=["jane@example.org"], subject="Files", text="See the file.")
    add_attachment(as_(db, "sato"), oid, given, "text/plain", b"data")
    assert [a.filename for a in row(db, oid).attachments] == [sent]
    send(as_(db, "sato"), oid)
    message = parsed(outbox_item(db, oid).raw)
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == [sent]
