"""The warm parent of fault-trial children: ``python -m tests.faults.zygote``, one per fault test.

It imports agentdesk once, then for each command line read on stdin (JSON: job, args, kill_at, out, log, inproc)
forks a child that runs the job (:mod:`tests.faults.jobs`) with its output in ``out`` and exits; the zygote
answers ``{"pid": …}`` at once and ``{"pid": …, "exit": …, "cpu": …}`` when the child is gone. So a trial
costs a fork, not an interpreter start, and the test can SIGKILL a child that is already warm. An ``inproc``
command (a recovery run, never killed) runs in the zygote itself, which also warms SQLAlchemy's statement
caches for the children forked after it. Between commands the zygote holds no connection or thread (every job
disposes of its engine); it ends when its stdin closes.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import traceback
from pathlib import Path
from typing import Any

from tests.faults.jobs import JOBS, KillPoints, Log

#: imported once here so that a child starts warm
WARM = ("agentdesk.cli.main", "agentdesk.cli.router", "agentdesk.routing.engine", "agentdesk.routing.sender",
        "agentdesk.routing.assign", "agentdesk.mail.imap", "agentdesk.mail.smtp", "agentdesk.mail.parse",
        "agentdesk.mail.sentfolder", "agentdesk.config.mailboxes", "psycopg", "imapclient")

POINTS = KillPoints(None)


def _redirect(path: str) -> tuple[int, int]:
    saved = os.dup(1), os.dup(2)
    out = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    return saved


def _job(command: dict[str, Any]) -> int:
    log = Log(Path(command["log"]))
    POINTS.count = 0
    try:
        status = JOBS[command["job"]](command["args"], log)
    except BaseException:
        traceback.print_exc()
        status = 3
    log.write(op="finished", ticks=POINTS.count, status=status)
    log.close()
    sys.stdout.flush()
    sys.stderr.flush()
    return status


def _child(command: dict[str, Any]) -> int:
    _redirect(command["out"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    POINTS.kill_at = command.get("kill_at")
    return _job(command)


def _inproc(command: dict[str, Any], answer: Any) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF)
    sys.stdout.flush()
    saved = _redirect(command["out"])
    try:
        status = _job(command)
    finally:
        for fd, target in zip(saved, (1, 2), strict=True):
            os.dup2(fd, target)
            os.close(fd)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    answer.write(json.dumps({"pid": os.getpid()}) + "\n")
    answer.write(json.dumps({"pid": os.getpid(), "exit": status, "cpu": cpu}) + "\n")
    answer.flush()


def main() -> int:
    for name in WARM:
        importlib.import_module(name)
    POINTS.install()
    answer = os.fdopen(os.dup(1), "w")  # stays the pipe to the test while a job's output goes to its file
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        if command.get("inproc"):
            _inproc(command, answer)
            continue
        pid = os.fork()
        if pid == 0:
            code = 3
            try:
                code = _child(command)
            finally:
                os._exit(code)
        answer.write(json.dumps({"pid": pid}) + "\n")
        answer.flush()
        _, status, usage = os.wait4(pid, 0)
        answer.write(json.dumps({"pid": pid, "exit": os.waitstatus_to_exitcode(status),
                                 "cpu": usage.ru_utime + usage.ru_stime}) + "\n")
        answer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
