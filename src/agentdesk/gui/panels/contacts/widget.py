"""The contact search dock: search the contact directory or the internal team; a contact's addresses and numbers.

Typing searches (after a short pause, on the worker); the chosen contact's details list its email addresses
and phone numbers. Actions on them (new email, call) are the main window's, offered through
``sig_contact_selected``. While the routing database cannot be reached the contact directory is searched in the
local cache (the desk's offline policy, :class:`agentdesk.desk.reading.Reading`) and the panel says so; the
internal team needs the database.
"""

from __future__ import annotations

from typing import Any

from agentdesk.desk.reading import ONLINE_ONLY, Reading
from agentdesk.desk.services import DeskServices
from agentdesk.gui import resources
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel, offline_hint_label
from agentdesk.gui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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


def _table(parent: QWidget, model: RecordTableModel, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return view


class ContactsPanel(Panel):
    NAME = "contacts"
    AREA = Qt.DockWidgetArea.RightDockWidgetArea

    sig_contact_selected = Signal(object)
    """A contact was chosen (its ContactView)."""
    sig_member_selected = Signal(object)
    """A team member was chosen (their MemberView)."""
    sig_new_email_requested = Signal(int, str)
    """New email to a contact (S14): (contact id, address)."""
    sig_call_requested = Signal(int)
    """Call a contact (S10): the contact's id."""
    sig_search_finished = Signal(int)
    """A search answered (how many contacts and members it found)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, services: DeskServices | None = None) -> None:
        super().__init__(ops, parent)
        #: the reads with the desk's offline policy: offline, the contacts this desktop's cache keeps
        self.reads: Reading = services.reading if services is not None else ONLINE_ONLY
        self.offline_hint = offline_hint_label(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("contact_search")
        self.search.setClearButtonEnabled(True)
        self.contacts = RecordTableModel([
            Column(lambda: self.tr("Name"), lambda c: c.name),
            Column(lambda: self.tr("Email"), lambda c: ", ".join(c.emails)),
        ])
        self.members = RecordTableModel([
            Column(lambda: self.tr("Name"), lambda m: m.name),
            Column(lambda: self.tr("Team"), lambda m: m.team or ""),
            Column(lambda: self.tr("Presence"), lambda m: self._presence(m.presence)),
        ])
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.contact_view = _table(self, self.contacts, "contacts_view")
        self.member_view = _table(self, self.members, "members_view")
        self.tabs.addTab(self.contact_view, "")
        self.tabs.addTab(self.member_view, "")
        self.details = QLabel(self)
        self.details.setObjectName("contact_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setContentsMargins(10, 6, 10, 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.offline_hint)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.details)
        self.email_button = QPushButton(self)
        self.email_button.setObjectName("contact_new_email")
        self.email_button.setIcon(resources.icon("email"))
        self.call_button = QPushButton(self)
        self.call_button.setObjectName("contact_call")
        self.call_button.setIcon(resources.icon("call"))
        actions = QHBoxLayout()
        actions.setContentsMargins(6, 0, 6, 6)
        actions.addWidget(self.email_button)
        actions.addWidget(self.call_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self._contact: Any | None = None
        self.email_button.clicked.connect(self.on_email_button_clicked)
        self.call_button.clicked.connect(self.on_call_button_clicked)
        self._update_buttons()
        self.setFocusProxy(self.search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run_search)
        self._pending = 0
        self._search_no = 0
        self._found = 0
        self.search.textChanged.connect(self.on_search_text_changed)
        self.search.returnPressed.connect(self.run_search)
        self.contact_view.selectionModel().currentRowChanged.connect(self.on_contact_view_current_row_changed)
        self.member_view.selectionModel().currentRowChanged.connect(self.on_member_view_current_row_changed)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Contact search")

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(self.tr("Search contacts and team members…"))
        self.search.setAccessibleName(self.tr("Search contacts and team members"))
        self.tabs.setTabText(0, self.tr("Contact directory"))
        self.tabs.setTabText(1, self.tr("Internal team"))
        self.offline_hint.setText(self.tr("Offline — cached copy of the contact directory. The internal team shows "
                                          "when the database is back."))
        self.contact_view.setAccessibleName(self.tr("Contact directory"))
        self.member_view.setAccessibleName(self.tr("Internal team"))
        self.contacts.retranslate()
        self.members.retranslate()
        self._update_buttons()

    def _presence(self, presence: str) -> str:
        return {"ready": self.tr("Ready"), "not_ready": self.tr("Not ready"),
                "offline": self.tr("Offline")}.get(presence, presence)

    def on_search_text_changed(self, _text: str) -> None:
        self._timer.start()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search.text()
        self._search_no += 1
        number = self._search_no
        self._pending = 2
        self._found = 0
        self.ops.run(self.reads.search_contacts, text, owner=self,
                     on_done=lambda answer: self._on_contacts_found(number, answer.value, cached=answer.offline))
        self.ops.run(self.reads.search_team_members, text, everyone=True, owner=self,
                     on_done=lambda answer: self._on_members_found(number, answer.value))

    def _current(self, number: int) -> bool:
        """An answer counts only for the newest search, and not while the agent is still typing a newer one."""
        return number == self._search_no and not self._timer.isActive()

    def _on_contacts_found(self, number: int, contacts: list[Any], *, cached: bool = False) -> None:
        if self._current(number):  # an answer to an older search is dropped
            self.offline_hint.setVisible(cached)
            self.contacts.set_records(contacts)
            self._answered(len(contacts))

    def _on_members_found(self, number: int, members: list[Any]) -> None:
        if self._current(number):
            self.members.set_records(members)
            self._answered(len(members))

    def _answered(self, count: int) -> None:
        self._found += count
        self._pending -= 1
        if self._pending == 0:
            self.sig_search_finished.emit(self._found)

    def on_contact_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        contact = self.contacts.record(current.row())
        lines = [f"<b>{_esc(contact.name)}</b>" + (f" · {_esc(contact.company)}" if contact.company else "")]
        lines += [f"✉ {_esc(address)}" for address in contact.emails]
        lines += [f"☎ {_esc(number)}" for number in contact.phones]
        self.details.setText("<br>".join(lines))
        self._contact = contact
        self._update_buttons()
        self.sig_contact_selected.emit(contact)

    def _update_buttons(self) -> None:
        contact = self._contact
        address = contact.emails[0] if contact is not None and contact.emails else None
        self.email_button.setEnabled(address is not None)
        self.call_button.setEnabled(contact is not None and bool(contact.phones))
        self.email_button.setText(self.tr("New email to %1").replace("%1", address) if address
                                  else self.tr("New email"))
        self.call_button.setText(self.tr("Call"))

    def on_email_button_clicked(self) -> None:
        if self._contact is not None and self._contact.emails:
            self.sig_new_email_requested.emit(int(self._contact.id), self._contact.emails[0])

    def on_call_button_clicked(self) -> None:
        if self._contact is not None:
            self.sig_call_requested.emit(int(self._contact.id))

    def on_member_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        member = self.members.record(current.row())
        self.details.setText(f"<b>{_esc(member.name)}</b> ({_esc(member.login)})<br>✉ {_esc(member.email)}")
        self.sig_member_selected.emit(member)


def _esc(text: str) -> str:
    """HTML-escaped text for the details label."""
    import html

    return html.escape(text)
