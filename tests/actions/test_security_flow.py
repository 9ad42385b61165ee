"""The whole agent and lead flow through agentdesk.actions on the team database, each user connected as their own
PostgreSQL login (row-level security and the rule triggers on), and the router as the router's login:
ingest, routing, reply, send to review, reject, approve, the sender, transfer across teams, consult, a team
workbin, done. The actions' own checks still answer first; what a user may not see does not exist for them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from agentdesk.actions import (
    ActionContext,
    NotFound,
    PermissionDenied,
    consult,
    notes,
    outbound,
    presence,
    queries,
    review,
    transfer,
    workbins,
)
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing import assign, ingest
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, State, Workbin
from agentdesk.routing.sender import SendTarget, send_due
from tests.support.pg_roles import SecuredCenter
from tests.support.smtpd import SmtpTestServer

pytestmark = pytest.mark.postgres


@pytest.fixture
def smtpd() -> Iterator[SmtpTestServer]:
    with SmtpTestServer() as server:
        yield server


def receive(router: Database, team: str, subject: str, n: int) -> int:
    """The router stores one inbound email for ``team`` (as `agentdesk router` would after an IMAP fetch)."""
    raw = (f"From: Jane Doe <jane{n}@example.org>\r\nTo: {team}@example.com\r\nSubject: {subject}\r\n"
           f"Message-ID: <flow{n}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n").encode()
    with router.write() as session:
        ingest.lock_mailbox(session, team)
        result = ingest.ingest_batch(session, mailbox=team, team_id=ingest.team_id_for(session, team),
                                     messages=[ingest.Incoming(raw, uid=n)])
    ingest.parse_bodies(router, result.created)
    return result.created[0]


def owner_of(router: Database, interaction_id: int) -> int | None:
    with router.read() as s:
        return s.scalar(select(Interaction.owner_id).where(Interaction.id == interaction_id))


def test_the_agent_and_lead_flow_as_each_user(secured_center: SecuredCenter, smtpd: SmtpTestServer) -> None:
    c = secured_center
    router = c.database_for("router")
    ctx = {login: ActionContext(c.database_for(login), login)
           for login in ("sato", "suzuki", "tanaka", "kato", "yamada", "ito")}
    presence.set_presence(ctx["suzuki"], "not_ready")  # a user's own presence: their own row only
    presence.set_presence(ctx["kato"], "ready")

    # the router stores and routes; sato (the only ready agent of support) gets it
    first = receive(router, "support", "Where is my order?", 1)
    assert assign.assign_queued(router) == [(first, owner_of(router, first))]
    with ctx["sato"].read() as tx:
        assert owner_of(router, first) == tx.actor.id

    # reply, send: support has QA review, so it waits for a lead; its author may not approve it
    draft = outbound.reply(ctx["sato"], first, text="It ships tomorrow.")
    assert outbound.send(ctx["sato"], draft) == "review"
    with pytest.raises(PermissionDenied):
        review.approve(ctx["sato"], draft)
    with pytest.raises(PermissionDenied):  # a lead, but of another team: not even visible to them
        review.review_queue(ctx["kato"])
    assert [i.outbound_id for i in review.review_queue(ctx["yamada"])] == []
    assert [i.outbound_id for i in review.review_queue(ctx["tanaka"])] == [draft]

    # rejected, corrected, sent again, approved: the outbox; the router's sender sends it
    review.reject(ctx["tanaka"], draft, "Please apologise for the delay.")
    assert outbound.send(ctx["sato"], draft) == "review"
    assert review.approve(ctx["tanaka"], draft) == "outbox"
    report = send_due(router, lambda name: SendTarget(SmtpServer("127.0.0.1", smtpd.port, "none", timeout=10)))
    assert len(report.sent) == 1 and len(smtpd.messages) == 1

    # a note, consult a colleague, store in the team workbin, pull it back, done
    notes.add_note(ctx["sato"], first, "Customer called too.")
    consultation = consult.start_consultation(ctx["sato"], first, "tanaka", "Refund as well?")
    consult.consultation_message(ctx["tanaka"], consultation, "Yes, 10 %.")
    consult.close_consultation(ctx["sato"], consultation)
    with ctx["sato"].read() as tx:
        escalations = tx.session.scalar(select(Workbin.id).where(Workbin.kind == "team",
                                                                 Workbin.team_id == tx.actor.team_id))
    assert escalations is not None
    workbins.store_in_workbin(ctx["sato"], first, escalations)
    workbins.pull_from_workbin(ctx["sato"], first)
    notes.mark_done(ctx["sato"], first)

    # transfer across teams: offered to billing, seen there only once offered, accepted by kato
    second = receive(router, "support", "Invoice question", 2)
    assign.assign_queued(router)
    with pytest.raises(NotFound):  # billing cannot see support's email
        queries.get_interaction(ctx["kato"], second)
    offer = transfer.transfer(ctx["sato"], second, to_team="billing", reason="billing matter")
    assert [(o.id, o.subject) for o in transfer.pending_offers(ctx["kato"])] == [(offer, "Invoice question")]
    assert transfer.accept_transfer(ctx["kato"], offer) == second
    with pytest.raises(NotFound):  # now billing's: support no longer sees it
        queries.get_interaction(ctx["sato"], second)
    reply = outbound.reply(ctx["kato"], second, text="Your invoice was paid.")
    assert outbound.send(ctx["kato"], reply) == "outbox"  # billing has no review

    # the admin sees every team's work; an agent only their own team's
    seen_by_admin = {s.id for s in queries.list_interactions(ctx["ito"], scope="all")}
    assert {first, second, draft, reply} <= seen_by_admin
    every = [state.value for state in State]
    seen_by_sato = {s.id for s in queries.list_interactions(ctx["sato"], scope="team", states=every)}
    assert first in seen_by_sato and second not in seen_by_sato and reply not in seen_by_sato


def test_the_change_feed_follows_a_user_s_own_login(secured_center: SecuredCenter) -> None:
    """The desk's change feed read on an agent's login: their team's changes, not another team's."""
    from agentdesk.desk.feed import Scope, read_changes_pg

    c = secured_center
    router = c.database_for("router")
    with c.raw("sato") as conn:
        start = read_changes_pg(conn, None, Scope(None, None, everything=True))
        assert start.reload
        support = receive(router, "support", "Mine", 11)
        billing = receive(router, "billing", "Theirs", 12)
        seen = read_changes_pg(conn, start.cursor, Scope(None, None, everything=True))
    assert support in {ch.interaction_id for ch in seen.changes}
    assert billing not in {ch.interaction_id for ch in seen.changes}  # row security, even asking for everything


def test_tags_as_each_user(secured_center: SecuredCenter) -> None:
    """Tagging on the agents' own logins: a team mate tags, the lead removes, the list filters, another team sees
    none of it; the change reaches the team's change feed."""
    from agentdesk.actions import tags
    from agentdesk.desk.feed import Scope, read_changes_pg

    c = secured_center
    router = c.database_for("router")
    ctx = {login: ActionContext(c.database_for(login), login) for login in ("sato", "suzuki", "tanaka", "kato")}
    first = receive(router, "support", "Tag me", 21)
    with c.raw("suzuki") as conn:
        start = read_changes_pg(conn, None, Scope(None, None, everything=True))
        assert tags.add_tags(ctx["sato"], first, ["VIP", "請求"]).tags == ("vip", "請求")
        seen = read_changes_pg(conn, start.cursor, Scope(None, None, everything=True))
    assert first in {ch.interaction_id for ch in seen.changes}
    assert tags.remove_tags(ctx["tanaka"], first, ["請求"]).tags == ("vip",)
    assert queries.interaction_ids(ctx["suzuki"], scope="team", states=["queued"], tag="vip") == [first]
    assert [t.tag for t in tags.tags_in_use(ctx["suzuki"])] == ["vip"]
    assert tags.tags_in_use(ctx["kato"]) == []
    with pytest.raises(NotFound):
        tags.add_tags(ctx["kato"], first, ["mine"])


