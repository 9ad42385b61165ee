"""The standalone desktop's mail engine in a child process: ``python -m agentdesk.desk.engine_process``.

Ingest, routing and sending are Python work that would compete with the GUI thread for the interpreter lock
(measured: stalls of 150 ms and more during a 2,000-message ingest when the engine ran on a thread), so the
desktop (and the demo) runs the same :class:`~agentdesk.routing.engine.Engine` here, at a lower priority, on
the other core: :class:`EngineChild` starts it and keeps it running. The packaged app starts it the same way
(:mod:`agentdesk.children`). This module never imports Qt.

Protocol, over the child's standard streams: the parent writes one pickle — ``{"url", "mailboxes",
"secrets", "options"}`` (pickles only ever cross the pipe between the desktop and the child it started) —
and keeps standard input open; closing it asks the engine to stop after the step in hand. The child writes
one JSON object per line: ``{"progress": [name, done, total]}`` and ``{"status": [name, state, detail]}``.
Passwords come from the parent (which read the keyring), so the child never opens the keyring itself; what the
child changes in an OAuth 2.0 sign-in (a rotated refresh token, a refusal) goes back as
``{"keyring": [name, value or null]}`` for the parent to keep in the real keyring (``oauth:`` names only).
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from agentdesk import children

log = logging.getLogger("agentdesk.engine")

#: how long the engine may take to finish the step in hand once its desktop has left, before it ends itself
STOP_GRACE_SECONDS = 30.0


#: the keyring entries the child may change and hand back: OAuth 2.0 sign-ins (``agentdesk.mail.oauth.store``)
HANDED_BACK = "oauth:"


class _GivenSecrets:
    """A keyring backend holding only what the parent handed over; a change of an OAuth sign-in is told to
    ``changed(name, value or None)``."""

    def __init__(self, secrets: dict[str, str],
                 changed: Callable[[str, str | None], None] | None = None) -> None:
        self.secrets = secrets
        self.changed = changed

    def install(self) -> None:
        import keyring
        from keyring.backend import KeyringBackend

        given = self.secrets
        changed = self.changed

        class Given(KeyringBackend):
            priority = 1

            def get_password(self, service: str, username: str) -> str | None:
                return given.get(username)

            def set_password(self, service: str, username: str, password: str) -> None:
                given[username] = password
                if changed is not None and username.startswith(HANDED_BACK):
                    changed(username, password)

            def delete_password(self, service: str, username: str) -> None:
                given.pop(username, None)
                if changed is not None and username.startswith(HANDED_BACK):
                    changed(username, None)

        keyring.set_keyring(Given())


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
    lock = threading.Lock()
    unheard = threading.Event()  # the desktop no longer reads (it closed the pipe or died)
    finished = threading.Event()

    def say(kind: str, *values: object) -> None:
        if unheard.is_set():
            return
        with lock:
            try:
                stdout.write(json.dumps({kind: list(values)}, ensure_ascii=False) + "\n")
                stdout.flush()
            except (OSError, ValueError):
                unheard.set()

    _GivenSecrets(dict(order.get("secrets", {})), changed=lambda *a: say("keyring", *a)).install()

    db = Database(order["url"])
    options = dict(order.get("options", {}))
    engine = Engine(db, order["mailboxes"], progress=lambda *a: say("progress", *a),
                    status=lambda *a: say("status", *a), housekeeping=housekeeping(), **options)

    def stop_when_told() -> None:
        stdin.read()  # returns at EOF: the desktop closed the pipe (or died: the system closes it)
        engine.stop()
        if not finished.wait(STOP_GRACE_SECONDS):  # a step that hangs must not keep an orphan alive
            log.warning("the engine did not stop within %.0f s of its desktop leaving; ending it", STOP_GRACE_SECONDS)
            os._exit(1)

    threading.Thread(target=stop_when_told, name="stop-watch", daemon=True).start()
    try:
        engine.run_forever()
    finally:
        finished.set()
        db.dispose()
    return 0


def start_child(module: str, order: object, what: str, *, stderr: IO[bytes] | None = None) -> subprocess.Popen[bytes]:
    """Start the helper process ``module`` (:func:`agentdesk.children.command`) below normal priority, pipes on
    both ends, and hand it ``order`` (pickled on its stdin, which stays open: closing it, or this process
    dying, asks the child to stop). ``what`` names it in the log; its log goes to ``stderr`` (default: ours)."""
    below_normal = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0)  # Windows; POSIX: the child nices
    proc = subprocess.Popen(children.command(module), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=stderr, creationflags=below_normal)
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


Progress = Callable[[str, int, int], object]
Status = Callable[[str, str, str], object]


class EngineChild:
    """The mail engine of ``mailboxes`` in a child process, started again (after a growing pause) whenever it
    dies, until :meth:`stop`. What the child reports reaches ``progress(name, done, total)`` and
    ``status(name, state, detail)``, called on this object's thread; ``secrets()`` gives the passwords the
    child cannot read itself (asked again at each start); the child logs to ``log_file`` (appended) or to this
    process's standard error. No Qt: the desktop wraps it in signals (:class:`agentdesk.gui.live.EngineHost`),
    the demo uses it as it is."""

    def __init__(self, url: str, mailboxes: Sequence[Any], *, progress: Progress | None = None,
                 status: Status | None = None, secrets: Callable[[], Mapping[str, str]] = dict,
                 options: Mapping[str, object] | None = None, log_file: Path | None = None) -> None:
        self.url = url
        self.log_file = log_file
        self.mailboxes = tuple(mailboxes)
        self.options = dict(options or {})
        self._progress = progress
        self._status = status
        self._secrets = secrets
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._restarting = threading.Event()
        self._held = threading.Event()  # keyring hand-backs of the running child are ignored (see hold())
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        """The running child's process id (None between two children)."""
        with self._lock:
            return self._proc.pid if self._proc is not None else None

    def start(self) -> EngineChild:
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="agentdesk-engine", daemon=True)
            self._thread.start()
        return self

    def hold(self) -> None:
        """A person is about to keep a new sign-in in the keyring: what the running child hands back from now on
        (a refusal of the old sign-in) must not overwrite it. :meth:`restart` follows."""
        self._held.set()

    def restart(self) -> None:
        """Start the engine again with what ``secrets()`` gives now (a mailbox was signed in again): the child
        ends after the step in hand and a new one starts at once."""
        with self._lock:
            proc = self._proc
            if proc is None:  # between two children: the next one reads the secrets afresh anyway
                self._held.clear()
                return
            self._restarting.set()
        close_pipe(proc.stdin)

    def _serve(self) -> None:
        pause = 1.0
        while not self._stopping.is_set():
            code = self._run_child()
            if self._stopping.is_set():
                return
            if self._restarting.is_set():
                self._restarting.clear()
                self._held.clear()
                pause = 1.0
                continue
            log.error("the mail engine process stopped (exit status %s); starting it again in %.0f s", code, pause)
            if self._status is not None:
                for mailbox in self.mailboxes:
                    self._status(mailbox.name, "offline", f"the mail engine stopped (exit status {code})")
            self._stopping.wait(pause)
            pause = min(60.0, pause * 2)

    def _run_child(self) -> int | None:
        order = {"url": self.url, "mailboxes": self.mailboxes, "secrets": dict(self._secrets()),
                 "options": self.options}
        if self.log_file is None:
            proc = start_child("agentdesk.desk.engine_process", order, "the mail engine process")
        else:
            with self.log_file.open("ab") as log_stream:  # the child holds its own copy of the file
                proc = start_child("agentdesk.desk.engine_process", order, "the mail engine process",
                                   stderr=log_stream)
        assert proc.stdout is not None
        with self._lock:
            self._proc = proc
        if self._stopping.is_set():
            close_pipe(proc.stdin)
        for line in proc.stdout:
            self._report(line)
        code = proc.wait()
        proc.stdout.close()
        with self._lock:
            self._proc = None
        return code

    def _report(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            log.warning("the mail engine process said: %r", line[:200])
            return
        try:
            if "progress" in message and self._progress is not None:
                name, done, total = message["progress"]
                self._progress(str(name), int(done), int(total))
            elif "status" in message and self._status is not None:
                name, state, detail = message["status"]
                self._status(str(name), str(state), str(detail))
            elif "keyring" in message:
                if self._held.is_set():
                    log.info("the mail engine's keyring change is ignored: a new sign-in is being kept")
                else:
                    self._keep(*message["keyring"])
        except Exception:
            log.exception("the mail engine's report could not be handled")

    @staticmethod
    def _keep(name: str, value: str | None) -> None:
        """The child changed an OAuth sign-in (a rotated refresh token, a refusal): keep it in the real keyring."""
        from agentdesk.config.secrets import SecretError, delete_secret, set_secret

        if not isinstance(name, str) or not name.startswith(HANDED_BACK):
            log.warning("the mail engine process asked to change a keyring entry it may not change")
            return
        try:
            if value is None:
                delete_secret(name)
            else:
                set_secret(name, str(value))
        except SecretError as exc:
            log.error("%s", exc)

    def stop(self, timeout: float | None = 10.0) -> None:
        """Ask the engine to stop after the step in hand (its pipe closes); wait ``timeout`` seconds for it,
        then end it (None: do not wait)."""
        self._stopping.set()
        with self._lock:
            proc = self._proc
        if proc is not None:
            close_pipe(proc.stdin)
        if self._thread is not None and timeout is not None:
            self._thread.join(timeout)
            if self._thread.is_alive() and proc is not None:
                log.warning("the mail engine did not stop in %.0f s; ending it", timeout)
                proc.kill()
                self._thread.join(5)
            self._thread = None


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
