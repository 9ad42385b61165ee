"""Mark done and Transfer from the toolbar while the routing database is away: they wait under Waiting actions
and are carried out, in order, once it is back (issue 5, offline work)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.notes import set_disposition
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.cache.test_offline import SwitchProxy
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _keys, _open
from tests.support.factories import inbound, seed_center


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
