"""PostgreSQL gone in the middle of an action: the connection between agentdesk and PostgreSQL is cut at a proxy
(stopping the shared server would break every other test) at a seeded moment of a note, a transfer, a send, a
case data edit or a "done" — before one of its statements, or just after its COMMIT reached the server, before
the answer came back. The desktop's offline policy (``agentdesk.desk.offline``) must show a clear offline state
(the follower says offline; the action waits in the queue the "Waiting actions" dock shows) and, once the
database is back, carry the action out: in the end each one happened exactly once, never lost, never twice."""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event, select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.outbound import reply
from agentdesk.cache.follow import CacheFollower
from agentdesk.cache.store import CacheStore
from agentdesk.cache.sync import sync_from_routing
from agentdesk.desk.offline import OfflineQueue, replay, run_or_queue
from agentdesk.routing.db import Database
from agentdesk.routing.models import History
from tests.actions.outbound_support import NO_QA
from tests.faults.harness import Tally, seed_for
from tests.support.factories import inbound, seed_center
from tests.support.smtpd import wait_until
from tests.support.tcp_proxy import SwitchProxy

TRIALS = 16
#: kind → the history event that says it happened (once)
EFFECT = {"note": "note_added", "done": "done", "transfer": "transfer_offered", "send": "queued_to_outbox",
          "case_data": "case_data_set"}


def _through(db: Database, proxy: SwitchProxy) -> Database:
    return Database(db.url.set(port=proxy.port, query={"connect_timeout": "3"}))


def test_postgres_cut_mid_action_goes_offline_and_resumes_exactly_once(pg_db: Database, tmp_path: Path) -> None:
    center = seed_center(pg_db, qa_review=NO_QA, disposition_required=False)
    direct = ActionContext(pg_db, "sato")
    seed = seed_for("postgres cut")
    rng = random.Random(seed)
    tally = Tally("postgres cut mid-action", "postgres", seed)
    port = pg_db.url.port or 5432
    path = tmp_path / "cache.sqlite3"
    with SwitchProxy(port) as actions_proxy, SwitchProxy(port) as feed_proxy, CacheStore.open(path) as cache:
        far, feed = _through(pg_db, actions_proxy), _through(pg_db, feed_proxy)
        ctx = ActionContext(far, "sato")
        queue = OfflineQueue(cache)
        follower = CacheFollower(path, feed, "sato", retry_seconds=0.2, safety_seconds=600).start()
        asked: list[tuple[str, int]] = []
        try:
            wait_until(lambda: follower.online is True, what="the follower to be online")
            for n in range(TRIALS):
                kind = sorted(EFFECT)[n % len(EFFECT)]  # every kind, cut at its commit and before a statement
                iid = inbound(pg_db, center, owner="sato", subject=f"trial {n}")
                target, args = iid, dict[str, Any]()
                if kind == "note":
                    args = {"body": f"called the customer ({n})"}
                elif kind == "transfer":
                    args = {"to_login": "suzuki", "reason": "billing question"}
                elif kind == "send":
                    target = reply(direct, iid, text=f"Thank you ({n})")
                elif kind == "case_data":
                    args = {"key": "Order", "value": f"A-{n}"}
                sync_from_routing(cache, far, "sato")
                at_commit = (n // len(EFFECT)) % 2 == 0
                statement = rng.randint(1, 8)
                seen = 0

                def cut_before(*_: Any, at: int = statement) -> None:
                    nonlocal seen
                    seen += 1
                    if seen == at:
                        actions_proxy.cut()

                if at_commit:
                    actions_proxy.cut_when_sent(b"COMMIT")
                else:
                    event.listen(far.engine, "before_cursor_execute", cut_before)
                try:
                    result = run_or_queue(queue, ctx, kind, target, **args)
                finally:
                    if not at_commit:
                        event.remove(far.engine, "before_cursor_execute", cut_before)
                    actions_proxy.cut_when_sent(None)  # disarm
                asked.append((kind, target))
                tally.trials += 1
                if not actions_proxy.up:  # the database went away during the action
                    tally.killed += 1
                    feed_proxy.cut()
                    wait_until(lambda: follower.online is False, what="the follower to say offline")
                    if result is None:  # it waits, and the agent can see it waiting
                        assert [(p.kind, p.interaction_id) for p in queue.waiting()] == [(kind, target)]
                        tally.uncertain += at_commit
                    actions_proxy.restore()
                    feed_proxy.restore()
                    wait_until(lambda: follower.online is True, what="the follower to be back")
                for _ in range(5):  # back: what waits is carried out (the desk does this when the follower is back)
                    if not replay(queue, ctx).interrupted:
                        break
                    time.sleep(0.2)
                assert not queue.waiting()
        finally:
            follower.stop()
            far.dispose()
            feed.dispose()
    with pg_db.read() as s:
        events = Counter((i, e) for i, e in s.execute(select(History.interaction_id, History.event)))
    refused = {(p.kind, p.interaction_id): p.reason for p in OfflineQueue(CacheStore.open(path)).finished(500)
               if p.status == "refused"}
    for kind, target in asked:
        count = events[(target, EFFECT[kind])]
        tally.lost += count == 0
        tally.duplicated += max(0, count - 1)
        assert count == 1, f"seed {seed}: the {kind} of {target} happened {count} times; refused: {refused}"
    tally.actions = len(asked)
    tally.save()
    assert tally.killed > 0
    assert not refused, f"seed {seed}: refused although asked once and never changed by anyone else: {refused}"
