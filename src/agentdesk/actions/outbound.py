"""Outbound email: reply and reply all (S1, S2), a new email (S14), and sending (S15, S23, S30, X2, X3).

A reply or a new email is an outbound interaction in state ``draft`` in its author's Drafts workbin; forwards
(``agentdesk.actions.forward``) sit in In Progress. :func:`send` checks the addresses and the From, runs the
pre-send checks (:func:`precheck`, X3; each must be confirmed by its code to go ahead), stops a reply that went
stale (X2: the draft becomes ``needs_attention``), then either submits it for QA review (S30) or builds it
and hands it to the outbox. The From address is chosen automatically (S16, X5): the listed address the
customer wrote to, else the administrator's default.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.actions import access, templates
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import (
    ActionError,
    Conflict,
    InvalidInput,
    InvalidState,
    NotFound,
    PermissionDenied,
    UnfilledFields,
    require_no_nul,
)
from agentdesk.actions.outbound_common import (
    FORWARDS,
    REPLIES,
    bad_address,
    choose_from,
    create_outbound,
    decoded,
    header_values,
    language_of,
    listed_from,
    mailbox_display,
    own_addresses,
    own_outbound,
    reply_to,
    require_editable,
    set_qa,
)
from agentdesk.mail import compose
from agentdesk.mail.addresses import (
    AddressError,
    address_key,
    check_address,
    check_addresses,
    check_header_value,
    wire_address,
)
from agentdesk.mail.render import split_blocks
from agentdesk.routing import outbox
from agentdesk.routing import workbins as bins
from agentdesk.routing.models import (
    Case,
    Contact,
    ContactEmail,
    Direction,
    Interaction,
    Kind,
    Note,
    OutboxItem,
    Purpose,
    QaRound,
    State,
)

#: the pre-send checks (X3), and the confirmation that sends a reply despite a collision (X2)
CHECKS = ("empty_body", "unfilled_field", "attachment_missing", "internal_note", "own_address", "wrong_contact")
COLLISION = "collision"
_ATTACH_WORDS = re.compile(r"attach|enclos|添付|同封", re.IGNORECASE)
_MIN_NOTE = 6


@dataclass(frozen=True)
class SendWarning:
    """One pre-send check that failed (X3): ``code`` is one of :data:`CHECKS`."""

    code: str
    message: str


class PrecheckFailed(ActionError):
    """Sending stopped by pre-send checks; send again with each code confirmed to go ahead."""

    code = "precheck"

    def __init__(self, warnings: Sequence[SendWarning]) -> None:
        listed = "; ".join(f"[{w.code}] {w.message}" for w in warnings)
        super().__init__(f"not sent, please check: {listed} (confirm each code to send anyway)")
        self.warnings = tuple(warnings)


# -- reply, reply all, new email ------------------------------------------------------------------------------

def reply(ctx: ActionContext, interaction_id: int, *, reply_all: bool = False, text: str | None = None,
          response: str | None = None, fields: Mapping[str, str] | None = None) -> int:
    """Start a reply (or reply all) to an inbound email I hold: a draft in my Drafts; returns its id.

    The body is my ``text`` (or the standard response ``response``, filled; ``fields`` supplies values for
    fields it cannot fill) above the quoted original.
    """
    if text is not None and response is not None:
        raise InvalidInput("give the reply's own text or a standard response, not both", field="response")
    require_no_nul(text, "text", "reply's text")
    with ctx.tx() as tx:
        inbound = tx.interaction(interaction_id)
        access.require_worker(tx, inbound, "reply to it")
        if inbound.direction != Direction.INBOUND.value or inbound.kind != Kind.EMAIL.value:
            raise InvalidInput(f"interaction {inbound.id} is not an inbound email; only inbound email is replied to",
                               field="interaction")
        if inbound.state != State.ASSIGNED.value:
            raise InvalidState(f"interaction {inbound.id} is {inbound.state}; only an assigned (active) email "
                               "can be replied to")
        sender_addr = inbound.from_addr or ""
        senders = reply_to(inbound.raw) or ([mailbox_display(inbound.from_name, sender_addr)] if sender_addr else [])
        if not senders:
            raise InvalidState(f"interaction {inbound.id} has no sender address to reply to")
        if reply_all:
            to, cc = compose.reply_all_recipients(sender=", ".join(senders), to=inbound.to_addrs or (),
                                                  cc=inbound.cc_addrs or (), own_addresses=own_addresses(tx.session))
            to, cc = decoded(to), decoded(cc)
        else:
            to, cc = senders, []
        language = language_of(inbound.subject, inbound.body_text, default=tx.actor.language)
        intro = text or ""
        if response is not None:
            found = templates.response_for(tx.session, response)
            filled = templates.filled(tx, found, inbound, fields)
            if filled.unfilled:
                raise UnfilledFields(list(filled.unfilled))
            intro, language = filled.body, found.language or language
        sender = choose_from(tx.session, inbound)
        if sender.signature and sender.signature.strip():
            intro = f"{intro.rstrip()}\n\n-- \n{sender.signature.strip()}"
        quote = compose.quote_text(inbound.body_text or "", date=inbound.received_at or inbound.created_at,
                                   sender=inbound.from_name or sender_addr, language=language)
        body = f"{intro.rstrip()}\n\n{quote}" if intro.strip() else f"\n\n{quote}"
        outbound = create_outbound(
            tx, purpose=Purpose.REPLY_ALL if reply_all else Purpose.REPLY, parent=inbound, case_id=inbound.case_id,
            contact_id=inbound.contact_id, team_id=inbound.team_id, mailbox=inbound.mailbox, sender=sender, to=to,
            cc=cc, subject=compose.reply_subject(inbound.subject or ""), body=body,
            in_reply_to=inbound.message_id,
            references=compose.references_for_reply(inbound.message_id, inbound.references or ()),
        )
        tx.record("reply_started", inbound, outbound_id=outbound.id, reply_all=reply_all, response=response)
        return outbound.id


def _team_mailbox(session: Session, team_id: int | None) -> str | None:
    """The mailbox the team's mail last came in through (a new email goes out the same way)."""
    if team_id is None:
        return None
    return session.scalar(select(Interaction.mailbox).where(
        Interaction.team_id == team_id, Interaction.direction == Direction.INBOUND.value,
        Interaction.mailbox.is_not(None)).order_by(Interaction.id.desc()).limit(1))


