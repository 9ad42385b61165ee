"""Ingest as users run it, side by side: ``agentdesk router --once`` against mbsync (isync) and offlineimap, as
whole processes on the same Dovecot mailbox, in one run.

``python bench/bench_mbsync.py [N ...]`` (or ``python bench/run.py mbsync``); sizes default to
``AGENTDESK_BENCH_MBSYNC_SIZES`` (``1000,10000,50000``). For each size the bench starts its own Dovecot on
loopback (the test suite's helper), fills one mailbox with the invented messages of ``bench_ingest`` (fixed seed)
and times, ``ROUNDS`` times each and taking turns (median reported):

* **mbsync** — ``mbsync -q`` pulling INBOX over TLS into a fresh Maildir (what a user of a mail client runs);
* **offlineimap** — ``offlineimap -o`` into a fresh Maildir, when installed;
* **agentdesk** — ``agentdesk router --once`` on a fresh SQLite routing database with one ready agent: every
  message fetched, stored exactly, deduplicated, filed in a case, its body parsed (text, HTML, attachments) and
  routed to the agent, all in that one pass. ``AGENTDESK_BUNDLE`` (or a built ``dist/agentdesk``) adds the
  packaged app beside the source install (``bench_gui_stall.bundle_command``).

Then a pass with nothing new for each (the same stores again), 5 times. Wall time, CPU (user + system, the
process and its helper processes) and peak RSS come from ``wait4`` of each process.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = int(os.environ.get("AGENTDESK_BENCH_ROUNDS", "3"))
SIZES = [int(s) for s in os.environ.get("AGENTDESK_BENCH_MBSYNC_SIZES", "1000,10000,50000").split(",") if s]
NOOP_RUNS = 5
#: tools to leave out (``AGENTDESK_BENCH_MBSYNC_SKIP=offlineimap``: it takes ~4× agentdesk's time at 50,000)
SKIP = set(os.environ.get("AGENTDESK_BENCH_MBSYNC_SKIP", "").split(","))
PASSWORD_ENV = "AGENTDESK_BENCH_IMAP_PASSWORD"


#: GNU time measures peak RSS: a child forked from this (large) Python process would report this process's
#: memory as its own peak, so the tools are started by ``time`` (small) instead
GNU_TIME = "/usr/bin/time"


#: the router's log lines that mark its milestones (agentdesk.routing.engine): every message stored and routed to
#: its agent (visible on the agent's desktop, read from its raw bytes), then every body parsed (searchable)
MARKS = {"routed": "stored and routed", "parsed": "every body parsed"}


def timed(cmd: Sequence[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``cmd`` to its end: wall seconds, CPU seconds (its own and its waited-for children's), peak RSS MB, and
    the seconds from its start to each milestone of :data:`MARKS` that it logged (read as the lines come)."""
    wrapped = [GNU_TIME, "-f", "BENCH-RSS-KB %M", *cmd] if os.path.exists(GNU_TIME) else list(cmd)
    t0 = time.perf_counter()
    proc = subprocess.Popen(wrapped, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    marks: dict[str, float] = {}
    lines = []
    for line in proc.stderr:
        lines.append(line)
        for key, needle in MARKS.items():
            if key not in marks and needle.encode() in line:
                marks[key] = time.perf_counter() - t0
    err = b"".join(lines)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
    rss = [line.split()[-1] for line in err.decode(errors="replace").splitlines() if line.startswith("BENCH-RSS-KB")]
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": int(rss[-1]) / 1024 if rss else usage.ru_maxrss / 1024,
            **{key: marks.get(key, wall) for key in MARKS}}


def mbsync_config(folder: Path, dovecot: Any, user: Any) -> Path:
    (folder / "mail").mkdir(parents=True, exist_ok=True)
    config = folder / "mbsyncrc"
    config.write_text(
        f"IMAPAccount bench\nHost localhost\nPort {dovecot.imaps_port}\nUser {user.name}\nPass {user.password}\n"
        f"SSLType IMAPS\nCertificateFile {dovecot.cert_file}\n\n"
        "IMAPStore remote\nAccount bench\n\n"
        f"MaildirStore local\nPath {folder}/mail/\nInbox {folder}/mail/INBOX\n\n"
        "Channel bench\nFar :remote:\nNear :local:\nPatterns INBOX\nSync Pull\nCreate Near\nSyncState *\n",
        encoding="utf-8")
    return config


