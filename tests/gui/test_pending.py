"""The local cache in the desktop: drafts saved as typed and offered back, the "Waiting actions" dock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.notes import set_disposition
from agentdesk.actions.outbound import reply
from agentdesk.cache.store import cache_path
from agentdesk.config.paths import default_paths
from agentdesk.desk.autosave import DraftContent, DraftKeeper, draft_key
from agentdesk.gui.qt import QPushButton, Qt
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.gui.conftest import MakeWindow
from tests.gui.test_compose import _compose
from tests.support.factories import Center, inbound
from tests.support.smallfs import fill, small_filesystem
from tests.support.typist import type_then_kill


def test_typing_reaches_the_local_cache(qtbot: QtBot, sqlite_db: Database, center: Center,
                                        make_window: MakeWindow) -> None:
    oid = reply(ActionContext(sqlite_db, "sato"), inbound(sqlite_db, center), text="")
    window = make_window()
    qtbot.waitUntil(window.desk_cache.ready.is_set, timeout=20000)
    compose = window.open_compose(oid)
    compose = _compose(qtbot, window)
    compose.body.moveCursor(compose.body.textCursor().MoveOperation.Start)
    qtbot.keyClicks(compose.body, "Thanks for waiting")
    keeper = window.desk_cache.keeper

    def saved_locally() -> bool:
        assert keeper._reader is not None
        draft = keeper._reader.get(draft_key(oid))
        return draft is not None and draft.body_text.startswith("Thanks for waiting")

    qtbot.waitUntil(saved_locally, timeout=20000)


def test_an_unsaved_draft_is_offered_back_at_start(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                   make_window: MakeWindow) -> None:
    oid = reply(ActionContext(sqlite_db, "sato"), inbound(sqlite_db, center), text="")
    path = cache_path(default_paths().data_dir, "sato", sqlite_db.url.render_as_string(hide_password=True))
    keeper = DraftKeeper(path)  # a desktop killed before its draft reached Drafts: no push ever ran
    keeper.submit(draft_key(oid), DraftContent(oid, to=("jane@example.org",), subject="Re: 納期の遅れについて",
                                               body_text="本日発送いたしました。"))
    keeper.close()

    window = make_window()
    panel = window.pending
    button_name = f"pending_draft_{oid}"
    qtbot.waitUntil(lambda: panel.findChild(QPushButton, button_name) is not None, timeout=20000)
    button = panel.findChild(QPushButton, button_name)
    assert button is not None and "Re: 納期の遅れについて" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    compose = _compose(qtbot, window)
    qtbot.waitUntil(lambda: compose.body.toPlainText() == "本日発送いたしました。", timeout=20000)
    with sqlite_db.read() as s:  # and it went to the Drafts workbin as soon as the desktop found the database
        assert s.scalar(select(Interaction.body_text).where(Interaction.id == oid)) == "本日発送いたしました。"
    qtbot.waitUntil(lambda: panel.findChild(QPushButton, button_name) is None, timeout=20000)


def test_waiting_actions_are_shown(qtbot: QtBot, sqlite_db: Database, center: Center,
                                   make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    moved = inbound(sqlite_db, center, subject="返品")
    set_disposition(ActionContext(sqlite_db, "sato"), iid, "resolved")
    window = make_window()
    desk = window.desk_cache
    qtbot.waitUntil(lambda: desk.online is True, timeout=20000)
    from agentdesk.actions.transfer import reassign

    desk.follower.stop()  # the replay runs below, when the test says (the follower would run it at once)
    desk.queue("done", iid)
    desk.queue("done", moved)
    panel = window.pending
    qtbot.waitUntil(lambda: panel.state is not None and len(panel.state.waiting) == 2, timeout=20000)
    assert panel.status_button.isVisibleTo(window) and panel.status_button.text() == "Waiting actions: 2"
    reassign(ActionContext(sqlite_db, "tanaka"), moved, "suzuki")  # meanwhile a lead gives it to suzuki
    result = desk.replay()
    assert len(result.done) == 1 and len(result.refused) == 1
    qtbot.waitUntil(lambda: panel.state is not None and not panel.state.waiting and len(panel.state.finished) == 2,
                    timeout=20000)
    assert not panel.status_button.isVisibleTo(window)
    statuses = {panel.model.record(r).interaction_id: panel.model.index(r, 3).data()
                for r in range(panel.model.rowCount())}
    assert statuses[iid] == "Carried out"
    assert statuses[moved].startswith(f"Refused: interaction {moved} moved meanwhile")
    assert panel.clear_button.isEnabled()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=20000)


_DESKTOP = """
import sys, time
from agentdesk.actions import queries
from agentdesk.actions.context import ActionContext
from agentdesk.config.paths import default_paths
from agentdesk.gui.app import create_application
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QTimer
from agentdesk.gui.session import DeskSession
from agentdesk.routing.db import Database

