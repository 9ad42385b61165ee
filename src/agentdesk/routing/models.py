"""The routing database's tables (SQLAlchemy 2 declarative models).

The same schema serves SQLite (standalone) and PostgreSQL (team). Every row of customer data carries its team
(``team_id``) so that the database can later restrict who reads what; the history table is append-only
(triggers in the migration refuse UPDATE and DELETE). Entries an administrator removes are retired
(``retired_at``), never deleted with their history.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from agentdesk.routing.types import JSONType, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Integer primary keys that are BIGINT on PostgreSQL and the rowid alias on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so that migrations name constraints the same everywhere."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType, bytes: LargeBinary()}  # noqa: RUF012


class Role(enum.StrEnum):
    AGENT = "agent"
    LEAD = "lead"
    ADMIN = "admin"


class Presence(enum.StrEnum):
    READY = "ready"
    NOT_READY = "not_ready"
    OFFLINE = "offline"


class Direction(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Kind(enum.StrEnum):
    EMAIL = "email"
    CALL = "call"


class State(enum.StrEnum):
    """Where an interaction is in its life (see docs/states.md)."""

    QUEUED = "queued"  # inbound, waiting for routing
    ASSIGNED = "assigned"  # with its owner (inbound or call); also a rejected outbound being corrected
    STORED = "stored"  # in a team workbin, nobody's until pulled
    DRAFT = "draft"  # outbound, being written
    REVIEW = "review"  # outbound, waiting in the team leads' approval queue
    REJECTED = "rejected"  # outbound, sent back by the reviewer with a note
    OUTBOX = "outbox"  # outbound, handed to the outbox
    SENT = "sent"  # outbound, the SMTP server took it
    FAILED = "failed"  # outbound, permanently refused
    NEEDS_ATTENTION = "needs_attention"  # outbound, stopped at send time (X2)
    DONE = "done"  # closed by its owner


class Purpose(enum.StrEnum):
    """Why an outbound interaction exists."""

    REPLY = "reply"
    REPLY_ALL = "reply_all"
    FORWARD_INLINE = "forward_inline"
    FORWARD_ATTACHMENT = "forward_attachment"
    NEW = "new"


class WorkbinKind(enum.StrEnum):
    DRAFTS = "drafts"
    IN_PROGRESS = "in_progress"
    PERSONAL = "personal"  # "My workbin"
    TEAM = "team"


def _id() -> Mapped[int]:
    return mapped_column(BigId, primary_key=True, autoincrement=True)


class Option(Base):
    """One contact-center option (``[options]`` and ``[center]`` of the center file), its value as JSON."""

    __tablename__ = "options"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = _id()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    retired_at: Mapped[datetime | None]


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = _id()
    login: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(10))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    capacity: Mapped[int] = mapped_column(Integer, default=5)
    #: inbound emails assigned to this user (what counts against capacity): kept by triggers on interactions
    held: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    presence: Mapped[str] = mapped_column(String(20), default=Presence.READY.value)
    language: Mapped[str | None] = mapped_column(String(10))
    last_assigned_at: Mapped[datetime | None]
    retired_at: Mapped[datetime | None]
    team: Mapped[Team | None] = relationship()


class Contact(Base):
    __tablename__ = "contacts"
    id: Mapped[int] = _id()
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    company: Mapped[str | None] = mapped_column(String(200))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]
    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactEmail.position"
    )
    phones: Mapped[list[ContactPhone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactPhone.position"
    )


class ContactEmail(Base):
    __tablename__ = "contact_emails"
    id: Mapped[int] = _id()
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    address: Mapped[str] = mapped_column(String(320), index=True)  # stored lower-cased
    position: Mapped[int] = mapped_column(Integer, default=0)
    contact: Mapped[Contact] = relationship(back_populates="emails")


class ContactPhone(Base):
    __tablename__ = "contact_phones"
    id: Mapped[int] = _id()
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    number: Mapped[str] = mapped_column(String(50))
    label: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer, default=0)
    contact: Mapped[Contact] = relationship(back_populates="phones")


class Case(Base):
    """A customer's matter; its interactions thread into it (X6). Its id is the case token ``[#id]``."""

    __tablename__ = "cases"
    id: Mapped[int] = _id()
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))


class CaseData(Base):
    """One key/value of a case's data (S6, S9); ``QA`` holds the review status (S31)."""

    __tablename__ = "case_data"
    __table_args__ = (UniqueConstraint("case_id", "key"),)
    id: Mapped[int] = _id()
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)  # the caches' passes


