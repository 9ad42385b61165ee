"""What the desktop shows of an interaction while the routing database cannot be reached: the copy this desktop's
cache holds, in the same shapes as the live view (:class:`~agentdesk.actions.queries.InteractionDetail` and
:class:`~agentdesk.actions.reading.MessageView`).

What works offline: the headers; for a message the agent opened here before, its sanitised HTML body as the
email view rendered it (remote content blocked, images replaced by placeholders: ``agentdesk.cache.opened``), its
deceptive-link warnings and its attachments' names, types and sizes; otherwise the text body (quotes folded as
usual). The case data with its read-only keys and the QA status come from the cache too, with the case data
edits still waiting for the database shown in place (``agentdesk.cache.casedata``). Not there offline: images,
attachment contents and notes. The detail is a :class:`CachedDetail`, so each panel can say it shows the copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from agentdesk.cache.casedata import CachedCaseData
from agentdesk.cache.mirror import CachedInteraction
from agentdesk.cache.opened import OpenedMessage
from agentdesk.mail.render import text_html
from agentdesk.views import InteractionDetail, InteractionSummary, MessageView

#: the message's flag when its body is the HTML kept from an earlier opening (else it is the text body)
KEPT_HTML = "offline_html"


@dataclass(frozen=True)
class CachedDetail(InteractionDetail):
    """An interaction's detail read from the local cache, not the routing database."""

    #: case data keys whose new value waits for the database (Waiting actions)
    waiting_keys: tuple[str, ...] = ()
    cached: bool = True


@dataclass(frozen=True)
class OfflineView:
    detail: CachedDetail
    message: MessageView


def _moment(seconds: float | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def _addresses(joined: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in joined.split(",") if a.strip())


def summary(cached: CachedInteraction) -> InteractionSummary:
    """The list row of a cached interaction."""
    updated = _moment(cached.updated_at) or datetime.now(UTC)
    return InteractionSummary(
        id=cached.id, direction=cached.direction, kind=cached.kind, state=cached.state, purpose=cached.purpose,
        subject=cached.subject, from_addr=cached.from_addr, from_name=cached.from_name,
        contact_id=cached.contact_id, contact_name=cached.contact_name, owner_login=cached.owner_login,
        team=cached.team_name, case_id=cached.case_id, received_at=_moment(cached.received_at),
        created_at=_moment(cached.received_at) or updated, updated_at=updated, workbin=None,
        has_attachments=cached.has_attachments, version=cached.version,
    )


def offline_view(cached: CachedInteraction, case: CachedCaseData | None = None,
                 opened: OpenedMessage | None = None) -> OfflineView:
    """The live view's shapes, filled from the cache's copy of one interaction (its case data and the body kept
    when it was opened, where the cache has them)."""
    detail = CachedDetail(
        summary=summary(cached), to=_addresses(cached.to_addrs), cc=_addresses(cached.cc_addrs), bcc=(),
        message_id=None, in_reply_to=None, body_text=cached.body_text, body_html=None, instructions=None,
        disposition=None, parent_id=None, case_data=case.items if case else (), notes=(),
        attachments=opened.attachments if opened else (), qa_status=case.qa_status if case else None,
        qa_note=case.qa_note if case else None, outbox_state=None, last_error=None,
        waiting_keys=case.waiting if case else (),
    )
    sender = (cached.from_addr or "").lower() or None
    if opened is not None and opened.html is not None:
        message = MessageView(interaction_id=cached.id, html=opened.html, is_html=True, remote_blocked=0,
                              remote_allowed=False, suspicious_links=opened.suspicious_links, sender=sender,
                              flags=("offline", KEPT_HTML))
    else:
        message = MessageView(interaction_id=cached.id, html=text_html(cached.body_text), is_html=False,
                              remote_blocked=0, remote_allowed=False, suspicious_links=(), sender=sender,
                              flags=("offline",))
    return OfflineView(detail, message)
