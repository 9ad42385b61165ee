"""What row-level security costs on a team database: claims per second, and the p95 of a list and a search,
on a user's own login (RLS and the rule triggers on) against the owner's connection (a superuser: no RLS),
on the same data.

``python bench/bench_rls.py`` (or ``python bench/run.py rls``). It creates its own PostgreSQL database and roles
(``AGENTDESK_BENCH_PG``: a libpq connection string to the server, default the local one) and drops them after.
40,000 interactions over 4 teams; the claims are the router's (``claim_next``, one process, 2,000 queued
emails a round), the list and the search an agent's (``agentdesk.actions.queries.list_interactions``, the team's
open work, 100 a page; and a text search, 50 a page). Both sides run the same calls as the same user; only
the connection differs. Rounds alternate between the two sides; the median round is reported.
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
QUEUED = 500
ROUNDS = int(os.environ.get("AGENTDESK_BENCH_ROUNDS", "3"))
CALLS = 40  # list and search calls per round and side
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


def _queue(conn: Any, team_id: int) -> None:
    """A fresh queue of QUEUED emails for ``team_id`` (earlier rounds' claims closed first)."""
    conn.execute("UPDATE interactions SET state = 'done', owner_id = NULL WHERE subject = 'claim me'")
    conn.execute(f"""
        INSERT INTO interactions (direction, kind, state, team_id, subject, body_text, "references", to_addrs,
                                  cc_addrs, bcc_addrs, parse_flags, created_at, updated_at, version)
        SELECT 'inbound', 'email', 'queued', {team_id}, 'claim me', '', '[]', '[]', '[]', '[]', '[]', now(), now(), 1
        FROM generate_series(1, {QUEUED})
    """)


def _claims(db: Any, team_id: int) -> float:
    from agentdesk.routing.assign import claim_next

    began, done = time.perf_counter(), 0
    while claim_next(db, team_id) is not None:
        done += 1
    return done / (time.perf_counter() - began)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def _calls(ctx: Any) -> tuple[float, float]:
    from agentdesk.actions.queries import list_interactions

    lists, searches = [], []
    for n in range(CALLS):
        t = time.perf_counter()
        list_interactions(ctx, scope="team", limit=100)
        lists.append(time.perf_counter() - t)
        t = time.perf_counter()
        list_interactions(ctx, scope="team", states=["assigned", "done"], text=WORDS[n % len(WORDS)], limit=50)
        searches.append(time.perf_counter() - t)
    return _p95(lists), _p95(searches)


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
            team_id = int(c.execute("SELECT id FROM teams WHERE name = 'team0'").fetchone()[0])  # type: ignore[index]
            router, agent = Database(base.format(user=prefix + "router")), Database(base.format(user=prefix + "a0_0"))
            opened += [router, agent]
            sides = {"owner (no RLS)": (owner, ActionContext(owner, "a0_0")),
                     "own login (RLS)": (router, ActionContext(agent, "a0_0"))}
            results: dict[str, list[tuple[float, float, float]]] = {side: [] for side in sides}
            for _ in range(ROUNDS):
                for side, (claimer, ctx) in sides.items():
                    _queue(c, team_id)
                    rate = _claims(claimer, team_id)
                    results[side].append((rate, *_calls(ctx)))
    finally:
        for db in opened:
            db.dispose()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for (role,) in conn.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (prefix,)):
                conn.execute(f'DROP ROLE "{role}"')

    def median(side: str, i: int) -> float:
        return statistics.median(r[i] for r in results[side])

    base_side, rls_side = list(results)
    rows = [f"| {side} | {median(side, 0):,.0f} | {median(side, 1):.1f} ms | {median(side, 2):.1f} ms |"
            for side in results]
    cost = [median(rls_side, 0) / median(base_side, 0) - 1, median(rls_side, 1) / median(base_side, 1) - 1,
            median(rls_side, 2) / median(base_side, 2) - 1]
    return "\n".join([
        "## What row-level security costs (team database)",
        "",
        f"{ROWS:,} interactions over {TEAMS} teams of {AGENTS} agents; median of {ROUNDS} alternating rounds. "
        f"Claims: the router's `claim_next` in one process over {QUEUED:,} queued emails, on the router's login "
        "against the owner's connection (a superuser, to which RLS does not apply). List: an agent's team's open "
        "work (`list_interactions`, 100 a page); search: a text search over the team's assigned and done email "
        f"(50 a page); {CALLS} of each per round, p95. Same user, same calls; only the connection differs. "
        "The rule triggers run on both sides. **Taken while 8 other helpers shared the 2-core machine: "
        "the figures are noisy; compare the two lines, not with other sections.**",
        "",
        "| connection | claims/s | list p95 | search p95 |",
        "| --- | ---: | ---: | ---: |",
        *rows,
        f"| RLS cost | {cost[0]:+.0%} | {cost[1]:+.0%} | {cost[2]:+.0%} |",
    ])


if __name__ == "__main__":
    print(run())
