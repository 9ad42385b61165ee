"""The case data dock: the open interaction's case key/values and its QA review status.

Keys the administrator made read-only (and the reserved ``QA`` key) show a lock and cannot be edited; the
others are edited in place when an editing action is available (``edit`` given), the value changing only once
the database has taken it. While the routing database cannot be reached the panel shows the local cache's copy
(the detail is an ``agentdesk.cache.offline_view.CachedDetail``) and says so; an edit made then waits under
Waiting actions (the edit action answers False) and its value shows in place, marked as waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agentdesk.gui import display
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel, hint_label, offline_hint_label
from agentdesk.gui.qt import (
    QAbstractItemView,
    QColor,
    QFrame,
    QHeaderView,
    QLabel,
    QStackedWidget,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: edit(ctx, interaction_id, key, value) -> anything: the action that changes one value
EditAction = Callable[..., Any]
QA_COLOURS = {"rejected": "#c62828", "approved": "#1a7f37", "edited": "#1a7f37", "review": "#b7791f"}


class CaseDataPanel(Panel):
    NAME = "casedata"
    AREA = Qt.DockWidgetArea.RightDockWidgetArea

    sig_case_data_changed = Signal(int)
    """A value was saved (the interaction's id)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, edit: EditAction | None = None) -> None:
        super().__init__(ops, parent)
        self._edit = edit
        self.interaction_id: int | None = None
        self.model = RecordTableModel([
            Column(lambda: self.tr("Key"), lambda item: display.case_key(item.key),
                   tooltip=lambda item: self.tr("Read-only") if item.read_only else ""),
            Column(lambda: self.tr("Value"), lambda item: display.case_value(item.key, item.value),
                   editable=lambda item: self._edit is not None and not item.read_only,
                   tooltip=lambda item: self.tr("Waiting for the database (see Waiting actions)")
                   if item.key in self._waiting else "",
                   foreground=lambda item: QColor("#b45309") if item.key in self._waiting
                   else QColor("#6b7280") if item.read_only else None),
        ])
        self._waiting: frozenset[str] = frozenset()
        self.offline_hint = offline_hint_label(self)
        self.view = QTableView(self)
        self.view.setObjectName("casedata_view")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.qa_frame = QFrame(self)
        self.qa_frame.setObjectName("qa_status")
        self.qa_title = QLabel(self.qa_frame)
        self.qa_title.setObjectName("section_title")
        self.qa_status = QLabel(self.qa_frame)
        self.qa_status.setWordWrap(True)
        self.qa_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        qa_layout = QVBoxLayout(self.qa_frame)
        qa_layout.setContentsMargins(10, 4, 10, 8)
        qa_layout.setSpacing(2)
        qa_layout.addWidget(self.qa_title)
        qa_layout.addWidget(self.qa_status)
        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.view, 1)
        page_layout.addWidget(self.qa_frame)
        self.page = page
        self.empty = hint_label(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.offline_hint)
        layout.addWidget(self.stack)
        self.model.sig_edit_requested.connect(self.on_model_edit_requested)
        self._detail: Any | None = None
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Case data")

    def retranslate_ui(self) -> None:
        self.view.setAccessibleName(self.tr("Case data"))
        self.qa_title.setText(self.tr("QA review"))
        self.offline_hint.setText(self.tr("Offline — cached copy. Changes wait for the database."))
        self.model.retranslate()
        if self._detail is not None:
            self.on_email_interaction_loaded(self._detail)
        else:
            self.empty.setText(self.tr("The case data of the open interaction shows here."))

    def on_email_interaction_loaded(self, detail: Any) -> None:
        self._detail = detail
        self.interaction_id = int(detail.id)
        self._waiting = frozenset(getattr(detail, "waiting_keys", ()))
        self.offline_hint.setVisible(bool(getattr(detail, "cached", False)))
        self.model.set_records(detail.case_data)
        status = detail.qa_status
        self.qa_frame.setVisible(status is not None)
        if status is not None:
            labels = {"review": self.tr("Waiting for review"), "approved": self.tr("Approved"),
                      "rejected": self.tr("Rejected"), "edited": self.tr("Edited and approved by the reviewer")}
            text = labels.get(status, status)
            if detail.qa_note:
                text = self.tr("%1 — reviewer's note: %2").replace("%1", text).replace("%2", detail.qa_note)
            self.qa_status.setText(text)
            self.qa_status.setStyleSheet(f"color: {QA_COLOURS.get(status, '')}; font-weight: 600;")
        if not detail.case_data and status is None:
            self.empty.setText(self.tr("This interaction's case has no data."))
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.page)

    def clear(self) -> None:
        self._detail = None
        self.interaction_id = None
        self._waiting = frozenset()
        self.offline_hint.hide()
        self.model.set_records(())
        self.retranslate_ui()
        self.stack.setCurrentWidget(self.empty)

    def on_model_edit_requested(self, row: int, value: str) -> None:
        if self._edit is None or self.interaction_id is None:
            return
        interaction_id, key = self.interaction_id, self.model.record(row).key
        self.ops.run(self._edit, interaction_id, key, value, modal=True, owner=self,
                     on_done=lambda result: self._on_edited(interaction_id, key, result))

    def _on_edited(self, interaction_id: int, key: str, result: Any) -> None:
        if result is False:  # the desk cache's edit action kept it for later (the plain action answers None)
            self.ops.sig_status_message.emit(
                self.tr("The database cannot be reached: the change of %1 waits under Waiting actions.")
                .replace("%1", key))
        self.sig_case_data_changed.emit(interaction_id)
