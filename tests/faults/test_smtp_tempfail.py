"""An SMTP server that answers 421 or 451 for a while (at MAIL, RCPT or after the data), then recovers: each reply
is retried with a growing backoff, never before its time, is visible to the agent meanwhile as waiting with the
server's words, and is delivered exactly once when the server is back. Seeded scenarios, on both backends."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.outbound import reply, send
from agentdesk.actions.outbox import list_outbox
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.models import History
from agentdesk.routing.sender import SendTarget, default_backoff, send_due
from agentdesk.routing.types import utcnow
from tests.actions.outbound_support import NO_QA
from tests.faults.harness import Tally, seed_for
from tests.faults.worlds import message_id_of
from tests.support.factories import inbound, seed_center
from tests.support.smtpd import Faults, SmtpTestServer

SCENARIOS = 8
REPLIES = ("421 4.3.2 Service shutting down, try later", "451 4.3.0 Temporary local problem",
           "451 4.7.1 Greylisted, come back later")


def test_temporary_failures_are_retried_with_backoff_and_delivered_once(db: Database) -> None:
    center = seed_center(db, qa_review=NO_QA)
    agent = ActionContext(db, "sato")
    seed = seed_for("smtp 4xx")
    rng = random.Random(seed)
    tally = Tally("smtp 421/451", "postgres" if db.is_postgres else "sqlite", seed)
    with SmtpTestServer() as server:
        def target(_name: str | None) -> SendTarget:
            return SendTarget(SmtpServer("127.0.0.1", server.port, "none", timeout=10))

        for n in range(SCENARIOS):
            failures = rng.randint(1, 4)
            server.faults = Faults(temporary=failures, temporary_at=rng.choice(["mail", "rcpt", "data"]),
                                   temporary_reply=rng.choice(REPLIES))
            oid = reply(agent, inbound(db, center), text=f"scenario {n}")
            assert send(agent, oid) == "outbox"
            now = utcnow()
            for attempt in range(1, failures + 1):
                report = send_due(db, target, now=now)
                assert report.sent == [] and len(report.retrying) == 1, (n, seed, report)
                (view,) = [v for v in list_outbox(agent) if v.interaction_id == oid]
                code = server.faults.temporary_reply[:3]
                assert view.state == "queued" and view.attempts == attempt, (n, seed, view)
                assert view.last_error is not None and code in view.last_error, (n, seed, view)
                assert view.not_before == now + default_backoff(attempt)
                early = send_due(db, target, now=view.not_before - timedelta(seconds=1))  # not before its time
                assert early.retrying == [] and early.sent == [] and server.faults.temporary == failures - attempt
                now = view.not_before
                tally.retried += 1
            report = send_due(db, target, now=now)
            assert len(report.sent) == 1, (n, seed, report)
            tally.trials += 1
        delivered = Counter(message_id_of(m.data) for m in server.messages)
    with db.read() as s:
        deferred = len(list(s.scalars(select(History.id).where(History.event == "send_deferred"))))
    tally.double_sends = sum(c - 1 for c in delivered.values() if c > 1)
    tally.lost = SCENARIOS - len(delivered)
    tally.actions = SCENARIOS
    tally.save()
    assert sorted(delivered.values()) == [1] * SCENARIOS
    assert deferred == tally.retried  # each temporary failure is in the history
