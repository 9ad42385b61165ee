"""Build hook: a wheel carries a copy of the top-level ``resources/`` folder as ``agentdesk/_resources``.

``resources/`` (icons, the style sheet, compiled translations) stays the one source of truth at the top of
the repository. A source checkout and an editable install read it in place; a built wheel (``pip install .``)
gets a copy inside the package, so that an installed agentdesk finds it without the checkout. Everything else
about the build is declared in ``pyproject.toml``; ``agentdesk.gui.resources`` finds whichever copy exists.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithResources(build_py):
    """``build_py``, then ``resources/`` → ``<build>/agentdesk/_resources`` (the ``.ts`` sources stay behind)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads resources/ in the checkout itself
        source = HERE / "resources"
        if not (source / "icons").is_dir():
            raise SystemExit(f"agentdesk build: {source} is missing or incomplete")
        target = Path(self.build_lib) / "agentdesk" / "_resources"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.ts", "__pycache__"))


setup(cmdclass={"build_py": BuildPyWithResources})
