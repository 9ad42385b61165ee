"""The cache as one desktop uses it: the file of the signed-in user, its follower, draft keeper and queue.

:class:`DeskCache` opens the cache of ``ctx.login`` on ``ctx.db`` in the data folder, keeps it following the
routing database (``agentdesk.cache.follow``), saves the outbound window's drafts (``agentdesk.desk.autosave``)
and holds the actions waiting for the database (``agentdesk.desk.offline``), replayed as soon as the follower
finds the database again. Offline it answers for the panels: an interaction with its case data and the body kept
when it was opened (``agentdesk.cache.offline_view``), contact search and a contact's history
(``agentdesk.cache.contacts``). Every method opens its own short connection, so it may be called from any thread
(the GUI calls it from its worker).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentdesk.actions.context import ActionContext
from agentdesk.actions.reading import read_message
from agentdesk.cache import casedata, contacts, histories, mirror, opened
from agentdesk.cache.drafts import Draft
from agentdesk.cache.follow import CacheFollower
from agentdesk.cache.histories import CachedEvent
from agentdesk.cache.mirror import CachedInteraction
from agentdesk.cache.offline_view import OfflineView, offline_view
from agentdesk.cache.search import SearchResult, search
from agentdesk.cache.store import CacheError, CacheStore, cache_path, connect
from agentdesk.desk import offline
from agentdesk.desk.autosave import DraftContent, DraftKeeper, draft_key, push_to_routing
from agentdesk.desk.offline import OfflineQueue, PendingAction, ReplayResult
from agentdesk.views import AttachmentView, ContactView, InteractionSummary, MessageView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeskState:
    online: bool | None
    waiting: tuple[PendingAction, ...]
    finished: tuple[PendingAction, ...]
    draft_offers: tuple[Draft, ...]
    last_error: str | None


class DeskCache:
    """The signed-in user's cache; :meth:`start` the follower, :meth:`close` at the end."""

    def __init__(self, ctx: ActionContext, data_dir: Path, *,
                 on_change: Callable[[], None] | None = None) -> None:
        self.ctx = ctx
        self.path = cache_path(data_dir, ctx.login, ctx.db.url.render_as_string(hide_password=True))
        #: called (on a background thread) when the waiting actions or the connection changed
        self.on_change = on_change
        self.keeper = DraftKeeper(self.path, push=push_to_routing(ctx), start=False)
        self.follower = CacheFollower(self.path, ctx.db, ctx.login, on_online=self._on_online,
                                      on_synced=self._after_pass, on_connection=lambda _online: self._changed())
        self._replay_lock = threading.Lock()
        #: set once the file is open and checked (every other method waits for it)
        self.ready = threading.Event()
        self._life = threading.Lock()
        self._closed = False
        self._recovered: dict[int, Draft] = {}
        self.last_replay: ReplayResult | None = None

    def start(self) -> DeskCache:
        """Open (create or repair) the file and start following, on a thread: the caller never waits."""
        threading.Thread(target=self._start, name="desk-cache-open", daemon=True).start()
        return self

    def _start(self) -> None:
        with self._life:
            if self._closed:
                return
            try:
                self.keeper.start()  # opens and checks the file first
            except Exception:
                log.exception("the local cache %s cannot be opened", self.path)
                return
            # the drafts a crash, a kill or a lost connection kept from Drafts: offered back for this session
            self._recovered = {d.interaction_id: d for d in self.keeper.offers() if d.interaction_id is not None}
            self.ready.set()
            self.follower.start()
        self._changed()

    def wait_ready(self, timeout: float = 30.0) -> bool:
        return self.ready.wait(timeout)

    def close(self) -> None:
        with self._life:
            self._closed = True
        self.follower.stop()
        self.keeper.close()

    @property
    def online(self) -> bool | None:
        return self.follower.online

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def _open(self) -> CacheStore:
        if not self.ready.wait(30):
            raise CacheError(f"{self.path}: the local cache could not be opened (see the log)")
        return CacheStore(self.path, connect(self.path))

    # -- drafts -----------------------------------------------------------------------------------------------
    def save_draft(self, outbound_id: int, content: DraftContent) -> None:
        """Hand the outbound window's content over (never blocks; on disk a moment later)."""
        self.keeper.submit(draft_key(outbound_id), content)

    @property
    def draft_save_error(self) -> str | None:
        """Why the newest draft text could not be saved on this computer (a full disk …), None when it was."""
        return self.keeper.save_error

    def unsaved_draft(self, outbound_id: int) -> Draft | None:
        """The draft of ``outbound_id`` as typed here, when its last save has not reached the Drafts workbin."""
        return self.keeper.latest(draft_key(outbound_id))

    def draft_offers(self) -> list[Draft]:
        """The drafts to offer back: found at start not in the Drafts workbin (they are pushed there as soon as
        the database answers, and stay offered until the agent opens them), and any typed here since that
        has not reached it yet."""
        offers = dict(self._recovered)
        offers.update({d.interaction_id: d for d in self.keeper.offers() if d.interaction_id is not None})
        return sorted(offers.values(), key=lambda d: d.updated_at, reverse=True)

    def dismiss_offer(self, outbound_id: int) -> None:
        """The agent opened (or set aside) a draft offered back."""
        self._recovered.pop(outbound_id, None)
        self._changed()

    def forget_draft(self, outbound_id: int) -> None:
        """The draft was sent or deleted."""
        self._recovered.pop(outbound_id, None)
        self.keeper.discard(draft_key(outbound_id))

    # -- offline work --------------------------------------------------------------------------------------------
    def run_or_queue(self, kind: str, interaction_id: int, **args: Any) -> Any:
        """Run an action now, or keep it for later when the routing database cannot be reached (returns None)."""
        if not self.ready.wait(5):  # no usable cache file: the action runs as it would without one
            return offline.KINDS[kind](self.ctx, interaction_id, **args)
        with self._replay_lock, self._open() as store:
            result = offline.run_or_queue(OfflineQueue(store), self.ctx, kind, interaction_id, **args)
        if result is None:
            self._changed()
            self.follower.wake()
        return result

    def queue(self, kind: str, interaction_id: int, **args: Any) -> int:
        """Keep an action for when the routing database is back (known to be away: no attempt now)."""
        with self._open() as store:
            action_id = OfflineQueue(store).enqueue(kind, interaction_id, **args)
        self._changed()
        self.follower.wake()
        return action_id

    def add_note(self, ctx: ActionContext, interaction_id: int, body: str) -> int | None:
        """``actions.notes.add_note`` that waits for the database when it is away (then returns None)."""
        del ctx  # the desk's own context: the same signed-in user
        result = self.run_or_queue("note", interaction_id, body=body)
        return None if result is None else int(result)

    def set_case_data(self, ctx: ActionContext, interaction_id: int, key: str, value: str) -> bool:
        """``actions.casedata.set_case_data`` that waits for the database when it is away: True when done, False
        when it waits under Waiting actions (a bad edit is refused at once either way)."""
        del ctx  # the desk's own context: the same signed-in user
        return self.run_or_queue("case_data", interaction_id, key=key, value=value) is not None

    def waiting(self) -> list[PendingAction]:
        with self._open() as store:
            return OfflineQueue(store).waiting()

    def finished(self, limit: int = 20) -> list[PendingAction]:
        with self._open() as store:
            return OfflineQueue(store).finished(limit)

    def cancel(self, action_id: int) -> bool:
        with self._open() as store:
            gone = OfflineQueue(store).cancel(action_id)
        self._changed()
        return gone

    def clear_finished(self) -> None:
        with self._open() as store:
            OfflineQueue(store).clear_finished()
        self._changed()

    def replay(self) -> ReplayResult:
        """Carry out the waiting actions now (the follower does it by itself when the database comes back)."""
        with self._replay_lock, self._open() as store:
            result = offline.replay(OfflineQueue(store), self.ctx)
        self.last_replay = result
        for action in result.done:
            if action.kind == "send":  # sent: its local copy is no longer needed
                self.forget_draft(action.interaction_id)
        if result.done or result.refused:
            self._changed()
        return result

    def _on_online(self) -> None:
        try:
            if self.keeper.push_now():  # a waiting send goes out with the text typed while offline
                self.replay()
        except Exception:
            log.exception("the waiting actions could not be replayed")
        self._changed()

    def snapshot(self) -> DeskState:
        """What the desktop shows of the cache: connection, waiting and finished actions, drafts to offer back."""
        return DeskState(online=self.online, waiting=tuple(self.waiting()), finished=tuple(self.finished()),
                         draft_offers=tuple(self.draft_offers()), last_error=self.follower.last_error)

    def _after_pass(self, _changed: int) -> None:
        """After each pass of the follower (the database answered): run what is still waiting, if anything."""
        try:
            if self.waiting():
                self._on_online()
        except Exception:
            log.exception("the waiting actions could not be replayed")

    # -- reading -------------------------------------------------------------------------------------------------
    def search(self, query: str, **kwargs: Any) -> SearchResult:
        with self._open() as store:
            return search(store, query, **kwargs)

    def interaction(self, interaction_id: int) -> CachedInteraction | None:
        """The cached copy of an interaction (None when this desktop does not hold it)."""
        with self._open() as store:
            return mirror.read_interaction(store.conn, interaction_id)

    def history(self, interaction_id: int) -> list[CachedEvent]:
        """The cached history of an interaction, oldest first."""
        with self._open() as store:
            return histories.read_history(store.conn, interaction_id)

    def case(self, case_id: int) -> dict[str, Any] | None:
        with self._open() as store:
            return histories.read_case(store.conn, case_id)

    def case_data(self, interaction_id: int) -> casedata.CachedCaseData | None:
        """The cached case data and QA status of an interaction, with the edits still waiting in place."""
        with self._open() as store:
            return casedata.read(store.conn, interaction_id)

    def offline_view(self, interaction_id: int) -> OfflineView | None:
        """What the email view and the panels show of an interaction offline (None when it is not held here)."""
        with self._open() as store:
            cached = mirror.read_interaction(store.conn, interaction_id)
            if cached is None:
                return None
            return offline_view(cached, casedata.read(store.conn, interaction_id),
                                opened.read(store.conn, interaction_id))

    def keep_message(self, interaction_id: int, version: int, message: MessageView,
                     attachments: tuple[AttachmentView, ...]) -> bool:
        """Keep the body the email view showed, for the offline view (see ``agentdesk.cache.opened``); never
        waits for the cache file. A body shown with remote images allowed is rendered again without them."""
        if not self.ready.is_set() or "offline" in message.flags:
            return False
        with self._open() as store:
            if opened.kept_version(store.conn, interaction_id) == version:
                opened.touch(store.conn, interaction_id)
                return True
        if message.is_html and message.remote_allowed:
            message = read_message(self.ctx, interaction_id, allow_remote=False)
        with self._open() as store:
            return opened.keep(store.conn, interaction_id, version, message.html if message.is_html else None,
                               message.suspicious_links, tuple(attachments))

    def search_contacts(self, text: str, *, limit: int = 50) -> list[ContactView]:
        """Contact search over the contacts kept here."""
        with self._open() as store:
            return contacts.search_contacts(store.conn, text, limit=limit)

    def contact(self, contact_id: int) -> ContactView | None:
        with self._open() as store:
            return contacts.get_contact(store.conn, contact_id)

    def contact_history(self, contact_id: int, *, text: str | None = None) -> list[InteractionSummary]:
        """A contact's interactions kept here, newest first."""
        with self._open() as store:
            return contacts.contact_history(store.conn, contact_id, text=text)
