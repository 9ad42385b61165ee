"""File ▸ Preferences: the desktop's language (English / 日本語), saved as ``[user] language``, and its theme
(follow the system, light, dark; saved in look.ini), applied at once."""

from __future__ import annotations

from agentdesk.config.settings_file import set_user_key
from agentdesk.gui import look
from agentdesk.gui.forms.ui_preferences import Ui_PreferencesDialog
from agentdesk.gui.language import LANGUAGES, TRANSLATORS
from agentdesk.gui.qt import QApplication, QDialog, QWidget
from agentdesk.gui.session import DeskSession


class PreferencesDialog(QDialog):
    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.ui = Ui_PreferencesDialog()
        self.ui.setupUi(self)
        for code, name in LANGUAGES.items():
            self.ui.language_combo.addItem(name, code)
        self.ui.language_combo.setCurrentIndex(list(LANGUAGES).index(TRANSLATORS.language))
        self.ui.language_combo.setAccessibleName(self.tr("Language"))
        chosen = look.load()
        for code, name in (("system", self.tr("Follow the system")), ("light", self.tr("Light")),
                           ("dark", self.tr("Dark"))):
            self.ui.theme_combo.addItem(name, code)
        self.ui.theme_combo.setCurrentIndex(list(look.THEMES).index(chosen.theme))
        self.ui.theme_combo.setAccessibleName(self.tr("Theme"))
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        apply_language(self.session, str(self.ui.language_combo.currentData()))
        theme = str(self.ui.theme_combo.currentData())
        if theme != look.load().theme:
            parent = self.parentWidget()
            change = getattr(parent, "change_look", None)
            if callable(change):
                change(theme=theme)
            else:
                look.save(look.with_theme(look.load(), theme))
        super().accept()


def apply_language(session: DeskSession, language: str) -> None:
    """Save ``[user] language`` and switch every window to it."""
    set_user_key(session.config_file, "language", language)
    app = QApplication.instance()
    if app is not None and language != TRANSLATORS.language:
        TRANSLATORS.install(app, language)
