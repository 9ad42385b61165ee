"""The send-lock interface: one row's lock is held by one process at a time and goes away with the process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.routing.sendlock import FileLocks

ROOT = Path(__file__).resolve().parents[2]
_HOLDER = """
import sys
from agentdesk.routing.sendlock import FileLocks
locks = FileLocks(sys.argv[1])
print(locks.acquire(int(sys.argv[2])), flush=True)
sys.stdin.readline()  # hold until told (or killed)
"""


def _holder(path: Path, item_id: int) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path), str(item_id)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "True"
    return proc


def test_one_process_at_a_time_and_freed_when_it_dies(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite-outbox.lock"
    holder = _holder(path, 7)
    try:
        locks = FileLocks(str(path))
        assert locks.held_elsewhere(7) is True
        assert locks.acquire(7) is False
        assert locks.acquire(8) is True  # another row is free
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(30)
        assert locks.held_elsewhere(7) is False
        assert locks.acquire(7) is True
        assert locks.held_elsewhere(7) is True  # held by this process: still "being sent"
        locks.release(7)
        assert locks.held_elsewhere(7) is False
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(30)


def test_within_one_process_threads_exclude_each_other(tmp_path: Path) -> None:
    locks = FileLocks(str(tmp_path / "x-outbox.lock"))
    assert locks.acquire(3) is True
    assert locks.acquire(3) is False  # POSIX would let the same process lock again: the in-flight set does not
    locks.release(3)
    assert locks.acquire(3) is True


def test_no_file_for_memory_databases() -> None:
    locks = FileLocks(None)
    assert locks.acquire(1) is True and locks.acquire(1) is False
    locks.release(1)
    assert locks.held_elsewhere(1) is False


@pytest.mark.skipif(sys.platform == "win32", reason="checks that the Windows implementation refuses elsewhere")
def test_the_windows_implementation_is_chosen_by_platform(tmp_path: Path) -> None:
    locks = FileLocks(str(tmp_path / "w-outbox.lock"), windows=True)
    with pytest.raises(OSError, match="Windows locks elsewhere"):
        locks.acquire(1)
