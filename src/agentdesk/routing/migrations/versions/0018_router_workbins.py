"""The router makes only its teams' Auto-filed workbins (issue 11, a hardening found after it landed).

The router's login was granted INSERT on ``workbins`` so that ingest can make a team's Auto-filed workbin on its
first machine mail, and the insert policy of 0009 let the router (as the owner and an admin) insert any workbin.
A restrictive policy now limits the router's inserts to that one kind of row: a team workbin named Auto-filed
with no owner. Other roles are not touched by it.

Revision ID: 0018
Revises: 0012
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the name routing.workbins.AUTO_FILED gives the workbin (kept literal: a migration does not follow later renames)
_AUTO_FILED = "Auto-filed"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE POLICY agentdesk_router_adds ON workbins AS RESTRICTIVE FOR INSERT WITH CHECK ("
        "(SELECT agentdesk_rls_kind()) <> 'router' "
        f"OR (kind = 'team' AND name = '{_AUTO_FILED}' AND owner_id IS NULL))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY agentdesk_router_adds ON workbins")
