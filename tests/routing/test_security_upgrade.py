"""A team database made before issue 11 upgrades with ``db upgrade`` + ``admin apply`` without losing a row, and
then each user signs in as themselves and sees their team's rows only."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from agentdesk.cli.main import main
from agentdesk.routing import migrate
from agentdesk.routing.db import Database
from tests.support.databases import create_pg_database, drop_pg_database, need, pg_available
from tests.support.pg_roles import drop_roles, prefixed_center

pytestmark = pytest.mark.postgres

#: the center that matches the rows of _seed_old (the same logins, teams and roles)
CENTER = """
[center]
name = "Example Support"

[options]
forward = "both"
forward_from_history = true
disposition_required = true
transfer_timeout_minutes = 5
case_data_read_only = ["OrderId"]
qa_review = { teams = ["support"] }

[[from_addresses]]
address = "support@example.com"
display_name = "Example Support"
default = true

[[from_addresses]]
address = "billing@example.com"
display_name = "Example Billing"

[[teams]]
name = "support"

[[teams]]
name = "billing"

[[users]]
login = "sato"
email = "sato@example.com"
role = "agent"
team = "support"

[[users]]
login = "suzuki"
email = "suzuki@example.com"
role = "agent"
team = "support"

[[users]]
login = "tanaka"
email = "tanaka@example.com"
role = "lead"
team = "support"

[[users]]
login = "kato"
email = "kato@example.com"
role = "agent"
team = "billing"

[[users]]
login = "ito"
email = "ito@example.com"
role = "lead"
team = "billing"

[[users]]
login = "root"
email = "root@example.com"
role = "admin"

[[dispositions]]
code = "resolved"

[[dispositions]]
code = "escalated"
"""

_TABLES = ("interactions", "contacts", "contact_emails", "contact_phones", "cases", "case_data", "notes",
           "attachments", "qa_rounds", "workbins", "workbin_items", "outbox", "users", "teams")


def _dump(db: Database) -> dict[str, Any]:
    with db.read() as s:
        found: dict[str, Any] = {t: s.execute(text(f"SELECT * FROM {t} ORDER BY id")).all() for t in _TABLES}
        found["history"] = s.execute(text("SELECT id, event, interaction_id, actor_id FROM history ORDER BY id")).all()
        return found


def _seed_old(url: str) -> dict[str, int]:
    """Rows as a team database of schema 0005 held them, written in SQL (the models follow the newest schema):
    the center of :data:`CENTER`, an email of each team, a note, a reply waiting for review, their history."""
    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=u.username, autocommit=True) as conn:
        def one(sql: str, *params: Any) -> int:
            row = conn.execute(sql, params).fetchone()
            assert row is not None
            return int(row[0])

        conn.execute("INSERT INTO options (key, value, updated_at) VALUES "
                     "('qa_review', '{\"teams\": [\"support\"], \"agents\": [], \"sample_percent\": 0}', now())")
        teams = {name: one("INSERT INTO teams (name) VALUES (%s) RETURNING id", name) for name in ("support", "billing")}
        users = {login: one("INSERT INTO users (login, name, email, role, team_id, capacity, held, presence) VALUES "
                            "(%s, %s, %s, %s, %s, 5, 0, 'ready') RETURNING id", login, login, f"{login}@example.com",
                            role, teams.get(team or ""))
                 for login, role, team in (("sato", "agent", "support"), ("suzuki", "agent", "support"),
                                           ("tanaka", "lead", "support"), ("kato", "agent", "billing"),
                                           ("ito", "lead", "billing"), ("root", "admin", None))}

        def interaction(direction: str, state: str, owner: str, team: str, parent: int | None = None) -> int:
            return one("INSERT INTO interactions (direction, kind, state, owner_id, team_id, parent_id, subject, "
                       "body_text, \"references\", to_addrs, cc_addrs, bcc_addrs, parse_flags, created_at, updated_at, "
                       "version) VALUES (%s, 'email', %s, %s, %s, %s, 'Hello', 'text', '[]', "
                       "'[\"c@example.org\"]', '[]', '[]', '[]', now(), now(), 1) RETURNING id",
                       direction, state, users[owner], teams[team], parent)

        support = interaction("inbound", "assigned", "sato", "support")
        billing = interaction("inbound", "assigned", "kato", "billing")
        draft = interaction("outbound", "review", "sato", "support", support)
        conn.execute("INSERT INTO notes (interaction_id, team_id, author_id, body, created_at) VALUES "
                     "(%s, %s, %s, 'called the customer', now())", (support, teams["support"], users["sato"]))
        conn.execute("INSERT INTO qa_rounds (interaction_id, team_id, round_no, submitted_by, submitted_at, subject, "
                     "body_text) VALUES (%s, %s, 1, %s, now(), 'Hello', 'text')", (draft, teams["support"], users["sato"]))
        for event, iid, actor in (("received", support, None), ("received", billing, None),
                                  ("note_added", support, "sato"), ("submitted_for_review", draft, "sato")):
            conn.execute("INSERT INTO history (interaction_id, team_id, actor_id, event, detail, created_at) "
                         "VALUES (%s, %s, %s, %s, '{}', now())", (iid, teams["support"], users.get(actor or ""), event))
        return {"support": support, "billing": billing, "draft": draft, "tanaka": users["tanaka"]}


def test_an_old_team_database_upgrades_without_losing_a_row(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    if not pg_available():
        need("PostgreSQL is not reachable at 127.0.0.1:5432")
    url = create_pg_database("agentdesk_upgrade")
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    db = Database(url)
    try:
        migrate.upgrade(db, "0005")  # the schema before the team shape's security
        made = _seed_old(url)
        support, billing, draft = made["support"], made["billing"], made["draft"]
        before = _dump(db)

        center_file = tmp_path / "center.toml"
        center_file.write_text(prefixed_center(CENTER, prefix), encoding="utf-8")
        assert main(["db", "upgrade", "--url", url]) == 0
        assert main(["admin", "apply", str(center_file), "--url", url]) == 0
        assert "database roles: " in capsys.readouterr().out
        after = _dump(db)
        assert after["history"][:len(before["history"])] == before["history"]
        assert [event for _, event, _, _ in after["history"][len(before["history"]):]] == ["center_applied"]
        for table in _TABLES:
            if table not in ("users", "interactions"):
                assert after[table] == before[table], table
        # interactions: the same rows, with the columns later migrations added (fingerprint …) at the end
        assert [row[:len(before["interactions"][0])] for row in after["interactions"]] == before["interactions"]
        assert len(after["users"]) == len(before["users"])

        u = db.url

        def raw(login: str) -> psycopg.Connection[Any]:
            return psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=prefix + login, autocommit=True)

        with raw("sato") as conn:
            seen = {r[0] for r in conn.execute("SELECT id FROM interactions")}
            assert support in seen and draft in seen and billing not in seen
            assert conn.execute("SELECT agentdesk_session_login()").fetchone() == ("sato",)
        with raw("kato") as conn:
            assert {r[0] for r in conn.execute("SELECT id FROM interactions")} == {billing}
        with raw("tanaka") as conn:  # the review round that waited before the upgrade is still the lead's to decide
            conn.execute("UPDATE qa_rounds SET decision = 'approved', reviewer_id = %s, decided_at = now() "
                         "WHERE interaction_id = %s", (made["tanaka"], draft))
    finally:
        db.dispose()
        drop_pg_database(url)
        drop_roles(prefix)
