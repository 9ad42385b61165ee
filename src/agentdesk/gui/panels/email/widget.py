"""The email interaction view (メール インタラクション): the open interaction's headers, body and attachments.

The action toolbar holds the main window's actions (only those that work); this panel only shows.
"""

from __future__ import annotations

from typing import Any

from agentdesk.actions import queries
from agentdesk.gui import display, resources
from agentdesk.gui.flowlayout import FlowLayout
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel, hint_label
from agentdesk.gui.panels.email import quoting
from agentdesk.gui.qt import (
    QAction,
    QFormLayout,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSize,
    QSplitter,
    QStackedWidget,
    Qt,
    QTextBrowser,
    QToolButton,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)


class EmailPanel(Panel):
    """The open interaction."""

    NAME = "email"

    sig_interaction_loaded = Signal(object)
    """The open interaction's detail arrived (an InteractionDetail)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.detail: Any | None = None
        self._expanded: frozenset[int] = frozenset()
        # The action bar: one button per command, wrapping to a second row when the dock is narrow.
        self.toolbar = QFrame(self)
        self.toolbar.setObjectName("email_actions")
        self.toolbar_layout = FlowLayout(self.toolbar, spacing=2)
        self.toolbar_layout.setContentsMargins(6, 4, 6, 4)
        self.buttons: dict[str, QToolButton] = {}

        self.header = QFrame(self)
        self.header.setObjectName("email_header")
        self.subject = QLabel(self.header)
        self.subject.setObjectName("email_subject")
        self.subject.setWordWrap(True)
        self.subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(2)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.from_label, self.from_value = self._header_row()
        self.to_label, self.to_value = self._header_row()
        self.cc_label, self.cc_value = self._header_row()
        self.date_label, self.date_value = self._header_row()
        self.state_label, self.state_value = self._header_row()
        header_layout = QVBoxLayout(self.header)
        header_layout.setContentsMargins(14, 10, 14, 10)
        header_layout.setSpacing(6)
        header_layout.addWidget(self.subject)
        header_layout.addLayout(self.form)

        self.body = QTextBrowser(self)
        self.body.setObjectName("email_body")
        self.body.setOpenLinks(False)
        self.body.setOpenExternalLinks(False)
        self.body.document().setDocumentMargin(14)
        self.body.anchorClicked.connect(self.on_body_anchor_clicked)
        self.attachments = QListWidget(self)
        self.attachments.setObjectName("email_attachments")
        self.attachments.setMaximumHeight(84)
        self.attachments_title = QLabel(self)
        self.attachments_title.setObjectName("section_title")
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(10, 0, 10, 6)
        bottom_layout.setSpacing(2)
        bottom_layout.addWidget(self.attachments_title)
        bottom_layout.addWidget(self.attachments)
        self.attachments_box = bottom
        bottom.setMaximumHeight(120)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.body)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setChildrenCollapsible(False)

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.header)
        page_layout.addWidget(splitter, 1)
        self.empty = hint_label(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        self.retranslate_ui()

    def _header_row(self) -> tuple[QLabel, QLabel]:
        label, value = QLabel(self.header), QLabel(self.header)
        label.setProperty("muted", True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setWordWrap(True)
        self.form.addRow(label, value)
        return label, value

    def title(self) -> str:
        return self.tr("Email interaction")

    def retranslate_ui(self) -> None:
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("To"))
        self.cc_label.setText(self.tr("CC"))
        self.date_label.setText(self.tr("Received"))
        self.state_label.setText(self.tr("State"))
        self.attachments_title.setText(self.tr("Attachments"))
        self.empty.setText(self.tr("Choose an interaction in My interactions to read it here."))
        self.body.setAccessibleName(self.tr("Email body"))
        self.attachments.setAccessibleName(self.tr("Attachments"))
        self.toolbar.setAccessibleName(self.tr("Email actions"))
        if self.detail is not None:
            self._show(self.detail)

    def set_actions(self, actions: list[QAction]) -> None:
        """Fill the action bar: a button per action; an action with a menu gets a drop-down button."""
        for action in actions:
            button = QToolButton(self.toolbar)
            button.setObjectName(f"button_{action.objectName().removeprefix('action_')}")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setIconSize(QSize(18, 18))
            button.setAutoRaise(True)
            if action.menu() is not None:
                button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            self.toolbar_layout.addWidget(button)
            self.buttons[button.objectName()] = button

    @property
    def interaction_id(self) -> int | None:
        return int(self.detail.id) if self.detail is not None else None

    def open_interaction(self, interaction_id: int) -> None:
        self.ops.run(queries.get_interaction, interaction_id, on_done=self.on_ops_detail_fetched, owner=self)

    def clear(self) -> None:
        self.detail = None
        self.stack.setCurrentWidget(self.empty)

    def on_ops_detail_fetched(self, detail: Any) -> None:
        if self.detail is None or int(detail.id) != int(self.detail.id):
            self._expanded = frozenset()
        self.detail = detail
        self._show(detail)
        self.sig_interaction_loaded.emit(detail)

    def _show(self, detail: Any) -> None:
        self.subject.setText(detail.subject or self.tr("(no subject)"))
        self.from_value.setText(display.sender(getattr(detail, "from_name", None), getattr(detail, "from_addr", None)))
        to = ", ".join(getattr(detail, "to_addrs", ()) or ())
        cc = ", ".join(getattr(detail, "cc_addrs", ()) or ())
        self.to_value.setText(to)
        self.cc_value.setText(cc)
        self.cc_label.setVisible(bool(cc))
        self.cc_value.setVisible(bool(cc))
        moment = getattr(detail, "received_at", None) or getattr(detail, "created_at", None)
        self.date_value.setText(display.when(moment))
        self.state_value.setText(display.state_label(detail.state))
        self._render_body()
        self.attachments.clear()
        attachments = list(getattr(detail, "attachments", ()) or ())
        for attachment in attachments:
            text = f"{attachment.filename}   {display.size(int(attachment.size or 0))}"
            warnings = list(getattr(attachment, "warnings", ()) or ())
            item = QListWidgetItem(resources.icon("attachment"), text)
            if warnings:
                item.setToolTip("\n".join(warnings))
            self.attachments.addItem(item)
        self.attachments_box.setVisible(bool(attachments))
        self.stack.setCurrentWidget(self.page)

    def _render_body(self) -> None:
        assert self.detail is not None
        text = getattr(self.detail, "body_text", "") or ""
        self.body.setHtml(quoting.to_html(text, self._expanded, show_label=self.tr("… show quoted text (%1 lines)"),
                                          hide_label=self.tr("hide quoted text")))

    def on_body_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() != "agentdesk" or not url.path().startswith("quote/"):
            return
        number = int(url.path().split("/", 1)[1])
        self._expanded = self._expanded ^ {number}
        self._render_body()
