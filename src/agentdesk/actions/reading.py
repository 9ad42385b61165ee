"""Reading an interaction: its message as the agent sees it, and its attachments' bytes; the choices the
outbound window offers.

``read_message`` renders the stored raw message (sanitised HTML that loads nothing remote unless asked, ``cid:``
images inline, links showing their real target, deceptive links flagged); an outbound email or a call record,
which have no raw message, are shown from their text. ``attachment_data`` gives one attachment's bytes with its
warnings. ``from_addresses``, ``forward_options`` and ``address_problems`` serve the outbound window.
(Who else has an interaction open, X2, is :mod:`agentdesk.actions.presence`.)
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidState, NotFound
from agentdesk.mail.addresses import AddressError, check_address
from agentdesk.mail.parse import AttachmentNotFound, attachment_bytes
from agentdesk.mail.render import render_message
from agentdesk.mail.render import text_html as text_html
from agentdesk.routing.models import Attachment, Direction, FromAddress
from agentdesk.routing.options import Options

# the view dataclasses live at the bottom of the layers (agentdesk.views); re-exported under their old home
from agentdesk.views import AttachmentData as AttachmentData
from agentdesk.views import ForwardOptions as ForwardOptions
from agentdesk.views import FromChoice as FromChoice
from agentdesk.views import LinkWarning as LinkWarning
from agentdesk.views import MessageView as MessageView


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
