"""The "Waiting actions" dock: what waits for the routing database, what was refused, drafts to take back.

While the routing database cannot be reached, sends, transfers, notes, case data edits and "mark done" wait in
the local cache (``agentdesk.desk.offline``); this panel lists them in the order they will run, with a way to
drop one, and, once the database is back, the ones refused because the interaction moved meanwhile, with the
reason. It also lists the drafts typed here that never reached the Drafts workbin (after a crash, a kill or
a lost connection), each with a button that opens it again exactly as it was typed. The state is read on a
background thread (:class:`DeskBridge`); the panel only shows what arrives.
"""

from __future__ import annotations

import threading
from typing import Any

from agentdesk.gui import display
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel, hint_label
from agentdesk.gui.qt import (
    QAbstractItemView,
    QCoreApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QObject,
    QPushButton,
    Qt,
    QTableView,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: how often the panel looks again (the cache also reports every change it makes)
REFRESH_MS = 3000


class DeskBridge(QObject):
    """Reads the desk cache's state on a thread of its own and hands it to the GUI thread."""

    sig_state_changed = Signal(object)
    """A new ``agentdesk.desk.local.DeskState`` was read."""

    def __init__(self, desk: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._reading = threading.Lock()

    def refresh(self) -> None:
        """Read the state soon (at most one read at a time; a read asked meanwhile is folded into it)."""
        if self._reading.locked():
            return
        threading.Thread(target=self._read, name="pending-read", daemon=True).start()

    def _read(self) -> None:
        if not self._reading.acquire(blocking=False):
            return
        try:
            state = self.desk.snapshot()
        except Exception:  # the cache file went away under us: the next refresh tries again
            return
        finally:
            self._reading.release()
        self.sig_state_changed.emit(state)


def _kind(kind: str) -> str:
    names = {
        "send": QCoreApplication.translate("PendingPanel", "Send"),
        "transfer": QCoreApplication.translate("PendingPanel", "Transfer"),
        "done": QCoreApplication.translate("PendingPanel", "Mark done"),
        "note": QCoreApplication.translate("PendingPanel", "Note"),
        "case_data": QCoreApplication.translate("PendingPanel", "Case data"),
    }
    return names.get(kind, kind)


class PendingPanel(Panel):
    NAME = "pending"
    AREA = Qt.DockWidgetArea.BottomDockWidgetArea

    sig_draft_requested = Signal(int)
    """The agent wants a draft typed before back in the outbound window (its outbound interaction id)."""
    sig_waiting_changed = Signal(int)
    """How many actions wait for the routing database now."""
    sig_attention_requested = Signal()
    """Something new to look at: an action started waiting or was refused, or drafts to take back at start."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, desk: Any = None) -> None:
        super().__init__(ops, parent)
        self.desk = desk
        self.state: Any = None
        self.bridge = DeskBridge(desk, self) if desk is not None else None
        self.summary = QLabel(self)
        self.summary.setObjectName("pending_summary")
        self.summary.setWordWrap(True)
        self.model = RecordTableModel([
            Column(lambda: self.tr("Action"), lambda a: _kind(a.kind),
                   tooltip=lambda a: f"{a.args.get('key')} = {a.args.get('value')}" if a.kind == "case_data" else ""),
            Column(lambda: self.tr("Interaction"), lambda a: str(a.interaction_id)),
            Column(lambda: self.tr("Asked"), lambda a: display.when(a.created_at)),
            Column(lambda: self.tr("Status"), self._status, tooltip=lambda a: a.reason or ""),
        ])
        self.view = QTableView(self)
        self.view.setObjectName("pending_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("pending_cancel")
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("pending_clear")
        self.hint = hint_label(self)
        # for the main window's status bar: "Waiting actions: N" while anything waits; a click shows this panel
        self.status_button = QToolButton(self)
        self.status_button.setObjectName("pending_status")
        self.status_button.setAutoRaise(True)
        self.status_button.hide()
        self.status_button.clicked.connect(lambda _checked=False: self.sig_attention_requested.emit())
        self.drafts_label = QLabel(self)
        self.drafts_box = QVBoxLayout()
        self.drafts_box.setContentsMargins(0, 0, 0, 0)
        self._draft_buttons: list[QPushButton] = []
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.drafts_label)
        layout.addLayout(self.drafts_box)
        self.cancel_button.clicked.connect(self.on_cancel_button_clicked)
        self.clear_button.clicked.connect(self.on_clear_button_clicked)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        if self.bridge is not None:
            self.bridge.sig_state_changed.connect(self.on_bridge_state_changed)
            self._timer.timeout.connect(self.bridge.refresh)
            self._timer.start()
            self.bridge.refresh()
        self.retranslate_ui()
        self._show()

    def title(self) -> str:
        return self.tr("Waiting actions")

    def retranslate_ui(self) -> None:
        self.view.setAccessibleName(self.tr("Waiting actions"))
        self.cancel_button.setText(self.tr("Do not run"))
        self.cancel_button.setToolTip(self.tr("Drop the selected waiting action"))
        self.clear_button.setText(self.tr("Clear finished"))
        self.model.retranslate()
        self._show()

    def refresh(self) -> None:
        if self.bridge is not None:
            self.bridge.refresh()

    def _status(self, action: Any) -> str:
        if action.status == "waiting":
            return self.tr("Waiting for the database")
        if action.status == "done":
            return self.tr("Carried out")
        return self.tr("Refused: %1").replace("%1", action.reason or "")

    def _show(self) -> None:
        state = self.state
        if state is None:
            self.summary.setText(self.tr("Reading the local cache…") if self.desk is not None else
                                 self.tr("No local cache on this desktop"))
            self.hint.hide()
            self._update_buttons()
            return
        waiting = len(state.waiting)
        if state.online is False:
            text = self.tr("The routing database cannot be reached. You can still read, search, write drafts and "
                           "notes; sends, transfers, notes, case data changes and “mark done” wait here and run "
                           "when it is back.")
        elif waiting:
            text = self.tr("Actions waiting for the database: %1").replace("%1", str(waiting))
        else:
            text = self.tr("Nothing is waiting: every action reached the database.")
        self.summary.setText(text)
        self.status_button.setText(self.tr("Waiting actions: %1").replace("%1", str(waiting)))
        self.status_button.setToolTip(text)
        self.status_button.setVisible(bool(waiting))
        self.hint.setText(self.tr("No waiting or refused actions"))
        self.hint.setVisible(not state.waiting and not state.finished)
        self.drafts_label.setText(self.tr("Drafts typed here that are not in the Drafts workbin yet:"))
        self.drafts_label.setVisible(bool(state.draft_offers))
        self._update_buttons()

    def _rebuild_drafts(self) -> None:
        for button in self._draft_buttons:
            self.drafts_box.removeWidget(button)
            button.deleteLater()
        self._draft_buttons = []
        for draft in self.state.draft_offers:
            button = QPushButton(self)
            button.setObjectName(f"pending_draft_{draft.interaction_id}")
            subject = draft.subject or self.tr("(no subject)")
            button.setText(self.tr("Open “%1” again").replace("%1", subject))
            button.setToolTip(self.tr("Saved here %1").replace("%1", display.when(draft.updated_at)))
            button.clicked.connect(lambda _checked=False, i=draft.interaction_id: self.on_draft_button_clicked(i))
            self.drafts_box.addWidget(button)
            self._draft_buttons.append(button)

    def _update_buttons(self) -> None:
        selected = self._selected()
        self.cancel_button.setEnabled(selected is not None and selected.status == "waiting")
        self.clear_button.setEnabled(self.state is not None and bool(self.state.finished))

    def _selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    # -- slots -------------------------------------------------------------------------------------------------
    def on_bridge_state_changed(self, state: Any) -> None:
        before = self.state
        self.state = state
        refused = {a.id for a in state.finished if a.status == "refused"}
        if before is None:
            news = bool(state.draft_offers or state.waiting)
        else:
            old_refused = {a.id for a in before.finished if a.status == "refused"}
            news = len(state.waiting) > len(before.waiting) or bool(refused - old_refused)
        records = (*state.waiting, *state.finished)
        if before is None or records != (*before.waiting, *before.finished):
            self.model.set_records(records)
        if before is None or [d.key for d in before.draft_offers] != [d.key for d in state.draft_offers]:
            self._rebuild_drafts()
        self._show()
        self.sig_waiting_changed.emit(len(state.waiting))
        if news:
            self.sig_attention_requested.emit()

    def on_draft_button_clicked(self, outbound_id: int) -> None:
        self.sig_draft_requested.emit(outbound_id)
        if self.desk is not None:
            self.ops.call(self.desk.dismiss_offer, outbound_id, owner=self)

    def on_cancel_button_clicked(self) -> None:
        selected = self._selected()
        if selected is None or self.desk is None:
            return
        self.ops.call(self.desk.cancel, selected.id, on_done=lambda _r: self.refresh(), owner=self)

    def on_clear_button_clicked(self) -> None:
        if self.desk is not None:
            self.ops.call(self.desk.clear_finished, on_done=lambda _r: self.refresh(), owner=self)
