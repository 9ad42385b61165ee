"""QA review (S30–S33, X1): the approval queue, approve, edit and approve, reject, rounds and the redline."""

from __future__ import annotations

import pytest

from agentdesk.actions import Conflict, InvalidInput, InvalidState, PermissionDenied, queries
from agentdesk.actions.drafts import save_draft
from agentdesk.actions.outbound import reply, send
from agentdesk.actions.review import approve, redline, reject, review_detail, review_queue
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.actions.outbound_support import (
    as_,
    events,
    outbox_item,
    parsed,
    qa_value,
    rounds,
    row,
    text_of,
    workbin_name,
)
from tests.support.factories import Center, inbound, seed_center


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)  # QA review for team support


def submitted(db: Database, center: Center, text: str = "お問い合わせありがとうございます。", owner: str = "sato") -> int:
    oid = reply(as_(db, owner), inbound(db, center, owner=owner), text=text)
    assert send(as_(db, owner), oid) == "review"
    return oid


def test_queue_for_the_team_leads(db: Database, center: Center) -> None:
    oid = submitted(db, center)
    (item,) = review_queue(as_(db, "tanaka"))
    parent = row(db, oid).parent_id
    assert (item.outbound_id, item.round_no, item.author_login, item.inbound_id) == (oid, 1, "sato", parent)
    assert (item.subject, item.inbound_subject, item.inbound_from) == (
        "Re: 納期の遅れについて", "納期の遅れについて", "Jane Doe <jane@example.org>")
    assert item.inbound_text == "注文した商品がまだ届きません。"
    assert review_queue(as_(db, "ito")) == []  # another team's lead
    assert [i.outbound_id for i in review_queue(as_(db, "root"))] == [oid]
    with pytest.raises(PermissionDenied, match="not a lead"):
        review_queue(as_(db, "sato"))


def test_approve_sends_it(db: Database, center: Center) -> None:
    oid = submitted(db, center)
    assert approve(as_(db, "tanaka"), oid, note="良いです") == "outbox"
    (first,) = rounds(db, oid)
    assert (first.decision, first.reviewer_id, first.note, first.reviewed_text) == (
        "approved", center.users["tanaka"], "良いです", None)
    out = row(db, oid)
    assert out.state == "outbox" and qa_value(db, out.case_id) == "approved"
    assert [e for e, _ in events(db, oid)][-2:] == ["approved", "queued_to_outbox"]
    parent = row(db, out.parent_id or 0)
    message = parsed(outbox_item(db, oid).raw)
    assert message["From"] == "Example Support <support@example.com>"
    assert message["Subject"] == "Re: 納期の遅れについて"
    assert (message["In-Reply-To"], message["References"]) == (parent.message_id, parent.message_id)
    assert text_of(message).startswith("お問い合わせありがとうございます。")
    assert review_queue(as_(db, "tanaka")) == []
    with pytest.raises(InvalidState, match="not waiting for review"):
        approve(as_(db, "tanaka"), oid)


def test_edit_and_approve_sends_the_reviewers_version(db: Database, center: Center) -> None:
    oid = submitted(db, center, text="ありがとね")
    approve(as_(db, "tanaka"), oid, edited_text="お問い合わせいただき、誠にありがとうございます。",
            edited_subject="Re: 納期の遅れについて（お詫び）")
    (first,) = rounds(db, oid)
    assert first.decision == "edited"
    assert first.reviewed_text == "お問い合わせいただき、誠にありがとうございます。"
    assert first.body_text.startswith("ありがとね")  # the agent's round is kept as it was
    message = parsed(outbox_item(db, oid).raw)
    assert message["Subject"] == "Re: 納期の遅れについて（お詫び）"
    assert text_of(message).startswith("お問い合わせいただき、誠にありがとうございます。")
    assert events(db, oid)[-2] == ("approved", {"round_no": 1, "edited": True, "note": None})


def test_nobody_approves_their_own(db: Database, center: Center) -> None:
    oid = submitted(db, center, owner="tanaka")  # a lead's own reply, reviewed for team support too
    with pytest.raises(PermissionDenied, match="nobody approves their own"):
        approve(as_(db, "tanaka"), oid)
    with pytest.raises(PermissionDenied, match="nobody approves their own"):
        reject(as_(db, "tanaka"), oid, "x")
    assert approve(as_(db, "root"), oid) == "outbox"  # another reviewer may


def test_who_may_decide(db: Database, center: Center) -> None:
    oid = submitted(db, center)
    with pytest.raises(PermissionDenied, match="only a lead of support"):
        approve(as_(db, "suzuki"), oid)
    with pytest.raises(PermissionDenied, match="may not see it"):
        approve(as_(db, "ito"), oid)
    with pytest.raises(PermissionDenied, match="only a lead of support"):
        reject(as_(db, "sato"), oid, "no")
    draft = reply(as_(db, "sato"), inbound(db, center), text="x")
    with pytest.raises(InvalidState, match="is draft, not waiting"):
        approve(as_(db, "tanaka"), draft)


