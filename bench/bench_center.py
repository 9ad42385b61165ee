"""A contact center on one PostgreSQL: N headless desktops behind PgBouncer while ``agentdesk router`` ingests.

``python bench/bench_center.py --desks 500`` (or ``--desks 50,200,500``; ``python bench/run.py center`` runs
50, 200 and 500). For each size it creates a database (default ``max_connections`` 100 on the server), a
center of teams of ten (nine agents and a lead, QA review on), one Dovecot mailbox per team, a real PgBouncer
in transaction mode (20 server connections) and ``agentdesk router`` on the mailboxes (direct connection).
The desktops (bench/center_desks.py: the real desk/actions code, no Qt) are spread over ``--procs``
processes; each follows its change feed through PgBouncer and lives a compressed agent's day. First
``--idle`` seconds with no mail (what an idle desktop costs), then ``--seconds`` of mail appended to the
mailboxes at ``--rate`` messages a second, then a drain.

Measured: connections at PostgreSQL (the most seen, sampled every second), change fan-out (from the commit,
seen by a witness LISTENing on a direct connection, to each desktop concerned reading it), actions/s and
claims/s, PostgreSQL's transactions/s (``pg_stat_database``) and the CPU of its backends for this database,
errors, and missed changes (a change concerning a desktop that the desktop never read).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

ADMIN_DSN = os.environ.get("AGENTDESK_BENCH_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
TEAM_SIZE = 10


def _pg_url(name: str, port: int = 5432) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"


def seed(url: str, desks: int) -> list[tuple[str, int, int, str, int, int]]:
    """Teams of TEAM_SIZE (one lead each, the rest agents), options with QA review for every team."""
    from agentdesk.routing import migrate
    from agentdesk.routing.db import Database
    from agentdesk.routing.models import DispositionCode, FromAddress, Option, Team, User

    db = Database(url)
    migrate.upgrade(db)
    out = []
    teams = max(1, desks // TEAM_SIZE)
    with db.write() as s:
        names = [f"team{t:02d}" for t in range(teams)]
        s.add_all([Option(key="qa_review", value={"teams": names, "agents": [], "sample_percent": 0}),
                   Option(key="disposition_required", value=True), Option(key="undo_send_seconds", value=0)])
        s.add(DispositionCode(code="resolved", label={"en": "Resolved", "ja": "解決済み"}))
        for t, name in enumerate(names):
            team = Team(name=name)
            s.add(team)
            s.flush()
            s.add(FromAddress(address=f"{name}@example.com", display_name=name, is_default=t == 0))
            size = TEAM_SIZE if t < teams - 1 else desks - TEAM_SIZE * (teams - 1)
            for k in range(size):
                role = "lead" if k == 0 else "agent"
                login = f"{name}-{role}{k}"
                user = User(login=login, name=login, email=f"{login}@example.com", role=role, team_id=team.id,
                            capacity=5, presence="ready")
                s.add(user)
                s.flush()
                out.append((login, user.id, team.id, role, 0, 1))
    db.dispose()
    return out


class Witness:
    """A direct LISTEN connection reading the whole change log: when each change became visible."""

    def __init__(self, url: str) -> None:
        import psycopg

        from agentdesk.desk.follow import pg_conninfo

        self.conn = psycopg.connect(pg_conninfo(url), autocommit=True)
        self.conn.execute("LISTEN agentdesk_changes")
        self.at: dict[int, float] = {}
        self.rows: dict[int, Any] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from agentdesk.desk.feed import Scope, read_changes_pg

        everyone = Scope(None, None, everything=True)
        cursor = read_changes_pg(self.conn, None, everyone).cursor
        quiet = 0
        while not self._stop.is_set():
            heard = list(self.conn.notifies(timeout=0.2, stop_after=1))
            now = time.time()
            quiet = 0 if heard else quiet + 1
            if not heard and quiet % 10:
                continue  # read on a notification, or every 2 s anyway
            batch = read_changes_pg(self.conn, cursor, everyone)
            cursor = batch.cursor
            for change in batch.changes:
                self.at.setdefault(change.id, now)
                self.rows[change.id] = change

    def close(self) -> None:
        self._stop.set()
        self._thread.join(10)
        self.conn.close()


def _backend_cpu(admin: Any, name: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend connected to database ``name`` (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for (pid,) in admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,)).fetchall():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[int(pid)] = (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            continue
    return out


def _xacts(admin: Any, name: str) -> int:
    row = admin.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                        (name,)).fetchone()
    return int(row[0])


def run_size(desks: int, *, seconds: float, idle: float, rate: float, procs: int, seed_value: int) -> dict[str, Any]:
    import psycopg
    from tests.support import pgbouncer
    from tests.support.dovecot import message, shared_dovecot

    name = f"agentdesk_bench_center_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _pg_url(name)
    people = seed(url, desks)
    teams = sorted({p[2] for p in people})
    team_names = {tid: f"team{i:02d}" for i, tid in enumerate(teams)}
    leads_by_team: dict[int, list[str]] = {}
    for p in people:
        if p[3] == "lead":
            leads_by_team.setdefault(p[2], []).append(p[0])
    people = [(p[0], p[1], p[2], p[3], leads_by_team[p[2]].index(p[0]) if p[3] == "lead" else 0,
               len(leads_by_team[p[2]])) for p in people]

    dovecot = shared_dovecot()
    users = {tid: dovecot.new_user() for tid in teams}
    home = Path(tempfile.mkdtemp(prefix="agentdesk-bench-center-"))
    lines = [f'[routing]\nurl = "{url}"\npassword_env = "BENCH_PG_PW"\n']
    env = dict(os.environ, AGENTDESK_HOME=str(home), BENCH_PG_PW="unused-with-trust")
    for tid in teams:
        team, user = team_names[tid], users[tid]
        imap = dovecot.imap_table(user)
        lines.append(f'[[mailboxes]]\nname = "{team}"\naddress = "{team}@example.com"\nteam = "{team}"\n'
                     f'[mailboxes.imap]\nhost = "{imap["host"]}"\nport = {imap["port"]}\nsecurity = "tls"\n'
                     f'username = "{user.name}"\nca_file = "{imap["ca_file"]}"\npassword_env = "BENCH_PW_{tid}"\n')
        env[f"BENCH_PW_{tid}"] = user.password
    (home / "router.toml").write_text("\n".join(lines), encoding="utf-8")

    bouncer = pgbouncer.PgBouncer(5432, pool_size=20)
    router: subprocess.Popen[bytes] | None = None
    workers: list[Any] = []
    stop_all: list[Any] = []
    try:
        pooled = _pg_url(name, bouncer.port)
        command = str(Path(sys.executable).with_name("agentdesk"))
        router = subprocess.Popen([command, "router", "--config", str(home / "router.toml")],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ctx = multiprocessing.get_context("spawn")
        ready, out, start, stop = ctx.Queue(), ctx.Queue(), ctx.Event(), ctx.Event()
        stop_all.append(stop)
        from bench.center_desks import serve

        chunks = [people[i::procs] for i in range(procs)]
        workers += [ctx.Process(target=serve, args=(pooled, chunk, seed_value + i, ready, start, stop, out))
                   for i, chunk in enumerate(chunks) if chunk]
        for w in workers:
            w.start()
        for _ in workers:
            ready.get(timeout=120)
        admin = psycopg.connect(ADMIN_DSN, autocommit=True)
        witness = Witness(url)
        most = 0
        sampling = threading.Event()

        def sample() -> None:
            nonlocal most
            with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
                while not sampling.wait(1.0):
                    n = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)).fetchone()[0]
                    most = max(most, int(n))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        xb, tb = _xacts(admin, name), time.monotonic()
        time.sleep(idle / 2)  # what the router and the witness cost alone
        baseline = (_xacts(admin, name) - xb) / (time.monotonic() - tb)
        start.set()
        time.sleep(2.0)  # every desktop started and read once (spread over a second)
        x0, t0 = _xacts(admin, name), time.monotonic()
        time.sleep(idle)
        idle_tps = (_xacts(admin, name) - x0) / (time.monotonic() - t0)

        cpu0, x1, t1 = _backend_cpu(admin, name), _xacts(admin, name), time.monotonic()
        wall0 = time.time()
        sent = 0
        while time.monotonic() - t1 < seconds:
            due = int((time.monotonic() - t1) * rate) + 1
            batch = []
            while sent < due:
                tid = teams[sent % len(teams)]
                batch.append((tid, message(sent, sender=f"customer{sent % 997}@example.org")))
                sent += 1
            for tid in {b[0] for b in batch}:
                dovecot.append(users[tid], [m for t, m in batch if t == tid])
            time.sleep(max(0.0, t1 + sent / rate - time.monotonic()))
        mail_elapsed = time.monotonic() - t1
        # drain: until the queue is empty and nothing is left to review (bounded)
        deadline = time.monotonic() + 30
        with psycopg.connect(pooled.replace("postgresql+psycopg", "postgresql"), prepare_threshold=None) as conn:
            while time.monotonic() < deadline:
                left = conn.execute("SELECT count(*) FROM interactions WHERE state IN ('queued', 'review')").fetchone()[0]
                conn.commit()
                if not left:
                    break
                time.sleep(0.5)
        time.sleep(3.0)  # the last changes reach every desktop (3 polls)
        busy_elapsed = time.monotonic() - t1
        x2, cpu1 = _xacts(admin, name), _backend_cpu(admin, name)
        stop.set()
        results = [out.get(timeout=120) for _ in workers]
        for w in workers:
            w.join(60)
        sampling.set()
        sampler.join(5)
        witness.close()
        router.terminate()
        router.wait(30)
        logged = home / "log" / "router.log"  # (a pipe nobody reads would fill up and stop the router)
        router_errors = "\n".join(line for line in (logged.read_text(errors="replace") if logged.exists() else "")
                                   .splitlines() if " ERROR " in line or " WARNING " in line)
        bouncer.close()
        from agentdesk.desk.follow import pg_conninfo

        with psycopg.connect(pg_conninfo(url), autocommit=True) as conn:
            claims = conn.execute("SELECT count(*) FROM history WHERE event = 'assigned' AND created_at >= "
                                  "to_timestamp(%s)", (wall0,)).fetchone()[0]
            stuck = conn.execute("SELECT state, count(*) FROM interactions GROUP BY state").fetchall()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    finally:
        for event in stop_all:
            event.set()
        for w in workers:
            w.join(30)
            if w.is_alive():
                w.kill()
        if router is not None and router.poll() is None:
            router.kill()
            router.wait(10)
        bouncer.close()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as cleanup:
            cleanup.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # fan-out and missed changes: every change the witness saw, against every desktop it concerns
    from agentdesk.desk.feed import Scope

    scopes = {p[0]: Scope(p[1], p[2]) for p in people}
    seen: dict[str, dict[int, float]] = {}
    for r in results:
        seen.update(r["seen"])
    latencies, missed, late = [], 0, 0
    missed_examples: list[str] = []
    horizon = min(r["stopped_at"] for r in results) - 2.0  # later changes could not be read before the stop
    for cid, change in witness.rows.items():
        at = witness.at[cid]
        if at > horizon:
            late += 1
            continue
        for login, scope in scopes.items():
            if not scope.concerns(change):
                continue
            got = seen[login].get(cid)
            if got is None:
                missed += 1
                if len(missed_examples) < 5:
                    missed_examples.append(f"{change} to {login}, {horizon + 2.0 - at:.1f} s before the stop")
                continue
            latencies.append(max(0.0, got - at))
    latencies.sort()
    cpu = sum(cpu1[p] - cpu0.get(p, 0.0) for p in cpu1)
    errors: dict[str, int] = {}
    for r in results:
        for k, v in r["errors"].items():
            errors[k] = errors.get(k, 0) + v
    actions = sum(r["actions"] for r in results)
    reads = sum(r["reads"] for r in results)
    elapsed = max(r["elapsed"] for r in results)
    return {
        "desks": desks, "teams": len(teams), "mails": sent, "asked": int(rate * seconds), "mail_seconds": mail_elapsed, "busy_seconds": busy_elapsed,
        "connections": most, "idle_tps": idle_tps, "idle_baseline_tps": baseline,
        "idle_tps_per_desk": (idle_tps - baseline) / desks,
        "reads_per_desk_s": reads / desks / elapsed, "fanout_n": len(latencies),
        "p50": statistics.median(latencies) if latencies else None,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
        "max": latencies[-1] if latencies else None,
        "actions_s": actions / busy_elapsed, "claims_s": claims / busy_elapsed, "claims": claims,
        "tps": (x2 - x1) / busy_elapsed, "pg_cpu_s": cpu, "pg_cpu_share": cpu / busy_elapsed,
        "errors": errors, "missed": missed, "missed_examples": missed_examples, "changes": len(witness.rows),
        "changes_after_stop": late,
        "reloads": {k: sum(r["reloads"].get(k, 0) for r in results) for r in results for k in r["reloads"]},
        "desk_cpu_share": sum(r["cpu"] for r in results) / elapsed,
        "read_p50": statistics.median(r["read_p50"] for r in results),
        "read_p95": max(r["read_p95"] for r in results),
        "states": dict(stuck), "router_log_tail": router_errors[-600:], "load": os.getloadavg()[0],
    }


def table(rows: list[dict[str, Any]]) -> str:
    """The results table, and a second one saying where the time went."""
    def ms(v: float | None) -> str:
        return "–" if v is None else f"{v * 1000:,.0f} ms"

    out = ["| desktops | PostgreSQL connections (most) | fan-out p50 | p95 | max | actions/s | claims/s | "
           "PostgreSQL tx/s | PostgreSQL CPU (backends of this db) | idle desktop tx/s | errors | missed changes |",
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        out.append(f"| {r['desks']} | {r['connections']} | {ms(r['p50'])} | {ms(r['p95'])} | {ms(r['max'])} | "
                   f"{r['actions_s']:.1f} | {r['claims_s']:.1f} | {r['tps']:,.0f} | {r['pg_cpu_share'] * 100:.0f} % | "
                   f"{r['idle_tps_per_desk']:.2f} | {sum(r['errors'].values())} | {r['missed']} |")
    out += ["", "| desktops | feed reads per desktop per second | one read p50 / p95 | simulator CPU (all desk "
            "processes) | mails in / asked | load average (1 min) at the end |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        asked = r.get("asked", 0)
        out.append(f"| {r['desks']} | {r['reads_per_desk_s']:.2f} | {ms(r.get('read_p50'))} / {ms(r.get('read_p95'))} | "
                   f"{r.get('desk_cpu_share', 0.0) * 100:.0f} % of a core | {r['mails']} / {asked} | {r['load']:.1f} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", default="50,200,500", help="sizes, comma separated (default 50,200,500)")
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds of incoming mail (default 60)")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds without mail first (default 10)")
    parser.add_argument("--rate", type=float, default=0.0, help="messages a second (default: desks / 50)")
    parser.add_argument("--procs", type=int, default=4, help="processes the desktops are spread over (default 4)")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("AGENTDESK_BENCH_SEED", "16")))
    args = parser.parse_args(argv)
    print(f"seed {args.seed}", flush=True)
    rows = []
    for n in [int(x) for x in args.desks.split(",")]:
        rate = args.rate or max(1.0, n / 50)
        print(f"== {n} desktops, {rate:g} messages/s for {args.seconds:g} s", flush=True)
        row = run_size(n, seconds=args.seconds, idle=args.idle, rate=rate, procs=args.procs, seed_value=args.seed)
        for key, value in row.items():
            print(f"  {key}: {value}", flush=True)
        rows.append(row)
    print(table(rows))
    return 0


def run() -> str:
    """For bench/run.py: 50, 200 and 500 desktops, as a Markdown section."""
    rows = [run_size(n, seconds=60.0, idle=10.0, rate=max(1.0, n / 50), procs=4, seed_value=16)
            for n in (50, 200, 500)]
    return "## A center on one PostgreSQL: desktops behind PgBouncer\n\n" + table(rows)


if __name__ == "__main__":
    sys.exit(main())
