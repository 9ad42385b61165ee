"""Mark done and Transfer from the toolbar while the routing database is away: they wait under Waiting actions
and are carried out, in order, once it is back (issue 5, offline work)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.notes import set_disposition
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.gui.test_actions import _keys, _open
from tests.support.factories import inbound, seed_center
from tests.support.tcp_proxy import SwitchProxy


def test_mark_done_while_offline_waits_then_is_done(qtbot: QtBot, pg_db: Database,
                                                    make_window: MakeWindow) -> None:
    center = seed_center(pg_db)
    iid = inbound(pg_db, center)
    set_disposition(ActionContext(pg_db, "sato"), iid, "resolved")
    with SwitchProxy(pg_db.url.port or 5432) as proxy:
        far = Database(pg_db.url.set(port=proxy.port, query={"connect_timeout": "3"}))
        try:
            window = make_window(db=far)
            qtbot.waitUntil(window.desk_cache.ready.is_set, timeout=20000)
            _open(qtbot, window, iid)
            proxy.cut()
            _keys(qtbot, window, "Ctrl+Shift+D")
            panel = window.pending
            qtbot.waitUntil(lambda: panel.state is not None and any(
                a.kind == "done" and a.interaction_id == iid for a in panel.state.waiting), timeout=20000)
            with pg_db.read() as s:
                assert s.scalar(select(Interaction.state).where(Interaction.id == iid)) == "assigned"
            proxy.restore()
            qtbot.waitUntil(lambda: any(a.kind == "done" and a.status == "done" for a in panel.state.finished),
                            timeout=30000)
            with pg_db.read() as s:
                assert s.scalar(select(Interaction.state).where(Interaction.id == iid)) == "done"
            window.close()
            qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=30000)
        finally:
            far.dispose()


def test_an_email_opens_from_the_cache_while_offline(qtbot: QtBot, pg_db: Database, make_window: MakeWindow) -> None:
    """With the routing database away, choosing an interaction in My interactions shows the copy the local
    cache keeps (subject, sender, text), and the status bar says so."""
    center = seed_center(pg_db)
    first = inbound(pg_db, center, subject="請求書の再発行", body="先月の請求書をもう一度お送りください。")
    second = inbound(pg_db, center, subject="Late delivery", body="Where is my parcel? It is a week late.")
    with SwitchProxy(pg_db.url.port or 5432) as proxy:
        far = Database(pg_db.url.set(port=proxy.port, query={"connect_timeout": "3"}))
        try:
            window = make_window(db=far)
            qtbot.waitUntil(window.desk_cache.ready.is_set, timeout=20000)
            set_disposition(ActionContext(pg_db, "sato"), second, "resolved")  # a history row to keep
            qtbot.waitUntil(lambda: window.desk_cache.interaction(second) is not None
                            and bool(window.desk_cache.history(second)), timeout=20000)
            wait_loaded(qtbot, window, 2)
            _open(qtbot, window, first)
            proxy.cut()
            messages: list[str] = []
            window.ops.sig_status_message.connect(messages.append)
            model = window.interactions.model
            with qtbot.waitSignal(window.email.sig_message_shown, timeout=20000):
                window.interactions.view.selectRow(model.row_of(second))
            assert window.email.detail.id == second
            assert window.email.subject.text() == "Late delivery"
            assert "Where is my parcel?" in window.email.body.toPlainText()
            qtbot.waitUntil(lambda: any("copy kept on this computer" in m for m in messages), timeout=5000)
            # the History panel shows the cached history of the email now open, not the previous one's
            events = window.history.events
            qtbot.waitUntil(lambda: bool(events.records()) and all(e.interaction_id in (second, None)
                                                                    for e in events.records()), timeout=10000)
            proxy.restore()
            window.close()
            qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=30000)
        finally:
            far.dispose()
