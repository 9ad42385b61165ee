"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import agentdesk.routing.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "disposition_codes",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column(
            "label",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("retired_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disposition_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_disposition_codes_code")),
    )
    op.create_table(
        "from_addresses",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("retired_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_from_addresses")),
        sa.UniqueConstraint("address", name=op.f("uq_from_addresses_address")),
    )
    op.create_table(
        "mailbox_state",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("mailbox", sa.String(length=100), nullable=False),
        sa.Column("folder", sa.String(length=500), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.Column("highest_modseq", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailbox_state")),
        sa.UniqueConstraint("mailbox", "folder", name="uq_mailbox_state_folder"),
    )
    op.create_table(
        "options",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column(
            "value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_options")),
    )
    op.create_table(
        "standard_responses",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("retired_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_responses")),
        sa.UniqueConstraint("name", name=op.f("uq_standard_responses_name")),
    )
    op.create_table(
        "teams",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("retired_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "contacts",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=True),
        sa.Column("company", sa.String(length=200), nullable=True),
        sa.Column(
            "attributes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("retired_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_contacts_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_team_id"), ["team_id"], unique=False)

    op.create_table(
        "users",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("login", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("presence", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=True),
        sa.Column("last_assigned_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("retired_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_users_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("login", name=op.f("uq_users_login")),
    )
    op.create_table(
        "cases",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("contact_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("created_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("merged_into_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_cases_contact_id_contacts")),
        sa.ForeignKeyConstraint(["merged_into_id"], ["cases.id"], name=op.f("fk_cases_merged_into_id_cases")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_cases_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_team_id"), ["team_id"], unique=False)

    op.create_table(
        "contact_emails",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("contact_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_contact_emails_contact_id_contacts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_emails")),
    )
    with op.batch_alter_table("contact_emails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_emails_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_emails_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "contact_phones",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("contact_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column("label", sa.String(length=50), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_contact_phones_contact_id_contacts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_phones")),
    )
    with op.batch_alter_table("contact_phones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_phones_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "workbins",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("owner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("retired_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_workbins_owner_id_users")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_workbins_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workbins")),
        sa.UniqueConstraint("kind", "owner_id", "team_id", "name", name="uq_workbins_identity"),
    )
    op.create_table(
        "case_data",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_data_case_id_cases")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_case_data_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_data")),
        sa.UniqueConstraint("case_id", "key", name=op.f("uq_case_data_case_id")),
    )
    with op.batch_alter_table("case_data", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_data_case_id"), ["case_id"], unique=False)

    op.create_table(
        "interactions",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=True),
        sa.Column("owner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("parent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("contact_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("mailbox", sa.String(length=100), nullable=True),
        sa.Column("dedup_key", sa.String(length=200), nullable=True),
        sa.Column("imap_uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("imap_uid", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.String(length=998), nullable=True),
        sa.Column("in_reply_to", sa.String(length=998), nullable=True),
        sa.Column(
            "references",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("from_addr", sa.String(length=320), nullable=True),
        sa.Column("from_name", sa.String(length=200), nullable=True),
        sa.Column(
            "to_addrs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "cc_addrs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "bcc_addrs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("instructions", sa.Text(), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=True),
        sa.Column(
            "parse_flags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("disposition", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("received_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("assigned_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_interactions_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_interactions_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_interactions_owner_id_users")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["interactions.id"], name=op.f("fk_interactions_parent_id_interactions")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_interactions_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
        sa.UniqueConstraint("mailbox", "dedup_key", name="uq_interactions_mailbox_dedup"),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interactions_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_message_id"), ["message_id"], unique=False)
        batch_op.create_index("ix_interactions_owner_state", ["owner_id", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index("ix_interactions_queue", ["state", "team_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interactions_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "attachments",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content_id", sa.String(length=500), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column(
            "warnings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interactions.id"], name=op.f("fk_attachments_interaction_id_interactions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_interaction_id"), ["interaction_id"], unique=False)

    op.create_table(
        "consultations",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("started_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("with_user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interactions.id"], name=op.f("fk_consultations_interaction_id_interactions")
        ),
        sa.ForeignKeyConstraint(["started_by"], ["users.id"], name=op.f("fk_consultations_started_by_users")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_consultations_team_id_teams")),
        sa.ForeignKeyConstraint(
            ["with_user_id"], ["users.id"], name=op.f("fk_consultations_with_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultations_interaction_id"), ["interaction_id"], unique=False)

    op.create_table(
        "history",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("contact_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("actor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("event", sa.String(length=50), nullable=False),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_history_actor_id_users")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_history_case_id_cases")),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_history_contact_id_contacts")),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interactions.id"], name=op.f("fk_history_interaction_id_interactions")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_history_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history")),
    )
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.create_index("ix_history_actor_created", ["actor_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_history_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_history_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_history_interaction_id"), ["interaction_id"], unique=False)

    op.create_table(
        "notes",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("author_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_notes_author_id_users")),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interactions.id"], name=op.f("fk_notes_interaction_id_interactions")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_notes_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notes_interaction_id"), ["interaction_id"], unique=False)

    op.create_table(
        "outbox",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("mailbox", sa.String(length=100), nullable=True),
        sa.Column("message_id", sa.String(length=998), nullable=False),
        sa.Column("envelope_from", sa.String(length=320), nullable=False),
        sa.Column(
            "envelope_to",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("hold_if_customer_writes", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("filed_in_sent", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interactions.id"], name=op.f("fk_outbox_interaction_id_interactions")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_outbox_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("interaction_id", name=op.f("uq_outbox_interaction_id")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_message_id")),
    )
    op.create_table(
        "qa_rounds",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("submitted_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("reviewer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("decided_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewed_subject", sa.Text(), nullable=True),
        sa.Column("reviewed_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interactions.id"], name=op.f("fk_qa_rounds_interaction_id_interactions")
        ),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], name=op.f("fk_qa_rounds_reviewer_id_users")),
        sa.ForeignKeyConstraint(["submitted_by"], ["users.id"], name=op.f("fk_qa_rounds_submitted_by_users")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_qa_rounds_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_rounds")),
        sa.UniqueConstraint("interaction_id", "round_no", name="uq_qa_rounds_round"),
    )
    with op.batch_alter_table("qa_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qa_rounds_interaction_id"), ["interaction_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_qa_rounds_team_id"), ["team_id"], unique=False)

    op.create_table(
        "transfer_offers",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("from_user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("to_user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("to_team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by"], ["users.id"], name=op.f("fk_transfer_offers_answered_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["from_user_id"], ["users.id"], name=op.f("fk_transfer_offers_from_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_transfer_offers_interaction_id_interactions"),
        ),
        sa.ForeignKeyConstraint(
            ["to_team_id"], ["teams.id"], name=op.f("fk_transfer_offers_to_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["to_user_id"], ["users.id"], name=op.f("fk_transfer_offers_to_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_offers")),
    )
    with op.batch_alter_table("transfer_offers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transfer_offers_interaction_id"), ["interaction_id"], unique=False
        )

    op.create_table(
        "workbin_items",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("workbin_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("added_by", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("added_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["added_by"], ["users.id"], name=op.f("fk_workbin_items_added_by_users")),
        sa.ForeignKeyConstraint(
            ["interaction_id"], ["interactions.id"], name=op.f("fk_workbin_items_interaction_id_interactions")
        ),
        sa.ForeignKeyConstraint(
            ["workbin_id"], ["workbins.id"], name=op.f("fk_workbin_items_workbin_id_workbins")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workbin_items")),
        sa.UniqueConstraint("interaction_id", name=op.f("uq_workbin_items_interaction_id")),
    )
    with op.batch_alter_table("workbin_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workbin_items_workbin_id"), ["workbin_id"], unique=False)

    op.create_table(
        "consultation_messages",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("consultation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("author_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", agentdesk.routing.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_consultation_messages_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_messages_consultation_id_consultations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_messages")),
    )
    with op.batch_alter_table("consultation_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_messages_consultation_id"), ["consultation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consultation_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_messages_consultation_id"))

    op.drop_table("consultation_messages")
    with op.batch_alter_table("workbin_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workbin_items_workbin_id"))

    op.drop_table("workbin_items")
    with op.batch_alter_table("transfer_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transfer_offers_interaction_id"))

    op.drop_table("transfer_offers")
    with op.batch_alter_table("qa_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qa_rounds_team_id"))
        batch_op.drop_index(batch_op.f("ix_qa_rounds_interaction_id"))

    op.drop_table("qa_rounds")
    op.drop_table("outbox")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notes_interaction_id"))

    op.drop_table("notes")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_history_interaction_id"))
        batch_op.drop_index(batch_op.f("ix_history_contact_id"))
        batch_op.drop_index(batch_op.f("ix_history_case_id"))
        batch_op.drop_index("ix_history_actor_created")

    op.drop_table("history")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultations_interaction_id"))

    op.drop_table("consultations")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_interaction_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interactions_updated_at"))
        batch_op.drop_index(batch_op.f("ix_interactions_team_id"))
        batch_op.drop_index("ix_interactions_queue")
        batch_op.drop_index(batch_op.f("ix_interactions_parent_id"))
        batch_op.drop_index("ix_interactions_owner_state")
        batch_op.drop_index(batch_op.f("ix_interactions_message_id"))
        batch_op.drop_index(batch_op.f("ix_interactions_contact_id"))
        batch_op.drop_index(batch_op.f("ix_interactions_case_id"))

    op.drop_table("interactions")
    with op.batch_alter_table("case_data", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_data_case_id"))

    op.drop_table("case_data")
    op.drop_table("workbins")
    with op.batch_alter_table("contact_phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_phones_contact_id"))

    op.drop_table("contact_phones")
    with op.batch_alter_table("contact_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_emails_contact_id"))
        batch_op.drop_index(batch_op.f("ix_contact_emails_address"))

    op.drop_table("contact_emails")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_team_id"))
        batch_op.drop_index(batch_op.f("ix_cases_contact_id"))

    op.drop_table("cases")
    op.drop_table("users")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_team_id"))

    op.drop_table("contacts")
    op.drop_table("teams")
    op.drop_table("standard_responses")
    op.drop_table("options")
    op.drop_table("mailbox_state")
    op.drop_table("from_addresses")
    op.drop_table("disposition_codes")
