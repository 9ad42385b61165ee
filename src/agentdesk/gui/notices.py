"""What is new for me since the last look, announced as signals the status bar, the tray and the lists act on.
What is new is computed by :func:`agentdesk.desk.notices.look` on the worker; here is when to look.

A look is taken when the change feed says the database changed (at most every ``MIN_INTERVAL_MS``, and
never two at once); the first look is the baseline and announces nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from agentdesk.desk.notices import Arrived as Arrived
from agentdesk.desk.notices import Decided as Decided
from agentdesk.desk.notices import News, Snapshot, look
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QObject, QTimer, Signal

#: the shortest time between two looks, and the pause that lets a burst of commits settle first
MIN_INTERVAL_MS = 1500
SETTLE_MS = 250
#: the safety look's period
SAFETY_MS = 60_000
#: the longest a wake-up timer waits at once (then it looks and sets itself again)
WAKE_MAX_S = 24 * 3600


class LiveUpdates(QObject):
    """Takes a look when the database changed and announces what is new for me."""

    sig_interactions_arrived = Signal(object)
    """New interactions were assigned to me: a tuple of :class:`Arrived` (the newest few) — see ``count``."""
    sig_review_decided = Signal(object)
    """A reply of mine was reviewed: a :class:`Decided`."""
    sig_review_waiting = Signal(int)
    """Leads: this many more replies of my team wait for review."""
    sig_lists_changed = Signal()
    """What I see changed: the lists should reload."""
    sig_follow_ups_due = Signal(object)
    """Interactions of mine came back from their snooze: a tuple of :class:`Arrived` (the first few)."""

    def __init__(self, ops: Ops, lead: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.lead = lead
        self.snapshot: Snapshot | None = None
        self.arrived_count = 0
        self._busy = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.look_now)
        self._cooldown = QTimer(self)
        self._cooldown.setSingleShot(True)
        self._cooldown.setInterval(MIN_INTERVAL_MS)
        # a safety look now and then, for a change that came without a notification (an older router)
        self.safety = QTimer(self)
        self.safety.setInterval(SAFETY_MS)
        self.safety.timeout.connect(self.on_feed_database_changed)
        # a look when the next snoozed interaction comes back (nothing in the database changes at that moment)
        self.wake = QTimer(self)
        self.wake.setSingleShot(True)
        self.wake.timeout.connect(self.on_feed_database_changed)

    def on_feed_database_changed(self) -> None:
        """A burst of commits becomes one look, at most every ``MIN_INTERVAL_MS``."""
        if self._busy:
            self._again = True
            return
        if not self._timer.isActive():
            self._timer.start(max(SETTLE_MS, self._cooldown.remainingTime()))

    def look_now(self) -> None:
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._cooldown.start()
        self.ops.run(look, self.lead, self.snapshot, on_done=self._on_looked, on_error=self._on_failed, owner=self)

    def stop(self) -> None:
        self._timer.stop()
        self._cooldown.stop()
        self.safety.stop()
        self.wake.stop()

    def _on_failed(self, _error: BaseException) -> bool:
        self._finish()
        return False  # the default presentation: offline, or a calm message

    def _on_looked(self, news: News) -> None:
        self.snapshot = news.snapshot
        if news.arrived_count:
            self.arrived_count = news.arrived_count
            self.sig_interactions_arrived.emit(news.arrived)
        for decided in news.decided:
            self.sig_review_decided.emit(decided)
        if news.waiting:
            self.sig_review_waiting.emit(news.waiting)
        if news.due:
            self.sig_follow_ups_due.emit(news.due)
        if news.changed:
            self.sig_lists_changed.emit()
        self._schedule_wake(news.next_wake)
        self._finish()

    def _schedule_wake(self, moment: datetime | None) -> None:
        if moment is None:
            self.wake.stop()
            return
        seconds = (moment - datetime.now(UTC)).total_seconds()
        # a second after it (so the look sees it past), and at most a day ahead (a timer's range; looked again)
        self.wake.start(int(min(max(seconds + 1, 1), WAKE_MAX_S) * 1000))

    def _finish(self) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self.on_feed_database_changed()

