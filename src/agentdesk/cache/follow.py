"""Following the routing database on a thread of its own: a sync at start, then one after every change.

The :class:`CacheFollower` waits on a :class:`~agentdesk.cache.watch.ChangeWatcher` (LISTEN/NOTIFY on
PostgreSQL, ``PRAGMA data_version`` polling on SQLite) and runs ``sync_from_routing`` each time it wakes, so
a committed action reaches the cache within a second. A slow safety pass also runs every ``safety_seconds``
(for changes made without a NOTIFY, e.g. by an older router). With ``watch=False`` it opens no LISTEN
connection: the desktop's change feed (``agentdesk.desk.follow``) calls :meth:`wake`. When the routing database cannot be reached
the follower reports ``offline`` and tries again every ``retry_seconds``; when it comes back it reports
``online`` and runs ``on_online`` (the offline queue replays there). Callbacks run on the follower's thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from agentdesk.cache.store import CacheStore
from agentdesk.cache.sync import SyncError, sync_from_routing
from agentdesk.cache.watch import ChangeWatcher
from agentdesk.routing.db import Database

log = logging.getLogger(__name__)
#: the shortest time between two passes ("the cache follows within a second")
MIN_GAP = 0.5

#: how often the follower looks at its stop flag while it waits for a change
_TICK = 0.25


def is_unreachable(exc: BaseException) -> bool:
    """True for an error that means the routing database could not be reached (not a refused statement)."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return True
    if isinstance(exc, OSError | TimeoutError):
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)


class CacheFollower:
    """Keeps the cache at ``cache_path`` in step with ``db`` for ``login`` until :meth:`stop`."""

    def __init__(
        self, cache_path: Path, db: Database, login: str, *,
        on_synced: Callable[[int], None] | None = None,
        on_connection: Callable[[bool], None] | None = None,
        on_online: Callable[[], None] | None = None,
        safety_seconds: float = 60.0, retry_seconds: float = 3.0, watch: bool = True,
    ) -> None:
        self.cache_path = cache_path
        #: False: no LISTEN connection of its own; whoever follows the change feed calls :meth:`wake`
        self.watch = watch
        self.db = db
        self.login = login
        self.on_synced = on_synced
        self.on_connection = on_connection
        self.on_online = on_online
        self.safety_seconds = safety_seconds
        self.retry_seconds = retry_seconds
        self.online: bool | None = None
        #: how many passes have completed (tests wait on it instead of sleeping)
        self.passes = 0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cache-follower", daemon=True)

    def start(self) -> CacheFollower:
        self._thread.start()
        return self

    def wake(self) -> None:
        """Run a pass now (after an action of this desktop, or when the agent asks to retry)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def __enter__(self) -> CacheFollower:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _set_online(self, online: bool) -> None:
        if online == self.online:
            return
        was = self.online
        self.online = online
        if self.on_connection is not None:
            self.on_connection(online)
        if online and was is False:
            log.info("routing database reachable again")

    def _run(self) -> None:
        cache = CacheStore.open(self.cache_path)
        watcher: ChangeWatcher | None = None
        try:
            while not self._stop.is_set():
                try:
                    if watcher is None and self.watch:
                        watcher = ChangeWatcher(self.db)  # listen first: nothing committed after the sync is missed
                    changed = sync_from_routing(cache, self.db, self.login)
                    back = self.online is not True
                    self._set_online(True)
                    self.last_error = None
                    if back and self.on_online is not None:
                        self.on_online()
                    self.passes += 1
                    if self.on_synced is not None:
                        self.on_synced(changed)
                except SyncError as exc:
                    self.last_error = str(exc)
                    log.error("cache not followed: %s", exc)
                    self._sleep(self.safety_seconds)
                    continue
                except Exception as exc:
                    if not is_unreachable(exc):
                        raise
                    self.last_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    log.warning("routing database unreachable: %s", self.last_error)
                    self._set_online(False)
                    if watcher is not None:
                        watcher.close()
                        watcher = None
                    self.db.engine.dispose()  # drop pooled connections to the lost server
                    self.passes += 1
                    self._sleep(self.retry_seconds)
                    continue
                try:
                    self._wait_for_change(watcher)
                    # a burst of changes (a big ingest) is followed in passes at most MIN_GAP apart: each pass
                    # takes all that changed meanwhile, and the desktop's GUI thread keeps the interpreter
                    self._stop.wait(MIN_GAP)
                except Exception as exc:
                    if not is_unreachable(exc):
                        raise
                    if watcher is not None:
                        watcher.close()
                    watcher = None  # the next pass finds out whether the server is there
        except Exception:
            log.exception("the cache follower stopped")
        finally:
            if watcher is not None:
                watcher.close()
            cache.close()

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _wait_for_change(self, watcher: ChangeWatcher | None) -> None:
        if watcher is None:  # woken by the desktop's change feed
            self._sleep(self.safety_seconds)
            return
        waited = 0.0
        while not self._stop.is_set() and waited < self.safety_seconds:
            if self._wake.is_set():
                self._wake.clear()
                return
            if watcher.wait(_TICK):
                return
            waited += _TICK
