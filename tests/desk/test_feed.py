"""The change log and its cursor: every committed change read exactly once, also when transactions commit out
of id order; what writes to it (triggers on both backends); pruning and the reload it causes."""

from __future__ import annotations

import random
import sqlite3
import threading
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from agentdesk.desk.feed import Change, Cursor, Scope, read_changes_pg, read_changes_sqlite
from agentdesk.routing.changes import prune_change_log
from agentdesk.routing.db import Database
from tests.support.factories import inbound, seed_center

EVERYONE = Scope(None, None, everything=True)
_INSERT = ("INSERT INTO interactions (direction, kind, state, team_id, subject, body_text, \"references\", to_addrs, "
           "cc_addrs, bcc_addrs, parse_flags, created_at, updated_at, version) "
           "VALUES ('inbound', 'email', 'queued', %s, %s, '', '[]', '[]', '[]', '[]', '[]', now(), now(), 1) "
           "RETURNING id")


def _pg(db: Database) -> psycopg.Connection[Any]:
    url = db.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(url, autocommit=True, prepare_threshold=None)


def _read(db: Database, conn: Any, cursor: Cursor | None, scope: Scope = EVERYONE) -> Any:
    return read_changes_pg(conn, cursor, scope) if db.is_postgres else read_changes_sqlite(conn, cursor, scope)


def _reader(db: Database) -> Any:
    if db.is_postgres:
        return _pg(db)
    return sqlite3.connect(str(db.url.database), isolation_level=None)


@pytest.mark.postgres
def test_out_of_order_commits_are_read_once_and_a_naive_cursor_misses_them(pg_db: Database) -> None:
    center = seed_center(pg_db)
    reader = _pg(pg_db)
    first = reader.execute("SELECT 1")  # noqa: F841 - the reader is connected before the writers start
    batch = read_changes_pg(reader, None, EVERYONE)
    assert batch.reload and batch.reason == "start"
    cursor = batch.cursor
    early, late = _pg(pg_db), _pg(pg_db)
    try:
        early.execute("BEGIN")
        early_id = early.execute(_INSERT, (center.support_id, "early")).fetchone()[0]  # gets the lower log id
        with late.transaction():
            late_id = late.execute(_INSERT, (center.support_id, "late")).fetchone()[0]
        got = read_changes_pg(reader, cursor, EVERYONE)
        assert [c.interaction_id for c in got.changes] == [late_id]
        naive_last = max(c.id for c in got.changes)  # what `id > last_seen` would keep
        cursor = got.cursor
        early.execute("COMMIT")
        got = read_changes_pg(reader, cursor, EVERYONE)
        assert [c.interaction_id for c in got.changes] == [early_id]
        assert got.changes[0].id < naive_last, "the early row has the lower id: id > last_seen would skip it"
        assert reader.execute("SELECT count(*) FROM change_log WHERE id > %s", (naive_last,)).fetchone()[0] == 0
        cursor = got.cursor
        assert read_changes_pg(reader, cursor, EVERYONE).changes == ()  # and never again
    finally:
        early.close()
        late.close()
        reader.close()


@pytest.mark.postgres
def test_a_rolled_back_change_leaves_a_gap_that_never_stalls_the_reader(pg_db: Database) -> None:
    center = seed_center(pg_db)
    reader = _pg(pg_db)
    cursor = read_changes_pg(reader, None, EVERYONE).cursor
    gone, kept = _pg(pg_db), _pg(pg_db)
    try:
        gone.execute("BEGIN")
        gone.execute(_INSERT, (center.support_id, "rolled back"))
        with kept.transaction():
            kept_id = kept.execute(_INSERT, (center.support_id, "kept")).fetchone()[0]
        gone.execute("ROLLBACK")
        got = read_changes_pg(reader, cursor, EVERYONE)
        assert [c.interaction_id for c in got.changes] == [kept_id]
        assert read_changes_pg(reader, got.cursor, EVERYONE).changes == ()
    finally:
        gone.close()
        kept.close()
        reader.close()


