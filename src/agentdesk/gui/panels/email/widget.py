"""The email interaction view (メール インタラクション): the open interaction's headers, body and attachments.

The body is the sanitised HTML of :func:`agentdesk.actions.reading.read_message`: remote images are blocked, with
a bar to show them for this message or always for this sender; ``cid:`` images show inline; a link shows its
real target on hover and beside its text, and a link whose text names another site is flagged; quoted history
is collapsed (X10). The party button offers "New email to …" and "Call …" for the interaction's contact (a call
record's too, S14); who else has the interaction open shows under the headers (X2). The action toolbar holds the
main window's actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agentdesk.actions import queries, reading, transfer
from agentdesk.config.paths import default_paths
from agentdesk.desk.reading import ONLINE_ONLY, Answer, Opened, Reading
from agentdesk.desk.services import DeskServices
from agentdesk.gui import display
from agentdesk.gui.flowlayout import FlowLayout
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.base import Panel, chain_tabs, hint_label, tab_stops
from agentdesk.gui.panels.email import quoting, remote
from agentdesk.gui.panels.email.attachments import AttachmentList
from agentdesk.gui.panels.email.body import MessageBrowser
from agentdesk.gui.panels.email.outbox_bar import OutboxBar
from agentdesk.gui.qt import (
    QAction,
    QDesktopServices,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QResizeEvent,
    QSettings,
    QSize,
    QSplitter,
    QStackedWidget,
    Qt,
    QToolButton,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)

TRUSTED_KEY = "remote_images/senders"
#: the body is never squeezed below this (a 1024×700 window gives it far more: the side panels give way)
BODY_MIN_HEIGHT = 160


class EmailPanel(Panel):
    """The open interaction."""

    NAME = "email"

    sig_interaction_loaded = Signal(object)
    """The open interaction's detail arrived (an InteractionDetail)."""
    sig_message_shown = Signal(int)
    """The open interaction's body was rendered (its id)."""
    sig_new_email_requested = Signal(int, str)
    """The party menu's "New email to …": (contact id, address)."""
    sig_call_requested = Signal(int)
    """The party menu's "Call …": the contact's id."""
    sig_transfer_withdrawn = Signal(int)
    """The agent withdrew the open interaction's transfer offer (its id)."""
    sig_interaction_opened = Signal(int)
    """Another interaction than before is shown now (its id): this agent is viewing it (X2)."""
    sig_tags_requested = Signal()
    """The agent asked to edit the open interaction's tags (the Tags row's "Edit…" link)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None, *, services: DeskServices | None = None) -> None:
        super().__init__(ops, parent)
        #: the desk's services: its reads fall back to this desktop's cache offline, and the body shown is kept
        #: there for the offline view (None: online only, nothing kept)
        self.services = services
        self.reads: Reading = services.reading if services is not None else ONLINE_ONLY
        self.detail: Any | None = None
        self.message: reading.MessageView | None = None
        self.contact: Any | None = None
        self.viewers: tuple[str, ...] = ()
        self._all_viewers: dict[int, tuple[str, ...]] = {}
        self._expanded: frozenset[int] = frozenset()
        self._allowed: set[int] = set()  # interactions whose remote images the agent allowed
        #: opens a link in the browser (replaced in tests)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
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
        self.party_button = QToolButton(self.header)
        self.party_button.setObjectName("party_button")
        self.party_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.party_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.party_menu = QMenu(self)
        self.party_menu.setObjectName("party_menu")
        self.party_button.setMenu(self.party_menu)
        self.party_button.hide()
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(2)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.from_label, self.from_value = self._header_row()
        self.to_label, self.to_value = self._header_row()
        self.cc_label, self.cc_value = self._header_row()
        self.date_label, self.date_value = self._header_row()
        self.state_label, self.state_value = self._header_row()
        # the Tags row: the tags as #words, and "Edit…" (Ctrl+T does the same)
        self.tags_label = QLabel(self.header)
        self.tags_label.setProperty("muted", True)
        self.tags_value = QLabel(self.header)
        self.tags_value.setObjectName("email_tags")
        self.tags_value.setWordWrap(True)
        self.tags_edit = QToolButton(self.header)
        self.tags_edit.setObjectName("edit_tags")
        self.tags_edit.setAutoRaise(True)
        self.tags_edit.clicked.connect(lambda _checked=False: self.sig_tags_requested.emit())
        tags_row = QHBoxLayout()
        tags_row.setContentsMargins(0, 0, 0, 0)
        tags_row.setSpacing(8)
        tags_row.addWidget(self.tags_value)
        tags_row.addWidget(self.tags_edit)
        tags_row.addStretch(1)
        self.form.addRow(self.tags_label, tags_row)
        self.viewers_label = QLabel(self.header)
        self.viewers_label.setObjectName("email_viewers")
        self.viewers_label.hide()
        title_row = QHBoxLayout()
        title_row.setSpacing(8)
        title_row.addWidget(self.subject, 1)
        title_row.addWidget(self.party_button, 0, Qt.AlignmentFlag.AlignTop)
        header_layout = QVBoxLayout(self.header)
        header_layout.setContentsMargins(14, 10, 14, 10)
        header_layout.setSpacing(6)
        header_layout.addLayout(title_row)
        header_layout.addLayout(self.form)
        header_layout.addWidget(self.viewers_label)

        # The bars above the body: remote images blocked, deceptive links.
        self.images_bar = QFrame(self)
        self.images_bar.setObjectName("remote_images_bar")
        self.images_text = QLabel(self.images_bar)
        self.images_text.setWordWrap(True)
        self.images_button = QToolButton(self.images_bar)
        self.images_button.setObjectName("show_images")
        self.images_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.images_menu = QMenu(self)
        self.images_menu.setObjectName("show_images_menu")
        self.images_once = QAction(self.images_menu)
        self.images_once.setObjectName("show_images_once")
        self.images_sender = QAction(self.images_menu)
        self.images_sender.setObjectName("show_images_sender")
        self.images_menu.addAction(self.images_once)
        self.images_menu.addAction(self.images_sender)
        self.images_button.setMenu(self.images_menu)
        self.images_button.setDefaultAction(self.images_once)
        bar_layout = QHBoxLayout(self.images_bar)
        bar_layout.setContentsMargins(14, 4, 10, 4)
        bar_layout.addWidget(self.images_text, 1)
        bar_layout.addWidget(self.images_button)
        self.images_bar.hide()
        self.links_bar = QLabel(self)
        self.links_bar.setObjectName("suspicious_links_bar")
        self.links_bar.setWordWrap(True)
        self.links_bar.setTextFormat(Qt.TextFormat.PlainText)
        self.links_bar.hide()

        self.body = MessageBrowser(self)
        self.body.setObjectName("email_body")
        self.body.anchorClicked.connect(self.on_body_anchor_clicked)
        self.body.highlighted.connect(self.on_body_highlighted)
        self.link_target = QLabel(self)
        self.link_target.setObjectName("link_target")
        self.link_target.setProperty("muted", True)
        self.link_target.setContentsMargins(14, 0, 14, 2)
        self.link_target.setTextFormat(Qt.TextFormat.PlainText)
        self.link_target.hide()
        self.attachments = AttachmentList(ops, self)
        self.outbox_bar = OutboxBar(ops, self)  # undo window, uncertain or refused sends
        self.outbox_bar.sig_outbox_changed.connect(self.open_interaction)
        # a saved draft or a reply the reviewer rejected: what the reviewer said, and "Continue writing"
        self.draft_bar = QFrame(self)
        self.draft_bar.setObjectName("draft_bar")
        self.draft_text = QLabel(self.draft_bar)
        self.draft_text.setObjectName("draft_text")
        self.draft_text.setWordWrap(True)
        self.draft_text.setTextFormat(Qt.TextFormat.PlainText)
        self.draft_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reopen_button = QToolButton(self.draft_bar)
        self.reopen_button.setObjectName("reopen_draft")
        self.reopen_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        draft_layout = QHBoxLayout(self.draft_bar)
        draft_layout.setContentsMargins(14, 6, 10, 6)
        draft_layout.addWidget(self.draft_text, 1)
        draft_layout.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignTop)
        self.draft_bar.hide()
        # a transfer offered and not answered yet: the email stays mine until the other side accepts
        self.transfer_bar = QFrame(self)
        self.transfer_bar.setObjectName("transfer_bar")
        self.transfer_text = QLabel(self.transfer_bar)
        self.transfer_text.setObjectName("transfer_text")
        self.transfer_text.setWordWrap(True)
        self.transfer_text.setTextFormat(Qt.TextFormat.PlainText)
        self.withdraw_button = QToolButton(self.transfer_bar)
        self.withdraw_button.setObjectName("withdraw_transfer")
        self.withdraw_button.clicked.connect(self.on_withdraw_button_clicked)
        transfer_layout = QHBoxLayout(self.transfer_bar)
        transfer_layout.setContentsMargins(14, 6, 10, 6)
        transfer_layout.addWidget(self.transfer_text, 1)
        transfer_layout.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignTop)
        self.transfer_bar.hide()
        self._transfers: dict[int, Any] = {}
        body_box = QWidget(self)
        body_layout = QVBoxLayout(body_box)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.images_bar)
        body_layout.addWidget(self.links_bar)
        body_layout.addWidget(self.body, 1)
        body_layout.addWidget(self.link_target)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(body_box)
        splitter.addWidget(self.attachments)
        splitter.setStretchFactor(0, 1)
        splitter.setCollapsible(0, False)  # the body never goes; the attachments can be dragged away
        splitter.setCollapsible(1, True)
        self.body.setMinimumHeight(BODY_MIN_HEIGHT)
        self.splitter = splitter
        self._attachments_sized_for: int | None = None

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self.header)
        page_layout.addWidget(self.outbox_bar)
        page_layout.addWidget(self.draft_bar)
        page_layout.addWidget(self.transfer_bar)
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
        self.images_once.triggered.connect(self.on_images_once_triggered)
        self.images_sender.triggered.connect(self.on_images_sender_triggered)
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
        self.tags_label.setText(self.tr("Tags"))
        self.tags_edit.setText(self.tr("Edit…"))
        self.tags_edit.setToolTip(self.tr("Add or remove tags (Ctrl+T)"))
        self.empty.setText(self.tr("Choose an interaction in My interactions to read it here."))
        self.body.setAccessibleName(self.tr("Email body"))
        self.toolbar.setAccessibleName(self.tr("Email actions"))
        self.party_button.setAccessibleName(self.tr("Contact actions"))
        self.party_button.setToolTip(self.tr("Email or call the contact"))
        self.images_button.setAccessibleName(self.tr("Show images"))
        self.attachments.retranslate_ui()
        self.outbox_bar.retranslate_ui()
        self._fit_toolbar()
        if self.detail is not None:
            self._show_transfer()
            self._show(self.detail)
        if self.message is not None:
            self._render_body()
        self._show_party()
        self._show_viewers()

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
        self._fit_toolbar()
        # Tab in reading order: the action bar, the header, the outbox bar, the images bar, the body, attachments
        chain_tabs([*self.buttons.values(), self.party_button, self.tags_edit, *tab_stops(self.outbox_bar),
                    self.images_button,
                    self.body, *tab_stops(self.attachments)])

    def _fit_toolbar(self) -> None:
        """Buttons with their names while they fit in two rows; icons only (names in the tooltips, with the
        shortcuts) when the panel is narrow, so that the action bar takes one row and the body keeps its height."""
        if not self.buttons:
            return
        metrics = self.fontMetrics()
        spacing = self.toolbar_layout.spacing()
        needed = sum(metrics.horizontalAdvance(b.defaultAction().text().replace("&", "")) + 18 + 26
                     + (16 if b.popupMode() == QToolButton.ToolButtonPopupMode.MenuButtonPopup else 0)
                     + spacing for b in self.buttons.values() if b.defaultAction() is not None)
        room = max(1, self.width() - 12)
        style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon if needed <= 2 * room
                 else Qt.ToolButtonStyle.ToolButtonIconOnly)
        for button in self.buttons.values():
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_toolbar()
        if self.detail is not None and self._attachments_sized_for != int(self.detail.id):
            self._show(self.detail)

    @property
    def interaction_id(self) -> int | None:
        return int(self.detail.id) if self.detail is not None else None

    def open_interaction(self, interaction_id: int) -> None:
        self.ops.run(self.reads.open_interaction, interaction_id, on_done=self._on_opened, owner=self)

    def _on_opened(self, answer: Answer[Opened | None]) -> None:
        """The desk's answer: the live interaction, or offline the copy this desktop's cache keeps (the status bar
        says "offline" either way), or nothing when the cache does not hold it."""
        opened = answer.value
        if opened is None:
            self.ops.sig_status_message.emit(self.tr("This interaction is not kept on this computer; it opens "
                                                     "when the database is back."))
        elif opened.message is not None:
            self._on_cached_view(opened)
        else:
            self.on_ops_detail_fetched(opened.detail)

    # -- offline: the copy this desktop's cache keeps ----------------------------------------------------------
    def _on_cached_view(self, view: Opened) -> None:
        assert view.message is not None
        self._expanded = frozenset()
        self.contact = None
        self.body.remote_images = {}
        self.detail = view.detail
        self._show(view.detail)
        self.outbox_bar.show_for(None)
        self.message = view.message
        self._render_body()
        if "offline_html" in view.message.flags:
            text = self.tr("The database cannot be reached: showing the copy kept on this computer (no images, "
                           "attachment contents or notes).")
        else:
            text = self.tr("The database cannot be reached: showing the copy kept on this computer (text only, no "
                           "attachment contents or notes).")
        self.ops.sig_status_message.emit(text)
        self.sig_interaction_loaded.emit(view.detail)  # the other panels follow (from the cache where they can)
        self.sig_message_shown.emit(int(view.detail.id))

    def clear(self) -> None:
        self.detail = None
        self.message = None
        self.outbox_bar.show_for(None)
        self.stack.setCurrentWidget(self.empty)

    def on_ops_detail_fetched(self, detail: Any) -> None:
        fresh = self.detail is None or int(detail.id) != int(self.detail.id)
        if fresh:
            self._expanded = frozenset()
            self.message = None
            self.contact = None
            self.body.remote_images = {}
            self.body.clear()
        self.detail = detail
        self._show(detail)
        self.outbox_bar.show_for(detail)
        self._load_message(int(detail.id))
        contact_id = detail.summary.contact_id
        if contact_id is not None and (fresh or self.contact is None):
            self.ops.run(queries.get_contact, int(contact_id), on_done=self._on_contact, owner=self,
                         on_error=lambda _e: True)
        elif contact_id is None:
            self._on_contact(None)
        self._show_viewers()
        self.sig_interaction_loaded.emit(detail)
        if fresh:
            self.sig_interaction_opened.emit(int(detail.id))

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
        follow_up = display.follow_up_text(getattr(detail, "summary", detail))
        self.state_value.setText(display.interaction_state(detail) + (f" — {follow_up}" if follow_up else ""))
        self.state_value.setToolTip(display.uncertain_send_hint() if display.send_trouble(detail) == "uncertain" else "")
        self._show_tags(detail)
        attachments = list(getattr(detail, "attachments", ()) or ())
        self.attachments.set_attachments(int(detail.id), attachments)
        self.attachments.setVisible(bool(attachments))
        if attachments and self._attachments_sized_for != int(detail.id):
            # as tall as its rows need (up to three), the rest for the body; the divider moves it
            want = min(self.attachments.sizeHint().height(), 40 + 30 * min(len(attachments), 3))
            total = sum(self.splitter.sizes())
            if total > 2 * want:  # laid out already
                self._attachments_sized_for = int(detail.id)
                self.splitter.setSizes([total - want, want])
        self._show_draft_bar(detail)
        self._show_transfer()
        self.stack.setCurrentWidget(self.page)

    # -- a pending transfer ---------------------------------------------------------------------------------
    def set_transfers(self, offers: list[Any]) -> None:
        """The transfer offers made on my interactions that wait for an answer (from My interactions)."""
        self._transfers = {int(o.interaction_id): o for o in offers}
        self._show_transfer()

    def pending_transfer(self) -> Any | None:
        offer = self._transfers.get(int(self.detail.id)) if self.detail is not None else None
        return offer if display.offer_open(offer) else None

    def _show_transfer(self) -> None:
        offer = self.pending_transfer()
        self.transfer_bar.setVisible(offer is not None)
        if offer is not None:
            self.transfer_text.setText(self.tr("%1 — waiting for an answer. %2")
                                       .replace("%1", display.transfer_pending(offer))
                                       .replace("%2", display.transfer_pending_hint(offer)))
            self.withdraw_button.setText(self.tr("Withdraw"))
            self.withdraw_button.setToolTip(self.tr("Withdraw the transfer offer: the email stays yours"))

    def on_withdraw_button_clicked(self) -> None:
        offer = self.pending_transfer()
        if offer is None:
            return
        interaction_id = int(offer.interaction_id)
        self.ops.run(transfer.cancel_transfer, int(offer.id), modal=True, owner=self,
                     on_done=lambda _r: self.sig_transfer_withdrawn.emit(interaction_id))

    def set_reopen_action(self, action: QAction) -> None:
        """The main window's "Continue writing" command, offered on the draft bar."""
        self.reopen_button.setDefaultAction(action)

    def _show_draft_bar(self, detail: Any) -> None:
        """A draft or a rejected reply says so above its body, with the reviewer's note, and offers to go on
        writing it."""
        summary = getattr(detail, "summary", None)
        outbound = summary is not None and summary.direction == "outbound" and summary.kind == "email"
        state = getattr(detail, "state", None)
        if not outbound or state not in ("draft", "rejected"):
            self.draft_bar.hide()
            return
        if state == "rejected":
            note = getattr(detail, "qa_note", None)
            text = (self.tr("The reviewer rejected this reply: “%1”. Correct it and send it again.").replace("%1", note)
                    if note else self.tr("The reviewer rejected this reply. Correct it and send it again."))
            self.draft_bar.setProperty("tone", "warning")
        else:
            text = self.tr("A draft: not sent yet.")
            self.draft_bar.setProperty("tone", "info")
        self.draft_text.setText(text)
        self.draft_bar.style().unpolish(self.draft_bar)
        self.draft_bar.style().polish(self.draft_bar)
        self.draft_bar.show()
    def _show_tags(self, detail: Any) -> None:
        """The Tags row: the tags as #words and an "Edit…" link (none offline: tags are changed online only)."""
        tags = tuple(getattr(getattr(detail, "summary", None), "tags", ()) or ())
        self.tags_value.setText("  ".join(f"#{t}" for t in tags) or self.tr("none"))
        self.tags_edit.setVisible(not getattr(detail, "cached", False))

    # -- body ------------------------------------------------------------------------------------------------
    def _trusted(self) -> set[str]:
        value = self._settings().value(TRUSTED_KEY, [])
        values: list[object] = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        return {str(v).lower() for v in values if v}

    def _settings(self) -> QSettings:
        return QSettings(str(default_paths().config_dir / "trusted-senders.ini"), QSettings.Format.IniFormat)

    def _load_message(self, interaction_id: int) -> None:
        sender = (getattr(self.detail, "from_addr", None) or "").lower()
        allow = interaction_id in self._allowed or (bool(sender) and sender in self._trusted())
        self.ops.run(reading.read_message, interaction_id, allow_remote=allow, on_done=self.on_ops_message_read,
                     owner=self)

    def on_ops_message_read(self, message: reading.MessageView) -> None:
        if self.detail is None or int(message.interaction_id) != int(self.detail.id):
            return
        self.message = message
        self._render_body()
        if self.services is not None:  # for the offline view (the cache keeps it without anything remote)
            self.ops.call(self.services.cache.keep_message, int(message.interaction_id), int(self.detail.summary.version), message,
                          tuple(getattr(self.detail, "attachments", ()) or ()), owner=self, on_error=lambda _e: True)
        urls = [u for u in remote.image_urls(message.html) if u not in self.body.remote_images] \
            if message.remote_allowed else []
        if urls:
            self.ops.call(remote.fetch_images, urls, on_done=lambda found: self._on_images(message, found),
                          owner=self)
        self.sig_message_shown.emit(int(message.interaction_id))

    def _on_images(self, message: reading.MessageView, found: dict[str, bytes]) -> None:
        if self.message is message and found:
            self.body.remote_images.update(found)
            self._render_body()

    def _render_body(self) -> None:
        message = self.message
        if message is None:
            return
        scroll = self.body.verticalScrollBar().value()
        self.body.setHtml(quoting.collapse(message.html, self._expanded,
                                           show_label=self.tr("… show quoted text (%1 lines)"),
                                           hide_label=self.tr("hide quoted text"),
                                           signature_label=self.tr("… show signature")))
        self.body.verticalScrollBar().setValue(scroll)
        blocked = message.remote_blocked if not message.remote_allowed else 0
        self.images_bar.setVisible(blocked > 0)
        if blocked:
            self.images_text.setText(
                self.tr("A remote image was blocked to protect your privacy.") if blocked == 1 else
                self.tr("%1 remote images were blocked to protect your privacy.").replace("%1", str(blocked)))
            self.images_once.setText(self.tr("Show images"))
            self.images_once.setToolTip(self.tr("Show the images of this message"))
            sender = message.sender or ""
            self.images_sender.setText(self.tr("Always show images from %1").replace("%1", sender))
            self.images_sender.setEnabled(bool(sender))
        links = message.suspicious_links
        lines = [self.tr("⚠ Duplicate Message-ID: another message with different content uses the same "
                         "Message-ID; this one is kept as its own interaction.")] \
            if "duplicate_message_id" in message.flags else []
        lines += [self.tr("⚠ A link's text names %1 but it leads to %2.").replace("%1", link.text_host)
                  .replace("%2", link.href_host or link.href) for link in links[:3]]
        if len(links) > 3:
            lines.append(self.tr("… and %1 more such links.").replace("%1", str(len(links) - 3)))
        self.links_bar.setVisible(bool(lines))
        self.links_bar.setText("\n".join(lines))

    def on_images_once_triggered(self) -> None:
        if self.detail is not None:
            self._allowed.add(int(self.detail.id))
            self._load_message(int(self.detail.id))

    def on_images_sender_triggered(self) -> None:
        if self.detail is None or self.message is None or not self.message.sender:
            return
        trusted = self._trusted() | {self.message.sender.lower()}
        settings = self._settings()
        settings.setValue(TRUSTED_KEY, sorted(trusted))
        settings.sync()
        self._load_message(int(self.detail.id))

    def on_body_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "agentdesk" and url.path().startswith("quote/"):
            number = int(url.path().split("/", 1)[1])
            self._expanded = self._expanded ^ {number}
            self._render_body()
            return
        if url.scheme().lower() not in ("http", "https", "mailto", "ftp", "tel"):
            return
        href = url.toString()
        suspicious = next((link for link in (self.message.suspicious_links if self.message else ())
                           if link.href == href or QUrl(link.href) == url), None)
        if suspicious is None:
            self.open_url(url)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Open this link?"),
                          self.tr("The link's text names %1, but it leads to:\n%2\n\nOpen it anyway?")
                          .replace("%1", suspicious.text_host).replace("%2", href),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirm_link")
        anyway = box.addButton(self.tr("Open anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        anyway.clicked.connect(lambda: self.open_url(url))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.link_box = box
        box.open()

    def on_body_highlighted(self, url: QUrl) -> None:
        """Hovering a link shows where it really leads."""
        target = url.toString() if url.isValid() and url.scheme() != "agentdesk" else ""
        self.link_target.setText(f"→ {target}" if target else "")
        self.link_target.setVisible(bool(target))

    # -- party and viewers -----------------------------------------------------------------------------------
    def _on_contact(self, contact: Any | None) -> None:
        self.contact = contact
        self._show_party()

    def _show_party(self) -> None:
        contact = self.contact
        self.party_menu.clear()
        if contact is None or self.detail is None:
            self.party_button.hide()
            return
        self.party_button.setText(contact.name)
        for address in contact.emails:
            action = QAction(self.tr("New email to %1").replace("%1", address), self.party_menu)
            action.setObjectName(f"party_email_{address}")
            action.triggered.connect(lambda _c=False, a=address, cid=int(contact.id):
                                     self.sig_new_email_requested.emit(cid, a))
            self.party_menu.addAction(action)
        if contact.phones:
            self.party_menu.addSeparator()
            action = QAction(self.tr("Call %1").replace("%1", contact.phones[0]), self.party_menu)
            action.setObjectName("party_call")
            action.triggered.connect(lambda _c=False, cid=int(contact.id): self.sig_call_requested.emit(cid))
            self.party_menu.addAction(action)
        self.party_button.setVisible(bool(self.party_menu.actions()))

    def set_viewers(self, by_id: dict[int, tuple[str, ...]]) -> None:
        """Who else is on which interaction (X2): the open one's are shown under the headers."""
        self._all_viewers = dict(by_id)
        self._show_viewers()

    def _show_viewers(self) -> None:
        self.viewers = self._all_viewers.get(int(self.detail.id), ()) if self.detail is not None else ()
        self.viewers_label.setText(self.tr("Also open by %1").replace("%1", ", ".join(self.viewers)))
        self.viewers_label.setVisible(bool(self.viewers) and self.detail is not None)

