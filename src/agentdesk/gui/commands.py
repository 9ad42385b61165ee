"""Every user command as one QAction with a shortcut shown in menus and tooltips, and the Ctrl+K palette
(which also finds interactions).

The main window registers commands here by key; texts are set (and reset on a language change) by the main
window's ``retranslate_ui`` through :meth:`Commands.set_text`. The palette finds a command by its label in the
current language or in English, so "Reply" and "返信" both find the reply command.
"""

from __future__ import annotations

from agentdesk.desk.search import Found
from agentdesk.gui import resources
from agentdesk.gui.qt import (
    QAction,
    QDialog,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from agentdesk.gui.search import InteractionFinder, hit_text


class Commands(QObject):
    """The registry of the window's commands."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._actions: dict[str, QAction] = {}
        self._english: dict[str, str] = {}

    def add(self, key: str, *, icon: str | None = None,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
            english: str) -> QAction:
        """A new command; ``english`` is its label in English (the palette searches it too)."""
        action = QAction(self._window)
        action.setObjectName(f"action_{key}")
        if icon:
            action.setIcon(resources.icon(icon))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self._window.addAction(action)
        self._actions[key] = action
        self._english[key] = english
        action.setText(english)
        return action

    def __getitem__(self, key: str) -> QAction:
        return self._actions[key]

    def __contains__(self, key: str) -> bool:
        return key in self._actions

    def names(self) -> list[str]:
        return list(self._actions)

    def set_text(self, key: str, text: str, tip: str | None = None) -> None:
        """The label, with the shortcut appended to the tooltip ("Reply (Ctrl+R)")."""
        action = self._actions[key]
        action.setText(text)
        tip = tip or text.replace("&", "").rstrip(".…")
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.setStatusTip(tip)

    def find(self, query: str) -> list[str]:
        """Keys of the commands whose label (current language or English) contains ``query``; those that can run
        now come first."""
        needle = query.strip().casefold()
        found = []
        for key, action in self._actions.items():
            if not action.isVisible():
                continue
            label = action.text().replace("&", "").casefold()
            if not needle or needle in label or needle in self._english[key].casefold():
                found.append(key)
        return sorted(found, key=lambda key: not self._actions[key].isEnabled())


#: a palette row that opens an interaction carries its id in this role (command rows carry their key in UserRole)
INTERACTION_ROLE = int(Qt.ItemDataRole.UserRole) + 20


class CommandPalette(QDialog):
    """Ctrl+K: type part of a command's name, Enter runs it; the interactions the text finds (by subject,
    contact, words or id) are listed below the commands, and Enter on one opens it."""

    sig_command_requested = Signal(str)
    """The user chose a command (its key)."""
    sig_interaction_requested = Signal(int)
    """The user chose an interaction the text found (its id)."""

    def __init__(self, commands: Commands, parent: QWidget, finder: InteractionFinder | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("command_palette")
        self._commands = commands
        self._finder = finder
        self.input = QLineEdit(self)
        self.input.setObjectName("palette_input")
        self.hint = QLabel(self)
        self.hint.setProperty("muted", True)
        self.results = QListWidget(self)
        self.results.setObjectName("palette_results")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.input)
        layout.addWidget(self.results)
        layout.addWidget(self.hint)
        self.input.textChanged.connect(self.on_input_text_changed)
        self.input.returnPressed.connect(self.on_input_return_pressed)
        self.results.itemActivated.connect(self.on_results_item_activated)
        self.input.installEventFilter(self)
        if finder is not None:
            finder.sig_found.connect(self.on_finder_found)
        self.resize(560, 400)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Command palette"))
        self.input.setPlaceholderText(self.tr("Type a command, a subject, a contact or #id…"))
        self.input.setAccessibleName(self.tr("Command name"))
        self.results.setAccessibleName(self.tr("Matching commands"))
        self.hint.setText(self.tr("↑↓ to choose, Enter to run, Esc to close"))

    def open_centered(self) -> None:
        parent = self.parentWidget()
        self.input.clear()
        self.on_input_text_changed("")
        if parent is not None:
            top_left = parent.mapToGlobal(parent.rect().center())
            self.move(top_left.x() - self.width() // 2, parent.mapToGlobal(parent.rect().topLeft()).y() + 80)
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus()

    def on_input_text_changed(self, text: str) -> None:
        self.results.clear()
        for key in self._commands.find(text):
            action = self._commands[key]
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            label = action.text().replace("&", "")
            item = QListWidgetItem(action.icon(), f"{label}    {shortcut}" if shortcut else label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if not action.isEnabled():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self.tr("Not available now"))
            self.results.addItem(item)
        if self.results.count() and self.results.item(0).flags() & Qt.ItemFlag.ItemIsEnabled:
            self.results.setCurrentRow(0)
        if self._finder is not None:
            self._finder.search(text)

    def on_finder_found(self, found: Found) -> None:
        """Interactions the text found, below the commands (replacing those of an older text)."""
        if not self.isVisible() or found.query.strip() != self.input.text().strip():
            return
        for row in reversed(range(self.results.count())):
            if self.results.item(row).data(INTERACTION_ROLE) is not None:
                self.results.takeItem(row)
        for hit in found.hits:
            item = QListWidgetItem(resources.icon("email"), self.tr("Open: %1").replace("%1", hit_text(hit)))
            item.setData(INTERACTION_ROLE, int(hit.interaction_id))
            self.results.addItem(item)
        if self.results.currentRow() < 0 and found.hits:
            self.results.setCurrentRow(self.results.count() - len(found.hits))

    def eventFilter(self, watched: QObject, event: object) -> bool:
        from agentdesk.gui.qt import QEvent

        if watched is self.input and isinstance(event, QEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                self.results.setCurrentRow((self.results.currentRow() + step) % self.results.count())
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def on_input_return_pressed(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.on_results_item_activated(item)

    def on_results_item_activated(self, item: QListWidgetItem) -> None:
        interaction_id = item.data(INTERACTION_ROLE)
        if interaction_id is not None:
            self.hide()
            self.sig_interaction_requested.emit(int(interaction_id))
            return
        key = str(item.data(Qt.ItemDataRole.UserRole))
        if not self._commands[key].isEnabled():
            return
        self.hide()
        self.sig_command_requested.emit(key)
        self._commands[key].trigger()
