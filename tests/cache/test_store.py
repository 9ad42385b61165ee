"""The cache file: where it lives, its schema version, and rebuilding it when it is damaged."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from agentdesk.cache.drafts import DraftStore
from agentdesk.cache.search import search
from agentdesk.cache.store import SCHEMA_VERSION, CacheStore, cache_path
from agentdesk.cache.sync import sync_from_routing
from agentdesk.routing.db import Database
from tests.support.factories import inbound, seed_center


def test_cache_path_is_per_user_and_routing_database(tmp_path: Path) -> None:
    a = cache_path(tmp_path, "sato", "postgresql://desk@db.example/agentdesk")
    assert a.parent == tmp_path / "cache" and a.name.startswith("sato-") and a.suffix == ".sqlite3"
    assert a != cache_path(tmp_path, "suzuki", "postgresql://desk@db.example/agentdesk")
    assert a != cache_path(tmp_path, "sato", "sqlite:///elsewhere.sqlite3")
    assert cache_path(tmp_path, "../x y", "u").name.startswith(".._x_y-")
    assert a == cache_path(tmp_path, "sato", "postgresql+psycopg://desk:secret@db.example/agentdesk")
    assert a == cache_path(tmp_path, "sato", "postgresql+psycopg2://desk@db.example/agentdesk")
    # how the server is reached (TLS options the settings add by default) does not make another cache
    assert a == cache_path(tmp_path, "sato", "postgresql+psycopg://desk@db.example/agentdesk?sslmode=verify-full")
    assert a != cache_path(tmp_path, "sato", "postgresql://desk@db.example/agentdesk?port=6432")


def test_new_cache_is_wal_and_versioned(tmp_path: Path) -> None:
    with CacheStore.open(tmp_path / "c.sqlite3") as cache:
        assert cache.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cache.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert cache.rebuilt_from is None
    with CacheStore.open(tmp_path / "c.sqlite3") as again:
        assert again.rebuilt_from is None


def _cache_with_mail_and_draft(path: Path, db: Database) -> None:
    center = seed_center(db)
    for n in range(300):
        inbound(db, center, subject=f"invoice {n}", body=f"請求書 番号 {n} " + "filler text " * 40)
    with CacheStore.open(path) as cache:
        sync_from_routing(cache, db, "sato")
        drafts = DraftStore(cache)
        drafts.save("reply-1", interaction_id=1, to=["jane@example.org"], subject="Re: invoice",
                    body_text="下書きの本文")
        drafts.close()


def _check_rebuilt(path: Path, db: Database, *, drafts_kept: bool) -> None:
    with CacheStore.open(path) as cache:
        assert cache.rebuilt_from is not None and cache.rebuilt_from.exists()
        assert cache.count() == 0
        assert sync_from_routing(cache, db, "sato") == 300
        assert search(cache, "請求書").total_estimate == 300
        assert search(cache, "invoice 17").hits[0].subject == "invoice 17"
        kept = [d.body_text for d in DraftStore(cache).unsent_drafts()]
        if drafts_kept:
            assert kept == ["下書きの本文"]


def test_garbage_over_the_whole_file_rebuilds(sqlite_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    _cache_with_mail_and_draft(path, sqlite_db)
    path.write_bytes(os.urandom(path.stat().st_size))
    _check_rebuilt(path, sqlite_db, drafts_kept=False)


def test_garbage_inside_the_file_rebuilds_and_keeps_the_drafts(sqlite_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    _cache_with_mail_and_draft(path, sqlite_db)
    size = path.stat().st_size
    with path.open("r+b") as f:  # damage pages in the middle (the mirror), not the header or the drafts
        f.seek(size // 3)
        f.write(os.urandom(8192))
    _check_rebuilt(path, sqlite_db, drafts_kept=True)


def test_another_schema_version_rebuilds_and_keeps_the_drafts(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with CacheStore.open(path) as cache:
        DraftStore(cache).save("k", subject="kept")
        cache.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with CacheStore.open(path) as cache:
        assert cache.rebuilt_from is not None
        assert [d.subject for d in DraftStore(cache).unsent_drafts()] == ["kept"]


def test_foreign_sqlite_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()
    with CacheStore.open(path) as cache:
        assert cache.rebuilt_from is not None and cache.count() == 0


def test_a_version_1_file_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    from agentdesk.cache.store import _SCHEMA, _split_sql

    for statement in _split_sql(_SCHEMA):  # what agentdesk wrote before the offline queue existed
        conn.execute(statement)
    conn.execute("INSERT INTO drafts VALUES ('k', 7, '', '', '', 'old', 'body', NULL, '', NULL, 1.0)")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with CacheStore.open(path) as cache:
        assert cache.rebuilt_from is None
        assert cache.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (draft,) = DraftStore(cache).unsent_drafts()
        assert (draft.subject, draft.instructions) == ("old", None)
        assert cache.count("pending_actions") == 0


def test_waiting_actions_survive_a_rebuild(tmp_path: Path) -> None:
    from agentdesk.desk.offline import OfflineQueue

    path = tmp_path / "c.sqlite3"
    with CacheStore.open(path) as cache:
        OfflineQueue(cache).enqueue("note", 5, body="電話済み")
        DraftStore(cache).save("outbound-9", interaction_id=9, subject="s", instructions="please check")
        cache.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with CacheStore.open(path) as cache:
        assert cache.rebuilt_from is not None
        assert [(a.kind, a.args) for a in OfflineQueue(cache).waiting()] == [("note", {"body": "電話済み"})]
        (draft,) = DraftStore(cache).unsent_drafts()
        assert draft.instructions == "please check"
        assert [d.key for d, _ in DraftStore(cache).unsynced()] == ["outbound-9"]
