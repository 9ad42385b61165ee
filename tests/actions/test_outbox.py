"""The agent's outbox actions on both backends: list, take back inside the undo window, and decide on an
uncertain send (with the Sent folder's answer)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agentdesk.actions import InvalidInput, InvalidState, NotFound, PermissionDenied
from agentdesk.actions.outbound import send
from agentdesk.actions.outbox import (
    check_sent_folder,
    decide_uncertain,
    list_outbox,
    outbox_entry,
    schedule,
    take_back,
)
from agentdesk.routing.db import Database
from agentdesk.routing.models import History, OutboxItem, State
from agentdesk.routing.types import utcnow
from tests.actions.outbound_support import (
    NO_QA,
    as_,
    close_undo_window,
    events,
    make_uncertain,
    outbox_item,
    row,
    sent_reply,
    workbin_name,
)
from tests.support.factories import Center, inbound, seed_center


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db, qa_review=NO_QA, undo_send_seconds=60)


def test_list_shows_what_can_be_taken_back(db: Database, center: Center) -> None:
    oid = sent_reply(db, center)
    other = sent_reply(db, center, "別件です。")
    close_undo_window(db, other)
    views = {v.interaction_id: v for v in list_outbox(as_(db, "sato"))}
    assert set(views) == {oid, other}
    assert views[oid].can_take_back and not views[other].can_take_back
    assert views[oid].state == "queued" and views[oid].to == ("jane@example.org",)
    assert views[oid].owner_login == "sato" and views[oid].not_before > utcnow()
    assert [v.interaction_id for v in list_outbox(as_(db, "tanaka"), mine=True)] == []
    assert {v.interaction_id for v in list_outbox(as_(db, "tanaka"))} == {oid, other}  # the lead sees the team's
    assert list_outbox(as_(db, "kato")) == []  # another team sees nothing
    assert {v.interaction_id for v in list_outbox(as_(db, "root"))} == {oid, other}
    assert list_outbox(as_(db, "sato"), states=("sent",)) == []
    with pytest.raises(InvalidInput, match="unknown outbox state"):
        list_outbox(as_(db, "sato"), states=("lost",))
    assert outbox_entry(as_(db, "sato"), oid).message_id == outbox_item(db, oid).message_id
    with pytest.raises(PermissionDenied):
        outbox_entry(as_(db, "kato"), oid)


def test_take_back_inside_the_undo_window(db: Database, center: Center) -> None:
    oid = sent_reply(db, center)
    with pytest.raises(PermissionDenied, match="only its owner or a lead"):
        take_back(as_(db, "suzuki"), oid)  # a teammate, not its owner
    with pytest.raises(PermissionDenied):
        take_back(as_(db, "kato"), oid)  # another team
    assert take_back(as_(db, "sato"), oid) == State.DRAFT.value
    assert row(db, oid).state == State.DRAFT.value and workbin_name(db, oid) == "Drafts"
    assert outbox_item(db, oid).state == "cancelled"
    event, _ = events(db, oid)[-1]
    assert event == "send_taken_back"
    with db.read() as s:
        actor = s.query(History.actor_id).filter_by(interaction_id=oid, event="send_taken_back").scalar()
    assert actor == center.users["sato"]
    with pytest.raises(InvalidState, match="already cancelled"):
        take_back(as_(db, "sato"), oid)
    # Sent again, then the window closes: too late.
    assert send(as_(db, "sato"), oid) == "outbox"
    close_undo_window(db, oid)
    with pytest.raises(InvalidState, match="undo window has closed"):
        take_back(as_(db, "sato"), oid)
    assert row(db, oid).state == State.OUTBOX.value


def test_a_lead_may_take_back_a_reply_of_the_team(db: Database, center: Center) -> None:
    oid = sent_reply(db, center)
    assert take_back(as_(db, "tanaka"), oid) == State.DRAFT.value
    assert workbin_name(db, oid) == "Drafts"


def test_take_back_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with pytest.raises(NotFound, match="never been handed to the outbox"):
        take_back(as_(db, "sato"), iid)
    with pytest.raises(NotFound, match="does not exist"):
        take_back(as_(db, "sato"), 999_999)


def test_uncertain_check_and_decide_it_was_sent(db: Database, center: Center) -> None:
    oid = sent_reply(db, center)
    with pytest.raises(InvalidState, match="not uncertain"):
        check_sent_folder(as_(db, "sato"), oid, lambda mailbox, mid: True)
    make_uncertain(db, oid, found_in_sent=False)
    view = list_outbox(as_(db, "sato"), states=("uncertain",))[0]
    assert (view.interaction_id, view.found_in_sent, view.can_take_back) == (oid, False, False)
    with pytest.raises(InvalidState, match=r"already uncertain"):
        take_back(as_(db, "sato"), oid)
    asked: list[tuple[str | None, str]] = []

    def search(mailbox: str | None, message_id: str) -> bool:
        asked.append((mailbox, message_id))
        return True

    check = check_sent_folder(as_(db, "sato"), oid, search)
    assert asked == [("support", outbox_item(db, oid).message_id)]
    assert (check.found, check.earlier, check.error, check.mailbox) == (True, False, None, "support")
    with pytest.raises(InvalidInput, match="must be 'sent' or 'resend'"):
        decide_uncertain(as_(db, "sato"), oid, "maybe")
    with pytest.raises(PermissionDenied):
        decide_uncertain(as_(db, "suzuki"), oid, "sent")
    assert decide_uncertain(as_(db, "sato"), oid, "sent") == "sent"
    assert row(db, oid).state == State.SENT.value and outbox_item(db, oid).state == "sent"
    assert events(db, oid)[-1][0] == "sent" and events(db, oid)[-1][1]["decided"] is True
    with pytest.raises(InvalidState, match="is sent in the outbox, not uncertain"):
        decide_uncertain(as_(db, "sato"), oid, "resend")


def test_uncertain_send_again(db: Database, center: Center) -> None:
    oid = sent_reply(db, center)
    make_uncertain(db, oid, found_in_sent=None)
    failing = check_sent_folder(as_(db, "sato"), oid, lambda m, i: (_ for _ in ()).throw(OSError("refused")))
    assert failing.found is None and failing.error == "refused" and failing.earlier is None
    unconfigured = check_sent_folder(as_(db, "sato"), oid, None)
    assert unconfigured.found is None and "no settings for mailbox 'support'" in (unconfigured.error or "")
    assert decide_uncertain(as_(db, "tanaka"), oid, "resend") == "queued"
    item = outbox_item(db, oid)
    assert item.state == "queued" and item.not_before <= utcnow()
    assert row(db, oid).state == State.OUTBOX.value
    assert events(db, oid)[-1][0] == "resend"


def test_schedule_a_reply_for_later(db: Database, center: Center) -> None:
    oid = sent_reply(db, center)
    at = utcnow() + timedelta(hours=3)
    with pytest.raises(InvalidInput, match="not in the future"):
        schedule(as_(db, "sato"), oid, utcnow() - timedelta(minutes=1))
    with pytest.raises(PermissionDenied):
        schedule(as_(db, "suzuki"), oid, at)
    assert schedule(as_(db, "sato"), oid, at) == at
    item = outbox_item(db, oid)
    assert item.not_before == at and item.hold_if_customer_writes
    assert events(db, oid)[-1][0] == "send_scheduled"
    assert list_outbox(as_(db, "sato"))[0].can_take_back  # still takeable until then
    assert schedule(as_(db, "sato"), oid, at + timedelta(hours=1)) == at + timedelta(hours=1)
    close_undo_window(db, oid)
    with pytest.raises(InvalidState, match="can no longer be scheduled"):
        schedule(as_(db, "sato"), oid, at)


def test_where_the_server_cannot_tell_no_search_is_offered(db: Database, center: Center) -> None:
    oid = sent_reply(db, center)
    make_uncertain(db, oid, found_in_sent=None, sent_folder="agentdesk")
    view = list_outbox(as_(db, "sato"), states=("uncertain",))[0]
    assert view.sent_folder_can_tell is False and view.decided_at is None and view.step == "end_of_data"
    with pytest.raises(InvalidState, match=r"the server cannot tell whether it took interaction .* a search cannot"):
        check_sent_folder(as_(db, "sato"), oid, lambda mailbox, mid: True)
    assert decide_uncertain(as_(db, "sato"), oid, "resend") == "queued"


def test_a_server_filled_sent_folder_decides_at_the_end_of_the_grace_period(db: Database, center: Center) -> None:
    oid = sent_reply(db, center)
    make_uncertain(db, oid, found_in_sent=None, sent_folder="server")
    view = list_outbox(as_(db, "sato"), states=("uncertain",))[0]
    assert view.sent_folder_can_tell is True and view.decided_at == view.not_before
    assert check_sent_folder(as_(db, "sato"), oid, lambda mailbox, mid: False).found is False


def test_a_sent_copy_that_could_not_be_filed_is_listed_with_the_servers_words(db: Database, center: Center) -> None:
    oid = sent_reply(db, center)
    with db.write() as s:
        item = s.query(OutboxItem).filter_by(interaction_id=oid).one()
        item.state, item.sent_copy = "sent", "pending"
        item.sent_copy_error = "sent, but filing a copy in the Sent folder failed: NO [OVERQUOTA] Quota exceeded"
    [view] = list_outbox(as_(db, "sato"))
    assert view.state == "sent" and "OVERQUOTA" in (view.sent_copy_error or "")
    assert list_outbox(as_(db, "sato"), unfiled_copies=False) == []