def new_email(ctx: ActionContext, *, contact_id: int | None = None, to: Sequence[str], cc: Sequence[str] = (),
              subject: str = "", text: str = "") -> int:
    """A new email (S14) in a new case, to a contact from the directory or to typed addresses; a draft in my
    Drafts. Without ``contact_id`` the contact is found by the first To address, where known."""
    to_list, cc_list = header_values(to, "To"), header_values(cc, "CC")
    header_values([subject], "Subject")
    require_no_nul(text, "text", "email's text")
    with ctx.tx() as tx:
        contact = None
        if contact_id is not None:
            contact = tx.session.scalar(select(Contact).where(Contact.id == contact_id,
                                                              access.contact_visible_clause(tx.actor)))
            if contact is None or contact.retired_at is not None:
                raise NotFound(f"there is no contact {contact_id} in {tx.actor.login}'s directory")
            if not to_list:
                first = tx.session.scalar(select(ContactEmail.address).where(ContactEmail.contact_id == contact.id)
                                          .order_by(ContactEmail.position, ContactEmail.id).limit(1))
                to_list = [first] if first else []
        elif to_list:
            contact = tx.session.scalar(
                select(Contact).join(ContactEmail, ContactEmail.contact_id == Contact.id)
                .where(ContactEmail.address == address_key(to_list[0]), Contact.retired_at.is_(None),
                       access.contact_visible_clause(tx.actor)).order_by(Contact.id).limit(1))
        case = Case(team_id=tx.actor.team_id, contact_id=contact.id if contact else None, subject=subject.strip())
        tx.session.add(case)
        tx.session.flush()
        outbound = create_outbound(
            tx, purpose=Purpose.NEW, parent=None, case_id=case.id, contact_id=case.contact_id,
            team_id=tx.actor.team_id, mailbox=_team_mailbox(tx.session, tx.actor.team_id),
            sender=choose_from(tx.session, None), to=to_list, cc=cc_list, subject=subject.strip(), body=text,
        )
        return outbound.id


