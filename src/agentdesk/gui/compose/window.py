"""The outbound window (S15–S17, S20–S23): From, To, CC, BCC, subject, forward instructions, body, attachments,
standard responses, a note and the disposition; Send or Complete forward, Save draft, Delete.

From is a drop-down of the listed addresses with the one the action chose selected (the address the customer
wrote to, else the default: S16, X5). To, CC and BCC are checked as the agent leaves them and have a "To…" /
"CC…" button that opens contact search; "Add CC" shows the CC field and its X removes it (S21). Files are
attached by a file dialog or dropped on the window. It edits one outbound draft that an action already created
(reply, reply all, new email, forward). What is
typed is saved as it is typed (a short pause after the last key) and when the window closes (title bar, Esc or
Ctrl+W), so closing it never loses a word (X7). Sending runs the pre-send checks (X3): a failed check is shown and the agent may send
anyway, confirming exactly the checks shown.
"""

from __future__ import annotations

from typing import Any

from agentdesk.actions import drafts, forward, notes, outbound, queries, reading
from agentdesk.actions.errors import ActionError
from agentdesk.desk.autosave import DraftContent
from agentdesk.desk.local import DeskCache
from agentdesk.desk.services import DeskServices
from agentdesk.gui import resources
from agentdesk.gui.compose.extras import ComposeAttachments, ResponsePicker
from agentdesk.gui.compose.recipients import AddressField, split_addresses
from agentdesk.gui.compose.richtext import RichTextEditor
from agentdesk.gui.language import TRANSLATORS
from agentdesk.gui.ops import Ops, is_connection_error
from agentdesk.gui.panels.base import chain_tabs
from agentdesk.gui.qt import (
    QCloseEvent,
    QComboBox,
    QEvent,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    QSplitter,
    Qt,
    QTextBrowser,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

FORWARD_PURPOSES = ("forward_inline", "forward_attachment")
#: how soon after a key the local cache gets the draft (X7: never more than a second behind)
LOCAL_SAVE_MS = 400
#: how long after handing text to the local cache the window looks whether it could be saved
LOCAL_CHECK_MS = 1500


def _addresses(text: str) -> list[str]:
    return split_addresses(text)


class ComposeWindow(QWidget):
    """One outbound draft, being written."""

    sig_draft_saved = Signal(int)
    """The draft was saved (its id)."""
    sig_sent = Signal(int, str)
    """The email was sent: (its id, the new state: ``outbox`` or ``review``)."""
    sig_deleted = Signal(int)
    """The draft was deleted (its id)."""
    sig_loaded = Signal(object)
    """The draft was read (its InteractionDetail): the window shows it."""
    sig_closed = Signal(int)
    """The window was closed (its draft's id), sent, deleted or not."""

    def __init__(self, ops: Ops, outbound_id: int, parent: QWidget | None = None, *,
                 services: DeskServices | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("compose_window")
        self.setWindowIcon(resources.icon("email"))
        self.ops = ops
        self.outbound_id = outbound_id
        self.detail: Any | None = None
        self._loaded = False
        self._dirty = False
        self._closing = False
        self._wanted: set[str] = set()  # the optional address fields the agent asked for
        self.to_field = AddressField(ops, "To", removable=False, parent=self)
        self.cc_field = AddressField(ops, "CC", removable=True, parent=self)
        self.bcc_field = AddressField(ops, "BCC", removable=True, parent=self)
        self.to_edit, self.cc_edit, self.bcc_edit = self.to_field.edit, self.cc_field.edit, self.bcc_field.edit
        self.subject_edit = QLineEdit(self)
        self.subject_edit.setObjectName("compose_subject")
        self.from_combo = QComboBox(self)
        self.from_combo.setObjectName("compose_from")
        self.add_cc_button = QToolButton(self)
        self.add_cc_button.setObjectName("compose_add_cc")
        self.add_bcc_button = QToolButton(self)
        self.add_bcc_button.setObjectName("compose_add_bcc")
        self.instructions = QPlainTextEdit(self)
        self.instructions.setObjectName("compose_instructions")
        self.instructions.setMaximumHeight(90)
        # the message: rich text (bold, lists, quotes, links) above the quoted original; the email carries it
        # as HTML and as text (agentdesk.gui.compose.richtext)
        self.editor = RichTextEditor(self)
        self.body = self.editor.edit
        # a forward: the email being forwarded, below the instructions (S22), read-only
        self.forwarded_title = QLabel(self)
        self.forwarded_title.setObjectName("section_title")
        self.forwarded = QTextBrowser(self)
        self.forwarded.setObjectName("compose_forwarded")
        self.forwarded_title.hide()
        self.forwarded.hide()
        self._forward_rest = ""
        self.from_value = QLabel(self)
        self.from_value.setProperty("muted", True)
        self.from_value.hide()  # kept for a From that is no longer listed
        self.labels = {name: QLabel(self) for name in ("from", "to", "cc", "bcc", "subject", "instructions")}
        from_row = QHBoxLayout()
        from_row.setSpacing(6)
        from_row.addWidget(self.from_combo, 1)
        from_row.addWidget(self.from_value)
        from_row.addWidget(self.add_cc_button)
        from_row.addWidget(self.add_bcc_button)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.labels["from"], from_row)
        form.addRow(self.labels["to"], self.to_field)
        form.addRow(self.labels["cc"], self.cc_field)
        form.addRow(self.labels["bcc"], self.bcc_field)
        form.addRow(self.labels["subject"], self.subject_edit)
        form.addRow(self.labels["instructions"], self.instructions)
        self.form = form
        self.attachments = ComposeAttachments(ops, self)
        self.responses = ResponsePicker(ops, self._response_target, self)
        self.responses.setObjectName("compose_responses")
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("compose_note")
        self.add_note_button = QPushButton(self)
        self.add_note_button.setObjectName("compose_add_note")
        self.disposition_combo = QComboBox(self)
        self.disposition_combo.setObjectName("compose_disposition")
        self.disposition_label = QLabel(self)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("compose_send")
        self.send_button.setProperty("primary", True)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("compose_save")
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("compose_delete")
        self.insert_response_button = self.responses.insert_button
        self.status = QLabel(self)
        self.status.setProperty("muted", True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        writing = QWidget(self)
        writing_layout = QVBoxLayout(writing)
        writing_layout.setContentsMargins(0, 0, 0, 0)
        writing_layout.setSpacing(8)
        writing_layout.addLayout(form)
        writing_layout.addWidget(self.editor, 1)
        writing_layout.addWidget(self.forwarded_title)
        writing_layout.addWidget(self.forwarded, 1)
        writing_layout.addWidget(self.attachments)
        footer = QHBoxLayout()
        footer.setSpacing(6)
        footer.addWidget(self.note_edit, 1)
        footer.addWidget(self.add_note_button)
        footer.addSpacing(12)
        footer.addWidget(self.disposition_label)
        footer.addWidget(self.disposition_combo)
        writing_layout.addLayout(footer)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(writing)
        self.splitter.addWidget(self.responses)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(True)
        # a reply the reviewer sent back: their note stays in sight while it is corrected (S31/S32)
        self.review_note = QLabel(self)
        self.review_note.setObjectName("review_note")
        self.review_note.setWordWrap(True)
        self.review_note.setTextFormat(Qt.TextFormat.PlainText)
        self.review_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review_note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.review_note)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)
        self.send_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        # Esc and Ctrl+W close the window like its title bar's close button: closeEvent keeps the draft
        self.close_shortcuts = [QShortcut(QKeySequence(keys), self) for keys in ("Esc", "Ctrl+W")]
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(1500)
        self._autosave.timeout.connect(self.save)
        # X7: the content also reaches the local cache (agentdesk.desk.autosave), even offline; this timer is not
        # restarted by each key, so steady typing is handed over every LOCAL_SAVE_MS as well.
        self.desk_cache: DeskCache | None = services.cache if services is not None else None
        self._local_save = QTimer(self)
        self._local_save.setSingleShot(True)
        self._local_save.setInterval(LOCAL_SAVE_MS)
        self._local_save.timeout.connect(self.save_locally)
        # a moment after each hand-over: did it reach the disk? (a full disk is said in the status line)
        self._local_check = QTimer(self)
        self._local_check.setSingleShot(True)
        self._local_check.setInterval(LOCAL_CHECK_MS)
        self._local_check.timeout.connect(self._show_local_save_error)
        self._local_error_shown = False
        for edit in (self.to_edit, self.cc_edit, self.bcc_edit, self.subject_edit):
            edit.textEdited.connect(self._changed)
        self.cc_field.sig_removed.connect(self._changed)
        self.bcc_field.sig_removed.connect(self._changed)
        self.add_cc_button.clicked.connect(lambda: self._show_field(self.cc_field))
        self.add_bcc_button.clicked.connect(lambda: self._show_field(self.bcc_field))
        self.cc_field.sig_removed.connect(lambda: self._on_field_removed(self.cc_field))
        self.bcc_field.sig_removed.connect(lambda: self._on_field_removed(self.bcc_field))
        self.from_combo.activated.connect(lambda _index: self._changed())
        self.attachments.sig_attachments_changed.connect(self.reload)
        self.responses.sig_insert_requested.connect(self._insert_response)
        self.add_note_button.clicked.connect(self.on_add_note_button_clicked)
        self.note_edit.returnPressed.connect(self.on_add_note_button_clicked)
        self.disposition_combo.activated.connect(self.on_disposition_combo_activated)
        self.setAcceptDrops(True)
        self.instructions.textChanged.connect(self._changed)
        self.editor.sig_changed.connect(self._changed)
        self.send_button.clicked.connect(self.on_send_button_clicked)
        self.send_shortcut.activated.connect(self.on_send_button_clicked)
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.save_shortcut.activated.connect(self.save)
        for shortcut in self.close_shortcuts:
            shortcut.activated.connect(self.close)
        self.delete_button.clicked.connect(self.on_delete_button_clicked)
        self._set_tab_order()
        self._set_enabled(False)
        self.resize(1080, 700)
        self.splitter.setSizes([760, 300])
        self.retranslate_ui()
        self.ops.run(reading.from_addresses, on_done=self._on_from_addresses, owner=self)
        self.ops.run(notes.dispositions, on_done=self._on_dispositions, owner=self)
        self.ops.run(queries.get_interaction, outbound_id, on_done=self._on_loaded, owner=self)

    def _set_tab_order(self) -> None:
        """Tab goes the way an email is written: From, the addresses, subject, (instructions,) the message, its
        attachments, note and disposition, the standard responses, then Send, Save draft and Delete. Hidden
        controls (CC before "Add CC", the forwarded email of a reply) are passed over."""
        chain = [self.from_combo, self.add_cc_button, self.add_bcc_button]
        for field in (self.to_field, self.cc_field, self.bcc_field):
            chain += [field.edit, field.pick_button, field.remove_button]
        chain += [self.subject_edit, self.instructions, self.body, self.forwarded, self.attachments.list,
                  self.attachments.attach_button, self.attachments.remove_button, self.note_edit,
                  self.add_note_button, self.disposition_combo, self.responses.search, self.responses.category,
                  self.responses.language, self.responses.list, self.responses.preview, self.responses.insert_button,
                  self.send_button, self.save_button, self.delete_button]
        chain_tabs(chain)

    @property
    def is_forward(self) -> bool:
        return self.detail is not None and self.detail.summary.purpose in FORWARD_PURPOSES

    def retranslate_ui(self) -> None:
        subject = self.subject_edit.text()
        self.setWindowTitle(self.tr("Outbound email — %1").replace("%1", subject) if subject else self.tr("Outbound email"))
        for name, text in (("from", self.tr("From")), ("to", self.tr("To")), ("cc", self.tr("CC")),
                           ("bcc", self.tr("BCC")), ("subject", self.tr("Subject")),
                           ("instructions", self.tr("Forward instructions"))):
            self.labels[name].setText(text)
        self.from_combo.setAccessibleName(self.tr("From"))
        self.add_cc_button.setText(self.tr("Add CC"))
        self.add_bcc_button.setText(self.tr("Add BCC"))
        self.bcc_edit.setAccessibleName(self.tr("BCC"))
        self.note_edit.setPlaceholderText(self.tr("Note for this email (not sent)…"))
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.add_note_button.setText(self.tr("Add note"))
        self.disposition_label.setText(self.tr("Disposition"))
        self.disposition_combo.setAccessibleName(self.tr("Disposition"))
        for field in (self.to_field, self.cc_field, self.bcc_field):
            field.retranslate_ui()
        self.attachments.retranslate_ui()
        self.responses.retranslate_ui()
        self.instructions.setPlaceholderText(self.tr("Enter forward instructions"))
        self.to_edit.setAccessibleName(self.tr("To"))
        self.cc_edit.setAccessibleName(self.tr("CC"))
        self.subject_edit.setAccessibleName(self.tr("Subject"))
        self.instructions.setAccessibleName(self.tr("Forward instructions"))
        self.forwarded_title.setText(self.tr("Forwarded email"))
        self.forwarded.setAccessibleName(self.tr("Forwarded email"))
        self.editor.retranslate_ui()
        send = self.tr("Complete forward") if self.is_forward else self.tr("Send")
        self.send_button.setText(send)
        self.send_button.setToolTip(f"{send} ({self.send_shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)})")
        self.save_button.setText(self.tr("Save draft"))
        save, close, also_close = (shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
                                   for shortcut in (self.save_shortcut, *self.close_shortcuts))
        self.save_button.setToolTip(self.tr("Save draft (%1); %2 or %3 closes the window and keeps the draft")
                                    .replace("%1", save).replace("%2", close).replace("%3", also_close))
        self.delete_button.setText(self.tr("Delete"))
        if self.disposition_combo.count():
            self.disposition_combo.setItemText(0, self.tr("(none)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.send_button, self.save_button, self.delete_button, self.to_field, self.cc_field,
                       self.bcc_field, self.subject_edit, self.instructions, self.editor, self.from_combo,
                       self.add_cc_button, self.add_bcc_button, self.attachments, self.responses):
            widget.setEnabled(enabled)

    def _on_loaded(self, detail: Any) -> None:
        first = self.detail is None
        self.detail = detail
        if first:
            self.sig_loaded.emit(detail)
        self.from_value.setText(detail.from_addr or "")
        self._select_from()
        self.to_field.set_text(", ".join(detail.to))
        self.cc_field.set_text(", ".join(detail.cc))
        self.bcc_field.set_text(", ".join(detail.bcc))
        self._update_field_rows()
        self.attachments.set_attachments(self.outbound_id, list(detail.attachments))
        self._select_disposition()
        self.responses.refresh_preview()
        self.subject_edit.setText(detail.subject)
        self.instructions.setPlainText(detail.instructions or "")
        self.editor.set_content(detail.body_text, None if self.is_forward else detail.body_html)
        forward_mode = self.is_forward
        self.instructions.setVisible(forward_mode)
        self.labels["instructions"].setVisible(forward_mode)
        if forward_mode:
            self._show_forwarded(detail)
        self._loaded, self._dirty = True, False
        self._set_enabled(detail.state in ("draft", "rejected", "needs_attention"))
        self._show_review_note()
        self.retranslate_ui()
        (self.instructions if forward_mode else self.body).setFocus()
        self.body.moveCursor(self.body.textCursor().MoveOperation.Start)
        if self.desk_cache is not None:  # typed here before a crash or while offline, never saved in Drafts
            self.ops.call(self.desk_cache.unsaved_draft, self.outbound_id, on_done=self._restore_unsaved, owner=self)

    def _show_review_note(self) -> None:
        detail = self.detail
        rejected = detail is not None and (detail.state == "rejected" or getattr(detail, "qa_status", None) == "rejected")
        if not rejected:
            self.review_note.hide()
            return
        note = getattr(detail, "qa_note", None)
        self.review_note.setText(self.tr("The reviewer rejected this reply: “%1”").replace("%1", note) if note
                                 else self.tr("The reviewer rejected this reply."))
        self.review_note.show()

    def _restore_unsaved(self, draft: Any) -> None:
        if draft is None or not self._loaded:
            return
        self.to_field.set_text(", ".join(draft.to))
        self.cc_field.set_text(", ".join(draft.cc))
        self.bcc_field.set_text(", ".join(draft.bcc))
        self._update_field_rows()
        self.subject_edit.setText(draft.subject)
        if self.is_forward and draft.instructions is not None:
            self.instructions.setPlainText(draft.instructions)
        self.editor.set_content(draft.body_text, None if self.is_forward else draft.body_html)
        self._dirty = True
        self._autosave.start()
        self.status.setText(self.tr("Restored what you typed before it reached Drafts"))

    def save_locally(self) -> None:
        """Hand what is typed to the local cache (no I/O here: the cache's own thread writes it)."""
        self._local_save.stop()
        if self.desk_cache is None or not self._loaded:
            return
        fields = self._fields()
        self.desk_cache.save_draft(self.outbound_id, DraftContent(
            self.outbound_id, to=tuple(fields["to"]), cc=tuple(fields["cc"]), bcc=tuple(fields["bcc"]),
            subject=fields["subject"], body_text=fields["text"], instructions=fields.get("instructions"),
            body_html=fields.get("html")))
        self._local_check.start()

    def _show_local_save_error(self) -> None:
        """Say in the status line that the text could not be saved on this computer (and when it is again)."""
        error = self.desk_cache.draft_save_error if self.desk_cache is not None else None
        if error:
            self.status.setText(self.tr("Not saved on this computer: %1").replace("%1", error))
            self._local_error_shown = True
            self._local_check.start()  # look again: it is saved as soon as there is room
        elif self._local_error_shown:
            self.status.setText(self.tr("Saved on this computer again"))
            self._local_error_shown = False

    def _forget_locally(self) -> None:
        if self.desk_cache is not None:
            self.ops.call(self.desk_cache.forget_draft, self.outbound_id)

    def _queue_send(self, confirm: tuple[str, ...]) -> None:
        """The routing database is away: the send waits in the local cache and runs when it is back."""
        desk = self.desk_cache
        assert desk is not None  # only offered with a cache (see send)
        self.save_locally()

        def queued(_action_id: object) -> None:
            self._loaded = False
            self.ops.sig_status_message.emit(self.tr("The database cannot be reached: the email will be sent when "
                                                     "it is back (see Waiting actions)"))
            self.close()

        self.ops.call(desk.queue, "send", self.outbound_id, confirm_checks=list(confirm),
                      on_done=queued, modal=True, owner=self)

    def _show_forwarded(self, detail: Any) -> None:
        """A forward shows its instructions above the forwarded email, which is not edited here."""
        old = detail.instructions or ""
        body = detail.body_text or ""
        self._forward_rest = body[len(old):].lstrip("\n") if old and body.startswith(old) else body
        self.editor.hide()
        self.responses.hide()
        self.instructions.setMaximumHeight(16777215)
        self.instructions.setMinimumHeight(120)
        self.forwarded_title.show()
        self.forwarded.show()
        if detail.summary.purpose == "forward_attachment" and detail.parent_id is not None:
            self.ops.run(queries.get_interaction, int(detail.parent_id), owner=self, on_error=lambda _e: True,
                         on_done=self._show_attached_original)
        else:
            self.forwarded.setPlainText(self._forward_rest)

    def _show_attached_original(self, original: Any) -> None:
        import html as html_lib

        from agentdesk.gui import display

        rows = [(self.tr("From"), display.sender(original.from_name, original.from_addr)),
                (self.tr("Received"), display.when(original.received_at or original.created_at)),
                (self.tr("Subject"), original.subject)]
        head = "".join(f'<tr><td style="color:#6b7280; padding-right:10px;">{html_lib.escape(k)}</td>'
                       f"<td>{html_lib.escape(v or '')}</td></tr>" for k, v in rows)
        note = html_lib.escape(self.tr("Attached unchanged, as the original message (.eml)"))
        top = f'<p style="color:#1d4ed8;">{note}</p><table>{head}</table><hr>'
        self.forwarded.setHtml(top + html_lib.escape(original.body_text or "").replace("\n", "<br>"))
        # the body as the email view shows it (sanitised, nothing remote)
        self.ops.run(reading.read_message, int(original.id), owner=self, on_error=lambda _e: True,
                     on_done=lambda message: self.forwarded.setHtml(top + message.html))

    def _response_target(self) -> int | None:
        """The interaction whose data fills a standard response's fields: the email being answered."""
        if self.detail is None:
            return None
        return int(self.detail.parent_id or self.outbound_id)

    def reload(self) -> None:
        """Read the draft's attachments again (after one was added or removed)."""
        self.ops.run(queries.get_interaction, self.outbound_id, owner=self,
                     on_done=lambda d: self.attachments.set_attachments(self.outbound_id, list(d.attachments)))
        self.sig_draft_saved.emit(self.outbound_id)

    def _on_from_addresses(self, choices: list[Any]) -> None:
        self.from_combo.clear()
        for choice in choices:
            label = f"{choice.display_name} <{choice.address}>" if choice.display_name else choice.address
            self.from_combo.addItem(label, choice.address)
        self._select_from()

    def _select_from(self) -> None:
        current = (self.detail.from_addr or "") if self.detail is not None else ""
        index = self.from_combo.findData(current)
        if index < 0 and current:
            index = next((i for i in range(self.from_combo.count())
                          if str(self.from_combo.itemData(i)).lower() == current.lower()), -1)
        if index >= 0:
            self.from_combo.setCurrentIndex(index)
        self.from_value.setVisible(index < 0 and bool(current))

    def _on_dispositions(self, codes: list[Any]) -> None:
        self.disposition_combo.clear()
        self.disposition_combo.addItem(self.tr("(none)"), "")
        for code in codes:
            label = code.labels.get(TRANSLATORS.language) or code.labels.get("en") or code.code
            self.disposition_combo.addItem(label, code.code)
        self._select_disposition()

    def _select_disposition(self) -> None:
        code = getattr(self.detail, "disposition", None) or ""
        self.disposition_combo.setCurrentIndex(max(0, self.disposition_combo.findData(code)))

    def on_disposition_combo_activated(self, _index: int) -> None:
        code = self.disposition_combo.currentData()
        if code:
            self.ops.run(notes.set_disposition, self.outbound_id, str(code), modal=True, owner=self,
                         on_done=lambda _r: self.status.setText(self.tr("Disposition set")))

    def on_add_note_button_clicked(self) -> None:
        text = self.note_edit.text().strip()
        if not text:
            return

        def added(_note_id: object) -> None:
            self.note_edit.clear()
            self.status.setText(self.tr("Note added"))

        self.ops.run(notes.add_note, self.outbound_id, text, modal=True, owner=self, on_done=added)

    def _show_field(self, field: AddressField) -> None:
        self._wanted.add(field.field)
        self._update_field_rows()
        field.edit.setFocus()

    def _on_field_removed(self, field: AddressField) -> None:
        self._wanted.discard(field.field)
        self._update_field_rows()

    def _update_field_rows(self) -> None:
        """CC and BCC show when they hold addresses or were asked for; "Add CC"/"Add BCC" while they are hidden."""
        for field, label, button in ((self.cc_field, self.labels["cc"], self.add_cc_button),
                                     (self.bcc_field, self.labels["bcc"], self.add_bcc_button)):
            shown = field.field in self._wanted or bool(field.text().strip())
            field.setVisible(shown)
            label.setVisible(shown)
            button.setVisible(not shown)

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls() and self.attachments.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.attachments.add_files(paths)
            event.acceptProposedAction()

    def _insert_response(self, filled: Any) -> None:
        self.editor.insert_at_start(filled.body.rstrip() + "\n")
        if filled.unfilled:
            self.status.setText(self.tr("Fields to fill: %1").replace("%1", ", ".join(filled.unfilled)))

    def _changed(self) -> None:
        if self._loaded:
            self._dirty = True
            self._autosave.start()
            if not self._local_save.isActive():
                self._local_save.start()

    def _fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"to": _addresses(self.to_edit.text()), "cc": _addresses(self.cc_edit.text()),
                                  "bcc": _addresses(self.bcc_edit.text()),
                                  "subject": self.subject_edit.text(), "text": self.editor.text()}
        chosen_from = self.from_combo.currentData()
        if chosen_from and self.detail is not None and str(chosen_from).lower() != (self.detail.from_addr or "").lower():
            fields["from_addr"] = str(chosen_from)
        if self.is_forward:
            fields["instructions"] = self.instructions.toPlainText()
            instructions, rest = fields["instructions"].strip(), self._forward_rest
            fields["text"] = f"{instructions}\n\n{rest}" if instructions and rest else (instructions or rest)
        else:
            fields["html"] = self.editor.html()
        return fields

    def save(self, then: Any = None) -> None:
        """Save what is typed; ``then()`` runs once it is saved."""
        self._autosave.stop()
        if not self._loaded:
            return
        self._dirty = False

        def saved(_changed: object) -> None:
            self.status.setText(self.tr("Saved"))
            self.sig_draft_saved.emit(self.outbound_id)
            if then is not None:
                then()

        def failed(error: BaseException) -> bool:
            self._dirty = True  # keep it for the next try; the text stays in the window
            return False

        self.ops.run(drafts.save_draft, self.outbound_id, **self._fields(), on_done=saved, on_error=failed,
                     modal=True, owner=self)

    def on_send_button_clicked(self) -> None:
        self.send_now()

    def send_now(self, confirm: tuple[str, ...] = ()) -> None:
        """Save, then send (or complete the forward), confirming the pre-send checks in ``confirm``."""
        if not self._loaded:
            return
        send = forward.complete_forward if self.is_forward else outbound.send
        if self.desk_cache is not None and self.ops.online is False and not self.is_forward:
            self._queue_send(confirm)
            return
        self.send_button.setEnabled(False)

        def sent(state: str) -> None:
            self._forget_locally()
            self._loaded = False
            self.sig_sent.emit(self.outbound_id, str(state))
            self.close()

        def failed(error: BaseException) -> bool:
            self.send_button.setEnabled(True)
            warnings = getattr(error, "warnings", None)
            if isinstance(error, ActionError) and warnings:
                self._ask_to_send_anyway(tuple(warnings))
                return True
            if self.desk_cache is not None and is_connection_error(error) and not self.is_forward:
                self._queue_send(confirm)
                return True
            return False

        self.save(then=lambda: self.ops.run(send, self.outbound_id, confirm_checks=confirm, on_done=sent,
                                            on_error=failed, modal=True, owner=self))

    def _warning_text(self, warning: Any) -> str:
        if warning.code == "empty_body":
            return self.tr("The email holds no text of your own (only a quote or a signature, if anything) and "
                           "nothing is attached.")
        return str(warning.message)

    def _ask_to_send_anyway(self, warnings: tuple[Any, ...]) -> None:
        codes = tuple(w.code for w in warnings)
        title = self.tr("Check before sending")
        if "empty_body" in codes:
            is_reply = self.detail is not None and self.detail.summary.purpose in ("reply", "reply_all")
            title = self.tr("Send an empty reply?") if is_reply else self.tr("Send an empty email?")
        box = QMessageBox(QMessageBox.Icon.Question, title,
                          "\n".join(f"• {self._warning_text(w)}" for w in warnings),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("precheck_box")
        anyway = box.addButton(self.tr("Send anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        anyway.clicked.connect(lambda: self.send_now(codes))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.precheck_box = box
        box.open()

    def on_delete_button_clicked(self) -> None:
        def deleted(_result: object) -> None:
            self._forget_locally()
            self._loaded = False
            self.sig_deleted.emit(self.outbound_id)
            self.close()

        self.ops.run(drafts.delete_draft, self.outbound_id, on_done=deleted, modal=True, owner=self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._loaded and self._dirty:
            self.save_locally()
            self.save()  # the worker finishes the save after the window is gone
        super().closeEvent(event)
        self.sig_closed.emit(self.outbound_id)