@pytest.mark.postgres
def test_concurrent_writers_committing_in_random_order_lose_nothing(pg_db: Database) -> None:
    seed = random.randrange(1_000_000)
    print(f"seed {seed}")
    center = seed_center(pg_db)
    writers, per_writer = 6, 15
    committed: list[int] = []
    lock = threading.Lock()
    done = threading.Event()

    def write(n: int) -> None:
        rng = random.Random(seed + n)
        conn = _pg(pg_db)
        try:
            for i in range(per_writer):
                conn.execute("BEGIN")
                new_id = conn.execute(_INSERT, (center.support_id, f"w{n}-{i}")).fetchone()[0]
                conn.execute("SELECT pg_sleep(%s)", (rng.random() * 0.02,))
                if rng.random() < 0.2:
                    conn.execute("ROLLBACK")
                    continue
                conn.execute("COMMIT")
                with lock:
                    committed.append(new_id)
        finally:
            conn.close()

    reader = _pg(pg_db)
    cursor = read_changes_pg(reader, None, EVERYONE).cursor
    seen: list[int] = []
    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    try:
        while not done.is_set():
            if not any(t.is_alive() for t in threads):
                done.set()  # one last read after every writer finished
            got = read_changes_pg(reader, cursor, EVERYONE)
            seen.extend(c.interaction_id for c in got.changes if c.kind == "interaction")
            cursor = got.cursor
    finally:
        for t in threads:
            t.join(60)
        reader.close()
    assert sorted(seen) == sorted(committed), "every committed change exactly once"
    assert len(seen) == len(set(seen))


def test_the_reader_follows_its_scope(db: Database) -> None:
    center = seed_center(db)
    conn = _reader(db)
    try:
        cursor = _read(db, conn, None).cursor
        mine = inbound(db, center, owner="sato")
        other = inbound(db, center, owner=None)  # queued for support: sato's team sees it too
        with db.write() as s:
            billing = s.execute(text("SELECT id FROM teams WHERE name = 'billing'")).scalar_one()
            s.execute(text("UPDATE interactions SET team_id = :t, owner_id = NULL WHERE id = :i"),
                      {"t": billing, "i": other})
        sato = Scope(center.users["sato"], center.support_id)
        kato = Scope(center.users["kato"], center.billing_id)
        got = _read(db, conn, cursor, sato)
        assert {c.interaction_id for c in got.changes} == {mine, other}  # `other` left sato's team: sato learns it
        got_kato = _read(db, conn, cursor, kato)
        assert {c.interaction_id for c in got_kato.changes} == {other}
        assert billing == center.billing_id
    finally:
        conn.close()


def test_pruning_past_a_cursor_makes_it_reload_once(db: Database) -> None:
    center = seed_center(db)
    conn = _reader(db)
    try:
        cursor = _read(db, conn, None).cursor
        inbound(db, center, owner="sato")
        assert prune_change_log(db, timedelta(0)) >= 1
        got = _read(db, conn, cursor)
        assert got.reload and got.reason == "behind the change log's retention"
        after = _read(db, conn, got.cursor)
        assert not after.reload and after.changes == ()
        new = inbound(db, center, owner="sato")
        assert {c.interaction_id for c in _read(db, conn, after.cursor).changes} == {new}
    finally:
        conn.close()


def test_a_cursor_survives_as_text() -> None:
    cursor = Cursor(12, 100, 105, (101, 103))
    assert Cursor.from_text(cursor.to_text()) == cursor


def test_changes_are_typed_and_say_which_panels_they_concern() -> None:
    from agentdesk.desk.feed import ChangeKind, PanelChanges, kind_of, panel_changes

    assert kind_of("review") is ChangeKind.REVIEW and kind_of("something-new") == "something-new"
    assert panel_changes([]) == PanelChanges() and not PanelChanges().anything
    inbound = Change(1, ChangeKind.INTERACTION, 10, 1, 2, "assigned")
    offer = Change(2, ChangeKind.TRANSFER, 11, 1, 2, "offered")
    waiting = Change(3, ChangeKind.REVIEW, 12, 1, 2, "waiting")
    assert panel_changes([inbound]) == PanelChanges(frozenset({10}), workbins=True)
    assert panel_changes([offer]) == PanelChanges(frozenset({11}), transfers=True)
    assert panel_changes([waiting]) == PanelChanges(frozenset({12}), workbins=True, review=True)
    assert panel_changes([inbound, offer]) == panel_changes([inbound]) | panel_changes([offer])
    unknown = panel_changes([Change(4, "from-a-newer-router", None, 1, None, None)])
    assert unknown == PanelChanges(frozenset(), workbins=True, review=True, transfers=True)


def test_a_batch_read_from_the_log_carries_kinds(db: Database) -> None:
    from agentdesk.desk.feed import ChangeKind

    center = seed_center(db)
    conn = _reader(db)
    start = _read(db, conn, None)
    first = inbound(db, center, owner="sato")
    batch = _read(db, conn, start.cursor)
    conn.close()
    assert {c.kind for c in batch.changes} == {ChangeKind.INTERACTION}
    assert batch.of_kind(ChangeKind.INTERACTION) and not batch.of_kind(ChangeKind.REVIEW)
    assert batch.panels().interactions == {first}
