"""An index of the interactions whose body text is empty: the bodies ingest still has to parse are found without
reading the table (issue 13 item 4).

Every pass of the router asks whether a crash left bodies unparsed (``routing.ingest.pending_bodies``, and the
router's quick check before a pass). Without an index that question read every interaction — on SQLite the raw
message too, stored in the same row — 70 ms at 10,000 messages and growing with the mailbox, most of a pass with
nothing to do. The partial index holds only the rows whose ``body_text`` is empty: those waiting for their parse,
and the few whose text really is empty.

Revision ID: 0016
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_interactions_body_empty", "interactions", ["id"], sqlite_where=sa.text("body_text = ''"),
                    postgresql_where=sa.text("body_text = ''"))


def downgrade() -> None:
    op.drop_index("ix_interactions_body_empty", table_name="interactions")
