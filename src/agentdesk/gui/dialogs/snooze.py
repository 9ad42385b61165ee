"""Snooze until a chosen date and time (the Snooze menu's "Choose a time…"): a date-time field with a calendar,
on the agent's clock; a time that has passed is said so under the field, and the dialog stays open."""

from __future__ import annotations

from datetime import datetime, timedelta

from agentdesk.actions.snooze import MAX_DAYS, presets
from agentdesk.gui.dialogs.small import error_line, ok_cancel_frame
from agentdesk.gui.qt import (
    QDateTime,
    QDateTimeEdit,
    QDialog,
    QLabel,
    QWidget,
)


class SnoozeDialog(QDialog):
    """``until()`` gives the chosen moment (aware) once accepted."""

    def __init__(self, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("snooze_dialog")
        now = datetime.now().astimezone()
        self.subject = QLabel(subject, self)
        self.subject.setObjectName("section_title")
        self.subject.setWordWrap(True)
        self.label = QLabel(self)
        self.when = QDateTimeEdit(self)
        self.when.setObjectName("snooze_until")
        self.when.setCalendarPopup(True)
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(presets(now)["tomorrow"].timestamp())))
        self.when.setMaximumDateTime(QDateTime.fromSecsSinceEpoch(int((now + timedelta(days=MAX_DAYS - 1)).timestamp())))
        self.label.setBuddy(self.when)
        self.error = error_line(self, "snooze_error")
        self.buttons = ok_cancel_frame(self, [self.subject, self.label, self.when, self.error],
                                       self.on_buttons_accepted)
        self.when.dateTimeChanged.connect(lambda _moment: self.error.hide())
        self.retranslate_ui()
        self.resize(380, 200)
        self.when.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Snooze until"))
        self.label.setText(self.tr("&Back in My interactions on:"))
        self.when.setAccessibleName(self.tr("Snooze until"))

    def until(self) -> datetime:
        return datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch()).astimezone()

    def on_buttons_accepted(self) -> None:
        if self.until() <= datetime.now().astimezone():
            self.error.setText(self.tr("That time has passed: choose a time to come."))
            self.error.show()
            return
        self.accept()
