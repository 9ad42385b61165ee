"""The panels while the routing database is away (issue 5, offline work): the case data panel shows the cached
copy and queues an edit under Waiting actions; contact search and a contact's details and history come from the
cache; the email view shows the sanitised HTML kept when the message was opened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.actions.casedata import set_case_data
from agentdesk.actions.context import ActionContext
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import Qt
from agentdesk.routing.db import Database
from agentdesk.routing.models import CaseData, Interaction
from tests.cache.test_offline_data import _html_interaction
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.gui.test_actions import _open
from tests.support.factories import inbound, seed_center
from tests.support.tcp_proxy import SwitchProxy


@contextmanager
def behind_a_switch(qtbot: QtBot, db: Database, make_window: MakeWindow) -> Iterator[tuple[SwitchProxy, MainWindow]]:
    """A desktop whose routing database is reached through a proxy the test can cut and restore, its cache
    ready."""
    with SwitchProxy(db.url.port or 5432) as proxy:
        far = Database(db.url.set(port=proxy.port, query={"connect_timeout": "3"}))
        try:
            window = make_window(db=far)
            qtbot.waitUntil(window.desk_cache.ready.is_set, timeout=20000)
            yield proxy, window
        finally:
            far.dispose()


def _values(window: object) -> dict[str, str]:
    return {item.key: item.value for item in window.casedata.model.records()}  # type: ignore[attr-defined]


def test_case_data_and_contacts_work_offline(qtbot: QtBot, pg_db: Database, make_window: MakeWindow) -> None:
    center = seed_center(pg_db)
    first = inbound(pg_db, center, subject="請求書の再発行", body="請求書をもう一度お送りください。")
    second = inbound(pg_db, center, subject="Late delivery", body="Where is my parcel?")
    with pg_db.read() as s:
        case_id = s.scalar(select(Interaction.case_id).where(Interaction.id == first))
    with pg_db.write() as s:
        s.add(CaseData(case_id=case_id, team_id=center.support_id, key="OrderId", value="4711"))
    set_case_data(ActionContext(pg_db, "sato"), first, "Plan", "Gold")
    with behind_a_switch(qtbot, pg_db, make_window) as (proxy, window):
        desk = window.desk_cache
        qtbot.waitUntil(lambda: (desk.case_data(first) is not None
                                 and len(desk.case_data(first).items) == 2), timeout=20000)  # type: ignore[union-attr]
        wait_loaded(qtbot, window, 2)
        _open(qtbot, window, first)
        panel = window.casedata
        assert _values(window) == {"OrderId": "4711", "Plan": "Gold"} and panel.offline_hint.isHidden()

        proxy.cut()
        _open(qtbot, window, second)
        with qtbot.waitSignal(window.email.sig_message_shown, timeout=20000):
            window.interactions.view.selectRow(window.interactions.model.row_of(first))
        qtbot.waitUntil(lambda: not panel.offline_hint.isHidden(), timeout=10000)
        assert "cached copy" in panel.offline_hint.text()
        assert _values(window) == {"OrderId": "4711", "Plan": "Gold"}
        order, plan = panel.model.records()
        assert order.read_only and not plan.read_only
        assert not panel.model.flags(panel.model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable  # still locked

        messages: list[str] = []
        window.ops.sig_status_message.connect(messages.append)
        panel.model.setData(panel.model.index(1, 1), "Silver")  # the agent edits Plan while offline
        qtbot.waitUntil(lambda: window.pending.state is not None and any(
            a.kind == "case_data" and a.interaction_id == first for a in window.pending.state.waiting),
            timeout=20000)
        qtbot.waitUntil(lambda: _values(window).get("Plan") == "Silver", timeout=20000)
        assert "waits under Waiting actions" in " ".join(messages)
        row = next(i for i, a in enumerate(window.pending.model.records()) if a.kind == "case_data")
        pending = window.pending.model
        assert pending.data(pending.index(row, 0)) == "Case data"
        assert pending.data(pending.index(row, 0), Qt.ItemDataRole.ToolTipRole) == "Plan = Silver"
        assert "Waiting for the database" in panel.model.data(panel.model.index(1, 1), Qt.ItemDataRole.ToolTipRole)

        # contact search, a contact's details and history, from the cache
        contacts = window.contacts
        with qtbot.waitSignal(contacts.sig_search_finished, timeout=30000):
            contacts.search.setText("jane")
            contacts.run_search()
        assert [c.name for c in contacts.contacts.records()] == ["Jane Doe"]
        assert not contacts.offline_hint.isHidden() and "cached copy" in contacts.offline_hint.text()
        contacts.contact_view.setCurrentIndex(contacts.contacts.index(0, 0))
        assert "+81 3 1234 5678" in contacts.details.text() and "jane@example.org" in contacts.details.text()
        assert contacts.call_button.isEnabled()
        qtbot.waitUntil(lambda: {s.id for s in window.history.contact_items.records()} == {first, second},
                        timeout=20000)

        proxy.restore()
        qtbot.waitUntil(lambda: any(a.kind == "case_data" and a.status == "done"
                                    for a in window.pending.state.finished), timeout=30000)
        with pg_db.read() as s:
            assert s.scalar(select(CaseData.value).where(CaseData.case_id == case_id,
                                                         CaseData.key == "Plan")) == "Silver"
        window.close()
        qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=30000)


def test_the_offline_email_view_shows_the_html_kept_when_opened(qtbot: QtBot, pg_db: Database,
                                                                make_window: MakeWindow) -> None:
    center = seed_center(pg_db)
    html = _html_interaction(pg_db, center)
    plain = inbound(pg_db, center, subject="Plain", body="just text")
    with behind_a_switch(qtbot, pg_db, make_window) as (proxy, window):
        desk = window.desk_cache
        qtbot.waitUntil(lambda: desk.interaction(plain) is not None, timeout=20000)
        wait_loaded(qtbot, window, 2)
        _open(qtbot, window, html)  # opened online: its body is kept for the offline view
        qtbot.waitUntil(lambda: desk.offline_view(html).message.is_html, timeout=20000)  # type: ignore[union-attr]
        _open(qtbot, window, plain)
        proxy.cut()
        messages: list[str] = []
        window.ops.sig_status_message.connect(messages.append)
        with qtbot.waitSignal(window.email.sig_message_shown, timeout=20000):
            window.interactions.view.selectRow(window.interactions.model.row_of(html))
        email = window.email
        assert email.detail.id == html and getattr(email.detail, "cached", False)
        text = email.body.toPlainText()
        assert "注文番号" in text and "[logo]" in text and "[pixel]" in text
        assert email.body.toHtml().count("font-weight:") >= 1  # the <b> kept: HTML, not the text body
        assert email.images_bar.isHidden()  # nothing to show offline
        assert not email.links_bar.isHidden()  # the deceptive link is still flagged
        assert not email.attachments.isHidden()
        qtbot.waitUntil(lambda: any("copy kept on this computer (no images" in m for m in messages), timeout=5000)
        assert "not kept on this computer" in window.notes.view.toPlainText()  # not "No notes yet"
        qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=10000)
        assert "Offline" in window.connection_label.text()  # reading the cache did not make it "connected"
        proxy.restore()
        window.close()
        qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=30000)
