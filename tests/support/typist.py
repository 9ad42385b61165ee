"""Kill a process while it types: the tests of drafts that survive a crash (X7) share this."""

from __future__ import annotations

import os
import signal
import subprocess


def type_then_kill(proc: subprocess.Popen[str], *, keys: int = 150) -> dict[int, float]:
    """Read ``N TIME`` lines (key N typed at TIME) from ``proc`` until ``keys`` were typed, SIGKILL it, and
    return every key it reported, the last ones included. The process must have died of the kill."""
    assert proc.stdout is not None
    typed: dict[int, float] = {}
    try:
        while len(typed) < keys:
            line = proc.stdout.readline()
            if not line:
                break
            n, at = line.split()
            typed[int(n)] = float(at)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
    for line in rest.splitlines():
        n, at = line.split()
        typed[int(n)] = float(at)
    assert proc.returncode == -signal.SIGKILL
    return typed
