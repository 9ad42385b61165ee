"""The outbox and a provider's sending limits, against aiosmtpd on loopback: Gmail's daily limit (550 5.4.5) and
Exchange Online's submission quota (554 5.2.0) keep the reply queued for an hour and then send it once; the
outbox row and its history say why."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agentdesk.routing.db import Database
from agentdesk.routing.sender import send_due
from agentdesk.routing.types import utcnow
from tests.routing.test_sender import events, interaction, item, plain_target, reply
from tests.support.factories import seed_center
from tests.support.smtpd import Faults, SmtpTestServer


@pytest.mark.parametrize(("reply_words", "at"), [
    ("550 5.4.5 Daily user sending limit exceeded", "data"),
    ("554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException", "mail"),
])
def test_a_sending_limit_waits_an_hour_then_sends_once(db: Database, reply_words: str, at: str) -> None:
    center = seed_center(db)
    iid, item_id, raw = reply(db, center)
    with SmtpTestServer(faults=Faults(temporary=1, temporary_reply=reply_words, temporary_at=at)) as server:
        t0 = utcnow()
        report = send_due(db, lambda name: plain_target(server), now=t0)
        assert report.retrying == [item_id] and report.failed == []
        row = item(db, item_id)
        assert row.state == "queued" and row.not_before == t0 + timedelta(hours=1)
        assert reply_words.split()[1] in (row.last_error or "") and "sending limit" in (row.last_error or "")
        assert send_due(db, lambda name: plain_target(server), now=t0 + timedelta(minutes=30)).sent == []
        assert send_due(db, lambda name: plain_target(server), now=t0 + timedelta(hours=1, seconds=1)).sent == [item_id]
        assert [m.data for m in server.messages] == [raw]
        assert events(db, iid)[-2:] == ["send_deferred", "sent"]
        assert interaction(db, iid).state == "sent"