# -- pre-send checks (X3) and collisions (X2) -----------------------------------------------------------------

def _unquoted(outbound: Interaction) -> str:
    """What the agent wrote: the text above a forwarded block, without quoted lines."""
    if outbound.purpose in FORWARDS:
        return outbound.instructions or ""
    return "\n".join(line for line in (outbound.body_text or "").splitlines() if not line.startswith(">"))


def _squash(text: str) -> str:
    return " ".join(text.split())


def is_empty(outbound: Interaction) -> bool:
    """Nothing of the agent's own: no attachment, and no text but a quoted original, its attribution line and
    a signature (a forward always carries the forwarded email)."""
    if outbound.purpose in FORWARDS or outbound.attachments:
        return False
    return not any(b.kind == "body" and b.text.strip() for b in split_blocks(outbound.body_text or ""))


def warnings_for(session: Session, outbound: Interaction) -> list[SendWarning]:
    out: list[SendWarning] = []
    if is_empty(outbound):
        what = "reply" if outbound.purpose in REPLIES else "email"
        out.append(SendWarning("empty_body", f"the {what} is empty: it holds no text of your own "
                                             "(only a quote or a signature, if anything) and no attachment"))
    unfilled = [m.group(0) for m in templates.CODE.finditer(f"{outbound.subject}\n{outbound.body_text}")]
    if unfilled:
        out.append(SendWarning("unfilled_field", "template fields are left unfilled: " + ", ".join(unfilled)))
    own_text = _unquoted(outbound)
    if (_ATTACH_WORDS.search(own_text) and not outbound.attachments
            and outbound.purpose != Purpose.FORWARD_ATTACHMENT.value):
        out.append(SendWarning("attachment_missing", "the text mentions an attachment, but nothing is attached"))
    ids = [i for i in (outbound.id, outbound.parent_id) if i is not None]
    squashed = _squash(own_text)
    for body in session.scalars(select(Note.body).where(Note.interaction_id.in_(ids)).order_by(Note.id)):
        note = _squash(body)
        if len(note) >= _MIN_NOTE and note in squashed:
            out.append(SendWarning("internal_note", f"the text contains an internal note: {note[:60]!r}"))
            break
    own = own_addresses(session)
    mine = [a for a in [*(outbound.to_addrs or ()), *(outbound.cc_addrs or ())] if address_key(a) in own]
    if mine:
        out.append(SendWarning("own_address", "an own From address is a recipient: " + ", ".join(mine)))
    if outbound.purpose in REPLIES and outbound.to_addrs:
        known = set()
        if outbound.contact_id is not None:
            known |= set(session.scalars(select(ContactEmail.address)
                                         .where(ContactEmail.contact_id == outbound.contact_id)))
        parent = session.get(Interaction, outbound.parent_id) if outbound.parent_id is not None else None
        if parent is not None:
            known |= {address_key(a) for a in [parent.from_addr or "", *reply_to(parent.raw)] if a}
        if not any(address_key(a) in known for a in outbound.to_addrs):
            out.append(SendWarning("wrong_contact", "none of the To addresses belongs to the contact this replies "
                                                    "to: " + ", ".join(outbound.to_addrs)))
    return out


def precheck(ctx: ActionContext, outbound_id: int) -> list[SendWarning]:
    """The pre-send checks of an outbound email (X3), for its author or a lead of its team."""
    with ctx.read() as tx:
        outbound = tx.interaction(outbound_id, lock=False)
        access.require_visible(tx, outbound)
        if outbound.owner_id != tx.actor.id and not access.leads_team(tx.actor, outbound.team_id):
            raise PermissionDenied(f"only the author of outbound email {outbound.id} or a lead of its team may "
                                   "check it")
        return warnings_for(tx.session, outbound)


