"""What row-level security costs on a team database: claims per second, and the p95 of a list and a search,
on a user's own login (RLS and the rule triggers on) against the owner's connection (a superuser: no RLS),
on the same data.

``python bench/bench_rls.py`` (or ``python bench/run.py rls``). It creates its own PostgreSQL database and roles
(``AGENTDESK_BENCH_PG``: a libpq connection string to the server, default the local one) and drops them after.
40,000 interactions over 4 teams; the claims are the router's (``claim_next``, one process, 400 queued emails a
round and side), the list and the search an agent's (``agentdesk.actions.queries.list_interactions``, the team's
open work, 100 a page; and a text search, 50 a page). Both sides run the same calls as the same user; only
the connection differs. The two sides run interleaved, call by call, so that a shared machine's load falls on
both alike.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ADMIN_DSN = os.environ.get("AGENTDESK_BENCH_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
TEAMS = 4
AGENTS = 5  # per team
ROWS = 40_000
QUEUED = 400
ROUNDS = int(os.environ.get("AGENTDESK_BENCH_ROUNDS", "3"))
CALLS = 60  # list and search calls per round and side
WORDS = ("invoice", "delivery", "password", "refund", "請求書", "納期")


def _center(prefix: str) -> dict[str, Any]:
    teams = [f"team{t}" for t in range(TEAMS)]
    users = [{"login": f"a{t}_{n}", "email": f"a{t}_{n}@example.com", "role": "agent", "team": team,
              "capacity": 1000} for t, team in enumerate(teams) for n in range(AGENTS)]
    return {"center": {"name": "RLS bench"}, "database": {"role_prefix": prefix},
            "teams": [{"name": t} for t in teams], "users": users}


def _seed(conn: Any) -> None:
    words = ", ".join(f"'{w}'" for w in WORDS)
    conn.execute(f"""
        INSERT INTO interactions (direction, kind, state, owner_id, team_id, subject, body_text, "references",
                                  to_addrs, cc_addrs, bcc_addrs, parse_flags, created_at, updated_at, version)
        SELECT 'inbound', 'email', CASE WHEN g % 5 = 0 THEN 'assigned' ELSE 'done' END,
               CASE WHEN g % 5 = 0 THEN u.id END, u.team_id,
               'Question ' || g || ' about ' || (ARRAY[{words}])[1 + g % {len(WORDS)}],
               'Hello, this is message ' || g || ' of the bench about ' || (ARRAY[{words}])[1 + (g / 7) % {len(WORDS)}],
               '[]', '["support@example.com"]', '[]', '[]', '[]', now() - g * interval '1 minute', now(), 1
        FROM generate_series(1, {ROWS}) g
        JOIN (SELECT id, team_id, row_number() OVER (ORDER BY id) - 1 AS n FROM users) u
          ON u.n = g % {TEAMS * AGENTS}
    """)
    conn.execute("ANALYZE")


def _queue(conn: Any, team_ids: list[int]) -> None:
    """A fresh queue of QUEUED emails for each team (earlier rounds' claims closed first)."""
    conn.execute("UPDATE interactions SET state = 'done', owner_id = NULL WHERE subject = 'claim me'")
    for team_id in team_ids:
        conn.execute(f"""
            INSERT INTO interactions (direction, kind, state, team_id, subject, body_text, "references", to_addrs,
                                      cc_addrs, bcc_addrs, parse_flags, created_at, updated_at, version)
            SELECT 'inbound', 'email', 'queued', {team_id}, 'claim me', '', '[]', '[]', '[]', '[]', '[]', now(),
                   now(), 1
            FROM generate_series(1, {QUEUED})
        """)


def _timed(call: Any) -> float:
    t = time.perf_counter()
    call()
    return time.perf_counter() - t


def _round(sides: dict[str, tuple[Any, int, Any]]) -> dict[str, dict[str, list[float]]]:
    """One round, the two sides interleaved call by call (so that the machine's load falls on both alike):
    claims until each side's queue is empty, then the lists and searches."""
    from agentdesk.actions.queries import list_interactions
    from agentdesk.routing.assign import claim_next

    times: dict[str, dict[str, list[float]]] = {side: {"claim": [], "list": [], "search": []} for side in sides}
    active = set(sides)
    while active:
        for side in list(active):
            claimer, team_id, _ = sides[side]
            t = time.perf_counter()
            if claim_next(claimer, team_id) is None:
                active.discard(side)
            else:
                times[side]["claim"].append(time.perf_counter() - t)
    for n in range(CALLS):
        word = WORDS[n % len(WORDS)]
        for side, (_, _, ctx) in sides.items():
            times[side]["list"].append(_timed(lambda ctx=ctx: list_interactions(ctx, scope="team", limit=100)))
            times[side]["search"].append(_timed(lambda ctx=ctx, word=word: list_interactions(
                ctx, scope="team", states=["assigned", "done"], text=word, limit=50)))
    return times


def run() -> str:
    import psycopg

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from agentdesk.actions import ActionContext
    from agentdesk.routing import migrate
    from agentdesk.routing.center import apply_center, parse_center
    from agentdesk.routing.db import Database

    prefix = f"bench{uuid.uuid4().hex[:6]}_"
    name = f"agentdesk_bench_rls_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    params = psycopg.conninfo.conninfo_to_dict(ADMIN_DSN)
    base = f"postgresql+psycopg://{{user}}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    owner = Database(base.format(user=params.get("user", "postgres")))
    opened = [owner]
    try:
        migrate.upgrade(owner)
        apply_center(owner, parse_center(_center(prefix)), roles=True)
        with psycopg.connect(owner.url.set(drivername="postgresql").render_as_string(False), autocommit=True) as c:
            _seed(c)
            teams = [int(r[0]) for r in c.execute("SELECT id FROM teams WHERE name IN ('team0', 'team1') ORDER BY name")]
            router, agent = Database(base.format(user=prefix + "router")), Database(base.format(user=prefix + "a0_0"))
            opened += [router, agent]
            sides = {"owner (no RLS)": (owner, teams[0], ActionContext(owner, "a0_0")),
                     "own login (RLS)": (router, teams[1], ActionContext(agent, "a0_0"))}
            results: dict[str, dict[str, list[float]]] = {side: {"claim": [], "list": [], "search": []}
                                                          for side in sides}
            for _ in range(ROUNDS):
                _queue(c, teams)
                for side, times in _round(sides).items():
                    for what, samples in times.items():
                        results[side][what] += samples
    finally:
        for db in opened:
            db.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for (role,) in conn.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (prefix,)):
                conn.execute(f'DROP ROLE "{role}"')

    def ms(side: str, what: str, q: int) -> float:
        return statistics.quantiles(results[side][what], n=20)[q - 1] * 1000 if q < 20 else 0.0

    def rate(side: str) -> float:
        return len(results[side]["claim"]) / sum(results[side]["claim"])

    base_side, rls_side = list(results)
    rows = [f"| {side} | {rate(side):,.0f} | {ms(side, 'claim', 19):.1f} ms | {ms(side, 'list', 10):.1f} ms | "
            f"{ms(side, 'list', 19):.1f} ms | {ms(side, 'search', 10):.1f} ms | {ms(side, 'search', 19):.1f} ms |"
            for side in results]

    def more(what: str, q: int) -> str:
        return f"{ms(rls_side, what, q) / ms(base_side, what, q) - 1:+.0%}"

    rows.append(f"| own login vs owner | {rate(rls_side) / rate(base_side) - 1:+.0%} | {more('claim', 19)} | "
                f"{more('list', 10)} | {more('list', 19)} | {more('search', 10)} | {more('search', 19)} |")
    return "\n".join([
        "## What row-level security costs (team database)",
        "",
        f"{ROWS:,} interactions over {TEAMS} teams of {AGENTS} agents; {ROUNDS} rounds. Claims: the router's "
        f"`claim_next`, one process, {QUEUED:,} queued emails a round per side, on the router's login against the "
        "owner's connection (a superuser, to which RLS does not apply). List: an agent's team's open work "
        "(`list_interactions`, 100 a page); search: a text search over the team's assigned and done email "
        f"(50 a page); {CALLS} of each per round and side. Same user, same calls; only the connection differs. "
        "The two sides run interleaved, call by call, so that the load of the machine falls on both alike; the "
        "rule triggers run on both sides. **Taken while 8 other helpers shared the 2-core machine (load average "
        "about 15): absolute figures are several times what an idle machine gives; compare the two lines.**",
        "",
        "| connection | claims/s | claim p95 | list p50 | list p95 | search p50 | search p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
    ])


if __name__ == "__main__":
    print(run())
