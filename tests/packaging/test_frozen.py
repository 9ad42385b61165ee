"""The Linux one-folder build: packaging/agentdesk.spec builds, and the frozen app prints its version and opens
its main window (offscreen, and on a real X server through the xcb plugin when Xvfb is there).

One test builds once (about 30–45 s on two cores) and checks everything on that build, so that pytest-xdist
never builds it twice. The build goes to a temporary folder; nothing is written into the checkout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.packaging.support import ROOT, clean_env, folder_size, project_version, run, show
from tests.support.databases import need
from tests.support.xserver import xvfb

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the test builds the Linux application"),
]

SPEC = ROOT / "packaging" / "agentdesk.spec"


def smoke(app: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run([app], env=clean_env(AGENTDESK_SMOKE_TEST="1", HOME=str(tmp_path / "user"), **env), cwd=tmp_path,
               timeout=180)


def test_frozen_linux_app_starts_and_shows_its_main_window(tmp_path: Path) -> None:
    if shutil.which("objcopy") is None or shutil.which("ldd") is None:
        need("PyInstaller on Linux needs ldd and binutils' objcopy (Debian: binutils)")
    dist, work = tmp_path / "dist", tmp_path / "build"
    started = time.monotonic()
    built = run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                 "--distpath", dist, "--workpath", work, SPEC], cwd=tmp_path, env=clean_env(), timeout=900)
    seconds = time.monotonic() - started
    assert built.returncode == 0, show(built)
    folder = dist / "agentdesk"
    app = folder / "agentdesk"
    megabytes = folder_size(folder) / 1e6
    print(f"\nfrozen build: {seconds:.0f} s, {megabytes:.0f} MB in {folder}")

    internal = folder / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for part in ("platforms/libqoffscreen.so", "platforms/libqxcb.so", "platforms/libqwayland.so",
                 "imageformats/libqsvg.so", "iconengines/libqsvgicon.so"):
        assert (plugins / part).is_file(), f"missing Qt plugin {part}"
    for part in ("resources/icons/agentdesk.svg", "resources/style/agentdesk.qss",
                 "resources/translations/agentdesk_ja.qm", "agentdesk/routing/migrations/env.py",
                 "agentdesk/VERSION"):
        assert (internal / part).is_file(), f"missing {part}"
    heavy = [p.name for p in internal.rglob("*") if p.name.startswith(("libQt6WebEngine", "libQt6Qml", "libQt6Quick"))]
    assert not heavy, f"parts of Qt the desktop never uses were bundled: {heavy}"
    assert megabytes < 300, f"the build grew to {megabytes:.0f} MB"

    version = run([app, "--version"], env=clean_env(), cwd=tmp_path)
    assert version.returncode == 0, show(version)
    assert version.stdout.strip() == f"agentdesk {project_version()}"

    offscreen = smoke(app, tmp_path, QT_QPA_PLATFORM="offscreen")
    assert offscreen.returncode == 0, show(offscreen)
    assert "main window shown" in offscreen.stdout and "platform offscreen" in offscreen.stdout, show(offscreen)
    assert "ヘルプ(&H)" in offscreen.stdout, "the Japanese translation was not loaded"
    user = tmp_path / "user"
    for place in (".config/agentdesk", ".local/share/agentdesk", ".local/state/agentdesk", ".cache/agentdesk"):
        assert not (user / place).exists(), f"the smoke test wrote into the user's ~/{place}"

    with xvfb() as display:
        on_x = smoke(app, tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=display)
    assert on_x.returncode == 0, show(on_x)
    assert "platform xcb" in on_x.stdout, show(on_x)

    demo_ingests_mail(app, tmp_path)


def demo_ingests_mail(app: Path, tmp_path: Path) -> None:
    """``agentdesk demo`` from the frozen build: its in-process IMAP server (pymap, found through entry points)
    serves, and the engine ingests a customer's email; SIGTERM then stops it cleanly."""
    home = tmp_path / "demo-home"
    env = clean_env(QT_QPA_PLATFORM="offscreen", AGENTDESK_HOME=str(home),
                    PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    demo = subprocess.Popen([str(app), "demo", "--language", "en", "--interval", "1"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ingested, log_text = False, ""
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and demo.poll() is None and not ingested:
            logs = list(home.rglob("engine.log"))
            log_text = logs[0].read_text(encoding="utf-8", errors="replace") if logs else ""
            ingested = re.search(r": [1-9]\d* new, ", log_text) is not None
            time.sleep(0.5)
    finally:
        demo.terminate()
        try:
            _out, err = demo.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            demo.kill()
            _out, err = demo.communicate()
    assert ingested, f"the frozen demo ingested no email\n--- engine.log\n{log_text[-4000:]}\n--- stderr\n{err[-4000:]}"
    assert "Traceback" not in log_text, log_text[-4000:]
