"""Who else is on my interactions (X2), for My interactions and the email view.

This desktop's side of :mod:`agentdesk.actions.presence`: the interaction open in the email view is announced as
``viewing`` (and ``left`` when another one is opened or the window closes), repeated every ``HEARTBEAT``
seconds; every few seconds the board is read for everyone else, and ``sig_viewers_changed`` carries, by
interaction id, the names of the others (a writer marked as writing). The board and every announcement run on the
worker: the GUI thread only keeps the timers.
"""

from __future__ import annotations

from typing import Any

from agentdesk.actions import presence
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QObject, QTimer, Signal

#: how often the others' presence is read
POLL_MS = 3000


class DeskPresence(QObject):
    """Announces what the agent has open; reports who else is on which interaction."""

    sig_viewers_changed = Signal(object)
    """Who else is on which interaction: ``{interaction id: (label, …)}``."""

    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.board: presence.PresenceBoard | None = None
        self.current: int | None = None
        self.viewers: dict[int, tuple[str, ...]] = {}
        #: interactions answered in an open outbound window (announced as "writing")
        self.writing: frozenset[int] = frozenset()
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(int(presence.HEARTBEAT * 1000))
        self._heartbeat.timeout.connect(self.on_heartbeat_timeout)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.poll)
        if ops.ctx is not None:
            # no connection of its own: the change feed's hands it what it hears (LiveDesk)
            ops.call(presence.PresenceBoard, ops.ctx, listen=False, on_done=self._on_board, on_error=self._on_board_failed,
                     owner=self)

    def _on_board(self, board: presence.PresenceBoard) -> None:
        self.board = board
        if self.current is not None and self.current not in self.writing:
            self.ops.call(board.hold, self.current, "viewing", on_error=lambda _e: True, owner=self)
        for interaction_id in self.writing:
            self.ops.call(board.hold, interaction_id, "writing", on_error=lambda _e: True, owner=self)
        self._heartbeat.start()
        self._poll.start()
        self.poll()

    def _on_board_failed(self, _error: BaseException) -> bool:
        return True  # presence is best effort: without a board nobody is shown, nothing else changes

    def on_interaction_opened(self, interaction_id: int) -> None:
        """The email view shows ``interaction_id`` now."""
        if interaction_id == self.current:
            return
        previous, self.current = self.current, interaction_id
        board = self.board
        if board is None:
            return
        if previous is not None and previous not in self.writing:
            self.ops.call(board.release, previous, on_error=lambda _e: True, owner=self)
        if interaction_id not in self.writing:
            self.ops.call(board.hold, interaction_id, "viewing", on_error=lambda _e: True, owner=self)

    def set_writing(self, interaction_id: int, writing: bool) -> None:
        """The agent opened (True) or closed (False) an outbound window answering ``interaction_id``: the others
        see "(writing)" beside the agent's name meanwhile (X2)."""
        self.writing = self.writing | {interaction_id} if writing else self.writing - {interaction_id}
        board = self.board
        if board is None:
            return
        if writing:
            self.ops.call(board.hold, interaction_id, "writing", on_error=lambda _e: True, owner=self)
        elif interaction_id == self.current:
            self.ops.call(board.hold, interaction_id, "viewing", on_error=lambda _e: True, owner=self)
        else:
            self.ops.call(board.release, interaction_id, on_error=lambda _e: True, owner=self)

    def on_heartbeat_timeout(self) -> None:
        if self.board is not None:
            self.ops.call(self.board.heartbeat, on_error=lambda _e: True, owner=self)

    def poll(self) -> None:
        if self.board is not None and self.ops.pending < 4:
            self.ops.call(self.board.everyone, on_done=self._on_everyone, on_error=lambda _e: True, owner=self)

    def _on_everyone(self, found: dict[int, list[Any]]) -> None:
        writing = self.tr("%1 (writing)")
        viewers = {int(i): tuple(writing.replace("%1", p.name) if p.activity == "writing" else p.name
                                 for p in people) for i, people in found.items() if people}
        if viewers != self.viewers:
            self.viewers = viewers
            self.sig_viewers_changed.emit(viewers)

    def close(self) -> None:
        """Leave what is open and close the board (the window is closing)."""
        self._heartbeat.stop()
        self._poll.stop()
        board, self.board = self.board, None
        if board is None:
            return

        current = self.current

        def leave() -> None:
            try:
                if current is not None:
                    board.release(current)
            finally:
                board.close()

        self.ops.call(leave, on_error=lambda _e: True)
