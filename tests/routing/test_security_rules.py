"""The rules the team database enforces (issue 11, item 4), tried with raw SQL as each role: refused, and allowed.

Every test seeds its own rows through the owner's connection (a superuser here) and then connects as the users
of tests.support.pg_roles.CENTER: agents sato and suzuki and lead tanaka of "support" (QA review on),
agent kato and lead yamada of "billing", admin ito, and the router's login.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import errors

from tests.support.databases import pg_available
from tests.support.pg_roles import SecuredCenter

pytestmark = pytest.mark.postgres

DENIED = errors.InsufficientPrivilege  # also what a failed row-level security check raises


@pytest.fixture(scope="module")
def center() -> Iterator[SecuredCenter]:
    if not pg_available():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    c = SecuredCenter()
    yield c
    c.close()


class Owner:
    """Rows written with the owner's rights, and the ids of the center's users and teams."""

    def __init__(self, center: SecuredCenter) -> None:
        url = center.owner.url
        self.conn = psycopg.connect(host=url.host, port=url.port, dbname=url.database, user=url.username,
                                    autocommit=True)
        self.users = dict(self.conn.execute("SELECT login, id FROM users").fetchall())
        self.teams = dict(self.conn.execute("SELECT name, id FROM teams").fetchall())

    def interaction(self, team: str, owner: str | None, *, direction: str = "inbound", state: str = "assigned",
                    kind: str = "email") -> int:
        row = self.conn.execute(
            "INSERT INTO interactions (direction, kind, state, owner_id, team_id, subject, body_text, \"references\", "
            "to_addrs, cc_addrs, bcc_addrs, parse_flags, created_at, updated_at, version) VALUES "
            "(%s, %s, %s, %s, %s, 'Hello', 'text', '[]', '[\"c@example.org\"]', '[]', '[]', '[]', now(), now(), 1) "
            "RETURNING id", (direction, kind, state, self.users.get(owner or ""), self.teams[team])).fetchone()
        assert row is not None
        return int(row[0])

    def in_review(self, team: str, author: str) -> int:
        """An outbound email of ``author`` waiting for review, with its open round 1."""
        outbound = self.interaction(team, author, direction="outbound", state="review")
        self.conn.execute("INSERT INTO qa_rounds (interaction_id, team_id, round_no, submitted_by, submitted_at, "
                          "subject, body_text) VALUES (%s, %s, 1, %s, now(), 'Hello', 'text')",
                          (outbound, self.teams[team], self.users[author]))
        return outbound

    def queued(self, interaction_id: int, *, not_before: str = "now() + interval '1 hour'") -> int:
        row = self.conn.execute(
            "INSERT INTO outbox (interaction_id, message_id, envelope_from, envelope_to, raw, state, attempts, "
            f"not_before, hold_if_customer_writes, created_at, filed_in_sent) VALUES (%s, %s, 'support@example.com', "
            f"'[]', 'x', 'queued', 0, {not_before}, false, now(), false) RETURNING id",
            (interaction_id, f"<{interaction_id}@example.com>")).fetchone()
        assert row is not None
        return int(row[0])

    def one(self, sql: str, *params: Any) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]


@pytest.fixture
def owner(center: SecuredCenter) -> Iterator[Owner]:
    o = Owner(center)
    yield o
    o.conn.close()


def ids(conn: psycopg.Connection[Any], sql: str, *params: Any) -> set[int]:
    return {int(r[0]) for r in conn.execute(sql, params)}


def changed(conn: psycopg.Connection[Any], sql: str, *params: Any) -> int:
    return conn.execute(sql, params).rowcount


# -- seeing: a team's rows, offers, everything for admin and router -------------------------------------------

def test_each_role_sees_its_team_and_what_is_offered(center: SecuredCenter, owner: Owner) -> None:
    support, billing = owner.interaction("support", "sato"), owner.interaction("billing", "kato")
    owner.conn.execute("INSERT INTO notes (interaction_id, team_id, author_id, body, created_at) VALUES "
                       "(%s, %s, %s, 'secret', now())", (billing, owner.teams["billing"], owner.users["kato"]))
    mine = {support, billing}
    for login, expected in (("sato", {support}), ("tanaka", {support}), ("kato", {billing}),
                            ("yamada", {billing}), ("ito", mine), ("router", mine)):
        with center.raw(login) as conn:
            assert ids(conn, "SELECT id FROM interactions WHERE id = ANY(%s)", list(mine)) == expected, login
    with center.raw("sato") as conn:
        assert ids(conn, "SELECT interaction_id FROM notes WHERE interaction_id = %s", billing) == set()
        assert ids(conn, "SELECT interaction_id FROM change_log WHERE interaction_id = ANY(%s)", list(mine)) == {
            support}
    owner.conn.execute("INSERT INTO transfer_offers (interaction_id, from_user_id, to_team_id, state, created_at, "
                       "expires_at) VALUES (%s, %s, %s, 'pending', now(), now() + interval '5 minutes')",
                       (billing, owner.users["kato"], owner.teams["support"]))
    with center.raw("sato") as conn:
        assert ids(conn, "SELECT id FROM interactions WHERE id = ANY(%s)", list(mine)) == mine
        assert ids(conn, "SELECT interaction_id FROM notes WHERE interaction_id = %s", billing) == {billing}


def test_an_agent_acts_only_on_the_team_s_interactions(center: SecuredCenter, owner: Owner) -> None:
    support, billing = owner.interaction("support", "suzuki"), owner.interaction("billing", "kato")
    with center.raw("sato") as conn:
        assert changed(conn, "UPDATE interactions SET disposition = 'resolved' WHERE id = %s", billing) == 0
        assert changed(conn, "UPDATE interactions SET disposition = 'resolved' WHERE id = %s", support) == 1
        with pytest.raises(DENIED, match="row-level security"):
            conn.execute("INSERT INTO notes (interaction_id, team_id, author_id, body, created_at) VALUES "
                         "(%s, %s, %s, 'x', now())", (billing, owner.teams["billing"], owner.users["sato"]))
        conn.execute("INSERT INTO notes (interaction_id, team_id, author_id, body, created_at) VALUES "
                     "(%s, %s, %s, 'x', now())", (support, owner.teams["support"], owner.users["sato"]))
        with pytest.raises(DENIED, match="row-level security"):  # nobody writes in another's name
            conn.execute("INSERT INTO notes (interaction_id, team_id, author_id, body, created_at) VALUES "
                         "(%s, %s, %s, 'x', now())", (support, owner.teams["support"], owner.users["tanaka"]))
    assert owner.one("SELECT disposition FROM interactions WHERE id = %s", billing) is None


# -- inbound email only from the router ------------------------------------------------------------------------

INBOUND = ("INSERT INTO interactions (direction, kind, state, team_id, subject, body_text, \"references\", to_addrs, "
           "cc_addrs, bcc_addrs, parse_flags, created_at, updated_at, version) VALUES ('inbound', 'email', 'queued', "
           "%s, 'Fake', 'x', '[]', '[]', '[]', '[]', '[]', now(), now(), 1) RETURNING id")


OUTBOUND = ("INSERT INTO interactions (direction, kind, state, team_id, owner_id, subject, body_text, \"references\", "
            "to_addrs, cc_addrs, bcc_addrs, parse_flags, created_at, updated_at, version) VALUES ('outbound', 'email', "
            "'draft', %s, %s, 'Mine', 'x', '[]', '[]', '[]', '[]', '[]', now(), now(), 1) RETURNING id")


@pytest.mark.parametrize("login", ["sato", "tanaka", "ito"])
def test_only_the_router_stores_inbound_email(center: SecuredCenter, owner: Owner, login: str) -> None:
    team = owner.teams["support"]
    with center.raw(login) as conn, pytest.raises(DENIED, match="only the router stores inbound email"):
        conn.execute(INBOUND, (team,))
    with center.raw("router") as conn:
        assert conn.execute(INBOUND, (team,)).fetchone() is not None
    with center.raw(login) as conn:  # an agent's own outbound draft is fine
        conn.execute(OUTBOUND, (team, owner.users[login]))


# -- review rounds --------------------------------------------------------------------------------------------

DECIDE = "UPDATE qa_rounds SET decision = 'approved', reviewer_id = %s, decided_at = now() WHERE interaction_id = %s"


def test_a_round_is_decided_by_a_lead_of_its_team_not_its_author(center: SecuredCenter, owner: Owner) -> None:
    outbound = owner.in_review("support", "sato")
    with center.raw("sato") as conn, pytest.raises(DENIED, match="only a lead of the team"):
        conn.execute(DECIDE, (owner.users["sato"], outbound))
    with center.raw("suzuki") as conn, pytest.raises(DENIED, match="only a lead of the team"):
        conn.execute(DECIDE, (owner.users["suzuki"], outbound))
    with center.raw("yamada") as conn:  # a lead of another team does not even see it
        assert changed(conn, DECIDE, owner.users["yamada"], outbound) == 0
    with center.raw("tanaka") as conn, pytest.raises(DENIED, match="the reviewer of a round is the user deciding"):
        conn.execute(DECIDE, (owner.users["yamada"], outbound))
    assert owner.one("SELECT decision FROM qa_rounds WHERE interaction_id = %s", outbound) is None
    with center.raw("tanaka") as conn:
        assert changed(conn, DECIDE, owner.users["tanaka"], outbound) == 1
    with center.raw("ito") as conn, pytest.raises(DENIED, match="already approved; a decided round never changes"):
        conn.execute("UPDATE qa_rounds SET decision = 'rejected', reviewer_id = %s WHERE interaction_id = %s",
                     (owner.users["ito"], outbound))


def test_nobody_approves_their_own_and_an_admin_may_decide(center: SecuredCenter, owner: Owner) -> None:
    outbound = owner.in_review("support", "tanaka")
    with center.raw("tanaka") as conn, pytest.raises(DENIED, match="nobody approves their own"):
        conn.execute(DECIDE, (owner.users["tanaka"], outbound))
    with center.raw("router") as conn, pytest.raises(DENIED, match="only a lead of the team"):
        conn.execute(DECIDE, (None, outbound))
    with center.raw("ito") as conn:
        assert changed(conn, DECIDE, owner.users["ito"], outbound) == 1


def test_a_round_opens_undecided_in_its_author_s_name(center: SecuredCenter, owner: Owner) -> None:
    draft = owner.interaction("support", "sato", direction="outbound", state="draft")
    insert = ("INSERT INTO qa_rounds (interaction_id, team_id, round_no, submitted_by, submitted_at, subject, "
              "body_text, decision) VALUES (%s, %s, 1, %s, now(), 's', 't', %s)")
    with center.raw("sato") as conn:
        with pytest.raises(DENIED, match="a review round starts undecided"):
            conn.execute(insert, (draft, owner.teams["support"], owner.users["sato"], "approved"))
        with pytest.raises(DENIED, match="submitted by its author"):
            conn.execute(insert, (draft, owner.teams["support"], owner.users["suzuki"], None))
        conn.execute(insert, (draft, owner.teams["support"], owner.users["sato"], None))


# -- the outbox -----------------------------------------------------------------------------------------------

def test_an_email_under_review_reaches_the_outbox_only_through_an_approval(center: SecuredCenter,
                                                                          owner: Owner) -> None:
    outbound = owner.in_review("support", "sato")
    with center.raw("sato") as conn, pytest.raises(DENIED, match="waiting for review: only a lead's decision"):
        conn.execute("UPDATE interactions SET state = 'outbox' WHERE id = %s", (outbound,))
    draft = owner.interaction("support", "sato", direction="outbound", state="draft")
    with center.raw("sato") as conn, pytest.raises(DENIED, match="needs a lead's approval"):
        conn.execute("UPDATE interactions SET state = 'outbox' WHERE id = %s", (draft,))
    with center.raw("sato") as conn, pytest.raises(DENIED, match="not handed to the outbox"):
        owner_queued_by(conn, draft)
    assert owner.one("SELECT state FROM interactions WHERE id = %s", draft) == "draft"
    billing = owner.interaction("billing", "kato", direction="outbound", state="draft")
    with center.raw("kato") as conn, conn.transaction():  # billing has no review: straight to the outbox
        conn.execute("UPDATE interactions SET state = 'outbox' WHERE id = %s", (billing,))
        owner_queued_by(conn, billing)
    with center.raw("tanaka") as conn, conn.transaction():  # the approval: the decision and the move in one transaction
        conn.execute("UPDATE interactions SET state = 'outbox' WHERE id = %s", (outbound,))
        conn.execute(DECIDE, (owner.users["tanaka"], outbound))
        owner_queued_by(conn, outbound)
    assert owner.one("SELECT state FROM outbox WHERE interaction_id = %s", outbound) == "queued"


def owner_queued_by(conn: psycopg.Connection[Any], interaction_id: int) -> None:
    conn.execute("INSERT INTO outbox (interaction_id, message_id, envelope_from, envelope_to, raw, state, attempts, "
                 "not_before, hold_if_customer_writes, created_at, filed_in_sent) VALUES (%s, %s, 'a@example.com', "
                 "'[]', 'x', 'queued', 0, now(), false, now(), false)",
                 (interaction_id, f"<q{interaction_id}@example.com>"))


def test_only_the_router_changes_the_sending_state(center: SecuredCenter, owner: Owner) -> None:
    outbound = owner.interaction("billing", "kato", direction="outbound", state="outbox")
    item = owner.queued(outbound)
    for sql in ("UPDATE outbox SET state = 'sent', sent_at = now() WHERE id = %s",
                "UPDATE outbox SET state = 'sending', attempts = 1 WHERE id = %s"):
        with center.raw("kato") as conn, pytest.raises(DENIED, match="only the router changes the sending state"):
            conn.execute(sql, (item,))
    with center.raw("kato") as conn, pytest.raises(DENIED, match="only the router moves it to sent"):
        conn.execute("UPDATE interactions SET state = 'sent' WHERE id = %s", (outbound,))
    with center.raw("kato") as conn, conn.transaction():  # taking it back inside the undo window is the agent's
        conn.execute("UPDATE outbox SET state = 'cancelled' WHERE id = %s", (item,))
        conn.execute("UPDATE interactions SET state = 'draft' WHERE id = %s", (outbound,))
    other = owner.interaction("billing", "kato", direction="outbound", state="outbox")
    other_item = owner.queued(other)
    with center.raw("router") as conn, conn.transaction():
        conn.execute("UPDATE outbox SET state = 'sent', sent_at = now(), attempts = 1 WHERE id = %s",
                     (other_item,))
        conn.execute("UPDATE interactions SET state = 'sent' WHERE id = %s", (other,))
    assert owner.one("SELECT state FROM interactions WHERE id = %s", other) == "sent"


# -- no deleting, history insert-only --------------------------------------------------------------------------

@pytest.mark.parametrize("login", ["sato", "tanaka", "ito", "router"])
def test_no_role_deletes_customer_data(center: SecuredCenter, owner: Owner, login: str) -> None:
    kept = owner.interaction("support", "sato")
    for table in ("interactions", "notes", "contacts", "cases", "qa_rounds", "outbox", "history"):
        with center.raw(login) as conn, pytest.raises(DENIED, match="permission denied"):
            conn.execute(f"DELETE FROM {table}")
    with center.raw(login) as conn, pytest.raises(DENIED, match="permission denied"):
        conn.execute("TRUNCATE interactions CASCADE")
    assert owner.one("SELECT count(*) FROM interactions WHERE id = %s", kept) == 1


def test_history_is_insert_only_for_everyone_including_the_owner(center: SecuredCenter, owner: Owner) -> None:
    support = owner.interaction("support", "sato")
    add = ("INSERT INTO history (interaction_id, team_id, actor_id, event, detail, created_at) "
           "VALUES (%s, %s, %s, 'note_added', '{}', now())")
    with center.raw("sato") as conn:
        with pytest.raises(DENIED, match="row-level security"):  # never in someone else's name
            conn.execute(add, (support, owner.teams["support"], owner.users["tanaka"]))
        conn.execute(add, (support, owner.teams["support"], owner.users["sato"]))
        with pytest.raises(DENIED, match="permission denied"):
            conn.execute("UPDATE history SET event = 'x'")
    with pytest.raises(errors.RaiseException, match="history is append-only"):
        owner.conn.execute("UPDATE history SET event = 'x' WHERE interaction_id = %s", (support,))
    with pytest.raises(errors.RaiseException, match="history is append-only"):
        owner.conn.execute("DELETE FROM history WHERE interaction_id = %s", (support,))


# -- the contact center's declaration: admins only --------------------------------------------------------------

@pytest.mark.parametrize(("table", "assignment"), [
    ("teams", "name = name || '!'"), ("options", "value = '5'"), ("from_addresses", "display_name = 'x'"),
    ("standard_responses", "body = 'x'"), ("disposition_codes", "label = '{}'"), ("workbins", "name = 'x'"),
    ("users", "role = 'admin'"),
])
def test_admin_tables_change_only_through_the_admin_role(center: SecuredCenter, owner: Owner, table: str,
                                                         assignment: str) -> None:
    for login in ("sato", "tanaka", "router"):
        with center.raw(login) as conn, pytest.raises(DENIED, match="permission denied"):
            conn.execute(f"UPDATE {table} SET {assignment} WHERE false")
    with center.raw("ito") as conn:
        conn.execute(f"UPDATE {table} SET {assignment} WHERE false")


def test_a_user_changes_only_their_own_presence(center: SecuredCenter, owner: Owner) -> None:
    with center.raw("sato") as conn:
        assert changed(conn, "UPDATE users SET presence = 'not_ready' WHERE login = 'suzuki'") == 0
        assert changed(conn, "UPDATE users SET presence = 'not_ready' WHERE login = 'sato'") == 1
        with pytest.raises(DENIED, match="permission denied"):
            conn.execute("UPDATE users SET held = 0 WHERE login = 'sato'")
    assert owner.one("SELECT presence FROM users WHERE login = 'suzuki'") == "ready"
    owner.conn.execute("UPDATE users SET presence = 'ready'")


def test_personal_workbins_only_for_oneself_team_workbins_only_by_admins(center: SecuredCenter,
                                                                          owner: Owner) -> None:
    add = "INSERT INTO workbins (kind, name, owner_id, team_id) VALUES (%s, %s, %s, %s)"
    team = owner.teams["support"]
    with center.raw("sato") as conn:
        with pytest.raises(DENIED, match="row-level security"):
            conn.execute(add, ("team", "Mine now", None, team))
        with pytest.raises(DENIED, match="row-level security"):
            conn.execute(add, ("drafts", "Drafts", owner.users["suzuki"], team))
        conn.execute(add, ("personal", "My workbin", owner.users["sato"], team))
    with center.raw("tanaka") as conn:  # a lead makes a team member's (a reassignment moves work there)
        conn.execute(add, ("personal", "My workbin", owner.users["suzuki"], team))
    with center.raw("ito") as conn:
        conn.execute(add, ("team", "Backlog", None, team))


def test_the_router_makes_only_its_teams_auto_filed_workbins(center: SecuredCenter, owner: Owner) -> None:
    add = "INSERT INTO workbins (kind, name, owner_id, team_id) VALUES (%s, %s, %s, %s)"
    team = owner.teams["billing"]
    with center.raw("router") as conn:
        for row in (("team", "Backlog", None, team), ("personal", "My workbin", owner.users["kato"], team),
                    ("team", "Auto-filed", owner.users["kato"], team)):
            with pytest.raises(DENIED, match="row-level security"):
                conn.execute(add, row)
        conn.execute(add, ("team", "Auto-filed", None, team))
    assert owner.one("SELECT count(*) FROM workbins WHERE team_id = %s AND name = 'Auto-filed'", team) == 1
    assert owner.one("SELECT count(*) FROM workbins WHERE team_id = %s AND name = 'Backlog'", team) == 0


def test_a_refused_commit_leaves_nothing_half_done(center: SecuredCenter, owner: Owner) -> None:
    outbound = owner.in_review("support", "sato")
    with center.raw("sato") as conn, pytest.raises(DENIED, match="waiting for review"), conn.transaction():
        conn.execute("INSERT INTO notes (interaction_id, team_id, author_id, body, created_at) VALUES "
                     "(%s, %s, %s, 'sneaky', now())", (outbound, owner.teams["support"], owner.users["sato"]))
        conn.execute("UPDATE interactions SET state = 'outbox', subject = 'changed' WHERE id = %s", (outbound,))
    assert owner.one("SELECT count(*) FROM notes WHERE interaction_id = %s", outbound) == 0
    assert owner.one("SELECT subject FROM interactions WHERE id = %s", outbound) == "Hello"
    assert owner.one("SELECT state FROM interactions WHERE id = %s", outbound) == "review"


# -- tags (issue 14): seen and written by whoever sees the interaction, in one's own name ---------------------

TAG = "INSERT INTO interaction_tags (interaction_id, team_id, tag, added_by, added_at) VALUES (%s, %s, %s, %s, now())"


def test_tags_follow_their_interaction(center: SecuredCenter, owner: Owner) -> None:
    support, billing = owner.interaction("support", "suzuki"), owner.interaction("billing", "kato")
    owner.conn.execute(TAG, (billing, owner.teams["billing"], "secret", owner.users["kato"]))
    with center.raw("sato") as conn:
        assert ids(conn, "SELECT interaction_id FROM interaction_tags WHERE interaction_id = ANY(%s)",
                   [support, billing]) == set()
        with pytest.raises(DENIED, match="row-level security"):  # another team's interaction
            conn.execute(TAG, (billing, owner.teams["billing"], "mine", owner.users["sato"]))
        with pytest.raises(DENIED, match="row-level security"):  # in another's name
            conn.execute(TAG, (support, owner.teams["support"], "vip", owner.users["tanaka"]))
        conn.execute(TAG, (support, owner.teams["support"], "vip", owner.users["sato"]))  # a team mate's: allowed
        assert changed(conn, "DELETE FROM interaction_tags WHERE interaction_id = %s", billing) == 0
        with pytest.raises(DENIED, match="permission denied"):  # added or removed, never rewritten
            conn.execute("UPDATE interaction_tags SET tag = 'x' WHERE interaction_id = %s", (support,))
    with center.raw("tanaka") as conn:
        assert ids(conn, "SELECT interaction_id FROM interaction_tags WHERE interaction_id = %s", support) == {support}
        assert changed(conn, "DELETE FROM interaction_tags WHERE interaction_id = %s", support) == 1
    with center.raw("router") as conn, pytest.raises(DENIED, match="permission denied"):
        conn.execute(TAG, (support, owner.teams["support"], "x", None))
    assert owner.one("SELECT tag FROM interaction_tags WHERE interaction_id = %s", billing) == "secret"


# -- saved views (issue 14): a user's own, seen and changed by them only -----------------------------------------

VIEW = ("INSERT INTO saved_views (owner_id, name, filters, position, created_at, updated_at) "
        "VALUES (%s, %s, '{}', 1, now(), now())")


def test_saved_views_are_their_owner_s(center: SecuredCenter, owner: Owner) -> None:
    owner.conn.execute(VIEW, (owner.users["suzuki"], "suzuki's"))
    with center.raw("sato") as conn:
        conn.execute(VIEW, (owner.users["sato"], "mine"))
        assert {r[0] for r in conn.execute("SELECT name FROM saved_views")} == {"mine"}
        with pytest.raises(DENIED, match="row-level security"):
            conn.execute(VIEW, (owner.users["suzuki"], "in suzuki's name"))
        assert changed(conn, "DELETE FROM saved_views WHERE name = %s", "suzuki's") == 0
        assert changed(conn, "UPDATE saved_views SET name = 'renamed' WHERE name = 'mine'") == 1
    assert owner.one("SELECT count(*) FROM saved_views WHERE name = %s", "suzuki's") == 1
