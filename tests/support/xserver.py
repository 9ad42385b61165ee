"""Real X servers for tests: a private Xvfb, and trayer (an XEmbed system tray) on it.

Both skip the test with the reason when the program is missing locally, and fail it in CI (``need``). Every
process is started with a bounded wait and stopped by its pid when the ``with`` block ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.databases import need


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


@contextmanager
def xvfb() -> Iterator[str]:
    """A private X server on a free display number; yields ``:N``."""
    if shutil.which("Xvfb") is None:
        need("Xvfb is not installed (Debian: xvfb)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not report its display"
        yield f":{number}"
    finally:
        _stop(server)


@contextmanager
def trayer(display: str) -> Iterator[subprocess.Popen[bytes]]:
    """trayer, a system tray (freedesktop XEmbed protocol), running on ``display``.

    Whether it has taken the tray selection yet is for the client to wait for (Qt's
    ``QSystemTrayIcon.isSystemTrayAvailable()``); ``tray_failure`` says why it is gone if it exited.
    """
    if shutil.which("trayer") is None:
        need("trayer is not installed (Debian: trayer)")
    env = {**os.environ, "DISPLAY": display}
    tray = subprocess.Popen(["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "120",
                             "--height", "32", "--SetDockType", "true"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield tray
    finally:
        _stop(tray)


def tray_failure(tray: subprocess.Popen[bytes]) -> str:
    """Why trayer is no longer running (its exit status and error output); empty while it runs."""
    if tray.poll() is None:
        return ""
    error = tray.stderr.read().decode(errors="replace") if tray.stderr else ""
    return f"trayer exited ({tray.returncode}): {error}"
