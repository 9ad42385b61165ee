"""Tags on interactions (issue 14, item 3): ``interaction_tags``, one row per tag of an interaction.

A tag carries its interaction's team, so that the team's tags are listed and filtered without a join; on
PostgreSQL its rows are seen and written by whoever sees the interaction (row-level security, as notes), and a
desktop may delete one (removing a tag; the history keeps who removed what, when). Adding or removing a tag
bumps its interaction's version in the same transaction, so the change log (0008) tells every desktop.

Revision ID: 0013
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from agentdesk.routing.types import UTCDateTime

revision: str = "0013"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TEAM = "(SELECT agentdesk_session_team())"
_ALL = "(SELECT agentdesk_rls_kind()) IN ('owner', 'router', 'admin')"
#: as notes (0010): the user's team first, then the interaction's own visibility, the everything-kinds last
_VISIBLE = (f"team_id = {_TEAM} OR EXISTS (SELECT 1 FROM interactions p WHERE p.id = interaction_tags.interaction_id) "
            f"OR {_ALL}")
#: written only in one's own name, on an interaction one sees
_CHECK = (f"(EXISTS (SELECT 1 FROM interactions p WHERE p.id = interaction_tags.interaction_id) "
          f"AND added_by = (SELECT agentdesk_session_uid())) OR {_ALL}")


def upgrade() -> None:
    op.create_table(
        "interaction_tags",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("interaction_id", BigId, nullable=False),
        sa.Column("team_id", BigId, nullable=True),
        sa.Column("tag", sa.String(length=50), nullable=False),
        sa.Column("added_by", BigId, nullable=True),
        sa.Column("added_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["interaction_id"], ["interactions.id"],
                                name="fk_interaction_tags_interaction_id_interactions"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name="fk_interaction_tags_team_id_teams"),
        sa.ForeignKeyConstraint(["added_by"], ["users.id"], name="fk_interaction_tags_added_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_interaction_tags"),
        sa.UniqueConstraint("interaction_id", "tag", name="uq_interaction_tags_tag"),
    )
    op.create_index("ix_interaction_tags_team_tag", "interaction_tags", ["team_id", "tag"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE interaction_tags ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE interaction_tags FORCE ROW LEVEL SECURITY")
        op.execute("CREATE POLICY agentdesk_rows ON interaction_tags FOR SELECT USING (" + _VISIBLE + ")")
        op.execute("CREATE POLICY agentdesk_add ON interaction_tags FOR INSERT WITH CHECK (" + _CHECK + ")")
        op.execute("CREATE POLICY agentdesk_remove ON interaction_tags FOR DELETE USING (" + _VISIBLE + ")")


def downgrade() -> None:
    op.drop_index("ix_interaction_tags_team_tag", table_name="interaction_tags")
    op.drop_table("interaction_tags")
