"""Measuring the desktop from outside: the GUI thread's heartbeat, an agent played by timers, and the hidden
``AGENTDESK_PROBE`` hooks that the benchmarks and the packaged app's smoke check use.

The same code runs in a source install and in the packaged app, so the benchmarks (bench/bench_startup.py,
bench/bench_gui_stall.py) time both the same way, as whole processes:

- ``AGENTDESK_PROBE=ready``: once the main window is usable (shown, My interactions listed with its first page
  of rows fetched, the local cache open), print ``agentdesk probe: ready ROWS CPU_SECONDS`` (what this process
  used so far: steadier than the wall clock on a shared machine) and quit.
- ``AGENTDESK_PROBE=stall:N``: once it is usable, play the agent (scroll a page every 150 ms, open an email
  every 600 ms) and measure the heartbeat until the embedded engine has ingested N messages of every mailbox,
  and 5 s more; then print ``agentdesk probe: stall {JSON}`` and quit.

Nothing here changes what the desktop does; without the variable nothing is installed.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from typing import TYPE_CHECKING, Any

from agentdesk.gui.qt import QApplication, QElapsedTimer, QObject, Qt, QTimer

if TYPE_CHECKING:
    from agentdesk.gui.mainwindow import MainWindow

ENV = "AGENTDESK_PROBE"
HEARTBEAT_MS = 5
BUDGET_MS = 50.0
SCROLL_MS = 150
OPEN_MS = 600
AFTER_SECONDS = 5.0
TIMEOUT_SECONDS = 600.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


class Heartbeat(QObject):
    """A precise timer every ``HEARTBEAT_MS`` that records its own lateness: how long the GUI thread could not
    run it (milliseconds)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lateness: list[float] = []
        self._clock = QElapsedTimer()
        self._last = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self._timer.start(HEARTBEAT_MS)

    def stop(self) -> None:
        self._timer.stop()

    def _beat(self) -> None:
        now = self._clock.nsecsElapsed()
        self.lateness.append(max(0.0, (now - self._last) / 1e6 - HEARTBEAT_MS))
        self._last = now

    def figures(self) -> dict[str, float]:
        late = self.lateness or [0.0]
        return {"max_ms": max(late), "p99_ms": percentile(late, 0.99), "p50_ms": statistics.median(late),
                "beats": float(len(self.lateness)), "over_budget": float(sum(1 for x in late if x > BUDGET_MS))}


class AgentPlay(QObject):
    """Timers that play the agent on ``window``: scroll the interaction list a page every ``SCROLL_MS`` and open
    an email every ``OPEN_MS`` (seeded)."""

    def __init__(self, window: MainWindow, seed: int = 7) -> None:
        super().__init__(window)
        self.window = window
        self.opened = 0
        self._rng = random.Random(seed)
        self._scroller, self._opener = QTimer(self), QTimer(self)
        self._scroller.timeout.connect(self._scroll)
        self._opener.timeout.connect(self._open)

    def start(self) -> None:
        self._scroller.start(SCROLL_MS)
        self._opener.start(OPEN_MS)

    def stop(self) -> None:
        self._scroller.stop()
        self._opener.stop()

    def _scroll(self) -> None:
        bar = self.window.interactions.view.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep() if bar.value() < bar.maximum() else 0)

    def _open(self) -> None:
        rows = self.window.interactions.model.rowCount()
        if rows:
            self.window.interactions.view.selectRow(self._rng.randrange(rows))
            self.opened += 1


def usable(window: MainWindow) -> bool:
    """Shown, its first operations done (My interactions listed), the first rows fetched (asked for, as a view
    painting them would) and the local cache open."""
    model = window.interactions.model
    if model.rowCount() and model.fetched_rows == 0:
        model.data(model.index(0, 0))
    cache = getattr(window, "desk_cache", None)
    return (window.isVisible() and window.ops.pending == 0 and (model.rowCount() == 0 or model.fetched_rows > 0)
            and (cache is None or cache.ready.is_set()))


def say(kind: str, text: str) -> None:
    print(f"agentdesk probe: {kind} {text}", flush=True)


class Probe(QObject):
    """What ``AGENTDESK_PROBE`` asks for, on ``window`` (see the module's documentation)."""

    def __init__(self, window: MainWindow, request: str) -> None:
        super().__init__(window)
        self.window = window
        self.mode, _, argument = request.partition(":")
        self.messages = int(argument or 0)
        self.started = time.monotonic()
        self.heartbeat = Heartbeat(self)
        self.play = AgentPlay(window)
        self._measuring_since = 0.0
        self._ingested_at: float | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(2 if self.mode == "ready" else 100)

    def _done_ingesting(self) -> bool:
        engine = self.window.live.engine
        indicators = self.window.live.indicators.mailboxes
        if engine is None or not indicators:
            return False
        return all(i.done >= self.messages and i.total >= self.messages for i in indicators.values())

    def _tick(self) -> None:
        now = time.monotonic()
        if now - self.started > TIMEOUT_SECONDS:
            say("failed", f"timed out after {TIMEOUT_SECONDS:.0f} s in mode {self.mode}")
            self._finish()
            return
        if self.mode == "ready":
            if usable(self.window):  # the rows listed, and the CPU seconds this process has used so far
                say("ready", f"{self.window.interactions.model.rowCount()} {time.process_time():.3f}")
                self._finish()
            return
        if not self._measuring_since:
            if usable(self.window) or now - self.started > 30:  # the first loads are start-up, not ingest
                self._measuring_since = now
                self.heartbeat.start()
                self.play.start()
            return
        if self._ingested_at is None and self._done_ingesting():
            self._ingested_at = now
        if self._ingested_at is not None and now - self._ingested_at > AFTER_SECONDS:
            figures: dict[str, Any] = self.heartbeat.figures()
            figures.update(ingest_s=self._ingested_at - self.started, opened=self.play.opened,
                           rows=self.window.interactions.model.rowCount())
            say("stall", json.dumps(figures))
            self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        self.heartbeat.stop()
        self.play.stop()
        self.window.close()
        QApplication.quit()


def install(window: MainWindow) -> Probe | None:
    """The probe ``AGENTDESK_PROBE`` asks for on ``window``; None when it is not set."""
    request = os.environ.get(ENV, "")
    if not request:
        return None
    if request.partition(":")[0] not in ("ready", "stall"):
        print(f"agentdesk: {ENV}={request!r} is not a probe (ready, stall:N); ignored", file=sys.stderr)
        return None
    return Probe(window, request)
