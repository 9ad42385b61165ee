"""PostgreSQL roles of the team shape: a login per user, group roles per agentdesk role, and their grants.

``agentdesk admin apply`` (run with the owner's or a superuser's connection) calls :func:`apply_roles` inside
its transaction, after the users are written. For every user of the database it makes (or updates) a LOGIN
role named ``role_prefix + login`` that is a member of exactly one group role: ``<prefix>agentdesk_agent``,
``<prefix>agentdesk_lead`` or ``<prefix>agentdesk_admin``; a retired user's login becomes NOLOGIN, never
dropped. The router's logins (``[database] router_logins``) join ``<prefix>agentdesk_router``. No login it
manages is a superuser, may create roles, databases or tables, or bypasses row-level security; the tables
stay with the role that ran ``agentdesk db upgrade`` (the owner). The grants per group are given here, since
only the center file knows the prefix; the row-level policies and enforcing triggers live in the migrations
and do not depend on it. docs/security.md describes what each role may do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from agentdesk.routing.center_file import GROUP_SUFFIXES, CenterDecl

#: the group role's suffix for each agentdesk role (users.role)
GROUP_OF_ROLE = {"agent": "agentdesk_agent", "lead": "agentdesk_lead", "admin": "agentdesk_admin"}
ROUTER_GROUP = "agentdesk_router"

#: tables with customer data: row-level security applies (migration 0009)
CUSTOMER_TABLES = ("interactions", "contacts", "contact_emails", "contact_phones", "cases", "case_data", "notes",
                   "attachments", "history", "qa_rounds", "consultations", "consultation_messages",
                   "transfer_offers", "workbin_items", "outbox")
#: the contact center's declaration: only the admin role changes these (personal workbins excepted)
ADMIN_TABLES = ("options", "teams", "users", "from_addresses", "standard_responses", "disposition_codes",
                "workbins")

#: what every desktop group may do, table by table (``SELECT`` on every table is given to all groups)
_DESKTOP = {
    **dict.fromkeys(CUSTOMER_TABLES, "INSERT, UPDATE"),
    "history": "INSERT",
    # a placement in a workbin and an attachment of one's own draft are taken away, not closed (docs/security.md)
    "workbin_items": "INSERT, UPDATE, DELETE",
    "attachments": "INSERT, UPDATE, DELETE",
    "interaction_tags": "INSERT, DELETE",  # a tag is added or removed, never rewritten (the history keeps both)
    "saved_views": "INSERT, UPDATE, DELETE",  # one's own named filters (row-level security: the owner's only)
    "users": "UPDATE (presence)",
    "workbins": "INSERT",  # personal workbins, made on first use (policy: only one's own)
}
_ADMIN = {
    **dict.fromkeys(ADMIN_TABLES, "INSERT, UPDATE"),
    "options": "INSERT, UPDATE, DELETE",  # an option removed from the center file returns to its default
}
_ROUTER = {
    **dict.fromkeys(CUSTOMER_TABLES, "INSERT, UPDATE"),
    "history": "INSERT",
    "attachments": "INSERT, UPDATE, DELETE",  # a message parsed again replaces its attachment descriptions
    "interaction_copies": "INSERT",  # other copies of a stored message (routing.dedup)
    "interaction_fingerprints": "INSERT",
    "workbins": "INSERT",  # a team's Auto-filed workbin, made on its first machine mail (routing.ingest)
    "workbin_items": "INSERT, UPDATE, DELETE",
    "users": "UPDATE (last_assigned_at, presence)",
    "mailbox_state": "INSERT, UPDATE",
    "change_log": "DELETE",  # pruned by the router (agentdesk.routing.changes); written by owner's triggers
    "change_log_horizon": "INSERT, UPDATE",
}


class RoleError(Exception):
    """The roles cannot be applied as asked (a clash with an existing role, or too few rights); nothing changed."""


@dataclass
class RoleReport:
    """What :func:`apply_roles` changed, as ``(verb, role name)``: added, updated, disabled, enabled."""

    changes: list[tuple[str, str]] = field(default_factory=list)

    def note(self, verb: str, role: str) -> None:
        if (verb, role) not in self.changes and ("added", role) not in self.changes:
            self.changes.append((verb, role))


def group_names(prefix: str) -> dict[str, str]:
    """The group roles' names by suffix (``agentdesk_agent`` → ``acme_agentdesk_agent``)."""
    return {suffix: prefix + suffix for suffix in GROUP_SUFFIXES}


