"""What every dock panel shares (its dock's name and default area, a translated title, retranslation) and the
keyboard's Tab order helpers the main window and its dialogs use."""

from __future__ import annotations

import itertools
from typing import ClassVar

from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QAbstractItemView,
    QDockWidget,
    QEvent,
    QLabel,
    QPlainTextEdit,
    Qt,
    QTabBar,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QWidget,
)


class Panel(QWidget):
    """A dock's content. Subclasses set ``NAME`` and implement :meth:`title` and :meth:`retranslate_ui`.

    Panels never talk to each other: they emit ``sig_*`` signals and offer ``on_*`` slots, and the main window
    connects them in one place.
    """

    NAME: ClassVar[str] = ""
    AREA: ClassVar[Qt.DockWidgetArea] = Qt.DockWidgetArea.LeftDockWidgetArea

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName(f"panel_{self.NAME}")

    def first_control(self) -> QWidget | None:
        """The first control Tab reaches in this panel (visible, enabled, focusable by Tab), if any."""
        return next((w for w in tab_stops(self) if w.isVisible() and w.isEnabled()), None)

    def title(self) -> str:
        """The dock's title, translated: each panel gives its own (the panel's name is the fallback)."""
        return self.NAME

    def retranslate_ui(self) -> None:
        """Set every user-visible text (called at construction and on a language change)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def hint_label(parent: QWidget) -> QLabel:
    """A muted, centred, word-wrapped label for "nothing to show" states."""
    label = QLabel(parent)
    label.setObjectName("panel_hint")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def offline_hint_label(parent: QWidget) -> QLabel:
    """The amber line a panel shows above what it read from the local cache while the database is away
    (hidden until then)."""
    label = QLabel(parent)
    label.setObjectName("offline_hint")
    label.setWordWrap(True)
    label.hide()
    return label


def tab_moves_on(root: QWidget) -> None:
    """Let Tab leave every list and editor under ``root`` instead of moving between cells or typing a tab
    (Ctrl+Tab still does that in an editor; arrow keys move between cells): the full Tab order of issue 4."""
    for bar in root.findChildren(QTabBar):  # its scroll arrows: the arrow keys already move between tabs
        for arrow in bar.findChildren(QToolButton):
            arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
    for plain in root.findChildren(QPlainTextEdit):
        plain.setTabChangesFocus(True)
    for rich in root.findChildren(QTextEdit):
        if not isinstance(rich, QTextBrowser):  # a browser's Tab goes from link to link, then on
            rich.setTabChangesFocus(True)


def takes_tab(widget: QWidget) -> bool:
    """Whether Tab can stop at ``widget`` at all (its policy; no focus proxy standing in for it)."""
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def tab_stops(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` that Tab can stop at, in focus-chain order (shown or not)."""
    stops: list[QWidget] = []
    top = root.window()  # from the window: a widget itself is not always in the ring its children are in
    widget: QWidget | None = top.nextInFocusChain()
    for _ in range(10_000):  # the chain is a ring through the whole window; bounded all the same
        if widget is None or widget is top:
            break
        if root.isAncestorOf(widget) and takes_tab(widget):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def chain_tabs(widgets: list[QWidget]) -> None:
    """Make Tab go through ``widgets`` in this order (each right after the one before)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def next_tab_stop(window: QWidget, current: QWidget, forward: bool) -> QWidget | None:
    """Where Tab (``forward``) or Shift+Tab goes from ``current`` in ``window``: the focus chain's next control
    that is shown, enabled and on screen. Qt's own walk also stops in a dock tabbed away behind another (it is
    moved off the window, not hidden); this one skips those."""
    widget = current
    for _ in range(10_000):  # the chain is a ring; bounded all the same
        step = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
        if step is None or step is current:
            return None
        widget = step
        if widget.window() is window and takes_tab(widget) and widget.isVisibleTo(window) and widget.isEnabled() \
                and not _tabbed_away(widget):
            return widget
    return None


def _tabbed_away(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return parent is not None and not parent.isFloating() and parent.visibleRegion().isEmpty()
