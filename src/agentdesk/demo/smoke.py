"""``AGENTDESK_SMOKE_TEST=round agentdesk demo``: the demo driven through one whole round, for the packaged app's
smoke check (packaging/smoke.py) and anyone who wants to see that an installation works end to end.

The demo opens as usual (offscreen when ``QT_QPA_PLATFORM=offscreen``); then, through the real widgets, the
first agent opens an email routed to them, replies (Reply, a line typed, Send: it goes to the team lead's
review), Demo ▸ Switch user signs in as the lead, who approves it in the approval panel, and the demo's engine
delivers it over SMTP to the demo's mail server. Each step prints one line ``agentdesk smoke: STEP …`` on
standard output, among them the process ids of the helper processes (``children engine=PID cache=PID``) and
how many threads of this process run the mail engine (``engine threads 0``: it must run in its own process).

Then the driver waits for orders, one per line on standard input: ``quit`` closes the demo as its window's
close button does (the process then exits 0, its helpers stopped). With ``AGENTDESK_SMOKE_TEST=children`` the
round is skipped: the driver reports the helpers as soon as they run and waits (the smoke check then kills
this process, to see the helpers notice). A step that does not happen within two minutes ends the process with
exit status 1 and says which.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from email import message_from_bytes
from typing import TYPE_CHECKING, Any

from agentdesk.actions import queries
from agentdesk.actions.context import ActionContext
from agentdesk.demo import center

if TYPE_CHECKING:
    from agentdesk.demo.desktop import Demo
    from agentdesk.gui.mainwindow import MainWindow

ENV = "AGENTDESK_SMOKE_TEST"
MODES = ("round", "children")
STEP_SECONDS = 120.0
REPLY_TEXT = "Thank you for writing. Your parcel left our warehouse today. (agentdesk smoke check)\n\n"


def requested() -> str | None:
    """The demo smoke mode asked for (``round`` or ``children``), or None."""
    mode = os.environ.get(ENV, "")
    return mode if mode in MODES else None


def say(text: str) -> None:
    print(f"agentdesk smoke: {text}", flush=True)


def engine_threads() -> int:
    """How many threads of this process are inside the mail engine's loop (the frozen build used to run it so)."""
    count = 0
    for frame in sys._current_frames().values():
        walking: Any = frame
        while walking is not None:
            code = walking.f_code
            if code.co_name in ("run_forever", "run_once") and code.co_filename.replace("\\", "/").endswith(
                    "agentdesk/routing/engine.py"):
                count += 1
                break
            walking = walking.f_back
    return count


