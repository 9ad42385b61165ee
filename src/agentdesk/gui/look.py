"""How the desktop looks: light, dark or following the system, and the text size — kept across restarts.

Kept in ``look.ini`` (QSettings, INI) in the config folder, beside the window layout: a choice of this
computer's desktop, like the window's size (the demo's folder keeps its own). :func:`apply` dresses the
application with it; View ▸ Larger text / Smaller text / Normal text size and the theme items, and
File ▸ Preferences, change it at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from agentdesk.config.paths import default_paths
from agentdesk.gui.qt import QSettings

THEMES = ("system", "light", "dark")
#: how far the text size may move from the system's, in points
MIN_DELTA, MAX_DELTA = -3, 8


@dataclass(frozen=True)
class Look:
    theme: str = "system"
    font_delta: int = 0


def _file(config_dir: Path | None = None) -> Path:
    return (config_dir or default_paths().config_dir) / "look.ini"


def load(config_dir: Path | None = None) -> Look:
    """The look saved last (the default when nothing or nonsense is saved)."""
    settings = QSettings(str(_file(config_dir)), QSettings.Format.IniFormat)
    theme = str(settings.value("look/theme", "system"))
    try:
        delta = int(str(settings.value("look/font_delta", 0)))
    except ValueError:
        delta = 0
    return Look(theme if theme in THEMES else "system", max(MIN_DELTA, min(MAX_DELTA, delta)))


def save(look: Look, config_dir: Path | None = None) -> None:
    settings = QSettings(str(_file(config_dir)), QSettings.Format.IniFormat)
    settings.setValue("look/theme", look.theme)
    settings.setValue("look/font_delta", look.font_delta)
    settings.sync()


def with_theme(look: Look, theme: str) -> Look:
    return replace(look, theme=theme if theme in THEMES else "system")


def with_font_step(look: Look, step: int) -> Look:
    """One step larger (+1) or smaller (-1); 0 goes back to the system's size."""
    delta = 0 if step == 0 else max(MIN_DELTA, min(MAX_DELTA, look.font_delta + step))
    return replace(look, font_delta=delta)
