"""Team shape security, part 1: who is signed in, as the database sees it (PostgreSQL only)

Every user signs in to PostgreSQL with a login role of their own, ``role_prefix + login``, made by
``agentdesk admin apply`` (agentdesk.routing.security). This migration adds what does not depend on the
prefix:

- ``agentdesk_role_prefix()``: the center's role prefix; ``admin apply`` replaces it with the prefix of the
  center file, so that the database itself knows which roles are its users' logins;
- ``agentdesk_session_login()``: the ``users.login`` of ``session_user`` (the prefix stripped), or NULL when
  the connection is not a user's login (the owner, the router, a superuser). Desktops ask it who is signed in;
- the trigger function that keeps ``users.held`` runs with its owner's rights (SECURITY DEFINER), since a
  desktop login may not update ``users`` itself.

SQLite (standalone) has no roles: nothing changes there.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: the search path of every SECURITY DEFINER function: the tables' schema, then nothing a caller can create
SEARCH_PATH = "SET search_path = public, pg_temp"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE FUNCTION agentdesk_role_prefix() RETURNS text LANGUAGE sql STABLE AS $$ SELECT ''::text $$")
    op.execute(
        f"""
        CREATE FUNCTION agentdesk_session_login() RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER {SEARCH_PATH} AS $$
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
        $$
        """
    )
    op.execute(f"ALTER FUNCTION agentdesk_users_held() SECURITY DEFINER {SEARCH_PATH}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER FUNCTION agentdesk_users_held() SECURITY INVOKER RESET search_path")
    op.execute("DROP FUNCTION agentdesk_session_login()")
    op.execute("DROP FUNCTION agentdesk_role_prefix()")
