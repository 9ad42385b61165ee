"""The email view's outbox bar, clicked through the window: taking a reply back inside its undo window, deciding
on an uncertain send with the Sent folder's answer, a refused send's words; My interactions marks them."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.actions import ActionContext
from agentdesk.actions.outbox import outbox_entry
from agentdesk.desk.services import settings_search
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.panels.email.outbox_bar import OutboxBar
from agentdesk.gui.panels.interactions.model import COLUMNS
from agentdesk.gui.qt import QColor, QPushButton, Qt
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, OutboxItem
from agentdesk.routing.types import utcnow
from tests.actions.outbound_support import (
    NO_QA,
    close_undo_window,
    events,
    make_uncertain,
    outbox_item,
    row,
    sent_reply,
    workbin_name,
)
from tests.gui.conftest import MakeWindow
from tests.support.factories import Center, inbound, seed_center


@pytest.fixture
def center(sqlite_db: Database) -> Center:
    return seed_center(sqlite_db, qa_review=NO_QA, undo_send_seconds=90)


def _open(qtbot: QtBot, window: MainWindow, interaction_id: int) -> OutboxBar:
    model = window.interactions.model
    qtbot.waitUntil(lambda: model.row_of(interaction_id) >= 0, timeout=20000)
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        window.interactions.view.selectRow(model.row_of(interaction_id))
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)
    return window.email.outbox_bar


def _state_cell(qtbot: QtBot, window: MainWindow, interaction_id: int) -> tuple[str, QColor | None]:
    model = window.interactions.model
    index = model.index(model.row_of(interaction_id), COLUMNS.index("state"))
    model.data(index)
    qtbot.waitUntil(lambda: model.summary(index.row()) is not None, timeout=20000)
    return model.data(index), model.data(index, Qt.ItemDataRole.ForegroundRole)


def _click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=20000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_take_back_inside_the_undo_window(qtbot: QtBot, sqlite_db: Database, center: Center,
                                          make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    window = make_window()
    bar = _open(qtbot, window, oid)
    qtbot.waitUntil(bar.isVisible, timeout=20000)
    seconds = re.fullmatch(r"Sending in (\d+) s", bar.text.text())
    assert seconds is not None and 0 < int(seconds.group(1)) <= 90
    assert bar.timer.isActive() and bar.property("kind") == "undo"
    assert not bar.was_sent_button.isVisible() and not bar.send_again_button.isVisible()
    _click(qtbot, bar.take_back_button)
    qtbot.waitUntil(lambda: row(sqlite_db, oid).state == "draft", timeout=20000)
    assert outbox_item(sqlite_db, oid).state == "cancelled" and workbin_name(sqlite_db, oid) == "Drafts"
    assert events(sqlite_db, oid)[-1][0] == "send_taken_back"
    qtbot.waitUntil(lambda: oid in window.compose_windows, timeout=20000)  # back in the outbound window
    qtbot.waitUntil(lambda: window.compose_windows[oid].isVisible(), timeout=20000)
    qtbot.waitUntil(lambda: window.email.detail is not None and window.email.detail.state == "draft", timeout=20000)
    qtbot.waitUntil(lambda: not bar.isVisible() and not bar.timer.isActive(), timeout=20000)


def test_the_window_closing_ends_the_countdown(qtbot: QtBot, sqlite_db: Database, center: Center,
                                               make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    window = make_window()
    bar = _open(qtbot, window, oid)
    qtbot.waitUntil(lambda: bar.take_back_button.isVisible(), timeout=20000)
    close_undo_window(sqlite_db, oid)
    assert bar.entry is not None
    bar.entry = dataclasses.replace(bar.entry, not_before=utcnow() - timedelta(seconds=1))
    bar.on_timer_timeout()  # the last tick: what does the outbox say now?
    qtbot.waitUntil(lambda: bar.text.text() == "Sending…", timeout=20000)
    assert not bar.take_back_button.isVisible() and not bar.timer.isActive()
    assert row(sqlite_db, oid).state == "outbox"


def test_take_back_refused_once_the_window_has_closed(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                      make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    window = make_window()
    bar = _open(qtbot, window, oid)
    qtbot.waitUntil(lambda: bar.take_back_button.isVisible(), timeout=20000)
    close_undo_window(sqlite_db, oid)  # the bar has not noticed yet
    with qtbot.waitSignal(window.ops.sig_refusal_shown, timeout=20000) as refused:
        _click(qtbot, bar.take_back_button)
    assert "undo window has closed" in refused.args[0]
    assert window.ops.last_refusal is not None
    window.ops.last_refusal.button(window.ops.last_refusal.StandardButton.Ok).click()
    assert row(sqlite_db, oid).state == "outbox" and outbox_item(sqlite_db, oid).state == "queued"
    qtbot.waitUntil(lambda: not bar.take_back_button.isVisible(), timeout=20000)
    assert oid not in window.compose_windows


def test_uncertain_it_was_sent(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    make_uncertain(sqlite_db, oid, found_in_sent=False)
    message_id = outbox_item(sqlite_db, oid).message_id
    asked: list[tuple[str | None, str]] = []

    def search(mailbox: str | None, mid: str) -> bool:
        asked.append((mailbox, mid))
        return True

    window = make_window()
    window.email.outbox_bar.sent_search = search
    bar = _open(qtbot, window, oid)
    text, colour = _state_cell(qtbot, window, oid)
    assert text == "Sent?" and colour == QColor("#b45309")
    # the email's own header says the same as the list, not "Sending"
    assert window.email.state_value.text() == "Sent?" and "decide whether it was sent" in \
        window.email.state_value.toolTip()
    qtbot.waitUntil(lambda: bar.check is not None and not bar.searching, timeout=20000)
    assert asked == [("support", message_id)]
    shown = bar.text.text()
    assert "may or may not have it" in shown
    assert "Sent folder when it happened: not found" in shown
    assert "Sent folder of mailbox support now: found there (it was sent)" in shown
    assert bar.property("kind") == "uncertain" and not bar.take_back_button.isVisible()
    _click(qtbot, bar.was_sent_button)
    qtbot.waitUntil(lambda: row(sqlite_db, oid).state == "sent", timeout=20000)
    assert outbox_item(sqlite_db, oid).state == "sent"
    event, detail = events(sqlite_db, oid)[-1]
    assert event == "sent" and detail["decided"] is True
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=20000)


def test_uncertain_send_again_when_the_folder_cannot_be_searched(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    make_uncertain(sqlite_db, oid, found_in_sent=None)

    def search(_mailbox: str | None, _mid: str) -> bool:
        raise OSError("connection refused")

    window = make_window()
    window.email.outbox_bar.sent_search = search
    bar = _open(qtbot, window, oid)
    qtbot.waitUntil(lambda: bar.check is not None and not bar.searching, timeout=20000)
    assert "Sent folder when it happened: not searched" in bar.text.text()
    assert "now: could not be searched: connection refused" in bar.text.text()
    window.email.outbox_bar.sent_search = lambda _m, _i: False
    _click(qtbot, bar.search_button)  # search again
    qtbot.waitUntil(lambda: "support now: not found" in bar.text.text(), timeout=20000)
    _click(qtbot, bar.send_again_button)
    qtbot.waitUntil(lambda: outbox_item(sqlite_db, oid).state == "queued", timeout=20000)
    assert row(sqlite_db, oid).state == "outbox"
    assert events(sqlite_db, oid)[-1][0] == "resend"
    qtbot.waitUntil(lambda: not bar.was_sent_button.isVisible(), timeout=20000)


def test_uncertain_where_the_server_cannot_tell_offers_no_search(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    make_uncertain(sqlite_db, oid, found_in_sent=None, sent_folder="agentdesk")
    asked: list[str] = []
    window = make_window()
    window.email.outbox_bar.sent_search = lambda _m, mid: bool(asked.append(mid))
    bar = _open(qtbot, window, oid)
    qtbot.waitUntil(lambda: bar.was_sent_button.isVisible(), timeout=20000)
    assert "the server cannot tell whether it took it" in bar.text.text()
    assert "Sent folder when it happened" not in bar.text.text()
    assert not bar.search_button.isVisible() and asked == [] and bar.check is None
    assert bar.send_again_button.isVisible()


def test_uncertain_decided_by_a_server_filled_sent_folder_says_when(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    make_uncertain(sqlite_db, oid, found_in_sent=None, sent_folder="server")
    window = make_window()
    window.email.outbox_bar.sent_search = lambda _m, _i: False
    bar = _open(qtbot, window, oid)
    qtbot.waitUntil(lambda: bar.check is not None and not bar.searching, timeout=20000)
    assert "agentdesk looks there at" in bar.text.text() and "sends it again only if it is not there" in \
        bar.text.text()
    assert "support now: not found" in bar.text.text()
    assert bar.search_button.isVisible()


def test_a_refused_send_shows_the_servers_words(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    words = "550 5.1.1 <jane@example.org>: mailbox unknown"
    with sqlite_db.write() as s:
        item = s.query(OutboxItem).filter_by(interaction_id=oid).one()
        item.state, item.last_error = "failed", words
        interaction = s.get(Interaction, oid)
        assert interaction is not None
        interaction.state = "failed"
    window = make_window()
    bar = _open(qtbot, window, oid)
    qtbot.waitUntil(bar.isVisible, timeout=20000)
    assert bar.text.text() == f"The server refused this message: {words}"
    assert bar.property("kind") == "failed"
    assert not any(b.isVisible() for b in (bar.take_back_button, bar.was_sent_button, bar.send_again_button))
    assert _state_cell(qtbot, window, oid) == ("Failed", QColor("#c62828"))


def test_a_sent_copy_not_filed_shows_the_imap_servers_words(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                             make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    words = "sent, but filing a copy in the Sent folder failed: NO [OVERQUOTA] Quota exceeded"
    with sqlite_db.write() as s:
        item = s.query(OutboxItem).filter_by(interaction_id=oid).one()
        item.state, item.sent_copy, item.sent_copy_error = "sent", "pending", words
        interaction = s.get(Interaction, oid)
        assert interaction is not None
        interaction.state = "sent"
    window = make_window()
    bar = window.email.outbox_bar  # a sent reply is not in My interactions: shown as the email view shows it
    bar.interaction_id = oid
    bar._on_entry(oid, outbox_entry(ActionContext(sqlite_db, "sato"), oid))
    assert not bar.isHidden()
    assert bar.text.text().startswith("Sent. Its copy could not be filed in the Sent folder yet")
    assert "OVERQUOTA" in bar.text.text() and bar.property("kind") == "waiting"
    assert all(b.isHidden() for b in (bar.take_back_button, bar.was_sent_button, bar.send_again_button,
                                      bar.search_button))


def test_an_inbound_email_has_no_bar(qtbot: QtBot, sqlite_db: Database, center: Center,
                                     make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    bar = _open(qtbot, window, iid)
    assert not bar.isVisible() and bar.entry is None


def test_the_settings_search_says_when_the_mailbox_is_not_configured(tmp_path: Path) -> None:
    config = tmp_path / "agentdesk.toml"
    config.write_text('[user]\nlogin = "sato"\n', encoding="utf-8")
    search = settings_search(config)
    with pytest.raises(LookupError, match="mailbox 'support' is not in this desktop's settings"):
        search("support", "<x@example.com>")


def test_a_reply_waiting_for_a_sign_in_says_so_not_failed(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                          make_window: MakeWindow) -> None:
    oid = sent_reply(sqlite_db, center)
    with sqlite_db.write() as s:  # as the sender leaves it when the provider refused the mailbox's sign-in
        item = s.query(OutboxItem).filter_by(interaction_id=oid).one()
        item.attempts, item.not_before = 1, utcnow() + timedelta(minutes=2)
        item.last_error = ("SMTP server smtp.example.com:587: mailbox 'support': sign in again: the provider "
                           "refused the sign-in (invalid_grant)")
    window = make_window()
    bar = _open(qtbot, window, oid)
    qtbot.waitUntil(bar.isVisible, timeout=20000)
    assert bar.property("kind") == "waiting"
    assert bar.text.text().startswith("Waiting for mailbox support to be signed in again: this reply is kept")
    assert not bar.send_again_button.isVisible()
