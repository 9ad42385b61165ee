"""What the CLI writes to a terminal: customer text made safe to print, and a pipe closed early handled quietly.

Mail is full of text a sender controls (subjects, names, bodies, file names). Printed raw, an escape sequence in
it could recolour the terminal, move the cursor, set its title or hide lines. :class:`SafeStream` stands in front
of standard output and standard error for every verb: control characters other than line feed and tab are
shown as visible symbols (``ESC`` as ``␛``, a carriage return as ``␍``), and 8-bit control characters as
``\\x9b``-style text. :func:`closed_pipe` ends the process quietly when the reader of the output went away
(``agentdesk interactions show 1 | head -1``).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

#: C0 controls but line feed and tab, DEL, and the C1 controls
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"


def visible(text: str) -> str:
    """``text`` with every control character but line feed and tab made visible."""
    return _CONTROL.sub(_visible, text)


class SafeStream:
    """A text stream that writes :func:`visible` text to the stream it wraps (everything else is passed on)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def __getattr__(self, name: str) -> Any:  # encoding, buffer, reconfigure …
        return getattr(self._stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """Within the block, ``sys.stdout`` and ``sys.stderr`` print control characters visibly."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = SafeStream(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = SafeStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def closed_pipe() -> int:
    """After a ``BrokenPipeError``: point standard output at the null device (so that the interpreter's last
    flush cannot fail again) and return the exit status of a process stopped by SIGPIPE."""
    try:
        target = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's stream): nothing will flush it
        return 128 + 13
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, target)
    finally:
        os.close(devnull)
    return 128 + 13
