"""The desktop's start on Linux/xcb with a system library missing: a message naming the Debian packages and
status 2, never Qt's abort. A missing library is faked by adding a soname that exists nowhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from agentdesk.gui import platform_check

MISSING = "libagentdesk-test-missing.so.7"


def test_missing_libraries_name_their_packages_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    libraries = {MISSING: "libxcb-icccm4", "libc.so.6": "libc6", "libagentdesk-test-gone.so.1": "libxcb-keysyms1"}
    with pytest.raises(SystemExit) as exited:
        platform_check.check_gui_libraries([], {"QT_QPA_PLATFORM": "xcb"}, libraries, platform="linux")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in err
    assert "libc6" not in err


def test_nothing_happens_when_all_load_or_xcb_is_not_used(capsys: pytest.CaptureFixture[str]) -> None:
    present = {"libc.so.6": "libc6"}
    platform_check.check_gui_libraries([], {"QT_QPA_PLATFORM": "xcb"}, present, platform="linux")
    absent = {MISSING: "libxcb-icccm4"}
    platform_check.check_gui_libraries([], {"QT_QPA_PLATFORM": "offscreen"}, absent, platform="linux")
    platform_check.check_gui_libraries([], {"WAYLAND_DISPLAY": "wayland-0"}, absent, platform="linux")
    platform_check.check_gui_libraries([], {"QT_QPA_PLATFORM": "xcb"}, absent, platform="win32")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("argv", "environ", "expected"), [
    ([], {}, "xcb"),
    ([], {"XDG_SESSION_TYPE": "wayland"}, "wayland"),
    ([], {"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"),
    ([], {"QT_QPA_PLATFORM": "xcb:display=:1"}, "xcb"),
    (["agentdesk", "-platform", "xcb"], {"QT_QPA_PLATFORM": "offscreen"}, "xcb"),
])
def test_the_platform_qt_will_use(argv: list[str], environ: dict[str, str], expected: str) -> None:
    assert platform_check.platform_name(argv, environ) == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb check is for Linux")
def test_the_desktop_exits_2_with_the_message_before_qt_starts() -> None:
    """The real entry (create_application) in a fresh process, on xcb with one library missing."""
    script = textwrap.dedent(f"""
        from agentdesk.gui import app, platform_check
        platform_check.XCB_LIBRARIES = {{**platform_check.XCB_LIBRARIES, {MISSING!r}: "libxcb-icccm4"}}
        app.create_application(["agentdesk"])
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "sudo apt-get install libxcb-icccm4\n" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_readme_quick_start_installs_every_package_the_check_names() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    line = next(line for line in quick_start.splitlines() if line.startswith("sudo apt-get install "))
    assert set(platform_check.XCB_LIBRARIES.values()) <= set(line.split()[3:])
    outside = re.findall(r"\]\((\.\./[^)]*)\)", readme)
    assert not outside, f"README.md links files outside the repository: {outside}"
