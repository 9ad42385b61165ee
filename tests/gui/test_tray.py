"""Desktop notifications: new interactions assigned to me and review results reach the agent while the window
is open (the change feed wakes a look; the tray when there is one, else the status bar), and the lists follow."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.actions import outbound, review
from agentdesk.actions.context import ActionContext
from agentdesk.desk.notices import look
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import QSystemTrayIcon, Qt
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.support.factories import Center, inbound


def _live(qtbot: QtBot, window: MainWindow) -> None:
    """Start the live updates and wait for the baseline look."""
    window.live.start()
    qtbot.waitUntil(lambda: window.live.updates.snapshot is not None, timeout=20000)


def _notice(window: MainWindow) -> str:
    button = window.live.indicators.notice_button
    return button.toolTip() if button.isVisible() else ""


def test_a_new_interaction_raises_a_notice_and_the_list_follows(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                                make_window: MakeWindow) -> None:
    inbound(sqlite_db, center, subject="Old one")
    window = make_window()
    wait_loaded(qtbot, window, 1)
    _live(qtbot, window)
    assert not window.live.indicators.notice_button.isVisible()  # the baseline announces nothing
    new = inbound(sqlite_db, center, subject="Where is my parcel?")
    qtbot.waitUntil(lambda: "Where is my parcel?" in _notice(window), timeout=20000)
    assert _notice(window) == "New interaction: “Where is my parcel?” from Jane Doe"
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: the status bar carries the notice
    assert not window.live.notifier.uses_tray
    assert window.live.indicators.notice_button.text().startswith("New interaction: “Where is my parcel?”")
    qtbot.waitUntil(lambda: window.interactions.model.rowCount() == 2, timeout=20000)  # no refresh was asked for
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        qtbot.mouseClick(window.live.indicators.notice_button, Qt.MouseButton.LeftButton)
    assert window.email.interaction_id == new
    assert not window.live.indicators.notice_button.isVisible()


def test_several_new_interactions_make_one_notice(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                  make_window: MakeWindow) -> None:
    window = make_window()
    _live(qtbot, window)
    window.live.updates.stop()  # hold the look until all five are in
    for n in range(5):
        inbound(sqlite_db, center, subject=f"Question {n}")
    window.live.updates.look_now()
    qtbot.waitUntil(lambda: bool(_notice(window)), timeout=20000)
    assert _notice(window).startswith("5 new interactions: “Question 4”, “Question 3”, “Question 2”")


def test_a_rejected_reply_tells_its_author(qtbot: QtBot, sqlite_db: Database, center: Center,
                                           make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    sato = ActionContext(sqlite_db, "sato")
    draft = outbound.reply(sato, iid, text="Your parcel left our warehouse today.")
    assert outbound.send(sato, draft) == "review"
    window = make_window("sato")
    _live(qtbot, window)
    review.reject(ActionContext(sqlite_db, "tanaka"), draft, "Please give the tracking number.")
    qtbot.waitUntil(lambda: "Reply rejected" in _notice(window), timeout=20000)
    assert "Please give the tracking number." in _notice(window)


def test_an_approved_reply_tells_its_author_and_leads_hear_of_waiting_replies(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    lead = make_window("tanaka")
    _live(qtbot, lead)
    sato = ActionContext(sqlite_db, "sato")
    draft = outbound.reply(sato, iid, text="Your parcel left our warehouse today.")
    assert outbound.send(sato, draft) == "review"
    qtbot.waitUntil(lambda: "Waiting for your review" in _notice(lead), timeout=20000)
    assert _notice(lead) == "Waiting for your review: 1 more replies of your team wait in the approval panel."
    before = look(sato, False, None).snapshot
    review.approve(ActionContext(sqlite_db, "tanaka"), draft)
    news = look(sato, False, before)
    assert [(d.interaction_id, d.decision) for d in news.decided] == [(draft, "approved")]


def test_on_postgresql_the_notice_comes_by_listen_notify(qtbot: QtBot, pg_db: Database,
                                                         make_window: MakeWindow) -> None:
    from agentdesk.routing.assign import assign_queued
    from tests.support.factories import seed_center

    center = seed_center(pg_db)
    window = make_window("sato", db=pg_db)
    _live(qtbot, window)
    for n in range(3):
        inbound(pg_db, center, subject=f"Queued {n}", owner=None)
    assert window.live.updates.snapshot is not None and not window.live.updates.snapshot.mine
    assigned = assign_queued(pg_db)  # the router's claim sends NOTIFY agentdesk_changes
    mine = [iid for iid, user_id in assigned if user_id == center.users["sato"]]
    assert mine
    qtbot.waitUntil(lambda: "new interaction" in _notice(window).lower(), timeout=20000)
    qtbot.waitUntil(lambda: window.interactions.model.rowCount() == len(mine), timeout=20000)
