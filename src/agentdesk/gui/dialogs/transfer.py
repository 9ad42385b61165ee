"""Transfer (エージェントに転送, S3): choose an agent or a team, add a reason; the target accepts or declines."""

from __future__ import annotations

from typing import Any

from agentdesk.actions import queries
from agentdesk.gui.models import Column, RecordTableModel
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import tab_moves_on
from agentdesk.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class TransferDialog(QDialog):
    """Pick the target of a transfer. ``target()`` gives ``{"to_login": …}`` or ``{"to_team": …}``."""

    def __init__(self, ops: Ops, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transfer_dialog")
        self.ops = ops
        self.agent_radio = QRadioButton(self)
        self.team_radio = QRadioButton(self)
        self.agent_radio.setChecked(True)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.members = RecordTableModel([
            Column(lambda: self.tr("Name"), lambda m: m.name),
            Column(lambda: self.tr("Team"), lambda m: m.team or ""),
        ])
        self.view = QTableView(self)
        self.view.setModel(self.members)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.team_combo = QComboBox(self)
        self.reason = QLineEdit(self)
        self.subject = QLabel(subject, self)
        self.subject.setObjectName("section_title")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                       self)
        form = QFormLayout()
        self.team_label = QLabel(self)
        self.reason_label = QLabel(self)
        form.addRow(self.team_label, self.team_combo)
        form.addRow(self.reason_label, self.reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.subject)
        layout.addWidget(self.agent_radio)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.team_radio)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.search.textChanged.connect(self.on_search_text_changed)
        self.agent_radio.toggled.connect(self.on_agent_radio_toggled)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_ok())
        tab_moves_on(self)  # Tab leaves the list / the instructions instead of staying in them
        self.retranslate_ui()
        self.resize(460, 480)
        self.on_agent_radio_toggled(True)
        self.on_search_text_changed("")
        self.ops.run(queries.search_team_members, "", everyone=True, on_done=self._on_teams_found, owner=self)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Transfer to an agent"))
        self.agent_radio.setText(self.tr("To an agent"))
        self.team_radio.setText(self.tr("To a team"))
        self.search.setPlaceholderText(self.tr("Search team members…"))
        self.search.setAccessibleName(self.tr("Search team members"))
        self.view.setAccessibleName(self.tr("Team members"))
        self.team_label.setText(self.tr("Team"))
        self.reason_label.setText(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("optional, shown to the target"))
        self.team_combo.setAccessibleName(self.tr("Team"))
        self.reason.setAccessibleName(self.tr("Reason"))

    def on_search_text_changed(self, text: str) -> None:
        self.ops.run(queries.search_team_members, text, everyone=True, on_done=self._on_members_found, owner=self)

    def _on_members_found(self, members: list[Any]) -> None:
        me = self.ops.ctx.login if self.ops.ctx is not None else None
        self.members.set_records([m for m in members if m.login != me and m.role != "admin"])
        self._update_ok()

    def _on_teams_found(self, members: list[Any]) -> None:
        for team in sorted({m.team for m in members if m.team}):
            self.team_combo.addItem(team, team)
        self._update_ok()

    def on_agent_radio_toggled(self, _checked: bool) -> None:
        agent = self.agent_radio.isChecked()
        self.search.setEnabled(agent)
        self.view.setEnabled(agent)
        self.team_combo.setEnabled(not agent)
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.target() is not None)

    def target(self) -> dict[str, str] | None:
        if self.agent_radio.isChecked():
            index = self.view.currentIndex()
            return {"to_login": self.members.record(index.row()).login} if index.isValid() else None
        team = self.team_combo.currentData()
        return {"to_team": str(team)} if team else None

    def reason_text(self) -> str | None:
        return self.reason.text().strip() or None
