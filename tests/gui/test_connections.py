"""A desktop holds at most one long-lived connection to PostgreSQL (its change feed's), counted in
``pg_stat_activity`` while the real main window lives: lists loaded, cache follower (a child process) synced,
presence board up, an interaction open. Presence still travels, on that one connection. And the real main
window through PgBouncer in transaction mode (``pooled``), restarted under it."""

from __future__ import annotations

import time

import psycopg
import pytest
from pytestqt.qtbot import QtBot

from agentdesk.actions import presence
from agentdesk.actions.context import ActionContext
from agentdesk.desk.connections import APPLICATION_NAME, desk_database
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.support import pgbouncer
from tests.support.databases import PG_ADMIN_DSN, need
from tests.support.factories import inbound, seed_center

pytestmark = pytest.mark.postgres

#: how long the connections are watched: the one seen in every sample over this span is long-lived (a desktop's
#: short transactions last milliseconds; even a process starved by a loaded machine does not keep one this long)
WATCH_SECONDS = 8.0


def connections(database: str, since: float) -> dict[int, tuple[str, str]]:
    """{pid: (application_name, state)} of every connection to ``database`` opened after ``since`` (POSIX time):
    connections of earlier tests on this worker's database are not this desktop's."""
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        return {int(r[0]): (r[1], r[2]) for r in conn.execute(
            "SELECT pid, application_name, coalesce(state, '') FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND backend_start >= to_timestamp(%s)",
            (database, since))}


def test_a_desktop_holds_one_long_lived_connection(qtbot: QtBot, pg_db: Database, make_window: MakeWindow) -> None:
    opened_after = time.time()
    center = seed_center(pg_db)
    first = inbound(pg_db, center, owner="sato")
    database = str(pg_db.url.database)
    db = desk_database(pg_db.url)
    window = make_window("sato", db)
    window.live.start()
    try:
        wait_loaded(qtbot, window, 1)
        follower = window.live.feed.follower
        qtbot.waitUntil(lambda: follower.online is True, timeout=20000)
        # the desktop's first pass (in this process), then the cache process's own first pass
        qtbot.waitUntil(lambda: window.desk_cache.follower.passes >= 2, timeout=30000)
        qtbot.waitUntil(lambda: window.presence.board is not None, timeout=20000)
        window.on_interactions_interaction_selected(first)
        qtbot.waitUntil(lambda: window.presence.current == first, timeout=20000)
        # a change reaches the lists and the cache process through the feed: the process, which waits a
        # minute between passes of its own, is woken for it (counted before the change: the wake may come and
        # its pass end before the list shows the change)
        passes = window.desk_cache.follower.passes
        second = inbound(pg_db, center, owner="sato")
        wait_loaded(qtbot, window, 2)
        qtbot.waitUntil(lambda: window.desk_cache.follower.passes > passes, timeout=30000)
        qtbot.waitUntil(lambda: window.desk_cache.interaction(second) is not None, timeout=30000)
        pg_db.dispose()  # the test's own pooled connections are not the desktop's

        suzuki = presence.PresenceBoard(ActionContext(pg_db, "suzuki"))  # another desktop, on its own
        try:
            suzuki.hold(first, "writing")
            qtbot.waitUntil(lambda: first in window.presence.viewers, timeout=20000)
        finally:
            suzuki.close()
        pg_db.dispose()

        # watch for a while: the connections seen in every sample are the long-lived ones
        samples: list[dict[int, tuple[str, str]]] = []
        feed_pids: set[int] = set()
        started = time.monotonic()

        def watched() -> bool:
            samples.append(connections(database, opened_after))
            if follower.backend_pid is not None:
                feed_pids.add(follower.backend_pid)
            return time.monotonic() - started > WATCH_SECONDS and len(samples) >= 5

        qtbot.waitUntil(watched, timeout=60000)
        held = set(samples[0]).intersection(*samples[1:])
        assert len(held) <= 1, samples
        assert held <= feed_pids, (held, feed_pids, samples)
        assert [samples[-1][pid][0] for pid in held] == [APPLICATION_NAME] * len(held)
        assert held, "the change feed's connection was not held"
    finally:
        window.live.stop()
        window.desk_cache.close()
        db.dispose()


def test_a_desktop_works_through_pgbouncer_in_transaction_mode(qtbot: QtBot, pg_db: Database,
                                                                make_window: MakeWindow) -> None:
    """``[routing] pooled = true``: every transaction may land on another server connection; the feed polls."""
    if not pgbouncer.available():
        need("PgBouncer is not installed (Debian package pgbouncer)")
    center = seed_center(pg_db)
    first = inbound(pg_db, center, owner="sato")
    with pgbouncer.PgBouncer(int(pg_db.url.port or 5432), pool_size=2) as bouncer:
        db = desk_database(pg_db.url.set(host="127.0.0.1", port=bouncer.port), pooled=True)
        window = make_window("sato", db)
        window.live.start()
        try:
            assert window.live.feed.follower.listen is False
            wait_loaded(qtbot, window, 1)
            window.on_interactions_interaction_selected(first)
            qtbot.waitUntil(lambda: window.presence.current == first, timeout=20000)
            inbound(pg_db, center, owner="sato")  # the router's work: the feed's next read brings it
            wait_loaded(qtbot, window, 2)
            bouncer.restart()
            inbound(pg_db, center, owner="sato")
            wait_loaded(qtbot, window, 3)  # caught up after the pooler came back
            assert window.live.feed.follower.connects >= 2
        finally:
            window.live.stop()
            window.desk_cache.close()
            db.dispose()


def test_behind_pgbouncer_presence_and_changes_come_through_the_relay(qtbot: QtBot, pg_db: Database,
                                                                      make_window: MakeWindow) -> None:
    """``[routing] pooled = true`` with ``relay``: the real window hears who else is on its interaction through
    ``agentdesk relay`` (a pooler does not carry NOTIFY), and its lists follow the relay's hints."""
    if not pgbouncer.available():
        need("PgBouncer is not installed (Debian package pgbouncer)")
    from agentdesk.desk.relay import Relay

    center = seed_center(pg_db)
    first = inbound(pg_db, center, owner="sato")
    with pgbouncer.PgBouncer(int(pg_db.url.port or 5432), pool_size=2) as bouncer, \
            Relay(pg_db.url, "127.0.0.1", 0, safety_seconds=60.0) as relay:
        db = desk_database(pg_db.url.set(host="127.0.0.1", port=bouncer.port), pooled=True,
                           relay=f"127.0.0.1:{relay.port}")
        window = make_window("sato", db)
        window.live.start()
        try:
            follower = window.live.feed.follower
            wait_loaded(qtbot, window, 1)
            qtbot.waitUntil(lambda: follower.relay_up, timeout=20000)
            qtbot.waitUntil(lambda: window.presence.board is not None, timeout=20000)
            window.on_interactions_interaction_selected(first)
            qtbot.waitUntil(lambda: window.presence.current == first, timeout=20000)
            hints = follower.hints
            inbound(pg_db, center, owner="sato")
            wait_loaded(qtbot, window, 2)
            assert follower.hints > hints
            suzuki = presence.PresenceBoard(ActionContext(pg_db, "suzuki"), listen=False)  # another desktop
            suzuki.hold(first, "writing")
            qtbot.waitUntil(lambda: first in window.presence.viewers, timeout=20000)
        finally:
            window.live.stop()
            window.desk_cache.close()
            db.dispose()
