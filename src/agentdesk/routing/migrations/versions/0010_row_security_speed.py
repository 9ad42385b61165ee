"""Team shape security, part 3: cheaper row-level security checks (PostgreSQL only)

The benchmark (bench/bench_rls.py) found the policies of 0009 doubling an agent's list: every statement
evaluated the session helpers several times, each a SECURITY DEFINER function (its own search path, a join
over ``pg_auth_members``), and the related tables asked for their interaction row by row. Here:

- the session helpers read ``public.users`` with the caller's rights (every agentdesk role may read it) and
  test group membership with ``pg_has_role`` (cached per backend), in plpgsql (a policy plans a plain call,
  and the helper's own plan is cached for the session); only the helpers that must read past row-level
  security stay SECURITY DEFINER;
- every policy tries the common case first (the user's team, their own rows) and the kinds that see
  everything last; a related row with a team of its own is matched by it before its interaction is looked up;
- ``admin apply`` adds one ``USING (true)`` policy per table for the router's, the admins' and the owner's
  roles (agentdesk.routing.security), so that they pay nothing for it.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ALL = "(SELECT agentdesk_rls_kind()) IN ('owner', 'router', 'admin')"
_UID = "(SELECT agentdesk_session_uid())"
_TEAM = "(SELECT agentdesk_session_team())"


def _via(column: str) -> str:
    return f"EXISTS (SELECT 1 FROM interactions p WHERE p.id = {column})"


#: every policy again: the common cases first (a row of the user's team, their own), the everything-kinds last,
#: so that an agent's query rarely needs more than the team; a related row with a team of its own is matched by
#: it before its interaction is looked up
_SEEN = f"team_id = {_TEAM} OR owner_id = {_UID} OR id = ANY ((SELECT agentdesk_offered_ids())::bigint[])"
_POLICIES = {
    "interactions": (f"{_SEEN} OR {_ALL}", None),
    "contacts": (f"team_id = {_TEAM} OR team_id IS NULL "
                 f"OR EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = contacts.id) OR {_ALL}",
                 f"team_id = {_TEAM} OR team_id IS NULL OR {_ALL}"),
    "contact_emails": (f"EXISTS (SELECT 1 FROM contacts p WHERE p.id = contact_emails.contact_id) OR {_ALL}", None),
    "contact_phones": (f"EXISTS (SELECT 1 FROM contacts p WHERE p.id = contact_phones.contact_id) OR {_ALL}", None),
    "cases": (f"team_id = {_TEAM} OR team_id IS NULL "
              f"OR EXISTS (SELECT 1 FROM interactions i WHERE i.case_id = cases.id) OR {_ALL}", None),
    "case_data": (f"team_id = {_TEAM} OR EXISTS (SELECT 1 FROM cases p WHERE p.id = case_data.case_id) OR {_ALL}",
                  None),
    "notes": (f"team_id = {_TEAM} OR {_via('notes.interaction_id')} OR {_ALL}",
              f"((team_id = {_TEAM} OR {_via('notes.interaction_id')}) AND author_id = {_UID}) OR {_ALL}"),
    "attachments": (f"{_via('attachments.interaction_id')} OR {_ALL}", None),
    "history": (f"actor_id = {_UID} OR team_id = {_TEAM} OR {_via('history.interaction_id')} OR {_ALL}",
                f"actor_id = {_UID} OR {_ALL}"),
    "qa_rounds": (f"team_id = {_TEAM} OR {_via('qa_rounds.interaction_id')} OR {_ALL}", None),
    "consultations": (f"team_id = {_TEAM} OR with_user_id = {_UID} OR {_via('consultations.interaction_id')} "
                      f"OR {_ALL}", None),
    "consultation_messages": (
        f"EXISTS (SELECT 1 FROM consultations p WHERE p.id = consultation_messages.consultation_id) OR {_ALL}",
        f"(EXISTS (SELECT 1 FROM consultations p WHERE p.id = consultation_messages.consultation_id) "
        f"AND author_id = {_UID}) OR {_ALL}"),
    "transfer_offers": (f"to_team_id = {_TEAM} OR to_user_id = {_UID} OR {_via('transfer_offers.interaction_id')} "
                        f"OR {_ALL}", None),
    "workbin_items": (f"{_via('workbin_items.interaction_id')} OR {_ALL}", None),
    "outbox": (f"team_id = {_TEAM} OR {_via('outbox.interaction_id')} OR {_ALL}", None),
    "change_log": (f"team_id = {_TEAM} OR user_id = {_UID} OR {_ALL}", None),
}

_IN_GROUP = """
    CREATE OR REPLACE FUNCTION agentdesk_in_group(suffix text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN pg_catalog.to_regrole(pg_catalog.quote_ident(public.agentdesk_role_prefix() || suffix))
                         IS NULL THEN false
               -- a superuser "has" every role: it is the owner's kind, never a member
               WHEN (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user) THEN false
               ELSE pg_catalog.pg_has_role(session_user, pg_catalog.to_regrole(
                        pg_catalog.quote_ident(public.agentdesk_role_prefix() || suffix)), 'MEMBER') END
    $$
"""

#: plpgsql, not SQL: a policy then plans a plain call (inlined SQL helpers cost ~10 ms of planning a statement)
#: and each call runs a plan cached for the session
_HELPERS = [
    """
    CREATE OR REPLACE FUNCTION agentdesk_session_login() RETURNS text LANGUAGE plpgsql STABLE AS $$
    BEGIN
        IF NOT (public.agentdesk_in_group('agentdesk_agent') OR public.agentdesk_in_group('agentdesk_lead')
                OR public.agentdesk_in_group('agentdesk_admin')) THEN
            RETURN NULL;
        END IF;
        RETURN (SELECT u.login FROM public.users u
                WHERE u.login = pg_catalog.substr(session_user::text,
                                                  pg_catalog.length(public.agentdesk_role_prefix()) + 1)
                  AND public.agentdesk_role_prefix() || u.login = session_user::text);
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION agentdesk_session_kind() RETURNS text LANGUAGE plpgsql STABLE AS $$
    BEGIN
        IF public.agentdesk_in_group('agentdesk_router') THEN
            RETURN 'router';
        END IF;
        IF NOT (public.agentdesk_in_group('agentdesk_agent') OR public.agentdesk_in_group('agentdesk_lead')
                OR public.agentdesk_in_group('agentdesk_admin')) THEN
            RETURN 'owner';
        END IF;
        RETURN coalesce((SELECT u.role FROM public.users u
                         WHERE u.login = public.agentdesk_session_login() AND u.retired_at IS NULL), 'none');
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION agentdesk_session_uid() RETURNS bigint LANGUAGE plpgsql STABLE AS $$
    BEGIN
        RETURN (SELECT u.id FROM public.users u
                WHERE u.login = public.agentdesk_session_login() AND u.retired_at IS NULL);
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION agentdesk_session_team() RETURNS bigint LANGUAGE plpgsql STABLE AS $$
    BEGIN
        RETURN (SELECT u.team_id FROM public.users u
                WHERE u.login = public.agentdesk_session_login() AND u.retired_at IS NULL);
    END $$
    """,
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_IN_GROUP)
    for sql in _HELPERS:
        op.execute(sql)
    for table, (using, check) in _POLICIES.items():
        op.execute(f"ALTER POLICY agentdesk_rows ON {table} USING ({using}) WITH CHECK ({check or using})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("row_security_0009", Path(__file__).with_name("0009_row_security.py"))
    assert spec is not None and spec.loader is not None
    rows = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rows)
    for table in _POLICIES:
        using, check = rows._POLICIES[table]
        op.execute(f"ALTER POLICY agentdesk_rows ON {table} USING ({using}) WITH CHECK ({check or using})")
    definer = "SECURITY DEFINER SET search_path = public, pg_temp"
    op.execute(f"""
        CREATE OR REPLACE FUNCTION agentdesk_session_login() RETURNS text LANGUAGE sql STABLE {definer} AS $$
            SELECT u.login FROM users u
            WHERE agentdesk_role_prefix() || u.login = session_user::text
              AND EXISTS (
                  SELECT 1 FROM pg_catalog.pg_auth_members m
                  JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                  JOIN pg_catalog.pg_roles r ON r.oid = m.member
                  WHERE r.rolname = session_user
                    AND g.rolname IN (agentdesk_role_prefix() || 'agentdesk_agent',
                                      agentdesk_role_prefix() || 'agentdesk_lead',
                                      agentdesk_role_prefix() || 'agentdesk_admin'))
        $$""")
    for sql in rows._FUNCTIONS[1:2] + rows._FUNCTIONS[3:5]:
        op.execute(sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    op.execute("DROP FUNCTION agentdesk_in_group(text)")
