"""The one way to reach ``resources/`` (icons, the style sheet, translations) from source and from a frozen build.

From a source checkout (or an editable install) the folder is the repository's top-level ``resources/``; in a
PyInstaller build it is ``resources/`` under ``sys._MEIPASS`` (the packaging recipe adds it there).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from agentdesk.gui.qt import QIcon


@cache
def root() -> Path:
    """The ``resources`` folder."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def path(*parts: str) -> Path:
    """A file under ``resources/``; a clear error when the installation lacks it."""
    found = root().joinpath(*parts)
    if not found.exists():
        raise FileNotFoundError(f"agentdesk resource missing: {'/'.join(parts)} (looked in {root()})")
    return found


def icon(name: str) -> QIcon:
    """The SVG icon ``resources/icons/NAME.svg``."""
    return QIcon(str(path("icons", f"{name}.svg")))


def stylesheet(dark: bool) -> str:
    """The application style sheet with the palette's accent colours filled in."""
    text = path("style", "agentdesk.qss").read_text(encoding="utf-8")
    colours = DARK if dark else LIGHT
    for key, value in colours.items():
        text = text.replace(f"@{key}@", value)
    return text


def translations_dir() -> Path:
    return path("translations")


#: The palette the style sheet is filled with (one accent, neutral greys, the three SLA colours).
LIGHT = {
    "accent": "#2563eb",
    "accent_text": "#ffffff",
    "window": "#f6f7f9",
    "base": "#ffffff",
    "alt": "#f1f3f6",
    "border": "#d9dde3",
    "text": "#1f2328",
    "muted": "#5c6670",
    "header": "#eef1f5",
    "selection": "#dbe7fd",
    "ok": "#1a7f37",
    "warn": "#b7791f",
    "late": "#c62828",
}
DARK = {
    "accent": "#5b8def",
    "accent_text": "#ffffff",
    "window": "#1f2226",
    "base": "#26292e",
    "alt": "#2c3036",
    "border": "#3a3f46",
    "text": "#e6e8eb",
    "muted": "#9aa3ad",
    "header": "#2a2e34",
    "selection": "#2f4a7a",
    "ok": "#3fb950",
    "warn": "#d29922",
    "late": "#f85149",
}
