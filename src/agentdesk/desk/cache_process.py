"""The local cache's follower in a child process: ``python -m agentdesk.desk.cache_process``.

A pass of :class:`~agentdesk.cache.follow.CacheFollower` is Python work (ORM loading and full-text indexing:
~0.3 s for 1,600 interactions) that, on a thread of the desktop, held the interpreter lock so much that the
GUI thread waited for it on every event: during a 2,000-message ingest its longest stall was 75–110 ms, and
27–31 ms with the follower away (bench/bench_gui_stall.py). So the desktop runs the same follower here, at a
lower priority, on the other core, as it does its mail engine (:mod:`agentdesk.desk.engine_process`).
:class:`FollowerProcess` stands in for the follower thread inside :class:`~agentdesk.desk.local.DeskCache`:
same attributes, same callbacks (called on a thread of the desktop, as the follower's were). This module
never imports Qt.

Protocol, over the child's standard streams: the parent writes one pickle — ``{"path", "url", "login",
"safety_seconds", "retry_seconds", "watch", "pooled"}`` — then a line ``wake`` whenever a pass should run now; closing standard
input stops the child after the pass in hand. The child writes one JSON object per line: ``{"online": bool,
"error": …}`` when the database became reachable or not, ``{"back": true}`` when it is reachable again (the
desktop replays its waiting actions), ``{"synced": changed, "error": …}`` after each pass, and
``{"error": …}`` when a pass failed otherwise.
"""

from __future__ import annotations

import json
import logging
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from agentdesk.cache.follow import CacheFollower
from agentdesk.desk.engine_process import close_pipe, lower_priority, start_child
from agentdesk.routing.db import Database

log = logging.getLogger(__name__)

#: how often the child looks whether a failed pass left a new error to report
_ERROR_POLL = 0.5


class FollowerProcess(CacheFollower):
    """The cache follower of ``cache_path`` in a child process (its own thread only reads what the child says)."""

    def __init__(
        self, cache_path: Path, db: Database, login: str, *,
        on_synced: Callable[[int], None] | None = None,
        on_connection: Callable[[bool], None] | None = None,
        on_online: Callable[[], None] | None = None,
        safety_seconds: float = 60.0, retry_seconds: float = 3.0, watch: bool = True,
    ) -> None:
        super().__init__(cache_path, db, login, on_synced=on_synced, on_connection=on_connection,
                         on_online=on_online, safety_seconds=safety_seconds, retry_seconds=retry_seconds,
                         watch=watch)
        self.url = db.url.render_as_string(hide_password=False)
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._back_due = False
        self._thread = threading.Thread(target=self._serve, name="cache-follower", daemon=True)

    @classmethod
    def replacing(cls, follower: CacheFollower) -> FollowerProcess:
        """The same follower (file, database, user, callbacks, timings), in a child process."""
        return cls(follower.cache_path, follower.db, follower.login, on_synced=follower.on_synced,
                   on_connection=follower.on_connection, on_online=follower.on_online,
                   safety_seconds=follower.safety_seconds, retry_seconds=follower.retry_seconds,
                   watch=follower.watch)

    def start(self) -> FollowerProcess:
        self._thread.start()
        return self

    def wake(self) -> None:
        """Run a pass now (after an action of this desktop, or when the agent asks to retry)."""
        with self._lock:
            proc = self._proc
            if proc is None or proc.stdin is None or proc.stdin.closed:
                return
            try:
                proc.stdin.write(b"wake\n")
                proc.stdin.flush()
            except OSError as exc:
                log.debug("waking the cache follower: %s", exc)

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        with self._lock:
            proc = self._proc
            if proc is not None:
                close_pipe(proc.stdin)
        if self._thread.is_alive():
            self._thread.join(timeout)
            if self._thread.is_alive() and proc is not None:
                log.warning("the cache follower did not stop in %.0f s; ending it", timeout)
                proc.kill()
                self._thread.join(5)

    def __enter__(self) -> FollowerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _first_pass(self) -> None:
        """The first pass here, at once (the child takes a moment to start): the cache is fresh and what waited
        for the database (drafts, actions) goes out as soon as the desktop finds it, as with the thread."""
        from agentdesk.cache.store import CacheStore
        from agentdesk.cache.sync import sync_from_routing

        try:
            with CacheStore.open(self.cache_path) as cache:
                changed = sync_from_routing(cache, self.db, self.login)
        except Exception as exc:  # unreachable, or refused: the child finds out again and reports it
            log.debug("the first pass of the cache follower failed: %s", exc)
            return
        for message in ({"online": True, "error": None}, {"back": True}, {"synced": changed}):
            self._report(message)

    def _serve(self) -> None:
        try:
            self._first_pass()
        except Exception:
            log.exception("the cache follower's first pass could not be handled")
        pause = 1.0
        while not self._stopping.is_set():
            code = self._run_child()
            if self._stopping.is_set():
                return
            log.error("the cache follower process stopped (exit status %s); starting it again in %.0f s", code, pause)
            self._stopping.wait(pause)
            pause = min(60.0, pause * 2)

    def _run_child(self) -> int | None:
        order = {"path": str(self.cache_path), "url": self.url, "login": self.login,
                 "safety_seconds": self.safety_seconds, "retry_seconds": self.retry_seconds,
                 "watch": self.watch, "pooled": self.db.pooled}
        proc = start_child("agentdesk.desk.cache_process", order, "the cache follower process")
        assert proc.stdout is not None
        with self._lock:
            self._proc = proc
            if self._stopping.is_set():
                close_pipe(proc.stdin)
        for line in proc.stdout:
            try:
                self._report(json.loads(line))
            except ValueError:
                log.warning("the cache follower process said: %r", line[:200])
            except Exception:
                log.exception("the cache follower's report could not be handled")
        code = proc.wait()
        proc.stdout.close()
        with self._lock:
            close_pipe(proc.stdin)
            self._proc = None
        return code

    def _report(self, message: dict[str, Any]) -> None:
        if "error" in message:
            self.last_error = message["error"]
        if "online" in message:
            online = bool(message["online"])
            if online != self.online:
                self.online = online
                self._back_due = online  # reachable again (or at last): what waited goes out at "back"
                if self.on_connection is not None:
                    self.on_connection(online)
        if message.get("back") and self._back_due:
            self._back_due = False
            if self.on_online is not None:
                self.on_online()
        if "synced" in message:
            self.passes += 1
            if self.on_synced is not None:
                self.on_synced(int(message["synced"]))



