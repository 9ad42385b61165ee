"""The history dock: the open interaction's history (and its case's), the contact's history, my history.

Double-clicking an interaction in the contact history or my history opens it in the email view.
"""

from __future__ import annotations

from typing import Any

from agentdesk.actions import history
from agentdesk.gui import display
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel
from agentdesk.gui.qt import (
    QAbstractItemView,
    QHeaderView,
    QModelIndex,
    Qt,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)


def _table(parent: QWidget, model: RecordTableModel, name: str, stretch: int) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class HistoryPanel(Panel):
    NAME = "history"
    AREA = Qt.DockWidgetArea.RightDockWidgetArea

    sig_interaction_requested = Signal(int)
    """The agent wants to open an interaction from a history list."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.events = RecordTableModel([
            Column(lambda: self.tr("When"), lambda e: display.when(e.created_at)),
            Column(lambda: self.tr("Who"), lambda e: e.actor_login or self.tr("system")),
            Column(lambda: self.tr("What"), self.event_label, tooltip=lambda e: _detail_text(e.detail)),
        ])
        summary_columns = [
            Column(lambda: self.tr("Received"), lambda s: display.when(s.received_at or s.created_at)),
            Column(lambda: self.tr("Subject"), lambda s: s.subject or self.tr("(no subject)")),
            Column(lambda: self.tr("State"), lambda s: display.state_label(s.state)),
        ]
        self.contact_items = RecordTableModel(summary_columns)
        self.my_items = RecordTableModel(summary_columns)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.event_view = _table(self, self.events, "history_events_view", 2)
        self.contact_view = _table(self, self.contact_items, "contact_history_view", 1)
        self.my_view = _table(self, self.my_items, "my_history_view", 1)
        for view in (self.event_view, self.contact_view, self.my_view):
            self.tabs.addTab(view, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.tabs)
        self.setFocusProxy(self.tabs)
        self.contact_view.doubleClicked.connect(self.on_contact_view_double_clicked)
        self.my_view.doubleClicked.connect(self.on_my_view_double_clicked)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("History")

    def retranslate_ui(self) -> None:
        self.tabs.setTabText(0, self.tr("Interaction history"))
        self.tabs.setTabText(1, self.tr("Contact history"))
        self.tabs.setTabText(2, self.tr("My history"))
        self.event_view.setAccessibleName(self.tr("Interaction history"))
        self.contact_view.setAccessibleName(self.tr("Contact history"))
        self.my_view.setAccessibleName(self.tr("My history"))
        for model in (self.events, self.contact_items, self.my_items):
            model.retranslate()

    def event_label(self, entry: Any) -> str:
        labels = {
            "received": self.tr("Received"), "note_added": self.tr("Note added"),
            "disposition_set": self.tr("Disposition set"), "done": self.tr("Marked done"),
            "transfer_offered": self.tr("Transfer offered"), "transfer_accepted": self.tr("Transfer accepted"),
            "transfer_declined": self.tr("Transfer declined"), "transfer_withdrawn": self.tr("Transfer withdrawn"),
            "reassigned": self.tr("Reassigned"), "pulled": self.tr("Pulled from a workbin"),
            "moved": self.tr("Moved to another workbin"), "stored": self.tr("Stored in a workbin"),
            "case_data_set": self.tr("Case data changed"), "call_started": self.tr("Call started"),
            "consultation_started": self.tr("Consultation started"),
            "consultation_message": self.tr("Consultation message"),
            "consultation_closed": self.tr("Consultation closed"), "assigned": self.tr("Assigned"),
        }
        return str(labels.get(entry.event, entry.event.replace("_", " ")))

    def reload_mine(self) -> None:
        self.ops.run(history.my_history, on_done=self.my_items.set_records, owner=self)

    def on_email_interaction_loaded(self, detail: Any) -> None:
        self.ops.run(history.interaction_history, int(detail.id), on_done=self.events.set_records, owner=self)
        contact_id = detail.summary.contact_id
        if contact_id is not None:
            self.ops.run(history.contact_history, contact_id, on_done=self.contact_items.set_records, owner=self)
        else:
            self.contact_items.set_records(())

    def on_consultation_changed(self, interaction_id: int) -> None:
        self.ops.run(history.interaction_history, interaction_id, on_done=self.events.set_records, owner=self)

    def on_contact_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_interaction_requested.emit(int(self.contact_items.record(index.row()).id))

    def on_my_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_interaction_requested.emit(int(self.my_items.record(index.row()).id))


def _detail_text(detail: dict[str, Any]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in detail.items())
