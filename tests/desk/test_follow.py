"""The desktop's feed follower: one connection, LISTEN as a hint or polling, catch-up after a lost connection
from the last change seen (no reload, nothing missed)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from agentdesk.desk.feed import Batch
from agentdesk.desk.follow import FeedFollower
from agentdesk.routing.db import Database
from tests.support.factories import inbound, seed_center
from tests.support.tcp_proxy import SwitchProxy


class Seen:
    """What a follower handed over, and a bounded wait for it."""

    def __init__(self) -> None:
        self.batches: list[Batch] = []
        self.reachable: list[bool] = []
        self._cond = threading.Condition()

    def on_batch(self, batch: Batch) -> None:
        with self._cond:
            self.batches.append(batch)
            self._cond.notify_all()

    def on_reachable(self, online: bool, _error: str | None) -> None:
        with self._cond:
            self.reachable.append(online)
            self._cond.notify_all()

    def ids(self) -> list[int]:
        with self._cond:
            return [c.interaction_id for b in self.batches for c in b.changes if c.interaction_id is not None]

    def wait(self, what: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not what():
                left = deadline - time.monotonic()
                assert left > 0, "timed out"
                self._cond.wait(min(left, 0.2))


@pytest.mark.parametrize("listen", [True, False], ids=["listen", "poll"])
def test_the_follower_sees_each_change_once(db: Database, listen: bool) -> None:
    center = seed_center(db)
    seen = Seen()
    follower = FeedFollower(db.url, "sato", on_batch=seen.on_batch, listen=listen, poll_seconds=0.2,
                            safety_seconds=30).start()
    try:
        seen.wait(lambda: bool(seen.batches))
        assert seen.batches[0].reload and seen.batches[0].reason == "start"
        first = inbound(db, center, owner="sato")
        seen.wait(lambda: first in seen.ids())
        second = inbound(db, center, owner="sato")
        seen.wait(lambda: second in seen.ids())
        assert sum(1 for b in seen.batches if b.reload) == 1
        assert follower.connects == 1
    finally:
        follower.stop()


@pytest.mark.postgres
@pytest.mark.parametrize("listen", [True, False], ids=["listen", "poll"])
def test_after_a_lost_connection_the_follower_catches_up_from_its_cursor(pg_db: Database, listen: bool) -> None:
    center = seed_center(pg_db)
    seen = Seen()
    with SwitchProxy(int(pg_db.url.port or 5432)) as proxy:
        url = pg_db.url.set(host="127.0.0.1", port=proxy.port)
        follower = FeedFollower(url, "sato", on_batch=seen.on_batch, on_reachable=seen.on_reachable,
                                listen=listen, poll_seconds=0.2, safety_seconds=30, retry_seconds=0.2).start()
        try:
            seen.wait(lambda: seen.reachable == [True])
            before = inbound(pg_db, center, owner="sato")
            seen.wait(lambda: before in seen.ids())
            proxy.cut()
            follower.wake()
            seen.wait(lambda: seen.reachable == [True, False])
            missed = [inbound(pg_db, center, owner="sato") for _ in range(3)]  # while the desktop is away
            proxy.restore()
            seen.wait(lambda: seen.reachable == [True, False, True])
            seen.wait(lambda: set(missed) <= set(seen.ids()))
            assert sorted(seen.ids()) == sorted([before, *missed]), "each change once"
            assert [b.reason for b in seen.batches if b.reload] == ["start"], "caught up, not reloaded"
            assert follower.connects == 2
        finally:
            follower.stop()


def test_an_unknown_login_is_reported_not_followed(db: Database) -> None:
    seed_center(db)
    seen = Seen()
    errors: list[str | None] = []
    follower = FeedFollower(db.url, "nobody", on_batch=seen.on_batch,
                            on_reachable=lambda online, error: errors.append(error), poll_seconds=0.2).start()
    try:
        seen.wait(lambda: bool(errors))
        assert errors[0] is not None and "no active user with the login 'nobody'" in errors[0]
        assert seen.batches == []
    finally:
        follower.stop()
