"""A plain ``pip install .`` works: the wheel carries resources/ and the installed agentdesk finds it.

The wheel is built from a copy of the checkout (as pip builds it, with build isolation) and installed without
dependencies into a new virtual environment in a temporary folder; that environment borrows the test run's
site-packages for PySide6 and the rest through a ``.pth`` line (placed after its own, so the agentdesk it
imports is the installed wheel, never the checkout: the test checks that too).
"""

from __future__ import annotations

import json
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.packaging.support import clean_env, copy_source, project_version, run, show, venv_bin

pytestmark = pytest.mark.slow

PROBE = r"""
import json, sys
from PySide6.QtGui import QGuiApplication
from PySide6.QtCore import QCoreApplication, QTranslator
import agentdesk
from agentdesk.gui import resources
app = QGuiApplication([])
icon = resources.icon("agentdesk")
translator = QTranslator()
loaded = translator.load("agentdesk_ja", str(resources.translations_dir()))
app.installTranslator(translator)
print(json.dumps({
    "package": agentdesk.__file__,
    "version": agentdesk.__version__,
    "root": str(resources.root()),
    "icon": not icon.isNull() and not icon.pixmap(48, 48).isNull(),
    "qm_loaded": loaded,
    "help": QCoreApplication.translate("MainWindow", "&Help"),
    "style": "@accent@" not in resources.stylesheet(False),
}))
"""


def test_wheel_installs_with_its_resources(tmp_path: Path) -> None:
    source = copy_source(tmp_path / "src")
    dist = tmp_path / "dist"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, source], timeout=600)
    assert built.returncode == 0, show(built)
    wheels = list(dist.glob("agentdesk-*.whl"))
    assert len(wheels) == 1, wheels
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    assert {"agentdesk/_resources/icons/agentdesk.svg", "agentdesk/_resources/style/agentdesk.qss",
            "agentdesk/_resources/translations/agentdesk_ja.qm",
            "agentdesk/routing/migrations/versions/0001_initial_schema.py"} <= names
    assert not any(name.endswith(".ts") for name in names), "translation sources stay in the repository"

    venv = tmp_path / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", venv])
    assert made.returncode == 0, show(made)
    python = venv_bin(venv, "python")
    installed = run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
                     "--quiet", wheels[0]])
    assert installed.returncode == 0, show(installed)
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz-borrowed-dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n", encoding="utf-8")

    home = tmp_path / "home"
    env = clean_env(QT_QPA_PLATFORM="offscreen", AGENTDESK_HOME=str(home))
    version = run([venv_bin(venv, "agentdesk"), "--version"], env=env, cwd=tmp_path)
    assert version.returncode == 0, show(version)
    assert version.stdout.strip() == f"agentdesk {project_version()}"

    probe = run([python, "-c", PROBE], env=env, cwd=tmp_path)
    assert probe.returncode == 0, show(probe)
    facts = json.loads(probe.stdout.strip().splitlines()[-1])
    assert Path(facts["package"]).is_relative_to(venv), "the installed wheel, not the checkout, was imported"
    assert Path(facts["root"]) == Path(facts["package"]).parent / "_resources"
    assert facts["version"] == project_version()
    assert facts["icon"] and facts["qm_loaded"] and facts["style"]
    assert facts["help"] == "ヘルプ(&H)"
