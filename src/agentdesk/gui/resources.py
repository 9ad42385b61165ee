"""The one way to reach ``resources/`` (icons, the style sheet, translations) from source, a wheel and a frozen build.

``resources/`` at the top of the repository is the source of truth. Where it is found, first match wins:

1. a PyInstaller build: ``resources/`` under ``sys._MEIPASS`` (``packaging/agentdesk.spec`` puts it there);
2. an installed wheel: ``agentdesk/_resources`` inside the package (``setup.py`` copies it there at build time);
3. a source checkout or an editable install: the repository's top-level ``resources/``.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

from agentdesk.gui.qt import QIcon

PACKAGE = Path(__file__).resolve().parents[1]  # .../agentdesk


def candidates() -> list[Path]:
    """The places ``resources/`` may be, in the order they are tried."""
    found = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        found.append(Path(frozen) / "resources")
    found.append(PACKAGE / "_resources")
    found.append(PACKAGE.parents[1] / "resources")
    return found


@cache
def root() -> Path:
    """The ``resources`` folder; a clear error when this installation has none."""
    places = candidates()
    for place in places:
        if (place / "icons").is_dir():
            return place
    raise FileNotFoundError("agentdesk resources are missing: looked in " + ", ".join(str(p) for p in places))


def path(*parts: str) -> Path:
    """A file under ``resources/``; a clear error when the installation lacks it."""
    found = root().joinpath(*parts)
    if not found.exists():
        raise FileNotFoundError(f"agentdesk resource missing: {'/'.join(parts)} (looked in {root()})")
    return found


def icon(name: str) -> QIcon:
    """The SVG icon ``resources/icons/NAME.svg``."""
    return QIcon(str(path("icons", f"{name}.svg")))


def stylesheet(dark: bool, font_delta: int = 0) -> str:
    """The application style sheet with the palette's colours filled in; its point sizes moved by
    ``font_delta`` (View ▸ Larger text)."""
    text = path("style", "agentdesk.qss").read_text(encoding="utf-8")
    colours = DARK if dark else LIGHT
    for key, value in colours.items():
        text = text.replace(f"@{key}@", value)
    if font_delta:
        text = re.sub(r"font-size: (\d+)pt", lambda m: f"font-size: {max(6, int(m.group(1)) + font_delta)}pt", text)
    return text


def translations_dir() -> Path:
    """The folder of the compiled translations (``agentdesk_<lang>.qm``)."""
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
    "warn_bg": "#fef3c7",
    "warn_text": "#78350f",
    "info_bg": "#eef4ff",
    "danger_bg": "#fee2e2",
    "danger_text": "#7f1d1d",
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
    "warn_bg": "#3d3113",
    "warn_text": "#f5d38a",
    "info_bg": "#22324d",
    "danger_bg": "#4a1f1f",
    "danger_text": "#ffb4ab",
}
