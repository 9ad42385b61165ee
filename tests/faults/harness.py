"""The test side of the fault harness: seeds, the warm zygote, SIGKILL trials and their tally.

Seeds: ``AGENTDESK_FAULT_SEED`` replays a run (every test prints the seed it used); without it each test draws
one. ``AGENTDESK_FAULT_TRIALS`` sets the number of SIGKILL trials of each kind (default 50, what CI runs);
``bench/bench_faults.py`` runs longer. ``AGENTDESK_FAULT_RESULTS`` names a JSON-lines file each test appends its
tally to (the bench writes bench/RESULTS.md from it).

A trial: the test prepares work, asks the zygote for a child running a job, and the child dies by SIGKILL — at
a kill point drawn from the seed (even trials: a count of statements, commits and mail commands, replayable) or
after a random delay (odd trials) — then the test recovers (a fresh child runs the job to its end) and checks
the invariants. Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: how long any one child may run before the trial fails
CHILD_DEADLINE = 90.0


def trials(backend: str = "sqlite") -> int:
    """SIGKILL trials of one kind: ``AGENTDESK_FAULT_TRIALS`` (default 50) on SQLite, the standalone shape; two
    fifths of that (at least 10) on PostgreSQL, the team shape, to keep CI inside its budget."""
    n = int(os.environ.get("AGENTDESK_FAULT_TRIALS", "50"))
    return n if backend == "sqlite" else max(10, n * 2 // 5)


def backend_db(request: Any, backend: str) -> Any:
    """The routing database fixture of ``backend`` (sqlite | postgres)."""
    return request.getfixturevalue("sqlite_db" if backend == "sqlite" else "pg_db")


def seed_for(name: str) -> int:
    """The run's seed (from ``AGENTDESK_FAULT_SEED`` or fresh), printed so that a failure can be replayed."""
    given = os.environ.get("AGENTDESK_FAULT_SEED")
    seed = int(given) if given else random.SystemRandom().randrange(2**32)
    print(f"\n{name}: seed {seed} (replay with AGENTDESK_FAULT_SEED={seed})")
    return seed


@dataclass
class Tally:
    """What a fault test saw; ``lost``, ``duplicated`` and ``double_sends`` must stay 0."""

    kind: str
    backend: str = "sqlite"
    seed: int = 0
    trials: int = 0
    killed: int = 0
    lost: int = 0
    duplicated: int = 0
    double_sends: int = 0
    uncertain: int = 0
    retried: int = 0
    actions: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def save(self) -> None:
        target = os.environ.get("AGENTDESK_FAULT_RESULTS")
        if target:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(asdict(self)) + "\n")
        print(f"{self.kind} [{self.backend}]: {self.trials} trials, {self.killed} killed, lost {self.lost}, "
              f"duplicated {self.duplicated}, double sends {self.double_sends}, uncertain {self.uncertain}, "
              f"retried {self.retried}, {self.actions} actions, {self.seconds:.1f} s")


@dataclass(frozen=True)
class ChildRun:
    """One child's end: its exit code (negative: the signal), its log entries and its output."""

    exit: int
    entries: list[dict[str, Any]]
    output: str
    seconds: float
    cpu: float = 0.0

    @property
    def killed(self) -> bool:
        return self.exit == -signal.SIGKILL

    @property
    def ticks(self) -> int | None:
        done = [e for e in self.entries if e.get("op") == "finished"]
        return int(done[-1]["ticks"]) if done else None

    def ops(self) -> list[dict[str, Any]]:
        return [e for e in self.entries if e.get("op") != "finished"]


class Zygote:
    """The warm process that forks trial children (see :mod:`tests.faults.zygote`); stopped by closing it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._proc = subprocess.Popen([sys.executable, "-m", "tests.faults.zygote"], cwd=ROOT, env=dict(os.environ),
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self._answers: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._answers.put(json.loads(line))

    def _answer(self, deadline: float) -> dict[str, Any]:
        try:
            return self._answers.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError("the fault zygote did not answer in time") from None

    def run(self, job: str, args: dict[str, Any], *, kill_at: int | None = None,
            kill_after: float | None = None, inproc: bool = False) -> ChildRun:
        """Run ``job`` in a fresh child; SIGKILL it at kill point ``kill_at`` or after ``kill_after`` seconds.
        ``inproc`` runs it to its end in the zygote itself (a recovery run; it warms the children to come)."""
        tag = uuid.uuid4().hex[:8]
        out, log = self.folder / f"{job}-{tag}.out", self.folder / f"{job}-{tag}.jsonl"
        command = {"job": job, "args": args, "kill_at": kill_at, "out": str(out), "log": str(log), "inproc": inproc}
        assert self._proc.stdin is not None
        started = time.monotonic()
        deadline = started + CHILD_DEADLINE
        self._proc.stdin.write(json.dumps(command) + "\n")
        self._proc.stdin.flush()
        pid = int(self._answer(deadline)["pid"])
        if kill_after is not None:
            try:
                end = self._answers.get(timeout=kill_after)
            except queue.Empty:
                # our own child (through the zygote), by its pid; it may have ended and been reaped by the zygote
                # in the moment before (its answer is then on its way): that trial simply ran to its end
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                end = self._answer(deadline)
        else:
            try:
                end = self._answers.get(timeout=CHILD_DEADLINE)
            except queue.Empty:
                os.kill(pid, signal.SIGKILL)
                end = self._answer(time.monotonic() + 30)
                raise AssertionError(f"the {job} child ran over {CHILD_DEADLINE} s: "
                                     f"{out.read_text(errors='replace')[-3000:]}") from None
        assert end["pid"] == pid
        entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
        output = out.read_text(encoding="utf-8", errors="replace") if out.exists() else ""
        return ChildRun(int(end["exit"]), entries, output, time.monotonic() - started, float(end.get("cpu", 0.0)))

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=30)


@contextmanager
def zygote(folder: Path) -> Iterator[Zygote]:
    z = Zygote(folder)
    try:
        yield z
    finally:
        z.close()


class KillPlan:
    """Where trial ``n`` kills its child: even trials at a kill point in 1..ticks of the last whole run (exact
    replay), odd ones after a delay in 0..its duration."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ticks = 20
        self.seconds = 0.3

    def learn(self, run: ChildRun) -> None:
        """Learn the size of a whole (unkilled) run of the job."""
        if run.ticks:
            self.ticks = max(self.ticks, run.ticks)
        self.seconds = max(0.02, run.seconds)

    def kill(self, n: int) -> dict[str, Any]:
        if n % 2 == 0:
            return {"kill_at": self.rng.randint(1, max(1, self.ticks))}
        return {"kill_after": self.rng.uniform(0.0, self.seconds)}


def require_ok(run: ChildRun, what: str) -> None:
    """A child that was not killed must have finished its job cleanly."""
    assert run.exit == 0, f"{what} exited {run.exit}:\n{run.output[-4000:]}"
