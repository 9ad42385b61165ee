"""Reading an interaction: its message as the agent sees it, and its attachments' bytes; the choices the
outbound window offers.

``read_message`` renders the stored raw message (sanitised HTML that loads nothing remote unless asked, ``cid:``
images inline, links showing their real target, deceptive links flagged); an outbound email or a call record,
which have no raw message, are shown from their text. ``attachment_data`` gives one attachment's bytes with its
warnings. ``from_addresses``, ``forward_options`` and ``address_problems`` serve the outbound window.
(Who else has an interaction open, X2, is :mod:`agentdesk.actions.presence`.)
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidState, NotFound
from agentdesk.mail.addresses import AddressError, check_address
from agentdesk.mail.parse import AttachmentNotFound, attachment_bytes
from agentdesk.mail.render import render_message, split_blocks
from agentdesk.routing.models import Attachment, Direction, FromAddress
from agentdesk.routing.options import Options


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


def text_html(text: str) -> str:
    """Plain text as the email view shows it: body, quotes and signature as their own blocks, escaped."""
    out = ['<div class="agentdesk-text" style="white-space: pre-wrap">']
    for block in split_blocks(text):
        escaped = html_lib.escape(block.text, quote=False)
        if block.kind == "quote":
            out.append(f'<blockquote class="agentdesk-quote">{escaped}</blockquote>')
        elif block.kind == "signature":
            out.append(f'<div class="agentdesk-signature">{escaped}</div>')
        else:
            out.append(f'<div class="agentdesk-body">{escaped}</div>')
    out.append("</div>")
    return "".join(out)


def read_message(ctx: ActionContext, interaction_id: int, *, allow_remote: bool = False) -> MessageView:
    """The body of an interaction, rendered safely; remote images stay blocked unless ``allow_remote``."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        raw = interaction.raw if interaction.direction == Direction.INBOUND.value else None
        text = interaction.body_text or ""
        sender = interaction.from_addr
        noted = tuple(f for f in (interaction.parse_flags or ()) if f == "duplicate_message_id")
    if raw is None:
        return MessageView(interaction_id, text_html(text), False, 0, allow_remote, (), sender, ())
    rendered = render_message(raw, allow_remote=allow_remote)
    links = tuple(LinkWarning(s.text, s.href, s.text_host, s.href_host) for s in rendered.suspicious_links)
    is_html = 'class="agentdesk-text"' not in rendered.html[:60]
    return MessageView(interaction_id, rendered.html, is_html, rendered.remote_blocked, allow_remote, links, sender,
                       rendered.flags + noted)


def attachment_data(ctx: ActionContext, interaction_id: int, attachment_id: int) -> AttachmentData:
    """One attachment's bytes (an inbound message's are cut from its raw bytes) and its warnings."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        row = tx.session.get(Attachment, attachment_id)
        if row is None or row.interaction_id != interaction.id:
            raise NotFound(f"interaction {interaction.id} has no attachment {attachment_id}")
        data = row.data
        if data is None:
            if interaction.raw is None:
                raise InvalidState(f"attachment {attachment_id} of interaction {interaction.id} has no stored content")
            try:
                data = attachment_bytes(interaction.raw, int(row.position))
            except AttachmentNotFound as exc:
                raise NotFound(str(exc)) from None
        return AttachmentData(row.id, row.filename, row.content_type, bytes(data), tuple(row.warnings or ()))


def forward_options(ctx: ActionContext) -> ForwardOptions:
    """How this contact center lets agents forward (S26, S29)."""
    with ctx.read() as tx:
        options: Options = tx.options
        return ForwardOptions(options.forward_inline_allowed, options.forward_attachment_allowed,
                              options.forward_from_history)


@dataclass(frozen=True)
class FromChoice:
    address: str
    display_name: str
    is_default: bool


def from_addresses(ctx: ActionContext) -> list[FromChoice]:
    """The From addresses in force, for the outbound window's drop-down (S16); the default one first."""
    with ctx.read() as tx:
        rows = tx.session.scalars(select(FromAddress).where(FromAddress.retired_at.is_(None))
                                  .order_by(FromAddress.is_default.desc(), FromAddress.id)).all()
        return [FromChoice(r.address, r.display_name or "", bool(r.is_default)) for r in rows]


def address_problems(values: Sequence[str], field: str) -> list[str]:
    """What is wrong with each address of a field (syntax only, no DNS: cheap enough to check as one types)."""
    problems = []
    for value in values:
        try:
            check_address(value, field=field)
        except AddressError as exc:
            problems.append(str(exc))
    return problems
