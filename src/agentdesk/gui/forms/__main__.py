"""Compile every ``ui/*.ui`` form into ``agentdesk/gui/forms/ui_<name>.py`` with pyside6-uic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FORMS = Path(__file__).resolve().parent
UI_DIR = FORMS.parents[3] / "ui"


def uic() -> str:
    """The pyside6-uic beside this interpreter."""
    return str(Path(sys.executable).with_name("pyside6-uic"))


def compile_form(source: Path, target: Path) -> None:
    subprocess.run([uic(), "--from-imports", str(source), "-o", str(target)], check=True)


def main() -> int:
    for source in sorted(UI_DIR.glob("*.ui")):
        compile_form(source, FORMS / f"ui_{source.stem}.py")
        print(f"compiled {source.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