def offlineimap_config(folder: Path, dovecot: Any, user: Any) -> Path:
    (folder / "mail").mkdir(parents=True, exist_ok=True)
    config = folder / "offlineimaprc"
    config.write_text(
        f"[general]\naccounts = bench\nmetadata = {folder}/meta\nui = quiet\n\n"
        "[Account bench]\nlocalrepository = local\nremoterepository = remote\n\n"
        f"[Repository local]\ntype = Maildir\nlocalfolders = {folder}/mail\n\n"
        f"[Repository remote]\ntype = IMAP\nremotehost = localhost\nremoteport = {dovecot.imaps_port}\n"
        f"remoteuser = {user.name}\nremotepass = {user.password}\nssl = yes\n"
        f"sslcacertfile = {dovecot.cert_file}\nfolderfilter = lambda f: f == 'INBOX'\nreadonly = True\n",
        encoding="utf-8")
    return config


def make_template(folder: Path) -> Path:
    """A routing database with the team ``support`` and one ready agent with room for everything."""
    from agentdesk.routing import migrate
    from agentdesk.routing.db import Database
    from agentdesk.routing.models import Team, User

    path = folder / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.write() as s:
        team = Team(name="support")
        s.add(team)
        s.flush()
        s.add(User(login="sato", name="Sato", email="sato@example.com", role="agent", team_id=team.id,
                   capacity=10_000_000, presence="ready"))
    db.dispose()
    return path


def agentdesk_config(folder: Path, database: Path, dovecot: Any, user: Any) -> Path:
    config = folder / f"router-{uuid.uuid4().hex[:8]}.toml"
    config.write_text(f"""
[routing]
url = "sqlite:///{database}"

[[mailboxes]]
name = "support"
address = "support@example.com"
team = "support"

[mailboxes.imap]
host = "127.0.0.1"
port = {dovecot.imaps_port}
security = "tls"
ca_file = "{dovecot.cert_file}"
username = "{user.name}"
password_env = "{PASSWORD_ENV}"
batch_size = 200
timeout = 120
""", encoding="utf-8")
    return config


def check_agentdesk(database: Path, n: int) -> None:
    """Every message stored once, its body parsed, and routed to the agent."""
    import sqlite3

    conn = sqlite3.connect(database)
    try:
        stored, pending, routed = conn.execute(
            "SELECT count(*), sum(parse_flags LIKE '%body_pending%'), sum(owner_id IS NOT NULL AND state = 'assigned') "
            "FROM interactions").fetchone()
    finally:
        conn.close()
    if (stored, pending, routed) != (n, 0, n):
        raise RuntimeError(f"agentdesk: {stored} stored, {pending} bodies pending, {routed} routed of {n}")


def maildir_count(folder: Path) -> int:
    return sum(len(os.listdir(d)) for d in (folder / "mail" / "INBOX" / "cur", folder / "mail" / "INBOX" / "new")
               if d.is_dir())


def commands() -> dict[str, list[str]]:
    from bench.bench_gui_stall import bundle_command, source_command

    found = {"agentdesk (source install)": source_command()}
    bundle = bundle_command()
    if bundle:
        found["agentdesk (packaged app)"] = bundle
    return found


