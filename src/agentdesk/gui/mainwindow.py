"""The main window: assembles the dock panels, registers the commands and wires every signal in one place.

Panels know nothing of each other; ``_connect_signals`` is the single place where one panel's signal reaches
another's slot (qutebrowser's habit). Geometry and dock layout are saved with QSettings in the config folder
and restored at the next start; View ▸ Reset layout puts every dock back where it started.
"""

from __future__ import annotations

import functools

from agentdesk import __version__
from agentdesk.actions import presence as agent_presence
from agentdesk.actions import queries
from agentdesk.desk.local import DeskCache
from agentdesk.desk.services import DeskServices, build_services
from agentdesk.gui import interaction_commands, look
from agentdesk.gui.commands import CommandPalette, Commands
from agentdesk.gui.compose.window import ComposeWindow
from agentdesk.gui.interaction_commands import InteractionCommands
from agentdesk.gui.ops import Ops
from agentdesk.gui.panels.approval.widget import ApprovalPanel
from agentdesk.gui.panels.base import Panel, next_tab_stop, tab_moves_on
from agentdesk.gui.panels.casedata.widget import CaseDataPanel
from agentdesk.gui.panels.consultation.widget import ConsultationPanel
from agentdesk.gui.panels.contacts.widget import ContactsPanel
from agentdesk.gui.panels.email.widget import EmailPanel
from agentdesk.gui.panels.history.widget import HistoryPanel
from agentdesk.gui.panels.interactions.presence import DeskPresence
from agentdesk.gui.panels.interactions.widget import InteractionsPanel
from agentdesk.gui.panels.notes.widget import NotesPanel
from agentdesk.gui.panels.pending import PendingPanel
from agentdesk.gui.panels.workbins.widget import WorkbinsPanel
from agentdesk.gui.qt import (
    QAction,
    QActionGroup,
    QApplication,
    QByteArray,
    QCloseEvent,
    QDockWidget,
    QEvent,
    QGuiApplication,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMenu,
    QSettings,
    QSize,
    Qt,
    QTabBar,
    QTimer,
    QToolButton,
    QWidget,
    Signal,
)
from agentdesk.gui.search import InteractionFinder, SearchDialog
from agentdesk.gui.session import DeskSession
from agentdesk.gui.statusbar import LiveDesk

STATE_VERSION = 1
#: below this size the default layout tabs the context panels beside the email (a 1024×700 screen)
COMPACT_WIDTH, COMPACT_HEIGHT = 1300, 820
#: how often the lists are brought up to date with the routing database


def _default_size() -> QSize:
    """1440×900, or the screen's free area when it is smaller."""
    screen = QGuiApplication.primaryScreen()
    free = screen.availableGeometry().size() if screen is not None else QSize(1440, 900)
    return QSize(min(1440, free.width()), min(900, free.height()))


