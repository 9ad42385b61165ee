"""Helpers of the packaging tests: the project's version, a copy of the source tree, running a built program."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: what a build needs from the checkout (setup.py copies resources/ into the wheel; MANIFEST.in ships it in an sdist)
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "resources")


def project_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def copy_source(target: Path) -> Path:
    """A clean copy of what a build reads, so that building leaves nothing in the checkout."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    target.mkdir(parents=True)
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a built program: no PYTHONPATH, no settings of the test run's own installation."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AGENTDESK_", "QT_"))}
    env.update(extra)
    return env


def run(args: Sequence[str | os.PathLike[str]], *, env: Mapping[str, str] | None = None, cwd: Path | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=dict(env or clean_env()),
                          cwd=cwd, timeout=timeout, check=False)


def show(result: subprocess.CompletedProcess[str]) -> str:
    """A failed command's output, for an assertion message."""
    return f"exit {result.returncode}\n--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"


def venv_bin(venv: Path, name: str) -> Path:
    folder = venv / ("Scripts" if sys.platform == "win32" else "bin")
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
