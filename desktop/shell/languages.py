"""Switching the language at run time: our gettext catalogs and Qt's own ``qtbase`` translations."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from db.core import i18n

_QT_LOCALES = {"fi": "fi", "sv": "sv", "en": "en"}


class LanguageSwitcher:
    """Holds the Qt translator of the current language and swaps it with our catalogs."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._qt_translator: QTranslator | None = None

    def apply(self, language: str) -> None:
        """Make ``language`` the language of our messages and of Qt's standard dialogs."""
        i18n.set_language(language)
        if self._qt_translator is not None:
            self._app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        if language != "en":
            translator = QTranslator(self._app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if translator.load(f"qtbase_{_QT_LOCALES[language]}", folder):
                self._app.installTranslator(translator)
                self._qt_translator = translator
        QLocale.setDefault(
            QLocale(i18n.babel_locale(language).language + "_" + (i18n.babel_locale(language).territory or ""))
        )
