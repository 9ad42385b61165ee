"""A tiny filesystem for disk-full tests: a tmpfs mounted at a test's folder (root only), and a way to fill it.

Without root (or where mounting is not permitted) the test skips with the reason locally and fails in CI
(``need``). The mount is undone at the end, lazily if a connection of the code under test still holds a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from tests.support.databases import need


@contextlib.contextmanager
def small_filesystem(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder`` (created) for the ``with`` block."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        need("mounting a small filesystem for the disk-full test needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "agentdesk-test", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        need(f"a tmpfs cannot be mounted here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=True, capture_output=True)


def fill(folder: Path) -> Path:
    """Fill the filesystem of ``folder`` to the last byte; returns the file holding the space (delete it to
    make room again)."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as fh:
        for size in (65536, 512, 1):
            chunk = b"\0" * size
            try:
                while fh.write(chunk):
                    pass
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    return filler
