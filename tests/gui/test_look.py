"""Dark mode and text size (issue 14 item 2): View ▸ Theme (follow the system, light, dark) and File ▸
Preferences choose the palette; View ▸ Larger / Smaller / Normal text size (Ctrl++, Ctrl+-, Ctrl+0) change the
text; both apply at once and are kept for the next start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.gui import look, resources
from agentdesk.gui.app import apply_look
from agentdesk.gui.qt import QApplication, QPalette
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _keys
from tests.support.factories import Center


@pytest.fixture
def plain_look() -> Iterator[None]:
    yield
    look.save(look.Look())
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_look(app, look.Look())


def _window_colour() -> str:
    return QApplication.palette().color(QPalette.ColorRole.Window).name()


def test_the_theme_menu_switches_light_and_dark_and_is_kept(qtbot: QtBot, center: Center, make_window: MakeWindow,
                                                            plain_look: None) -> None:
    window = make_window()
    window._theme_actions["dark"].trigger()
    assert _window_colour() == resources.DARK["window"]
    assert resources.DARK["base"] in QApplication.instance().styleSheet()  # type: ignore[union-attr]
    assert window._theme_actions["dark"].isChecked()
    assert look.load().theme == "dark"  # kept for the next start
    window._theme_actions["light"].trigger()
    assert _window_colour() == resources.LIGHT["window"]
    assert look.load().theme == "light"


def test_text_size_keys_change_the_font_and_it_is_kept(qtbot: QtBot, center: Center, make_window: MakeWindow,
                                                       plain_look: None) -> None:
    window = make_window()
    base = QApplication.font().pointSizeF()
    _keys(qtbot, window, "Ctrl++")
    _keys(qtbot, window, "Ctrl+=")
    assert QApplication.font().pointSizeF() == base + 2
    assert look.load().font_delta == 2
    subject_pt = 15 + 2
    assert f"font-size: {subject_pt}pt" in QApplication.instance().styleSheet()  # type: ignore[union-attr]
    _keys(qtbot, window, "Ctrl+-")
    assert QApplication.font().pointSizeF() == base + 1
    _keys(qtbot, window, "Ctrl+0")
    assert QApplication.font().pointSizeF() == base and look.load().font_delta == 0
    for _ in range(20):
        window.commands["text_larger"].trigger()
    assert look.load().font_delta == look.MAX_DELTA  # bounded


def test_preferences_choose_the_theme(qtbot: QtBot, center: Center, make_window: MakeWindow,
                                      plain_look: None) -> None:
    from agentdesk.gui.dialogs.preferences import PreferencesDialog

    window = make_window()
    dialog = PreferencesDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.ui.theme_combo.setCurrentIndex(dialog.ui.theme_combo.findData("dark"))
    dialog.accept()
    assert look.load().theme == "dark" and _window_colour() == resources.DARK["window"]
    assert window._theme_actions["dark"].isChecked()


def test_saved_nonsense_falls_back_to_the_defaults(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "look.ini").write_text("[look]\ntheme=purple\nfont_delta=lots\n", encoding="utf-8")
    assert look.load(folder) == look.Look()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_small_dialog_s_error_line_takes_the_theme_s_colour(qtbot: QtBot, plain_look: None, theme: str) -> None:
    from agentdesk.gui.dialogs.snooze import SnoozeDialog
    from agentdesk.gui.dialogs.tags import TagsDialog

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app, look.Look(theme=theme))
    colours = resources.DARK if theme == "dark" else resources.LIGHT
    for dialog in (SnoozeDialog("Late delivery"), TagsDialog("Late delivery", ["vip"], ["vip", "billing"])):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.error.setText("wrong")
        dialog.error.show()
        dialog.error.ensurePolished()
        assert dialog.error.palette().color(QPalette.ColorRole.WindowText).name() == colours["late"]
