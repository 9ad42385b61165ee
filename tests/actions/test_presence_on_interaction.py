"""Collision awareness (X2): who is viewing or writing on an interaction is published and readable."""

from __future__ import annotations

import time

import pytest

from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput, PermissionDenied
from agentdesk.actions.presence import PresenceBoard, announce
from agentdesk.routing.db import Database
from tests.support.factories import inbound, seed_center


def eventually(board: PresenceBoard, interaction_id: int, expected: list[tuple[str, str]]) -> None:
    deadline = time.monotonic() + 10
    while True:
        got = [(p.login, p.activity) for p in board.others(interaction_id)]
        if got == expected:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"presence on {interaction_id}: {got}, expected {expected}")
        time.sleep(0.05)


def test_viewing_and_writing_are_seen_by_the_others(db: Database) -> None:
    center = seed_center(db)
    iid = inbound(db, center)
    sato, suzuki = ActionContext(db, "sato"), ActionContext(db, "suzuki")
    sato_board, suzuki_board = PresenceBoard(sato), PresenceBoard(suzuki)
    try:
        sato_board.hold(iid, "viewing")
        eventually(suzuki_board, iid, [("sato", "viewing")])
        suzuki_board.hold(iid, "writing")
        eventually(sato_board, iid, [("suzuki", "writing")])
        assert suzuki_board.others(iid)[0].name == "佐藤 花子"
        eventually(sato_board, iid + 1000, [])  # nobody on another interaction
        sato_board.heartbeat()
        suzuki_board.release(iid)
        eventually(sato_board, iid, [])
        eventually(suzuki_board, iid, [("sato", "viewing")])
    finally:
        sato_board.close()
        suzuki_board.close()


def test_a_late_viewer_learns_who_is_there(pg_db: Database) -> None:
    center = seed_center(pg_db)
    iid = inbound(pg_db, center)
    sato_board = PresenceBoard(ActionContext(pg_db, "sato"))
    try:
        sato_board.hold(iid, "writing")
        suzuki_board = PresenceBoard(ActionContext(pg_db, "suzuki"))  # opens it after sato did
        try:
            suzuki_board.hold(iid, "viewing")  # asks: sato answers at once, not at the next heartbeat
            eventually(suzuki_board, iid, [("sato", "writing")])
        finally:
            suzuki_board.close()
    finally:
        sato_board.close()


def test_presence_is_checked(db: Database) -> None:
    center = seed_center(db)
    iid = inbound(db, center)
    with pytest.raises(InvalidInput, match="unknown activity 'editing'"):
        announce(ActionContext(db, "sato"), iid, "editing")
    with pytest.raises(PermissionDenied, match="may not see it"):
        announce(ActionContext(db, "kato"), iid, "viewing")  # another team's