db, oid = Database(sys.argv[1]), int(sys.argv[2])
app = create_application(language="en")
ctx, paths = ActionContext(db, "sato"), default_paths()
session = DeskSession(ctx=ctx, me=queries.me(ctx), paths=paths, config_file=paths.config_file, language="en")
window = MainWindow(session, Ops(ctx))
window.show()
compose = window.open_compose(oid)
typed = 0

def key():  # an agent typing 50 characters a second into the outbound window
    global typed
    if not compose.body.isEnabled():
        return
    if typed == 0:
        compose.body.clear()
    typed += 1
    compose.body.insertPlainText("あいうえおかきくけこ"[typed % 10])
    print(typed, time.monotonic(), flush=True)

timer = QTimer()
timer.timeout.connect(key)
timer.start(20)
app.exec()
"""


def test_killing_the_desktop_while_typing_loses_at_most_a_second(sqlite_db: Database, center: Center,
                                                                 tmp_path: Path) -> None:
    oid = reply(ActionContext(sqlite_db, "sato"), inbound(sqlite_db, center), text="")
    url = sqlite_db.url.render_as_string(hide_password=True)
    proc = subprocess.Popen([sys.executable, "-c", _DESKTOP, url, str(oid)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    typed = type_then_kill(proc)
    assert len(typed) >= 150, "the desktop did not start typing"
    keeper = DraftKeeper(cache_path(default_paths().data_dir, "sato", url))  # the next start
    try:
        (draft,) = keeper.offers()
    finally:
        keeper.close()
    saved = len(draft.body_text)
    assert draft.interaction_id == oid
    assert draft.body_text == "".join("あいうえおかきくけこ"[n % 10] for n in range(1, saved + 1))
    last = max(typed)
    lost_from = typed.get(saved + 1, typed[last])
    assert typed[last] - lost_from <= 1.0, f"{last - saved} keystrokes lost, typed over {typed[last] - lost_from:.2f} s"


def test_a_send_while_offline_waits_then_goes(qtbot: QtBot, sqlite_db: Database, center: Center,
                                              make_window: MakeWindow) -> None:
    oid = reply(ActionContext(sqlite_db, "sato"), inbound(sqlite_db, center), text="")
    window = make_window()
    qtbot.waitUntil(window.desk_cache.ready.is_set, timeout=20000)
    compose = window.open_compose(oid)
    compose = _compose(qtbot, window)
    compose.body.clear()
    qtbot.keyClicks(compose.body, "Your parcel left today.")
    window.ops._set_online(False)  # as after a failed call: the routing database was found away
    qtbot.mouseClick(compose.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not compose.isVisible(), timeout=20000)
    panel = window.pending
    # the follower finds the database there: the text typed offline goes to Drafts, then the send runs
    qtbot.waitUntil(lambda: panel.state is not None and any(a.kind == "send" and a.status == "done"
                                                            for a in panel.state.finished), timeout=20000)
    with sqlite_db.read() as s:
        row = s.execute(select(Interaction.state, Interaction.body_text).where(Interaction.id == oid)).one()
    assert row.state == "review" and row.body_text == "Your parcel left today."


def test_a_full_disk_is_said_in_the_outbound_window(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                    make_window: MakeWindow) -> None:
    oid = reply(ActionContext(sqlite_db, "sato"), inbound(sqlite_db, center), text="")
    with small_filesystem(default_paths().data_dir, size="4m") as folder:
        window = make_window()
        qtbot.waitUntil(window.desk_cache.ready.is_set, timeout=20000)
        window.open_compose(oid)
        compose = _compose(qtbot, window)
        filler = fill(folder)
        compose.body.moveCursor(compose.body.textCursor().MoveOperation.Start)
        qtbot.keyClicks(compose.body, "Thanks for waiting")
        qtbot.waitUntil(lambda: compose.status.text().startswith("Not saved on this computer: the disk holding"),
                        timeout=20000)
        assert "is full" in compose.status.text()
        assert compose.body.toPlainText().startswith("Thanks for waiting")  # still in the window
        filler.unlink()
        qtbot.waitUntil(lambda: compose.status.text() == "Saved on this computer again", timeout=20000)
        draft = window.desk_cache.keeper.latest(draft_key(oid))
        assert draft is None or draft.body_text.startswith("Thanks for waiting")  # None: already in Drafts
        compose.close()
        window.close()