class Interaction(Base):
    """An inbound or outbound email, or a call record: the unit of work an agent holds."""

    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_queue", "state", "team_id", "id"),
        Index("ix_interactions_owner_state", "owner_id", "state"),
        # the bodies left to parse (and the few really empty ones): migration 0016
        Index("ix_interactions_body_empty", "id", sqlite_where=text("body_text = ''"),
              postgresql_where=text("body_text = ''")),
        UniqueConstraint("mailbox", "dedup_key", name="uq_interactions_mailbox_dedup"),
    )
    id: Mapped[int] = _id()
    direction: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10), default=Kind.EMAIL.value)
    state: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str | None] = mapped_column(String(20))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    mailbox: Mapped[str | None] = mapped_column(String(100))
    dedup_key: Mapped[str | None] = mapped_column(String(200))
    imap_uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    imap_uid: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    in_reply_to: Mapped[str | None] = mapped_column(String(998))
    references: Mapped[list[str]] = mapped_column(JSONType, default=list)
    from_addr: Mapped[str | None] = mapped_column(String(320))
    from_name: Mapped[str | None] = mapped_column(String(200))
    to_addrs: Mapped[list[str]] = mapped_column(JSONType, default=list)
    cc_addrs: Mapped[list[str]] = mapped_column(JSONType, default=list)
    bcc_addrs: Mapped[list[str]] = mapped_column(JSONType, default=list)
    subject: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str | None] = mapped_column(Text)
    instructions: Mapped[str | None] = mapped_column(Text)  # forward instructions (S22)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)  # inbound: exactly as received
    parse_flags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    disposition: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))  # call records
    received_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    assigned_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    #: snoozed (a follow-up): out of its owner's list until then; past it, back with a "follow-up due" mark until
    #: the owner acts (actions.snooze)
    snoozed_until: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="interaction", cascade="all, delete-orphan", order_by="Attachment.position"
    )


@event.listens_for(Interaction.owner_id, "set")
def _snooze_is_the_owners(target: Interaction, value: Any, old: Any, _initiator: Any) -> None:
    """A snooze (a follow-up) is its owner's: an interaction that gets another owner is snoozed no more."""
    if value != old and target.snoozed_until is not None:
        target.snoozed_until = None


class InteractionFingerprint(Base):
    """The content fingerprint of an inbound message (mail.fingerprint.content_fingerprint of its raw bytes):
    copies that differ only in transport headers share it. A table of its own, so that the interactions table
    (read by every desktop) does not change."""

    __tablename__ = "interaction_fingerprints"
    __table_args__ = (Index("ix_interaction_fingerprints_mailbox_fingerprint", "mailbox", "fingerprint"),)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), primary_key=True)
    mailbox: Mapped[str | None] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))


class InteractionCopy(Base):
    """Another copy of an inbound message that was not stored as an interaction of its own: byte-identical,
    differing only in transport headers, or a mailing list's copy (footer, subject tag). The bytes are kept
    unless identical."""

    __tablename__ = "interaction_copies"
    id: Mapped[int] = _id()
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    kind: Mapped[str] = mapped_column(String(20))  # identical | transport | list_copy
    mailbox: Mapped[str | None] = mapped_column(String(100))
    folder: Mapped[str | None] = mapped_column(String(500))
    imap_uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    imap_uid: Mapped[int | None] = mapped_column(BigInteger)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(Base):
    """An attachment: inbound ones are described (their bytes stay in ``raw``), outbound ones hold bytes."""

    __tablename__ = "attachments"
    id: Mapped[int] = _id()
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(500))
    content_type: Mapped[str] = mapped_column(String(200), default="application/octet-stream")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    content_id: Mapped[str | None] = mapped_column(String(500))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    warnings: Mapped[list[str]] = mapped_column(JSONType, default=list)
    interaction: Mapped[Interaction] = relationship(back_populates="attachments")


class InteractionTag(Base):
    """A tag on an interaction (``billing``, ``vip``, ``要確認``): normalised text, one row per tag. Anyone who sees
    the interaction may add or remove one; each change is in its history."""

    __tablename__ = "interaction_tags"
    __table_args__ = (
        UniqueConstraint("interaction_id", "tag", name="uq_interaction_tags_tag"),
        Index("ix_interaction_tags_team_tag", "team_id", "tag"),
    )
    id: Mapped[int] = _id()
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    tag: Mapped[str] = mapped_column(String(50))
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = _id()
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedView(Base):
    """A user's named filter of interactions (a saved view, agentdesk.actions.views): which list (scope), states,
    tag, mailbox, follow-up. Seen and changed by its owner only."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_saved_views_name"),)
    id: Mapped[int] = _id()
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Workbin(Base):
    """A personal workbin (Drafts, In Progress, My workbin) of one user, or a named team workbin."""

    __tablename__ = "workbins"
    __table_args__ = (UniqueConstraint("kind", "owner_id", "team_id", "name", name="uq_workbins_identity"),)
    id: Mapped[int] = _id()
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    retired_at: Mapped[datetime | None]


class WorkbinItem(Base):
    """An interaction's place in a workbin; an interaction sits in at most one workbin at a time."""

    __tablename__ = "workbin_items"
    id: Mapped[int] = _id()
    workbin_id: Mapped[int] = mapped_column(ForeignKey("workbins.id"), index=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), unique=True)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class TransferOffer(Base):
    """A transfer (S3): offered to an agent or a team; accepted, declined or expired."""

    __tablename__ = "transfer_offers"
    id: Mapped[int] = _id()
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    from_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    to_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending|accepted|declined|expired
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Consultation(Base):
    """An internal conversation about an interaction with a team member (S11)."""

    __tablename__ = "consultations"
    id: Mapped[int] = _id()
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    started_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    with_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(10), default="open")  # open|closed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class ConsultationMessage(Base):
    __tablename__ = "consultation_messages"
    id: Mapped[int] = _id()
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QaRound(Base):
    """One round of QA review of an outbound email (S30–S33, X1): the text submitted and the decision."""

    __tablename__ = "qa_rounds"
    __table_args__ = (UniqueConstraint("interaction_id", "round_no", name="uq_qa_rounds_round"),)
    id: Mapped[int] = _id()
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    round_no: Mapped[int] = mapped_column(Integer)
    submitted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(String(20))  # approved | rejected | edited
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_subject: Mapped[str | None] = mapped_column(Text)  # the reviewer's version, when edited
    reviewed_text: Mapped[str | None] = mapped_column(Text)


