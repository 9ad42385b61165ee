"""The Linux one-folder build: packaging/agentdesk.spec builds, and packaging/smoke.py passes on it — the same
script a Windows or macOS builder runs (.github/workflows/bundles.yml): ``--version``, the command line, the
desktop started offscreen, the demo driven through one reply → approve → delivered round with the mail engine
and the cache follower seen as child processes of the app (by pid and command line; the round fails if any
thread of the app runs the engine), the window closed and the app killed with its helpers gone after.

Besides: the main window through the xcb plugin on a private Xvfb, what the folder holds and leaves out, its
size (at most 120 MB; the breakdown is in bench/RESULTS.md), and the GUI stall
benchmark's scenario (bench/bench_gui_stall.py) run by the packaged app on a Dovecot mailbox.

One test builds once (about 40 s alone on two cores, several minutes on a loaded machine) and checks everything
on that build, so that pytest-xdist never builds it twice. The build goes to a temporary folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bench import bench_gui_stall

from tests.packaging.support import ROOT, clean_env, folder_size, run, show
from tests.support.databases import need
from tests.support.dovecot import DOVECOT
from tests.support.xserver import xvfb

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the test builds the Linux application"),
]

SPEC = ROOT / "packaging" / "agentdesk.spec"
SMOKE = ROOT / "packaging" / "smoke.py"
#: the Linux folder's size budget (issue 13), in MB
BUDGET_MB = 120.0
#: messages of the GUI stall scenario run on the bundle (bench/bench_gui_stall.py runs 2,000)
STALL_MESSAGES = 300


def build(tmp_path: Path) -> Path:
    """The one-folder app built into ``tmp_path``; its folder."""
    if shutil.which("objcopy") is None or shutil.which("ldd") is None:
        need("PyInstaller on Linux needs ldd and binutils' objcopy (Debian: binutils)")
    if shutil.which("icupkg") is None or shutil.which("cc") is None:
        need("the Linux build cuts Qt's ICU data with icupkg and cc (Debian: icu-devtools, gcc)")
    dist, work = tmp_path / "dist", tmp_path / "build"
    started = time.monotonic()
    built = run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                 "--distpath", dist, "--workpath", work, SPEC], cwd=tmp_path, env=clean_env(), timeout=1200)
    assert built.returncode == 0, show(built)
    folder = dist / "agentdesk"
    print(f"\nfrozen build: {time.monotonic() - started:.0f} s, {folder_size(folder) / 1e6:.0f} MB in {folder}")
    return folder


def test_frozen_linux_app_passes_the_smoke_check(tmp_path: Path) -> None:
    folder = build(tmp_path)
    internal = folder / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for part in ("platforms/libqoffscreen.so", "platforms/libqxcb.so", "platforms/libqwayland.so",
                 "imageformats/libqsvg.so", "iconengines/libqsvgicon.so",
                 "platforminputcontexts/libibusplatforminputcontextplugin.so",
                 "wayland-shell-integration/libxdg-shell.so"):
        assert (plugins / part).is_file(), f"missing Qt plugin {part}"
    for part in ("resources/icons/agentdesk.svg", "resources/style/agentdesk.qss",
                 "resources/translations/agentdesk_ja.qm", "agentdesk/routing/migrations/env.py",
                 "agentdesk/VERSION"):
        assert (internal / part).is_file(), f"missing {part}"
    unused = sorted(p.name for p in internal.rglob("*") if p.name.startswith(
        ("libQt6WebEngine", "libQt6Qml", "libQt6Quick", "libQt6Network", "libQt6Pdf", "libqeglfs", "libqvnc")))
    assert not unused, f"parts of Qt the desktop never uses were bundled: {unused}"
    megabytes = folder_size(folder) / 1e6
    assert megabytes <= BUDGET_MB, (f"the build grew to {megabytes:.1f} MB, over the budget of {BUDGET_MB:.0f} MB "
                                    "(bench/RESULTS.md has the breakdown of 115.6 MB on 2026-12-06)")

    smoke = subprocess.run([sys.executable, SMOKE, folder], capture_output=True, text=True, timeout=1500,
                           env=clean_env(), check=False)
    print(smoke.stdout)
    assert smoke.returncode == 0, show(smoke)
    assert "no engine thread in the app" in smoke.stdout and "all smoke checks passed" in smoke.stdout

    with xvfb() as display:
        on_x = run([folder / "agentdesk"], env=clean_env(AGENTDESK_SMOKE_TEST="1", HOME=str(tmp_path / "user"),
                                                         QT_QPA_PLATFORM="xcb", DISPLAY=display),
                   cwd=tmp_path, timeout=180)
    assert on_x.returncode == 0, show(on_x)
    assert "platform xcb" in on_x.stdout and "ヘルプ(&H)" in on_x.stdout, show(on_x)
    user = tmp_path / "user"
    for place in (".config/agentdesk", ".local/share/agentdesk", ".local/state/agentdesk", ".cache/agentdesk"):
        assert not (user / place).exists(), f"the smoke test wrote into the user's ~/{place}"

    # the GUI stall benchmark's scenario, run by the packaged app (a short mailbox: figures, no timing assert)
    if not DOVECOT.exists():
        need("dovecot-imapd is not installed (/usr/sbin/dovecot is missing)")
    figures = bench_gui_stall.measure_app([str(folder / "agentdesk")], STALL_MESSAGES)
    print(f"GUI stall benchmark on the packaged app, {STALL_MESSAGES} messages: {figures}")
    assert figures["beats"] > 0 and figures["rows"] > 0
