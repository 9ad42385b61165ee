"""The desktop's background work that is not a one-off operation: the embedded mail engine (standalone, in a
child process, :mod:`agentdesk.desk.engine_process`) and the change feed that wakes the lists when the routing
database changed (:mod:`agentdesk.desk.follow`, on the desktop's one long-lived connection).

Both are watched by plain Python threads that report to the GUI thread only through Qt signals (queued
across threads); nothing here touches a widget. The change feed reads the change log with a cursor: LISTEN is
only a wake-up hint on a direct PostgreSQL connection; through a pooler (``[routing] pooled = true``) it reads
when the relay (``[routing] relay``, :mod:`agentdesk.desk.relay`) hints, or every second without one; on SQLite
every second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from agentdesk.config.mailboxes import MailboxSettings
from agentdesk.config.secrets import SecretError, get_secret
from agentdesk.config.settings import Settings
from agentdesk.desk.engine_process import EngineChild
from agentdesk.desk.feed import Batch
from agentdesk.desk.follow import POLL_SECONDS, FeedFollower
from agentdesk.desk.services import Database
from agentdesk.gui.qt import QObject, Signal

log = logging.getLogger(__name__)

#: how long the change feed waits between two looks when the database cannot be reached
RETRY_SECONDS = 5.0


def _secrets(mailboxes: Sequence[MailboxSettings]) -> dict[str, str]:
    """The mailboxes' passwords from the keyring, for the engine process (``password_env`` ones it reads itself)."""
    found: dict[str, str] = {}
    for mailbox in mailboxes:
        if mailbox.oauth is not None:  # its OAuth 2.0 sign-in instead of passwords
            from agentdesk.desk.oauth import engine_secrets

            try:
                found.update(engine_secrets(mailbox))
            except SecretError as exc:
                log.error("%s", exc)
            continue
        for server in (mailbox.imap, mailbox.smtp):
            if server is None or server.password_env:
                continue
            try:
                value = get_secret(server.secret_name)
            except SecretError as exc:
                log.error("%s", exc)
                continue
            if value is not None:
                found[server.secret_name] = value
    return found


class EngineHost(QObject):
    """The standalone desktop's mail engine (ingest every mailbox, route, send) in a child process
    (:class:`~agentdesk.desk.engine_process.EngineChild`, the same in the packaged app).

    A thread of this process feeds the child and turns what it reports into signals; when the child dies it is
    started again (with a growing pause), and every mailbox shows why meanwhile.
    """

    sig_mailbox_state_changed = Signal(str, str, str)
    """A mailbox connected or lost its server: (name, "online" | "offline" | "failed" | "sign_in", English detail)."""
    sig_sync_progressed = Signal(str, int, int)
    """A mailbox's sync went on: (name, messages done, messages to do)."""

    def __init__(self, db: Database, mailboxes: Sequence[MailboxSettings], parent: QObject | None = None,
                 **engine_options: object) -> None:
        super().__init__(parent)
        self.url = db.url.render_as_string(hide_password=False)
        self.mailboxes = tuple(mailboxes)
        self.options: dict[str, object] = dict(engine_options)
        self.child = EngineChild(self.url, self.mailboxes, progress=self.sig_sync_progressed.emit,
                                 status=self.sig_mailbox_state_changed.emit,
                                 secrets=lambda: _secrets(self.mailboxes), options=self.options)

    def start(self) -> None:
        self.child.start()

    def hold(self) -> None:
        """A new sign-in is about to be kept: the running engine's keyring hand-backs are ignored until restart."""
        self.child.hold()

    def restart(self) -> None:
        """Start the engine again with the keyring as it is now (after a mailbox was signed in again)."""
        self.child.restart()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Ask the engine to stop after the step in hand (its pipe closes); wait ``timeout`` seconds for it,
        then end it (None: do not wait)."""
        self.child.stop(timeout)


class ChangeFeed(QObject):
    """The desktop's change feed (:class:`agentdesk.desk.follow.FeedFollower`, on the desktop's one long-lived
    connection) as Qt signals: every committed change that concerns this user, by anyone (this desktop's
    engine, other desktops, routers)."""

    sig_changes_arrived = Signal(object)
    """A :class:`agentdesk.desk.feed.Batch`: changes in id order, or ``reload`` (first read, or behind the log's
    retention: everything should be read again once)."""
    sig_database_changed = Signal()
    """Something that concerns this desktop was committed (one signal per batch)."""
    sig_reachable_changed = Signal(bool)
    """The feed's connection came up (True) or failed (False)."""

    def __init__(self, db: Database, login: str = "", parent: QObject | None = None, *,
                 poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__(parent)
        self.db = db
        #: called on the feed's thread with each batch (the cache follower's wake), before the signals
        self.batch_hooks: list[Callable[[Batch], None]] = []
        #: called on the feed's thread with each presence announcement heard (``agentdesk_presence``)
        self.presence_sink: Callable[[str], None] | None = None
        self.follower = FeedFollower(db.url, login, on_batch=self._on_batch, on_reachable=self._on_reachable,
                                     on_presence=self._on_presence, listen=not db.pooled,
                                     poll_seconds=poll_seconds, retry_seconds=RETRY_SECONDS, relay=db.relay)
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if not self._running:
            self._running = True
            self.follower.start()

    def stop(self) -> None:
        if self._running:
            self._running = False
            self.follower.stop()

    def wake(self) -> None:
        """Read now (this desktop just acted)."""
        self.follower.wake()

    def _on_batch(self, batch: Batch) -> None:
        for hook in list(self.batch_hooks):
            try:
                hook(batch)
            except Exception:
                log.exception("a change batch hook failed")
        self.sig_changes_arrived.emit(batch)
        self.sig_database_changed.emit()

    def _on_reachable(self, online: bool, error: str | None) -> None:
        if not online:
            log.warning("watching the routing database failed: %s", error)
        self.sig_reachable_changed.emit(online)

    def _on_presence(self, payload: str) -> None:
        sink = self.presence_sink
        if sink is not None:
            sink(payload)


def embedded_mailboxes(settings: Settings) -> tuple[MailboxSettings, ...]:
    """The mailboxes this desktop's own engine serves: all of them in standalone (an SQLite routing database);
    none in a team, where ``agentdesk router`` does it. An invalid ``[[mailboxes]]`` entry is logged (the
    router reports it too) and no engine runs."""
    from agentdesk.config.mailboxes import mailboxes_from_settings
    from agentdesk.config.settings import ConfigError

    if not settings.routing.url.startswith("sqlite"):
        return ()
    try:
        return mailboxes_from_settings(settings)
    except ConfigError as exc:
        log.error("the mailboxes cannot be served: %s", exc)
        return ()
