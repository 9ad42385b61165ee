"""Drafts (S15, S17): edit an outbound email before it is sent, attach files, or delete it.

Only the author edits their draft, while it is a draft, a draft the reviewer rejected (S31, S32), or one
stopped at send time (X2). Addresses are checked when it is sent, but a line break in any header field is
refused at once (header injection). A deleted draft keeps its row and history: it becomes ``done`` and leaves
its workbin.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput, NotFound, require_no_nul
from agentdesk.actions.outbound_common import (
    FORWARDS,
    header_values,
    listed_from,
    own_outbound,
    require_editable,
    set_qa,
)
from agentdesk.mail import compose
from agentdesk.mail.addresses import address_key
from agentdesk.mail.compose import OutgoingAttachment
from agentdesk.mail.filenames import safe_filename
from agentdesk.routing import workbins as bins
from agentdesk.routing.models import Attachment, Interaction, QaRound, State
from agentdesk.routing.types import utcnow

MAX_TEXT = 1_000_000
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024  # all of a draft's attachments together
_MIME_TYPE = re.compile(r"[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+")


def _attachment(filename: str, content_type: str, data: bytes) -> Attachment:
    (given,) = header_values([filename], "attachment file name") or [""]
    if not given:
        raise InvalidInput("an attachment needs a file name", field="attachment")
    name = safe_filename(given)  # sent under its base name: no folders, control characters or device names
    content_type = (content_type or "application/octet-stream").strip()
    if not _MIME_TYPE.fullmatch(content_type):
        raise InvalidInput(f"attachment {name!r}: {content_type!r} is not a MIME type (like application/pdf)",
                           field="attachment")
    if not isinstance(data, bytes):
        raise InvalidInput(f"attachment {name!r}: its content must be bytes", field="attachment")
    return Attachment(filename=name, content_type=content_type.lower(), size=len(data), data=data)


def _check_size(outbound: Interaction) -> None:
    total = sum(len(a.data or b"") for a in outbound.attachments)
    if total > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(f"the attachments of outbound email {outbound.id} would total {total} bytes; at most "
                           f"{MAX_ATTACHMENT_BYTES} are allowed", field="attachment")


def _with_instructions(body: str, old: str, new: str) -> str:
    """A forward's text with its leading instructions replaced."""
    rest = body[len(old):].lstrip("\n") if old and body.startswith(old) else body
    return f"{new}\n\n{rest}" if new and rest else (new or rest)


def save_draft(ctx: ActionContext, outbound_id: int, *, to: Sequence[str] | None = None,
               cc: Sequence[str] | None = None, bcc: Sequence[str] | None = None, subject: str | None = None,
               text: str | None = None, html: str | None = None, from_addr: str | None = None,
               instructions: str | None = None,
               attachments: Sequence[OutgoingAttachment] | None = None) -> list[str]:
    """Save what is given (None leaves a field as it is); returns the names of the fields that changed.

    ``from_addr`` must be a listed From address (S16); ``instructions`` are a forward's (S22) and replace the
    ones at the top of its text; ``attachments`` replace all of the draft's attachments.
    """
    values: dict[str, object] = {}
    if to is not None:
        values["to_addrs"] = header_values(to, "To")
    if cc is not None:
        values["cc_addrs"] = header_values(cc, "CC")
    if bcc is not None:
        values["bcc_addrs"] = header_values(bcc, "BCC")
    if subject is not None:
        header_values([subject], "Subject")
        values["subject"] = subject.strip()
    for name, value in (("text", text), ("html", html), ("instructions", instructions)):
        if value is not None and len(value) > MAX_TEXT:
            raise InvalidInput(f"the {name} may hold at most {MAX_TEXT} characters", field=name)
        require_no_nul(value, name, f"draft's {name}")
    if from_addr is not None:
        header_values([from_addr], "From")
    with ctx.tx() as tx:
        outbound = own_outbound(tx, outbound_id, "edit it")
        require_editable(outbound, "be edited")
        if from_addr is not None:
            listed = listed_from(tx.session)
            row = listed.get(address_key(from_addr))
            if row is None:
                raise InvalidInput(f"From: {from_addr.strip()!r} is not a listed From address; use one of: "
                                   f"{', '.join(listed)}", field="From")
            values["from_addr"], values["from_name"] = row.address, row.display_name or None
        if text is not None:
            values["body_text"] = text
            if html is None:  # a new text without its HTML: the old HTML part would say something else
                values["body_html"] = None
        if html is not None:
            values["body_html"] = compose.clean_html_part(html) if html.strip() else None
        if instructions is not None:
            if outbound.purpose not in FORWARDS:
                raise InvalidInput(f"outbound email {outbound.id} is not a forward; only forwards carry instructions",
                                   field="instructions")
            new = instructions.strip()
            if text is None:
                values["body_text"] = _with_instructions(outbound.body_text or "", outbound.instructions or "", new)
            values["instructions"] = new
        changed = [key for key, value in values.items() if getattr(outbound, key) != value]
        for key in changed:
            setattr(outbound, key, values[key])
        if attachments is not None:
            outbound.attachments.clear()
            tx.session.flush()
            for position, att in enumerate(attachments):
                row_att = _attachment(att.filename, att.content_type, att.data)
                row_att.position = position
                outbound.attachments.append(row_att)
            _check_size(outbound)
            changed.append("attachments")
        if changed:
            tx.record("draft_saved", outbound, fields=changed)
        return changed


def add_attachment(ctx: ActionContext, outbound_id: int, filename: str, content_type: str, data: bytes) -> int:
    """Attach a file to my draft; returns the attachment's id."""
    with ctx.tx() as tx:
        outbound = own_outbound(tx, outbound_id, "attach files to it")
        require_editable(outbound, "take attachments")
        row = _attachment(filename, content_type, data)
        last = tx.session.scalar(select(func.max(Attachment.position)).where(Attachment.interaction_id == outbound.id))
        row.position = int(last if last is not None else -1) + 1
        outbound.attachments.append(row)
        _check_size(outbound)
        tx.session.flush()
        tx.record("attachment_added", outbound, attachment_id=row.id, filename=row.filename, size=row.size)
        return row.id


def remove_attachment(ctx: ActionContext, outbound_id: int, attachment_id: int) -> None:
    """Take an attachment off my draft."""
    with ctx.tx() as tx:
        outbound = own_outbound(tx, outbound_id, "remove its attachments")
        require_editable(outbound, "lose attachments")
        row = next((a for a in outbound.attachments if a.id == attachment_id), None)
        if row is None:
            raise NotFound(f"outbound email {outbound.id} has no attachment {attachment_id}")
        outbound.attachments.remove(row)
        tx.record("attachment_removed", outbound, attachment_id=attachment_id, filename=row.filename)


def delete_draft(ctx: ActionContext, outbound_id: int) -> None:
    """Delete my draft (S17): it is closed (``done``, no disposition) and leaves its workbin; its row and
    history stay."""
    with ctx.tx() as tx:
        outbound = own_outbound(tx, outbound_id, "delete it")
        require_editable(outbound, "be deleted")
        workbin = bins.workbin_of(tx.session, outbound.id)
        bins.remove(tx.session, outbound.id)
        before = outbound.state
        outbound.state = State.DONE.value
        outbound.disposition = None
        outbound.done_at = utcnow()
        if tx.session.scalar(select(func.count()).select_from(QaRound).where(QaRound.interaction_id == outbound.id)):
            set_qa(tx, outbound, "withdrawn")
        tx.record("draft_deleted", outbound, state_before=before, workbin=workbin.name if workbin else None)
