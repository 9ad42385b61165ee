"""admin apply on PostgreSQL: a login per user in one group role, the router's login, who is signed in."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest

from tests.support.pg_roles import CENTER, SecuredCenter

pytestmark = pytest.mark.postgres


def _attributes(center: SecuredCenter, name: str) -> tuple[bool, ...]:
    with center.raw("ito") as conn:
        row = conn.execute("SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication "
                           "FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    assert row is not None, name
    return tuple(row)


def _groups(center: SecuredCenter, name: str) -> set[str]:
    with center.raw("ito") as conn:
        return {r[0] for r in conn.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s", (name,))}


def test_every_user_gets_a_login_in_exactly_one_group(secured_center: SecuredCenter) -> None:
    c = secured_center
    expected = {"sato": "agent", "suzuki": "agent", "kato": "agent", "tanaka": "lead", "yamada": "lead",
                "ito": "admin", "router": "router"}
    for login, group in expected.items():
        assert _attributes(c, c.role(login)) == (True, False, False, False, False, False)
        assert _groups(c, c.role(login)) == {c.prefix + f"agentdesk_{group}"}


def test_the_session_login_is_the_user_or_null(secured_center: SecuredCenter) -> None:
    c = secured_center
    for login in ("sato", "tanaka", "ito"):
        with c.raw(login) as conn:
            assert conn.execute("SELECT agentdesk_session_login()").fetchone() == (login,)
    with c.raw("router") as conn:
        assert conn.execute("SELECT agentdesk_session_login()").fetchone() == (None,)
    with c.owner.read() as s:  # the superuser that owns the tables
        from sqlalchemy import text

        assert s.scalar(text("SELECT agentdesk_session_login()")) is None


def test_no_desktop_login_can_create_a_table_or_own_one(secured_center: SecuredCenter) -> None:
    c = secured_center
    with c.raw("ito") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE mine (id int)")
        owners = {r[0] for r in conn.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public'")}
    assert not any(owner.startswith(c.prefix) for owner in owners)


def test_a_retired_user_loses_the_login_and_a_new_role_moves_groups(secured_center: SecuredCenter) -> None:
    c = secured_center
    changed = CENTER.replace('login = "sato"\nemail = "sato@example.com"\nrole = "agent"',
                             'login = "sato"\nemail = "sato@example.com"\nrole = "lead"')
    changed = changed.replace('[[users]]\nlogin = "suzuki"\nemail = "suzuki@example.com"\nrole = "agent"\n'
                              'team = "support"\n', "")
    report = c.apply(changed)
    assert report.changes["database roles"] == {"disabled": [c.role("suzuki")], "updated": [c.role("sato")]}
    assert _attributes(c, c.role("suzuki"))[0] is False
    assert _groups(c, c.role("sato")) == {c.prefix + "agentdesk_lead"}
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"), c.raw("suzuki"):
        pass
    again = c.apply(changed)
    assert "database roles" not in again.changes
    back = c.apply(CENTER)
    assert back.changes["database roles"]["enabled"] == [c.role("suzuki")]
    with c.raw("suzuki") as conn:
        assert conn.execute("SELECT agentdesk_session_login()").fetchone() == ("suzuki",)


def test_an_existing_powerful_role_is_refused_and_nothing_changes(secured_center: SecuredCenter) -> None:
    from agentdesk.routing.security import RoleError

    c = secured_center
    with psycopg.connect(c.owner.url.set(drivername="postgresql").render_as_string(False), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{c.role("boss")}" LOGIN CREATEDB')
    boss = CENTER + '\n[[users]]\nlogin = "boss"\nemail = "boss@example.com"\nrole = "admin"\n'
    with pytest.raises(RoleError, match=r"CREATEDB.*role_prefix"):
        c.apply(boss)
    assert _groups(c, c.role("boss")) == set()
    with c.raw("ito") as conn:
        assert conn.execute("SELECT count(*) FROM users WHERE login = 'boss'").fetchone() == (0,)


def test_the_roles_that_see_everything_have_a_policy_of_their_own(secured_center: SecuredCenter) -> None:
    c = secured_center
    with c.raw("ito") as conn:
        found = {(t, p, tuple(r)) for t, p, r in conn.execute(
            "SELECT tablename, policyname, roles::text[] FROM pg_policies WHERE policyname LIKE 'agentdesk_all_%'")}
    assert ("interactions", "agentdesk_all_router", (c.prefix + "agentdesk_router",)) in found
    assert ("history", "agentdesk_all_admin", (c.prefix + "agentdesk_admin",)) in found
    assert ("outbox", "agentdesk_all_owner", ("postgres",)) in found
    assert not any(p == "agentdesk_all_router" and t == "teams" for t, p, _ in found)  # no RLS there
    c.apply(CENTER)  # applying again leaves them as they are
    with c.raw("ito") as conn:
        again = {(t, p, tuple(r)) for t, p, r in conn.execute(
            "SELECT tablename, policyname, roles::text[] FROM pg_policies WHERE policyname LIKE 'agentdesk_all_%'")}
    assert again == found


def test_an_owner_that_is_not_a_superuser_sets_everything_up(tmp_path: Path) -> None:
    """The setup docs/security.md describes: a CREATEROLE owner runs db upgrade and admin apply itself."""
    from agentdesk.cli.main import main
    from tests.support.databases import PG_ADMIN_DSN
    from tests.support.pg_roles import drop_roles, prefixed_center

    prefix = f"t{uuid.uuid4().hex[:8]}_"
    name = f"agentdesk_owner_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{prefix}owner" LOGIN CREATEROLE')
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{prefix}owner"')
    url = f"postgresql+psycopg://{prefix}owner@127.0.0.1:5432/{name}"
    center = tmp_path / "center.toml"
    center.write_text(prefixed_center(CENTER, prefix), encoding="utf-8")
    try:
        assert main(["db", "upgrade", "--url", url]) == 0
        assert main(["admin", "apply", str(center), "--url", url]) == 0
        assert main(["admin", "apply", str(center), "--url", url]) == 0  # and again, with nothing to change
        with psycopg.connect(host="127.0.0.1", dbname=name, user=f"{prefix}sato", autocommit=True) as conn:
            assert conn.execute("SELECT agentdesk_session_login()").fetchone() == ("sato",)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("CREATE TABLE mine (id int)")
        with psycopg.connect(host="127.0.0.1", dbname=name, user=f"{prefix}owner", autocommit=True) as conn:
            conn.execute("INSERT INTO interactions (direction, kind, state, subject, body_text, \"references\", "
                         "to_addrs, cc_addrs, bcc_addrs, parse_flags, created_at, updated_at, version) VALUES "
                         "('inbound', 'email', 'queued', 's', 'b', '[]', '[]', '[]', '[]', '[]', now(), now(), 1)")
            assert conn.execute("SELECT count(*) FROM interactions").fetchone() == (1,)  # forced RLS: still all
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        drop_roles(prefix)
