"""The cache follows the routing database on its own thread: an action by another connection reaches it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.notes import add_note, mark_done, set_disposition
from agentdesk.cache.follow import CacheFollower
from agentdesk.cache.store import CacheStore
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.support.factories import inbound, seed_center


def wait_until(check: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def cached(path: Path, interaction_id: int) -> tuple[str, int] | None:
    with CacheStore.open(path) as cache:
        row = cache.conn.execute("SELECT state, version FROM interactions WHERE id = ?",
                                 (interaction_id,)).fetchone()
    return None if row is None else (str(row[0]), int(row[1]))


def test_an_action_on_another_connection_reaches_the_cache(db: Database, tmp_path: Path) -> None:
    center = seed_center(db)
    first = inbound(db, center, subject="請求書の件")
    path = tmp_path / "cache.sqlite3"
    other = Database(db.url)  # another desktop: its own engine and connections
    # the safety pass is far away: only a NOTIFY (PostgreSQL) or data_version (SQLite) can wake the follower
    follower = CacheFollower(path, Database(db.url), "sato", safety_seconds=600).start()
    try:
        wait_until(lambda: follower.passes >= 1, "the first pass")
        assert follower.online is True
        assert cached(path, first) is not None and cached(path, first)[0] == "assigned"  # type: ignore[index]

        ctx = ActionContext(other, "sato")
        set_disposition(ctx, first, "resolved")
        add_note(ctx, first, "お客様に電話済み")
        mark_done(ctx, first)
        with other.read() as s:
            version = s.scalar(select(Interaction.version).where(Interaction.id == first))
        wait_until(lambda: cached(path, first) == ("done", version), "the cache to follow the action")

        added = inbound(other, center, subject="新しいお問い合わせ")
        if db.is_postgres:  # written without an action: no NOTIFY; an action on it wakes the follower
            add_note(ctx, added, "受付")
        wait_until(lambda: cached(path, added) is not None, "the new interaction")
    finally:
        follower.stop()
        follower.db.dispose()
        other.dispose()


def test_a_rolled_back_action_notifies_nothing(pg_db: Database, tmp_path: Path) -> None:
    from agentdesk.cache.watch import ChangeWatcher

    center = seed_center(pg_db)
    first = inbound(pg_db, center)
    watcher = ChangeWatcher(pg_db)
    try:
        ctx = ActionContext(pg_db, "sato")
        try:
            with ctx.tx() as tx:
                tx.interaction(first).subject = "changed"
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
        assert watcher.wait(0.5) == []
        add_note(ctx, first, "memo")
        arrived: list[str] = []
        deadline = time.monotonic() + 10
        while not arrived and time.monotonic() < deadline:
            arrived = watcher.wait(1.0)
        # the change log's trigger sends its own hint in the same commit ("change_log", agentdesk.desk.feed)
        assert [p for p in arrived if p != "change_log"] == [f'{{"interactions": [{first}], "more": false}}']
    finally:
        watcher.close()
