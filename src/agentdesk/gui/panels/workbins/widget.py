"""The workbins dock: my personal workbins and my team's, each with its count; the chosen one's items below.

Double-clicking an item opens it (a draft in the outbound window, anything else in the email view); "Pull"
takes the chosen item out of its workbin (from a team workbin it becomes mine); "Move to" moves it to another
workbin; "Delete draft" deletes a draft of the Drafts workbin, after asking.
"""

from __future__ import annotations

from typing import Any

from agentdesk.actions import drafts, saved_views, workbins
from agentdesk.gui import display
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel
from agentdesk.gui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QToolButton,
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
    sig_view_chosen = Signal(object)
    """The agent chose one of their saved views (a ViewDef): My interactions lists what it holds."""

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
        # saved views (named filters of My interactions), above the workbins; shown once there is one
        self.saved = RecordTableModel([
            Column(lambda: self.tr("View"), lambda v: v.name, tooltip=lambda v: v.describe()),
            Column(lambda: self.tr("Items"), lambda v: "–" if v.count is None else str(v.count)),
        ])
        self.saved_view = _table(self, self.saved, "saved_views_view")
        self.delete_view_button = QToolButton(self)
        self.delete_view_button.setObjectName("delete_saved_view")
        self.delete_view_button.setEnabled(False)
        self.saved_box = QWidget(self)
        saved_layout = QVBoxLayout(self.saved_box)
        saved_layout.setContentsMargins(0, 0, 0, 0)
        saved_layout.setSpacing(2)
        saved_header = QHBoxLayout()
        saved_header.setContentsMargins(6, 0, 6, 0)
        self.saved_title = QLabel(self)
        self.saved_title.setObjectName("section_title")
        saved_header.addWidget(self.saved_title, 1)
        saved_header.addWidget(self.delete_view_button)
        saved_layout.addLayout(saved_header)
        saved_layout.addWidget(self.saved_view, 1)
        self.saved_box.hide()
        self.bin_view = _table(self, self.bins, "workbins_view")
        self.item_view = _table(self, self.items, "workbin_items_view")
        self.items_title = QLabel(self)
        self.items_title.setObjectName("section_title")
        self.pull_button = QPushButton(self)
        self.pull_button.setObjectName("pull_from_workbin")
        self.pull_button.setEnabled(False)
        self.move_button = QToolButton(self)
        self.move_button.setObjectName("move_to_workbin")
        self.move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.move_menu = QMenu(self)
        self.move_menu.setObjectName("menu_move_to_workbin")
        self.move_button.setMenu(self.move_menu)
        self.move_button.setEnabled(False)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("delete_draft")
        self.delete_button.setEnabled(False)
        self.delete_button.hide()
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.setSpacing(2)
        # the title above its buttons: the panel stays narrow enough for a small window's side column
        header = QHBoxLayout()
        header.setContentsMargins(6, 0, 6, 0)
        header.addWidget(self.delete_button)
        header.addWidget(self.move_button)
        header.addWidget(self.pull_button)
        header.addStretch(1)
        self.items_title.setContentsMargins(6, 0, 6, 0)
        bottom_layout.addWidget(self.items_title)
        bottom_layout.addLayout(header)
        bottom_layout.addWidget(self.item_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.saved_box)
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
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        self.saved_view.activated.connect(self.on_saved_view_activated)
        self.saved_view.clicked.connect(self.on_saved_view_activated)
        self.saved_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.delete_view_button.setEnabled(current.isValid()))
        self.delete_view_button.clicked.connect(self.on_delete_view_button_clicked)
        self._views: list[Any] = []
        self.confirm_box: QMessageBox | None = None
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Workbins")

    def retranslate_ui(self) -> None:
        self.bin_view.setAccessibleName(self.tr("Workbins"))
        self.item_view.setAccessibleName(self.tr("Items in the workbin"))
        self.items_title.setText(self.tr("In this workbin"))
        self.pull_button.setText(self.tr("Pull"))
        self.pull_button.setToolTip(self.tr("Take the chosen item out of its workbin"))
        self.move_button.setText(self.tr("Move to"))
        self.move_button.setToolTip(self.tr("Move the chosen item to another workbin"))
        self.move_button.setAccessibleName(self.tr("Move to another workbin"))
        self.delete_button.setText(self.tr("Delete draft"))
        self.delete_button.setToolTip(self.tr("Delete the chosen draft"))
        self.saved_title.setText(self.tr("Views"))
        self.saved_view.setAccessibleName(self.tr("Saved views"))
        self.delete_view_button.setText(self.tr("Delete"))
        self.delete_view_button.setToolTip(self.tr("Delete the chosen view"))
        self.delete_view_button.setAccessibleName(self.tr("Delete the chosen view"))
        self.saved.retranslate()
        self._fill_move_menu()
        self.bins.retranslate()
        self.items.retranslate()

    def workbin_label(self, workbin: Any) -> str:
        """Personal workbins by their translated role; team workbins by name."""
        names = {"drafts": self.tr("Drafts"), "in_progress": self.tr("In Progress"),
                 "personal": self.tr("My workbin")}
        if workbin.kind == "team":
            name = self.tr("Auto-filed") if workbin.name == workbins.AUTO_FILED else workbin.name
            return self.tr("Team: %1").replace("%1", name)
        return str(names.get(workbin.kind, workbin.name))

    def reload(self) -> None:
        self.ops.run(workbins.list_workbins, on_done=self._on_bins_loaded, owner=self)
        self.reload_views()

    # -- saved views -----------------------------------------------------------------------------------------
    def reload_views(self) -> None:
        self.ops.run(saved_views.list_views, counts=True, on_done=self._on_views_loaded, owner=self)

    def _on_views_loaded(self, views: list[Any]) -> None:
        self.saved.set_records(views)
        self.saved_box.setVisible(bool(views))
        self.delete_view_button.setEnabled(self.saved_view.currentIndex().isValid())

    def on_saved_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_view_chosen.emit(self.saved.record(index.row()))

    def on_delete_view_button_clicked(self) -> None:
        index = self.saved_view.currentIndex()
        if index.isValid():
            name = self.saved.record(index.row()).name
            self.ops.run(saved_views.delete_view, name, modal=True, owner=self,
                         on_done=lambda _r: self.reload_views())

    def _on_bins_loaded(self, views: list[Any]) -> None:
        self._views = list(views)
        self.bins.set_records(views)
        self.sig_workbins_loaded.emit(views)
        rows = [i for i, v in enumerate(views) if v.id == self._current_bin]
        if not rows and views and self._current_bin is None:
            rows = [0]  # the first time: show what Drafts holds
            self._current_bin = int(views[0].id)
        if rows:
            self.bin_view.selectRow(rows[0])
            self._load_items(self._current_bin)

    def on_bin_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._current_bin = int(self.bins.record(current.row()).id)
            self._load_items(self._current_bin)

    def _load_items(self, workbin_id: int | None) -> None:
        if workbin_id is not None:
            self.ops.run(workbins.workbin_items, workbin_id, on_done=self._on_items_loaded, owner=self)
            self._update_item_buttons()

    def _on_items_loaded(self, items: list[Any]) -> None:
        self.items.set_records(items)
        self._update_item_buttons()

    def current_bin(self) -> Any | None:
        return next((v for v in self._views if v.id == self._current_bin), None)

    def current_item(self) -> Any | None:
        index = self.item_view.currentIndex()
        return self.items.record(index.row()) if index.isValid() and index.row() < self.items.rowCount() else None

    def _update_item_buttons(self) -> None:
        current, item = self.current_bin(), self.current_item()
        kind = current.kind if current is not None else None
        kept = kind in ("drafts", "in_progress")  # kept by agentdesk itself
        self.pull_button.setEnabled(item is not None and not kept)
        self.move_button.setEnabled(item is not None and not kept and bool(self.move_menu.actions()))
        self.delete_button.setVisible(kind == "drafts")
        self.delete_button.setEnabled(item is not None and kind == "drafts")
        self._fill_move_menu()

    def _fill_move_menu(self) -> None:
        """Where the chosen item can go: My workbin and the team's workbins, but not where it is."""
        self.move_menu.clear()
        me = self.ops.ctx.login if self.ops.ctx is not None else None
        for view in self._views:
            if view.id == self._current_bin or not (view.kind == "team" or (view.kind == "personal"
                                                                            and view.owner_login == me)):
                continue
            action = self.move_menu.addAction(self.workbin_label(view))
            action.setObjectName(f"move_to_{view.id}")
            action.triggered.connect(lambda _checked=False, target=view.id: self.move_to(target))

    def on_item_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_item_buttons()

    def move_to(self, workbin_id: int) -> None:
        item = self.current_item()
        if item is not None:
            self.ops.run(workbins.move_to_workbin, int(item.id), workbin_id, modal=True, owner=self,
                         changes="workbins")

    def on_delete_button_clicked(self) -> None:
        item = self.current_item()
        if item is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete draft"),
                          self.tr("Delete the draft “%1”? What it says is lost.").replace(
                              "%1", item.subject or self.tr("(no subject)")),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirm_delete_draft")
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        delete.setObjectName("confirm_delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        draft_id = int(item.id)
        delete.clicked.connect(lambda: self.ops.run(drafts.delete_draft, draft_id, modal=True, owner=self,
                                                    changes="workbins"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm_box = box
        box.open()

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