def collision(session: Session, outbound: Interaction) -> str | None:
    """Why a reply went stale (X2): the customer wrote again in the case, or another reply went out."""
    if outbound.purpose not in REPLIES:
        return None
    if outbound.case_id is not None:
        stmt = select(Interaction.id).where(
            Interaction.case_id == outbound.case_id, Interaction.direction == Direction.INBOUND.value,
            Interaction.id > outbound.id, Interaction.parent_id.is_(None))
        if outbound.contact_id is not None:
            stmt = stmt.where(Interaction.contact_id == outbound.contact_id)
        newer = session.scalar(stmt.order_by(Interaction.id).limit(1))
        if newer is not None:
            return (f"the customer wrote again in case {outbound.case_id} (interaction {newer}) after this "
                    "reply was started")
    if outbound.parent_id is not None:
        other = session.scalar(select(Interaction.id).where(
            Interaction.parent_id == outbound.parent_id, Interaction.id != outbound.id,
            Interaction.direction == Direction.OUTBOUND.value, Interaction.purpose.in_(REPLIES),
            Interaction.state.in_((State.REVIEW.value, State.OUTBOX.value, State.SENT.value))).limit(1))
        if other is not None:
            return f"another reply to interaction {outbound.parent_id} (interaction {other}) was sent meanwhile"
    return None


# -- sending --------------------------------------------------------------------------------------------------

def _check_sendable(session: Session, outbound: Interaction) -> None:
    try:
        sender = check_address(outbound.from_addr or "", field="From")
        check_addresses(outbound.to_addrs or (), field="To")
        check_addresses(outbound.cc_addrs or (), field="CC")
        check_addresses(outbound.bcc_addrs or (), field="BCC")
        check_header_value(outbound.subject or "", field="Subject")
        if outbound.from_name:
            check_header_value(outbound.from_name, field="From")
    except AddressError as exc:
        raise bad_address(exc) from None
    if not outbound.to_addrs:
        raise InvalidInput(f"outbound email {outbound.id} has no To address", field="To")
    listed = listed_from(session)
    if sender.lower() not in listed:
        raise InvalidInput(f"From: {sender} is not a listed From address; use one of: {', '.join(listed)}",
                           field="From")


def _needs_review(tx: Tx, outbound: Interaction) -> bool:
    """S33, X1: a resubmission always; else the agent's team or login is named, or the sample picks it."""
    if tx.session.scalar(select(func.count()).select_from(QaRound).where(QaRound.interaction_id == outbound.id)):
        return True
    rule = tx.options.qa_review
    if tx.actor.login in rule.agents:
        return True
    if tx.actor.team_id is not None and access.team_name(tx.session, tx.actor.team_id) in rule.teams:
        return True
    if rule.sample_percent > 0:
        digest = hashlib.sha256(f"agentdesk-qa-sample:{outbound.id}".encode()).digest()
        return int.from_bytes(digest[:4], "big") % 100 < rule.sample_percent
    return False


def _submit(tx: Tx, outbound: Interaction) -> int:
    last = tx.session.scalar(select(func.max(QaRound.round_no)).where(QaRound.interaction_id == outbound.id))
    round_no = int(last or 0) + 1
    tx.session.add(QaRound(interaction_id=outbound.id, team_id=outbound.team_id, round_no=round_no,
                           submitted_by=tx.actor.id, subject=outbound.subject or "", body_text=outbound.body_text or "",
                           body_html=outbound.body_html))
    outbound.state = State.REVIEW.value
    set_qa(tx, outbound, "pending")
    tx.record("submitted_for_review", outbound, round_no=round_no)
    return round_no


