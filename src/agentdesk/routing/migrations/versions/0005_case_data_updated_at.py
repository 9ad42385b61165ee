"""An index on case_data.updated_at: every desktop's cache asks for the case data changed since its last pass

(agentdesk.cache.casedata); without the index each pass reads the whole table.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_case_data_updated_at", "case_data", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_case_data_updated_at", table_name="case_data")