def measure(n: int) -> dict[str, Any]:
    from tests.support.dovecot import DOVECOT, Dovecot

    from bench.bench_ingest import corpus

    if not DOVECOT.exists() or shutil.which("mbsync") is None:
        raise RuntimeError("needs dovecot-imapd and isync (apt-get install dovecot-imapd isync)")
    messages = corpus(n)
    root = Path(tempfile.mkdtemp(prefix="agentdesk-bench-mbsync-dovecot-"))
    root.chmod(0o755)
    work = Path(tempfile.mkdtemp(prefix="agentdesk-bench-mbsync-"))
    dovecot = Dovecot(root)
    env = {**os.environ}
    first: dict[str, list[dict[str, float]]] = {}
    noop: dict[str, list[dict[str, float]]] = {}
    try:
        dovecot.start()
        user = dovecot.new_user()
        dovecot.append(user, messages)
        env[PASSWORD_ENV] = user.password
        template = make_template(work)
        runners: dict[str, Callable[[Path], tuple[list[str], Callable[[], None]]]] = {}

        def mbsync(folder: Path) -> tuple[list[str], Callable[[], None]]:
            config = mbsync_config(folder, dovecot, user)

            def check() -> None:
                if maildir_count(folder) != n:
                    raise RuntimeError(f"mbsync copied {maildir_count(folder)} of {n}")
            return ["mbsync", "-q", "-c", str(config), "bench"], check

        runners["mbsync"] = mbsync
        if shutil.which("offlineimap") and "offlineimap" not in SKIP:
            def offlineimap(folder: Path) -> tuple[list[str], Callable[[], None]]:
                config = offlineimap_config(folder, dovecot, user)

                def check() -> None:
                    if maildir_count(folder) != n:
                        raise RuntimeError(f"offlineimap copied {maildir_count(folder)} of {n}")
                return ["offlineimap", "-o", "-u", "quiet", "-c", str(config)], check

            runners["offlineimap"] = offlineimap
        for label, command in commands().items():
            def ours(folder: Path, command: list[str] = command) -> tuple[list[str], Callable[[], None]]:
                folder.mkdir(parents=True, exist_ok=True)
                database = folder / "routing.sqlite3"
                shutil.copyfile(template, database)
                config = agentdesk_config(folder, database, dovecot, user)
                return [*command, "router", "--once", "--config", str(config)], lambda: check_agentdesk(database, n)

            runners[label] = ours
        folders: dict[str, Path] = {}
        for r in range(ROUNDS):
            for label, runner in runners.items():
                folder = work / f"{label.split()[0]}-{r}-{uuid.uuid4().hex[:6]}"
                folder.mkdir()
                cmd, check = runner(folder)
                home = {"AGENTDESK_HOME": str(folder / "home")}
                try:
                    got = timed(cmd, {**env, **home})
                    check()
                except RuntimeError as exc:
                    print(f"  {label}: {exc}", file=sys.stderr, flush=True)
                    runners = {k: v for k, v in runners.items() if k != label}
                    continue
                got["load"] = os.getloadavg()[0]
                first.setdefault(label, []).append(got)
                folders[label] = folder
                print(f"  {n}: {label}: {got}", file=sys.stderr, flush=True)
                if r == ROUNDS - 1:  # the same store, nothing new
                    for _ in range(NOOP_RUNS):
                        noop.setdefault(label, []).append(timed(cmd, {**env, **home}))
                else:
                    shutil.rmtree(folder, ignore_errors=True)
    finally:
        dovecot.stop()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
    return {"n": n, "mb": sum(len(m) for m in messages) / 1e6, "first": first, "noop": noop}


def _med(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def in_process_noop() -> float:
    """A pass with nothing new, in-process (the engine's run_once on a mailbox already ingested), median of 5."""
    from tests.support.dovecot import Dovecot

    from agentdesk.config.mailboxes import parse_mailbox
    from agentdesk.routing.db import Database
    from agentdesk.routing.engine import Engine
    from bench.bench_ingest import corpus

    root = Path(tempfile.mkdtemp(prefix="agentdesk-bench-noop-dovecot-"))
    root.chmod(0o755)
    work = Path(tempfile.mkdtemp(prefix="agentdesk-bench-noop-"))
    dovecot = Dovecot(root)
    try:
        dovecot.start()
        user = dovecot.new_user()
        dovecot.append(user, corpus(200))
        os.environ[PASSWORD_ENV] = user.password
        mailbox = parse_mailbox({"name": "support", "address": "support@example.com", "team": "support",
                                 "imap": dovecot.imap_table(user, password_env=PASSWORD_ENV)})
        db = Database(f"sqlite:///{make_template(work)}")
        # as a running service: its IMAP connection kept from one pass to the next
        engine = Engine(db, [mailbox], ssl_contexts={"support": dovecot.ssl_context()}, keep_connections=True)
        engine.run_once()
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            engine.run_once()
            times.append(time.perf_counter() - t0)
        engine.close()
        db.dispose()
        return statistics.median(times)
    finally:
        dovecot.stop()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)


