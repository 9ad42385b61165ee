"""Forward to an external resource (S4, S12, S13, S18–S29, X9): inline, or with the original attached.

A forward is a new outbound interaction (purpose ``forward_inline`` / ``forward_attachment``) holding the
agent's instructions (S22), parked in the agent's In Progress workbin (S24) while the original stays with the
agent. Only the active interaction I hold can be forwarded (S19), or — where ``forward_from_history`` is on —
an ended one of mine or my team's (S26, S28). :func:`complete_forward` sends it (S23); it stays in In
Progress until the agent marks it done (X9).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import Conflict, InvalidInput, InvalidState, PermissionDenied, require_no_nul
from agentdesk.actions.outbound import send_in
from agentdesk.actions.outbound_common import (
    bad_address,
    choose_from,
    create_outbound,
    language_of,
    mailbox_display,
)
from agentdesk.mail import compose
from agentdesk.mail.addresses import AddressError, check_addresses
from agentdesk.routing.models import Attachment, Direction, Interaction, Kind, Purpose, State

MODES = ("inline", "attachment")
MAX_INSTRUCTIONS = 20_000


def _original_parts(raw: bytes | None) -> list[tuple[str, str, bytes]]:
    """The original's attachments (file name, type, bytes), for an inline forward to carry along."""
    if not raw:
        return []
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        if not isinstance(message, EmailMessage):
            return []
        out = []
        for part in message.iter_attachments():
            data = part.get_payload(decode=True)
            filename = part.get_filename()
            if isinstance(data, bytes) and filename and "\r" not in filename and "\n" not in filename:
                out.append((filename, part.get_content_type(), data))
        return out
    except Exception:
        return []


def _forwardable(original: Interaction, actor_id: int, from_history: bool) -> None:
    if original.kind != Kind.EMAIL.value:
        raise InvalidInput(f"interaction {original.id} is a {original.kind} record, not an email", field="interaction")
    if original.state == State.DONE.value:
        if not from_history:
            raise InvalidState(f"interaction {original.id} has ended; only the active interaction can be forwarded "
                               "(the center does not allow forwarding from history: option forward_from_history)")
        return
    if original.state != State.ASSIGNED.value or original.direction != Direction.INBOUND.value:
        raise InvalidState(f"interaction {original.id} is {original.state}; only the active email I hold (or an "
                           "ended one from history, where the center allows it) can be forwarded")
    if original.owner_id != actor_id:
        raise PermissionDenied(f"interaction {original.id} is not mine; only its owner may forward it")


def forward(ctx: ActionContext, interaction_id: int, *, mode: str, to: Sequence[str], cc: Sequence[str] = (),
            instructions: str = "") -> int:
    """Forward an interaction to an external resource; returns the new forward's id (a draft in In Progress).

    ``inline``: instructions, a header block (date, from, to, subject) and the quoted original, with the
    original's attachments. ``attachment``: the instructions, and the original's raw bytes attached untouched
    (message/rfc822) when it is sent.
    """
    if mode not in MODES:
        raise InvalidInput(f"forward mode {mode!r} is not one of: {', '.join(MODES)}", field="mode")
    try:
        to_list = check_addresses(to, field="To")
        cc_list = check_addresses(cc, field="CC")
    except AddressError as exc:
        raise bad_address(exc) from None
    if not to_list:
        raise InvalidInput("a forward needs at least one To address", field="To")
    instructions = (instructions or "").strip()
    require_no_nul(instructions, "instructions", "forward's instructions")
    if len(instructions) > MAX_INSTRUCTIONS:
        raise InvalidInput(f"forward instructions may hold at most {MAX_INSTRUCTIONS} characters", field="instructions")
    with ctx.tx() as tx:
        options = tx.options
        if not (options.forward_inline_allowed if mode == "inline" else options.forward_attachment_allowed):
            what = "inline" if mode == "inline" else "as an attachment"
            raise PermissionDenied(f"this contact center does not allow forwarding {what} "
                                   f"(option forward = {options.forward!r})")
        original = tx.interaction(interaction_id)
        access.require_visible(tx, original)
        _forwardable(original, tx.actor.id, options.forward_from_history)
        language = language_of(original.subject, original.body_text, default=tx.actor.language)
        if mode == "inline":
            header = compose.forward_header_block(
                date=original.received_at or original.created_at,
                from_=mailbox_display(original.from_name, original.from_addr or ""),
                to=list(original.to_addrs or ()), cc=list(original.cc_addrs or ()), subject=original.subject or "",
                language=language)
            quoted = compose.quote_text(original.body_text or "", date=None, sender="", language="en")
            quoted = quoted.split("\n", 1)[1]
            body = (f"{instructions}\n\n" if instructions else "") + f"{header}\n{quoted}"
        else:
            if original.raw is None and original.direction == Direction.INBOUND.value:
                raise InvalidState(f"interaction {original.id} has no stored message to attach; forward it inline")
            body = instructions
        outbound = create_outbound(
            tx, purpose=Purpose.FORWARD_INLINE if mode == "inline" else Purpose.FORWARD_ATTACHMENT, parent=original,
            case_id=original.case_id, contact_id=original.contact_id, team_id=original.team_id,
            mailbox=original.mailbox, sender=choose_from(tx.session, original), to=to_list, cc=cc_list,
            subject=compose.forward_subject(original.subject or ""), body=body, instructions=instructions,
        )
        if mode == "inline":
            for position, (filename, content_type, data) in enumerate(_original_parts(original.raw)):
                outbound.attachments.append(Attachment(position=position, filename=filename,
                                                       content_type=content_type, size=len(data), data=data))
        tx.record("forwarded", original, forward_id=outbound.id, mode=mode, to=to_list, cc=cc_list,
                  from_history=original.state == State.DONE.value)
        return outbound.id


def complete_forward(ctx: ActionContext, forward_id: int, *, confirm_checks: Iterable[str] = ()) -> str:
    """Send a forward (S23): to QA review where it applies, else to the outbox; it stays in In Progress."""
    with ctx.tx() as tx:
        state, why = send_in(tx, forward_id, confirm_checks, forward=True)
    if why is not None:  # forwards never collide; kept for symmetry with send
        raise Conflict(f"forward {forward_id} was not sent: {why}")
    return state
