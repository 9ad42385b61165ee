"""The consultation dock: talk about the open interaction with a member of its team.

Without an open consultation the dock offers to start one (a team member and a first message); with one it
shows the conversation, a box to write in, and "Close consultation".
"""

from __future__ import annotations

import html
from typing import Any

from agentdesk.actions import consult, queries
from agentdesk.gui import display
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel, chain_tabs
from agentdesk.gui.qt import (
    QComboBox,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)


class ConsultationPanel(Panel):
    NAME = "consultation"
    AREA = Qt.DockWidgetArea.BottomDockWidgetArea

    sig_consultation_changed = Signal(int)
    """A consultation was started, written in or closed (the interaction's id)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.interaction_id: int | None = None
        self.current: Any | None = None
        self.view = QTextBrowser(self)
        self.view.setObjectName("consultation_view")
        self.view.document().setDocumentMargin(10)
        self.with_label = QLabel(self)
        self.member_combo = QComboBox(self)
        self.member_combo.setObjectName("consult_with")
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("consultation_editor")
        self.editor.setMaximumHeight(64)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("consultation_send")
        self.send_button.setProperty("primary", True)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("consultation_close")
        self.send_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.editor)
        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 8, 0)
        top.addWidget(self.with_label)
        top.addWidget(self.member_combo, 1)
        top.addWidget(self.close_button)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(8, 4, 8, 8)
        bottom.addWidget(self.editor, 1)
        bottom.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        chain_tabs([self.member_combo, self.close_button, self.view, self.editor, self.send_button])
        self.setFocusProxy(self.editor)
        self.send_button.clicked.connect(self.on_send_button_clicked)
        self.send_shortcut.activated.connect(self.on_send_button_clicked)
        self.close_button.clicked.connect(self.on_close_button_clicked)
        self._update()
        self.retranslate_ui()

    def title(self) -> str:
        return self.tr("Consultation")

    def retranslate_ui(self) -> None:
        self.with_label.setText(self.tr("With"))
        self.member_combo.setAccessibleName(self.tr("Team member to consult"))
        self.editor.setAccessibleName(self.tr("Consultation message"))
        self.view.setAccessibleName(self.tr("Consultation"))
        self.close_button.setText(self.tr("Close consultation"))
        self._update()

    def on_email_interaction_loaded(self, detail: Any) -> None:
        self.interaction_id = int(detail.id)
        self.reload()
        if not self.member_combo.count():
            self.ops.run(queries.search_team_members, "", on_done=self._on_members_found, owner=self)

    def reload(self) -> None:
        if self.interaction_id is not None:
            self.ops.run(consult.consultations, self.interaction_id, on_done=self._on_consultations, owner=self)

    def _on_members_found(self, members: list[Any]) -> None:
        me = self.ops.ctx.login if self.ops.ctx is not None else None
        self.member_combo.clear()
        for member in members:
            if member.login != me:
                self.member_combo.addItem(f"{member.name} ({member.login})", member.login)

    def _on_consultations(self, consultations: list[Any]) -> None:
        open_ones = [c for c in consultations if c.state == "open"]
        self.current = open_ones[-1] if open_ones else (consultations[-1] if consultations else None)
        self._update()

    def _update(self) -> None:
        current = self.current
        is_open = current is not None and current.state == "open"
        self.member_combo.setEnabled(not is_open and self.interaction_id is not None)
        self.close_button.setVisible(is_open)
        self.editor.setEnabled(self.interaction_id is not None)
        self.send_button.setEnabled(self.interaction_id is not None)
        self.send_button.setText(self.tr("Send") if is_open else self.tr("Start consultation"))
        self.editor.setPlaceholderText(self.tr("Write to your colleague…") if is_open else
                                       self.tr("Ask a team member about this interaction…"))
        parts = []
        if current is not None:
            if is_open:
                index = self.member_combo.findData(current.with_login if current.started_by ==
                                                   (self.ops.ctx.login if self.ops.ctx else "") else current.started_by)
                if index >= 0:
                    self.member_combo.setCurrentIndex(index)
            for message in current.messages:
                author = getattr(message, "author_name", "") or message.author_login
                who = html.escape(f"{author} · {display.when(message.created_at)}")
                body = html.escape(message.body).replace("\n", "<br>")
                parts.append(f'<p style="margin: 0 0 8px 0;"><span style="color: #6b7280;">{who}</span><br>{body}</p>')
            if not is_open:
                closed = html.escape(self.tr("The consultation is closed."))
                parts.append(f'<p style="color: #6b7280;">{closed}</p>')
        self.view.setHtml("".join(parts))

    def on_send_button_clicked(self) -> None:
        text = self.editor.toPlainText().strip()
        if self.interaction_id is None or not text:
            return
        interaction_id = self.interaction_id
        current = self.current
        if current is not None and current.state == "open":
            self.ops.run(consult.consultation_message, current.id, text, modal=True, owner=self,
                         on_done=lambda _r: self._sent(interaction_id))
            return
        login = self.member_combo.currentData()
        if login:
            self.ops.run(consult.start_consultation, interaction_id, str(login), text, modal=True, owner=self,
                         on_done=lambda _r: self._sent(interaction_id))

    def _sent(self, interaction_id: int) -> None:
        self.editor.clear()
        self.reload()
        self.sig_consultation_changed.emit(interaction_id)

    def on_close_button_clicked(self) -> None:
        if self.current is not None and self.interaction_id is not None:
            interaction_id = self.interaction_id
            self.ops.run(consult.close_consultation, self.current.id, modal=True, owner=self,
                         on_done=lambda _r: self._sent(interaction_id))
