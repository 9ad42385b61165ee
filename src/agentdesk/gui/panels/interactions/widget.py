"""The "My interactions" dock: a lazy table of the interactions I hold (emails and call records), with who else
has each open (X2) and the transfer offers waiting for me; choosing one opens it."""

from __future__ import annotations

from typing import Any

from agentdesk.actions import outbox, queries, saved_views, tags, transfer
from agentdesk.gui.flowlayout import FlowLayout
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel, hint_label
from agentdesk.gui.panels.interactions.model import COLUMNS, InteractionTableModel
from agentdesk.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QCursor,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QItemSelection,
    QLabel,
    QModelIndex,
    QPushButton,
    QResizeEvent,
    QStackedWidget,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    is_alive,
)

#: the columns beside the subject: their widths, and narrower ones when the list is narrow (a small window), so
#: that the subject always keeps room
WIDTHS = {"contact": (92, 92), "state": (92, 84), "age": (66, 58), "tags": (110, 80), "viewers": (80, 64)}
#: narrower than this, the contact column is hidden (the subject's tooltip names the contact)
NARROW_WIDTH = 440


class InteractionsPanel(Panel):
    """My interactions."""

    NAME = "interactions"
    AREA = Qt.DockWidgetArea.LeftDockWidgetArea

    sig_interaction_selected = Signal(int)
    """The agent chose an interaction (its id)."""
    sig_interaction_activated = Signal(int)
    """The agent pressed Enter on an interaction or double-clicked it (its id): open it to work on (a draft or a
    rejected reply in the outbound window)."""
    sig_transfers_loaded = Signal(object)
    """The transfer offers made on my interactions that wait for an answer (a list of OfferView)."""
    sig_offer_answered = Signal(int)
    """A transfer offer was accepted or declined (the interaction's id)."""
    sig_views_changed = Signal()
    """A saved view was saved from the filter bar (the Views list reloads)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.model = InteractionTableModel(ops, queries.interaction_ids, outbox.summaries_with_outbox)
        # the filter bar, made before the list so that Tab reaches it first: open or snoozed interactions, and which
        # tag (my tags in use, with how many of my open interactions carry each)
        self.filter_bar = QFrame(self)
        self.filter_bar.setObjectName("interactions_filter")
        self.show_label = QLabel(self.filter_bar)
        self.show_filter = QComboBox(self.filter_bar)
        self.show_filter.setObjectName("show_filter")
        self.show_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_label.setBuddy(self.show_filter)
        self._snoozed = 0
        self.tag_label = QLabel(self.filter_bar)
        self.tag_filter = QComboBox(self.filter_bar)
        self.tag_filter.setObjectName("tag_filter")
        self.tag_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tag_label.setBuddy(self.tag_filter)
        self._tags: list[Any] = []
        self.save_view_button = QPushButton(self.filter_bar)
        self.save_view_button.setObjectName("save_view")
        self.view_label = QLabel(self.filter_bar)  # the saved view being shown, if any
        self.view_label.setObjectName("current_view")
        self.clear_view_button = QPushButton(self.filter_bar)
        self.clear_view_button.setObjectName("clear_view")
        self.view_label.hide()
        self.clear_view_button.hide()
        self._view: Any | None = None
        # the bar wraps onto a second line where the list is narrow (a small screen) instead of widening it;
        # a label stays beside its list
        filter_layout = FlowLayout(self.filter_bar, spacing=6)
        filter_layout.setContentsMargins(8, 4, 8, 4)
        for label, combo in ((self.show_label, self.show_filter), (self.tag_label, self.tag_filter)):
            pair = QWidget(self.filter_bar)
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 6, 0)
            pair_layout.setSpacing(6)
            label.setParent(pair)
            combo.setParent(pair)
            pair_layout.addWidget(label)
            pair_layout.addWidget(combo)
            filter_layout.addWidget(pair)
        for widget in (self.save_view_button, self.view_label, self.clear_view_button):
            filter_layout.addWidget(widget)
        self.view = QTableView(self)
        self.view.setObjectName("interactions_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(28)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setMouseTracking(True)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(COLUMNS.index("subject"), QHeaderView.ResizeMode.Stretch)
        for name in WIDTHS:
            header.setSectionResizeMode(COLUMNS.index(name), QHeaderView.ResizeMode.Interactive)
        self._narrow: bool | None = None
        self._fit_columns()
        self.view.setColumnHidden(COLUMNS.index("viewers"), True)
        self.view.setColumnHidden(COLUMNS.index("tags"), True)
        self.offers = QFrame(self)
        self.offers.setObjectName("transfer_offers")
        self.offers_layout = QVBoxLayout(self.offers)
        self.offers_layout.setContentsMargins(8, 6, 8, 6)
        self.offers_layout.setSpacing(4)
        self.offers.hide()
        self._offers: list[Any] = []
        self._restoring = False
        self._chosen: int | None = None  # the interaction chosen in the list (kept by id, not by row)
        # new mail arrived above what the agent is looking at: it is not scrolled into view under the pointer
        self.new_above = QPushButton(self)
        self.new_above.setObjectName("new_above")
        self.new_above.setFlat(True)
        self.new_above.hide()
        self.new_above.clicked.connect(self.on_new_above_clicked)
        self._new_above = 0
        self._anchor: tuple[int, int, int] | None = None  # (interaction id, its row, its y on screen) kept put
        self.empty = hint_label(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.offers)
        layout.addWidget(self.new_above)
        layout.addWidget(self.stack)
        self.view.selectionModel().selectionChanged.connect(self.on_view_selection_changed)
        self.view.activated.connect(self.on_view_activated)
        self.model.sig_ids_loaded.connect(self.on_model_ids_loaded)
        self.model.sig_ids_changing.connect(self.on_model_ids_changing)
        self.model.sig_page_loaded.connect(self.on_model_page_loaded)
        self.tag_filter.activated.connect(self.on_tag_filter_activated)
        self.show_filter.activated.connect(self.on_show_filter_activated)
        self.save_view_button.clicked.connect(self.on_save_view_button_clicked)
        self.clear_view_button.clicked.connect(lambda _checked=False: self.apply_view(None))
        self.model.sig_held_changed.connect(self.on_model_held_changed)
        self.model.hold_new = self._hold_new
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self.model.tick)
        self._clock.start()
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("My interactions")

    def _fit_columns(self) -> None:
        narrow = self.width() < NARROW_WIDTH
        if narrow == self._narrow:
            return
        self._narrow = narrow
        header = self.view.horizontalHeader()
        for name, (wide, small) in WIDTHS.items():
            header.resizeSection(COLUMNS.index(name), small if narrow else wide)
        self.view.setColumnHidden(COLUMNS.index("contact"), narrow)
        self._show_viewers_column()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def retranslate_ui(self) -> None:
        self.view.setAccessibleName(self.tr("My interactions"))
        self.tag_label.setText(self.tr("&Tag:"))
        self.show_label.setText(self.tr("&Show:"))
        self.save_view_button.setText(self.tr("Save as view…"))
        self.save_view_button.setToolTip(self.tr("Keep this filter under a name, in Views"))
        self.clear_view_button.setText(self.tr("Show all"))
        self.clear_view_button.setToolTip(self.tr("Leave the view: My interactions again"))
        self._show_view_label()
        self.show_filter.setAccessibleName(self.tr("Show open or snoozed interactions"))
        self._fill_show_filter()
        self.tag_filter.setAccessibleName(self.tr("Show only interactions with this tag"))
        self._fill_tag_filter()
        self._show_empty_text()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self._update_new_above()

    def _show_empty_text(self) -> None:
        tag = self.model.filters.get("tag")
        if self.model.filters.get("snoozed") == "only":
            text = self.tr("Nothing snoozed.") if not tag else \
                self.tr("None of your snoozed interactions is tagged #%1.").replace("%1", tag)
        elif tag:
            text = self.tr("None of your interactions is tagged #%1.").replace("%1", tag)
        else:
            text = self.tr("Nothing assigned to you right now.\n"
                           "New interactions appear here as they are routed to you.")
        self.empty.setText(text)

    # -- saved views ----------------------------------------------------------------------------------------
    def apply_view(self, view: Any | None) -> None:
        """List what a saved view holds (None: back to My interactions with no filter)."""
        self._view = view
        self.model.filters = dict(view.filters) if view is not None else {}
        for combo in (self.show_filter, self.tag_filter):
            combo.setEnabled(view is None)  # a view is its own filter; "Show all" leaves it
        self._fill_show_filter()
        self._fill_tag_filter()
        self._show_view_label()
        self._show_empty_text()
        self.model.reload()

    def _show_view_label(self) -> None:
        view = self._view
        self.view_label.setVisible(view is not None)
        self.clear_view_button.setVisible(view is not None)
        self.save_view_button.setVisible(view is None)
        if view is not None:
            self.view_label.setText(self.tr("View: %1").replace("%1", view.name))
            self.view_label.setToolTip(view.describe())

    def on_save_view_button_clicked(self) -> None:
        from agentdesk.gui.dialogs.save_view import SaveViewDialog

        self.save_dialog = SaveViewDialog(self.window())
        self.save_dialog.accepted.connect(self.on_save_dialog_accepted)
        self.save_dialog.finished.connect(self.save_dialog.deleteLater)
        self.save_dialog.open()

    def on_save_dialog_accepted(self) -> None:
        name = self.save_dialog.name.text()
        filters = {key: value for key, value in self.model.filters.items() if key in saved_views.KEYS}
        self.ops.run(saved_views.save_view, name, modal=True, owner=self,
                     on_done=self._on_view_saved, **filters)

    def _on_view_saved(self, view: Any) -> None:
        self.sig_views_changed.emit()
        self.apply_view(view)

    # -- open or snoozed -------------------------------------------------------------------------------------
    def _fill_show_filter(self) -> None:
        self.show_filter.blockSignals(True)
        self.show_filter.clear()
        self.show_filter.addItem(self.tr("Open"), None)
        self.show_filter.addItem(self.tr("Snoozed (%1)").replace("%1", str(self._snoozed)), "only")
        self.show_filter.setCurrentIndex(1 if self.model.filters.get("snoozed") == "only" else 0)
        self.show_filter.blockSignals(False)

    def show_snoozed(self, snoozed: bool) -> None:
        """List the snoozed interactions (True) or the open ones, snoozed ones out of sight (False)."""
        if snoozed:
            self.model.filters["snoozed"] = "only"
        else:
            self.model.filters.pop("snoozed", None)
        self._fill_show_filter()
        self._show_empty_text()
        self.model.reload()

    def on_show_filter_activated(self, index: int) -> None:
        self.show_snoozed(self.show_filter.itemData(index) == "only")

    # -- the tag filter --------------------------------------------------------------------------------------
    def _fill_tag_filter(self) -> None:
        chosen = self.model.filters.get("tag")
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("All"), None)
        names = [t.tag for t in self._tags]
        for found in self._tags:
            self.tag_filter.addItem(f"#{found.tag} ({found.count})", found.tag)
        if chosen and chosen not in names:  # chosen, but on no open interaction any more: still shown
            self.tag_filter.addItem(f"#{chosen}", chosen)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(chosen)) if chosen else 0)
        self.tag_filter.blockSignals(False)

    def _on_filters_loaded(self, found: tuple[list[Any], int]) -> None:
        self._tags, self._snoozed = list(found[0]), int(found[1])
        self._fill_tag_filter()
        self._fill_show_filter()

    def set_tag_filter(self, tag: str | None) -> None:
        """Show only the interactions carrying ``tag`` (None: all of them)."""
        if tag:
            self.model.filters["tag"] = tag
        else:
            self.model.filters.pop("tag", None)
        self._fill_tag_filter()
        self._show_empty_text()
        self.model.reload()

    def on_tag_filter_activated(self, index: int) -> None:
        value = self.tag_filter.itemData(index)
        self.set_tag_filter(str(value) if value else None)

    def on_model_page_loaded(self, _count: int) -> None:
        self._show_tags_column()

    def _show_tags_column(self) -> None:
        """The column shows while a row of the list carries a tag."""
        self.view.setColumnHidden(COLUMNS.index("tags"), not self.model.has_tags())

    def reload(self, *, show_new: bool = False) -> None:
        """Reload the list (keeping the chosen interaction chosen) and the transfer offers waiting for me;
        ``show_new``: after the agent's own action, whose new rows (a call record, a reply) show at once."""
        rows = self.view.selectionModel().selectedRows()
        self._keep = self.model.interaction_id(rows[0].row()) if rows else None
        self.model.reload(show_new=show_new)
        self.ops.run(transfer.pending_offers, on_done=self._on_offers_loaded, owner=self)
        self.ops.run(transfer.my_pending_offers, on_done=self._on_my_offers_loaded, owner=self)
        self.ops.run(_filter_choices, on_done=self._on_filters_loaded, owner=self)
        self._show_viewers_column()

    def follow(self, changed: frozenset[int], *, offers: bool) -> None:
        """The change feed said these interactions changed (and whether transfer offers did): the list checks
        which joined or left and reads those rows again, nothing else (:meth:`reload` reads everything)."""
        rows = self.view.selectionModel().selectedRows()
        self._keep = self.model.interaction_id(rows[0].row()) if rows else None
        if changed:
            self.model.refresh_rows(changed)
            self.ops.run(_filter_choices, on_done=self._on_filters_loaded, owner=self)
        if offers:
            self.ops.run(transfer.pending_offers, on_done=self._on_offers_loaded, owner=self)
            self.ops.run(transfer.my_pending_offers, on_done=self._on_my_offers_loaded, owner=self)

    def show_new_next(self) -> None:
        """The agent's own action is about to change the list: its new rows show at once, not held above."""
        self.model.show_next = True

    def set_viewers(self, by_id: dict[int, tuple[str, ...]]) -> None:
        """Who else is on which interaction (X2), from the presence board."""
        self.model.set_viewers(by_id)
        self._show_viewers_column()

    def _show_viewers_column(self) -> None:
        """The column shows only while someone else has one of my interactions open."""
        self.view.setColumnHidden(COLUMNS.index("viewers"), not self.model.has_viewers())

    def _on_my_offers_loaded(self, offers: list[Any]) -> None:
        self.model.set_transfers(offers)
        self.sig_transfers_loaded.emit(list(offers))

    def _on_offers_loaded(self, offers: list[Any]) -> None:
        self._offers = list(offers)
        while self.offers_layout.count():
            item = self.offers_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for offer in self._offers:
            self.offers_layout.addWidget(self._offer_row(offer))
        self.offers.setVisible(bool(self._offers))

    def _offer_row(self, offer: Any) -> QWidget:
        row = QWidget(self.offers)
        row.setObjectName(f"offer_{offer.id}")
        text = QLabel(row)
        text.setWordWrap(True)
        message = self.tr("Transfer from %1: %2").replace("%1", offer.from_name or offer.from_login).replace(
            "%2", offer.subject)
        if offer.reason:
            message += f" — {offer.reason}"
        text.setText(message)
        accept, decline = QPushButton(self.tr("Accept"), row), QPushButton(self.tr("Decline"), row)
        accept.setObjectName("accept_offer")
        decline.setObjectName("decline_offer")
        accept.setProperty("primary", True)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text, 1)
        layout.addWidget(accept)
        layout.addWidget(decline)
        accept.clicked.connect(lambda: self._answer(transfer.accept_transfer, offer))
        decline.clicked.connect(lambda: self._answer(transfer.decline_transfer, offer))
        return row

    def _answer(self, action: Any, offer: Any) -> None:
        self.ops.run(action, offer.id, modal=True, owner=self,
                     on_done=lambda _r: self.sig_offer_answered.emit(int(offer.interaction_id)))

    def select_interaction(self, interaction_id: int) -> None:
        row = self.model.row_of(interaction_id)
        if row >= 0:
            self.view.selectRow(row)

    # -- new mail never moves the row under the pointer -------------------------------------------------------
    def _anchor_row(self) -> int:
        """The row that must stay where it is on screen: the one under the pointer, else the chosen one while it
        is in sight, else the top one when the list is scrolled down (at the very top, new mail shows there)."""
        view = self.view
        viewport = view.viewport()
        pointer = viewport.mapFromGlobal(QCursor.pos())
        if viewport.rect().contains(pointer) and viewport.underMouse():
            row = view.rowAt(pointer.y())
            if row >= 0:
                return row
        rows = view.selectionModel().selectedRows()
        if rows:
            y = view.rowViewportPosition(rows[0].row())
            if 0 <= y < viewport.height():
                return rows[0].row()
        if view.verticalScrollBar().value() > 0:
            return view.rowAt(0)
        return -1

    def _hold_new(self) -> bool:
        """New rows wait above while the agent points at the list or has a row chosen (the model may answer
        after this panel is gone)."""
        return is_alive(self) and is_alive(self.view) and self._anchor_row() >= 0

    def on_model_ids_changing(self) -> None:
        row = self._anchor_row()
        self._anchor = ((self.model.interaction_id(row), row, self.view.rowViewportPosition(row)) if row >= 0
                        else None)

    def _keep_anchor_put(self) -> None:
        """After rows were removed or inserted above it: scroll so that the anchor row is where it was on
        screen (as far as the list can scroll)."""
        anchor, self._anchor = self._anchor, None
        if anchor is None:
            return
        interaction_id, old_row, y = anchor
        row = self.model.row_of(interaction_id)
        if row < 0 or row == old_row:
            return
        bar = self.view.verticalScrollBar()
        target = max(0, row * self.view.verticalHeader().defaultSectionSize() - y)
        if target > bar.maximum():  # the range grows once the view lays out the new rows
            bar.setMaximum(target)
        bar.setValue(target)

    def on_model_held_changed(self, count: int) -> None:
        self._new_above = count
        self._update_new_above()

    def _update_new_above(self) -> None:
        count = self._new_above
        self.new_above.setText(self.tr("↑ %1 new — show").replace("%1", str(count)))
        self.new_above.setToolTip(self.tr("New interactions arrived above; the list was not moved under your pointer"))
        self.new_above.setVisible(count > 0)

    def on_new_above_clicked(self) -> None:
        """Show the new mail held back above: inserted at the top, the list scrolled there."""
        self.model.release_held()
        self.view.scrollToTop()

    def on_model_ids_loaded(self, count: int) -> None:
        self.stack.setCurrentWidget(self.view if count else self.empty)
        self._keep_anchor_put()
        self._show_tags_column()
        keep, self._keep = getattr(self, "_keep", None), None
        row = self.model.row_of(keep) if keep is not None else -1
        selected = self.view.selectionModel().selectedRows()
        if row >= 0 and not (selected and selected[0].row() == row):
            self._restoring = True
            try:
                self.view.selectRow(row)
            finally:
                self._restoring = False

    def on_view_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        chosen = self.model.interaction_id(rows[0].row()) if rows else None
        moved_only, self._chosen = chosen == self._chosen, chosen  # rows moved under it: the same interaction
        if chosen is not None and not self._restoring and not moved_only:
            self.sig_interaction_selected.emit(chosen)

    def on_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_interaction_activated.emit(self.model.interaction_id(index.row()))


def _filter_choices(ctx: Any) -> tuple[list[Any], int]:
    """(worker) What the filter bar offers: my tags in use, and how many of mine are snoozed."""
    return tags.tags_in_use(ctx, mine=True), queries.count_interactions(ctx, snoozed="only")
