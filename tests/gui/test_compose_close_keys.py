"""Esc and Ctrl+W close the outbound window and keep the draft, as its title bar's close button does."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.gui.qt import QKeySequence
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _scalar
from tests.gui.test_compose import answer
from tests.support.factories import Center


@pytest.mark.parametrize("keys", ["Esc", "Ctrl+W"])
def test_a_key_closes_the_outbound_window_and_keeps_the_draft(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                              make_window: MakeWindow, keys: str) -> None:
    _window, compose = answer(qtbot, sqlite_db, center, make_window)
    draft_id = compose.outbound_id
    qtbot.waitUntil(lambda: compose.ops.pending == 0, timeout=20000)
    compose.activateWindow()
    qtbot.waitUntil(compose.isActiveWindow, timeout=5000)
    compose.body.setFocus()
    compose.body.moveCursor(compose.body.textCursor().MoveOperation.Start)
    qtbot.keyClicks(compose.body, "Typed just now. ")
    assert compose.isVisible()
    with qtbot.waitSignal(compose.sig_closed, timeout=20000):
        qtbot.keySequence(compose.body, QKeySequence(keys))
    assert not compose.isVisible()
    qtbot.waitUntil(lambda: (_scalar(sqlite_db, select(Interaction.body_text).where(Interaction.id == draft_id))
                             or "").startswith("Typed just now."), timeout=20000)
    assert _scalar(sqlite_db, select(Interaction.state).where(Interaction.id == draft_id)) == "draft"


def test_the_close_keys_are_named_in_the_save_tooltip(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                     make_window: MakeWindow) -> None:
    _window, compose = answer(qtbot, sqlite_db, center, make_window)
    tip = compose.save_button.toolTip()
    assert "Esc" in tip and "Ctrl+W" in tip, tip
    compose.close()
