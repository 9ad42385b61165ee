"""A transfer shows that it waits (issue 14 item 2): from the offer until it is accepted, declined or times out,
My interactions' state column says "Transfer pending → <name>" and the email view says so with a Withdraw
button; Transfer is disabled meanwhile."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import update

from agentdesk.actions import transfer
from agentdesk.actions.context import ActionContext
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.panels.interactions.model import COLUMNS
from agentdesk.gui.qt import Qt
from agentdesk.routing.db import Database
from agentdesk.routing.models import TransferOffer
from agentdesk.routing.types import utcnow
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _open
from tests.support.factories import Center, inbound


def _state_text(window: MainWindow, interaction_id: int) -> str:
    model = window.interactions.model
    return str(model.data(model.index(model.row_of(interaction_id), COLUMNS.index("state"))))


def _reload(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.interactions.sig_transfers_loaded, timeout=20000):
        window.interactions.reload()


def test_a_pending_transfer_shows_in_the_list_and_the_email_view_until_answered(
        qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    assert _state_text(window, iid) == "Assigned" and not window.email.transfer_bar.isVisible()
    assert window.commands["transfer"].isEnabled()
    offer = transfer.transfer(ActionContext(sqlite_db, "sato"), iid, to_login="suzuki", reason="billing")
    _reload(qtbot, window)
    assert _state_text(window, iid) == "Transfer pending → 鈴木 一郎"
    email = window.email
    assert email.transfer_bar.isVisible() and "鈴木 一郎" in email.transfer_text.text()
    assert not window.commands["transfer"].isEnabled()
    model = window.interactions.model
    tip = model.data(model.index(model.row_of(iid), COLUMNS.index("state")), Qt.ItemDataRole.ToolTipRole)
    assert "stays yours until they accept" in tip

    transfer.decline_transfer(ActionContext(sqlite_db, "suzuki"), offer)
    _reload(qtbot, window)
    assert _state_text(window, iid) == "Assigned" and not email.transfer_bar.isVisible()
    assert window.commands["transfer"].isEnabled()


def test_a_timed_out_offer_no_longer_shows_and_withdraw_ends_one(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                                  make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    transfer.transfer(ActionContext(sqlite_db, "sato"), iid, to_team="billing")
    _reload(qtbot, window)
    assert _state_text(window, iid) == "Transfer pending → team billing"
    with sqlite_db.write() as s:  # the offer's time runs out (nobody answered)
        s.execute(update(TransferOffer).values(expires_at=utcnow() - timedelta(seconds=1)))
    _reload(qtbot, window)
    assert _state_text(window, iid) == "Assigned" and not window.email.transfer_bar.isVisible()

    with sqlite_db.write() as s:
        s.execute(update(TransferOffer).values(state="expired"))
    transfer.transfer(ActionContext(sqlite_db, "sato"), iid, to_login="suzuki")
    _reload(qtbot, window)
    assert window.email.transfer_bar.isVisible()
    with qtbot.waitSignal(window.email.sig_transfer_withdrawn, timeout=20000):
        qtbot.mouseClick(window.email.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.email.transfer_bar.isVisible(), timeout=20000)
    qtbot.waitUntil(lambda: _state_text(window, iid) == "Assigned", timeout=20000)
