"""My interactions' lazy model: passes qtmodeltester, and 100,000 rows open and scroll without loading them all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from agentdesk.actions import queries
from agentdesk.gui.panels.interactions.model import SLA_ROLE, InteractionTableModel
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.support.factories import Center, inbound


def test_model_passes_qtmodeltester(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow,
                                    qtmodeltester: ModelTester) -> None:
    for n in range(5):
        inbound(sqlite_db, center, subject=f"subject {n}")
    window = make_window()
    wait_loaded(qtbot, window, 5)
    model = InteractionTableModel(window.ops, queries.interaction_ids, queries.summaries)
    qtmodeltester.check(model, force_py=True)  # empty, then reset with ids, then rows arriving page by page
    with qtbot.waitSignal(model.sig_ids_loaded, timeout=20000):
        model.reload()
    model.data(model.index(0, 0))
    qtbot.waitUntil(lambda: model.fetched_rows == 5, timeout=20000)
    assert model.data(model.index(0, 3), SLA_ROLE) == "ok"
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)


def _bulk_interactions(db: Database, center: Center, count: int) -> None:
    start = datetime.now(UTC) - timedelta(days=1)
    rows = [
        {"direction": "inbound", "kind": "email", "state": "assigned", "owner_id": center.users["sato"],
         "team_id": center.support_id, "subject": f"Question number {n}", "from_addr": f"c{n}@example.org",
         "from_name": f"Customer {n}", "received_at": start + timedelta(seconds=n), "created_at": start,
         "updated_at": start, "version": 1, "references": [], "to_addrs": [], "cc_addrs": [], "bcc_addrs": [],
         "parse_flags": [], "body_text": ""}
        for n in range(count)
    ]
    with db.engine.begin() as conn:
        conn.execute(insert(Interaction.__table__), rows)


@pytest.mark.slow
def test_hundred_thousand_interactions_open_and_scroll_lazily(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                              make_window: MakeWindow) -> None:
    total = 100_000
    _bulk_interactions(sqlite_db, center, total)
    window = make_window()
    view, model = window.interactions.view, window.interactions.model
    qtbot.waitUntil(lambda: model.rowCount() == total, timeout=60000)
    qtbot.waitUntil(lambda: model.fetched_rows > 0, timeout=20000)
    assert model.fetched_rows <= 2 * model.PAGE
    view.scrollToBottom()
    last = model.index(total - 1, 0)
    qtbot.waitUntil(lambda: model.data(last) != "…", timeout=20000)
    view.scrollTo(model.index(total // 2, 0))
    middle = model.index(total // 2, 0)
    qtbot.waitUntil(lambda: model.data(middle) != "…", timeout=20000)
    assert str(model.data(middle)).startswith("Question number")
    assert model.fetched_rows <= 6 * model.PAGE, f"{model.fetched_rows} rows fetched of {total}"
