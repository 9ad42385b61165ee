"""Finding an interaction from the desk's search field and command palette, online and offline.

One policy for both: a number (``42`` or ``#42``) names an interaction by its id; any other text is a search
(the query language of :mod:`agentdesk.cache.query`: words, "phrases", ``subject:``, ``from:`` …) over every
interaction the signed-in user may see. Online the routing database answers (it holds every interaction the
user may see, not only those this desktop follows); when it cannot be reached the local cache answers what it
holds, and the result says so. Plain text that is not valid query syntax (``a:b`` with an unknown field, a lone
quote) is searched as a phrase rather than refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy.exc import DBAPIError, OperationalError

from agentdesk.actions import queries
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import ActionError
from agentdesk.cache.mirror import CachedInteraction
from agentdesk.cache.search import Hit, SearchResult, SearchSyntaxError
from agentdesk.desk.wide import search_routing

__all__ = ["Found", "find_interactions"]



class LocalCopy(Protocol):
    """What the search needs of the desk's cache (:class:`agentdesk.desk.local.DeskCache`)."""

    def search(self, query: str, **kwargs: Any) -> SearchResult: ...

    def interaction(self, interaction_id: int) -> CachedInteraction | None: ...

_ID = re.compile(r"#?\s*(\d{1,12})")


@dataclass(frozen=True)
class Found:
    """What a search found: ``hits`` newest first (an id match first); ``offline``: only the local copy was
    searched; ``error``: why nothing could be searched (bad syntax that could not be rescued)."""

    query: str
    hits: tuple[Hit, ...]
    offline: bool = False
    error: str | None = None


def find_interactions(ctx: ActionContext, cache: LocalCopy | None, text: str, *,
                      limit: int = 30) -> Found:
    """The interactions matching ``text`` that the user may see (see the module's docstring)."""
    text = text.strip()
    if not text:
        return Found(text, ())
    try:
        hits = _online(ctx, text, limit)
        return Found(text, tuple(hits))
    except (OperationalError, DBAPIError, OSError):
        if cache is None:
            raise
    try:
        hits = _offline(cache, text, limit)
    except SearchSyntaxError as exc:
        return Found(text, (), offline=True, error=str(exc))
    return Found(text, tuple(hits), offline=True)


def _online(ctx: ActionContext, text: str, limit: int) -> list[Hit]:
    hits: list[Hit] = []
    match = _ID.fullmatch(text)
    if match:
        for summary in queries.summaries(ctx, [int(match.group(1))]):
            hits.append(_summary_hit(summary))
    try:
        result = _rescued(lambda q: search_routing(ctx, q, limit=limit), text)
    except (SearchSyntaxError, ActionError):
        return hits
    return _merge(hits, result.hits, limit)


def _offline(cache: LocalCopy, text: str, limit: int) -> list[Hit]:
    head: list[Hit] = []
    match = _ID.fullmatch(text)
    if match:
        cached = cache.interaction(int(match.group(1)))
        if cached is not None:
            head.append(_cached_hit(cached))
    result = _rescued(lambda q: cache.search(q, limit=limit), text)
    return _merge(head, result.hits, limit)


def _rescued(run: Callable[[str], SearchResult], text: str) -> SearchResult:
    """``text`` as a query; when it is not valid syntax, as one phrase (quotes dropped)."""
    try:
        return run(text)
    except SearchSyntaxError:
        phrase = text.replace('"', " ").strip()
        if not phrase:
            raise
        return run(f'"{phrase}"')


def _merge(head: list[Hit], more: list[Hit], limit: int) -> list[Hit]:
    """``head`` then ``more``, without repeats."""
    seen = {h.interaction_id for h in head}
    return (list(head) + [h for h in more if h.interaction_id not in seen])[:limit]


def _summary_hit(summary: queries.InteractionSummary) -> Hit:
    name = getattr(summary, "contact_name", None) or getattr(summary, "from_name", None)
    address = getattr(summary, "from_addr", None)
    sender = f"{name} <{address}>" if name and address else (address or name or "")
    received = getattr(summary, "received_at", None) or getattr(summary, "created_at", None)
    return Hit(interaction_id=int(summary.id), subject=summary.subject or "", snippet="", score=None,
               received_at=received, sender=sender, state=str(summary.state))


def _cached_hit(cached: CachedInteraction) -> Hit:
    name = cached.contact_name or cached.from_name
    sender = f"{name} <{cached.from_addr}>" if name and cached.from_addr else (cached.from_addr or name or "")
    received = datetime.fromtimestamp(cached.received_at, UTC) if cached.received_at is not None else None
    return Hit(interaction_id=int(cached.id), subject=cached.subject or "", snippet="", score=None,
               received_at=received, sender=sender, state=cached.state)
