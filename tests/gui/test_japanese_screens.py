"""The Japanese UI, screen by screen (issue 14 item 2): the QA status in the case data is in Japanese (not
"pending"/"approved"), the history's "Received" event reads as an event (受信), and people are shown by their
names, not their logins (history, consultation, transfer offers)."""

from __future__ import annotations

from types import SimpleNamespace

from pytestqt.qtbot import QtBot

from agentdesk.actions import consult, outbound, review, transfer
from agentdesk.actions.context import ActionContext
from agentdesk.gui.dialogs.preferences import apply_language
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import QApplication
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.gui.test_actions import _open
from tests.support.factories import Center, inbound


def _japanese(qtbot: QtBot, window: MainWindow) -> None:
    apply_language(window.session, "ja")
    qtbot.waitUntil(lambda: window.docks["interactions"].windowTitle() == "マイ インタラクション", timeout=10000)


def _case_values(window: MainWindow) -> dict[str, str]:
    model = window.casedata.model
    return {str(model.data(model.index(r, 0))): str(model.data(model.index(r, 1))) for r in range(model.rowCount())}


def test_the_qa_status_in_the_case_data_is_translated(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                      make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    sato = ActionContext(sqlite_db, "sato")
    draft = outbound.reply(sato, iid, text="Your parcel left today.")
    outbound.send(sato, draft)
    window = make_window()
    wait_loaded(qtbot, window, 2)
    _open(qtbot, window, iid)
    assert _case_values(window) == {"QA review": "Waiting for review"}
    _japanese(qtbot, window)
    qtbot.waitUntil(lambda: _case_values(window) == {"QA 検査": "検査待ち"}, timeout=10000)
    review.reject(ActionContext(sqlite_db, "tanaka"), draft, "丁寧に")
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        window.email.open_interaction(iid)
    qtbot.waitUntil(lambda: _case_values(window) == {"QA 検査": "不合格: 丁寧に"}, timeout=10000)
    _english(window)


def _english(window: MainWindow) -> None:
    apply_language(window.session, "en")
    assert QApplication.instance() is not None


def test_history_says_received_and_names_people(qtbot: QtBot, sqlite_db: Database, center: Center,
                                               make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    sato = ActionContext(sqlite_db, "sato")
    consult.start_consultation(sato, iid, "suzuki", "この件、分かりますか？")
    window = make_window()
    _open(qtbot, window, iid)
    _japanese(qtbot, window)
    assert window.history.event_label(SimpleNamespace(event="received")) == "受信"
    assert window.history.events.headerData(0, 1) != "受信"  # the column headers keep their own words
    events = window.history.events
    qtbot.waitUntil(lambda: events.rowCount() > 0, timeout=20000)
    who = {str(events.data(events.index(r, 1))) for r in range(events.rowCount())}
    assert "佐藤 花子" in who and "sato" not in who
    qtbot.waitUntil(lambda: "佐藤 花子" in window.consultation.view.toPlainText(), timeout=20000)
    assert "sato ·" not in window.consultation.view.toPlainText()
    _english(window)


def test_a_transfer_offer_names_who_made_it(qtbot: QtBot, sqlite_db: Database, center: Center,
                                            make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    transfer.transfer(ActionContext(sqlite_db, "sato"), iid, to_login="suzuki")
    window = make_window("suzuki")
    offers = window.interactions.offers
    qtbot.waitUntil(offers.isVisible, timeout=20000)
    text = " ".join(label.text() for label in offers.findChildren(type(window.user_label)))
    assert "佐藤 花子" in text and "sato" not in text