def _x(value: float, base: float | None) -> str:
    return f"{value / base:.2f}×" if base else "—"


def report(results: list[dict[str, Any]], inproc: float | None) -> str:
    import datetime
    import platform

    loads = [r["load"] for res in results for runs in res["first"].values() for r in runs]
    lines = [
        "## Ingest as whole processes: agentdesk router --once beside mbsync and offlineimap",
        "",
        f"*Measured {datetime.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, at normal priority on a machine shared with other sessions' work (load "
        f"average {min(loads, default=0):.1f}–{max(loads, default=0):.1f} during the runs): the ratios, taken in the "
        "same run with the tools taking turns, are the figures to read.*",
        "",
        "The same Dovecot mailbox (on loopback, IMAP over TLS; the invented messages of the ingest bench, fixed "
        f"seed), each tool as the whole process a user runs, in one run, taking turns; median of {ROUNDS}. "
        "mbsync and offlineimap copy the mail into a fresh Maildir (mbsync with its default `FSync yes`); "
        "`agentdesk router --once` stores every message exactly, deduplicates, files it in a case, routes it to the "
        "one ready agent and parses its body (text, HTML, attachments), on a fresh SQLite file. *Routed*: seconds "
        "from the start of the process until its log says every message is stored and routed (the agent sees "
        "them: the email view reads the raw bytes); *parsed*: until every body is parsed and searchable; *wall*: "
        "until the process has exited. CPU = user + system of the process and its helper processes; peak RSS of "
        "the largest of them (GNU time). Targets: routed ≤ 1.0× mbsync's wall time, parsed ≤ 1.5×.",
        "",
        "| messages | tool | routed s | × mbsync | parsed s | × mbsync | wall s | CPU s | × mbsync (CPU) "
        "| peak RSS MB | load |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for res in results:
        first = res["first"]
        base = first.get("mbsync")
        bwall = _med(base, "wall") if base else None
        bcpu = _med(base, "cpu") if base else None
        for label, runs in first.items():
            wall, cpu = _med(runs, "wall"), _med(runs, "cpu")
            load = f"{min(r['load'] for r in runs):.1f}–{max(r['load'] for r in runs):.1f}"
            if label in ("mbsync", "offlineimap"):
                lines.append(f"| {res['n']:,} | {label} | | | | | {wall:.2f} | {cpu:.2f} | "
                             f"{_x(cpu, bcpu) if label != 'mbsync' else '—'} | {_med(runs, 'rss'):.0f} | {load} |")
                continue
            routed, parsed = _med(runs, "routed"), _med(runs, "parsed")
            lines.append(f"| {res['n']:,} | {label} | {routed:.2f} | {_x(routed, bwall)} | {parsed:.2f} | "
                         f"{_x(parsed, bwall)} | {wall:.2f} | {cpu:.2f} | {_x(cpu, bcpu)} | {_med(runs, 'rss'):.0f} | "
                         f"{load} |")
    lines += ["", "A pass with nothing new (the same stores again; median of 5 whole processes). Targets: ≤ 0.3 s "
              "as a whole process, ≤ 0.05 s in-process.", "",
              "| messages | tool | wall s | CPU s | peak RSS MB | × mbsync (wall) |", "| ---: | --- | ---: | ---: | ---: | ---: |"]
    for res in results:
        base = res["noop"].get("mbsync")
        for label, runs in res["noop"].items():
            ratio = f"{_med(runs, 'wall') / _med(base, 'wall'):.1f}×" if base and label != "mbsync" else "—"
            lines.append(f"| {res['n']:,} | {label} | {_med(runs, 'wall'):.3f} | {_med(runs, 'cpu'):.3f} | "
                         f"{_med(runs, 'rss'):.0f} | {ratio} |")
    if inproc is not None:
        lines += ["", f"In-process (`Engine.run_once()` on a mailbox of 200 messages already ingested, its IMAP "
                  f"connection kept from one pass to the next as a running router keeps it; median of 5): "
                  f"{inproc:.3f} s."]
    return "\n".join(lines)


def run(sizes: Sequence[int] | None = None) -> str:
    results = [measure(n) for n in (sizes or SIZES)]
    return report(results, in_process_noop())


if __name__ == "__main__":
    print(run([int(a) for a in sys.argv[1:]] or None))
