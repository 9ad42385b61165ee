"""The views: the frozen dataclasses the read side hands out, at the bottom of the layers.

``actions`` builds them from the routing database, ``cache`` builds the same ones from the local copy, and
``desk``, the GUI and the CLI show them. They import nothing of agentdesk, so every layer may use them (see
docs/layers.md); ``agentdesk.actions.queries`` and ``agentdesk.actions.reading`` re-export them under their
old names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: the case data key that holds the QA review status (S31); nobody edits it by hand
QA_KEY = "QA"


def like_pattern(text: str) -> str:
    """A case-insensitive LIKE pattern that matches ``text`` literally anywhere (escape character ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class CaseDataItem:
    key: str
    value: str
    read_only: bool


@dataclass(frozen=True)
class NoteView:
    id: int
    author_login: str
    author_name: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class AttachmentView:
    id: int
    filename: str
    content_type: str
    size: int
    content_id: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class InteractionSummary:
    id: int
    direction: str
    kind: str
    state: str
    purpose: str | None
    subject: str
    from_addr: str | None
    from_name: str | None
    contact_id: int | None
    contact_name: str | None
    owner_login: str | None
    team: str | None
    case_id: int | None
    received_at: datetime | None
    created_at: datetime
    updated_at: datetime
    workbin: str | None
    has_attachments: bool
    version: int
    duplicate_message_id: bool = False  # another message with different content uses its Message-ID
    tags: tuple[str, ...] = ()  # alphabetical (actions.tags)
    snoozed_until: datetime | None = None  # in the future: snoozed; past: "follow-up due" (actions.snooze)


@dataclass(frozen=True)
class InteractionDetail:
    summary: InteractionSummary
    to: tuple[str, ...]
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    message_id: str | None
    in_reply_to: str | None
    body_text: str
    body_html: str | None
    instructions: str | None
    disposition: str | None
    parent_id: int | None
    case_data: tuple[CaseDataItem, ...]
    notes: tuple[NoteView, ...]
    attachments: tuple[AttachmentView, ...]
    qa_status: str | None
    qa_note: str | None
    outbox_state: str | None
    last_error: str | None
    flags: tuple[str, ...] = ()  # what ingest noted (duplicate_message_id, …)

    # The summary's most used fields, read straight off the detail.
    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def subject(self) -> str:
        return self.summary.subject

    @property
    def state(self) -> str:
        return self.summary.state

    @property
    def from_addr(self) -> str | None:
        return self.summary.from_addr

    @property
    def from_name(self) -> str | None:
        return self.summary.from_name

    @property
    def received_at(self) -> datetime | None:
        return self.summary.received_at

    @property
    def created_at(self) -> datetime:
        return self.summary.created_at

    @property
    def to_addrs(self) -> tuple[str, ...]:
        return self.to

    @property
    def cc_addrs(self) -> tuple[str, ...]:
        return self.cc


@dataclass(frozen=True)
class ContactView:
    id: int
    name: str
    company: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]


@dataclass(frozen=True)
class MemberView:
    login: str
    name: str
    email: str
    role: str
    team: str | None
    presence: str


@dataclass(frozen=True)
class LinkWarning:
    text: str
    href: str
    text_host: str
    href_host: str


@dataclass(frozen=True)
class MessageView:
    """What the email view shows of a message body."""

    interaction_id: int
    html: str
    is_html: bool
    remote_blocked: int
    remote_allowed: bool
    suspicious_links: tuple[LinkWarning, ...]
    sender: str | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class AttachmentData:
    id: int
    filename: str
    content_type: str
    data: bytes
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ForwardOptions:
    inline: bool
    attachment: bool
    from_history: bool


@dataclass(frozen=True)
class FromChoice:
    address: str
    display_name: str
    is_default: bool