def serve(stdin: BinaryIO, stdout: TextIO) -> int:
    """Read the order, follow the routing database until standard input closes."""
    from agentdesk.cache.follow import CacheFollower
    from agentdesk.desk.connections import desk_database

    order: dict[str, Any] = pickle.load(stdin)
    lock = threading.Lock()

    def say(**values: object) -> None:
        with lock:
            stdout.write(json.dumps(values, ensure_ascii=False) + "\n")
            stdout.flush()

    db = desk_database(order["url"], pooled=bool(order.get("pooled", False)))  # no idle connections kept
    follower: CacheFollower

    def synced(changed: int) -> None:
        say(synced=changed, error=follower.last_error)

    follower = CacheFollower(Path(order["path"]), db, order["login"], on_synced=synced,
                             on_connection=lambda online: say(online=online, error=follower.last_error),
                             on_online=lambda: say(back=True),
                             safety_seconds=float(order["safety_seconds"]),
                             retry_seconds=float(order["retry_seconds"]), watch=bool(order.get("watch", True)))
    done = threading.Event()

    def listen() -> None:
        for line in stdin:  # ends at EOF: the desktop closed the pipe (or died)
            if line.strip() == b"wake":
                follower.wake()
        done.set()

    threading.Thread(target=listen, name="orders", daemon=True).start()
    follower.start()
    reported = follower.last_error
    try:
        while not done.wait(_ERROR_POLL):
            error = follower.last_error
            if error != reported:
                reported = error
                say(error=error)
    finally:
        follower.stop()
        db.dispose()
    return 0


def main() -> int:
    lower_priority()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,  # as quiet as the desktop itself
                        format="%(asctime)s cache %(levelname)s %(name)s: %(message)s")
    return serve(sys.stdin.buffer, sys.stdout)


def out_of_process(follower: CacheFollower) -> FollowerProcess:
    """The follower to use: the same, in a child process (in the packaged app too: :mod:`agentdesk.children`)."""
    return FollowerProcess.replacing(follower)


if __name__ == "__main__":
    sys.exit(main())
