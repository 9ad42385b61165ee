"""The wake-up relay: one LISTEN for a whole center, and "read now" hints pushed to the desktops over TCP.

Behind a transaction pooler (PgBouncer) a desktop cannot LISTEN, so on its own it reads the change log every
second: a change reaches it half a second later on average and up to a second plus the read at worst, and
500 idle desktops cost PostgreSQL 500 reads a second. ``agentdesk relay`` (:class:`Relay`) runs beside the
router with one direct connection to PostgreSQL: it listens (``agentdesk_changes``, ``agentdesk_presence``),
reads the change log itself once per notification burst (one statement for everyone) and tells each desktop
concerned "there is a change up to id N" (``{"id": N}``), nothing else: no customer data, no interaction id,
no kind. The desktop (:class:`RelayClient`, started by :class:`agentdesk.desk.follow.FeedFollower`) then reads
the change log through the pooler on its own login, under row-level security, with its exact cursor. So the
relay can lose nothing that matters: a hint lost or late only delays a read; a desktop that cannot reach the
relay reads every second as before, and one connected to it still reads every ``SAFETY_SECONDS``.

Presence ("who else is on this interaction") travels by NOTIFY too, which a pooler does not carry: the relay
forwards each announcement (``{"presence": payload}``) to the desktops of the interaction's team.

The protocol is JSON lines over TCP. The desktop says whose changes it follows (``{"team": T, "user": U,
"all": false}``: its scope, which the database gave it); the relay answers ``{"hello": newest id}``, then sends
hints, presence, and ``{"ping": 1}`` every ``PING_SECONDS`` so that a desktop notices a relay gone silent.
A subscription is not authenticated: it tells whoever connects only when something changed for a team or a
user, never what; see the README's deployment section (firewall, which hosts may connect).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import URL, make_url

from agentdesk.config.settings import RELAY_PORT, parse_address
from agentdesk.desk.feed import Batch, Cursor, Scope, read_changes_pg

log = logging.getLogger(__name__)

CHANGES_CHANNEL = "agentdesk_changes"
PRESENCE_CHANNEL = "agentdesk_presence"
#: the relay's default TCP port
DEFAULT_PORT = RELAY_PORT
#: the relay reads the change log this often even when no notification came (a lost NOTIFY costs this much)
RELAY_SAFETY_SECONDS = 5.0
#: how often the relay says it is alive; a desktop that hears nothing for ``3 ×`` this reconnects
PING_SECONDS = 10.0
#: a desktop whose unsent hints pile up past this is dropped (it reconnects, and reads once)
_HIGH_WATER = 256 * 1024


@dataclass(eq=False)
class _Subscriber:
    writer: asyncio.StreamWriter
    scope: Scope


class Relay:
    """Listens on the routing database ``url`` (a direct connection) and serves desktops on ``host:port``.

    :meth:`start` runs it on a thread of its own (tests, the CLI verb); :attr:`port` is the port bound (give 0
    to let the system choose). Counters (``hints``, ``reads``, ``subscribers``) are for tests and the log."""

    def __init__(self, url: URL | str, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *,
                 safety_seconds: float = RELAY_SAFETY_SECONDS, ping_seconds: float = PING_SECONDS,
                 retry_seconds: float = 2.0) -> None:
        self.url = make_url(url)
        if self.url.get_backend_name() != "postgresql":
            raise ValueError("the relay serves a team's PostgreSQL routing database (a standalone desktop needs none)")
        self.host = host
        self.port = port
        self.safety_seconds = safety_seconds
        self.ping_seconds = ping_seconds
        self.retry_seconds = retry_seconds
        self.reads = 0
        self.hints = 0
        self.newest = 0
        self.database_up: bool | None = None
        self._subscribers: set[_Subscriber] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._stop = threading.Event()
        #: set while LISTEN is in place on the database: only then are desktops welcomed
        self._following = threading.Event()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._threads: list[threading.Thread] = []

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    # -- life ---------------------------------------------------------------------------------------------------
    def start(self) -> Relay:
        """Bind and serve on a thread; returns once listening (raises OSError when the port cannot be bound)."""
        thread = threading.Thread(target=self._serve_thread, name="relay-serve", daemon=True)
        thread.start()
        self._threads.append(thread)
        self._ready.wait(30)
        if self._error is not None:
            raise self._error
        database = threading.Thread(target=self._database_thread, name="relay-database", daemon=True)
        database.start()
        self._threads.append(database)
        self._following.wait(10)  # desktops that connect before are told to poll, and try again
        return self

    def run(self) -> None:
        """Serve until :meth:`stop` (the CLI verb: SIGTERM calls stop)."""
        self.start()
        while not self._stop.wait(1.0):
            pass
        self._join()

    def stop(self) -> None:
        self._stop.set()
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # closed meanwhile
                loop.call_soon_threadsafe(loop.stop)
        self._join()

    def _join(self) -> None:
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(10)
        self._threads.clear()

    def __enter__(self) -> Relay:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the desktops' side (the event loop) ----------------------------------------------------------------------
    def _serve_thread(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            self._server = loop.run_until_complete(asyncio.start_server(self._client, self.host, self.port))
            self.port = int(self._server.sockets[0].getsockname()[1])
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            loop.close()
            return
        log.info("relay listening on %s:%d", self.host, self.port)
        self._ready.set()
        pinger = loop.create_task(self._ping())
        try:
            loop.run_forever()
        finally:
            pinger.cancel()
            self._server.close()
            for sub in list(self._subscribers):
                sub.writer.close()
            self._subscribers.clear()
            loop.run_until_complete(asyncio.sleep(0))
            loop.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sub: _Subscriber | None = None
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=30)
            scope = _scope_of(line)
            if scope is None:
                writer.write(b'{"error": "say whose changes: {\\"team\\": T, \\"user\\": U, \\"all\\": false}"}\n')
                await writer.drain()
                return
            if not self._following.is_set():  # a hello now would promise hints that cannot come: poll meanwhile
                writer.write(b'{"error": "the relay is not following the database at the moment"}\n')
                await writer.drain()
                return
            sub = _Subscriber(writer, scope)
            self._subscribers.add(sub)
            writer.write(json.dumps({"hello": self.newest}).encode() + b"\n")
            await writer.drain()
            while await reader.readline():  # the desktop says nothing more; EOF: it left
                pass
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
            log.debug("a desktop's relay connection ended: %s", exc)
        finally:
            if sub is not None:
                self._subscribers.discard(sub)
            writer.close()

    async def _ping(self) -> None:
        while True:
            await asyncio.sleep(self.ping_seconds)
            for sub in list(self._subscribers):
                self._send(sub, b'{"ping": 1}\n')

    def _send(self, sub: _Subscriber, data: bytes) -> None:
        transport = sub.writer.transport
        if transport.is_closing():
            self._subscribers.discard(sub)
            return
        if transport.get_write_buffer_size() > _HIGH_WATER:
            log.warning("a desktop does not read its relay connection; dropping it (it reads once when back)")
            self._subscribers.discard(sub)
            transport.abort()
            return
        sub.writer.write(data)

    def _dispatch(self, batch: Batch, everyone: bool) -> None:
        """(the event loop) Hint every desktop the batch concerns (all of them after a loss or a reload)."""
        by_team: dict[int, int] = {}
        by_user: dict[int, int] = {}
        for change in batch.changes:
            if change.team_id is not None:
                by_team[change.team_id] = max(by_team.get(change.team_id, 0), change.id)
            if change.user_id is not None:
                by_user[change.user_id] = max(by_user.get(change.user_id, 0), change.id)
        for sub in list(self._subscribers):
            scope = sub.scope
            if everyone or (scope.everything and batch.changes):
                newest = self.newest
            else:
                newest = max(by_team.get(scope.team_id, 0) if scope.team_id is not None else 0,
                             by_user.get(scope.user_id, 0) if scope.user_id is not None else 0)
            if newest:
                self.hints += 1
                self._send(sub, json.dumps({"id": newest}).encode() + b"\n")

    def _drop_all(self) -> None:
        """(the event loop) Hang up on every desktop (the relay lost the database: they poll meanwhile)."""
        for sub in list(self._subscribers):
            self._subscribers.discard(sub)
            sub.writer.close()

    def _presence(self, payload: str) -> None:
        """(the event loop) An announcement, to the desktops of its team (everyone's when it names none)."""
        try:
            team = json.loads(payload).get("t")
        except (ValueError, AttributeError):
            return
        data = json.dumps({"presence": payload}, ensure_ascii=False).encode() + b"\n"
        for sub in list(self._subscribers):
            if team is None or sub.scope.everything or sub.scope.team_id == team:
                self._send(sub, data)

    def _call(self, fn: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # stopping
                loop.call_soon_threadsafe(fn, *args)

    # -- the database's side (a thread) -------------------------------------------------------------------------
    def _database_thread(self) -> None:
        import psycopg

        from agentdesk.desk.follow import pg_conninfo

        everything = Scope(None, None, everything=True)
        cursor: Cursor | None = None
        lost = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(pg_conninfo(self.url), autocommit=True, prepare_threshold=None,
                                     connect_timeout=5, application_name="agentdesk relay") as conn:
                    conn.execute(f"LISTEN {CHANGES_CHANNEL}")
                    conn.execute(f"LISTEN {PRESENCE_CHANNEL}")
                    first = cursor is None
                    batch = read_changes_pg(conn, cursor, everything)
                    cursor = self._take(batch, everyone=lost or (batch.reload and not first))
                    if first:
                        self.newest = self._newest(conn)
                    self.database_up, lost = True, False
                    self._following.set()
                    log.info("relay following the change log (newest change %d)", self.newest)
                    cursor = self._follow(conn, cursor, everything)
            except Exception as exc:
                self._following.clear()
                self._call(self._drop_all)  # they read every second until the relay follows again
                if self._stop.is_set():
                    return
                error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                if self.database_up is not False:
                    log.warning("the relay lost the routing database: %s (desktops read every second meanwhile)",
                                error)
                self.database_up, lost = False, True
                self._stop.wait(self.retry_seconds)

    def _newest(self, conn: Any) -> int:
        row = conn.execute("SELECT coalesce(max(id), 0) FROM change_log", prepare=False).fetchone()
        return int(row[0]) if row else 0

    def _take(self, batch: Batch, *, everyone: bool) -> Cursor:
        self.reads += 1
        if batch.changes:
            self.newest = max(self.newest, batch.changes[-1].id, batch.cursor.last_id)
        if batch.changes or everyone:
            self._call(self._dispatch, batch, everyone)
        return batch.cursor

    def _follow(self, conn: Any, cursor: Cursor, everything: Scope) -> Cursor:
        last_read = time.monotonic()
        while not self._stop.is_set():
            heard = list(conn.notifies(timeout=0.25, stop_after=1))
            if heard:
                heard += list(conn.notifies(timeout=0))  # drain: one read takes them all
            changed = False
            for note in heard:
                if note.channel == PRESENCE_CHANNEL:
                    self._call(self._presence, note.payload)
                else:
                    changed = True
            if changed or time.monotonic() - last_read >= self.safety_seconds:
                batch = read_changes_pg(conn, cursor, everything)
                cursor = self._take(batch, everyone=batch.reload)
                last_read = time.monotonic()
        return cursor


def _scope_of(line: bytes) -> Scope | None:
    try:
        data = json.loads(line)
        team, user = data.get("team"), data.get("user")
        if (team is not None and not isinstance(team, int)) or (user is not None and not isinstance(user, int)):
            return None
        return Scope(user, team, everything=bool(data.get("all")))
    except (ValueError, AttributeError):
        return None


class RelayClient:
    """A desktop's connection to the relay at ``address``: ``on_hint(id)`` for each hint, ``on_presence(payload)``
    for each announcement, ``on_state(up)`` when the connection came up or went (callbacks on its thread).
    It tries again every ``retry_seconds`` until :meth:`stop`."""

    def __init__(self, address: str, scope: Scope, *, on_hint: Callable[[int], None],
                 on_state: Callable[[bool], None], on_presence: Callable[[str], None] | None = None,
                 retry_seconds: float = 5.0, silence_seconds: float = 3 * PING_SECONDS) -> None:
        self.host, self.port = parse_address(address)
        self.scope = scope
        self.on_hint = on_hint
        self.on_state = on_state
        self.on_presence = on_presence
        self.retry_seconds = retry_seconds
        self.silence_seconds = silence_seconds
        self.up = False
        self.connects = 0
        self.last_error: str | None = None
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> RelayClient:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="desk-relay", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        with self._lock:
            sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._session()
            except (OSError, ValueError) as exc:
                error = str(exc) or type(exc).__name__
                if error != self.last_error:
                    log.info("the relay at %s:%d cannot be reached (%s): reading every second meanwhile",
                             self.host, self.port, error)
                self.last_error = error
            if self.up:
                self.up = False
                self.on_state(False)
            self._stop.wait(self.retry_seconds)

    def _session(self) -> None:
        sock = socket.create_connection((self.host, self.port), timeout=5)
        with self._lock:
            if self._stop.is_set():
                sock.close()
                return
            self._sock = sock
        try:
            sock.settimeout(self.silence_seconds)
            scope = self.scope
            sock.sendall(json.dumps({"team": scope.team_id, "user": scope.user_id,
                                     "all": scope.everything}).encode() + b"\n")
            stream = sock.makefile("rb")
            for line in stream:
                data = json.loads(line)
                if "hello" in data:
                    self.connects += 1
                    self.last_error = None
                    self.up = True
                    self.on_state(True)
                elif "id" in data:
                    self.on_hint(int(data["id"]))
                elif "presence" in data and self.on_presence is not None:
                    self.on_presence(str(data["presence"]))
                elif "error" in data:
                    raise ValueError(f"the relay refused: {data['error']}")
            if not self._stop.is_set():
                raise ConnectionError("the relay closed the connection")
        finally:
            with self._lock:
                self._sock = None
            sock.close()
