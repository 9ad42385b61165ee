"""The team shape through a real PgBouncer in transaction pooling mode: the agent and lead flow (reply, review,
approve, transfer, done) on desktops that keep no session state, the pooler restarted mid-flow, the approved
reply delivered by the router over SMTP, and every desktop's change feed catching up from its cursor: nothing
lost, nothing read twice, no reload. And signing in through the pooler as oneself (SCRAM, auth_query)."""

from __future__ import annotations

import time
import uuid

import psycopg
import pytest
from sqlalchemy import text

from agentdesk.actions.context import ActionContext
from agentdesk.actions.notes import mark_done, set_disposition
from agentdesk.actions.outbound import reply, send
from agentdesk.actions.review import approve
from agentdesk.actions.transfer import accept_transfer, transfer
from agentdesk.desk.connections import desk_database
from agentdesk.desk.feed import Change
from agentdesk.desk.follow import FeedFollower
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.sender import SendTarget, send_due
from tests.desk.test_follow import Seen
from tests.support import pgbouncer
from tests.support.databases import PG_ADMIN_DSN, need
from tests.support.factories import inbound, seed_center
from tests.support.smtpd import SmtpTestServer

pytestmark = pytest.mark.postgres


def _retrying(what, *args, **kwargs):  # type: ignore[no-untyped-def]
    """An action right after the pooler restarted may meet it still starting: try again (bounded)."""
    for attempt in range(50):
        try:
            return what(*args, **kwargs)
        except Exception as exc:
            if attempt == 49 or "connection" not in str(exc).lower():
                raise
            time.sleep(0.1)
    return None


def test_the_flow_through_pgbouncer_survives_its_restart(pg_db: Database) -> None:
    if not pgbouncer.available():
        need("PgBouncer is not installed (Debian package pgbouncer)")
    center = seed_center(pg_db)
    with pgbouncer.PgBouncer(int(pg_db.url.port or 5432)) as bouncer:
        url = pg_db.url.set(host="127.0.0.1", port=bouncer.port)
        db = desk_database(url, pooled=True)
        seen = {login: Seen() for login in ("sato", "suzuki", "tanaka")}
        followers = {login: FeedFollower(url, login, on_batch=s.on_batch, on_reachable=s.on_reachable, listen=False,
                                         poll_seconds=0.2, retry_seconds=0.2).start() for login, s in seen.items()}
        try:
            for s in seen.values():
                s.wait(lambda s=s: bool(s.batches))
            sato, suzuki, tanaka = (ActionContext(db, login) for login in ("sato", "suzuki", "tanaka"))
            first = inbound(pg_db, center, owner="sato")  # the router's work, on its own connection
            draft = reply(sato, first, text="お待たせして申し訳ありません。")
            assert send(sato, draft) == "review"

            bouncer.restart()  # every client connection cut, the desktops' feeds too

            assert _retrying(approve, tanaka, draft) == "outbox"
            second = inbound(pg_db, center, owner="sato")
            offer = _retrying(transfer, sato, second, to_login="suzuki", reason="担当です")
            _retrying(accept_transfer, suzuki, offer)
            _retrying(set_disposition, suzuki, second, "resolved")
            _retrying(mark_done, suzuki, second)

            with psycopg.connect(pg_db.url.set(drivername="postgresql").render_as_string(hide_password=False)) as raw:
                log = [Change(*r) for r in raw.execute(
                    "SELECT id, kind, interaction_id, team_id, user_id, state FROM change_log ORDER BY id")]
                states = dict(raw.execute("SELECT id, state FROM interactions WHERE id = ANY(%s)",
                                          ([draft, second],)).fetchall())
            assert states == {draft: "outbox", second: "done"}

            with SmtpTestServer() as smtpd:  # the router delivers the approved reply (its own connection)
                report = send_due(pg_db, lambda _name: SendTarget(SmtpServer("127.0.0.1", smtpd.port, "none",
                                                                             timeout=10)))
                assert len(report.sent) == 1 and len(smtpd.messages) == 1
            with psycopg.connect(pg_db.url.set(drivername="postgresql").render_as_string(hide_password=False)) as raw:
                log = [Change(*r) for r in raw.execute(
                    "SELECT id, kind, interaction_id, team_id, user_id, state FROM change_log ORDER BY id")]
            assert any(c.kind == "outbox" and c.state == "sent" and c.interaction_id == draft for c in log)
            for login, s in seen.items():
                follower = followers[login]
                s.wait(lambda s=s, f=follower: f.scope is not None and f.connects >= 2 and
                       {c.id for c in log if f.scope.concerns(c)} <= {c.id for b in s.batches for c in b.changes})
                got = [c.id for b in s.batches for c in b.changes]
                assert len(got) == len(set(got)), f"{login}: a change read twice"
                assert [b.reason for b in s.batches if b.reload] == ["start"], f"{login}: caught up, not reloaded"
                assert False in s.reachable, f"{login}: the restart was noticed"
            assert {c.interaction_id for c in log if c.kind == "review"} == {draft}
            assert {c.interaction_id for c in log if c.kind == "transfer"} == {second}
        finally:
            for follower in followers.values():
                follower.stop()
            db.dispose()


def test_each_user_signs_in_through_pgbouncer_as_themself(pg_db: Database) -> None:
    """The README's recipe: PgBouncer checks a user's SCRAM password against the secret PostgreSQL keeps
    (auth_query through a SECURITY DEFINER function), and the session reaching PostgreSQL is the user's own."""
    if not pgbouncer.available():
        need("PgBouncer is not installed (Debian package pgbouncer)")
    from psycopg import sql

    suffix = uuid.uuid4().hex[:8]
    user, auth = f"agentdesk_t16_user_{suffix}", f"agentdesk_t16_auth_{suffix}"
    conninfo = pg_db.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(auth), sql.Literal("auth-pw")))
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(user), sql.Literal("right")))
        secret = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (auth,)).fetchone()
    assert secret is not None and str(secret[0]).startswith("SCRAM-SHA-256$")
    try:
        with psycopg.connect(conninfo, autocommit=True) as owner:
            owner.execute(sql.SQL("CREATE SCHEMA pgbouncer AUTHORIZATION {}").format(sql.Identifier(auth)))
            owner.execute("CREATE FUNCTION pgbouncer.get_auth(p_usename text) RETURNS TABLE(usename name, passwd text) "
                          "LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog "
                          "AS $$ SELECT usename, passwd FROM pg_shadow WHERE usename = p_usename $$")
            owner.execute("REVOKE ALL ON FUNCTION pgbouncer.get_auth(text) FROM PUBLIC")
            owner.execute(sql.SQL("GRANT EXECUTE ON FUNCTION pgbouncer.get_auth(text) TO {}").format(
                sql.Identifier(auth)))
        with pgbouncer.PgBouncer(int(pg_db.url.port or 5432), auth_user=auth, auth_secret=str(secret[0])) as bouncer:
            url = pg_db.url.set(host="127.0.0.1", port=bouncer.port, username=user, password="right")
            db = desk_database(url, pooled=True)
            try:
                with db.read() as session:
                    assert session.execute(text("SELECT session_user")).scalar_one() == user
            finally:
                db.dispose()
            with pytest.raises(psycopg.OperationalError, match="SASL authentication failed"):
                psycopg.connect(url.set(drivername="postgresql", password="wrong").render_as_string(
                    hide_password=False), connect_timeout=10)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as owner:
            owner.execute("DROP SCHEMA IF EXISTS pgbouncer CASCADE")
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
            for role in (user, auth):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
