"""SIGKILL trials of the outbox sender: ``python bench/bench_outbox_kill.py [--trials N] [--seed S] [--sqlite-only]``.

Each trial starts a sender process and SIGKILLs it at a seeded random moment while it sends replies to a loopback
SMTP server that thinks 0–500 ms before answering each message; half the replies belong to a mailbox whose
server files what it takes in its (Dovecot) Sent folder, half to one whose Sent copy agentdesk files. After the
last trial a sender runs undisturbed. See ``tests/support/outbox_trials.py`` for what is counted. ``run()`` gives
the Markdown section of bench/RESULTS.md (40 trials on SQLite and on PostgreSQL); a longer run is one command:
``python bench/bench_outbox_kill.py --trials 400``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

TRIALS = 40
SEED = 17


def _runs(trials: int, seed: int, sqlite_only: bool) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.support.databases import create_pg_database, drop_pg_database, pg_available
    from tests.support.dovecot import DOVECOT, Dovecot
    from tests.support.outbox_trials import TrialResult, run_trials, table

    from agentdesk.routing import migrate
    from agentdesk.routing.db import Database

    if not DOVECOT.exists():
        return "## Outbox SIGKILL trials\n\nSkipped: dovecot-imapd is not installed.\n"
    root = Path(tempfile.mkdtemp(prefix="agentdesk-bench-dovecot-"))
    root.chmod(0o755)
    work = Path(tempfile.mkdtemp(prefix="agentdesk-bench-kill-"))
    dovecot = Dovecot(root)
    results: list[tuple[str, TrialResult]] = []
    try:
        dovecot.start()
        db = Database(f"sqlite:///{work / 'routing.sqlite3'}")
        migrate.upgrade(db)
        results.append(("SQLite", run_trials(db, dovecot, trials=trials, seed=seed)))
        db.dispose()
        if not sqlite_only and pg_available():
            url = create_pg_database("agentdesk_bench_kill")
            try:
                pg = Database(url)
                migrate.upgrade(pg)
                results.append(("PostgreSQL", run_trials(pg, dovecot, trials=trials, seed=seed)))
                pg.dispose()
            finally:
                drop_pg_database(url)
    finally:
        dovecot.stop()
        shutil.rmtree(work, ignore_errors=True)
    problems = [f"- {name}: {p}" for name, r in results for p in r.problems]
    verdict = "**all invariants held**" if all(r.ok for _, r in results) and not problems else "**INVARIANT BROKEN**"
    return "\n".join([
        "## Outbox SIGKILL trials",
        "",
        f"`python bench/bench_outbox_kill.py --trials {trials} --seed {seed}` (the test suite runs 8 trials with a "
        "random seed). Each trial SIGKILLs a sender process at a seeded random moment (0–1.5 s after it is ready) "
        "while it sends replies to a loopback SMTP server (aiosmtpd) that answers each message after 0–500 ms; half "
        "the replies belong to a mailbox whose server files what it takes in its Dovecot Sent folder (decided there "
        "after a 1 s grace period), half to one whose Sent copy agentdesk files. After the last trial a sender runs "
        "undisturbed until nothing is left. Taken on the shared 2-core machine while other helpers ran their tests "
        "(times are under load).",
        "",
        table(results),
        "",
        f"Invariants (0 double sends, 0 sent without exactly one Sent copy, 0 uncertain without an end of data at "
        f"the server, 0 uncertain left where the Sent folder decides): {verdict}",
        *(["", *problems] if problems else []),
    ]) + "\n"


def run() -> str:
    return _runs(TRIALS, SEED, sqlite_only=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=TRIALS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    print(_runs(args.trials, args.seed, args.sqlite_only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
