"""Snooze / follow-up (issue 14, item 3): ``interactions.snoozed_until``.

An interaction snoozed until a time leaves its owner's list until then, and comes back marked "follow-up due"
until the owner acts on it (agentdesk.actions.snooze). A column of the interaction itself: the change log's
UPDATE trigger (0008) tells every desktop when it is set or cleared, and row-level security already covers it.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from agentdesk.routing.types import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN (no batch copy of the table, which would drop its triggers on SQLite)
    op.add_column("interactions", sa.Column("snoozed_until", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("interactions", "snoozed_until")
