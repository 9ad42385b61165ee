"""The window's layout (issue 14 item 2): at 1024×700 the email body gets a usable height (the context and the
notes are tabbed beside it, the action bar shrinks to icons), Email only hides the other panels and brings them
back, and the layout — geometry, sizes, which panels are open — is the same after a restart."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from agentdesk.gui.qt import Qt, QToolButton
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _keys, _open
from tests.support.factories import Center, inbound


def test_at_1024_by_700_the_email_body_gets_room(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                 make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center, subject="A long subject line that a customer wrote about a late parcel")
    window = make_window()
    window.resize(1024, 700)
    window.reset_layout()
    qtbot.waitUntil(lambda: window.size().height() == 700 and window.size().width() == 1024, timeout=5000)
    _open(qtbot, window, iid)
    qtbot.wait(50)  # the layout's queued resize (no assertion on time)
    body = window.email.body
    assert window.height() == 700  # nothing's minimum pushes the window past the screen
    assert body.isVisible() and body.height() >= 200, body.height()
    # the context is tabbed on the right, the workbins beside My interactions: each still one keypress away
    assert window.tabifiedDockWidgets(window.docks["casedata"])
    assert window.docks["workbins"] in window.tabifiedDockWidgets(window.docks["interactions"])
    styles = {b.toolButtonStyle() for b in window.email.buttons.values()}
    assert styles == {Qt.ToolButtonStyle.ToolButtonIconOnly}  # one row of icons; names in the tooltips
    assert all(isinstance(b, QToolButton) and b.toolTip() for b in window.email.buttons.values())
    window.resize(1600, 1000)
    window.reset_layout()
    qtbot.waitUntil(lambda: window.width() == 1600, timeout=5000)
    qtbot.waitUntil(lambda: {b.toolButtonStyle() for b in window.email.buttons.values()}
                    == {Qt.ToolButtonStyle.ToolButtonTextBesideIcon}, timeout=5000)
    assert not window.tabifiedDockWidgets(window.docks["casedata"])  # wide: stacked, all in sight


def test_email_only_hides_the_other_panels_and_brings_them_back(qtbot: QtBot, sqlite_db: Database,
                                                                center: Center, make_window: MakeWindow) -> None:
    window = make_window()
    window.docks["history"].hide()
    _keys(qtbot, window, "Ctrl+Shift+M")
    assert [n for n, d in window.docks.items() if not d.isHidden()] == ["email"]
    assert window.commands["email_only"].isChecked()
    _keys(qtbot, window, "Ctrl+Shift+M")
    shown = {n for n, d in window.docks.items() if not d.isHidden()}
    assert "history" not in shown and {"interactions", "casedata", "notes", "email"} <= shown


def test_the_layout_is_kept_across_a_restart(qtbot: QtBot, sqlite_db: Database, center: Center,
                                             make_window: MakeWindow) -> None:
    window = make_window()
    window.resize(780, 560)  # within the offscreen screen (restoreGeometry keeps a window on it)
    window.docks["contacts"].close()
    qtbot.waitUntil(lambda: window.height() == 560, timeout=5000)
    size = window.size()  # as near 780×560 as the panels' minimum sizes allow
    width = window.docks["interactions"].width()
    window.close()
    again = make_window()
    qtbot.waitUntil(lambda: again.size() == size, timeout=5000)
    assert again.docks["contacts"].isHidden() and not again.docks["history"].isHidden()
    assert abs(again.docks["interactions"].width() - width) <= 2


def test_a_window_gone_before_its_layout_settles_leaves_no_late_call(qtbot: QtBot, sqlite_db: Database,
                                                                       center: Center) -> None:
    """The layout's finishing touches run on the next turn of the event loop; a window closed and deleted before
    then (a quick sign-out, a test's teardown) must take them with it, not have them run on a deleted window."""
    import shiboken6

    from agentdesk.actions import queries
    from agentdesk.actions.context import ActionContext
    from agentdesk.config.paths import default_paths
    from agentdesk.gui.mainwindow import MainWindow
    from agentdesk.gui.ops import Ops
    from agentdesk.gui.session import DeskSession

    ctx = ActionContext(sqlite_db, "sato")
    paths = default_paths()
    ops = Ops(ctx)
    window = MainWindow(DeskSession(ctx=ctx, me=queries.me(ctx), paths=paths, config_file=paths.config_file,
                                    language="en"), ops)
    window.show()
    window.reset_layout()  # leaves its finishing touches for the next turn of the loop
    qtbot.waitUntil(lambda: ops.pending == 0, timeout=30000)
    window.reset_layout()
    window.close()
    shiboken6.delete(window)
    qtbot.wait(50)  # an exception in a late call fails the test (pytest-qt)
    ops.wait()
