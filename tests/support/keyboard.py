"""Keyboard walks for GUI tests: press Tab through a window and check what it reaches.

``tab_cycle`` presses Tab from a control until the focus comes back to it (failing when it gets stuck, lands
on a widget that cannot be seen, or never comes back); ``check_group`` checks that one group of controls (a
dock panel, a wizard page) is reached as a block, each control once, in reading order, and that each has a
name for a screen reader.
"""

from __future__ import annotations

import itertools

from pytestqt.qtbot import QtBot

from agentdesk.gui.panels.base import tab_stops
from agentdesk.gui.qt import (
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    Qt,
    QTabBar,
    QToolButton,
    QWidget,
)

#: more Tab presses than any window of agentdesk has controls
LIMIT = 200


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    return f"{widget.metaObject().className()} {widget.objectName()!r} ({accessible_name(widget)!r})"


def on_screen(widget: QWidget) -> bool:
    """Shown, and some of it inside its window (a dock tabbed away is moved off it, not hidden)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def tab_cycle(qtbot: QtBot, start: QWidget, *, backwards: bool = False) -> list[QWidget]:
    """Focus ``start``, press Tab (Shift+Tab) until the focus is back on it; the controls reached in between."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=5000)
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    reached: list[QWidget] = []
    for _ in range(LIMIT):
        before = QApplication.focusWidget()
        assert before is not None
        qtbot.keyClick(before, key)
        now = QApplication.focusWidget()
        assert now is not None and now is not before, f"Tab is stuck on {describe(before)}"
        assert on_screen(now), f"Tab went from {describe(before)} to {describe(now)}, which cannot be seen"
        assert now.isEnabled(), f"Tab went to the disabled {describe(now)}"
        if now is start:
            return reached
        reached.append(now)
    raise AssertionError(f"Tab never came back to {describe(start)}: {[describe(w) for w in reached[:40]]}")


def reachable(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` that Tab should reach now: shown, enabled, on screen."""
    return [w for w in tab_stops(root) if on_screen(w) and w.isEnabled()]


def accessible_name(widget: QWidget) -> str:
    """What a screen reader calls the control: its accessible name, a label naming it as its buddy, or (buttons,
    tabs) its text."""
    if widget.accessibleName():
        return widget.accessibleName()
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.isVisible() and label.text():
            return label.text()
    if isinstance(widget, QPushButton | QToolButton | QCheckBox | QRadioButton):
        return widget.text().replace("&", "")
    if isinstance(widget, QTabBar) and widget.count():
        return widget.tabText(widget.currentIndex()).replace("&", "")
    return ""


def _before_in_reading_order(a: QWidget, b: QWidget, root: QWidget) -> bool:
    """Whether ``b`` may follow ``a``: not wholly above it (unless it starts a column to its right), and not
    wholly left of it on the same row."""
    ra = a.rect().translated(a.mapTo(root, a.rect().topLeft()))
    rb = b.rect().translated(b.mapTo(root, b.rect().topLeft()))
    if rb.bottom() < ra.top():
        return rb.left() > ra.right()
    same_row = rb.top() <= ra.bottom() and ra.top() <= rb.bottom()
    return not (same_row and rb.right() < ra.left())


def check_group(cycle: list[QWidget], start: QWidget, root: QWidget, what: str) -> list[QWidget]:
    """``root``'s controls in the Tab ``cycle`` (which began at ``start``): all reached, once, as one block, in
    reading order, each named. Returns them in Tab order."""
    expected = reachable(root)
    assert expected, f"{what}: nothing to reach"
    ring = [start, *cycle]
    inside = [root.isAncestorOf(w) or w is root for w in ring]
    first = inside.index(True)
    block: list[QWidget] = []
    for widget, is_in in zip(ring[first:], inside[first:], strict=True):
        if not is_in:
            break
        block.append(widget)
    stray = [describe(w) for w, is_in in zip(ring, inside, strict=True) if is_in and w not in block]
    assert not stray, f"{what}: Tab leaves and comes back later to {stray}"
    names = [describe(w) for w in block]
    assert len(set(block)) == len(block), f"{what}: reached twice in one cycle: {names}"
    missed = [describe(w) for w in expected if w not in block]
    assert not missed, f"{what}: Tab never reaches {missed} (reached {names})"
    extra = [describe(w) for w in block if w not in expected]
    assert not extra, f"{what}: Tab reaches {extra}, which should not take it"
    for a, b in itertools.pairwise(block):
        assert _before_in_reading_order(a, b, root), \
            f"{what}: Tab goes back up or left from {describe(a)} to {describe(b)}"
    unnamed = [describe(w) for w in block if not accessible_name(w)]
    assert not unnamed, f"{what}: no accessible name or label for {unnamed}"
    return block
