"""GUI fixtures: a seeded contact center on SQLite and a main window signed in on it (offscreen)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.actions import queries
from agentdesk.actions.context import ActionContext
from agentdesk.config.paths import default_paths
from agentdesk.gui.app import TRANSLATORS, create_application
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import QApplication
from agentdesk.gui.session import DeskSession
from agentdesk.routing.db import Database
from tests.support.factories import Center, seed_center

MakeWindow = Callable[..., MainWindow]

#: the offscreen platform plugin's notices for window-system calls it cannot make (not our warnings)
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the (keyboard|mouse))"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in item.nodeid.replace("\\", "/") or item.nodeid.startswith("gui/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def center(sqlite_db: Database) -> Center:
    return seed_center(sqlite_db)


@pytest.fixture
def make_window(qtbot: QtBot, sqlite_db: Database) -> Iterator[MakeWindow]:
    """Open a main window as ``login`` (default sato); every window's worker is drained at teardown."""
    opened: list[tuple[MainWindow, Ops]] = []

    def make(login: str = "sato", db: Database | None = None) -> MainWindow:
        app = create_application(language="en")
        TRANSLATORS.install(app, "en")
        ctx = ActionContext(db or sqlite_db, login)
        paths = default_paths()
        session = DeskSession(ctx=ctx, me=queries.me(ctx), paths=paths, config_file=paths.config_file, language="en")
        ops = Ops(ctx)
        window = MainWindow(session, ops)
        qtbot.addWidget(window)
        window.show()
        opened.append((window, ops))
        return window

    yield make
    for _window, ops in opened:
        qtbot.waitUntil(lambda ops=ops: ops.pending == 0, timeout=30000)
        ops.wait()
    app = QApplication.instance()
    if app is not None:
        TRANSLATORS.install(app, "en")


def wait_loaded(qtbot: QtBot, window: MainWindow, rows: int) -> None:
    """Wait until My interactions holds ``rows`` rows and the first page is fetched."""
    model = window.interactions.model
    qtbot.waitUntil(lambda: model.rowCount() == rows, timeout=20000)
    if rows:
        model.data(model.index(0, 0))
        qtbot.waitUntil(lambda: model.fetched_rows > 0, timeout=20000)
