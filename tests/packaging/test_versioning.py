"""One version number, from pyproject.toml: ``agentdesk --version`` and Help ▸ About show it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import agentdesk
from agentdesk.cli import main as cli_main
from tests.packaging.support import ROOT, project_version


def test_the_package_reports_the_pyproject_version() -> None:
    assert agentdesk.__version__ == project_version()


def test_version_flag_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli_main.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"agentdesk {project_version()}"


def test_about_dialog_shows_it(qtbot: QtBot) -> None:
    from agentdesk.gui.app import create_application
    from agentdesk.gui.dialogs.about import AboutDialog

    create_application(language="en")
    dialog = AboutDialog(agentdesk.__version__)
    qtbot.addWidget(dialog)
    assert dialog.ui.version_label.text() == f"Version {project_version()}"


def test_a_frozen_build_without_metadata_reads_its_version_file(tmp_path: Path) -> None:
    """The fallback the PyInstaller recipe provides: ``VERSION`` beside the bundled package."""
    (tmp_path / "agentdesk").mkdir()
    (tmp_path / "agentdesk" / "VERSION").write_text("9.8.7\n", encoding="utf-8")
    code = (
        "import importlib.metadata as m, sys\n"
        "def missing(name):\n    raise m.PackageNotFoundError(name)\n"
        f"m.version = missing\nsys._MEIPASS = {str(tmp_path)!r}\n"
        "import agentdesk\nprint(agentdesk.__version__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "9.8.7"


def test_changelog_describes_the_current_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{project_version()}]" in changelog
