"""The outbox records how far each send got, and its Sent folder copy (issue 17).

``step``/``step_at``: the step of the conversation about to be taken (connecting, recipients, data, end_of_data),
committed before it, so that a crash is retried unless the final dot may have gone out; ``uncertain_at``: when
a row became uncertain (the Sent folder's grace period runs from it); ``sent_folder``: what the mailbox's Sent
folder can tell (server | agentdesk | none); ``sent_copy``/``sent_copy_error``: the Sent copy (pending | filed |
server) and why a pending one is not filed yet.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from agentdesk.routing.types import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("step", sa.String(20), nullable=True))
        batch.add_column(sa.Column("step_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("uncertain_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("sent_folder", sa.String(20), nullable=True))
        batch.add_column(sa.Column("sent_copy", sa.String(20), nullable=True))
        batch.add_column(sa.Column("sent_copy_error", sa.Text(), nullable=True))
    op.execute("UPDATE outbox SET sent_copy = 'filed' WHERE filed_in_sent")
    op.execute("UPDATE outbox SET uncertain_at = created_at WHERE state = 'uncertain'")


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        for column in ("sent_copy_error", "sent_copy", "sent_folder", "uncertain_at", "step_at", "step"):
            batch.drop_column(column)
