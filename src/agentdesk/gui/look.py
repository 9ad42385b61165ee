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
from agentdesk.gui import resources
from agentdesk.gui.qt import QApplication, QColor, QGuiApplication, QPalette, QSettings, Qt

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


def is_dark() -> bool:
    """Whether the OS asks for a dark colour scheme."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_look(app: QApplication, chosen: Look | None = None) -> None:
    """Fusion with our palette — light or dark as chosen (View ▸ Theme, Preferences), or after the OS — the style
    sheet, and the text size chosen (View ▸ Larger text)."""
    chosen = chosen or load()
    app.setProperty("agentdesk_look", chosen)
    dark = chosen.theme == "dark" or (chosen.theme == "system" and is_dark())
    colours = resources.DARK if dark else resources.LIGHT
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "window",
        QPalette.ColorRole.Base: "base",
        QPalette.ColorRole.AlternateBase: "alt",
        QPalette.ColorRole.Button: "window",
        QPalette.ColorRole.WindowText: "text",
        QPalette.ColorRole.Text: "text",
        QPalette.ColorRole.ButtonText: "text",
        QPalette.ColorRole.ToolTipBase: "base",
        QPalette.ColorRole.ToolTipText: "text",
        QPalette.ColorRole.Highlight: "accent",
        QPalette.ColorRole.HighlightedText: "accent_text",
        QPalette.ColorRole.PlaceholderText: "muted",
        QPalette.ColorRole.Link: "accent",
        QPalette.ColorRole.Mid: "border",
    }
    for role, key in roles.items():
        palette.setColor(role, QColor(colours[key]))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(colours["muted"]))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(colours["muted"]))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(colours["muted"]))
    app.setPalette(palette)
    base = app.property("agentdesk_base_point_size")
    if not isinstance(base, float | int) or base <= 0:
        base = app.font().pointSizeF()
        app.setProperty("agentdesk_base_point_size", base)
    font = app.font()
    font.setPointSizeF(max(6.0, float(base) + chosen.font_delta))
    app.setFont(font)
    app.setStyleSheet(resources.stylesheet(dark, chosen.font_delta))
