"""Ctrl+F: find any interaction the user may see — by subject, contact, sender, words of the body or its id —
and open it. The same finder feeds the command palette, which lists matching interactions below commands.

The search runs on the worker through :func:`agentdesk.desk.search.find_interactions` (online the routing
database, offline the local cache, said in the hint line); typing waits a moment before searching, and only
the newest answer is shown.
"""

from __future__ import annotations

from typing import Any

from agentdesk.desk.search import Found, find_interactions
from agentdesk.gui import display
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QCoreApplication,
    QDialog,
    QEvent,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

# how long typing pauses before a search runs (ms)
DEBOUNCE_MS = 250
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 10


class InteractionFinder(QObject):
    """Runs searches on the worker, newest wins."""

    sig_found = Signal(object)
    """A search answered (a :class:`~agentdesk.desk.search.Found`)."""

    def __init__(self, ops: Ops, cache: Any | None, parent: QObject | None = None, *, limit: int = 30) -> None:
        super().__init__(parent)
        self._ops = ops
        self.cache = cache
        self._limit = limit
        self._text = ""
        self._asked = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)

    def search(self, text: str) -> None:
        """Search for ``text`` once typing pauses."""
        self._text = text
        self._timer.start()

    def waiting(self) -> bool:
        """Typing has not paused yet: a search is due."""
        return self._timer.isActive()

    def search_now(self) -> None:
        self._timer.stop()
        self._asked += 1
        asked, text = self._asked, self._text
        if not text.strip():
            self.sig_found.emit(Found(text, ()))
            return
        ctx = self._ops.ctx
        self._ops.call(find_interactions, ctx, self.cache, text, limit=self._limit, owner=self,
                       on_done=lambda found: self._on_done(asked, found))

    def _on_done(self, asked: int, found: Found) -> None:
        if asked == self._asked:
            if found.offline:
                self._ops.report_connection(False)
            self.sig_found.emit(found)


def hit_text(hit: Any) -> str:
    """One result line: subject, then who, state and when."""
    subject = hit.subject or QCoreApplication.translate("SearchDialog", "(no subject)")
    parts = [p for p in (hit.sender, display.state_label(hit.state), display.when(hit.received_at)) if p]
    return f"#{hit.interaction_id}  {subject}\n{'  ·  '.join(parts)}"


class SearchDialog(QDialog):
    """Type, see the matching interactions, Enter opens the chosen one."""

    sig_interaction_requested = Signal(int)
    """The user chose a result (the interaction's id)."""

    def __init__(self, finder: InteractionFinder, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("interaction_search")
        self.finder = finder
        self._open_first = False
        self.input = QLineEdit(self)
        self.input.setObjectName("search_input")
        self.input.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("search_results")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("search_hint")
        self.hint.setProperty("muted", True)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.input)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self.input.textChanged.connect(self.on_input_text_changed)
        self.input.returnPressed.connect(self.on_input_return_pressed)
        self.results.itemActivated.connect(self.on_results_item_activated)
        finder.sig_found.connect(self.on_finder_found)
        self.input.installEventFilter(self)
        self.resize(620, 420)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Search interactions"))
        self.input.setPlaceholderText(self.tr("Search interactions: subject, contact, words, #id…"))
        self.input.setAccessibleName(self.tr("Search interactions"))
        self.results.setAccessibleName(self.tr("Interactions found"))
        self._show_hint(None)

    def open_centered(self, text: str = "") -> None:
        parent = self.parentWidget()
        if parent is not None:
            centre = parent.mapToGlobal(parent.rect().center())
            self.move(centre.x() - self.width() // 2, parent.mapToGlobal(parent.rect().topLeft()).y() + 80)
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus()
        if text:
            self.input.setText(text)
        self.input.selectAll()

    def on_input_text_changed(self, text: str) -> None:
        self.hint.setText(self.tr("Searching…") if text.strip() else "")
        self.finder.search(text)

    def on_finder_found(self, found: Found) -> None:
        if found.query.strip() != self.input.text().strip():
            return
        self.results.clear()
        for hit in found.hits:
            item = QListWidgetItem(hit_text(hit))
            item.setData(ID_ROLE, int(hit.interaction_id))
            item.setToolTip(hit.snippet or hit.subject)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._show_hint(found)
        open_first, self._open_first = self._open_first, False
        if open_first and self.results.count():
            self.on_results_item_activated(self.results.item(0))

    def _show_hint(self, found: Found | None) -> None:
        if found is None or not found.query.strip():
            self.hint.setText(self.tr("↑↓ to choose, Enter to open, Esc to close"))
            return
        if found.error:
            text = self.tr("Cannot search for this: %1").replace("%1", found.error)
        elif not found.hits:
            text = self.tr("No interaction matches.")
        else:
            text = self.tr("Found: %1 — Enter opens the chosen one").replace("%1", str(len(found.hits)))
        if found.offline:
            text += "  " + self.tr("(offline: only the copy on this computer was searched)")
        self.hint.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                self.results.setCurrentRow((self.results.currentRow() + step) % self.results.count())
                return True
        return super().eventFilter(watched, event)

    def on_input_return_pressed(self) -> None:
        if self.finder.waiting():  # Enter before the pause: search now and open the first hit
            self._open_first = True
            self.finder.search_now()
            return
        item = self.results.currentItem()
        if item is not None:
            self.on_results_item_activated(item)

    def on_results_item_activated(self, item: QListWidgetItem) -> None:
        self.hide()
        self.sig_interaction_requested.emit(int(item.data(ID_ROLE)))
