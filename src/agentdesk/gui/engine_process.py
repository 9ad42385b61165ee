"""The standalone desktop's mail engine in a child process: ``python -m agentdesk.gui.engine_process``.

Ingest, routing and sending are Python work that would compete with the GUI thread for the interpreter lock
(measured: stalls of 150 ms and more during a 2,000-message ingest when the engine ran on a thread), so the
desktop runs the same :class:`~agentdesk.routing.engine.Engine` here, at a lower priority, on the other core.
This module never imports Qt.

Protocol, over the child's standard streams: the parent writes one pickle — ``{"url", "mailboxes",
"secrets", "options"}`` (pickles only ever cross the pipe between the desktop and the child it started) —
and keeps standard input open; closing it asks the engine to stop after the step in hand. The child writes
one JSON object per line: ``{"progress": [name, done, total]}`` and ``{"status": [name, state, detail]}``.
Passwords come from the parent (which read the keyring), so the child never opens the keyring itself.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
import threading
from typing import IO, Any, BinaryIO, TextIO

log = logging.getLogger("agentdesk.engine")


class _GivenSecrets:
    """A keyring backend holding only what the parent handed over."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self.secrets = secrets

    def install(self) -> None:
        import keyring
        from keyring.backend import KeyringBackend

        given = self.secrets

        class Given(KeyringBackend):
            priority = 1

            def get_password(self, service: str, username: str) -> str | None:
                return given.get(username)

            def set_password(self, service: str, username: str, password: str) -> None:
                given[username] = password

            def delete_password(self, service: str, username: str) -> None:
                given.pop(username, None)

        keyring.set_keyring(Given())


def can_spawn() -> bool:
    """Whether this interpreter can start ``python -m agentdesk.gui.engine_process`` (not in a frozen build,
    where the desktop falls back to running the engine on a thread)."""
    return not getattr(sys, "frozen", False) and bool(sys.executable)


def housekeeping() -> dict[str, Any]:
    """What the router runs besides ingest, routing and sending: expiring transfer offers, pruning the change log."""
    try:
        from agentdesk.actions.transfer import expire_transfer_offers
        from agentdesk.routing.changes import prune_now_and_then
    except ImportError:  # pragma: no cover - an older actions layer
        return {}
    return {"transfer offers": expire_transfer_offers, "change log": prune_now_and_then}


def serve(stdin: BinaryIO, stdout: TextIO) -> int:
    """Read the order, run the engine until standard input closes."""
    from agentdesk.routing.db import Database
    from agentdesk.routing.engine import Engine

    order: dict[str, Any] = pickle.load(stdin)
    _GivenSecrets(dict(order.get("secrets", {}))).install()
    lock = threading.Lock()

    def say(kind: str, *values: object) -> None:
        with lock:
            stdout.write(json.dumps({kind: list(values)}, ensure_ascii=False) + "\n")
            stdout.flush()

    db = Database(order["url"])
    options = dict(order.get("options", {}))
    engine = Engine(db, order["mailboxes"], progress=lambda *a: say("progress", *a),
                    status=lambda *a: say("status", *a), housekeeping=housekeeping(), **options)

    def stop_when_told() -> None:
        stdin.read()  # returns at EOF: the desktop closed the pipe (or died)
        engine.stop()

    threading.Thread(target=stop_when_told, name="stop-watch", daemon=True).start()
    try:
        engine.run_forever()
    finally:
        db.dispose()
    return 0


def start_child(module: str, order: object, what: str) -> subprocess.Popen[bytes]:
    """Start ``python -m module`` below normal priority, pipes on both ends, and hand it ``order`` (pickled on
    its stdin, which stays open: closing it asks the child to stop). ``what`` names it in the log."""
    below_normal = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0)  # Windows; POSIX: the child nices
    proc = subprocess.Popen([sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            creationflags=below_normal)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        pickle.dump(order, proc.stdin)
        proc.stdin.flush()
    except OSError as exc:
        log.error("%s did not take its order: %s", what, exc)
    return proc


def close_pipe(stream: IO[bytes] | None) -> None:
    """Close a child's pipe, once (the child may be gone already)."""
    if stream is not None and not stream.closed:
        try:
            stream.close()
        except OSError as exc:
            log.debug("closing a child's pipe: %s", exc)


def lower_priority() -> None:
    """Give the interactive desktop the CPU first: the engine (and the parse helpers it starts, which inherit
    it) runs at a lower priority. On Windows the parent starts it below normal priority instead."""
    if hasattr(os, "nice"):
        try:
            os.nice(10)
        except OSError as exc:
            log.debug("the engine keeps its priority: %s", exc)


def main() -> int:
    lower_priority()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s engine %(levelname)s %(name)s: %(message)s")
    return serve(sys.stdin.buffer, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
