"""Help ▸ Keyboard shortcuts (F1, Ctrl+/): every action of the window and its keys, read from the window's own
QActions when the list opens, so that it shows every action and never goes stale.

Actions are grouped by the menu they sit in (with the menu path, which the keyboard reaches through the menu
bar's Alt+letter); actions that are in no menu (a toolbar's, a panel's) come under "Other". The keys that
belong to no action — those of lists and of the outbound window — follow, from :data:`FIXED_KEYS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from agentdesk.gui.qt import (
    QAction,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QKeySequence,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSortFilterProxyModel,
    QStandardItem,
    QStandardItemModel,
    Qt,
    QTreeView,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Entry:
    group: str
    name: str
    keys: str
    tip: str
    action: QAction | None = None


def fixed_keys() -> list[Entry]:
    """Keys that belong to no QAction of the main window: lists, dialogs and the outbound window."""
    lists = QCoreApplication.translate("ShortcutsDialog", "Lists and dialogs")
    compose = QCoreApplication.translate("ShortcutsDialog", "Outbound email window")
    return [
        Entry(lists, QCoreApplication.translate("ShortcutsDialog", "Open the chosen interaction (a draft or rejected reply: to go on writing it)"), "Enter", ""),
        Entry(lists, QCoreApplication.translate("ShortcutsDialog", "Next / previous control"), "Tab / Shift+Tab", ""),
        Entry(lists, QCoreApplication.translate("ShortcutsDialog", "Close a dialog, the palette or the search"), "Esc", ""),
        Entry(compose, QCoreApplication.translate("ShortcutsDialog", "Send"), QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText), ""),
        Entry(compose, QCoreApplication.translate("ShortcutsDialog", "Save draft"), QKeySequence(QKeySequence.StandardKey.Save).toString(
            QKeySequence.SequenceFormat.NativeText), ""),
        Entry(compose, QCoreApplication.translate("ShortcutsDialog", "Close the window, keeping the draft"), "Esc / "
              + QKeySequence("Ctrl+W").toString(QKeySequence.SequenceFormat.NativeText), ""),
        Entry(compose, QCoreApplication.translate("ShortcutsDialog", "Bold / italic / underline"), "Ctrl+B / Ctrl+I / Ctrl+U", ""),
        Entry(compose, QCoreApplication.translate("ShortcutsDialog", "Bulleted / numbered list, quote"), "Ctrl+Shift+8 / Ctrl+Shift+7 / Ctrl+Shift+9", ""),
        Entry(compose, QCoreApplication.translate("ShortcutsDialog", "Link"), "Ctrl+K", ""),
        Entry(compose, QCoreApplication.translate("ShortcutsDialog", "Clear formatting"), "Ctrl+Space", ""),
    ]


def _label(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def _keys(action: QAction) -> str:
    return " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty())


def keyboard_map(window: QMainWindow) -> list[Entry]:
    """Every visible action of ``window``: its menu path, name and keys (empty when only the menu reaches it)."""
    entries: list[Entry] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: list[str]) -> None:
        here = [*path, _label(menu.menuAction())]
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible() or not action.text():
                continue
            sub = action.menu()
            seen.add(id(action))
            if isinstance(sub, QMenu) and sub is not menu and sub.actions() and not _keys(action):
                walk(sub, here)
                continue
            entries.append(Entry(" ▸ ".join(here), _label(action), _keys(action), action.statusTip(), action))

    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.isVisible():
            walk(menu, [])
    other = QCoreApplication.translate("ShortcutsDialog", "Other")
    for action in window.findChildren(QAction):
        if id(action) in seen or action.isSeparator() or not action.text() or not action.isVisible():
            continue
        if not _keys(action) or action.parent() is not window:
            continue  # a menu's own item (reached through its menu) or a control's inner action
        entries.append(Entry(other, _label(action), _keys(action), action.statusTip(), action))
    return entries + fixed_keys()


class ShortcutsDialog(QDialog):
    """The list, with a filter: type part of a name or a key."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcuts_dialog")
        self.entries = keyboard_map(window)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("shortcuts_filter")
        self.filter.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.view = QTreeView(self)
        self.view.setObjectName("shortcuts_view")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self.on_filter_text_changed)
        self.view.activated.connect(self.on_view_activated)
        self.resize(640, 560)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.filter.setPlaceholderText(self.tr("Filter: part of a name or a key…"))
        self.filter.setAccessibleName(self.tr("Filter the shortcuts"))
        self.view.setAccessibleName(self.tr("Keyboard shortcuts"))
        self._fill()

    def _fill(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        groups: dict[str, QStandardItem] = {}
        for entry in self.entries:
            group = groups.get(entry.group)
            if group is None:
                group = QStandardItem(entry.group)
                font = group.font()
                font.setBold(True)
                group.setFont(font)
                groups[entry.group] = group
                self.model.appendRow([group, QStandardItem("")])
            name = QStandardItem(entry.name)
            name.setToolTip(entry.tip)
            keys = QStandardItem(entry.keys or self.tr("menu: %1").replace("%1", entry.group))
            group.appendRow([name, keys])
        self.view.expandAll()
        self.view.header().resizeSection(0, 400)

    def on_filter_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.view.expandAll()

    def on_view_activated(self, index: object) -> None:
        """Enter on an action runs it (the list doubles as a menu for the keyboard)."""
        source = self.proxy.mapToSource(index)  # type: ignore[arg-type]
        parent = source.parent()
        if not parent.isValid():
            return
        group = self.model.itemFromIndex(parent).text()
        name = self.model.itemFromIndex(source.siblingAtColumn(0)).text()
        entry = next((e for e in self.entries if e.group == group and e.name == name and e.action is not None), None)
        if entry is not None and entry.action is not None and entry.action.isEnabled():
            self.accept()
            entry.action.trigger()
