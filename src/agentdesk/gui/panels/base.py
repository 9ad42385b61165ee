"""What every dock panel shares: its dock's name and default area, a translated title, retranslation."""

from __future__ import annotations

from typing import ClassVar

from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QEvent, QLabel, Qt, QWidget


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
