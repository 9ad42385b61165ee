"""The fault harness, longer: ``python bench/bench_faults.py --trials 500 [--seed N]`` (or ``bench/run.py faults``).

It runs ``pytest tests/faults`` with ``AGENTDESK_FAULT_TRIALS`` set (SIGKILL trials of each kind on SQLite; two
fifths of that on PostgreSQL), collects each test's tally (trials, kills, lost, duplicated, double sends,
uncertain, retried) and writes them as the "Fault harness" section of bench/RESULTS.md (the rest of the file is
left as it is). CI runs the same tests with 50 trials; ``--seed`` replays a run (kill points exactly; kills after
a delay only as far as timing allows).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HEADING = "## Fault harness"


def measure(trials: int, seed: int | None = None) -> tuple[list[dict[str, object]], float, float, int]:
    """(tallies, wall seconds, CPU seconds of the run and its children, pytest's exit code)"""
    with tempfile.TemporaryDirectory(prefix="agentdesk-faults-") as folder:
        results = Path(folder) / "results.jsonl"
        env = {**os.environ, "AGENTDESK_FAULT_TRIALS": str(trials), "AGENTDESK_FAULT_RESULTS": str(results)}
        if seed is not None:
            env["AGENTDESK_FAULT_SEED"] = str(seed)
        before = os.times()
        started = time.monotonic()
        code = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/faults"],
                              cwd=ROOT, env=env).returncode
        wall = time.monotonic() - started
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        tallies = [json.loads(line) for line in results.read_text().splitlines()] if results.exists() else []
    return tallies, wall, cpu, code


def section(tallies: list[dict[str, object]], trials: int, wall: float, cpu: float, code: int) -> str:
    rows = ["| fault | backend | trials | SIGKILLs | lost | duplicated | double sends | uncertain | retried | "
            "actions | seed |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for t in tallies:
        rows.append(f"| {t['kind']} | {t['backend']} | {t['trials']} | {t['killed']} | {t['lost']} | "
                    f"{t['duplicated']} | {t['double_sends']} | {t['uncertain']} | {t['retried']} | "
                    f"{t['actions']} | {t['seed']} |")
    total = {k: sum(int(str(t[k])) for t in tallies) for k in ("killed", "lost", "duplicated", "double_sends")}
    return "\n".join([
        HEADING, "",
        f"`python bench/bench_faults.py --trials {trials}` on {datetime.date.today().isoformat()} "
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; the machine was shared "
        "with other work, so the times are loaded figures): "
        f"{'all tests passed' if code == 0 else f'pytest exit code {code}'}, {wall:.0f} s wall, "
        f"{cpu:.0f} s CPU (pytest, its trial children and servers it started). "
        f"{total['killed']} SIGKILLs in all: {total['lost']} lost, {total['duplicated']} duplicated, "
        f"{total['double_sends']} double sends. What each fault does and checks: docs/faults.md.",
        "", *rows, "",
        "*uncertain*: sends a kill left between the end of the data and the server's answer, shown to the agent "
        "(the harness then decides each as the agent would, and every reply ends delivered exactly once); for "
        "the PostgreSQL cut, actions whose commit reached the server unconfirmed. *retried*: sends retried on "
        "their own (a kill before the end of the data, a 421/451) or reconnects (Dovecot restart).", "",
    ])


def write(text: str, path: Path = HERE / "RESULTS.md") -> None:
    """Replace (or add) this section of RESULTS.md, leaving the others as they are."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: text + "\n", current)
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(updated, encoding="utf-8")


def run() -> str:
    """The section for ``bench/run.py``: ``AGENTDESK_FAULT_TRIALS`` trials (default 50, CI's size)."""
    trials = int(os.environ.get("AGENTDESK_FAULT_TRIALS", "50"))
    tallies, wall, cpu, code = measure(trials)
    return section(tallies, trials, wall, cpu, code)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=500, help="SIGKILL trials of each kind on SQLite")
    parser.add_argument("--seed", type=int, default=None, help="replay a run")
    args = parser.parse_args()
    tallies, wall, cpu, code = measure(args.trials, args.seed)
    text = section(tallies, args.trials, wall, cpu, code)
    print(text)
    write(text)
    return code


if __name__ == "__main__":
    sys.exit(main())
