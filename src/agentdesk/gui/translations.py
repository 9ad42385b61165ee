"""Update the translation sources and compile them: ``python -m agentdesk.gui.translations``.

``pyside6-lupdate`` collects every ``tr()``/``translate()`` string of ``agentdesk.gui`` and of the ``ui/``
forms into ``resources/translations/agentdesk_{en,ja}.ts`` (the English file's translations are the source
texts themselves); a translator fills the Japanese file (Qt Linguist, or any editor); ``pyside6-lrelease``
compiles both into the ``.qm`` files the desktop loads. ``tests/gui/test_translations.py`` fails while a
Japanese translation is missing or a ``.qm`` is older than its ``.ts``.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from agentdesk.gui import resources

LANGUAGES = ("en", "ja")
GUI = Path(__file__).resolve().parent


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def sources() -> list[str]:
    """Every file lupdate reads: the GUI's Python (not the compiled forms) and the Designer forms."""
    python = [str(p) for p in sorted(GUI.rglob("*.py")) if "forms" not in p.relative_to(GUI).parts]
    forms = [str(p) for p in sorted((resources.root().parent / "ui").glob("*.ui"))]
    return python + forms


def ts_file(language: str) -> Path:
    return resources.root() / "translations" / f"agentdesk_{language}.ts"


def update() -> None:
    for language in LANGUAGES:
        subprocess.run([tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none", "-source-language", "en",
                        "-target-language", language, *sources(), "-ts", str(ts_file(language))], check=True)
    fill_english(ts_file("en"))


def fill_english(path: Path) -> None:
    """The English file translates every text to itself, so that it is complete."""
    tree = ET.parse(path)
    for message in tree.getroot().iter("message"):
        source = message.find("source")
        translation = message.find("translation")
        if source is None or translation is None:
            continue
        translation.text = source.text
        translation.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def release(target_dir: Path | None = None) -> list[Path]:
    """Compile each ``.ts`` into its ``.qm`` (beside it, or in ``target_dir``)."""
    made = []
    for language in LANGUAGES:
        source = ts_file(language)
        target = (target_dir or source.parent) / f"agentdesk_{language}.qm"
        subprocess.run([tool("lrelease"), "-silent", str(source), "-qm", str(target)], check=True)
        made.append(target)
    return made


def main() -> int:
    update()
    for path in release():
        print(f"compiled {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
