"""Tags of the open interaction: untick one to remove it, type new ones (commas between them), the team's tags
offered as you type. The result is one ``actions.tags.change_tags`` call."""

from __future__ import annotations

from collections.abc import Sequence

from agentdesk.actions.errors import InvalidInput
from agentdesk.actions.tags import split_tags
from agentdesk.gui.dialogs.small import error_line, ok_cancel_frame
from agentdesk.gui.qt import (
    QCompleter,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    Qt,
    QWidget,
)


class TagsDialog(QDialog):
    """``added()`` and ``removed()`` give the change once accepted."""

    def __init__(self, subject: str, current: Sequence[str], in_use: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tags_dialog")
        self._current = tuple(current)
        self._added: tuple[str, ...] = ()
        self.subject = QLabel(subject, self)
        self.subject.setObjectName("section_title")
        self.subject.setWordWrap(True)
        self.current_label = QLabel(self)
        self.current = QListWidget(self)
        self.current.setObjectName("current_tags")
        for tag in self._current:
            item = QListWidgetItem(f"#{tag}", self.current)
            item.setData(Qt.ItemDataRole.UserRole, tag)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.current.setVisible(bool(self._current))
        self.current.setMaximumHeight(140)
        self.none_label = QLabel(self)
        self.none_label.setProperty("muted", True)
        self.none_label.setVisible(not self._current)
        self.add_label = QLabel(self)
        self.add = QLineEdit(self)
        self.add.setObjectName("add_tags")
        self.add.setClearButtonEnabled(True)
        completer = QCompleter([t for t in in_use if t not in self._current], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.add.setCompleter(completer)
        self.add_label.setBuddy(self.add)
        self.error = error_line(self, "tags_error")
        self.buttons = ok_cancel_frame(self, [self.subject, self.current_label, self.current, self.none_label,
                                              self.add_label, self.add, self.error], self.on_buttons_accepted)
        self.add.textChanged.connect(lambda _text: self.error.hide())
        self.retranslate_ui()
        self.resize(420, 320)
        self.add.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Tags"))
        self.current_label.setText(self.tr("Tags on this interaction (untick to remove):"))
        self.none_label.setText(self.tr("No tags yet."))
        self.add_label.setText(self.tr("&Add tags:"))
        self.add.setPlaceholderText(self.tr("e.g. vip, billing — commas between tags"))
        self.add.setAccessibleName(self.tr("Tags to add"))

    def on_buttons_accepted(self) -> None:
        """Check the typed tags here: a bad one is named under the field and the dialog stays open."""
        try:
            self._added = split_tags(self.add.text())
        except InvalidInput as exc:
            self.error.setText(self.tr("Not a tag: %1").replace("%1", str(exc)))
            self.error.show()
            self.add.setFocus()
            return
        self.accept()

    def added(self) -> tuple[str, ...]:
        """The typed tags the interaction does not carry yet."""
        return tuple(t for t in self._added if t not in self._current)

    def removed(self) -> tuple[str, ...]:
        """The unticked tags (one typed again is kept)."""
        out = []
        for row in range(self.current.count()):
            item = self.current.item(row)
            tag = str(item.data(Qt.ItemDataRole.UserRole))
            if item.checkState() != Qt.CheckState.Checked and tag not in self._added:
                out.append(tag)
        return tuple(out)
