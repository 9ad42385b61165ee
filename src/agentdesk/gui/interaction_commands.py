"""The commands that act on the open interaction: reply, forward, transfer, consult, call, store, note, done …

Each runs its ``agentdesk.actions`` function through :class:`~agentdesk.gui.ops.Ops`; a refusal shows the
action's own message. Commands are enabled only while an interaction is open and its state allows them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agentdesk.actions import calls, forward, notes, outbound, snooze, tags, transfer, workbins
from agentdesk.desk.local import DeskCache
from agentdesk.desk.services import DeskServices
from agentdesk.gui.commands import Commands
from agentdesk.gui.language import TRANSLATORS
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QAction, QActionGroup, QDesktopServices, QMenu, QObject, QUrl, QWidget, Signal

#: the commands of this module, in toolbar order
KEYS = ("reply", "reply_all", "forward", "transfer", "consult", "call", "store", "snooze", "disposition", "note",
        "mark_done")
#: commands reached from menus and the palette but not given their own toolbar button
MENU_ONLY = ("forward_attachment", "reopen", "tags")
_WORKABLE = {"assigned", "stored", "needs_attention", "sent", "failed"}
#: states of an outbound email its author can go on writing: a saved draft, a reply the reviewer rejected, a send
#: that needs the agent
REOPENABLE = ("draft", "rejected", "needs_attention")


def reopenable(summary: Any, login: str | None) -> bool:
    """The outbound email ``summary`` can be opened again in the outbound window by ``login``."""
    return (summary is not None and summary.direction == "outbound" and summary.kind == "email"
            and summary.state in REOPENABLE and (login is None or summary.owner_login in (None, login)))


class InteractionCommands(QObject):
    """Registers and runs the open interaction's commands."""

    sig_interaction_changed = Signal(int)
    """An action changed the interaction (its id): lists and the view refresh."""
    sig_note_requested = Signal()
    """The agent asked to write a note (the notes dock takes the focus)."""
    sig_compose_requested = Signal(int)
    """An outbound draft was created and should open in the outbound window (its id)."""
    sig_consult_requested = Signal()
    """The agent asked to consult a team member (the consultation dock takes the focus)."""
    sig_call_started = Signal(str, int)
    """A call was handed to the softphone: (tel: URI, the call record's interaction id)."""

    def __init__(self, window: QWidget, commands: Commands, ops: Ops, current: Callable[[], Any | None], *,
                 services: DeskServices | None = None) -> None:
        super().__init__(window)
        self._window = window
        #: done and transfer wait in this desktop's cache when the database is away (None: they just fail)
        self._desk_cache: DeskCache | None = services.cache if services is not None else None
        self._commands = commands
        self._ops = ops
        self._current = current
        c = commands
        c.add("reply", icon="reply", shortcut="Ctrl+R", english="Reply")
        c.add("reply_all", icon="reply-all", shortcut="Ctrl+Shift+R", english="Reply all")
        c.add("forward", icon="forward", shortcut="Ctrl+Shift+F", english="Forward")
        c.add("forward_attachment", icon="attachment", shortcut="Ctrl+Shift+G", english="Forward as attachment")
        c.add("transfer", icon="transfer", shortcut="Ctrl+Shift+T", english="Transfer…")
        c.add("consult", icon="consult", shortcut="Ctrl+Shift+U", english="Consult")
        c.add("call", icon="call", shortcut="Ctrl+Shift+L", english="Call")
        c.add("store", icon="workbin", shortcut="Ctrl+Shift+W", english="Store in workbin")
        c.add("disposition", icon="disposition", shortcut="Ctrl+D", english="Disposition")
        c.add("note", icon="note", shortcut="Ctrl+Shift+N", english="Note")
        c.add("mark_done", icon="done", shortcut="Ctrl+Shift+D", english="Mark done")
        c.add("reopen", icon="reply", shortcut="Ctrl+E", english="Continue writing")
        c.add("tags", icon="tag", shortcut="Ctrl+T", english="Tags…")
        c.add("snooze", icon="snooze", shortcut="Ctrl+Shift+H", english="Snooze")
        self.forward_menu = QMenu(window)
        self.forward_menu.setObjectName("menu_forward")
        self._forward_items = {mode: QAction(self.forward_menu) for mode in ("inline", "attachment")}
        for mode, item in self._forward_items.items():
            item.setObjectName(f"forward_{mode}")
            item.triggered.connect(lambda _checked=False, m=mode: self.start_forward(m))
            self.forward_menu.addAction(item)
        c["forward"].setMenu(self.forward_menu)
        #: how the center lets agents forward (S29): both until the options are read
        self._forward_modes = {"inline": True, "attachment": True}
        self.store_menu = QMenu(window)
        self.store_menu.setObjectName("menu_store")
        self.disposition_menu = QMenu(window)
        self.disposition_menu.setObjectName("menu_disposition")
        self._disposition_group = QActionGroup(self)
        c["store"].setMenu(self.store_menu)
        self.snooze_menu = QMenu(window)
        self.snooze_menu.setObjectName("menu_snooze")
        self._snooze_items = {key: QAction(self.snooze_menu) for key in (*snooze.PRESETS, "custom", "clear")}
        for key, item in self._snooze_items.items():
            item.setObjectName(f"snooze_{key.replace('-', '_')}")
            if key == "clear":
                self.snooze_menu.addSeparator()
            self.snooze_menu.addAction(item)
        for key in snooze.PRESETS:
            self._snooze_items[key].triggered.connect(lambda _checked=False, k=key: self.snooze_preset(k))
        self._snooze_items["custom"].triggered.connect(self.on_snooze_custom_triggered)
        self._snooze_items["clear"].triggered.connect(self.clear_follow_up)
        self.snooze_menu.aboutToShow.connect(self.on_snooze_menu_about_to_show)
        c["snooze"].setMenu(self.snooze_menu)
        c["disposition"].setMenu(self.disposition_menu)
        c["reply"].triggered.connect(lambda: self.start_reply(reply_all=False))
        c["reply_all"].triggered.connect(lambda: self.start_reply(reply_all=True))
        c["forward"].triggered.connect(lambda: self.start_forward(self._default_forward_mode()))
        c["forward_attachment"].triggered.connect(lambda: self.start_forward("attachment"))
        c["transfer"].triggered.connect(self.on_transfer_triggered)
        c["consult"].triggered.connect(self.sig_consult_requested.emit)
        c["call"].triggered.connect(self.on_call_triggered)
        c["store"].triggered.connect(lambda: self._popup(self.store_menu))
        c["disposition"].triggered.connect(lambda: self._popup(self.disposition_menu))
        c["note"].triggered.connect(self.sig_note_requested.emit)
        c["mark_done"].triggered.connect(self.on_mark_done_triggered)
        c["reopen"].triggered.connect(self.on_reopen_triggered)
        c["tags"].triggered.connect(self.on_tags_triggered)
        c["snooze"].triggered.connect(lambda: self._popup(self.snooze_menu))
        #: hands a tel: URI to the workstation's telephony (the OS's URL handler)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self._dispositions: list[Any] = []
        self._workbins: list[Any] = []
        #: whether an interaction (its id) has a transfer offer waiting for an answer (set by the main window)
        self.transfer_pending: Callable[[int], bool] = lambda _id: False

    def retranslate_ui(self) -> None:
        c = self._commands
        c.set_text("reply", self.tr("Reply"), self.tr("Reply to the sender"))
        c.set_text("reply_all", self.tr("Reply all"), self.tr("Reply to the sender and every recipient"))
        c.set_text("forward", self.tr("Forward"), self.tr("Forward to an external resource"))
        c.set_text("forward_attachment", self.tr("Forward as attachment"),
                   self.tr("Forward to an external resource, with the email attached"))
        self._forward_items["inline"].setText(self.tr("Forward"))
        self._forward_items["attachment"].setText(self.tr("Forward as attachment"))
        c.set_text("transfer", self.tr("Transfer…"), self.tr("Transfer to another agent or a team"))
        c.set_text("consult", self.tr("Consult"), self.tr("Consult a team member"))
        c.set_text("call", self.tr("Call"), self.tr("Call the contact"))
        c.set_text("store", self.tr("Store in workbin"), self.tr("Store in a workbin"))
        c.set_text("disposition", self.tr("Disposition"), self.tr("Set the disposition code"))
        c.set_text("note", self.tr("Note"), self.tr("Add a note"))
        c.set_text("mark_done", self.tr("Mark done"), self.tr("Mark the interaction done"))
        c.set_text("reopen", self.tr("Continue writing"),
                   self.tr("Open this draft or rejected reply in the outbound window to correct and send it"))
        c.set_text("tags", self.tr("Tags…"), self.tr("Add or remove the interaction's tags"))
        c.set_text("snooze", self.tr("Snooze"),
                   self.tr("Put the interaction out of My interactions until a time; it comes back marked "
                           "“Follow-up due”"))
        self.snooze_menu.setTitle(self.tr("Snooze"))
        self.on_snooze_menu_about_to_show()
        self.store_menu.setTitle(self.tr("Store in workbin"))
        self.disposition_menu.setTitle(self.tr("Disposition"))
        self.set_dispositions(self._dispositions)
        self.set_workbins(self._workbins)

    # -- state ----------------------------------------------------------------------------------------------
    def update_enabled(self) -> None:
        detail = self._current()
        state = detail.state if detail is not None else None
        c = self._commands
        summary = detail.summary if detail is not None else None
        inbound = summary is not None and summary.direction == "inbound" and summary.kind == "email"
        c["reply"].setEnabled(state == "assigned" and inbound)
        c["reply_all"].setEnabled(state == "assigned" and inbound)
        forwardable = inbound and state in ("assigned", "done")
        modes = self._forward_modes
        c["forward"].setEnabled(forwardable and (modes["inline"] or modes["attachment"]))
        c["forward_attachment"].setEnabled(forwardable and modes["attachment"])
        c["transfer"].setEnabled(state == "assigned" and summary is not None and summary.direction == "inbound"
                                 and not self.transfer_pending(int(summary.id)))
        c["consult"].setEnabled(detail is not None and state != "done")
        c["call"].setEnabled(summary is not None and summary.contact_id is not None)
        c["store"].setEnabled(state == "assigned" and bool(self._workbins))
        c["disposition"].setEnabled(state in _WORKABLE and bool(self._dispositions))
        c["note"].setEnabled(detail is not None)
        c["mark_done"].setEnabled(state in _WORKABLE)
        c["reopen"].setEnabled(reopenable(summary, self._login()))
        c["tags"].setEnabled(detail is not None and not getattr(detail, "cached", False))
        c["snooze"].setEnabled(state in snooze.SNOOZABLE and summary is not None and summary.owner_login is not None
                               and not getattr(detail, "cached", False))
        self._snooze_items["clear"].setEnabled(getattr(summary, "snoozed_until", None) is not None)
        code = getattr(detail, "disposition", None) if detail is not None else None
        for action in self.disposition_menu.actions():
            action.setChecked(action.data() == code)

    def load_forward_options(self) -> None:
        from agentdesk.actions import reading

        self._ops.run(reading.forward_options, on_done=self.set_forward_options, owner=self)

    def set_forward_options(self, options: Any) -> None:
        """S29: the Forward button drops down "Forward" and "Forward as attachment" only when the center allows
        both; otherwise it forwards the one way allowed, and the other command is disabled."""
        self._forward_modes = {"inline": bool(options.inline), "attachment": bool(options.attachment)}
        both = all(self._forward_modes.values())
        for mode, item in self._forward_items.items():
            item.setVisible(self._forward_modes[mode])
        self._commands["forward"].setMenu(self.forward_menu if both else None)  # type: ignore[arg-type]  # None removes the drop-down (Qt takes nullptr)
        self._commands["forward_attachment"].setVisible(self._forward_modes["attachment"])
        self.update_enabled()

    def _default_forward_mode(self) -> str:
        return "inline" if self._forward_modes["inline"] else "attachment"

    def load_dispositions(self) -> None:
        self._ops.run(notes.dispositions, on_done=self.set_dispositions, owner=self)

    def set_dispositions(self, codes: list[Any]) -> None:
        self._dispositions = list(codes)
        self.disposition_menu.clear()
        for code in self._dispositions:
            label = code.labels.get(TRANSLATORS.language) or code.labels.get("en") or code.code
            action = QAction(label, self.disposition_menu)
            action.setObjectName(f"disposition_{code.code}")
            action.setData(code.code)
            action.setCheckable(True)
            self._disposition_group.addAction(action)
            action.triggered.connect(lambda _checked=False, value=code.code: self.set_disposition(value))
            self.disposition_menu.addAction(action)
        self.update_enabled()

    def set_workbins(self, views: list[Any]) -> None:
        """The workbins an interaction can be stored in: My workbin and the team's workbins."""
        self._workbins = [v for v in views if v.kind == "team" or (v.kind == "personal" and
                                                                  v.owner_login == self._ops.ctx.login)]  # type: ignore[union-attr]
        self.store_menu.clear()
        for view in self._workbins:
            label = self.tr("My workbin") if view.kind == "personal" else self.tr("Team: %1").replace("%1", view.name)
            action = QAction(label, self.store_menu)
            action.setObjectName(f"store_in_{view.id}")
            action.triggered.connect(lambda _checked=False, target=view.id: self.store(target))
            self.store_menu.addAction(action)
        self.update_enabled()

    def _popup(self, menu: QMenu) -> None:
        if menu.actions() and self._current() is not None:
            menu.popup(self._window.mapToGlobal(self._window.rect().center()))

    # -- actions ---------------------------------------------------------------------------------------------
    def _run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        detail = self._current()
        if detail is None:
            return
        interaction_id = int(detail.id)
        self._ops.run(fn, interaction_id, *args, modal=True, owner=self,
                      on_done=lambda _r: self.sig_interaction_changed.emit(interaction_id), **kwargs)

    def set_disposition(self, code: str) -> None:
        self._run(notes.set_disposition, code)

    def store(self, workbin_id: int) -> None:
        self._run(workbins.store_in_workbin, workbin_id)

    def start_reply(self, *, reply_all: bool) -> None:
        """Reply / Reply all (S1, S2): a draft with the quoted original, opened in the outbound window."""
        detail = self._current()
        if detail is not None:
            self._ops.run(outbound.reply, int(detail.id), reply_all=reply_all, modal=True, owner=self,
                          on_done=self._on_draft_created)

    def start_forward(self, mode: str) -> None:
        """Forward (S4, S18–S29): ask To, CC and instructions, create the forward, open it to complete."""
        from agentdesk.gui.dialogs.forward import ForwardDialog

        detail = self._current()
        if detail is None:
            return
        self.forward_dialog = ForwardDialog(detail.subject, mode, self._window)
        self.forward_dialog.accepted.connect(self.on_forward_dialog_accepted)
        self.forward_dialog.finished.connect(self.forward_dialog.deleteLater)
        self.forward_dialog.open()

    def on_forward_dialog_accepted(self) -> None:
        dialog, detail = self.forward_dialog, self._current()
        if detail is not None:
            self._ops.run(forward.forward, int(detail.id), mode=dialog.mode, to=dialog.to(), cc=dialog.cc(),
                          instructions=dialog.instructions.toPlainText(), modal=True, owner=self,
                          on_done=self._on_draft_created)

    def new_email(self, contact_id: int, address: str) -> None:
        """New email to a contact (S14)."""
        self._ops.run(outbound.new_email, contact_id=contact_id, to=[address], modal=True, owner=self,
                      on_done=self._on_draft_created)

    def _on_draft_created(self, draft_id: int) -> None:
        self.sig_compose_requested.emit(int(draft_id))
        detail = self._current()
        if detail is not None:
            self.sig_interaction_changed.emit(int(detail.id))

    def on_call_triggered(self) -> None:
        detail = self._current()
        if detail is not None:
            self.call(interaction_id=int(detail.id))

    def call(self, *, interaction_id: int | None = None, contact_id: int | None = None) -> None:
        """Start a call (S10): a call record to take notes on, and the number handed to the softphone."""
        self._ops.run(calls.call_contact, interaction_id, contact_id, modal=True, owner=self,
                      on_done=self._on_call_started)

    def _on_call_started(self, result: Any) -> None:
        self.open_url(QUrl(result.tel_uri))
        self.sig_call_started.emit(result.tel_uri, int(result.call_interaction_id))

    def _login(self) -> str | None:
        ctx = self._ops.ctx
        return ctx.login if ctx is not None else None

    def on_reopen_triggered(self) -> None:
        """Continue writing the open draft or rejected reply (the reviewer's note shows above it)."""
        detail = self._current()
        if detail is not None and reopenable(detail.summary, self._login()):
            self.sig_compose_requested.emit(int(detail.id))

    def on_mark_done_triggered(self) -> None:
        self._run_or_queue("done", notes.mark_done)

    def _run_or_queue(self, kind: str, fn: Callable[..., Any], **kwargs: Any) -> None:
        """Run an action that may wait for the routing database (done, transfer): through the desk's cache, it is
        queued under Waiting actions when the database cannot be reached, and carried out once it is back."""
        desk = self._desk_cache
        detail = self._current()
        if desk is None or detail is None:
            self._run(fn, **kwargs)
            return
        interaction_id = int(detail.id)
        self._ops.call(desk.run_or_queue, kind, interaction_id, modal=True, owner=self,
                       on_done=lambda _r: self.sig_interaction_changed.emit(interaction_id), **kwargs)

    def on_tags_triggered(self) -> None:
        """Tags…: the team's tags in use are fetched first, for the dialog to offer them as the agent types."""
        detail = self._current()
        if detail is not None:
            self._ops.run(tags.tags_in_use, owner=self, on_done=lambda found: self._open_tags(detail, found))

    def _open_tags(self, detail: Any, in_use: list[Any]) -> None:
        from agentdesk.gui.dialogs.tags import TagsDialog

        current = tuple(getattr(detail.summary, "tags", ()) or ())
        self.tags_dialog = TagsDialog(detail.subject, current, [t.tag for t in in_use], self._window)
        self.tags_dialog.setProperty("interaction_id", int(detail.id))
        self.tags_dialog.accepted.connect(self.on_tags_dialog_accepted)
        self.tags_dialog.finished.connect(self.tags_dialog.deleteLater)
        self.tags_dialog.open()

    def on_tags_dialog_accepted(self) -> None:
        dialog = self.tags_dialog
        interaction_id = int(dialog.property("interaction_id"))
        added, removed = dialog.added(), dialog.removed()
        if added or removed:
            self._ops.run(tags.change_tags, interaction_id, add=added, remove=removed, modal=True, owner=self,
                          on_done=lambda _r: self.sig_interaction_changed.emit(interaction_id))

    # -- snooze -------------------------------------------------------------------------------------------------
    def on_snooze_menu_about_to_show(self) -> None:
        """The presets name their moment on the agent's clock, computed when the menu opens."""
        from datetime import datetime

        from agentdesk.gui import display

        moments = snooze.presets(datetime.now().astimezone())
        labels = {"later": self.tr("Later today (%1)"), "tomorrow": self.tr("Tomorrow (%1)"),
                  "next-week": self.tr("Next week (%1)")}
        for key, label in labels.items():
            self._snooze_items[key].setText(label.replace("%1", display.when(moments[key])))
        self._snooze_items["custom"].setText(self.tr("Choose a time…"))
        self._snooze_items["clear"].setText(self.tr("Clear follow-up"))
        self._snooze_items["clear"].setToolTip(self.tr("Back in My interactions now, without the follow-up mark"))

    def snooze_preset(self, key: str) -> None:
        from datetime import datetime

        self.snooze_until(snooze.presets(datetime.now().astimezone())[key])

    def snooze_until(self, until: Any) -> None:
        self._run(snooze.snooze, until)

    def clear_follow_up(self) -> None:
        self._run(snooze.clear_follow_up)

    def on_snooze_custom_triggered(self) -> None:
        from agentdesk.gui.dialogs.snooze import SnoozeDialog

        detail = self._current()
        if detail is None:
            return
        self.snooze_dialog = SnoozeDialog(detail.subject, self._window)
        self.snooze_dialog.accepted.connect(lambda: self.snooze_until(self.snooze_dialog.until()))
        self.snooze_dialog.finished.connect(self.snooze_dialog.deleteLater)
        self.snooze_dialog.open()

    def on_transfer_triggered(self) -> None:
        from agentdesk.gui.dialogs.transfer import TransferDialog

        detail = self._current()
        if detail is None:
            return
        self.transfer_dialog = TransferDialog(self._ops, detail.subject, self._window)
        self.transfer_dialog.accepted.connect(self.on_transfer_dialog_accepted)
        self.transfer_dialog.finished.connect(self.transfer_dialog.deleteLater)
        self.transfer_dialog.open()

    def on_transfer_dialog_accepted(self) -> None:
        dialog = self.transfer_dialog
        target = dialog.target()
        if target is not None:
            self._run_or_queue("transfer", transfer.transfer, reason=dialog.reason_text(), **target)
