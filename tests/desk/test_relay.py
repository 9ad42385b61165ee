"""The wake-up relay (``agentdesk relay``): one LISTEN for the center, "read now" hints to the desktops over TCP.

A desktop that follows through a pooler reads at once on a hint and otherwise only every ``safety_seconds``
(here a minute: a change seen within the test's wait came by a hint); with the relay gone it reads every
``poll_seconds`` again and misses nothing; when the relay is back it reconnects and hints flow again. Presence
reaches the desktops of the interaction's team through the relay. The relay carries ids only."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from agentdesk.actions import presence
from agentdesk.actions.context import ActionContext
from agentdesk.config.settings import parse_address
from agentdesk.desk.follow import FeedFollower
from agentdesk.desk.relay import Relay
from agentdesk.routing.db import Database
from tests.desk.test_follow import Seen
from tests.support.factories import inbound, seed_center

pytestmark = pytest.mark.postgres


def _follower(db: Database, login: str, seen: Seen, relay: Relay, **options: object) -> FeedFollower:
    values: dict[str, object] = {"poll_seconds": 60.0, "safety_seconds": 60.0, "relay_retry_seconds": 0.2}
    values.update(options)
    return FeedFollower(db.url, login, on_batch=seen.on_batch, on_reachable=seen.on_reachable, listen=False,
                        relay=f"127.0.0.1:{relay.port}", **values).start()  # type: ignore[arg-type]


def test_a_hint_makes_the_desktop_read_and_only_the_desktops_concerned(pg_db: Database) -> None:
    center = seed_center(pg_db)
    with Relay(pg_db.url, "127.0.0.1", 0, safety_seconds=60.0) as relay:
        sato_seen, kato_seen = Seen(), Seen()
        sato = _follower(pg_db, "sato", sato_seen, relay)
        kato = _follower(pg_db, "kato", kato_seen, relay)  # billing: support's mail is none of its business
        try:
            # the first read, and the one made when the relay came up (what changed before it knew the desktop)
            sato_seen.wait(lambda: sato.relay_up and sato.reads >= 2)
            kato_seen.wait(lambda: kato.relay_up and kato.reads >= 2)
            reads = kato.reads
            first = inbound(pg_db, center, owner="sato")
            sato_seen.wait(lambda: first in sato_seen.ids())  # no poll for a minute: the hint did it
            assert sato.hints >= 1
            assert kato.hints == 0 and kato.reads == reads  # nothing for billing: no hint, no read
            billing = inbound(pg_db, center, owner="kato", team="billing", to="billing@example.com")
            kato_seen.wait(lambda: billing in kato_seen.ids())
            assert billing not in sato_seen.ids()
        finally:
            sato.stop()
            kato.stop()


def test_without_the_relay_the_desktop_polls_and_catches_up_when_it_is_back(pg_db: Database) -> None:
    center = seed_center(pg_db)
    relay = Relay(pg_db.url, "127.0.0.1", 0, safety_seconds=60.0).start()
    port = relay.port
    seen = Seen()
    follower = _follower(pg_db, "sato", seen, relay, poll_seconds=0.3)
    try:
        seen.wait(lambda: follower.relay_up and bool(seen.batches))
        first = inbound(pg_db, center, owner="sato")
        seen.wait(lambda: first in seen.ids())

        relay.stop()  # killed: the desktop notices and reads every poll_seconds again
        seen.wait(lambda: not follower.relay_up)
        during = [inbound(pg_db, center, owner="sato") for _ in range(3)]
        seen.wait(lambda: all(i in seen.ids() for i in during))

        relay = Relay(pg_db.url, "127.0.0.1", port, safety_seconds=60.0).start()  # back on its port
        seen.wait(lambda: follower.relay_up, timeout=30)
        assert follower.relay_client is not None and follower.relay_client.connects == 2
        hints = follower.hints
        after = inbound(pg_db, center, owner="sato")
        seen.wait(lambda: after in seen.ids())
        seen.wait(lambda: follower.hints > hints)
        ids = seen.ids()
        assert sorted(ids) == sorted(set(ids))  # each change once
        assert [b.reason for b in seen.batches if b.reload] == ["start"]  # never a reload
        assert set(ids) >= {first, *during, after}
    finally:
        follower.stop()
        relay.stop()


def test_presence_reaches_the_team_through_the_relay(pg_db: Database) -> None:
    center = seed_center(pg_db)
    first = inbound(pg_db, center, owner="sato")
    heard: dict[str, list[str]] = {"sato": [], "kato": []}
    got = threading.Event()

    def sink(login: str):  # type: ignore[no-untyped-def]
        def on_presence(payload: str) -> None:
            heard[login].append(payload)
            if login == "sato":
                got.set()
        return on_presence

    with Relay(pg_db.url, "127.0.0.1", 0) as relay:
        seen = {login: Seen() for login in heard}
        followers = [FeedFollower(pg_db.url, login, on_batch=seen[login].on_batch, listen=False,
                                  relay=f"127.0.0.1:{relay.port}", on_presence=sink(login),
                                  relay_retry_seconds=0.2).start() for login in heard]
        try:
            for f, s in zip(followers, seen.values(), strict=True):
                s.wait(lambda f=f: f.relay_up)
            presence.announce(ActionContext(pg_db, "suzuki"), first, "writing")  # suzuki's desktop, elsewhere
            assert got.wait(20)
            data = json.loads(heard["sato"][0])
            assert (data["i"], data["login"], data["activity"]) == (first, "suzuki", "writing")
            board = presence.PresenceBoard(ActionContext(pg_db, "sato"), listen=False)
            board.heard(heard["sato"][0])
            assert [p.login for p in board.others(first)] == ["suzuki"]
            assert heard["kato"] == []  # billing's desktop hears nothing of support's interactions
        finally:
            for f in followers:
                f.stop()


def test_the_relay_says_what_a_subscription_must_be(pg_db: Database) -> None:
    with Relay(pg_db.url, "127.0.0.1", 0) as relay, socket.create_connection(("127.0.0.1", relay.port), 5) as s:
        s.sendall(b"hello\n")
        answer = s.makefile("rb").readline()
        assert b"error" in answer and b"team" in answer


def test_relay_addresses() -> None:
    assert parse_address("relay.example.com") == ("relay.example.com", 7432)
    assert parse_address("10.0.0.5:7000") == ("10.0.0.5", 7000)
    assert parse_address("[::1]:7001") == ("::1", 7001)
    for bad in ("", ":7000", "host:port", "host:70000"):
        with pytest.raises(ValueError):
            parse_address(bad)