def dispatch(tx: Tx, outbound: Interaction) -> OutboxItem:
    """Build ``outbound`` (a fresh Message-ID on its From's domain) and hand it to the outbox."""
    session = tx.session
    forward_raw = None
    if outbound.purpose == Purpose.FORWARD_ATTACHMENT.value:
        parent = session.get(Interaction, outbound.parent_id) if outbound.parent_id is not None else None
        forward_raw = parent.raw if parent is not None else None
        if forward_raw is None and parent is not None:
            forward_raw = session.scalar(select(OutboxItem.raw).where(OutboxItem.interaction_id == parent.id))
        if forward_raw is None:
            raise InvalidState(f"the forwarded interaction {outbound.parent_id} has no stored message to attach")
    try:
        sender = check_address(outbound.from_addr or "", field="From")
        message = compose.Outgoing(
            from_addr=sender, from_name=outbound.from_name or None, to=tuple(outbound.to_addrs or ()),
            cc=tuple(outbound.cc_addrs or ()), bcc=tuple(outbound.bcc_addrs or ()), subject=outbound.subject or "",
            text=outbound.body_text or "", html=outbound.body_html, message_id=compose.make_message_id(sender),
            in_reply_to=outbound.in_reply_to, references=tuple(outbound.references or ()),
            attachments=tuple(compose.OutgoingAttachment(a.filename, a.content_type, a.data or b"")
                              for a in outbound.attachments),
            forward_raw=forward_raw, iso2022jp=tx.options.iso2022jp_for_japanese,
        )
        raw = compose.build(message)
        recipients = compose.envelope_recipients(message)
    except AddressError as exc:
        raise bad_address(exc) from None
    except compose.ComposeError as exc:
        raise InvalidInput(f"outbound email {outbound.id} cannot be built: {exc}", field="message") from None
    assert message.message_id is not None
    try:
        item = outbox.enqueue(session, outbound, raw=raw, message_id=message.message_id,
                              envelope_from=wire_address(sender), envelope_to=recipients,
                              mailbox=outbound.mailbox, hold_if_customer_writes=outbound.purpose in REPLIES)
    except outbox.OutboxRefused as exc:
        raise InvalidState(exc.message) from None
    tx.record("queued_to_outbox", outbound, message_id=item.message_id, recipients=len(recipients),
              not_before=item.not_before.isoformat())
    return item


def send_in(tx: Tx, outbound_id: int, confirm_checks: Iterable[str], *, forward: bool) -> tuple[str, str | None]:
    """The send, inside the caller's transaction: (new state, collision reason or None)."""
    confirmed = set(confirm_checks)
    unknown = confirmed - {*CHECKS, COLLISION}
    if unknown:
        raise InvalidInput(f"unknown check(s) to confirm: {', '.join(sorted(unknown))}; the checks are "
                           f"{', '.join((*CHECKS, COLLISION))}", field="confirm_checks")
    outbound = own_outbound(tx, outbound_id, "complete it" if forward else "send it")
    if forward and outbound.purpose not in FORWARDS:
        raise InvalidInput(f"interaction {outbound.id} is not a forward; send it instead", field="interaction")
    require_editable(outbound, "be sent")
    _check_sendable(tx.session, outbound)
    pending = [w for w in warnings_for(tx.session, outbound) if w.code not in confirmed]
    if pending:
        raise PrecheckFailed(pending)
    if COLLISION not in confirmed:
        why = collision(tx.session, outbound)
        if why is not None:
            before = outbound.state
            outbound.state = State.NEEDS_ATTENTION.value
            tx.record("send_stopped", outbound, reason=why, state_before=before)
            return outbound.state, why
    if _needs_review(tx, outbound):
        _submit(tx, outbound)
    else:
        dispatch(tx, outbound)
    if outbound.purpose not in FORWARDS:
        bins.remove(tx.session, outbound.id)
    return outbound.state, None


def send(ctx: ActionContext, outbound_id: int, *, confirm_checks: Iterable[str] = ()) -> str:
    """Send my outbound email (S15): to QA review where the rules say so (returns ``"review"``), else to the
    outbox (``"outbox"``). :class:`PrecheckFailed` lists unconfirmed checks; a stale reply is refused with
    :class:`Conflict` and becomes ``needs_attention`` (confirm ``"collision"`` to send it anyway)."""
    with ctx.tx() as tx:
        state, why = send_in(tx, outbound_id, confirm_checks, forward=False)
    if why is not None:
        raise Conflict(f"outbound email {outbound_id} was not sent: {why}; it needs attention (read the new "
                       f"message, then send again confirming {COLLISION!r})")
    return state
