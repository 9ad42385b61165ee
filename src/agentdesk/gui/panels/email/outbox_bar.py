"""The outbox bar of the email view: what became of an outbound email the agent sent.

Inside the undo window (option ``undo_send_seconds``) it counts down — "Sending in 8 s — Take back" — and taking it
back makes the reply a draft again, opened in the outbound window. When the connection was lost after the end of
the message went out (*uncertain*): for a mailbox whose server files what it takes in the Sent folder, it says when
that folder decides on its own and shows a search of it (on the worker thread); for one whose server does not, it
says plainly that the server cannot tell and offers no search. Either way the agent may decide: "It was sent" or
"Send again". A refused message shows the server's words; a sent one whose Sent copy could not be filed, the IMAP
server's. My interactions gets each row's outbox state from :func:`agentdesk.actions.outbox.summaries_with_outbox`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from agentdesk.actions import outbox
from agentdesk.gui import display
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, Qt, QTimer, QWidget, Signal

# beyond this many seconds a waiting reply reads as scheduled ("at 09:00"), not as a countdown
COUNTDOWN_LIMIT = 120


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class OutboxBar(QFrame):
    """A bar above the body for the open outbound email while the outbox still has a say in it."""

    sig_draft_reopened = Signal(int)
    """The reply was taken back and is a draft again (its id): open it in the outbound window."""
    sig_outbox_changed = Signal(int)
    """A decision changed the interaction (its id): show it again."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("outbox_bar")
        # the Sent-folder search for uncertain messages (None: this desktop cannot search; set by the window)
        self.sent_search: outbox.SentSearch | None = None
        self.interaction_id: int | None = None
        self.entry: outbox.OutboxView | None = None
        self.check: outbox.SentFolderCheck | None = None
        self._searching: int | None = None  # the interaction whose Sent folder is being searched
        self.text = QLabel(self)
        self.text.setObjectName("outbox_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.take_back_button = self._button("outbox_take_back")
        self.was_sent_button = self._button("outbox_was_sent")
        self.send_again_button = self._button("outbox_send_again")
        self.search_button = self._button("outbox_search_again")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 4, 10, 4)
        layout.addWidget(self.text, 1)
        for button in (self.search_button, self.was_sent_button, self.send_again_button, self.take_back_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.take_back_button.clicked.connect(self.on_take_back_button_clicked)
        self.was_sent_button.clicked.connect(lambda: self._decide("sent"))
        self.send_again_button.clicked.connect(lambda: self._decide("resend"))
        self.search_button.clicked.connect(self.search_sent_folder)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.hide()

    @property
    def searching(self) -> bool:
        """A search of the Sent folder for the shown interaction is under way."""
        return self._searching is not None and self._searching == self.interaction_id

    def _button(self, name: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.hide()
        return button

    # -- what is shown -------------------------------------------------------------------------------------
    def show_for(self, detail: Any | None) -> None:
        """The email view shows ``detail``: look up its place in the outbox when it has one worth showing."""
        interaction_id = int(detail.id) if detail is not None else None
        if interaction_id != self.interaction_id:
            self.entry, self.check = None, None
        self.interaction_id = interaction_id
        wanted = detail is not None and getattr(detail.summary, "direction", None) == "outbound" \
            and getattr(detail, "outbox_state", None) in ("queued", "sending", "uncertain", "failed", "sent")
        if not wanted:
            self.entry = None
            self._show()
            return
        self.ops.run(outbox.outbox_entry, interaction_id, owner=self,
                     on_done=lambda entry: self._on_entry(interaction_id, entry))

    def _on_entry(self, interaction_id: int | None, entry: outbox.OutboxView) -> None:
        if interaction_id != self.interaction_id:
            return
        self.entry = entry
        self._show()
        if entry.state == "uncertain" and entry.sent_folder_can_tell and self.check is None and not self.searching:
            self.search_sent_folder()

    def retranslate_ui(self) -> None:
        self.take_back_button.setText(self.tr("Take back"))
        self.take_back_button.setToolTip(self.tr("Stop sending: the reply becomes a draft again"))
        self.was_sent_button.setText(self.tr("It was sent"))
        self.was_sent_button.setToolTip(self.tr("The customer has it: record it as sent"))
        self.send_again_button.setText(self.tr("Send again"))
        self.send_again_button.setToolTip(self.tr("Queue it again with the same Message-ID; it is not sent if the "
                                                  "Sent folder holds it by then"))
        self.search_button.setText(self.tr("Search again"))
        self.search_button.setToolTip(self.tr("Search the Sent folder for this message again"))
        self._show()

    def remaining_seconds(self) -> int:
        """Seconds left in the undo window (0 when closed or not waiting)."""
        if self.entry is None or not self.entry.can_take_back:
            return 0
        left = (_aware(self.entry.not_before) - datetime.now(UTC)).total_seconds()
        return max(0, int(left + 0.999))

    def _show(self) -> None:
        entry = self.entry
        state = entry.state if entry is not None else None
        left = self.remaining_seconds()
        # a reply already tried (waiting for a retry or a sign-in) is past its undo window, whatever its next time
        undo = state == "queued" and left > 0 and entry is not None and not entry.attempts
        uncertain = state == "uncertain"
        self.take_back_button.setVisible(undo)
        self.was_sent_button.setVisible(uncertain)
        self.send_again_button.setVisible(uncertain)
        can_tell = entry is not None and entry.sent_folder_can_tell
        self.search_button.setVisible(uncertain and can_tell and not self.searching)
        if undo and not self.timer.isActive():
            self.timer.start()
        elif not undo:
            self.timer.stop()
        unfiled = state == "sent" and entry is not None and bool(entry.sent_copy_error)
        if entry is None or (state not in ("queued", "sending", "uncertain", "failed") and not unfiled):
            self.hide()
            return
        if undo:
            kind, text = "undo", self._undo_text(entry, left)
        elif uncertain:
            kind, text = "uncertain", self._uncertain_text(entry)
        elif unfiled:
            kind = "waiting"
            text = self.tr("Sent. Its copy could not be filed in the Sent folder yet; it is tried again at each "
                           "pass: %1").replace("%1", entry.sent_copy_error or "")
        elif state == "failed":
            kind = "failed"
            text = self.tr("The server refused this message: %1").replace(
                "%1", entry.last_error or self.tr("(no reason given)"))
        elif entry.last_error and "sign in again" in entry.last_error:
            kind = "waiting"  # an OAuth mailbox waits for a person: queued, not failed
            text = self.tr("Waiting for mailbox %1 to be signed in again: this reply is kept and goes out once "
                           "someone clicks “Sign in again” in the status bar and signs in.").replace(
                "%1", entry.mailbox or "")
        else:
            kind = "waiting"
            text = self.tr("Sending…") if not entry.last_error else self.tr(
                "Not sent yet; it will be tried again: %1").replace("%1", entry.last_error)
        self.setProperty("kind", kind)
        self.style().unpolish(self)  # the style sheet colours it by kind (resources/style/agentdesk.qss)
        self.style().polish(self)
        self.text.setText(text)
        self.show()

    def _undo_text(self, entry: outbox.OutboxView, left: int) -> str:
        if left > COUNTDOWN_LIMIT:
            return self.tr("Scheduled to be sent at %1").replace("%1", display.when(entry.not_before))
        return self.tr("Sending in %1 s").replace("%1", str(left))

    def _uncertain_text(self, entry: outbox.OutboxView) -> str:
        if not entry.sent_folder_can_tell:
            return self.tr("The connection was lost after the end of this message was sent, and the server cannot "
                           "tell whether it took it: mailbox %1 does not file sent mail itself, so its Sent folder "
                           "cannot answer. Decide whether it was sent (for instance, the customer answered it) or "
                           "send it again.").replace("%1", entry.mailbox or "?")
        lines = []
        if entry.decided_at is not None:
            lines.append(self.tr("The connection was lost after the end of this message was sent. Mailbox %1 files "
                                 "every message its server takes in the Sent folder: agentdesk looks there at %2 and "
                                 "sends it again only if it is not there. You may decide sooner.")
                         .replace("%1", entry.mailbox or "?").replace("%2", display.when(entry.decided_at)))
        else:
            lines.append(self.tr("The connection was lost after this message went out: the customer may or may not "
                                 "have it. Decide whether it was sent."))
        earlier = self.check.earlier if self.check is not None else entry.found_in_sent
        if entry.decided_at is None or earlier is not None:
            lines.append(self.tr("Sent folder when it happened: %1").replace("%1", self._found(earlier)))
        if self.searching:
            lines.append(self.tr("Searching the Sent folder of mailbox %1…").replace("%1", entry.mailbox or "?"))
        elif self.check is not None:
            now = self._found(self.check.found) if self.check.error is None else \
                self.tr("could not be searched: %1").replace("%1", self.check.error)
            lines.append(self.tr("Sent folder of mailbox %1 now: %2").replace("%1", self.check.mailbox or "?")
                         .replace("%2", now))
        return "\n".join(lines)

    def _found(self, found: bool | None) -> str:
        if found is None:
            return self.tr("not searched")
        return self.tr("found there (it was sent)") if found else self.tr("not found")

    # -- actions ---------------------------------------------------------------------------------------------
    def on_timer_timeout(self) -> None:
        if self.remaining_seconds() > 0:
            self._show()
            return
        self.timer.stop()
        if self.interaction_id is not None:  # the window closed: see what the outbox says now
            interaction_id = self.interaction_id
            self.ops.run(outbox.outbox_entry, interaction_id, owner=self,
                         on_done=lambda entry: self._on_entry(interaction_id, entry))

    def on_take_back_button_clicked(self) -> None:
        interaction_id = self.interaction_id
        if interaction_id is None:
            return
        self.take_back_button.setEnabled(False)

        def done(_state: str) -> None:
            self.take_back_button.setEnabled(True)
            self.ops.sig_status_message.emit(self.tr("Taken back: the reply is a draft again"))
            self.sig_draft_reopened.emit(interaction_id)
            self.sig_outbox_changed.emit(interaction_id)

        def refused(_exc: BaseException) -> bool:
            self.take_back_button.setEnabled(True)
            self.sig_outbox_changed.emit(interaction_id)
            return False  # the default presentation: a message box with the reason

        self.ops.run(outbox.take_back, interaction_id, on_done=done, on_error=refused, owner=self,
                     changes="interactions", modal=True)

    def search_sent_folder(self) -> None:
        """Search the Sent folder for the uncertain message now (on the worker: it is network I/O)."""
        interaction_id = self.interaction_id
        if interaction_id is None:
            return
        self._searching = interaction_id
        self._show()

        def done(check: outbox.SentFolderCheck) -> None:
            if self._searching == interaction_id:
                self._searching = None
            if check.interaction_id == self.interaction_id:
                self.check = check
            self._show()

        def failed(_exc: BaseException) -> bool:
            if self._searching == interaction_id:
                self._searching = None
            self._show()
            return False

        self.ops.run(outbox.check_sent_folder, interaction_id, self.sent_search, on_done=done, on_error=failed,
                     owner=self)

    def _decide(self, decision: str) -> None:
        interaction_id = self.interaction_id
        if interaction_id is None:
            return
        for button in (self.was_sent_button, self.send_again_button):
            button.setEnabled(False)

        def settled() -> None:
            for button in (self.was_sent_button, self.send_again_button):
                button.setEnabled(True)
            self.check = None
            self.sig_outbox_changed.emit(interaction_id)

        def done(state: str) -> None:
            settled()
            self.ops.sig_status_message.emit(
                self.tr("Recorded as sent") if state == "sent" else
                self.tr("Queued to be sent again (not sent if the Sent folder already holds it)"))

        def refused(_exc: BaseException) -> bool:
            settled()
            return False

        self.ops.run(outbox.decide_uncertain, interaction_id, decision, on_done=done, on_error=refused, owner=self,
                     changes="interactions", modal=True)
