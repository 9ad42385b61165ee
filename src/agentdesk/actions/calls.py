"""Call the contact (S10): a ``tel:`` URI for the contact's number, and a call record to take notes on.

agentdesk dials nothing itself: the desktop hands the ``tel:`` URI (RFC 3966) to whatever telephony the
workstation has. The call record is an interaction of kind ``call`` (outbound, assigned to the caller, in
the same case and with the same contact as the email it was started from), so notes, a disposition and mark
done work on it as on an email.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput, InvalidState
from agentdesk.actions.queries import visible_contact
from agentdesk.routing.models import ContactPhone, Direction, Interaction, Kind, State
from agentdesk.routing.types import utcnow

#: visual separators RFC 3966 allows in a written number and drops from the URI
_SEPARATORS = re.compile(r"[\s\-.()/\u00a0\u2010-\u2015\u30fc\uff0d]")
_EXTENSION = re.compile(r"\s*(?:;\s*ext\s*=|ext\.?|extension|x|#)\s*(\d+)\s*$", re.IGNORECASE)
_FULLWIDTH = str.maketrans("０１２３４５６７８９＋", "0123456789+")


@dataclass(frozen=True)
class CallResult:
    tel_uri: str
    call_interaction_id: int


def tel_uri(number: str) -> str:
    """``+81 3-1234-5678`` → ``tel:+81312345678`` (RFC 3966: digits and a leading +; ``x12`` → ``;ext=12``)."""
    written = (number or "").translate(_FULLWIDTH).strip()
    if not written:
        raise InvalidInput("the phone number is empty", field="phone")
    extension = ""
    match = _EXTENSION.search(written)
    if match:
        extension = f";ext={match.group(1)}"
        written = written[:match.start()]
    compact = _SEPARATORS.sub("", written)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isdigit() or not digits.isascii():
        raise InvalidInput(f"the phone number {number!r} holds something other than digits, +, and separators",
                           field="phone")
    if len(digits) < 3 or len(digits) > 15 + (0 if plus else 2):
        raise InvalidInput(f"the phone number {number!r} has {len(digits)} digits; that is not a phone number",
                           field="phone")
    return f"tel:{'+' if plus else ''}{digits}{extension}"


def call_contact(ctx: ActionContext, interaction_id: int | None = None, contact_id: int | None = None,
                 phone: str | None = None) -> CallResult:
    """Start a call: from an interaction (its contact), a contact of the directory, or a number typed in.

    ``phone`` picks the number (any number may be typed); without it the contact's first number is used.
    """
    if interaction_id is None and contact_id is None and not (phone or "").strip():
        raise InvalidInput("nothing to call: give an interaction, a contact or a phone number")
    with ctx.tx() as tx:
        session = tx.session
        source: Interaction | None = None
        if interaction_id is not None:
            source = access.visible_interaction(tx, interaction_id)
            if contact_id is not None and source.contact_id not in (None, contact_id):
                raise InvalidInput(f"contact {contact_id} is not the contact of interaction {source.id}",
                                   field="contact_id")
            contact_id = contact_id or source.contact_id
            if contact_id is None and not (phone or "").strip():
                raise InvalidState(f"interaction {source.id} has no contact, so there is no number to call; "
                                   "type one in")
        contact = visible_contact(tx, contact_id) if contact_id is not None else None
        number = (phone or "").strip()
        if not number:
            assert contact is not None
            number = session.scalar(select(ContactPhone.number).where(ContactPhone.contact_id == contact.id)
                                    .order_by(ContactPhone.position, ContactPhone.id).limit(1)) or ""
            if not number:
                raise InvalidState(f"{contact.name} (contact {contact.id}) has no phone number in the directory")
        uri = tel_uri(number)
        now = utcnow()
        who = contact.name if contact is not None else number
        call = Interaction(
            direction=Direction.OUTBOUND.value, kind=Kind.CALL.value, state=State.ASSIGNED.value,
            owner_id=tx.actor.id, team_id=source.team_id if source is not None else tx.actor.team_id,
            parent_id=source.id if source is not None else None,
            case_id=source.case_id if source is not None else None,
            contact_id=contact.id if contact is not None else None, phone=number, subject=f"Call: {who}",
            created_at=now, updated_at=now, assigned_at=now,
        )
        session.add(call)
        session.flush()
        tx.record("call_started", call, tel_uri=uri, phone=number, parent_id=call.parent_id)
        return CallResult(uri, call.id)