class StandardResponse(Base):
    __tablename__ = "standard_responses"
    id: Mapped[int] = _id()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(10), default="en")
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    retired_at: Mapped[datetime | None]


class DispositionCode(Base):
    __tablename__ = "disposition_codes"
    id: Mapped[int] = _id()
    code: Mapped[str] = mapped_column(String(100), unique=True)
    label: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"en": ..., "ja": ...}
    retired_at: Mapped[datetime | None]


class FromAddress(Base):
    __tablename__ = "from_addresses"
    id: Mapped[int] = _id()
    address: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    signature: Mapped[str] = mapped_column(Text, default="")
    retired_at: Mapped[datetime | None]


class History(Base):
    """Append-only record of every state change: who, when, what (the migration forbids UPDATE/DELETE)."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_actor_created", "actor_id", "created_at"),)
    id: Mapped[int] = _id()
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    event: Mapped[str] = mapped_column(String(50))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxItem(Base):
    """An outbound message handed to the sender: built once, with a fixed Message-ID, before any network call."""

    __tablename__ = "outbox"
    id: Mapped[int] = _id()
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), unique=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    mailbox: Mapped[str | None] = mapped_column(String(100))
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    envelope_from: Mapped[str] = mapped_column(String(320))
    envelope_to: Mapped[list[str]] = mapped_column(JSONType, default=list)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(20), default="queued")  # queued|sending|sent|failed|uncertain|cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(default=utcnow)  # undo window / scheduled send
    hold_if_customer_writes: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    filed_in_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    # how far the last attempt got, recorded before each step: connecting|recipients|data|end_of_data
    step: Mapped[str | None] = mapped_column(String(20))
    step_at: Mapped[datetime | None]
    uncertain_at: Mapped[datetime | None]  # when it became uncertain (the Sent folder's grace period runs from it)
    # what the mailbox's Sent folder can tell: "server" (the server files what it takes), "agentdesk" (copies
    # filed by agentdesk only), "none" (no Sent folder)
    sent_folder: Mapped[str | None] = mapped_column(String(20))
    sent_copy: Mapped[str | None] = mapped_column(String(20))  # pending|filed|server (the server filed it)
    sent_copy_error: Mapped[str | None] = mapped_column(Text)  # why a pending copy is not filed yet


class MailboxState(Base):
    """Sync position of one configured mailbox folder (IMAP UIDVALIDITY, last UID, HIGHESTMODSEQ)."""

    __tablename__ = "mailbox_state"
    __table_args__ = (UniqueConstraint("mailbox", "folder", name="uq_mailbox_state_folder"),)
    id: Mapped[int] = _id()
    mailbox: Mapped[str] = mapped_column(String(100))
    folder: Mapped[str] = mapped_column(String(500))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    highest_modseq: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ChangeLog(Base):
    """One change a desktop follows (agentdesk.desk.feed), written by triggers in the transaction of the change.

    ``kind`` is ``interaction``, ``transfer``, ``review`` or ``outbox``; ``team_id`` and ``user_id`` say whom it
    concerns; ``tx`` (PostgreSQL only) is the writing transaction's id, which lets a reader find rows committed
    out of id order. Old rows are pruned (``ChangeLogHorizon`` records how far)."""

    __tablename__ = "change_log"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 - ids never reused after pruning
    id: Mapped[int] = _id()
    tx: Mapped[int | None] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    interaction_id: Mapped[int | None] = mapped_column(BigInteger)
    team_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    state: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ChangeLogHorizon(Base):
    """How far the change log was pruned (one row, ``id`` 1): a desktop whose cursor is older reloads once."""

    __tablename__ = "change_log_horizon"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pruned_id: Mapped[int] = mapped_column(BigInteger)
    pruned_tx: Mapped[int | None] = mapped_column(BigInteger)
    pruned_at: Mapped[datetime]
