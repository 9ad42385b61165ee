"""What the outbound-email actions share: who may edit an outbound email, header checks, the From address
(S16, X5: the listed address the customer wrote to, else the default), Reply-To, creating a draft in its
workbin, and the QA status shown in case data (S31)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.parser import BytesHeaderParser
from email.utils import getaddresses

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.actions import access
from agentdesk.actions.context import Tx
from agentdesk.actions.errors import InvalidInput, InvalidState, PermissionDenied
from agentdesk.actions.queries import QA_KEY
from agentdesk.mail.addresses import AddressError, address_key, check_header_value
from agentdesk.mail.headers import header_block
from agentdesk.routing import workbins as bins
from agentdesk.routing.models import (
    CaseData,
    Direction,
    FromAddress,
    Interaction,
    Kind,
    Purpose,
    State,
    WorkbinKind,
)

#: states in which an outbound email may still be edited and sent
EDITABLE = (State.DRAFT.value, State.REJECTED.value, State.NEEDS_ATTENTION.value)
REPLIES = (Purpose.REPLY.value, Purpose.REPLY_ALL.value)
FORWARDS = (Purpose.FORWARD_INLINE.value, Purpose.FORWARD_ATTACHMENT.value)


def bad_address(exc: AddressError) -> InvalidInput:
    return InvalidInput(str(exc), field=exc.field)


def header_values(values: Iterable[str], field: str) -> list[str]:
    """``values`` stripped, empty ones left out; CR, LF or NUL refused at once (header injection)."""
    out = []
    for value in values:
        try:
            check_header_value(value, field=field)
        except AddressError as exc:
            raise bad_address(exc) from None
        if value.strip():
            out.append(value.strip())
    return out


def own_outbound(tx: Tx, outbound_id: int, what: str) -> Interaction:
    """An outbound email of the acting user (the author), row-locked."""
    outbound = tx.interaction(outbound_id)
    access.require_visible(tx, outbound)
    if outbound.direction != Direction.OUTBOUND.value or outbound.kind != Kind.EMAIL.value:
        raise InvalidInput(f"interaction {outbound.id} is not an outbound email", field="interaction")
    if outbound.owner_id != tx.actor.id:
        raise PermissionDenied(f"outbound email {outbound.id} is not {tx.actor.login}'s; only its author may {what}")
    return outbound


def require_editable(outbound: Interaction, what: str) -> None:
    if outbound.state not in EDITABLE:
        raise InvalidState(f"outbound email {outbound.id} is {outbound.state}; only a draft (or a rejected or "
                           f"stopped one) can {what}")


def listed_from(session: Session) -> dict[str, FromAddress]:
    """The From addresses in force, by lower-cased address."""
    rows = session.scalars(select(FromAddress).where(FromAddress.retired_at.is_(None)).order_by(FromAddress.id))
    return {row.address.lower(): row for row in rows}


def own_addresses(session: Session) -> set[str]:
    """Every From address ever listed (retired ones too), lower-cased."""
    return {a.lower() for a in session.scalars(select(FromAddress.address))}


def choose_from(session: Session, original: Interaction | None) -> FromAddress:
    """X5: the listed From address the customer wrote to (To, then CC), else the default one (S16)."""
    listed = listed_from(session)
    if original is not None:
        for value in [*(original.to_addrs or ()), *(original.cc_addrs or ())]:
            found = listed.get(address_key(value))
            if found is not None:
                return found
    default = next((row for row in listed.values() if row.is_default), None)
    if default is None:
        raise InvalidState("no default From address is configured: an administrator must list one "
                           "([[from_addresses]] with default = true)")
    return default


def mailbox_display(name: str | None, addr: str) -> str:
    """``Name <addr>`` (quoted where needed, Unicode kept), or the bare address."""
    if not name:
        return addr
    try:
        return str(Address(display_name=name, addr_spec=addr))
    except Exception:
        return addr


def decoded(values: Sequence[str]) -> list[str]:
    out = []
    for name, addr in getaddresses(list(values)):
        try:
            name = str(make_header(decode_header(name))) if name else ""
        except Exception:
            name = ""
        out.append(mailbox_display(name, addr.strip()))
    return out


def reply_to(raw: bytes | None) -> list[str]:
    """The Reply-To addresses of a raw message (none when it has no usable Reply-To)."""
    if not raw:
        return []
    try:
        values = BytesHeaderParser().parsebytes(header_block(raw)).get_all("reply-to") or []
        return [v for v in decoded([str(v) for v in values]) if "@" in v]
    except Exception:
        return []


def language_of(*texts: str | None, default: str | None = None) -> str:
    """``ja`` when the texts hold Japanese, else ``default`` (the agent's language) or ``en``."""
    for text in texts:
        if text and any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text):
            return "ja"
    return default or "en"


def create_outbound(tx: Tx, *, purpose: Purpose, parent: Interaction | None, case_id: int | None,
                    contact_id: int | None, team_id: int | None, mailbox: str | None, sender: FromAddress,
                    to: Sequence[str], cc: Sequence[str], subject: str, body: str,
                    in_reply_to: str | None = None, references: Sequence[str] = (),
                    instructions: str | None = None) -> Interaction:
    """A new outbound draft of the acting user, placed in Drafts (forwards: In Progress), with its history."""
    outbound = Interaction(
        direction=Direction.OUTBOUND.value, kind=Kind.EMAIL.value, state=State.DRAFT.value, purpose=purpose.value,
        owner_id=tx.actor.id, team_id=team_id, parent_id=parent.id if parent is not None else None,
        case_id=case_id, contact_id=contact_id, mailbox=mailbox, from_addr=sender.address,
        from_name=sender.display_name or None, to_addrs=list(to), cc_addrs=list(cc), bcc_addrs=[],
        subject=subject, body_text=body, in_reply_to=in_reply_to, references=list(references),
        instructions=instructions,
    )
    tx.session.add(outbound)
    tx.session.flush()
    kind = WorkbinKind.IN_PROGRESS if purpose.value in FORWARDS else WorkbinKind.DRAFTS
    workbin = bins.personal_workbin(tx.session, tx.actor, kind)
    bins.place(tx.session, outbound.id, workbin, tx.actor)
    tx.record("draft_created", outbound, purpose=purpose.value, parent_id=outbound.parent_id,
              from_addr=sender.address, workbin=workbin.name)
    return outbound


def set_qa(tx: Tx, interaction: Interaction, value: str) -> None:
    """Show the QA review status in the case data (S31): the reserved ``QA`` key."""
    if interaction.case_id is None:
        return
    row = tx.session.scalar(select(CaseData).where(CaseData.case_id == interaction.case_id, CaseData.key == QA_KEY))
    if row is None:
        tx.session.add(CaseData(case_id=interaction.case_id, team_id=interaction.team_id, key=QA_KEY, value=value))
    else:
        row.value = value