class DemoSmoke:
    """Drives the demo ``demo`` step by step from a timer on the GUI thread."""

    def __init__(self, demo: Demo, mode: str) -> None:
        from agentdesk.gui.qt import QTimer

        self.demo = demo
        self.mode = mode
        self.orders: queue.Queue[str] = queue.Queue()
        self.failed = False
        self.inbound_id: int | None = None
        self.inbound_message_id: str | None = None
        self.draft_id: int | None = None
        self.steps: list[tuple[str, Callable[[], bool]]] = [("helpers running", self._children)]
        if mode == "round":
            self.steps = [
                ("an email routed to the agent", self._email_routed),
                ("the email opened", self._email_opened),
                ("the reply window open", self._compose_open),
                ("the reply sent for review", self._reply_sent),
                ("signed in as the team lead", self._lead_signed_in),
                ("the reply approved", self._approved),
                ("the reply delivered", self._delivered),
                *self.steps,
            ]
        self._step_started = time.monotonic()
        self._compose: Any = None
        self._approve_clicked = False
        self._switch_asked = False
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)
        self._timer.start(100)
        threading.Thread(target=self._read_orders, name="smoke-orders", daemon=True).start()

    # -- plumbing ------------------------------------------------------------------------------------------
    @property
    def window(self) -> MainWindow:
        window = self.demo.desk.window
        assert window is not None
        return window

    def _read_orders(self) -> None:
        for line in sys.stdin:
            self.orders.put(line.strip())
        self.orders.put("quit")  # standard input closed: the smoke check is gone

    def _tick(self) -> None:
        from agentdesk.gui.qt import QApplication

        try:
            if self.steps:
                name, step = self.steps[0]
                if step():
                    self.steps.pop(0)
                    self._step_started = time.monotonic()
                    if not self.steps:
                        say("waiting for orders")
                elif time.monotonic() - self._step_started > STEP_SECONDS:
                    say(f"FAILED: {name} did not happen within {STEP_SECONDS:.0f} s")
                    self.failed = True
                    self._timer.stop()
                    QApplication.exit(1)
                return
            while not self.orders.empty():
                order = self.orders.get()
                if order == "quit":
                    say("closing")
                    self._timer.stop()
                    self.window.close()
                    QApplication.quit()
                    return
                say(f"unknown order {order!r}")
        except Exception as exc:  # a broken step: say which, and end with a failure
            say(f"FAILED: {type(exc).__name__}: {exc}")
            self.failed = True
            self._timer.stop()
            QApplication.exit(1)

    def _ctx(self, login: str) -> ActionContext:
        assert self.demo.world.db is not None
        return ActionContext(self.demo.world.db, login)

    # -- the steps -----------------------------------------------------------------------------------------
    def _email_routed(self) -> bool:
        window = self.window
        model = window.interactions.model
        if window.ops.pending or not model.rowCount():
            return False
        mine = [s for s in queries.list_interactions(self._ctx(center.FIRST_LOGIN))
                if s.direction == "inbound" and s.state == "assigned" and model.row_of(int(s.id)) >= 0]
        if not mine:
            return False
        self.inbound_id = int(mine[0].id)
        say(f"email {self.inbound_id} routed to {center.FIRST_LOGIN}: {mine[0].subject}")
        window.interactions.view.selectRow(model.row_of(self.inbound_id))
        return True

    def _email_opened(self) -> bool:
        detail = self.window.email.detail
        if detail is None or int(detail.id) != self.inbound_id or self.window.ops.pending:
            return False
        self.inbound_message_id = detail.message_id
        self.window.commands["reply"].trigger()
        return True

    def _compose_open(self) -> bool:
        windows = list(self.window.compose_windows.values())
        if not windows or not windows[0].send_button.isEnabled():
            return False
        compose = self._compose = windows[0]
        compose.body.moveCursor(compose.body.textCursor().MoveOperation.Start)
        compose.body.insertPlainText(REPLY_TEXT)
        self.draft_id = int(compose.outbound_id)
        compose.send_button.click()
        return True

    def _reply_sent(self) -> bool:
        assert self.draft_id is not None
        if self.draft_id in self.window.compose_windows:
            return False
        state = queries.get_interaction(self._ctx(center.FIRST_LOGIN), self.draft_id).state
        if state != "review":
            return False
        say(f"reply {self.draft_id} written and sent for review")
        assert self.demo.desk.menu is not None
        self.demo.desk.menu.user_actions[center.LEAD_LOGIN].trigger()
        return True

    def _lead_signed_in(self) -> bool:
        window = self.window
        if window.session.ctx.login != center.LEAD_LOGIN or window.approval is None:
            return False
        say(f"signed in as the team lead {center.LEAD_LOGIN}")
        return True

    def _approved(self) -> bool:
        approval = self.window.approval
        assert approval is not None and self.draft_id is not None
        if not self._approve_clicked:
            rows = [r for r in range(approval.queue.rowCount())
                    if int(approval.queue.record(r).outbound_id) == self.draft_id]
            if not rows:
                return False
            if approval.detail is None or int(approval.detail.outbound_id) != self.draft_id:
                approval.view.selectRow(rows[0])
                return False
            if not approval.approve_button.isEnabled():
                return False
            approval.approve_button.click()
            self._approve_clicked = True
            return False
        state = queries.get_interaction(self._ctx(center.LEAD_LOGIN), self.draft_id).state
        if state not in ("outbox", "sent"):
            return False
        say(f"reply {self.draft_id} approved by {center.LEAD_LOGIN}")
        return True

    def _delivered(self) -> bool:
        smtp = self.demo.world.smtp
        assert smtp is not None
        for message in list(smtp.delivered):
            parsed = message_from_bytes(message.data)
            if parsed.get("In-Reply-To", "").strip() == self.inbound_message_id:
                say(f"reply delivered over SMTP to {parsed['To']}: {parsed['Message-ID']}")
                return True
        return False

    def _children(self) -> bool:
        engine = self.demo.world.engine
        follower = getattr(self.window.desk_cache, "follower", None)
        engine_pid = engine.pid if engine is not None else None
        proc = getattr(follower, "_proc", None)
        cache_pid = proc.pid if proc is not None else None
        if engine_pid is None or cache_pid is None:
            return False
        say(f"children engine={engine_pid} cache={cache_pid} app={os.getpid()}")
        say(f"engine threads {engine_threads()}")
        return True


def drive(demo: Demo, mode: str) -> DemoSmoke:
    say(f"demo open, pid {os.getpid()}, mode {mode}")
    return DemoSmoke(demo, mode)
