"""The history dock: the open interaction's history (and its case's), the contact's history, my history (S28).

The search box filters the contact history and my history. Double-clicking an interaction there opens it in
the email view; "Forward…" forwards the chosen one inline to an external resource — an ended interaction only
where the contact center allows forwarding from history (S26).
"""

from __future__ import annotations

from typing import Any

from agentdesk.actions import forward, history, reading
from agentdesk.desk.reading import ONLINE_ONLY, Reading
from agentdesk.desk.services import DeskServices
from agentdesk.gui import display, resources
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel, chain_tabs
from agentdesk.gui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QModelIndex,
    QPushButton,
    Qt,
    QTableView,
    QTabWidget,
    QTimer,
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
    sig_compose_requested = Signal(int)
    """A forward from history was created and should open in the outbound window (its id)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, services: DeskServices | None = None) -> None:
        super().__init__(ops, parent)
        #: the reads with the desk's offline policy: offline, the histories this desktop's cache keeps
        self.reads: Reading = services.reading if services is not None else ONLINE_ONLY
        self.events = RecordTableModel([
            Column(lambda: self.tr("When"), lambda e: display.when(e.created_at)),
            Column(lambda: self.tr("Who"), lambda e: getattr(e, "actor_name", None) or e.actor_login or self.tr("system"),
                   tooltip=lambda e: e.actor_login or ""),
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
        self.search = QLineEdit(self)
        self.search.setObjectName("history_search")
        self.search.setClearButtonEnabled(True)
        self.forward_button = QPushButton(self)
        self.forward_button.setObjectName("history_forward")
        self.forward_button.setIcon(resources.icon("forward"))
        self.forward_button.setEnabled(False)
        tools = QHBoxLayout()
        tools.setContentsMargins(6, 0, 6, 4)
        tools.setSpacing(6)
        tools.addWidget(self.search, 1)
        tools.addWidget(self.forward_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(tools)
        layout.addWidget(self.tabs)
        # reading order: the tools row is on top, then the tabs and their lists
        chain_tabs([self.search, self.forward_button, self.tabs.tabBar(), self.event_view, self.contact_view,
                    self.my_view])
        self.setFocusProxy(self.tabs)
        self._contact_id: int | None = None
        self._options: reading.ForwardOptions | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.on_search_timer_timeout)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.on_search_timer_timeout)
        self.contact_view.doubleClicked.connect(self.on_contact_view_double_clicked)
        self.my_view.doubleClicked.connect(self.on_my_view_double_clicked)
        for view in (self.contact_view, self.my_view):
            view.selectionModel().currentRowChanged.connect(lambda *_: self._update_forward())
        self.tabs.currentChanged.connect(lambda _index: self._update_forward())
        self.forward_button.clicked.connect(self.on_forward_button_clicked)
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
        self.search.setPlaceholderText(self.tr("Search the contact's history and mine…"))
        self.search.setAccessibleName(self.tr("Search the histories"))
        self.forward_button.setText(self.tr("Forward…"))
        self._update_forward()

    def event_label(self, entry: Any) -> str:
        labels = {
            "received": self.tr("Received", "history event: an email arrived"), "note_added": self.tr("Note added"),
            "disposition_set": self.tr("Disposition set"), "done": self.tr("Marked done"),
            "transfer_offered": self.tr("Transfer offered"), "transfer_accepted": self.tr("Transfer accepted"),
            "transfer_declined": self.tr("Transfer declined"), "transfer_withdrawn": self.tr("Transfer withdrawn"),
            "reassigned": self.tr("Reassigned"), "pulled": self.tr("Pulled from a workbin"),
            "moved": self.tr("Moved to another workbin"), "stored": self.tr("Stored in a workbin"),
            "case_data_set": self.tr("Case data changed"), "call_started": self.tr("Call started"),
            "consultation_started": self.tr("Consultation started"),
            "consultation_message": self.tr("Consultation message"),
            "consultation_closed": self.tr("Consultation closed"), "assigned": self.tr("Assigned"),
            "forwarded": self.tr("Forwarded"), "draft_created": self.tr("Draft started"),
            "reply_started": self.tr("Reply started"), "draft_saved": self.tr("Draft saved"),
            "draft_deleted": self.tr("Draft deleted"), "attachment_added": self.tr("Attachment added"),
            "attachment_removed": self.tr("Attachment removed"),
            "submitted_for_review": self.tr("Sent for QA review"), "approved": self.tr("Approved"),
            "rejected": self.tr("Rejected"), "queued_to_outbox": self.tr("Handed to the outbox"),
            "send_stopped": self.tr("Sending stopped"), "sent": self.tr("Sent"), "bounce": self.tr("Bounced"),
            "transfer_expired": self.tr("Transfer offer expired"), "presence_changed": self.tr("Presence changed"),
            "auto_filed": self.tr("Filed automatically (auto-reply, bounce or loop)"),
            "tags_changed": self.tr("Tags changed"), "snoozed": self.tr("Snoozed"),
            "follow_up_cleared": self.tr("Follow-up cleared"),
        }
        return str(labels.get(entry.event, entry.event.replace("_", " ")))

    def _text(self) -> str | None:
        return self.search.text().strip() or None

    def reload_mine(self) -> None:
        self.ops.run(history.my_history, text=self._text(), on_done=self._set_mine, owner=self)
        if self._options is None:
            self.ops.run(reading.forward_options, on_done=self._on_options, owner=self)

    def _on_options(self, options: reading.ForwardOptions) -> None:
        self._options = options
        self._update_forward()

    def _set_mine(self, items: list[Any]) -> None:
        self.my_items.set_records(items)
        self._update_forward()

    def _set_contact_items(self, items: list[Any]) -> None:
        self.contact_items.set_records(items)
        self._update_forward()

    def _reload_contact(self) -> None:
        if self._contact_id is not None:
            contact_id, text = self._contact_id, self._text()
            self.ops.run(self.reads.contact_history, contact_id, text=text, owner=self,
                         on_done=lambda answer: self._set_contact_items(answer.value)
                         if contact_id == self._contact_id else None)
        else:
            self._set_contact_items([])

    def on_search_timer_timeout(self) -> None:
        self._search_timer.stop()
        self._reload_contact()
        self.reload_mine()

    def show_contact(self, contact: Any) -> None:
        """A contact chosen in contact search: the Contact history tab shows their interactions."""
        self._contact_id = int(contact.id)
        self._reload_contact()
        self.tabs.setCurrentIndex(1)

    def on_email_interaction_loaded(self, detail: Any) -> None:
        interaction_id = int(detail.id)
        self.ops.run(self.reads.interaction_history, interaction_id, owner=self,
                     on_done=lambda answer: self.events.set_records(answer.value))
        self._contact_id = detail.summary.contact_id
        self._reload_contact()

    # -- forward from history (S26, S28) ----------------------------------------------------------------------
    def chosen(self) -> Any | None:
        """The interaction chosen in the contact history or my history tab (whichever is shown)."""
        view, model = {1: (self.contact_view, self.contact_items), 2: (self.my_view, self.my_items)}.get(
            self.tabs.currentIndex(), (None, None))
        if view is None or model is None:
            return None
        index = view.currentIndex()
        return model.record(index.row()) if index.isValid() and index.row() < model.rowCount() else None

    def _forwardable(self, item: Any | None) -> bool:
        if item is None or self._options is None or not self._options.inline:
            return False
        if item.kind != "email" or item.direction != "inbound":
            return False
        me = self.ops.ctx.login if self.ops.ctx is not None else None
        return (item.state == "done" and self._options.from_history) or \
            (item.state == "assigned" and item.owner_login == me)

    def _update_forward(self) -> None:
        item = self.chosen()
        allowed = self._forwardable(item)
        self.forward_button.setEnabled(allowed)
        if allowed or item is None:
            self.forward_button.setToolTip(self.tr("Forward the chosen interaction to an external resource"))
        elif self._options is not None and not self._options.from_history and item.state == "done":
            self.forward_button.setToolTip(self.tr("This contact center does not allow forwarding ended "
                                                   "interactions"))
        else:
            self.forward_button.setToolTip(self.tr("Only an ended email, or an active one of yours, can be "
                                                   "forwarded from here"))

    def on_forward_button_clicked(self) -> None:
        from agentdesk.gui.dialogs.forward import ForwardDialog

        item = self.chosen()
        if not self._forwardable(item):
            return
        assert item is not None
        self.forward_dialog = ForwardDialog(item.subject, "inline", self)
        self.forward_dialog.accepted.connect(lambda: self._forward(int(item.id)))
        self.forward_dialog.finished.connect(self.forward_dialog.deleteLater)
        self.forward_dialog.open()

    def _forward(self, interaction_id: int) -> None:
        dialog = self.forward_dialog
        self.ops.run(forward.forward, interaction_id, mode="inline", to=dialog.to(), cc=dialog.cc(),
                     instructions=dialog.instructions.toPlainText(), modal=True, owner=self,
                     on_done=lambda draft_id: self.sig_compose_requested.emit(int(draft_id)))

    def on_consultation_changed(self, interaction_id: int) -> None:
        self.ops.run(self.reads.interaction_history, interaction_id, owner=self,
                     on_done=lambda answer: self.events.set_records(answer.value))

    def on_contact_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_interaction_requested.emit(int(self.contact_items.record(index.row()).id))

    def on_my_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_interaction_requested.emit(int(self.my_items.record(index.row()).id))


def _detail_text(detail: dict[str, Any]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in detail.items())
