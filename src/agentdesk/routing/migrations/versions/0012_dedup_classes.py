"""Dedup by class (issue 12): a content fingerprint of every inbound interaction (a table of its own), and a table of the other copies
of a message that were not stored as interactions of their own (identical, transport-only, mailing-list copies).
On PostgreSQL the copies are seen by whoever sees their interaction (row-level security, as attachments).

Data upgrade: the fingerprint of every inbound interaction already stored is computed from its raw bytes, in
batches, so that a copy of an old message arriving after the upgrade is recognised on the fast path.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from agentdesk.mail.fingerprint import content_fingerprint
from agentdesk.routing.types import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_BATCH = 500
_VISIBLE = ("EXISTS (SELECT 1 FROM interactions p WHERE p.id = {table}.interaction_id) "
            "OR (SELECT agentdesk_rls_kind()) IN ('owner', 'router', 'admin')")


def upgrade() -> None:
    op.create_table(
        "interaction_fingerprints",
        sa.Column("interaction_id", BigId, nullable=False),
        sa.Column("mailbox", sa.String(length=100), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["interaction_id"], ["interactions.id"],
                                name="fk_interaction_fingerprints_interaction_id_interactions"),
        sa.PrimaryKeyConstraint("interaction_id", name="pk_interaction_fingerprints"),
    )
    op.create_index("ix_interaction_fingerprints_mailbox_fingerprint", "interaction_fingerprints",
                    ["mailbox", "fingerprint"])
    op.create_table(
        "interaction_copies",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("interaction_id", BigId, nullable=False),
        sa.Column("team_id", BigId, nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mailbox", sa.String(length=100), nullable=True),
        sa.Column("folder", sa.String(length=500), nullable=True),
        sa.Column("imap_uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("imap_uid", sa.BigInteger(), nullable=True),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=True),
        sa.Column("seen_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["interaction_id"], ["interactions.id"],
                                name="fk_interaction_copies_interaction_id_interactions"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name="fk_interaction_copies_team_id_teams"),
        sa.PrimaryKeyConstraint("id", name="pk_interaction_copies"),
    )
    op.create_index("ix_interaction_copies_interaction_id", "interaction_copies", ["interaction_id"])
    if op.get_bind().dialect.name == "postgresql":  # the same rows as attachments: those of a visible interaction
        for table in ("interaction_copies", "interaction_fingerprints"):
            visible = _VISIBLE.format(table=table)
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY agentdesk_rows ON {table} USING ({visible}) WITH CHECK ({visible})")
    _fingerprint_stored_mail()


def _fingerprint_stored_mail() -> None:
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.text(
            "SELECT id, mailbox, raw FROM interactions WHERE direction = 'inbound' AND raw IS NOT NULL "
            "AND id > :last ORDER BY id LIMIT :n"), {"last": last, "n": _BATCH}).all()
        if not rows:
            return
        conn.execute(sa.text("INSERT INTO interaction_fingerprints (interaction_id, mailbox, fingerprint) "
                             "VALUES (:id, :mailbox, :fp)"),
                     [{"id": row_id, "mailbox": mailbox, "fp": content_fingerprint(bytes(raw))}
                      for row_id, mailbox, raw in rows])
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_interaction_copies_interaction_id", table_name="interaction_copies")
    op.drop_table("interaction_copies")
    op.drop_index("ix_interaction_fingerprints_mailbox_fingerprint", table_name="interaction_fingerprints")
    op.drop_table("interaction_fingerprints")