def _q(session: Session, name: str) -> str:
    return session.get_bind().dialect.identifier_preparer.quote_identifier(name)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _check_rights(session: Session) -> str:
    """The owner of the tables; refuses a connection that can neither create roles nor grant on the tables."""
    row = session.execute(text(
        "SELECT r.rolsuper, r.rolcreaterole, pg_catalog.pg_get_userbyid(c.relowner), "
        "pg_catalog.pg_has_role(current_user, c.relowner, 'MEMBER') "
        "FROM pg_catalog.pg_roles r, pg_catalog.pg_class c "
        "WHERE r.rolname = current_user AND c.oid = 'public.interactions'::regclass")).one()
    superuser, createrole, owner, is_owner = row
    if not superuser and not (createrole and is_owner):
        raise RoleError(f"admin apply must run as the owner of the tables ({owner}) with CREATEROLE, or as a "
                        "superuser: it creates the users' database logins")
    return str(owner)


def _existing(session: Session, names: list[str]) -> dict[str, dict[str, bool]]:
    rows = session.execute(text(
        "SELECT rolname, rolcanlogin, rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication, "
        "rolinherit FROM pg_catalog.pg_roles WHERE rolname = ANY(:names)"), {"names": names}).all()
    return {name: {"login": bool(login), "powerful": bool(powerful), "inherit": bool(inherit)}
            for name, login, powerful, inherit in rows}


def apply_roles(session: Session, decl: CenterDecl) -> RoleReport:
    """Make the roles and grants match the users in the database (call after the users are written)."""
    report = RoleReport()
    prefix = decl.role_prefix
    owner = _check_rights(session)
    groups = group_names(prefix)
    users = session.execute(text("SELECT login, role, retired_at IS NOT NULL FROM users ORDER BY id")).all()
    wanted: dict[str, tuple[str, bool]] = {prefix + login: (GROUP_OF_ROLE[role], retired)
                                           for login, role, retired in users}
    wanted.update({prefix + name: (ROUTER_GROUP, False) for name in decl.router_logins})
    existing = _existing(session, [*groups.values(), *wanted])
    _refuse_clashes(session, existing, wanted, owner)
    for group in groups.values():
        if group not in existing:
            session.execute(text(f"CREATE ROLE {_q(session, group)} NOLOGIN"))
            report.note("added", group)
    for name, (suffix, retired) in wanted.items():
        _apply_login(session, report, name, groups[suffix], list(groups.values()), retired, existing.get(name))
    _grant(session, groups)
    _see_all_policies(session, {"router": groups[ROUTER_GROUP], "admin": groups["agentdesk_admin"], "owner": owner})
    session.execute(text(
        "CREATE OR REPLACE FUNCTION agentdesk_role_prefix() RETURNS text LANGUAGE sql STABLE AS "
        f"$$ SELECT {_literal(prefix)}::text $$"))
    return report


def _refuse_clashes(session: Session, existing: dict[str, dict[str, bool]], wanted: dict[str, tuple[str, bool]],
                    owner: str) -> None:
    problems = []
    me = session.execute(text("SELECT current_user")).scalar_one()
    for name in wanted:
        found = existing.get(name)
        if found is None:
            continue
        if name in (me, owner):
            problems.append(f"{name!r} is the role running admin apply or the tables' owner")
        elif found["powerful"]:
            problems.append(f"{name!r} is an existing role with SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or "
                            "BYPASSRLS")
        elif session.execute(text("SELECT pg_catalog.pg_has_role(:r, :o, 'MEMBER')"),
                             {"r": name, "o": owner}).scalar_one():
            problems.append(f"{name!r} is a member of the tables' owner {owner!r}")
    if problems:
        raise RoleError("these logins name existing PostgreSQL roles that must not become desktop logins: "
                        + "; ".join(problems) + ". Rename the user, or set [database] role_prefix in the center "
                        "file; nothing was changed")


