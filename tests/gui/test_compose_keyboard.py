"""The outbound window by keyboard alone: Tab goes the way an email is written and comes back round, every
control on the way has a name, Tab in the message moves on instead of typing a tab, and Shift+Tab is the same
ring backwards."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow
from tests.gui.test_compose import answer
from tests.support.factories import Center
from tests.support.keyboard import accessible_name, describe, reachable, tab_cycle


def test_tab_goes_round_the_outbound_window_in_writing_order(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                             make_window: MakeWindow) -> None:
    _window, compose = answer(qtbot, sqlite_db, center, make_window)
    qtbot.waitUntil(lambda: compose.ops.pending == 0, timeout=20000)
    compose.activateWindow()
    qtbot.waitUntil(compose.isActiveWindow, timeout=5000)
    compose.add_cc_button.click()  # CC shown: its field, "CC…" and its ✕ join the ring
    qtbot.waitUntil(lambda: compose.cc_field.isVisible(), timeout=5000)
    body_before = compose.editor.text()
    cycle = [compose.from_combo, *tab_cycle(qtbot, compose.from_combo)]
    names = [describe(w) for w in cycle]
    assert "\t" not in compose.editor.text() and compose.editor.text() == body_before  # Tab left the message
    assert len(set(cycle)) == len(cycle), f"reached twice: {names}"
    missed = [describe(w) for w in reachable(compose) if w not in cycle]
    assert not missed, f"Tab never reaches {missed}"
    unnamed = [describe(w) for w in cycle if not accessible_name(w)]
    assert not unnamed, f"no accessible name for {unnamed}"
    order = [compose.from_combo, compose.add_bcc_button, compose.to_edit, compose.to_field.pick_button,
             compose.cc_edit, compose.cc_field.pick_button, compose.cc_field.remove_button, compose.subject_edit,
             compose.body, compose.attachments.attach_button, compose.note_edit, compose.disposition_combo,
             compose.responses.search, compose.responses.list, compose.responses.insert_button,
             compose.send_button, compose.save_button, compose.delete_button]
    positions = [cycle.index(w) for w in order if w in cycle]
    assert len(positions) == len(order), f"missing from the ring: {[describe(w) for w in order if w not in cycle]}"
    assert positions == sorted(positions), f"out of writing order: {names}"
    backwards = tab_cycle(qtbot, compose.from_combo, backwards=True)
    assert [compose.from_combo, *reversed(backwards)] == cycle
    compose.close()
