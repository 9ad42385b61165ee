"""The change watcher wakes on a NOTIFY (PostgreSQL) or another connection's commit (SQLite)."""

from __future__ import annotations

import time

from sqlalchemy import text

from agentdesk.cache.store import CacheStore
from agentdesk.cache.sync import sync_from_routing
from agentdesk.cache.watch import ChangeWatcher
from agentdesk.routing.db import Database
from tests.support.factories import inbound, seed_center


def test_watcher_wakes_on_a_change(db: Database, cache: CacheStore) -> None:
    center = seed_center(db)
    watcher = ChangeWatcher(db)
    try:
        assert watcher.wait(0.3) == []
        added = inbound(db, center, subject="新着")
        if db.is_postgres:
            with db.write() as s:
                s.execute(text("SELECT pg_notify('agentdesk_changes', :p)"), {"p": f'{{"interaction": {added}}}'})
        deadline = time.monotonic() + 10
        arrived: list[str] = []
        while not arrived and time.monotonic() < deadline:
            arrived = watcher.wait(1.0)
        if db.is_postgres:  # the change log's trigger hints too ("change_log", agentdesk.desk.feed)
            while "change_log" in arrived and len(arrived) == 1 and time.monotonic() < deadline:
                arrived = watcher.wait(1.0)
            arrived = [p for p in arrived if p != "change_log"]
        assert arrived == ([f'{{"interaction": {added}}}'] if db.is_postgres else ["changed"])
        assert sync_from_routing(cache, db, "sato") == 1
    finally:
        watcher.close()
