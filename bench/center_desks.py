"""One process of headless desktops for bench_center.py: the real desk and actions code, no Qt.

Each desktop signs in as its own PostgreSQL login (``<prefix><login>``, made by ``admin apply``: row-level
security applies to every read and action), follows its change feed (:class:`agentdesk.desk.follow.FeedFollower`,
one connection, through PgBouncer: reading when the relay hints, or every second without it) and lives a compressed agent's day from what the feed brings: an agent opens
an email assigned to it, replies, sends (to review), sets a disposition and marks it done, and sends again a
reply its lead rejected; a lead approves (or, one time in ten, rejects) the replies waiting in its team.
Actions run on a small pool of threads, each on a short transaction of its own (NullPool, through PgBouncer).
At the end the process hands back what each desktop saw and when, the counts and the errors.
"""

from __future__ import annotations

import heapq
import random
import resource
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

#: (login, user id, team id, role, lead index within the team, leads in the team)
Desk = tuple[str, int, int, str, int, int]


@dataclass
class Tally:
    actions: int = 0
    errors: Counter[str] | None = None
    action_seconds: float = 0.0


class Scheduler:
    """Runs ``fn`` at a due time on a pool of threads (the desktops' think times, compressed)."""

    def __init__(self, workers: int) -> None:
        self.pool = ThreadPoolExecutor(workers)
        self._heap: list[tuple[float, int, Any]] = []
        self._cond = threading.Condition()
        self._n = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def at(self, delay: float, fn: Any) -> None:
        with self._cond:
            self._n += 1
            heapq.heappush(self._heap, (time.monotonic() + delay, self._n, fn))
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stop and (not self._heap or self._heap[0][0] > time.monotonic()):
                    self._cond.wait(None if not self._heap else max(0.0, self._heap[0][0] - time.monotonic()))
                if self._stop:
                    return
                _, _, fn = heapq.heappop(self._heap)
            self.pool.submit(fn)

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify()
        self.pool.shutdown(wait=True, cancel_futures=True)


def serve(url: str, desks: list[Desk], seed: int, ready: Any, start: Any, stop: Any, out: Any, *,
          prefix: str = "", relay: str | None = None) -> None:
    """The process's desktops: started together, stopped by ``stop``; results put on ``out``."""
    from sqlalchemy.engine import make_url

    from agentdesk.actions.context import ActionContext
    from agentdesk.actions.notes import mark_done, set_disposition
    from agentdesk.actions.outbound import reply, send
    from agentdesk.actions.reading import read_message
    from agentdesk.actions.review import approve, reject
    from agentdesk.desk.connections import desk_database
    from agentdesk.desk.feed import Batch
    from agentdesk.desk.follow import FeedFollower

    rng = random.Random(seed)
    base = make_url(url)
    # each desktop on its own login (NullPool engines: a connection only for the length of a transaction)
    databases = {d[0]: desk_database(base.set(username=prefix + d[0]), pooled=True, relay=relay) for d in desks}
    scheduler = Scheduler(12)
    lock = threading.Lock()
    tally = Tally(errors=Counter())
    seen: dict[str, dict[int, float]] = {d[0]: {} for d in desks}
    reloads: Counter[str] = Counter()

    def act(what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            assert tally.errors is not None
            with lock:
                tally.errors[f"{what}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"] += 1
            return None
        finally:
            with lock:
                tally.actions += 1
                tally.action_seconds += time.perf_counter() - began

    def agent_day(ctx: ActionContext, inbound_id: int, mine: set[int]) -> None:
        if act("open", read_message, ctx, inbound_id) is None:
            return
        outbound = act("reply", reply, ctx, inbound_id, text="お問い合わせありがとうございます。確認いたします。")
        if outbound is None:
            return
        mine.add(outbound)
        act("send", send, ctx, outbound)
        act("disposition", set_disposition, ctx, inbound_id, "resolved")
        act("done", mark_done, ctx, inbound_id)

    def make(desk: Desk) -> FeedFollower:
        login, user_id, team_id, role, lead_index, leads = desk
        db = databases[login]
        ctx = ActionContext(db, login)
        handled: set[int] = set()
        mine: set[int] = set()
        got = seen[login]

        def on_batch(batch: Batch) -> None:
            now = time.time()
            if batch.reload:
                reloads[batch.reason or "?"] += 1
            for change in batch.changes:
                got.setdefault(change.id, now)
                i = change.interaction_id
                if i is None:
                    continue
                if role == "agent":
                    if (change.kind == "interaction" and change.user_id == user_id and change.state == "assigned"
                            and i not in handled and i not in mine):
                        handled.add(i)
                        scheduler.at(rng.uniform(1.0, 3.0), lambda i=i: agent_day(ctx, i, mine))
                    elif change.kind == "review" and change.state == "rejected" and i in mine and (i, 1) not in handled:
                        handled.add((i, 1))  # type: ignore[arg-type]
                        scheduler.at(rng.uniform(1.0, 2.0), lambda i=i: act("send again", send, ctx, i))
                elif change.kind == "review" and change.state == "rejected":
                    handled.discard(i)  # it may come back for review
                elif (change.kind == "review" and change.state == "waiting" and change.team_id == team_id
                      and i % leads == lead_index and i not in handled):
                    handled.add(i)
                    if rng.random() < 0.1:
                        scheduler.at(rng.uniform(0.5, 2.0),
                                     lambda i=i: act("reject", reject, ctx, i, "もう少し丁寧にお願いします。"))
                    else:
                        scheduler.at(rng.uniform(0.5, 2.0), lambda i=i: act("approve", approve, ctx, i))

        return TimedFollower(db.url, login, on_batch=on_batch, listen=False, poll_seconds=1.0, retry_seconds=1.0,
                             application_name="agentdesk bench desk", relay=relay)

    class TimedFollower(FeedFollower):
        """The follower, timing each read (how long the database and this process took to answer)."""

        def read_once(self) -> Batch:
            began = time.perf_counter()
            try:
                return super().read_once()
            finally:
                took = time.perf_counter() - began
                with lock:
                    read_times.append(took)

    read_times: list[float] = []

    followers = [make(d) for d in desks]
    ready.put(len(followers))
    start.wait()
    for f in followers:
        f.start()
        time.sleep(0.9 / max(1, len(followers)))  # spread the first reads over the poll interval
    began = time.monotonic()
    stop.wait()
    stopped_at = time.time()
    relay_up = sum(1 for f in followers if f.relay_up)  # connected to the relay at the end
    elapsed = time.monotonic() - began
    for f in followers:
        f.request_stop()  # all at once, then join
    for f in followers:
        f.stop()
    scheduler.stop()
    for db in databases.values():
        db.dispose()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    read_times.sort()
    out.put({
        "cpu": usage.ru_utime + usage.ru_stime,
        "read_p50": read_times[len(read_times) // 2] if read_times else 0.0,
        "read_p95": read_times[int(0.95 * (len(read_times) - 1))] if read_times else 0.0,
        "seen": seen, "actions": tally.actions, "action_seconds": tally.action_seconds,
        "errors": dict(tally.errors or {}), "reads": sum(f.reads for f in followers), "elapsed": elapsed,
        "reloads": dict(reloads), "connects": sum(f.connects for f in followers), "stopped_at": stopped_at,
        "hints": sum(f.hints for f in followers), "relay_up": relay_up,
    })
