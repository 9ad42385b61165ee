"""Before the QApplication exists: on Linux with Qt's xcb (X11) platform, are the system libraries its plugin
needs there? Without them Qt aborts with a core dump and a hint about plugins; this says which Debian/Ubuntu
packages to install and exits with status 2 instead. Qt is not imported here: the check is plain ``ctypes``.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping, Sequence

#: each shared library the xcb platform plugin (and Qt GUI under it) loads, with the Debian package holding it
XCB_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}


def platform_name(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The Qt platform plugin this process will use: ``-platform NAME``, else ``QT_QPA_PLATFORM`` (its first
    choice), else Qt's Linux default (Wayland in a Wayland session, xcb otherwise)."""
    args = list(argv)
    for flag in ("-platform", "--platform"):
        if flag in args[:-1]:
            return args[args.index(flag) + 1].split(":")[0]
    chosen = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    wayland = environ.get("XDG_SESSION_TYPE") == "wayland" or bool(environ.get("WAYLAND_DISPLAY"))
    return "wayland" if wayland else "xcb"


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_packages(libraries: Mapping[str, str], loads: Callable[[str], bool] = _loads) -> list[str]:
    """The packages of ``libraries`` (soname → package) whose library does not load, sorted, once each."""
    return sorted({package for soname, package in libraries.items() if not loads(soname)})


def message(packages: Sequence[str]) -> str:
    return ("agentdesk cannot open its window: system libraries that Qt needs for X11 (xcb) are missing.\n"
            "On Debian or Ubuntu, install them with:\n\n"
            f"    sudo apt-get install {' '.join(packages)}\n\n"
            "(or run on Wayland, or set QT_QPA_PLATFORM to another Qt platform).")


def check_gui_libraries(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None,
                        libraries: Mapping[str, str] | None = None, platform: str = sys.platform) -> None:
    """On Linux with the xcb platform: print which packages are missing to standard error and exit with
    status 2 when a library of ``libraries`` (default :data:`XCB_LIBRARIES`) does not load. Elsewhere, or when
    all load, nothing."""
    if not platform.startswith("linux"):
        return
    if platform_name(sys.argv if argv is None else argv, os.environ if environ is None else environ) != "xcb":
        return
    packages = missing_packages(XCB_LIBRARIES if libraries is None else libraries)
    if packages:
        print(message(packages), file=sys.stderr)
        raise SystemExit(2)