def _apply_login(session: Session, report: RoleReport, name: str, group: str, all_groups: list[str],
                 retired: bool, found: dict[str, bool] | None) -> None:
    q = _q(session, name)
    if found is None and retired:
        return  # a user retired before their login was ever made needs none
    login = "NOLOGIN" if retired else "LOGIN"
    if found is None:
        session.execute(text(f"CREATE ROLE {q} {login} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                             "NOBYPASSRLS INHERIT"))
        report.note("added", name)
    else:
        # only what differs: naming SUPERUSER, REPLICATION or BYPASSRLS at all needs a superuser, and an
        # existing role with any such power was refused before (_refuse_clashes)
        if found["login"] == retired or not found["inherit"]:
            session.execute(text(f"ALTER ROLE {q} {login} INHERIT"))
        if found["login"] and retired:
            report.note("disabled", name)
        elif not found["login"] and not retired:
            report.note("enabled", name)
    members = set(session.scalars(text(
        "SELECT g.rolname FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid "
        "JOIN pg_catalog.pg_roles r ON r.oid = m.member WHERE r.rolname = :name"), {"name": name}))
    for other in all_groups:
        if other != group and other in members:
            session.execute(text(f"REVOKE {_q(session, other)} FROM {q}"))
            report.note("updated", name)
    if group not in members:
        session.execute(text(f"GRANT {_q(session, group)} TO {q}"))
        if found is not None:
            report.note("updated", name)


def _see_all_policies(session: Session, roles: dict[str, str]) -> None:
    """On every table with row-level security, a ``USING (true)`` policy for the router's group, the admins' and
    the owner: the generic policy (migrations 0009, 0010) would let them see everything too, at a cost on
    every statement; ORed with ``true`` it is never evaluated. Made only where missing or for other roles."""
    tables = list(session.scalars(text(
        "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity ORDER BY c.relname")))
    existing = {(t, p): set(r) for t, p, r in session.execute(text(
        "SELECT tablename, policyname, roles::text[] FROM pg_catalog.pg_policies "
        "WHERE schemaname = 'public' AND policyname LIKE 'agentdesk_all_%'"))}
    for table in tables:
        for who, role in roles.items():
            name = f"agentdesk_all_{who}"
            found = existing.get((table, name))
            if found == {role}:
                continue
            if found is not None:
                session.execute(text(f"DROP POLICY {name} ON {_q(session, table)}"))
            session.execute(text(f"CREATE POLICY {name} ON {_q(session, table)} TO {_q(session, role)} "
                                 "USING (true) WITH CHECK (true)"))


def _grant(session: Session, groups: dict[str, str]) -> None:
    """Table and sequence privileges per group; everything not granted here is refused."""
    tables = list(session.scalars(text(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY tablename")))
    everyone = ", ".join(_q(session, g) for g in groups.values())
    session.execute(text(f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {everyone}"))
    session.execute(text(f"GRANT USAGE ON SCHEMA public TO {everyone}"))
    database = _q(session, session.execute(text("SELECT current_database()")).scalar_one())
    session.execute(text(f"REVOKE TEMPORARY ON DATABASE {database} FROM PUBLIC, {everyone}"))
    for table in tables:
        session.execute(text(f"REVOKE ALL ON {_q(session, table)} FROM PUBLIC, {everyone}"))
        session.execute(text(f"GRANT SELECT ON {_q(session, table)} TO {everyone}"))
    session.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}"))
    plans = {"agentdesk_agent": _DESKTOP, "agentdesk_lead": _DESKTOP, "agentdesk_admin": {**_DESKTOP, **_ADMIN},
             ROUTER_GROUP: _ROUTER}
    for suffix, plan in plans.items():
        for table, privileges in plan.items():
            if table in tables:
                session.execute(text(f"GRANT {privileges} ON {_q(session, table)} TO {_q(session, groups[suffix])}"))
