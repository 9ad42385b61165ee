"""What the email view shows of an interaction while the routing database cannot be reached: the copy this
desktop's cache holds (headers, the text body, attachment names), in the same shapes as the live view
(:class:`~agentdesk.actions.queries.InteractionDetail` and :class:`~agentdesk.actions.reading.MessageView`).

The cache keeps text, not the raw message: the offline view shows the text body (quotes folded as usual), no
HTML, no attachment contents, and no notes or case data; the desktop says so beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from agentdesk.actions.queries import InteractionDetail, InteractionSummary
from agentdesk.actions.reading import MessageView, text_html
from agentdesk.cache.mirror import CachedInteraction


@dataclass(frozen=True)
class OfflineView:
    detail: InteractionDetail
    message: MessageView


def _moment(seconds: float | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def _addresses(joined: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in joined.split(",") if a.strip())


def offline_view(cached: CachedInteraction) -> OfflineView:
    """The live view's shapes, filled from the cache's copy of one interaction."""
    updated = _moment(cached.updated_at) or datetime.now(UTC)
    summary = InteractionSummary(
        id=cached.id, direction=cached.direction, kind=cached.kind, state=cached.state, purpose=cached.purpose,
        subject=cached.subject, from_addr=cached.from_addr, from_name=cached.from_name,
        contact_id=cached.contact_id, contact_name=cached.contact_name, owner_login=cached.owner_login,
        team=cached.team_name, case_id=cached.case_id, received_at=_moment(cached.received_at),
        created_at=_moment(cached.received_at) or updated, updated_at=updated, workbin=None,
        has_attachments=cached.has_attachments, version=cached.version,
    )
    detail = InteractionDetail(
        summary=summary, to=_addresses(cached.to_addrs), cc=_addresses(cached.cc_addrs), bcc=(),
        message_id=None, in_reply_to=None, body_text=cached.body_text, body_html=None, instructions=None,
        disposition=None, parent_id=None, case_data=(), notes=(), attachments=(), qa_status=None, qa_note=None,
        outbox_state=None, last_error=None,
    )
    message = MessageView(interaction_id=cached.id, html=text_html(cached.body_text), is_html=False,
                          remote_blocked=0, remote_allowed=False, suspicious_links=(),
                          sender=(cached.from_addr or "").lower() or None, flags=("offline",))
    return OfflineView(detail, message)