def test_reject_resubmit_and_redline(db: Database, center: Center) -> None:
    oid = submitted(db, center, text="ありがとうございます。Thanks for the mail.")
    with pytest.raises(InvalidInput, match="needs a note"):
        reject(as_(db, "tanaka"), oid, "  ")
    reject(as_(db, "tanaka"), oid, "敬語を直してください")
    out = row(db, oid)
    assert (out.state, out.owner_id) == ("rejected", center.users["sato"])
    assert workbin_name(db, oid) == "Drafts"
    assert qa_value(db, out.case_id) == "rejected: 敬語を直してください"
    detail = queries.get_interaction(as_(db, "sato"), oid)
    assert (detail.qa_status, detail.qa_note) == ("rejected", "敬語を直してください")
    assert events(db, oid)[-1] == ("rejected", {"round_no": 1, "note": "敬語を直してください"})
    body = out.body_text
    save_draft(as_(db, "sato"), oid, text=body.replace("ありがとうございます。Thanks for the mail.",
                                                       "誠にありがとうございます。Thank you for the mail."))
    assert send(as_(db, "sato"), oid) == "review"  # S32: reviewed again
    assert qa_value(db, out.case_id) == "pending"
    detail_review = review_detail(as_(db, "tanaka"), oid)
    assert [(r.round_no, r.decision, r.note) for r in detail_review.rounds] == [
        (1, "rejected", "敬語を直してください"), (2, None, None)]
    assert detail_review.rounds[0].text == body and detail_review.rounds[0].reviewer == "tanaka"
    assert detail_review.inbound_text == "注文した商品がまだ届きません。"
    changes = [seg for seg in detail_review.redline if seg[0] != "equal"]
    assert changes == [("insert", "誠に"), ("delete", "Thanks"), ("insert", "Thank you")]
    assert "".join(t for op, t in detail_review.redline if op != "insert") == body
    assert review_detail(as_(db, "sato"), oid).rounds[0].note == "敬語を直してください"  # the author sees it
    with pytest.raises(PermissionDenied):
        review_detail(as_(db, "suzuki"), oid)
    approve(as_(db, "tanaka"), oid)
    assert [r.decision for r in rounds(db, oid)] == ["rejected", "approved"]


def test_redline_granularity() -> None:
    assert redline("", "") == ()
    assert redline("same", "same") == (("equal", "same"),)
    assert redline("the quick fox", "the slow fox") == (("equal", "the "), ("delete", "quick"),
                                                        ("insert", "slow"), ("equal", " fox"))
    assert redline("納期が遅れます", "納期が少し遅れます") == (("equal", "納期が"), ("insert", "少し"),
                                                      ("equal", "遅れます"))


def test_customer_writes_while_in_review(db: Database, center: Center) -> None:
    oid = submitted(db, center)
    with db.write() as s:
        first = s.get(Interaction, row(db, oid).parent_id)
        assert first is not None
        s.add(Interaction(direction="inbound", state="assigned", owner_id=first.owner_id, team_id=first.team_id,
                          case_id=first.case_id, contact_id=first.contact_id, subject="Re", body_text="追加です"))
    with pytest.raises(Conflict, match="the customer wrote again"):
        approve(as_(db, "tanaka"), oid)
    assert row(db, oid).state == "needs_attention"
    assert [r.decision for r in rounds(db, oid)] == ["stopped"]
    assert workbin_name(db, oid) == "Drafts"
    assert send(as_(db, "sato"), oid, confirm_checks=["collision"]) == "review"
    assert [r.round_no for r in rounds(db, oid)] == [1, 2]


def _html_part(db: Database, oid: int) -> str | None:
    part = parsed(outbox_item(db, oid).raw).get_body(("html",))
    return None if part is None else str(part.get_content())


def test_an_edit_of_the_text_alone_drops_the_authors_html(db: Database, center: Center) -> None:
    """The agent wrote rich text; the lead edits the text without an HTML version: the HTML part would say the
    old thing, so the email leaves as text only."""
    oid = reply(as_(db, "sato"), inbound(db, center), text="Thanks")
    save_draft(as_(db, "sato"), oid, text="Thanks, we are on it.", html="<div>Thanks, <b>we are on it</b>.</div>")
    assert send(as_(db, "sato"), oid) == "review"
    assert review_detail(as_(db, "tanaka"), oid).html == "<div>Thanks, <b>we are on it</b>.</div>"
    approve(as_(db, "tanaka"), oid, edited_text="Thanks, we are looking into it.")
    assert row(db, oid).body_html is None
    assert _html_part(db, oid) is None


def test_an_edit_with_its_html_is_sent_cleaned(db: Database, center: Center) -> None:
    oid = reply(as_(db, "sato"), inbound(db, center), text="Thanks")
    save_draft(as_(db, "sato"), oid, text="Thanks", html="<div>Thanks</div>")
    send(as_(db, "sato"), oid)
    approve(as_(db, "tanaka"), oid, edited_text="Thanks a lot",
            edited_html='<div>Thanks <i>a lot</i></div><script>alert(1)</script><img src=x onerror="alert(2)">')
    html = _html_part(db, oid)
    assert html is not None and "<i>a lot</i>" in html
    assert "script" not in html and "onerror" not in html and "alert" not in html
