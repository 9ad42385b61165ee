"""The status bar's live part: each mailbox's connection and sync progress (standalone, where the desktop runs
the mail engine), the newest notice, and :class:`LiveDesk`, which starts the engine and the change feed and
turns what they report into indicators, notifications and list reloads.

The database's own indicator is the main window's (it follows ``Ops.sig_connection_changed``); the change
feed reports to it through ``Ops.report_connection``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from agentdesk.actions import outbox
from agentdesk.config.mailboxes import MailboxSettings
from agentdesk.desk.feed import Batch, PanelChanges
from agentdesk.gui import resources
from agentdesk.gui.dialogs.oauth_signin import SignInAgainDialog
from agentdesk.gui.live import ChangeFeed, EngineHost
from agentdesk.gui.notices import Arrived, Decided, LiveUpdates
from agentdesk.gui.qt import (
    QEvent,
    QHBoxLayout,
    QLabel,
    QLocale,
    QObject,
    QProgressBar,
    Qt,
    QToolButton,
    QWidget,
    Signal,
)
from agentdesk.gui.tray import DeskNotifier

if TYPE_CHECKING:
    from agentdesk.gui.mainwindow import MainWindow

log = logging.getLogger(__name__)

#: how long quitting waits for the engine's step in hand before it ends the engine process
ENGINE_STOP_SECONDS = 10.0


def _repolish(widget: QWidget, name: str) -> None:
    widget.setObjectName(name)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class MailboxIndicator(QWidget):
    """● NAME — connecting, connected, syncing (with a progress bar), offline, "check the settings", or
    "sign in again" with a [Sign in again] button beside it (an OAuth 2.0 mailbox whose sign-in the provider
    refused or revoked)."""

    sig_sign_in_requested = Signal(str)
    """The agent clicked "Sign in again" (the mailbox's name)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"mailbox_{name}")
        self.name = name
        self.state = "connecting"
        self.detail = ""
        self.done = self.total = 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sync_progress")
        self.progress.setMaximumWidth(110)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.sign_in_button = QToolButton(self)
        self.sign_in_button.setObjectName("sign_in_again_button")
        self.sign_in_button.setCursor(Qt.CursorShape.PointingHandCursor)
        # it must read as a button in the flat status bar: the one thing to do about the red state beside it
        self.sign_in_button.setStyleSheet("QToolButton { border: 1px solid #dc2626; border-radius: 4px; "
                                          "padding: 1px 10px; color: #b91c1c; font-weight: 600; }"
                                          "QToolButton:hover { background: #fee2e2; }")
        self.sign_in_button.hide()
        self.sign_in_button.clicked.connect(lambda: self.sig_sign_in_requested.emit(self.name))
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        layout.addWidget(self.sign_in_button)
        self.retranslate_ui()

    @property
    def syncing(self) -> bool:
        return self.total > 0 and self.done < self.total

    def set_state(self, state: str, detail: str) -> None:
        self.state, self.detail = state, detail
        if state != "online":
            self.done = self.total = 0
        self.retranslate_ui()

    def set_progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if total:
            self.state = "online"
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        name = self.name
        if self.state == "offline":
            text, look = self.tr("● %1: offline").replace("%1", name), "connection_offline"
            tip = self.tr("Mailbox %1 cannot reach its server; agentdesk keeps trying. You can go on reading "
                          "and drafting. %2").replace("%1", name).replace("%2", self.detail)
        elif self.state == "failed":
            text, look = self.tr("● %1: check the settings").replace("%1", name), "connection_offline"
            tip = self.tr("Mailbox %1: the server refused the settings or the password. %2") \
                .replace("%1", name).replace("%2", self.detail)
        elif self.state == "sign_in":
            text, look = self.tr("● %1: sign in again").replace("%1", name), "connection_offline"
            tip = self.tr("Mailbox %1: the mail provider no longer accepts the sign-in; click “Sign in again”. "
                          "Replies wait in the outbox. %2").replace("%1", name) \
                .replace("%2", self.detail)
        elif self.state == "connecting":
            text, look = self.tr("● %1: connecting…").replace("%1", name), "muted"
            tip = self.tr("Mailbox %1: connecting to its server").replace("%1", name)
        elif self.syncing:
            locale = QLocale()
            text = self.tr("● %1: syncing %2 / %3").replace("%1", name).replace(
                "%2", locale.toString(self.done)).replace("%3", locale.toString(self.total))
            look = "connection_ok"
            tip = self.tr("Mailbox %1: fetching new mail").replace("%1", name)
        else:
            text, look = f"● {name}", "connection_ok"
            tip = self.tr("Mailbox %1: connected").replace("%1", name)
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.setAccessibleName(text)
        self.sign_in_button.setVisible(self.state == "sign_in")
        self.sign_in_button.setText(self.tr("Sign in again…"))
        self.sign_in_button.setToolTip(self.tr("Sign mailbox %1 in again in your browser; the replies waiting in "
                                               "the outbox then go out").replace("%1", name))
        _repolish(self.label, look)
        self.progress.setVisible(self.syncing)
        if self.syncing:
            self.progress.setMaximum(self.total)
            self.progress.setValue(self.done)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class StatusIndicators(QWidget):
    """The mailboxes' indicators and the newest notice, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_indicators")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self.notice_button = QToolButton(self)
        self.notice_button.setObjectName("notice_button")
        self.notice_button.setAutoRaise(True)
        self.notice_button.setIcon(resources.icon("email"))
        self.notice_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.notice_button.hide()
        self._layout.addWidget(self.notice_button)
        self.mailboxes: dict[str, MailboxIndicator] = {}

    sig_sign_in_requested = Signal(str)
    """A mailbox's "Sign in again" was clicked (its name)."""

    def add_mailbox(self, name: str) -> MailboxIndicator:
        indicator = self.mailboxes.get(name)
        if indicator is None:
            indicator = MailboxIndicator(name, self)
            indicator.sig_sign_in_requested.connect(self.sig_sign_in_requested)
            self._layout.addWidget(indicator)
            self.mailboxes[name] = indicator
        return indicator

    def show_notice(self, title: str, text: str) -> None:
        full = f"{title}: {text}"
        metrics = self.notice_button.fontMetrics()
        self.notice_button.setText(metrics.elidedText(full, Qt.TextElideMode.ElideRight, 420))
        self.notice_button.setToolTip(full)
        self.notice_button.setAccessibleName(full)
        self.notice_button.show()


class LiveDesk(QObject):
    """Keeps the main window live: the embedded engine, the change feed, notifications and indicators."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.indicators = StatusIndicators(window)
        window.statusBar().insertPermanentWidget(0, self.indicators)
        self.notifier = DeskNotifier(window)
        self.updates = LiveUpdates(window.ops, window.session.is_lead, self)
        self.feed = ChangeFeed(window.session.ctx.db, window.session.ctx.login, self)
        # the cache follower (a child process) has no connection of its own to wait on: the feed wakes it
        self.feed.batch_hooks.append(lambda _batch: window.desk_cache.follower.wake())
        self.feed.presence_sink = self._on_feed_presence
        self.engine: EngineHost | None = None
        # full reloads because the change feed fell behind the log's retention
        self.full_reloads = 0
        # batches the panels followed (tests)
        self.followed = 0
        self._notice_id: int | None = None
        self.feed.sig_database_changed.connect(self.updates.on_feed_database_changed)
        self.feed.sig_changes_arrived.connect(self.on_feed_changes_arrived)
        self.feed.sig_reachable_changed.connect(window.ops.report_connection)
        self.updates.sig_interactions_arrived.connect(self.on_updates_interactions_arrived)
        self.updates.sig_review_decided.connect(self.on_updates_review_decided)
        self.updates.sig_review_waiting.connect(self.on_updates_review_waiting)
        # the lists follow the feed's batches (on_feed_changes_arrived), not the notices' look; but nothing in the
        # database changes when a snooze comes due: the look that finds it makes My interactions read again
        self.updates.sig_follow_ups_due.connect(self.on_updates_follow_ups_due)
        self.notifier.sig_notice_shown.connect(self.on_notifier_notice_shown)
        self.notifier.sig_open_requested.connect(self.open_interaction)
        self.indicators.notice_button.clicked.connect(self.on_notice_button_clicked)
        self.indicators.sig_sign_in_requested.connect(self.on_indicator_sign_in_requested)
        self.sign_in_dialog: SignInAgainDialog | None = None
        #: mailboxes signed in again whose waiting replies are made due once the engine runs with the new sign-in
        self._signed_in_again_names: set[str] = set()

    # -- starting and stopping ---------------------------------------------------------------------------
    def start(self, mailboxes: Sequence[MailboxSettings] = (), **engine_options: Any) -> None:
        """Watch the database; with ``mailboxes`` (standalone), run the mail engine too."""
        self.updates.look_now()  # the baseline
        self.feed.start()  # exact (a cursor over the change log): no safety timer beside it
        if mailboxes and self.engine is None:
            self.engine = EngineHost(self.window.session.ctx.db, mailboxes, self, **engine_options)
            for mailbox in mailboxes:
                if mailbox.imap is not None:
                    self.indicators.add_mailbox(mailbox.name)
            self.engine.sig_mailbox_state_changed.connect(self.on_engine_mailbox_state_changed)
            self.engine.sig_sync_progressed.connect(self.on_engine_sync_progressed)
            self.engine.start()

    def stop(self, *, block: bool = True) -> None:
        """Stop watching and ask the engine to stop after the step in hand; ``block``: wait for it (at most
        ``ENGINE_STOP_SECONDS``, then it is ended). Closing the window asks; ``app.run`` waits, window gone."""
        self.updates.stop()
        self.feed.stop()
        if self.engine is not None:
            self.engine.stop(timeout=ENGINE_STOP_SECONDS if block else None)
            if block:
                self.engine = None
        self.notifier.close()

    def _on_feed_presence(self, payload: str) -> None:
        """(the feed's thread) Who is on which interaction, heard on the feed's connection."""
        board = self.window.presence.board
        if board is not None:
            board.heard(payload)

    # -- slots ---------------------------------------------------------------------------------------------
    def on_feed_changes_arrived(self, batch: Batch) -> None:
        """The panels follow the change feed: the rows of the interactions that changed, the workbins, the
        approval queue and the transfer offers only when a change of theirs came (no timer, no full refresh)."""
        if not batch.reload:
            self.follow(batch.panels())
            return
        if batch.reason != "start":
            # the cursor fell behind the change log's retention (away over a week): the one full reload, said
            # to the agent (the feed logged it and counts it; the cache's pass, woken by the feed, reads all too)
            self.full_reloads += 1
            self.on_updates_lists_changed()
            self.notifier.notify(self.tr("Everything read again"), self.tr(
                "This desktop was away longer than the team database keeps its list of changes, so your lists "
                "were read again in full once."))

    def on_engine_mailbox_state_changed(self, name: str, state: str, detail: str) -> None:
        indicator = self.indicators.add_mailbox(name)
        if state == "sign_in" and indicator.state != "sign_in":
            self.notifier.notify(self.tr("Mailbox %1: sign in again").replace("%1", name),
                                 self.tr("The mail provider no longer accepts the sign-in. Replies wait in the "
                                         "outbox; click “Sign in again” in the status bar."), None)
        indicator.set_state(state, detail)
        if state == "online" and name in self._signed_in_again_names:
            # the engine runs with the new sign-in now (the old one could still refuse a reply made due before)
            self._signed_in_again_names.discard(name)
            self.window.ops.run(outbox.send_waiting_now, name, owner=self)

    def on_indicator_sign_in_requested(self, name: str) -> None:
        """The same browser sign-in as the setup assistant's; then the engine starts again with it and the
        replies that waited are due at once."""
        mailbox = next((m for m in (self.engine.mailboxes if self.engine else ()) if m.name == name), None)
        if mailbox is None or mailbox.oauth is None:
            return
        indicator = self.indicators.add_mailbox(name)
        dialog = SignInAgainDialog(mailbox.oauth, indicator.detail, self.window,
                                   before_keep=self.engine.hold if self.engine else None)
        dialog.sig_kept.connect(lambda: self._signed_in_again(name))
        self.sign_in_dialog = dialog
        dialog.open()

    def _signed_in_again(self, name: str) -> None:
        self.indicators.add_mailbox(name).set_state("connecting", "")
        self._signed_in_again_names.add(name)
        if self.engine is not None:
            self.engine.restart()

    def on_engine_sync_progressed(self, name: str, done: int, total: int) -> None:
        self.indicators.add_mailbox(name).set_progress(done, total)

    def on_updates_interactions_arrived(self, arrived: tuple[Arrived, ...]) -> None:
        count = self.updates.arrived_count
        first = arrived[0] if arrived else None
        if count == 1 and first is not None:
            text = self.tr("“%1” from %2").replace("%1", first.subject).replace("%2", first.sender)
            self.notifier.notify(self.tr("New interaction"), text, first.interaction_id)
        else:
            shown = ", ".join(f"“{a.subject}”" for a in arrived)
            self.notifier.notify(self.tr("%1 new interactions").replace("%1", str(count)), shown,
                                 first.interaction_id if first else None)

    def on_updates_review_decided(self, decided: Decided) -> None:
        if decided.decision == "approved":
            title = self.tr("Reply approved")
            text = self.tr("“%1” was approved and goes to the customer.").replace("%1", decided.subject)
        elif decided.decision == "rejected":
            title = self.tr("Reply rejected")
            text = self.tr("“%1” came back: %2").replace("%1", decided.subject).replace("%2", decided.note or "")
        else:
            title = self.tr("Reply not sent")
            text = self.tr("“%1” needs your attention: %2").replace("%1", decided.subject).replace(
                "%2", decided.note or "")
        self.notifier.notify(title, text, decided.interaction_id)

    def on_updates_follow_ups_due(self, due: tuple[Arrived, ...]) -> None:
        first = due[0]
        text = "\n".join(f"“{d.subject}”" for d in due)
        self.notifier.notify(self.tr("Follow-up due"), text, first.interaction_id)
        self.window.interactions.reload()

    def on_updates_review_waiting(self, count: int) -> None:
        self.notifier.notify(self.tr("Waiting for your review"),
                             self.tr("%1 more replies of your team wait in the approval panel.").replace(
                                 "%1", str(count)), None)

    def follow(self, changes: PanelChanges) -> None:
        window = self.window
        self.followed += 1
        if changes.interactions or changes.transfers:
            window.interactions.follow(changes.interactions, offers=changes.transfers)
        if changes.workbins:
            window.workbins.reload()
        if changes.review and window.approval is not None:
            window.approval.reload()

    def on_updates_lists_changed(self) -> None:
        window = self.window
        window.interactions.reload()
        window.workbins.reload()
        if window.approval is not None:
            window.approval.reload()

    def on_notifier_notice_shown(self, title: str, text: str) -> None:
        """The notice stays in the status bar (the only place it shows when there is no tray)."""
        self._notice_id = self.notifier.last_interaction
        self.indicators.show_notice(title, text)

    def on_notice_button_clicked(self) -> None:
        self.indicators.notice_button.hide()
        if self._notice_id is not None:
            self.open_interaction(self._notice_id)

    def open_interaction(self, interaction_id: int) -> None:
        self.window.on_interactions_interaction_selected(interaction_id)
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
