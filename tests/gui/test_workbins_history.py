"""Workbins and histories through the window: counts, move between workbins, delete a draft, search the
histories, and forward an ended interaction from history (S26, S28) until it reaches a loopback SMTP server."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from agentdesk.actions import outbound, workbins
from agentdesk.actions.context import ActionContext
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import QDialogButtonBox, Qt
from agentdesk.mail.smtp import SmtpServer
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, State, Workbin, WorkbinItem
from agentdesk.routing.sender import SendTarget, send_due
from agentdesk.routing.types import utcnow
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _scalar
from tests.support.factories import Center, inbound, seed_center
from tests.support.smtpd import SmtpTestServer


@pytest.fixture
def smtpd() -> Iterator[SmtpTestServer]:
    server = SmtpTestServer().start()
    yield server
    server.stop()


def _team_workbin(db: Database, center: Center, name: str = "Escalations") -> int:
    with db.write() as s:
        workbin = Workbin(kind="team", name=name, team_id=center.support_id)
        s.add(workbin)
        s.flush()
        return workbin.id


def _choose_bin(qtbot: QtBot, window: MainWindow, workbin_id: int) -> None:
    panel = window.workbins
    qtbot.waitUntil(lambda: any(b.id == workbin_id for b in panel.bins.records()), timeout=20000)
    row = next(i for i, b in enumerate(panel.bins.records()) if b.id == workbin_id)
    panel.bin_view.setCurrentIndex(panel.bins.index(row, 0))


def _choose_item(qtbot: QtBot, window: MainWindow, interaction_id: int) -> None:
    panel = window.workbins
    qtbot.waitUntil(lambda: any(i.id == interaction_id for i in panel.items.records()), timeout=20000)
    row = next(i for i, item in enumerate(panel.items.records()) if item.id == interaction_id)
    panel.item_view.setCurrentIndex(panel.items.index(row, 0))


def test_move_from_my_workbin_to_a_team_workbin(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                make_window: MakeWindow) -> None:
    team_bin = _team_workbin(sqlite_db, center)
    iid = inbound(sqlite_db, center)
    sato = ActionContext(sqlite_db, "sato")
    mine = next(v.id for v in workbins.list_workbins(sato) if v.kind == "personal")
    workbins.store_in_workbin(sato, iid, mine)
    window = make_window()
    panel = window.workbins
    qtbot.waitUntil(lambda: any(b.id == mine and b.count == 1 for b in panel.bins.records()), timeout=20000)
    assert panel.bins.data(panel.bins.index(0, 0)) == "Drafts"  # personal workbins first, with their counts
    _choose_bin(qtbot, window, mine)
    _choose_item(qtbot, window, iid)
    qtbot.waitUntil(panel.move_button.isEnabled, timeout=5000)
    targets = {a.objectName(): a for a in panel.move_menu.actions()}
    assert f"move_to_{mine}" not in targets and f"move_to_{team_bin}" in targets
    assert targets[f"move_to_{team_bin}"].text() == "Team: Escalations"
    targets[f"move_to_{team_bin}"].trigger()
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(WorkbinItem.workbin_id)
                                    .where(WorkbinItem.interaction_id == iid)) == team_bin, timeout=20000)
    assert _scalar(sqlite_db, select(Interaction.state).where(Interaction.id == iid)) == "stored"
    qtbot.waitUntil(lambda: any(b.id == team_bin and b.count == 1 for b in panel.bins.records())
                    and any(b.id == mine and b.count == 0 for b in panel.bins.records()), timeout=20000)


def test_delete_a_draft_after_confirming(qtbot: QtBot, sqlite_db: Database, center: Center,
                                         make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    draft_id = outbound.reply(ActionContext(sqlite_db, "sato"), iid)
    window = make_window()
    panel = window.workbins
    qtbot.waitUntil(lambda: any(b.kind == "drafts" and b.count == 1 for b in panel.bins.records()), timeout=20000)
    drafts_bin = next(b.id for b in panel.bins.records() if b.kind == "drafts")
    _choose_bin(qtbot, window, drafts_bin)
    _choose_item(qtbot, window, draft_id)
    qtbot.waitUntil(lambda: panel.delete_button.isVisible() and panel.delete_button.isEnabled(), timeout=5000)
    assert not panel.pull_button.isEnabled() and not panel.move_button.isEnabled()  # Drafts is agentdesk's own
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    box = panel.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=5000)
    delete = box.findChild(type(panel.delete_button), "confirm_delete")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(Interaction.state).where(Interaction.id == draft_id))
                    == "done", timeout=20000)
    qtbot.waitUntil(lambda: any(b.id == drafts_bin and b.count == 0 for b in panel.bins.records()), timeout=20000)


def test_history_search_filters_my_history(qtbot: QtBot, sqlite_db: Database, center: Center,
                                           make_window: MakeWindow) -> None:
    inbound(sqlite_db, center, subject="納期の遅れについて")
    inbound(sqlite_db, center, subject="Invoice question")
    window = make_window()
    panel = window.history
    qtbot.waitUntil(lambda: panel.my_items.rowCount() == 2, timeout=20000)
    qtbot.keyClicks(panel.search, "Invoice")
    qtbot.waitUntil(lambda: [s.subject for s in panel.my_items.records()] == ["Invoice question"], timeout=20000)


def _forward_from_history(qtbot: QtBot, window: MainWindow, iid: int) -> None:
    panel = window.history
    panel.tabs.setCurrentIndex(2)  # My history
    qtbot.waitUntil(lambda: any(s.id == iid for s in panel.my_items.records()), timeout=20000)
    row = next(i for i, s in enumerate(panel.my_items.records()) if s.id == iid)
    panel.my_view.setCurrentIndex(panel.my_items.index(row, 1))


def test_forward_an_ended_interaction_from_history(qtbot: QtBot, sqlite_db: Database, make_window: MakeWindow,
                                                   smtpd: SmtpTestServer) -> None:
    center = seed_center(sqlite_db, qa_review={"teams": [], "agents": [], "sample_percent": 0})
    iid = inbound(sqlite_db, center, subject="返品の手続きについて", body="返品したいのですが、どうすればよいですか。")
    with sqlite_db.write() as s:
        s.execute(update(Interaction).where(Interaction.id == iid).values(state=State.DONE.value, done_at=utcnow()))
    window = make_window()
    panel = window.history
    _forward_from_history(qtbot, window, iid)
    qtbot.waitUntil(panel.forward_button.isEnabled, timeout=20000)
    qtbot.mouseClick(panel.forward_button, Qt.MouseButton.LeftButton)
    dialog = panel.forward_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.keyClicks(dialog.to_edit, "logistics@example.net")
    dialog.instructions.setPlainText("返品の条件を確認してください。")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.compose_windows), timeout=20000)
    compose = next(iter(window.compose_windows.values()))
    qtbot.waitUntil(compose.send_button.isEnabled, timeout=20000)
    assert compose.send_button.text() == "Complete forward" and compose.instructions.isVisible()
    assert compose.instructions.toPlainText() == "返品の条件を確認してください。"
    forward_id = compose.outbound_id
    with qtbot.waitSignal(compose.sig_sent, timeout=20000):
        qtbot.mouseClick(compose.send_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Interaction.state).where(Interaction.id == forward_id)) == "outbox"
    target = SendTarget(SmtpServer("127.0.0.1", smtpd.port, "none", timeout=10))
    report = send_due(sqlite_db, lambda _name: target, now=utcnow() + timedelta(hours=1))
    assert len(report.sent) == 1
    assert len(smtpd.messages) == 1
    received = smtpd.messages[0]
    assert "logistics@example.net" in received.rcpt_tos
    message = email.message_from_bytes(received.data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "返品の条件を確認してください。" in text and "返品したいのですが" in text  # instructions, then the original
    assert message["Subject"].startswith("Fw") or "返品の手続きについて" in message["Subject"]


def test_forward_from_history_is_refused_where_the_center_does_not_allow_it(
        qtbot: QtBot, sqlite_db: Database, make_window: MakeWindow) -> None:
    center = seed_center(sqlite_db, forward_from_history=False)
    iid = inbound(sqlite_db, center)
    with sqlite_db.write() as s:
        s.execute(update(Interaction).where(Interaction.id == iid).values(state=State.DONE.value, done_at=utcnow()))
    window = make_window()
    panel = window.history
    _forward_from_history(qtbot, window, iid)
    qtbot.waitUntil(lambda: panel._options is not None, timeout=20000)
    panel._update_forward()
    assert not panel.forward_button.isEnabled()
    assert "does not allow" in panel.forward_button.toolTip()
