"""agentdesk's helper processes, started the same way from a source install and from the packaged app.

The desktop runs its mail engine and its local cache's follower, and the engine its body parsers, in child
processes (see :mod:`agentdesk.desk.engine_process`, :mod:`agentdesk.desk.cache_process`,
:mod:`agentdesk.mail.parse_worker`). Each child is ``sys.executable -m MODULE``:

- from a source install (or a wheel) ``sys.executable`` is Python, and ``-m`` is Python's own;
- in the packaged app (PyInstaller) ``sys.executable`` is the app itself. Its entry point
  (``packaging/launcher.py``) calls :func:`run_if_child` first thing, before anything else is imported: given
  ``-m`` and one of :data:`CHILD_MODULES`, it runs that module as ``__main__``, exactly as ``python -m`` would.
  The entry is hidden (not in ``--help``) and takes nothing but these modules.

So the packaged app has the same processes as a source install, on Windows, macOS and Linux; nothing branches
on ``sys.frozen``. This module imports nothing of agentdesk, so that a child starts with only what it needs.
"""

from __future__ import annotations

import runpy
import sys
from collections.abc import Sequence

#: the modules that run as agentdesk's helper processes (and the only ones the hidden entry runs)
CHILD_MODULES = (
    "agentdesk.desk.engine_process",
    "agentdesk.desk.cache_process",
    "agentdesk.mail.parse_worker",
)


def command(module: str) -> list[str]:
    """The command line of the helper process ``module`` (one of :data:`CHILD_MODULES`)."""
    if module not in CHILD_MODULES:
        raise ValueError(f"{module} is not one of agentdesk's helper processes")
    if not sys.executable:
        raise RuntimeError("this interpreter does not know its own executable, so it cannot start a helper process")
    return [sys.executable, "-m", module]


def child_module(argv: Sequence[str]) -> str | None:
    """The helper module ``argv`` (a whole ``sys.argv``) asks for: ``PROGRAM -m MODULE``; None otherwise."""
    if len(argv) >= 3 and argv[1] == "-m" and argv[2] in CHILD_MODULES:
        return argv[2]
    return None


def run_if_child(argv: Sequence[str] | None = None) -> int | None:
    """When this process was started as a helper (``agentdesk -m MODULE``), run it and return its exit status;
    None when it was not (the caller then goes on as the app)."""
    argv = list(sys.argv if argv is None else argv)
    module = child_module(argv)
    if module is None:
        return None
    sys.argv = [argv[0], *argv[3:]]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    return 0
