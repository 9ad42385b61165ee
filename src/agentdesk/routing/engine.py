"""The engine: ingest every configured mailbox, route what is queued, send what is due.

``run_once()`` is one full pass (what ``agentdesk router --once`` does). ``run_forever()`` keeps one worker
thread per mailbox — sync, then wait for new mail with IDLE (or polling), reconnecting with backoff when the
connection drops — while the calling thread routes and sends every few seconds or as soon as a worker has
ingested something. ``stop()`` (the CLI calls it on SIGTERM) lets each worker finish the batch in hand and
returns. The desktop in standalone mode runs the same engine on a worker thread.

Routing (``agentdesk.routing.assign.assign_queued(db)``) and sending
(``agentdesk.routing.sender.send_due(db, mailboxes)``) are called when those modules are installed. The
caller may add ``housekeeping`` tasks (name → ``task(db)``) run before routing on every pass and tick: the
router and the desktop pass ``agentdesk.actions.transfer.expire_transfer_offers`` (the engine, below the
actions layer, does not import it itself).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from agentdesk.config.mailboxes import MailboxSettings
from agentdesk.config.secrets import SecretError
from agentdesk.mail.imap import (
    Backoff,
    ImapAuthError,
    ImapConnection,
    ImapError,
    ImapSignInRequired,
    ImapTlsError,
)
from agentdesk.routing.db import Database
from agentdesk.routing.ingest import BodyParser, IngestError, parse_bodies, pending_bodies
from agentdesk.routing.quick import database_idle
from agentdesk.routing.sync import FolderSync, SyncResult, sync_folder

log = logging.getLogger(__name__)

#: (mailbox name, messages done, messages to do)
EngineProgress = Callable[[str, int, int], None]
#: a task run on every pass: ``task(db)``; what it returns is kept in ``PassReport.housekeeping``
Housekeeping = Callable[[Database], Any]
#: (mailbox name, state, English detail): state is "online", "offline" (will retry) or "failed" (a setting
#: or password is wrong: retried slowly); called from the mailbox's worker thread
EngineStatus = Callable[[str, str, str], None]

_PERMANENT = (ImapAuthError, ImapTlsError, IngestError, SecretError)
#: an OAuth session is signed in again this many seconds before its access token expires
REAUTH_BEFORE = 120.0


def _hook(module: str, name: str) -> Callable[..., Any] | None:
    if importlib.util.find_spec(module) is None:
        return None
    found = getattr(importlib.import_module(module), name, None)
    return found if callable(found) else None


@dataclass
class PassReport:
    """What one pass did, per mailbox, and what went wrong (mailbox or step → English message)."""

    synced: dict[str, SyncResult] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    routed: Any = None
    sent: Any = None
    housekeeping: dict[str, Any] = field(default_factory=dict)

    @property
    def ingested(self) -> int:
        return sum(len(r.created) + len(r.reports) for r in self.synced.values())


class Engine:
    """Mailbox ingest, routing and the outbox for one routing database."""

    def __init__(self, db: Database, mailboxes: Sequence[MailboxSettings], *,
                 ssl_contexts: Mapping[str, ssl.SSLContext] | None = None,
                 progress: EngineProgress | None = None, connect_attempts: int = 3,
                 tick_seconds: float = 2.0, status: EngineStatus | None = None,
                 housekeeping: Mapping[str, Housekeeping] | None = None, parse_workers: int | None = None,
                 keep_connections: bool = False) -> None:
        self.db = db
        self.mailboxes = tuple(mailboxes)
        self.ssl_contexts = dict(ssl_contexts or {})
        self.progress = progress
        self.status = status
        self.connect_attempts = connect_attempts
        self.tick_seconds = tick_seconds
        self.housekeeping = dict(housekeeping or {})
        #: worker processes that parse bodies while a big sync goes on (default: one per core but one)
        self.parse_workers = max(1, (os.cpu_count() or 2) - 1) if parse_workers is None else parse_workers
        #: keep each mailbox's IMAP connection open from one :meth:`run_once` to the next (until :meth:`close`),
        #: as a running service does: a pass with nothing new is then one SELECT, not a TLS handshake and a login
        self.keep_connections = keep_connections
        self._kept: dict[str, ImapConnection] = {}
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._assign = _hook("agentdesk.routing.assign", "assign_queued")
        self._send = _hook("agentdesk.routing.sender", "send_due")

    # -- control -----------------------------------------------------------------------------------------
    def stop(self) -> None:
        """Ask the engine to stop after the step in hand (safe from a signal handler or another thread)."""
        self._stop.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _connection(self, mailbox: MailboxSettings) -> ImapConnection:
        assert mailbox.imap is not None
        return ImapConnection(mailbox.imap, ssl_context=self.ssl_contexts.get(mailbox.name))

    def _progress_for(self, mailbox: MailboxSettings) -> Callable[[int, int], None] | None:
        if self.progress is None:
            return None
        report = self.progress
        return lambda done, total: report(mailbox.name, done, total)

    # -- one pass ----------------------------------------------------------------------------------------
    def _route_now(self) -> None:
        """Route what a committed batch queued, before its bodies are parsed: the agent sees the email (read
        from its raw bytes) at once; a failure is left to the pass's own routing step."""
        if self._assign is None or self._stop.is_set():
            return
        try:
            self._assign(self.db)
        except Exception:
            log.warning("routing after a batch failed; the pass routes again at its end", exc_info=True)

    def sync_mailbox(self, mailbox: MailboxSettings, conn: ImapConnection | None = None) -> SyncResult:
        """Sync one mailbox, reconnecting with backoff when the connection drops (``connect_attempts``
        tries); committed batches are kept across tries. Each committed batch is routed at once; bodies are
        parsed meanwhile (in worker processes for a big sync) and all of them are written before this
        returns."""
        backoff = Backoff(initial=0.5, maximum=10.0)
        own = conn is None
        conn = conn or self._connection(mailbox)
        total: SyncResult | None = None
        started = time.perf_counter()

        def stored(ids: Sequence[int], raws: Mapping[int, bytes]) -> None:
            bodies.submit([i for i in ids if i in raws], raws)  # the others were stored with their bodies
            self._route_now()

        with BodyParser(self.db, workers=self.parse_workers) as bodies:
            try:
                for attempt in range(1, self.connect_attempts + 1):
                    job = FolderSync(self.db, mailbox, conn, progress=self._progress_for(mailbox),
                                     should_stop=self._stop.is_set, on_stored=stored, prepare=bodies.prepare)
                    try:
                        if not conn.connected:
                            conn.connect()
                        total = _merge(total, job.run())
                        break
                    except _PERMANENT:
                        raise
                    except ImapError as exc:
                        total = _merge(total, job.result)
                        conn.close()
                        if attempt == self.connect_attempts or self._stop.is_set():
                            raise
                        delay = backoff.next_delay()
                        log.warning("%s; trying again in %.1f s", exc, delay)
                        self._stop.wait(delay)
                if total is not None and total.created:
                    log.info("%s: %d new messages stored and routed in %.3f s; parsing their bodies", mailbox.name,
                             len(total.created) + len(total.reports), time.perf_counter() - started)
            finally:
                if own:
                    conn.close()
        assert total is not None
        if total.created or total.reports:
            log.info("%s: every body parsed in %.3f s (%d after their messages were stored)", mailbox.name,
                     time.perf_counter() - started, bodies.done)
        return total

    def _housekeeping(self, report: PassReport) -> None:
        for name, task in self.housekeeping.items():
            try:
                report.housekeeping[name] = task(self.db)
            except Exception as exc:
                log.exception("%s failed", name)
                report.errors[name] = f"{name} failed: {exc}"

    def route_and_send(self, report: PassReport) -> None:
        self._housekeeping(report)
        if self._assign is not None:
            try:
                report.routed = self._assign(self.db)
            except Exception as exc:
                log.exception("routing failed")
                report.errors["routing"] = f"routing failed: {exc}"
        if self._send is not None:
            try:
                report.sent = self._send(self.db, self.mailboxes)
            except Exception as exc:
                log.exception("sending failed")
                report.errors["outbox"] = f"sending failed: {exc}"

    def run_once(self) -> PassReport:
        """One full pass: sync every mailbox that has IMAP, then route, then send. On a SQLite database that a
        quick look (:func:`agentdesk.routing.quick.database_idle`) finds with nothing to route, parse or send,
        and when the sync stored nothing, only the housekeeping tasks run after the sync."""
        report = PassReport()
        idle = self.db.is_sqlite and database_idle(self.db.engine.url.render_as_string(hide_password=False))
        if not idle:
            leftover = pending_bodies(self.db)
            if leftover:
                parse_bodies(self.db, leftover)
        for mailbox in self.mailboxes:
            if mailbox.imap is None or self._stop.is_set():
                continue
            try:
                report.synced[mailbox.name] = self.sync_mailbox(mailbox, self._kept_connection(mailbox))
            except (ImapError, IngestError, SecretError) as exc:
                log.error("%s", exc)
                report.errors[mailbox.name] = str(exc)
        if self._stop.is_set():
            return report
        if idle and not any(r.created or r.reports or r.duplicates for r in report.synced.values()):
            self._housekeeping(report)
        else:
            self.route_and_send(report)
        return report

    def _kept_connection(self, mailbox: MailboxSettings) -> ImapConnection | None:
        if not self.keep_connections:
            return None  # sync_mailbox opens and closes its own
        if mailbox.name not in self._kept:
            self._kept[mailbox.name] = self._connection(mailbox)
        return self._kept[mailbox.name]

    def close(self) -> None:
        """Close the IMAP connections kept by ``keep_connections``."""
        kept, self._kept = self._kept, {}
        for conn in kept.values():
            conn.close()

    # -- service -----------------------------------------------------------------------------------------
    def _worker(self, mailbox: MailboxSettings) -> None:
        assert mailbox.imap is not None
        backoff = Backoff(initial=1.0, maximum=60.0)
        conn = self._connection(mailbox)
        try:
            while not self._stop.is_set():
                try:
                    if conn.connected and conn.token_expiring(REAUTH_BEFORE):
                        conn.close()  # sign in again with a fresh token before the server ends the session
                    if not conn.connected:
                        conn.connect()
                        if self.status is not None:
                            self.status(mailbox.name, "online", "")
                    with BodyParser(self.db, workers=self.parse_workers) as bodies:
                        def stored(ids: Sequence[int], raws: Mapping[int, bytes],
                                   bodies: BodyParser = bodies) -> None:
                            bodies.submit([i for i in ids if i in raws], raws)
                            self._wake.set()  # routed by the main thread now, before the bodies are parsed

                        result = sync_folder(self.db, mailbox, conn, progress=self._progress_for(mailbox),
                                             should_stop=self._stop.is_set, on_stored=stored,
                                             prepare=bodies.prepare)
                    if result.created or result.reports:
                        log.info("%s: %d new, %d duplicates", mailbox.name, len(result.created), result.duplicates)
                        self._wake.set()
                    backoff.reset()
                    if not self._stop.is_set():
                        wait = mailbox.imap.poll_seconds
                        reauth = conn.reauth_at(REAUTH_BEFORE)
                        if reauth is not None:  # wake up in time to sign in again with a fresh token
                            wait = max(1.0, min(wait, reauth - time.time()))
                        conn.wait_for_change(wait, should_stop=self._stop.is_set)
                except Exception as exc:
                    conn.close()
                    permanent = isinstance(exc, _PERMANENT)
                    delay = backoff.next_delay() * (5 if permanent else 1)
                    if self.status is not None:
                        state = "sign_in" if isinstance(exc, ImapSignInRequired) else (
                            "failed" if permanent else "offline")
                        self.status(mailbox.name, state, str(exc))
                    if isinstance(exc, ImapError | IngestError | SecretError):
                        log.error("%s; trying again in %.0f s", exc, delay)
                    else:
                        log.exception("mailbox %s: unexpected error; trying again in %.0f s", mailbox.name, delay)
                    self._stop.wait(delay)
        finally:
            conn.close()

    def run_forever(self) -> None:
        """Serve until :meth:`stop`: a worker per mailbox; routing and sending on this thread."""
        leftover = pending_bodies(self.db)
        if leftover:
            parse_bodies(self.db, leftover)
        workers = [threading.Thread(target=self._worker, args=(m,), name=f"mailbox-{m.name}", daemon=True)
                   for m in self.mailboxes if m.imap is not None]
        for worker in workers:
            worker.start()
        try:
            while not self._stop.is_set():
                self._wake.clear()
                self.route_and_send(PassReport())
                self._wake.wait(self.tick_seconds)
        finally:
            self._stop.set()
            deadline = time.monotonic() + 60
            for worker in workers:
                worker.join(max(0.1, deadline - time.monotonic()))


def _merge(before: SyncResult | None, after: SyncResult) -> SyncResult:
    if before is None:
        return after
    before.total = max(before.total, after.total)
    before.created += after.created
    before.reports += after.reports
    before.duplicates += after.duplicates
    before.bounced += after.bounced
    before.rematched += after.rematched
    before.uidvalidity_changed = before.uidvalidity_changed or after.uidvalidity_changed
    before.stopped = after.stopped
    return before
