"""A routing claim may wake the desktops after its commit instead of inside it (PostgreSQL only).

The change log's trigger on ``UPDATE interactions`` (0008) sends ``NOTIFY agentdesk_changes`` in the
transaction of the change. PostgreSQL serialises the commits of all transactions that notify, WAL flush
included (one lock for the whole server), so 20 routers claiming at once got one disk flush per claim. A
transaction that sets ``agentdesk.notify_after_commit`` to ``on`` (``set_config(…, true)``: that transaction
only) still writes its change-log rows but leaves the NOTIFY to its caller, who sends it after the commit in
a transaction that writes nothing (agentdesk.routing.assign).

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROWS = """
        SELECT 'interaction', n.id, n.team_id, n.owner_id, n.state FROM new_rows n
        UNION ALL  -- the team and owner it left learn that it left them
        SELECT 'interaction', o.id, o.team_id, o.owner_id, n.state FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.team_id IS DISTINCT FROM n.team_id OR o.owner_id IS DISTINCT FROM n.owner_id"""


def _function(notify_when: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION agentdesk_log_interactions_update() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            INSERT INTO change_log (tx, kind, interaction_id, team_id, user_id, state, created_at)
            SELECT pg_current_xact_id()::text::bigint, c.*, now() FROM ({_ROWS}) AS c;
            IF FOUND{notify_when} THEN
                PERFORM pg_notify('agentdesk_changes', 'change_log');
            END IF;
            RETURN NULL;
        END $$
    """


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_function(
            " AND current_setting('agentdesk.notify_after_commit', true) IS DISTINCT FROM 'on'"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_function(""))