class MainWindow(QMainWindow):
    """agentdesk — NAME · team."""

    sig_switch_user_requested = Signal()
    """File ▸ Switch user (team shape with per-user database logins): the desk signs in again."""

    def __init__(self, session: DeskSession, ops: Ops, services: DeskServices | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.session = session
        self.ops = ops
        #: what the window and its panels use besides Qt, built once (agentdesk.desk.services); the window starts
        #: its cache once it is up and closes it with itself
        self.services = services if services is not None else build_services(session.ctx, session.paths,
                                                                              session.config_file)
        self.services.cache.on_change = self._on_desk_cache_changed
        ops.dialog_parent = self
        self.setDockNestingEnabled(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        # Every area is a dock; the hidden central widget lets them share the whole window.
        central = QWidget(self)
        central.hide()
        self.setCentralWidget(central)

        services = self.services
        self.interactions = InteractionsPanel(ops, self)
        self.workbins = WorkbinsPanel(ops, self)
        # offline, the panels read the cache's copy (agentdesk.desk.reading); case data edits and notes wait there
        self.email = EmailPanel(ops, self, services=services)
        self.email.outbox_bar.sent_search = services.sent_search
        self.contacts = ContactsPanel(ops, self, services=services)
        self.history = HistoryPanel(ops, self, services=services)
        self.casedata = CaseDataPanel(ops, self, edit=services.cache.set_case_data)
        self.notes = NotesPanel(ops, self, add=services.cache.add_note)
        self.consultation = ConsultationPanel(ops, self)
        self.pending = PendingPanel(ops, self, desk=services.cache)
        self.panels: dict[str, Panel] = {p.NAME: p for p in (
            self.interactions, self.workbins, self.email, self.casedata, self.contacts, self.history, self.notes,
            self.consultation, self.pending)}
        # The approval panel is for team leads (B4) only.
        self.approval: ApprovalPanel | None = ApprovalPanel(ops, self) if session.is_lead else None
        if self.approval is not None:
            self.panels[self.approval.NAME] = self.approval
        self.docks: dict[str, QDockWidget] = {}
        self._sized = False  # the window was given its size (restored or default)
        self._hidden_for_email: list[str] = []  # the panels View ▸ Email only hid
        for panel in self.panels.values():
            self._add_dock(panel)
        self._default_layout()

        self.commands = Commands(self)
        self._create_commands()
        self.interaction_commands = InteractionCommands(self, self.commands, ops, lambda: self.email.detail,
                                                        services=services)
        self.compose_windows: dict[int, ComposeWindow] = {}
        self.presence = DeskPresence(ops, self)  # who else is on my interactions (X2)
        self._create_status_bar()  # before the menus: File ▸ My presence is the status bar's menu
        self._create_menus()
        self.email.set_actions(self._email_toolbar_actions())
        self.email.set_reopen_action(self.commands["reopen"])
        self.finder = InteractionFinder(ops, self.desk_cache, self)
        self.search_dialog = SearchDialog(InteractionFinder(ops, self.desk_cache, self), self)
        self.command_palette = CommandPalette(self.commands, self, self.finder)
        self.live = LiveDesk(self)  # mailbox indicators, notifications, live lists (started by app.run)
        self._default_state = self.saveState(STATE_VERSION)
        self._connect_signals()
        self.retranslate_ui()
        self._restore_window_state()
        # no timer reloads the lists: once live (app.run starts it) they follow the change feed (LiveDesk), which
        # is exact (a cursor over the change log) and reads at least every 10 s on its own
        self._update_interaction_actions()
        self.refresh()
        self.desk_cache.start()

    @property
    def desk_cache(self) -> DeskCache:
        """This desktop's local cache (``services.cache``)."""
        return self.services.cache

    def _on_desk_cache_changed(self) -> None:
        """The cache's connection or waiting actions changed (called on a background thread)."""
        pending = getattr(self, "pending", None)
        if pending is not None:
            pending.refresh()

    # -- building ---------------------------------------------------------------------------------------------
    def _add_dock(self, panel: Panel) -> QDockWidget:
        dock = QDockWidget(panel.title(), self)
        dock.setObjectName(f"dock_{panel.NAME}")
        dock.setWidget(panel)
        tab_moves_on(panel)  # Tab goes from control to control, never stuck in a list or an editor
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(panel.AREA, dock)
        self.docks[panel.NAME] = dock
        return dock

    def _compact(self) -> bool:
        """A small window (a 1024×700 laptop screen): context and notes are tabbed beside the email instead of
        stacked, so that the email keeps its height."""
        size = self.size() if self.isVisible() or self._sized else _default_size()
        return size.width() < COMPACT_WIDTH or size.height() < COMPACT_HEIGHT

    def _default_layout(self) -> None:
        """My interactions and workbins on the left, the email in the middle, context on the right, notes below the
        email; in a small window the context and the notes are two tab stacks on the right, and the email has the
        whole height of the middle."""
        docks = self.docks
        compact = self._compact()
        for dock in docks.values():  # from scratch: a dock split out of tabs leaves a stray tab bar behind
            self.removeDockWidget(dock)
        left = docks["interactions"]
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, left)
        self.splitDockWidget(left, docks["email"], Qt.Orientation.Horizontal)
        if not compact:  # compact: the workbins are a tab beside My interactions (Alt+2 brings them)
            self.splitDockWidget(left, docks["workbins"], Qt.Orientation.Vertical)
        right = [docks[n] for n in ("casedata", "contacts", "history") if n in docks]
        below = [docks[n] for n in ("notes", "consultation", "pending") if n in docks]
        if right:
            self.splitDockWidget(docks["email"], right[0], Qt.Orientation.Horizontal)
        if below:  # split before anything is tabbed: splitting a tabbed dock moves it out of its tabs
            self.splitDockWidget(right[0] if compact and right else docks["email"], below[0], Qt.Orientation.Vertical)
        for dock in right[1:]:
            if compact:
                self.tabifyDockWidget(right[0], dock)
            else:
                self.splitDockWidget(right[0], dock, Qt.Orientation.Vertical)
        for dock in below[1:]:
            self.tabifyDockWidget(below[0], dock)
        if compact:
            self.tabifyDockWidget(left, docks["workbins"])
        if "approval" in docks:  # leads: the approval panel shares the centre with the email view
            self.tabifyDockWidget(docks["email"], docks["approval"])
        for dock in docks.values():
            dock.setFloating(False)
            dock.show()
        if right:
            right[0].raise_()
        left.raise_()
        docks["notes"].raise_()
        docks["email"].raise_()
        self._default_sizes()
        QTimer.singleShot(0, self, self._hide_stray_tab_bars)  # dropped with the window

    def _hide_stray_tab_bars(self) -> None:
        """Qt keeps the tab bar of a tab group that a new layout split apart, showing it where it was: hide every
        dock tab bar that does not sit under a tab group of this layout."""
        groups = []
        for dock in self.docks.values():
            together = [d for d in self.tabifiedDockWidgets(dock) if not d.isHidden()]
            if together and not dock.isHidden():
                groups.append({d.windowTitle() for d in (dock, *together)})
        for bar in self.findChildren(QTabBar):
            if bar.parent() is not self or not bar.isVisible():
                continue
            titles = {bar.tabText(i) for i in range(bar.count())}
            inside = self.rect().contains(bar.geometry())
            owner = next((d for d in self.docks.values() if d.isVisible() and d.windowTitle() in titles
                          and abs(d.geometry().left() - bar.geometry().left()) <= 2
                          and abs(d.geometry().bottom() + 1 - bar.geometry().top()) <= 4), None)
            if not titles or titles not in groups or not inside or owner is None:
                bar.hide()

    def _default_sizes(self) -> None:
        docks = self.docks
        if self._compact():
            width = max(self.width(), 800)
            side = max(240, width * 27 // 100)
            columns = [(docks["interactions"], side + 16), (docks["email"], width - 2 * side - 16),
                       (docks["casedata"], side)]
            height = max(self.height(), 500)
            rows = [(docks["casedata"], height * 52 // 100), (docks["notes"], height * 48 // 100)]
        else:
            columns = [(docks["interactions"], 500), (docks["email"], 780), (docks["casedata"], 320)]
            rows = [(docks["interactions"], 420), (docks["workbins"], 300), (docks["email"], 660),
                    (docks["notes"], 170), (docks["casedata"], 220), (docks["contacts"], 300),
                    (docks["history"], 260)]
        self.resizeDocks([d for d, _ in columns], [w for _, w in columns], Qt.Orientation.Horizontal)
        self.resizeDocks([d for d, _ in rows], [h for _, h in rows], Qt.Orientation.Vertical)

    # -- focus on the email: every other panel out of the way, and back -------------------------------------
    def change_look(self, *, theme: str | None = None, font_step: int | None = None) -> None:
        """View ▸ Theme and Larger / Smaller / Normal text: applied at once and kept for the next start."""
        current = look.load()
        chosen = look.with_theme(current, theme) if theme is not None else current
        if font_step is not None:
            chosen = look.with_font_step(chosen, font_step)
        look.save(chosen)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            look.apply_look(app, chosen)
        self._show_look()
        if font_step is not None:
            self.statusBar().showMessage(self.tr("Text size: %1 pt").replace(
                "%1", f"{QApplication.font().pointSizeF():g}"), 3000)

    def _show_look(self) -> None:
        current = look.load()
        for key, item in self._theme_actions.items():
            item.setChecked(key == current.theme)

    def toggle_email_only(self) -> None:
        """View ▸ Email only (Ctrl+Shift+M): hide every panel but the email, or bring back those it hid."""
        if self._hidden_for_email:
            for name in self._hidden_for_email:
                self.docks[name].show()
            self._hidden_for_email = []
        else:
            self._hidden_for_email = [name for name, dock in self.docks.items()
                                      if name != "email" and not dock.isHidden()]
            for name in self._hidden_for_email:
                self.docks[name].hide()
            self.focus_dock("email")
        self.commands["email_only"].setChecked(bool(self._hidden_for_email))

    def _create_commands(self) -> None:
        c = self.commands
        c.add("refresh", icon="refresh", shortcut=QKeySequence.StandardKey.Refresh, english="Refresh")
        c.add("palette", icon="command", shortcut="Ctrl+K", english="Command palette…")
        c.add("search", icon="search", shortcut=QKeySequence.StandardKey.Find, english="Search interactions…")
        c.add("preferences", icon="settings", shortcut="Ctrl+,", english="Preferences…")
        c.add("quit", icon="quit", shortcut="Ctrl+Q", english="Quit")
        c.add("switch_user", shortcut="Ctrl+Shift+O", english="Switch user…")
        c["switch_user"].setVisible(self.session.database_login)
        c["switch_user"].setEnabled(self.session.database_login)
        c.add("reset_layout", icon="layout", shortcut="Ctrl+Shift+0", english="Reset layout")
        c.add("email_only", shortcut="Ctrl+Shift+M", english="Email only")
        c.add("text_larger", shortcut=QKeySequence.StandardKey.ZoomIn, english="Larger text")
        c["text_larger"].setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        c.add("text_smaller", shortcut=QKeySequence.StandardKey.ZoomOut, english="Smaller text")
        c.add("text_normal", shortcut="Ctrl+0", english="Normal text size")
        c["email_only"].setCheckable(True)
        c.add("about", icon="info", english="About agentdesk")
        c.add("shortcuts", icon="command", shortcut="F1", english="Keyboard shortcuts")
        c["shortcuts"].setShortcuts([QKeySequence("F1"), QKeySequence("Ctrl+/")])
        c.add("next_interaction", shortcut="Ctrl+J", english="Next interaction")
        c.add("previous_interaction", shortcut="Ctrl+Shift+J", english="Previous interaction")
        for number, name in enumerate(self.docks, start=1):
            c.add(f"focus_{name}", shortcut=f"Alt+{number % 10}", english=f"Go to {name}")

    def _email_toolbar_actions(self) -> list[QAction]:
        """What the email view's toolbar offers: the open interaction's commands that work."""
        return [self.commands[key] for key in interaction_commands.KEYS]

    def _interaction_command_keys(self) -> list[str]:
        """The commands that act on the open interaction (enabled only while one is open)."""
        return [*interaction_commands.KEYS, *interaction_commands.MENU_ONLY]

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(self)
        self.file_menu.setObjectName("menu_file")
        for key in ("refresh", "preferences"):
            self.file_menu.addAction(self.commands[key])
        self.file_menu.addSeparator()
        self.file_menu.addMenu(self.presence_menu)  # My presence: Ready / Not ready, from the keyboard too
        self.file_menu.addAction(self.commands["switch_user"])
        self.file_menu.addAction(self.commands["quit"])
        self.interaction_menu = QMenu(self)
        self.interaction_menu.setObjectName("menu_interaction")
        for key in ("next_interaction", "previous_interaction"):
            self.interaction_menu.addAction(self.commands[key])
        keys = self._interaction_command_keys()
        if keys:
            self.interaction_menu.addSeparator()
        for key in keys:
            self.interaction_menu.addAction(self.commands[key])
        self.view_menu = QMenu(self)
        self.view_menu.setObjectName("menu_view")
        for name, dock in self.docks.items():
            toggle = dock.toggleViewAction()
            toggle.setObjectName(f"toggle_{name}")
            self.view_menu.addAction(toggle)
        self.view_menu.addSeparator()
        for name in self.docks:
            self.view_menu.addAction(self.commands[f"focus_{name}"])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.commands["text_larger"])
        self.view_menu.addAction(self.commands["text_smaller"])
        self.view_menu.addAction(self.commands["text_normal"])
        self.theme_menu = QMenu(self)
        self.theme_menu.setObjectName("menu_theme")
        self._theme_group = QActionGroup(self)
        self._theme_actions: dict[str, QAction] = {}
        for key in look.THEMES:
            item = QAction(self.theme_menu)
            item.setObjectName(f"theme_{key}")
            item.setCheckable(True)
            item.triggered.connect(lambda _checked=False, k=key: self.change_look(theme=k))
            self._theme_group.addAction(item)
            self.theme_menu.addAction(item)
            self._theme_actions[key] = item
        self.view_menu.addMenu(self.theme_menu)
        self._show_look()
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.commands["email_only"])
        self.view_menu.addAction(self.commands["reset_layout"])
        self.view_menu.addAction(self.commands["palette"])
        self.view_menu.addAction(self.commands["search"])
        self.help_menu = QMenu(self)
        self.help_menu.setObjectName("menu_help")
        self.help_menu.addAction(self.commands["shortcuts"])
        self.help_menu.addAction(self.commands["about"])
        for menu in (self.file_menu, self.interaction_menu, self.view_menu, self.help_menu):
            bar.addMenu(menu)

    def _create_status_bar(self) -> None:
        status = self.statusBar()
        self.user_label = QLabel(self)
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connection_ok")
        self.busy_label = QLabel(self)
        self.busy_label.setProperty("muted", True)
        self.presence_button = QToolButton(self)
        self.presence_button.setObjectName("presence")
        self.presence_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.presence_menu = QMenu(self)
        self._presence_actions: dict[str, QAction] = {}
        for value in ("ready", "not_ready"):
            action = QAction(self.presence_menu)
            action.setObjectName(f"presence_{value}")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, v=value: self.set_presence(v))
            self.presence_menu.addAction(action)
            self._presence_actions[value] = action
        self.presence_button.setMenu(self.presence_menu)
        self._presence = str(getattr(self.session.me, "presence", "ready"))
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.presence_button)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.connection_label)

    # -- wiring -------------------------------------------------------------------------------------------------
    def _connect_signals(self) -> None:
        """Every connection between panels, commands and the operation helper."""
        c = self.commands
        c["refresh"].triggered.connect(self.refresh)
        c["palette"].triggered.connect(self.command_palette.open_centered)
        c["search"].triggered.connect(lambda: self.search_dialog.open_centered())
        self.search_dialog.sig_interaction_requested.connect(self.show_interaction)
        self.command_palette.sig_interaction_requested.connect(self.show_interaction)
        c["preferences"].triggered.connect(self.on_preferences_triggered)
        c["quit"].triggered.connect(self.close)
        c["switch_user"].triggered.connect(lambda _checked=False: self.sig_switch_user_requested.emit())
        c["reset_layout"].triggered.connect(self.reset_layout)
        c["email_only"].triggered.connect(lambda _checked=False: self.toggle_email_only())
        c["text_larger"].triggered.connect(lambda: self.change_look(font_step=1))
        c["text_smaller"].triggered.connect(lambda: self.change_look(font_step=-1))
        c["text_normal"].triggered.connect(lambda: self.change_look(font_step=0))
        c["about"].triggered.connect(self.on_about_triggered)
        c["shortcuts"].triggered.connect(self.on_shortcuts_triggered)
        c["next_interaction"].triggered.connect(lambda: self._step_interaction(1))
        c["previous_interaction"].triggered.connect(lambda: self._step_interaction(-1))
        for name in self.docks:
            c[f"focus_{name}"].triggered.connect(lambda _checked=False, n=name: self.focus_dock(n))

        self.ops.sig_status_message.connect(self.on_ops_status_message)
        self.ops.sig_connection_changed.connect(self.on_ops_connection_changed)
        self.ops.sig_data_changed.connect(self.on_ops_data_changed)
        self.ops.sig_busy_changed.connect(self.on_ops_busy_changed)

        self.interactions.sig_interaction_selected.connect(self.on_interactions_interaction_selected)
        self.interactions.sig_interaction_activated.connect(self.on_interactions_interaction_activated)
        self.interactions.sig_transfers_loaded.connect(self.email.set_transfers)
        self.interactions.sig_transfers_loaded.connect(lambda _offers: self._update_interaction_actions())
        self.interaction_commands.transfer_pending = lambda i: self.interactions.model.transfer_of(i) is not None
        self.email.sig_transfer_withdrawn.connect(self.on_panel_interaction_changed)
        self.workbins.sig_interaction_requested.connect(self.on_interactions_interaction_selected)
        self.interactions.sig_offer_answered.connect(self.on_panel_interaction_changed)
        if self.approval is not None:
            self.approval.sig_review_decided.connect(self.on_panel_interaction_changed)
            self.approval.sig_item_selected.connect(self.email.open_interaction)  # its case data, notes, history
        self.workbins.sig_workbins_loaded.connect(self.interaction_commands.set_workbins)
        self.email.sig_interaction_loaded.connect(self.on_email_interaction_loaded)
        self.email.sig_interaction_loaded.connect(self.casedata.on_email_interaction_loaded)
        self.email.sig_interaction_loaded.connect(self.notes.on_email_interaction_loaded)
        self.email.sig_interaction_loaded.connect(self.history.on_email_interaction_loaded)
        self.email.sig_interaction_loaded.connect(self.consultation.on_email_interaction_loaded)
        self.consultation.sig_consultation_changed.connect(self.history.on_consultation_changed)
        self.interaction_commands.sig_compose_requested.connect(self.open_compose)
        self.workbins.sig_draft_requested.connect(self.open_compose)
        self.contacts.sig_new_email_requested.connect(self.interaction_commands.new_email)
        self.contacts.sig_call_requested.connect(lambda contact_id: self.interaction_commands.call(contact_id=contact_id))
        self.interaction_commands.sig_consult_requested.connect(lambda: self.focus_dock("consultation"))
        self.history.sig_interaction_requested.connect(self.on_interactions_interaction_selected)
        self.pending.sig_draft_requested.connect(self.open_compose)
        self.pending.sig_attention_requested.connect(lambda: self.docks["pending"].raise_())
        self.statusBar().addPermanentWidget(self.pending.status_button)
        self.history.sig_compose_requested.connect(self.open_compose)
        self.contacts.sig_contact_selected.connect(self.history.show_contact)
        self.email.sig_new_email_requested.connect(self.interaction_commands.new_email)
        self.email.sig_tags_requested.connect(self.interaction_commands.on_tags_triggered)
        self.workbins.sig_view_chosen.connect(self.interactions.apply_view)
        self.interactions.sig_views_changed.connect(self.workbins.reload_views)
        self.email.sig_call_requested.connect(lambda contact_id: self.interaction_commands.call(contact_id=contact_id))
        self.email.outbox_bar.sig_draft_reopened.connect(self.open_compose)
        self.email.sig_interaction_opened.connect(self.presence.on_interaction_opened)
        self.presence.sig_viewers_changed.connect(self.interactions.set_viewers)
        self.presence.sig_viewers_changed.connect(self.email.set_viewers)
        self.interaction_commands.sig_call_started.connect(self.on_interaction_commands_call_started)
        self.casedata.sig_case_data_changed.connect(self.on_panel_interaction_changed)
        self.notes.sig_note_added.connect(self.on_panel_interaction_changed)
        self.interaction_commands.sig_interaction_changed.connect(self.on_panel_interaction_changed)
        self.interaction_commands.sig_note_requested.connect(lambda: self.focus_dock("notes"))

    # -- texts -------------------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        name = getattr(self.session.me, "name", self.session.ctx.login)
        team = getattr(self.session.me, "team", None) or getattr(self.session.me, "team_name", None)
        self.setWindowTitle(self.tr("agentdesk — %1").replace("%1", f"{name} · {team}" if team else str(name)))
        self.file_menu.setTitle(self.tr("&File"))
        self.interaction_menu.setTitle(self.tr("&Interaction"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        c = self.commands
        c.set_text("refresh", self.tr("Refresh"), self.tr("Reload the lists from the database"))
        c.set_text("palette", self.tr("Command palette…"), self.tr("Find any command or interaction by name"))
        c.set_text("search", self.tr("Search interactions…"),
                   self.tr("Find an interaction by subject, contact, words or number"))
        c.set_text("preferences", self.tr("Preferences…"))
        c.set_text("quit", self.tr("Quit"))
        c.set_text("switch_user", self.tr("Switch user…"), self.tr("Sign in as another user with their own login"))
        c.set_text("reset_layout", self.tr("Reset layout"), self.tr("Put every panel back where it started"))
        c.set_text("text_larger", self.tr("Larger text"))
        c.set_text("text_smaller", self.tr("Smaller text"))
        c.set_text("text_normal", self.tr("Normal text size"))
        self.theme_menu.setTitle(self.tr("&Theme"))
        for key, text in (("system", self.tr("Follow the system")), ("light", self.tr("Light")),
                          ("dark", self.tr("Dark"))):
            self._theme_actions[key].setText(text)
        c.set_text("email_only", self.tr("Email only"),
                   self.tr("Hide every panel but the email, or bring them back"))
        c.set_text("about", self.tr("About agentdesk"))
        c.set_text("shortcuts", self.tr("Keyboard shortcuts"), self.tr("Every action and its keys"))
        c.set_text("next_interaction", self.tr("Next interaction"))
        c.set_text("previous_interaction", self.tr("Previous interaction"))
        for key, panel in self.panels.items():
            self.docks[key].setWindowTitle(panel.title())
            c.set_text(f"focus_{key}", self.tr("Go to %1").replace("%1", panel.title()))
        self.user_label.setText(self.tr("Signed in as %1").replace("%1", str(name)))
        self._presence_actions["ready"].setText(self.tr("Ready"))
        self._presence_actions["not_ready"].setText(self.tr("Not ready"))
        self.presence_button.setAccessibleName(self.tr("My presence"))
        self.presence_menu.setTitle(self.tr("My &presence"))
        self.presence_button.setToolTip(self.tr("Routing gives new email only to agents who are ready"))
        self._show_presence()
        self._show_connection(self.ops.online is not False)
        self.command_palette.retranslate_ui()
        self.search_dialog.retranslate_ui()
        self.interaction_commands.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- layout and state -------------------------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings(str(self.session.window_state_file), QSettings.Format.IniFormat)

    def _restore_window_state(self) -> None:
        settings = self._settings()
        geometry = settings.value("main/geometry")
        state = settings.value("main/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(_default_size())
        self._sized = True
        if isinstance(state, QByteArray) and self.restoreState(state, STATE_VERSION):
            return
        if self._compact():  # the first start on a small screen: the compact layout
            self._default_layout()
        QTimer.singleShot(0, self, self._default_sizes)  # sizes apply once the window has its real size

    def save_window_state(self) -> None:
        settings = self._settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState(STATE_VERSION))
        settings.sync()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state, STATE_VERSION)
        self._hidden_for_email = []
        self.commands["email_only"].setChecked(False)
        self._default_layout()
        QTimer.singleShot(0, self, self._default_sizes)

    def focus_dock(self, name: str) -> None:
        dock = self.docks[name]
        dock.show()
        dock.raise_()
        panel = self.panels[name]
        focus = panel.focusProxy() or panel.first_control() or panel
        focus.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab: the next control that can be seen (never one in a dock tabbed away)."""
        current = QApplication.focusWidget()
        if current is None or current.window() is not self:
            return super().focusNextPrevChild(next)
        target = next_tab_stop(self, current, next)
        if target is None:
            return False
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        self.presence.close()
        self.live.stop(block=False)  # app.run waits for the engine once the window is gone
        self.desk_cache.on_change = None
        self.desk_cache.close()
        super().closeEvent(event)

    # -- behaviour ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.interactions.reload()
        self.workbins.reload()
        self.history.reload_mine()
        if self.approval is not None:
            self.approval.reload()
        self.contacts.run_search()
        self.interaction_commands.load_dispositions()
        self.interaction_commands.load_forward_options()
        if self.email.interaction_id is not None:
            self.email.open_interaction(self.email.interaction_id)

    def _step_interaction(self, step: int) -> None:
        view = self.interactions.view
        rows = self.interactions.model.rowCount()
        if rows:
            current = view.currentIndex().row()
            view.selectRow(max(0, min(rows - 1, current + step if current >= 0 else 0)))

    def _update_interaction_actions(self) -> None:
        self.interaction_commands.update_enabled()

    def set_presence(self, presence: str) -> None:
        def done(_result: object) -> None:
            self._presence = presence
            self._show_presence()

        self.ops.run(agent_presence.set_presence, presence, modal=True, owner=self, on_done=done)

    def _show_presence(self) -> None:
        for value, action in self._presence_actions.items():
            action.setChecked(value == self._presence)
        label = self._presence_actions.get(self._presence)
        self.presence_button.setText(f"● {label.text() if label else self._presence}")
        self.presence_button.setProperty("presence", self._presence)  # coloured by the style sheet
        self.presence_button.style().unpolish(self.presence_button)
        self.presence_button.style().polish(self.presence_button)

    def _show_connection(self, online: bool) -> None:
        label = self.connection_label
        label.setObjectName("connection_ok" if online else "connection_offline")
        label.setText(("● " + self.tr("Database connected")) if online else ("● " + self.tr("Offline")))
        label.setToolTip(self.tr("Routing database: %1").replace("%1", self.session.ctx.db.url.render_as_string()))
        label.style().unpolish(label)
        label.style().polish(label)

    # -- slots -------------------------------------------------------------------------------------------------
    def on_interactions_interaction_selected(self, interaction_id: int) -> None:
        self.email.open_interaction(interaction_id)

    def on_interactions_interaction_activated(self, interaction_id: int) -> None:
        """Enter or a double click in My interactions: a draft or a rejected reply opens in the outbound window to be
        written on (the reviewer's note above it); anything else opens in the email view."""
        row = self.interactions.model.row_of(interaction_id)
        summary = self.interactions.model.summary(row) if row >= 0 else None
        if interaction_commands.reopenable(summary, self.session.ctx.login):
            self.open_compose(interaction_id)
        else:
            self.on_interactions_interaction_selected(interaction_id)

    def show_interaction(self, interaction_id: int) -> None:
        """Open an interaction found by a search: in the email view, chosen in My interactions when it is there."""
        self.interactions.select_interaction(interaction_id)
        if self.email.interaction_id != interaction_id:
            self.email.open_interaction(interaction_id)
        self.focus_dock("email")

    def on_email_interaction_loaded(self, _detail: object) -> None:
        self._update_interaction_actions()

    def open_compose(self, draft_id: int) -> ComposeWindow:
        """The outbound window for a draft (brought to the front when it is already open)."""
        window = self.compose_windows.get(draft_id)
        if window is None:
            window = ComposeWindow(self.ops, draft_id, self, services=self.services)
            window.sig_sent.connect(self.on_compose_sent)
            window.sig_deleted.connect(self.on_compose_closed)
            window.sig_draft_saved.connect(lambda _id: self.workbins.reload())
            self.compose_windows[draft_id] = window
            window.sig_loaded.connect(functools.partial(self._announce_writing, window))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _announce_writing(self, window: ComposeWindow, draft: queries.InteractionDetail) -> None:
        """A reply or forward is being written: the others on the email it answers see "(writing)" (X2)."""
        answered = draft.parent_id
        if answered is None or not window.isVisible():
            return
        self.presence.set_writing(int(answered), True)
        window.sig_closed.connect(lambda _id, a=int(answered): self.presence.set_writing(a, False))

    def on_compose_sent(self, draft_id: int, state: str) -> None:
        message = self.tr("Sent for QA review") if state == "review" else self.tr("Handed to the outbox for sending")
        self.statusBar().showMessage(message, 8000)
        self.on_compose_closed(draft_id)

    def on_compose_closed(self, draft_id: int) -> None:
        self.compose_windows.pop(draft_id, None)
        self.on_panel_interaction_changed(draft_id)

    def on_interaction_commands_call_started(self, tel_uri: str, call_id: int) -> None:
        self.statusBar().showMessage(self.tr("Calling %1 — the call record is in My interactions")
                                     .replace("%1", tel_uri.removeprefix("tel:")), 8000)
        self.on_panel_interaction_changed(call_id)

    def on_ops_status_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def on_ops_connection_changed(self, online: bool) -> None:
        self._show_connection(online)

    def _lists_follow_the_feed(self) -> bool:
        """Whether the lists follow the change feed now (live and online): an action's own change then comes back
        through the feed, row by row, instead of a full reload of every list."""
        return self.live.feed.running and self.ops.online is not False

    def on_ops_data_changed(self, _what: str) -> None:
        if not self._lists_follow_the_feed():
            self.refresh()  # offline (the cache's copy) or not live: read everything again
            return
        self.live.feed.wake()
        self.history.reload_mine()
        if self.email.interaction_id is not None:
            self.email.open_interaction(self.email.interaction_id)

    def on_panel_interaction_changed(self, interaction_id: int) -> None:
        """An action changed an interaction: the lists follow (through the feed when live), the view if it shows
        that one."""
        if self._lists_follow_the_feed():
            self.interactions.show_new_next()  # the agent's own action: its new rows show at once
            self.live.feed.wake()
        else:
            self.interactions.reload(show_new=True)
            self.workbins.reload()
        if self.email.interaction_id == interaction_id:
            self.email.open_interaction(interaction_id)

    def on_ops_busy_changed(self, pending: int) -> None:
        self.busy_label.setText(self.tr("Working…") if pending else "")

    def on_preferences_triggered(self) -> None:
        from agentdesk.gui.dialogs.preferences import PreferencesDialog

        PreferencesDialog(self.session, self).exec()

    def on_shortcuts_triggered(self) -> None:
        from agentdesk.gui.dialogs.shortcuts import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog.open()

    def on_about_triggered(self) -> None:
        from agentdesk.gui.dialogs.about import AboutDialog

        AboutDialog(__version__, self).exec()
