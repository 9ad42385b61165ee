"""Parsing message bodies on the other cores: a few helper processes fed over pipes.

Ingest stores raw bytes on its fast path and leaves the full parse (text, HTML, attachments) for later; for a
big sync that parse runs here, in ``python -m agentdesk.mail.parse_worker`` processes (the packaged app starts
itself the same way: :mod:`agentdesk.children`), while the caller goes on fetching. Plain subprocesses (not ``multiprocessing``) so that nothing of the caller's program is imported
again in the helpers, whatever the caller is (the router, the desktop with Qt and its threads, a script). Each
request is a pickled list of raw messages on the helper's standard input; the answer is the pickled list of
:class:`~agentdesk.mail.parse.ParsedMessage` (None where the parser itself failed). Pickles only ever cross
the pipe between this process and the helpers it started.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from agentdesk import children
from agentdesk.mail.fingerprint import content_fingerprint
from agentdesk.mail.headers import HeaderInfo, parse_headers
from agentdesk.mail.parse import ParsedMessage, parse_message

log = logging.getLogger(__name__)


def parse_or_none(raw: bytes) -> ParsedMessage | None:
    """The parse of one message; None when the parser itself failed (the message is then shown raw)."""
    try:
        return parse_message(raw)
    except Exception:
        log.warning("a message body could not be parsed; it is shown raw", exc_info=True)
        return None


def parse_many(raws: Sequence[bytes]) -> list[ParsedMessage | None]:
    return [parse_or_none(raw) for raw in raws]


#: what ingest needs of a message before it stores it: its header fields, its content fingerprint, its parse
Prepared = tuple[HeaderInfo, str, ParsedMessage | None]


def prepare_many(raws: Sequence[bytes]) -> list[Prepared]:
    """Everything ingest reads from each of ``raws``, so that the storing process only stores."""
    return [(parse_headers(raw), content_fingerprint(raw), parse_or_none(raw)) for raw in raws]


#: a request for :func:`prepare_many` (a plain list asks for :func:`parse_many`)
_PREPARE = "prepare"


class ParseWorkers:
    """``workers`` helper processes, each driven by one thread of a small pool; :meth:`submit` returns a
    future of the parsed list. A helper found dead is started again; one that dies during a request makes its
    future fail (the caller then parses those messages inline)."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._threads = ThreadPoolExecutor(self.workers, thread_name_prefix="parse-worker")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._procs: list[subprocess.Popen[bytes]] = []

    def _proc(self) -> subprocess.Popen[bytes]:
        proc: subprocess.Popen[bytes] | None = getattr(self._local, "proc", None)
        if proc is None or proc.poll() is not None:
            env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
            proc = subprocess.Popen(children.command("agentdesk.mail.parse_worker"), stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, env=env)
            self._local.proc = proc
            with self._lock:
                self._procs.append(proc)
        return proc

    def _run(self, raws: list[bytes], prepare: bool = False) -> list[Any]:
        proc = self._proc()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            pickle.dump((_PREPARE, raws) if prepare else raws, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            proc.stdin.flush()
            result: list[Any] = pickle.load(proc.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            proc.kill()
            raise RuntimeError(f"the parse helper process stopped: {exc}") from exc
        if len(result) != len(raws):
            raise RuntimeError("the parse helper process answered out of step")
        return result

    def submit(self, raws: Sequence[bytes]) -> Future[list[ParsedMessage | None]]:
        return self._threads.submit(self._run, list(raws))

    def prepare(self, raws: Sequence[bytes]) -> Future[list[Prepared]]:
        """:func:`prepare_many` of ``raws`` in a helper."""
        return self._threads.submit(self._run, list(raws), True)

    def close(self) -> None:
        """Stop the helpers (each ends when its input closes) and the threads."""
        self._threads.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            procs, self._procs = self._procs, []
        for proc in procs:
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()


def main() -> int:
    """The helper's loop: one pickled list of raw messages in, the pickled list of parses out, until EOF."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            request = pickle.load(stdin)
        except EOFError:
            return 0
        if isinstance(request, tuple) and request and request[0] == _PREPARE:
            answer: list[Any] = prepare_many(request[1])
        else:
            answer = parse_many(request)
        pickle.dump(answer, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()


if __name__ == "__main__":  # pragma: no cover - runs as the helper process
    sys.exit(main())
