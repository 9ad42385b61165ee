"""Following the change log on the desktop's one long-lived connection (a thread, no Qt).

:class:`FeedFollower` opens one connection to the routing database and keeps it: the only connection a
desktop holds between its short transactions. It reads the log with :mod:`agentdesk.desk.feed` (one
statement, no session state: fine through PgBouncer in transaction mode) and hands every batch to
``on_batch``. When ``listen`` (a direct PostgreSQL connection) it also runs ``LISTEN agentdesk_changes`` there
and reads as soon as a commit says so, with a read every ``safety_seconds`` anyway (and hears
``agentdesk_presence`` there for ``on_presence``: no second connection); otherwise (through a
pooler, or SQLite) it reads every ``poll_seconds``. :meth:`wake` reads now (after this desktop's own action).

Behind a pooler with ``relay`` (the address of ``agentdesk relay``, :mod:`agentdesk.desk.relay`), it also keeps a
TCP connection to the relay: a hint ("a change up to id N concerns you") makes it read at once, and while the
relay is there it reads only every ``safety_seconds`` otherwise; without the relay it reads every
``poll_seconds`` again. Presence heard by the relay reaches ``on_presence`` the same way.

A lost connection (pooler restart, network blip, laptop asleep) is reported (``on_reachable(False)``), tried
again every ``retry_seconds``, and the next read continues from the cursor: nothing is reloaded and nothing
is missed. Only a cursor behind the log's retention makes a batch say ``reload`` (and the first read does).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import URL, make_url

from agentdesk.desk.feed import Batch, Cursor, Scope, read_changes_pg, read_changes_sqlite, scope_of
from agentdesk.desk.relay import RelayClient

log = logging.getLogger(__name__)

CHANNEL = "agentdesk_changes"
#: who is on which interaction (agentdesk.actions.presence): heard on the same connection, handed over as is
PRESENCE_CHANNEL = "agentdesk_presence"
#: how often a follower without LISTEN reads (an idle desktop: one short transaction a second)
POLL_SECONDS = 1.0
#: with LISTEN, the read made anyway when no notification came
SAFETY_SECONDS = 10.0
#: how long a wait for a notification lasts before the stop flag is looked at again
_TICK = 0.25


class FeedError(Exception):
    """The feed cannot follow this user (no such login)."""


def pg_conninfo(url: URL | str) -> str:
    """A libpq connection string for psycopg from a SQLAlchemy URL (password included)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class FeedFollower:
    """Reads the change log of ``login`` on ``url`` until :meth:`stop`; callbacks run on its thread."""

    def __init__(
        self, url: URL | str, login: str, *,
        on_batch: Callable[[Batch], None],
        on_reachable: Callable[[bool, str | None], None] | None = None,
        on_presence: Callable[[str], None] | None = None,
        listen: bool = True, poll_seconds: float = POLL_SECONDS, safety_seconds: float = SAFETY_SECONDS,
        retry_seconds: float = 3.0, cursor: Cursor | None = None, application_name: str = "agentdesk desk",
        relay: str | None = None, relay_retry_seconds: float = 5.0,
    ) -> None:
        self.url = make_url(url)
        self.login = login
        self.on_batch = on_batch
        self.on_reachable = on_reachable
        self.on_presence = on_presence
        self.is_postgres = self.url.get_backend_name() == "postgresql"
        self.listen = listen and self.is_postgres
        self.poll_seconds = poll_seconds
        self.safety_seconds = safety_seconds
        self.retry_seconds = retry_seconds
        self.application_name = application_name
        self.cursor = cursor
        self.scope: Scope | None = None
        self.online: bool | None = None
        self.last_error: str | None = None
        #: reads done (tests wait on it), and connections opened (a reconnect after a loss adds one)
        self.reads = 0
        self.connects = 0
        #: reloads of everything because the cursor fell behind the log's retention (the first read's not counted)
        self.full_reloads = 0
        #: (PostgreSQL) the server process of the connection held now, as ``pg_stat_activity.pid`` shows it
        self.backend_pid: int | None = None
        #: the relay's address (only without LISTEN), its client once the scope is known, hints heard
        self.relay = relay if relay and self.is_postgres and not self.listen else None
        self.relay_retry_seconds = relay_retry_seconds
        self.relay_client: RelayClient | None = None
        self.hints = 0
        self._conn: Any = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # -- life ---------------------------------------------------------------------------------------------------
    def start(self) -> FeedFollower:
        """Follow on a thread (again after :meth:`stop`: from the cursor where it stopped)."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="desk-feed", daemon=True)
            self._thread.start()
        return self

    def wake(self) -> None:
        """Read now (this desktop just changed something, or the agent asked to retry)."""
        self._wake.set()

    def request_stop(self) -> None:
        """Ask the thread to stop after the read in hand, without waiting (stop many at once, then :meth:`stop`)."""
        self._stop.set()
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self.relay_client is not None:
            self.relay_client.stop(timeout)
        self._close()

    @property
    def relay_up(self) -> bool:
        """Whether hints come from the relay now (then a read every ``safety_seconds`` is enough)."""
        return self.relay_client is not None and self.relay_client.up

    # -- one read -----------------------------------------------------------------------------------------------
    def read_once(self) -> Batch:
        """Connect if needed, read the changes since the cursor, move the cursor (on the caller's thread)."""
        if self._conn is None:
            self._connect()
        assert self.scope is not None
        if self.is_postgres:
            batch = read_changes_pg(self._conn, self.cursor, self.scope)
        else:
            batch = read_changes_sqlite(self._conn, self.cursor, self.scope)
        self.cursor = batch.cursor
        self.reads += 1
        if batch.reload and batch.reason != "start":
            self.full_reloads += 1
            log.warning("the change feed of %s reloads everything once: %s", self.login, batch.reason)
        return batch

    def _connect(self) -> None:
        if self.is_postgres:
            import psycopg

            conn: Any = psycopg.connect(pg_conninfo(self.url), autocommit=True, prepare_threshold=None,
                                        connect_timeout=5, application_name=self.application_name)
            if self.listen:
                conn.execute(f"LISTEN {CHANNEL}")
                if self.on_presence is not None:
                    conn.execute(f"LISTEN {PRESENCE_CHANNEL}")
        else:
            conn = sqlite3.connect(str(self.url.database), isolation_level=None, timeout=30,
                                   check_same_thread=False)
        try:
            scope = scope_of(conn, self.login, postgres=self.is_postgres)
        except Exception:
            conn.close()
            raise
        if scope is None:
            conn.close()
            raise FeedError(f"there is no active user with the login {self.login!r} in the routing database")
        self._conn, self.scope = conn, scope
        if self.relay is not None and self.relay_client is None and not self._stop.is_set():
            self.relay_client = RelayClient(self.relay, scope, on_hint=self._on_hint, on_state=self._on_relay,
                                            on_presence=self._on_relay_presence,
                                            retry_seconds=self.relay_retry_seconds).start()
        self.backend_pid = int(conn.info.backend_pid) if self.is_postgres else None
        self.connects += 1

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception as exc:
                log.debug("closing the feed's connection: %s", exc)

    # -- the thread ---------------------------------------------------------------------------------------------
    def _set_online(self, online: bool, error: str | None) -> None:
        self.last_error = error
        if online != self.online:
            self.online = online
            if self.on_reachable is not None:
                self.on_reachable(online, error)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                batch = self.read_once()
            except FeedError as exc:
                log.error("the change feed cannot follow: %s", exc)
                self._close()
                self._set_online(False, str(exc))
                self._pause(max(self.retry_seconds, self.safety_seconds))
                continue
            except Exception as exc:
                error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                log.warning("the change feed lost the routing database: %s", error)
                self._close()
                self._set_online(False, error)
                self._pause(self.retry_seconds)
                continue
            self._set_online(True, None)
            if batch.changes or batch.reload:
                try:
                    self.on_batch(batch)
                except Exception:
                    log.exception("a change batch could not be handled")
            try:
                self._wait()
            except Exception as exc:  # the LISTEN wait found the connection gone: the next read says why
                log.debug("waiting for a notification: %s", exc)
                self._close()

    def _on_hint(self, newest: int) -> None:
        self.hints += 1
        cursor = self.cursor
        if cursor is not None and newest <= cursor.last_id:
            return  # read already (this desktop's own action woke it first): no second read for the same change
        self._wake.set()

    def _on_relay(self, _up: bool) -> None:
        self._wake.set()  # read once now: what changed before the relay knew this desktop, or since it left

    def _on_relay_presence(self, payload: str) -> None:
        if self.on_presence is not None:
            try:
                self.on_presence(payload)
            except Exception:
                log.exception("a presence announcement could not be handled")

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _wait(self) -> None:
        """Until the next read is due: a notification (LISTEN), a wake, or the poll (safety) interval."""
        if not self.listen:
            self._pause(self.safety_seconds if self.relay_up else self.poll_seconds)
            return
        waited = 0.0
        while not self._stop.is_set() and waited < self.safety_seconds:
            if self._wake.is_set():
                self._wake.clear()
                return
            heard = list(self._conn.notifies(timeout=_TICK, stop_after=1))
            if heard:
                heard += list(self._conn.notifies(timeout=0))  # drain: one read takes them all
                if self._hand_presence(heard):
                    return
            waited += _TICK

    def _hand_presence(self, heard: list[Any]) -> bool:
        """Presence announcements go to ``on_presence``; True when a change was heard too."""
        changed = False
        for note in heard:
            if note.channel == PRESENCE_CHANNEL:
                if self.on_presence is not None:
                    try:
                        self.on_presence(note.payload)
                    except Exception:
                        log.exception("a presence announcement could not be handled")
            else:
                changed = True
        return changed
