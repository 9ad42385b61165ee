"""The local cache's follower in a child process (agentdesk.desk.cache_process): the desktop's cache follows."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from agentdesk.cache.follow import CacheFollower
from agentdesk.cache.mirror import read_interaction
from agentdesk.cache.store import CacheStore, cache_path
from agentdesk.desk.cache_process import FollowerProcess, out_of_process
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow
from tests.support.factories import Center, inbound


def _wait(condition: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_the_child_follows_and_reports(sqlite_db: Database, center: Center, tmp_path: Path) -> None:
    first = inbound(sqlite_db, center)
    path = cache_path(tmp_path, "sato", sqlite_db.url.render_as_string(hide_password=True))
    CacheStore.open(path).close()
    events: list[str] = []
    lock = threading.Lock()

    def note(event: str) -> None:
        with lock:
            events.append(event)

    thread = CacheFollower(path, sqlite_db, "sato", on_synced=lambda n: note(f"synced {n}"),
                           on_connection=lambda online: note(f"online {online}"), on_online=lambda: note("back"),
                           safety_seconds=600)
    follower = FollowerProcess.replacing(thread)
    assert follower.safety_seconds == 600 and follower.login == "sato"
    with follower:
        _wait(lambda: follower.passes >= 1, "the first pass")
        assert follower.online is True and follower.last_error is None
        with lock:
            assert events[:3] == ["online True", "back", "synced 1"]
        with CacheStore.open(path) as cache:
            assert read_interaction(cache.conn, first) is not None
        second = inbound(sqlite_db, center, subject="返品について")  # a commit: the child's next pass takes it

        def cached() -> bool:
            with CacheStore.open(path) as cache:
                return read_interaction(cache.conn, second) is not None

        _wait(cached, "the new interaction in the cache")
        passes = follower.passes
        follower.wake()
        _wait(lambda: follower.passes > passes, "a pass after wake()")
    assert not follower._thread.is_alive() and follower._proc is None
    follower.wake()  # stopped: nothing to wake, no error


def test_the_desktop_follows_in_a_child_process(sqlite_db: Database, center: Center,
                                                make_window: MakeWindow) -> None:
    window = make_window()
    follower = window.desk_cache.follower
    assert isinstance(follower, FollowerProcess)
    _wait(lambda: window.desk_cache.online is True, "the desktop's cache to be online")
    window.desk_cache.close()
    assert follower._proc is None


def test_a_frozen_build_follows_in_a_child_process_too(sqlite_db: Database, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.frozen", True, raising=False)
    thread = CacheFollower(tmp_path / "cache.sqlite3", sqlite_db, "sato")
    assert isinstance(out_of_process(thread), FollowerProcess)


def test_the_child_never_loads_qt() -> None:
    code = ("import sys, agentdesk.desk.cache_process\n"
            "sys.exit(1 if any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules) else 0)\n")
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0
