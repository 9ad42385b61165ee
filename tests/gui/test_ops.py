"""Background operations: results on the GUI thread; refusals, an unreachable database and bugs shown calmly."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidState
from agentdesk.gui.ops import Ops
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow
from tests.support.factories import Center


def test_result_arrives_on_the_gui_thread(qtbot: QtBot, sqlite_db: Database) -> None:
    ops = Ops(ActionContext(sqlite_db, "sato"))
    seen: list[tuple[str, bool]] = []

    def work(ctx: ActionContext, value: int) -> int:
        seen.append(("worker", threading.current_thread() is threading.main_thread()))
        return value * 2

    results: list[int] = []
    ops.run(work, 21, on_done=results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=10000)
    assert seen == [("worker", False)]
    assert ops.pending == 0


def test_a_refusal_is_a_status_message_not_a_traceback(qtbot: QtBot, center: Center,
                                                        make_window: MakeWindow) -> None:
    window = make_window()

    def refuse(ctx: ActionContext) -> None:
        raise InvalidState("interaction 7 is done; its disposition can no longer change")

    with qtbot.waitSignal(window.ops.sig_status_message, timeout=10000) as shown:
        window.ops.run(refuse)
    assert shown.args[0] == "Not possible now: interaction 7 is done; its disposition can no longer change"
    assert "can no longer change" in window.statusBar().currentMessage()


def test_a_bug_is_logged_and_shown_as_a_generic_message(qtbot: QtBot, center: Center, make_window: MakeWindow,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    window = make_window()

    def broken(ctx: ActionContext) -> None:
        raise KeyError("internal detail")

    with qtbot.waitSignal(window.ops.sig_status_message, timeout=10000) as shown:
        window.ops.run(broken)
    assert "internal detail" not in shown.args[0] and "log" in shown.args[0]
    assert any("internal detail" in (r.exc_text or "") or r.exc_info for r in caplog.records)


def test_an_unreachable_database_shows_offline(qtbot: QtBot, center: Center, make_window: MakeWindow) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.ops.online is True, timeout=10000)
    assert "connected" in window.connection_label.text()
    # the panels' first loads succeed and say "online": let them finish before the failure is provoked
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)
    nowhere = Database("postgresql+psycopg://agentdesk@127.0.0.1:9/nowhere", connect_args={"connect_timeout": 2})
    try:
        with qtbot.waitSignal(window.ops.sig_connection_changed, timeout=20000) as changed:
            window.ops.run(lambda ctx: ActionContext(nowhere, "sato").read().__enter__())
        assert changed.args == [False]
        assert "Offline" in window.connection_label.text()
        assert window.connection_label.objectName() == "connection_offline"
        # offline, the panels read the local cache: those reads succeed, but say nothing of the database
        done: list[object] = []
        window.ops.call(lambda: "from the cache", on_done=done.append)
        window.ops.call(lambda: (_ for _ in ()).throw(InvalidState("refused by the cache's own checks")),
                        on_error=lambda _e: False)
        qtbot.waitUntil(lambda: done == ["from the cache"] and window.ops.pending == 0, timeout=10000)
        assert window.ops.online is False and "Offline" in window.connection_label.text()
        with qtbot.waitSignal(window.ops.sig_connection_changed, timeout=20000) as changed:
            window.ops.run(lambda ctx: None)  # an action that reached the database: it is back
        assert changed.args == [True] and "connected" in window.connection_label.text()
    finally:
        nowhere.dispose()