def test_snooze_as_each_user(secured_center: SecuredCenter) -> None:
    """Snoozing on the agent's own login: out of their list, still in the team's, and refused across teams."""
    from datetime import timedelta

    from agentdesk.actions import snooze
    from agentdesk.routing.types import utcnow

    c = secured_center
    router = c.database_for("router")
    ctx = {login: ActionContext(c.database_for(login), login) for login in ("sato", "suzuki", "tanaka", "kato")}
    presence.set_presence(ctx["suzuki"], "not_ready")
    first = receive(router, "support", "Later", 31)
    assert assign.assign_queued(router) == [(first, owner_of(router, first))]
    snooze.snooze(ctx["sato"], first, utcnow() + timedelta(hours=2))
    assert first not in queries.interaction_ids(ctx["sato"])
    assert queries.interaction_ids(ctx["sato"], snoozed="only") == [first]
    assert first in queries.interaction_ids(ctx["tanaka"], scope="team")
    with pytest.raises(PermissionDenied):
        snooze.snooze(ctx["suzuki"], first, utcnow() + timedelta(hours=1))  # a team mate's work is not theirs
    with pytest.raises(NotFound):
        snooze.clear_follow_up(ctx["kato"], first)
    snooze.clear_follow_up(ctx["tanaka"], first)  # the lead may
    assert first in queries.interaction_ids(ctx["sato"])
