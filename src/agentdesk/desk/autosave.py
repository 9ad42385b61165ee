"""Autosave of the outbound window (X7): what the agent types is on disk within a second, then in Drafts.

The window hands the whole content of its draft to :meth:`DraftKeeper.submit` (cheap, never blocks: the GUI
thread does no I/O). A writer thread saves the newest content of each draft durably in the cache
(``agentdesk.cache.drafts``, ``synchronous=FULL``): a kill loses at most what was typed since the window's
last hand-over. A second thread pushes saved drafts to the routing database (the Drafts workbin) with
``actions.drafts.save_draft``, about a second after the last save; when the database cannot be reached the
draft stays marked "not yet in Drafts" and is pushed when it is back (:meth:`DraftKeeper.sync_pending`).
At the next start, :meth:`DraftKeeper.offers` lists every draft whose last save never reached Drafts — the
ones a crash, a kill or a lost connection would otherwise have lost — to be offered back exactly as saved.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from agentdesk.actions import drafts as draft_actions
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import ActionError
from agentdesk.cache.drafts import Draft, DraftError, DraftStore
from agentdesk.cache.follow import is_unreachable
from agentdesk.cache.store import CacheStore

log = logging.getLogger(__name__)

#: how long after the last save a draft is pushed to the Drafts workbin
PUSH_DELAY = 1.0
#: how long to wait before trying again when the routing database could not be reached
RETRY_SECONDS = 5.0


def _why_not_saved(path: Path, exc: BaseException) -> str:
    """A sentence for the agent: why the draft could not be written into the cache file at ``path``."""
    text = str(exc) or type(exc).__name__
    if "full" in text.lower() or getattr(exc, "errno", None) == errno.ENOSPC:
        return (f"the disk holding the local cache ({path.parent}) is full; the text is kept in the window and "
                "saved as soon as there is room")
    return f"the local cache ({path}) cannot be written: {text}; saving is tried again"


def draft_key(outbound_id: int) -> str:
    """The cache's key for the draft of outbound interaction ``outbound_id``."""
    return f"outbound-{outbound_id}"


@dataclass(frozen=True)
class DraftContent:
    """What the outbound window holds at one moment."""

    interaction_id: int | None
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    body_text: str = ""
    instructions: str | None = None
    #: the rich-text editor's HTML part (None: text only)
    body_html: str | None = None
    bcc: tuple[str, ...] = ()
    attachment_paths: tuple[str, ...] = field(default=())
    notes: str = ""
    disposition: str | None = None


Push = Callable[[Draft], None]


def push_to_routing(ctx: ActionContext) -> Push:
    """A push that saves a cached draft into its outbound interaction in the routing database."""

    def push(draft: Draft) -> None:
        if draft.interaction_id is None:
            return
        draft_actions.save_draft(ctx, draft.interaction_id, to=list(draft.to), cc=list(draft.cc),
                                 subject=draft.subject, text=draft.body_text, instructions=draft.instructions,
                                 html=draft.body_html if draft.body_html is not None else "")

    return push


