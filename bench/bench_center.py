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
#: PgBouncer's max_db_connections and server_idle_timeout for the desktops (the README's file says 60 and 10 for a
#: PostgreSQL of the center's own)
POOLED = int(os.environ.get("AGENTDESK_BENCH_POOLED", "40"))
IDLE_TIMEOUT = int(os.environ.get("AGENTDESK_BENCH_IDLE_TIMEOUT", "2"))


def _pg_url(name: str, port: int = 5432) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{name}"


def _center_file(desks: int, prefix: str) -> str:
    """The center as ``agentdesk admin apply`` takes it: teams of TEAM_SIZE (one lead each, the rest agents), QA
    review for every team, a disposition required, a login per user (``<prefix><login>``) and one router login."""
    teams = max(1, desks // TEAM_SIZE)
    names = [f"team{t:02d}" for t in range(teams)]
    out = [f'[database]\nrole_prefix = "{prefix}"\nrouter_logins = ["router"]\n',
           '[center]\nname = "Bench center"\n',
           "[options]\ndisposition_required = true\nundo_send_seconds = 0\n"
           f"qa_review = {{ teams = [{', '.join(repr(n).replace(chr(39), chr(34)) for n in names)}] }}\n",
           '[[dispositions]]\ncode = "resolved"\nlabel = { en = "Resolved", ja = "解決済み" }\n']
    for t, name in enumerate(names):
        out.append(f'[[from_addresses]]\naddress = "{name}@example.com"\ndisplay_name = "{name}"\n'
                   f"default = {'true' if t == 0 else 'false'}\n")
        out.append(f'[[teams]]\nname = "{name}"\n')
    for t, name in enumerate(names):
        size = TEAM_SIZE if t < teams - 1 else desks - TEAM_SIZE * (teams - 1)
        for k in range(size):
            role = "lead" if k == 0 else "agent"
            login = f"{name}-{role}{k}"
            out.append(f'[[users]]\nlogin = "{login}"\nemail = "{login}@example.com"\nrole = "{role}"\n'
                       f'team = "{name}"\ncapacity = 5\n')
    return "\n".join(out)


def seed(url: str, desks: int, prefix: str) -> list[tuple[str, int, int, str, int, int]]:
    """The center applied as an administrator does (``admin apply``: the schema, the users and their PostgreSQL
    logins, row-level security), every user ready."""
    import tomllib

    from sqlalchemy import text

    from agentdesk.routing import migrate
    from agentdesk.routing.center import apply_center, parse_center
    from agentdesk.routing.db import Database

    db = Database(url)
    migrate.upgrade(db)
    apply_center(db, parse_center(tomllib.loads(_center_file(desks, prefix)), source="the bench center"), roles=True)
    with db.write() as s:
        s.execute(text("UPDATE users SET presence = 'ready'"))
        rows = s.execute(text("SELECT login, id, team_id, role FROM users ORDER BY id")).all()
    db.dispose()
    return [(r[0], int(r[1]), int(r[2]), r[3], 0, 1) for r in rows]


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


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_size(desks: int, *, seconds: float, idle: float, rate: float, procs: int, seed_value: int,
             relay: bool = True) -> dict[str, Any]:
    import psycopg
    from tests.support import pgbouncer
    from tests.support.dovecot import message, shared_dovecot

    name = f"agentdesk_bench_center_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _pg_url(name)
    prefix = f"b{uuid.uuid4().hex[:8]}_"
    people = seed(url, desks, prefix)
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
    print(f"  logs in {home}", flush=True)
    # the router's own login (admin apply made it), direct; loopback without TLS
    router_url = f"postgresql+psycopg://{prefix}router@127.0.0.1:5432/{name}?sslmode=disable"
    lines = [f'[routing]\nurl = "{router_url}"\npassword_env = "BENCH_PG_PW"\n']
    env = dict(os.environ, AGENTDESK_HOME=str(home), BENCH_PG_PW="unused-with-trust")
    for tid in teams:
        team, user = team_names[tid], users[tid]
        imap = dovecot.imap_table(user)
        lines.append(f'[[mailboxes]]\nname = "{team}"\naddress = "{team}@example.com"\nteam = "{team}"\n'
                     f'[mailboxes.imap]\nhost = "{imap["host"]}"\nport = {imap["port"]}\nsecurity = "tls"\n'
                     f'username = "{user.name}"\nca_file = "{imap["ca_file"]}"\npassword_env = "BENCH_PW_{tid}"\n')
        env[f"BENCH_PW_{tid}"] = user.password
    (home / "router.toml").write_text("\n".join(lines), encoding="utf-8")

    # the README's pgbouncer.ini (a pool per user of 2), with at most POOLED PostgreSQL connections for all
    # desktops: this machine's PostgreSQL also serves other work, and its max_connections (100) is for all of it
    bouncer = pgbouncer.PgBouncer(5432, pool_size=2, max_db_connections=POOLED, server_idle_timeout=IDLE_TIMEOUT,
                                  users=tuple(prefix + p[0] for p in people))
    router: subprocess.Popen[bytes] | None = None
    relay_proc: subprocess.Popen[bytes] | None = None
    relay_address: str | None = None
    workers: list[Any] = []
    stop_all: list[Any] = []
    try:
        pooled = _pg_url(name, bouncer.port)
        command = str(Path(sys.executable).with_name("agentdesk"))
        router = subprocess.Popen([command, "router", "--config", str(home / "router.toml")], env=env,
                                  stdout=subprocess.DEVNULL, stderr=(home / "router.err").open("wb"))
        if relay:  # agentdesk relay beside the router, on the router's settings (direct connection)
            relay_address = f"127.0.0.1:{_free_port()}"
            relay_proc = subprocess.Popen([command, "relay", "--config", str(home / "router.toml"),
                                           "--listen", relay_address], env=env, stdout=subprocess.DEVNULL,
                                          stderr=(home / "relay.err").open("wb"))
        ctx = multiprocessing.get_context("spawn")
        ready, out, start, stop = ctx.Queue(), ctx.Queue(), ctx.Event(), ctx.Event()
        stop_all.append(stop)
        from bench.center_desks import serve

        chunks = [people[i::procs] for i in range(procs)]
        workers += [ctx.Process(target=serve, args=(pooled, chunk, seed_value + i, ready, start, stop, out),
                                kwargs={"prefix": prefix, "relay": relay_address})
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
        with psycopg.connect(ADMIN_DSN.replace("dbname=postgres", f"dbname={name}")) as conn:  # direct: not queued
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
        if relay_proc is not None:
            relay_proc.terminate()
            relay_proc.wait(30)
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
        for proc in (router, relay_proc):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(10)
        bouncer.close()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as cleanup:
            cleanup.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        from tests.support.pg_roles import drop_roles

        drop_roles(prefix)

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
        "feed": "relay" if relay else "poll", "hints_per_desk_s": sum(r.get("hints", 0) for r in results) / desks / elapsed,
        "relay_up": sum(r.get("relay_up", 0) for r in results),
    }


def table(rows: list[dict[str, Any]]) -> str:
    """The results table, and a second one saying where the time went."""
    def ms(v: float | None) -> str:
        return "–" if v is None else f"{v * 1000:,.0f} ms"

    out = ["| desktops (feed) | PostgreSQL connections (most) | fan-out p50 | p95 | max | actions/s | claims/s | "
           "PostgreSQL tx/s | PostgreSQL CPU (backends of this db) | idle desktop tx/s | errors | missed changes |",
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        out.append(f"| {r['desks']} ({r.get('feed', 'poll')}) | {r['connections']} | {ms(r['p50'])} | {ms(r['p95'])} | {ms(r['max'])} | "
                   f"{r['actions_s']:.1f} | {r['claims_s']:.1f} | {r['tps']:,.0f} | {r['pg_cpu_share'] * 100:.0f} % | "
                   f"{r['idle_tps_per_desk']:.2f} | {sum(r['errors'].values())} | {r['missed']} |")
    out += ["", "| desktops (feed) | feed reads per desktop per second | relay hints per desktop per second | "
            "desktops on the relay at the end | one read p50 / p95 | simulator CPU (all desk "
            "processes) | mails in / asked | load average (1 min) at the end |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        asked = r.get("asked", 0)
        out.append(f"| {r['desks']} ({r.get('feed', 'poll')}) | {r['reads_per_desk_s']:.2f} | "
                   f"{r.get('hints_per_desk_s', 0.0):.2f} | {r.get('relay_up', 0)} | {ms(r.get('read_p50'))} / {ms(r.get('read_p95'))} | "
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
    parser.add_argument("--feed", choices=("relay", "poll"), default="relay",
                        help="relay: agentdesk relay hints the desktops (default); poll: they read every second")
    args = parser.parse_args(argv)
    print(f"seed {args.seed}", flush=True)
    rows = []
    for n in [int(x) for x in args.desks.split(",")]:
        rate = args.rate or max(1.0, n / 50)
        print(f"== {n} desktops, {rate:g} messages/s for {args.seconds:g} s", flush=True)
        row = run_size(n, seconds=args.seconds, idle=args.idle, rate=rate, procs=args.procs, seed_value=args.seed,
                       relay=args.feed == "relay")
        for key, value in row.items():
            print(f"  {key}: {value}", flush=True)
        rows.append(row)
    print(table(rows))
    return 0


HEADING = "## A center on one PostgreSQL: 50, 200 and 500 desktops behind PgBouncer"


def describe(rows: list[dict[str, Any]], load_before: tuple[float, float, float], command: str) -> str:
    """The section: how it was run (machine, date, load), the tables."""
    import datetime
    import platform

    import psycopg

    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        version = str(conn.execute("SHOW server_version").fetchone()[0]).split()[0]
        max_conn = conn.execute("SHOW max_connections").fetchone()[0]
    bouncer = subprocess.run(["pgbouncer", "--version"], capture_output=True, text=True, check=False).stdout.split()
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{HEADING}\n\n`{command}` on {date}: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, PostgreSQL {version} with `max_connections` = {max_conn}, PgBouncer "
        f"{bouncer[1] if len(bouncer) > 1 else '?'} in transaction mode as the README configures it (a pool of 2 per "
        f"user, at most {POOLED} PostgreSQL connections, idle ones closed after {IDLE_TIMEOUT} s), `agentdesk router` "
        "and `agentdesk relay` on the router's login "
        "(direct connections), Dovecot 2.3, all on this machine. Load average (1, 5, 15 min) before: "
        f"{load_before[0]:.1f} {load_before[1]:.1f} {load_before[2]:.1f}. Teams of ten (nine agents, one lead, "
        "QA review on) applied with `admin apply`: every desktop signs in as its own PostgreSQL login "
        "(`<prefix><login>`), so row-level security is in every read and action. One mailbox per team; mail "
        "appended at desktops / 50 messages a second for 60 s after 10 s without mail. The desktops "
        "(bench/center_desks.py: the real desk and actions code, no Qt) run in 4 processes; each holds one feed "
        "connection to PgBouncer and one TCP connection to the relay, reads its change log when hinted (and every "
        "10 s), and lives a compressed day: open, reply, send to review, disposition, done; leads approve (one in "
        "ten rejected, sent again by its agent). Fan-out is from the commit (seen by a witness LISTENing on a "
        "direct connection) to each desktop concerned (its team, or its user) having read the change; changes "
        "committed in the last 2 s before the desktops stopped are not counted.\n\n" + table(rows))


def run() -> str:
    """For bench/run.py: 50, 200 and 500 desktops, as a Markdown section."""
    before = os.getloadavg()
    rows = [run_size(n, seconds=60.0, idle=10.0, rate=max(1.0, n / 50), procs=4, seed_value=16)
            for n in (50, 200, 500)]
    return describe(rows, before, "AGENTDESK_BENCH_WRITE=1 python bench/run.py center")


if __name__ == "__main__":
    sys.exit(main())
