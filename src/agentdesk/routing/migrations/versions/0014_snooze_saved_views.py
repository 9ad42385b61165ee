"""Snooze / follow-up and saved views (issue 14, item 3): ``interactions.snoozed_until``, ``saved_views``.

An interaction snoozed until a time leaves its owner's list until then, and comes back marked "follow-up due"
until the owner acts on it (agentdesk.actions.snooze). A column of the interaction itself: the change log's
UPDATE trigger (0008) tells every desktop when it is set or cleared, and row-level security already covers it.

A saved view is a user's named filter of interactions (agentdesk.actions.views); on PostgreSQL only its owner
sees and changes it (row-level security, forced), and desktops may insert, update and delete their own.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from agentdesk.routing.types import JSONType, UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # a plain ADD COLUMN (no batch copy of the table, which would drop its triggers on SQLite)
    op.add_column("interactions", sa.Column("snoozed_until", UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "saved_views",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("owner_id", BigId, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("filters", JSONType, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_saved_views_owner_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_saved_views"),
        sa.UniqueConstraint("owner_id", "name", name="uq_saved_views_name"),
    )
    if op.get_bind().dialect.name == "postgresql":
        mine = "owner_id = (SELECT agentdesk_session_uid()) OR (SELECT agentdesk_rls_kind()) IN ('owner', 'router', 'admin')"
        op.execute("ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE saved_views FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY agentdesk_rows ON saved_views USING ({mine}) WITH CHECK ({mine})")


def downgrade() -> None:
    op.drop_table("saved_views")
    op.drop_column("interactions", "snoozed_until")