class DraftKeeper:
    """Saves submitted drafts on its own threads; see the module's description."""

    def __init__(self, cache_path: Path, *, push: Push | None = None, push_delay: float = PUSH_DELAY,
                 retry_seconds: float = RETRY_SECONDS, start: bool = True) -> None:
        self.cache_path = cache_path
        self.push = push
        self.push_delay = push_delay
        self.retry_seconds = retry_seconds
        #: the last error of a save or a push, for the window's status line (None when all went well)
        self.last_error: str | None = None
        #: why the newest text could not be saved on this computer (a full disk …); it is kept in memory and saved
        #: again every ``retry_seconds`` and at the next submit; None once a save succeeds
        self.save_error: str | None = None
        self._pending: dict[str, DraftContent] = {}
        self._busy = 0
        self._cond = threading.Condition()
        self._push_wake = threading.Event()
        self._stopping = False
        self._reader: DraftStore | None = None
        self._writer = threading.Thread(target=self._write_loop, name="draft-writer", daemon=True)
        self._pusher = threading.Thread(target=self._push_loop, name="draft-pusher", daemon=True)
        if start:
            self.start()

    def start(self) -> None:
        """Open (create or repair) the cache file and start saving; what was submitted before is saved now.

        Not on the GUI thread: checking a big file takes a moment.
        """
        with CacheStore.open(self.cache_path):  # creates or repairs the file once, before the threads share it
            pass
        with self._cond:
            self._reader = DraftStore.on_file(self.cache_path)
        self._writer.start()
        if self.push is not None:
            self._pusher.start()

    # -- the window's side -------------------------------------------------------------------------------------
    def submit(self, key: str, content: DraftContent) -> None:
        """Save ``content`` as draft ``key`` soon (newest wins); returns at once."""
        with self._cond:
            self._pending[key] = content
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything submitted is on disk; False on timeout, or at once while saves fail
        (``save_error``: the text waits in memory for room)."""
        with self._cond:
            self._cond.wait_for(lambda: (not self._pending or self.save_error is not None) and not self._busy,
                                timeout)
            return not self._pending and not self._busy

    def sync_pending(self) -> None:
        """Push every draft not yet in Drafts now (the routing database is back)."""
        self._push_wake.set()

    def push_now(self) -> bool:
        """Push every draft not yet in Drafts, on this thread (before a queued send); False when unreachable."""
        if self.push is None:
            return True
        self.flush()
        store = DraftStore.on_file(self.cache_path)
        try:
            return self._push_all(store, self.push)
        finally:
            store.close()

    def offers(self) -> list[Draft]:
        """The drafts to offer back at start: saved here, their last save not in the Drafts workbin."""
        with self._cond:
            return [] if self._reader is None else [draft for draft, _ in self._reader.unsynced()]

    def latest(self, key: str) -> Draft | None:
        """Draft ``key`` as last saved here, if that save has not reached the Drafts workbin yet."""
        with self._cond:
            if self._reader is None:
                return None
            return next((d for d, _ in self._reader.unsynced() if d.key == key), None)

    def discard(self, key: str) -> None:
        """Forget draft ``key`` (it was sent or deleted)."""
        with self._cond:
            self._pending.pop(key, None)
            self._cond.wait_for(lambda: not self._busy, 10.0)
            if self._reader is not None:
                self._reader.discard(key)

    def close(self) -> None:
        """Save what is pending, then stop the threads."""
        if self._reader is None:  # never started: nothing was saved, nothing runs
            return
        self.flush()
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._push_wake.set()
        self._writer.join(10)
        if self._pusher.is_alive():
            self._pusher.join(10)
        with self._cond:
            self._reader.close()
            self._reader = None

    # -- the threads -------------------------------------------------------------------------------------------
    def _write_loop(self) -> None:
        store = DraftStore.on_file(self.cache_path)
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: bool(self._pending) or self._stopping)
                    if not self._pending and self._stopping:
                        return
                    batch, self._pending = self._pending, {}
                    self._busy += 1
                failed: dict[str, DraftContent] = {}
                try:
                    for key, content in batch.items():
                        if not self._save(store, key, content):
                            failed[key] = content
                finally:
                    with self._cond:
                        for key, content in failed.items():
                            self._pending.setdefault(key, content)  # unless newer text came meanwhile
                        self._busy -= 1
                        self._cond.notify_all()
                if failed:
                    with self._cond:
                        if self._stopping:
                            log.error("closing: %d draft(s) could not be saved on this computer: %s",
                                      len(failed), self.save_error)
                            for key in failed:
                                self._pending.pop(key, None)
                            self._cond.notify_all()
                            continue
                        self._cond.wait(self.retry_seconds)  # or sooner: newer text, or closing
                elif self.push is not None:
                    self._push_wake.set()
        finally:
            store.close()

    def _save(self, store: DraftStore, key: str, c: DraftContent) -> bool:
        """Save one draft; False when it could not be written now (kept to try again)."""
        try:
            store.save(key, interaction_id=c.interaction_id, to=c.to, cc=c.cc, bcc=c.bcc, subject=c.subject,
                       body_text=c.body_text, body_html=c.body_html, attachment_paths=list(c.attachment_paths),
                       notes=c.notes, disposition=c.disposition, instructions=c.instructions)
        except DraftError as exc:
            self.last_error = str(exc)
            log.warning("draft %s not saved: %s", key, exc)
            return True  # the content itself is refused: trying again would not help
        except (sqlite3.Error, OSError) as exc:
            self.save_error = _why_not_saved(self.cache_path, exc)
            log.warning("draft %s not saved: %s", key, self.save_error)
            return False
        self.save_error = None
        return True

    def _push_loop(self) -> None:
        assert self.push is not None
        store = DraftStore.on_file(self.cache_path)
        try:
            while not self._stopping:
                self._push_wake.wait()
                if self._stopping:
                    break
                # let the typing settle: every save within the delay starts the wait again
                while self._push_wake.is_set() and not self._stopping:
                    self._push_wake.clear()
                    self._push_wake.wait(self.push_delay)
                if not self._push_all(store, self.push):
                    self._push_wake.wait(self.retry_seconds)
        finally:
            store.close()

    def _push_all(self, store: DraftStore, push: Push) -> bool:
        """Push every unsynced draft; False when the routing database could not be reached."""
        for draft, saved_at in store.unsynced():
            try:
                push(draft)
            except ActionError as exc:  # refused for good (sent or deleted elsewhere): keep it here, stop trying
                log.warning("draft %s not saved in Drafts: %s", draft.key, exc)
                store.mark_synced(draft.key, saved_at)
                store.mark_sync_failed(draft.key, str(exc))
                continue
            except Exception as exc:
                if not is_unreachable(exc):
                    raise
                self.last_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                return False
            store.mark_synced(draft.key, saved_at)
        self.last_error = None
        return True

