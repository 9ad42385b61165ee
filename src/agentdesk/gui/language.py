"""The desktop's languages: the ones it ships, the one to pick, and the translators installed for it.

Its own module so that a dialog (Preferences, the setup assistant) or a command can ask for the language in
force without importing the application module (``agentdesk.gui.app``), which opens the main window and so
imports every dialog: that was an import cycle.
"""

from __future__ import annotations

import logging

from agentdesk.gui import resources
from agentdesk.gui.qt import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

# The languages the desktop ships, by code, each named in its own language (for Preferences).
LANGUAGES = {"en": "English", "ja": "日本語"}


def pick_language(configured: str | None) -> str:
    """``[user] language`` when it names a shipped language, else the OS locale's, else English."""
    if configured and configured in LANGUAGES:
        return configured
    system = QLocale.system().name().split("_")[0]
    return system if system in LANGUAGES else "en"


class Translators:
    """The application's translators for one language: agentdesk's own and Qt's standard dialogs."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def install(self, app: QCoreApplication, language: str) -> None:
        """Switch to ``language``; widgets get a LanguageChange event and retranslate themselves."""
        for old in self._installed:
            app.removeTranslator(old)
        self._installed.clear()
        self.language = language if language in LANGUAGES else "en"
        QLocale.setDefault(QLocale(self.language))
        own = QTranslator(app)
        if own.load(f"agentdesk_{self.language}", str(resources.translations_dir())):
            app.installTranslator(own)
            self._installed.append(own)
        else:
            log.warning("no translation file for %s", self.language)
        if self.language != "en":
            qt_base = QTranslator(app)
            if qt_base.load(f"qtbase_{self.language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                app.installTranslator(qt_base)
                self._installed.append(qt_base)


TRANSLATORS = Translators()
