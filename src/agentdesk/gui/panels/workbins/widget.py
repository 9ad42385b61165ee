"""The workbins dock: my personal workbins and my team's, each with its count; the chosen one's items below.

Double-clicking an item opens it in the email view; "Pull" takes the chosen item out of its workbin (from a
team workbin it becomes mine).
"""

from __future__ import annotations

from typing import Any

from agentdesk.actions import workbins
from agentdesk.gui import display
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel
from agentdesk.gui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)


def _table(parent: QWidget, model: RecordTableModel, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    return view


class WorkbinsPanel(Panel):
    NAME = "workbins"
    AREA = Qt.DockWidgetArea.LeftDockWidgetArea

    sig_interaction_requested = Signal(int)
    """The agent wants to open an interaction held in a workbin."""
    sig_draft_requested = Signal(int)
    """The agent wants to go on writing a draft held in a workbin."""
    sig_workbins_loaded = Signal(object)
    """The list of workbins (WorkbinView records) was (re)loaded."""
    sig_item_pulled = Signal(int)
    """An interaction was pulled out of its workbin."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.bins = RecordTableModel([
            Column(lambda: self.tr("Workbin"), self.workbin_label),
            Column(lambda: self.tr("Items"), lambda w: str(w.count)),
        ])
        self.items = RecordTableModel([
            Column(lambda: self.tr("Subject"), lambda s: s.subject or self.tr("(no subject)")),
            Column(lambda: self.tr("State"), lambda s: display.state_label(s.state)),
        ])
        self.bin_view = _table(self, self.bins, "workbins_view")
        self.item_view = _table(self, self.items, "workbin_items_view")
        self.items_title = QLabel(self)
        self.items_title.setObjectName("section_title")
        self.pull_button = QPushButton(self)
        self.pull_button.setObjectName("pull_from_workbin")
        self.pull_button.setEnabled(False)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.setSpacing(2)
        header = QHBoxLayout()
        header.setContentsMargins(6, 0, 6, 0)
        header.addWidget(self.items_title, 1)
        header.addWidget(self.pull_button)
        bottom_layout.addLayout(header)
        bottom_layout.addWidget(self.item_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.bin_view)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setFocusProxy(self.bin_view)
        self._current_bin: int | None = None
        self.bin_view.selectionModel().currentRowChanged.connect(self.on_bin_view_current_row_changed)
        self.item_view.selectionModel().currentRowChanged.connect(self.on_item_view_current_row_changed)
        self.item_view.doubleClicked.connect(self.on_item_view_double_clicked)
        self.item_view.activated.connect(self.on_item_view_double_clicked)
        self.pull_button.clicked.connect(self.on_pull_button_clicked)
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Workbins")

    def retranslate_ui(self) -> None:
        self.bin_view.setAccessibleName(self.tr("Workbins"))
        self.item_view.setAccessibleName(self.tr("Items in the workbin"))
        self.items_title.setText(self.tr("In this workbin"))
        self.pull_button.setText(self.tr("Pull"))
        self.pull_button.setToolTip(self.tr("Take the chosen item out of its workbin"))
        self.bins.retranslate()
        self.items.retranslate()

    def workbin_label(self, workbin: Any) -> str:
        """Personal workbins by their translated role; team workbins by name."""
        names = {"drafts": self.tr("Drafts"), "in_progress": self.tr("In Progress"),
                 "personal": self.tr("My workbin")}
        if workbin.kind == "team":
            return self.tr("Team: %1").replace("%1", workbin.name)
        return str(names.get(workbin.kind, workbin.name))

    def reload(self) -> None:
        self.ops.run(workbins.list_workbins, on_done=self._on_bins_loaded, owner=self)

    def _on_bins_loaded(self, views: list[Any]) -> None:
        self.bins.set_records(views)
        self.sig_workbins_loaded.emit(views)
        rows = [i for i, v in enumerate(views) if v.id == self._current_bin]
        if rows:
            self.bin_view.selectRow(rows[0])
            self._load_items(self._current_bin)

    def on_bin_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._current_bin = int(self.bins.record(current.row()).id)
            self._load_items(self._current_bin)

    def _load_items(self, workbin_id: int | None) -> None:
        if workbin_id is not None:
            self.ops.run(workbins.workbin_items, workbin_id, on_done=self.items.set_records, owner=self)
            self.pull_button.setEnabled(False)

    def on_item_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.pull_button.setEnabled(current.isValid())

    def on_item_view_double_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        item = self.items.record(index.row())
        if item.direction == "outbound" and item.state in ("draft", "rejected", "needs_attention"):
            self.sig_draft_requested.emit(int(item.id))
        else:
            self.sig_interaction_requested.emit(int(item.id))

    def on_pull_button_clicked(self) -> None:
        index = self.item_view.currentIndex()
        if not index.isValid():
            return
        interaction_id = int(self.items.record(index.row()).id)
        self.ops.run(workbins.pull_from_workbin, interaction_id, modal=True, owner=self, changes="workbins",
                     on_done=lambda _r: self.sig_item_pulled.emit(interaction_id))
