"""The offline policy of what the desktop reads: online from the routing database, offline from the local cache.

Each read a panel makes is one function here that takes the signed-in user's context first (as every action
does, so the GUI's worker calls it like one). It asks the routing database through ``agentdesk.actions``; when
the database cannot be reached (:func:`agentdesk.cache.follow.is_unreachable`) and this desktop's cache holds a
copy, it answers from that copy instead. The answer is an :class:`Answer`: the value, and whether it is the
cache's copy (``offline``), so the GUI can say so without deciding anything itself. A refusal (an
``ActionError``) or any other failure is raised as before; without a cache, an unreachable database is too.

What the cache holds offline and what it cannot show (images, attachment contents, notes) is
:mod:`agentdesk.cache.offline_view`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from agentdesk.actions import history, queries
from agentdesk.actions.context import ActionContext
from agentdesk.actions.history import HistoryEntry
from agentdesk.cache.follow import is_unreachable
from agentdesk.desk.local import DeskCache
from agentdesk.views import ContactView, InteractionDetail, InteractionSummary, MemberView, MessageView

T = TypeVar("T")


@dataclass(frozen=True)
class Answer(Generic[T]):
    """What a read gave: ``value``, and whether it is the local cache's copy because the database is away."""

    value: T
    #: True: the routing database could not be reached and ``value`` comes from this desktop's cache
    offline: bool = False
    #: why the database could not be reached (its first line), when ``offline``
    reason: str | None = None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def fall_back(online: Callable[[], T], offline: Callable[[], T] | None) -> Answer[T]:
    """``online()``; when it cannot reach the routing database and there is an ``offline`` reader, its answer."""
    try:
        return Answer(online())
    except Exception as exc:
        if offline is None or not is_unreachable(exc):
            raise
        return Answer(offline(), offline=True, reason=_first_line(exc))


@dataclass(frozen=True)
class Opened:
    """An interaction as the email view opens it."""

    detail: InteractionDetail
    #: offline: the body as the cache kept it (``"offline"`` in its flags); online None: the view reads the body
    #: fresh with ``actions.reading.read_message``
    message: MessageView | None = None

    @property
    def cached(self) -> bool:
        return self.message is not None


class Reading:
    """The panels' reads with the offline policy, for one desktop (``cache`` None: no cache, online only)."""

    def __init__(self, cache: DeskCache | None) -> None:
        self.cache = cache

    def open_interaction(self, ctx: ActionContext, interaction_id: int) -> Answer[Opened | None]:
        """An interaction with its case data, notes and attachments; offline the cache's copy with the body kept
        when it was last opened here (None: this desktop does not hold it)."""
        cache = self.cache

        def cached() -> Opened | None:
            assert cache is not None
            view = cache.offline_view(interaction_id)
            return None if view is None else Opened(view.detail, view.message)

        return fall_back(lambda: Opened(queries.get_interaction(ctx, interaction_id)),
                         cached if cache is not None else None)

    def interaction_history(self, ctx: ActionContext, interaction_id: int) -> Answer[list[HistoryEntry]]:
        """An interaction's history, oldest first (offline: as the cache keeps it)."""
        cache = self.cache

        def cached() -> list[HistoryEntry]:
            assert cache is not None
            return [HistoryEntry(e.id, e.event, e.created_at, e.actor_login, e.interaction_id, e.case_id, e.detail)
                    for e in cache.history(interaction_id)]

        return fall_back(lambda: history.interaction_history(ctx, interaction_id),
                         cached if cache is not None else None)

    def contact_history(self, ctx: ActionContext, contact_id: int, *,
                        text: str | None = None) -> Answer[list[InteractionSummary]]:
        """A contact's interactions, newest first (offline: those the cache keeps)."""
        cache = self.cache
        return fall_back(lambda: history.contact_history(ctx, contact_id, text=text),
                         (lambda: cache.contact_history(contact_id, text=text)) if cache is not None else None)

    def search_contacts(self, ctx: ActionContext, text: str) -> Answer[list[ContactView]]:
        """Contact search (offline: over the contacts the cache keeps)."""
        cache = self.cache
        return fall_back(lambda: queries.search_contacts(ctx, text),
                         (lambda: cache.search_contacts(text)) if cache is not None else None)

    def search_team_members(self, ctx: ActionContext, text: str, *,
                            everyone: bool = False) -> Answer[list[MemberView]]:
        """The internal team (offline: nobody; the cache holds no presence, which would be stale anyway)."""
        return fall_back(lambda: queries.search_team_members(ctx, text, everyone=everyone), lambda: [])


#: reads with no cache behind them (online only): what a panel uses when it is built without a desk
ONLINE_ONLY = Reading(None)
