"""The status bar: each mailbox's connection and sync progress while the embedded engine ingests from a real
Dovecot, "offline" / "check the settings" when its server is unreachable or refuses, and the database
indicator following the change feed."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.config.mailboxes import MailboxSettings, parse_mailbox
from agentdesk.config.secrets import set_secret
from agentdesk.gui.app import TRANSLATORS, create_application
from agentdesk.gui.live import ChangeFeed
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.statusbar import MailboxIndicator
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow
from tests.support.dovecot import Dovecot, ImapUser, dovecot_fixture, free_port, message  # noqa: F401
from tests.support.factories import Center


def _mailbox(dovecot: Dovecot, *, password: str | None = None, port: int | None = None,
             user: ImapUser | None = None) -> MailboxSettings:
    user = user or dovecot.new_user()
    imap = dovecot.imap_table(user, idle=True, poll_seconds=2)
    if port is not None:
        imap["port"] = port
    set_secret("imap:support", password if password is not None else user.password)
    return parse_mailbox({"name": "support", "address": "support@example.com", "team": "support", "imap": imap})


def _indicator(window: MainWindow) -> MailboxIndicator:
    return window.live.indicators.mailboxes["support"]


def test_indicator_texts(qtbot: QtBot) -> None:
    app = create_application(language="en")
    TRANSLATORS.install(app, "en")  # English numbers: 1,204
    indicator = MailboxIndicator("support")
    qtbot.addWidget(indicator)
    assert indicator.label.text() == "● support: connecting…"
    indicator.set_state("online", "")
    assert indicator.label.text() == "● support" and indicator.label.objectName() == "connection_ok"
    indicator.set_progress(0, 2000)
    assert indicator.label.text() == "● support: syncing 0 / 2,000" and not indicator.progress.isHidden()
    indicator.set_progress(1204, 2000)
    assert (indicator.progress.value(), indicator.progress.maximum()) == (1204, 2000)
    assert indicator.label.text() == "● support: syncing 1,204 / 2,000"
    indicator.set_progress(2000, 2000)
    assert indicator.progress.isHidden() and indicator.label.text() == "● support"
    indicator.set_state("offline", "cannot connect: [Errno 111] Connection refused")
    assert indicator.label.text() == "● support: offline"
    assert indicator.label.objectName() == "connection_offline"
    assert "Connection refused" in indicator.label.toolTip() and "keeps trying" in indicator.label.toolTip()
    indicator.set_state("failed", "login refused")
    assert indicator.label.text() == "● support: check the settings"
    indicator.set_state("sign_in", "mailbox 'support': sign in again: the provider refused the sign-in")
    assert indicator.label.text() == "● support: sign in again"
    assert indicator.label.objectName() == "connection_offline" and "outbox" in indicator.label.toolTip()
    TRANSLATORS.install(app, "ja")
    indicator.retranslate_ui()
    assert indicator.label.text() == "● support: 再サインインが必要"
    TRANSLATORS.install(app, "en")


def test_the_embedded_engine_ingests_and_the_status_bar_follows(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                                dovecot: Dovecot, make_window: MakeWindow) -> None:
    user = dovecot.new_user()
    dovecot.append(user, [message(n, sender="jane@example.org") for n in range(30)])
    mailbox = _mailbox(dovecot, user=user)
    window = make_window()
    progress: list[tuple[int, int]] = []
    window.live.start([mailbox], tick_seconds=0.2)
    assert window.live.engine is not None
    window.live.engine.sig_sync_progressed.connect(lambda _name, done, total: progress.append((done, total)))
    indicator = _indicator(window)
    qtbot.waitUntil(lambda: indicator.state == "online" and indicator.done == 30 and progress[-1:] == [(30, 30)],
                    timeout=30000)
    assert indicator.label.text() == "● support" and indicator.progress.isHidden()
    assert progress and progress[-1] == (30, 30)
    # routing hands sato (capacity 5) their share; the list and a notice follow without a refresh
    qtbot.waitUntil(lambda: window.interactions.model.rowCount() == 5, timeout=30000)
    qtbot.waitUntil(lambda: window.live.indicators.notice_button.isVisible(), timeout=30000)
    assert "new interaction" in window.live.indicators.notice_button.toolTip().lower()
    window.live.stop()
    assert window.live.engine is None


def test_an_unreachable_server_shows_offline_and_a_refused_login_asks_to_check(
        qtbot: QtBot, sqlite_db: Database, center: Center, dovecot: Dovecot, make_window: MakeWindow) -> None:
    window = make_window()
    window.live.start([_mailbox(dovecot, port=free_port())])
    indicator = _indicator(window)
    qtbot.waitUntil(lambda: indicator.state == "offline", timeout=30000)
    assert indicator.label.text() == "● support: offline" and "refused" in indicator.label.toolTip().lower()
    window.live.stop()
    again = make_window()
    again.live.start([_mailbox(dovecot, password="wrong")])
    indicator = _indicator(again)
    qtbot.waitUntil(lambda: indicator.state == "failed", timeout=30000)
    assert indicator.label.text() == "● support: check the settings"
    again.live.stop()


def test_an_unreachable_database_turns_the_indicator_offline(qtbot: QtBot, center: Center,
                                                             make_window: MakeWindow) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)  # the first loads went well
    assert window.connection_label.text() == "● Database connected"
    gone = Database(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/agentdesk")
    feed = ChangeFeed(gone)
    feed.sig_reachable_changed.connect(window.ops.report_connection)
    with qtbot.waitSignal(feed.sig_reachable_changed, timeout=20000) as reached:
        feed.start()
    feed.stop()
    gone.dispose()
    assert reached.args == [False]
    qtbot.waitUntil(lambda: window.connection_label.text() == "● Offline", timeout=10000)
    assert window.connection_label.objectName() == "connection_offline"


def test_a_desktop_behind_the_change_logs_retention_reloads_once_and_says_so(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    """Away longer than the change log is kept (the router pruned past its cursor): the one full reload, shown."""
    from datetime import timedelta

    from agentdesk.routing.changes import prune_change_log
    from tests.gui.conftest import wait_loaded
    from tests.support.factories import inbound

    inbound(sqlite_db, center, owner="sato")
    window = make_window("sato", sqlite_db)
    window.live.start()
    try:
        follower = window.live.feed.follower
        wait_loaded(qtbot, window, 1)
        qtbot.waitUntil(lambda: follower.reads >= 1 and follower.cursor is not None, timeout=20000)
        window.live.feed.stop()  # the laptop sleeps ...
        inbound(sqlite_db, center, owner="sato")
        assert prune_change_log(sqlite_db, retention=timedelta(0)) > 0  # ... longer than the log is kept
        with qtbot.waitSignal(window.live.notifier.sig_notice_shown, timeout=20000) as shown:
            window.live.feed.start()
        assert shown.args is not None and shown.args[0] == "Everything read again"
        wait_loaded(qtbot, window, 2)  # the lists were read again in full
        assert follower.full_reloads == 1 and window.live.full_reloads == 1
        inbound(sqlite_db, center, owner="sato")  # and it carries on from there, with no second reload
        wait_loaded(qtbot, window, 3)
        assert follower.full_reloads == 1
        assert window.live.indicators.notice_button.isVisible()
    finally:
        window.live.stop()


def test_the_lists_follow_the_change_feed_row_by_row(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                     make_window: MakeWindow) -> None:
    """A change reaches My interactions through the feed: the id list is checked and only the changed row is
    fetched again (no timer, no full reload); an action of this desktop comes back the same way."""
    from agentdesk.actions.context import ActionContext
    from agentdesk.actions.notes import set_disposition
    from tests.gui.conftest import wait_loaded
    from tests.support.factories import inbound

    ids = [inbound(sqlite_db, center, owner="sato", subject=f"件名 {n}") for n in range(3)]
    window = make_window("sato", sqlite_db)
    model = window.interactions.model
    fetched: list[list[int]] = []
    fetch = model._fetch_summaries

    def recording(ctx: object, wanted: list[int]) -> object:
        fetched.append(list(wanted))
        return fetch(ctx, wanted)

    model._fetch_summaries = recording
    window.live.start()
    try:
        wait_loaded(qtbot, window, 3)
        qtbot.waitUntil(lambda: window.live.feed.follower.reads >= 1, timeout=20000)
        for row in range(3):
            model.data(model.index(row, 0))
        qtbot.waitUntil(lambda: model.fetched_rows == 3, timeout=20000)
        fetched.clear()
        followed = window.live.followed
        fourth = inbound(sqlite_db, center, owner="sato", subject="件名 新")  # by the router, elsewhere
        wait_loaded(qtbot, window, 4)
        qtbot.waitUntil(lambda: window.live.followed > followed, timeout=20000)
        for row in range(4):
            model.data(model.index(row, 0))
        qtbot.waitUntil(lambda: model.fetched_rows == 4, timeout=20000)
        assert sorted(i for wanted in fetched for i in wanted) == [fourth]  # the new row alone was fetched

        fetched.clear()
        followed = window.live.followed
        set_disposition(ActionContext(sqlite_db, "sato"), ids[1], "resolved")  # a change to one row
        qtbot.waitUntil(lambda: window.live.followed > followed, timeout=20000)
        for row in range(4):
            model.data(model.index(row, 0))
        qtbot.waitUntil(lambda: [i for wanted in fetched for i in wanted] == [ids[1]], timeout=20000)
    finally:
        window.live.stop()
