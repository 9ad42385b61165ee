"""The outbound window's address fields (S20, S21): a line of addresses checked as the agent leaves it, a
"To…"/"CC…" button that opens contact search over the directory and the team, and (for CC and BCC) an X that
removes the field. Checking is syntax only (no DNS), so it runs on the GUI thread without waiting."""

from __future__ import annotations

from typing import Any

from agentdesk.actions import queries, reading
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QTableView,
    QTabWidget,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)


def split_addresses(text: str) -> list[str]:
    """The addresses of a field: separated by commas or semicolons (not inside a quoted display name)."""
    out: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch in ",;" and not quoted:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return [part.strip() for part in out if part.strip()]


def invalid_addresses(text: str, field: str) -> list[str]:
    """The messages for the addresses of ``text`` that are not valid (empty when all are)."""
    return reading.address_problems(split_addresses(text), field)


class AddressField(QWidget):
    """One address line: the edit, its picker button, an X (removable fields) and the inline error."""

    sig_edited = Signal()
    """The agent changed the addresses."""
    sig_removed = Signal()
    """The X was clicked: the field is hidden and emptied."""

    def __init__(self, ops: Ops, field: str, *, removable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.field = field
        self.edit = QLineEdit(self)
        self.edit.setObjectName(f"compose_{field.lower()}")
        self.pick_button = QToolButton(self)
        self.pick_button.setObjectName(f"compose_pick_{field.lower()}")
        self.remove_button = QToolButton(self)
        self.remove_button.setObjectName(f"compose_remove_{field.lower()}")
        self.remove_button.setText("✕")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setVisible(removable)
        self.error = QLabel(self)
        self.error.setObjectName(f"compose_{field.lower()}_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.edit.textEdited.connect(lambda _text: self.sig_edited.emit())
        self.edit.editingFinished.connect(self.validate)
        self.pick_button.clicked.connect(self.on_pick_button_clicked)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        self.picker: AddressPicker | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        labels = {"To": self.tr("To…"), "CC": self.tr("CC…"), "BCC": self.tr("BCC…")}
        self.pick_button.setText(labels.get(self.field, self.field))
        self.pick_button.setToolTip(self.tr("Find addresses in contact search"))
        self.remove_button.setToolTip(self.tr("Remove this field"))
        self.remove_button.setAccessibleName(self.tr("Remove this field"))
        self.edit.setPlaceholderText(self.tr("addresses, separated by commas"))

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self.validate()

    def addresses(self) -> list[str]:
        return split_addresses(self.edit.text())

    def validate(self) -> bool:
        problems = invalid_addresses(self.edit.text(), self.field)
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
        self.edit.setProperty("invalid", bool(problems))
        self.edit.setStyleSheet("border: 1px solid #c62828;" if problems else "")
        return not problems

    def add_address(self, address: str) -> None:
        current = self.addresses()
        if address.lower() not in (a.lower() for a in current):
            self.edit.setText(", ".join([*current, address]))
            self.validate()
            self.sig_edited.emit()

    def on_pick_button_clicked(self) -> None:
        self.picker = AddressPicker(self.ops, self.field, self)
        self.picker.sig_address_chosen.connect(self.add_address)
        self.picker.finished.connect(self.picker.deleteLater)
        self.picker.open()

    def on_remove_button_clicked(self) -> None:
        if self.edit.text():
            self.edit.clear()
            self.sig_edited.emit()
        self.error.hide()
        self.hide()
        self.sig_removed.emit()


class AddressPicker(QDialog):
    """Contact search for an address field: the contact directory and the internal team (S20)."""

    sig_address_chosen = Signal(str)
    """An address was chosen (it is added to the field; the picker stays open for more)."""

    def __init__(self, ops: Ops, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("address_picker")
        self.ops = ops
        self.field = field
        self.search = QLineEdit(self)
        self.search.setObjectName("address_search")
        self.search.setClearButtonEnabled(True)
        self.contacts = RecordTableModel([
            Column(lambda: self.tr("Name"), lambda c: c.name),
            Column(lambda: self.tr("Email"), lambda c: c.emails[0] if c.emails else ""),
        ])
        self.members = RecordTableModel([
            Column(lambda: self.tr("Name"), lambda m: m.name),
            Column(lambda: self.tr("Email"), lambda m: m.email),
        ])
        self.tabs = QTabWidget(self)
        self.contact_view = self._table(self.contacts, "picker_contacts")
        self.member_view = self._table(self.members, "picker_members")
        self.tabs.addTab(self.contact_view, "")
        self.tabs.addTab(self.member_view, "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.add_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.setObjectName("picker_add")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.addWidget(self.search)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.buttons.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.on_add_button_clicked)
        for view in (self.contact_view, self.member_view):
            view.doubleClicked.connect(lambda _index: self.on_add_button_clicked())
        self.resize(460, 420)
        self.retranslate_ui()
        self.run_search()

    def _table(self, model: RecordTableModel, name: str) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.verticalHeader().hide()
        view.setShowGrid(False)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return view

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Add addresses: %1").replace("%1", self.field))
        self.search.setPlaceholderText(self.tr("Search contacts and team members…"))
        self.search.setAccessibleName(self.tr("Search contacts and team members"))
        self.tabs.setTabText(0, self.tr("Contact directory"))
        self.tabs.setTabText(1, self.tr("Internal team"))
        self.add_button.setText(self.tr("Add"))

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search.text()
        self.ops.run(queries.search_contacts, text, on_done=self.contacts.set_records, owner=self)
        self.ops.run(queries.search_team_members, text, everyone=True, on_done=self.members.set_records, owner=self)

    def chosen_address(self) -> str | None:
        view, model = (self.contact_view, self.contacts) if self.tabs.currentIndex() == 0 else \
            (self.member_view, self.members)
        index: QModelIndex = view.currentIndex()
        if not index.isValid():
            return None
        record: Any = model.record(index.row())
        if self.tabs.currentIndex() == 0:
            return str(record.emails[0]) if record.emails else None
        return str(record.email) or None

    def on_add_button_clicked(self) -> None:
        address = self.chosen_address()
        if address:
            self.sig_address_chosen.emit(address)
