"""English and Simplified Chinese. All UI text goes through :func:`t`.

One translation context ("Cutmark") keeps the catalogue simple: the strings are
collected from the source by ``scripts/update_translations.py`` into
``desktop_app/ui/i18n/cutmark_zh_CN.ts``, compiled to ``.qm`` by ``pyside6-lrelease``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CONTEXT = "Cutmark"
FOLDER = Path(__file__).resolve().parent / "i18n"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

_translator: QTranslator | None = None
_qt_translator: QTranslator | None = None  # Qt's own strings: Cancel, Yes/No, the file dialogs


def t(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def system_language() -> str:
    name = QLocale.system().name()  # e.g. "zh_CN", "en_US"
    return "zh_CN" if name.startswith("zh") else "en"


def install(language: str) -> str:
    """Install the translator for ``language`` ('en', 'zh_CN' or 'system'); returns the one used."""
    global _translator, _qt_translator
    app = QCoreApplication.instance()
    if language in ("", "system", None):
        language = system_language()
    for old in (_translator, _qt_translator):
        if old is not None:
            app.removeTranslator(old)
    _translator = _qt_translator = None
    if language != "en":
        qt = QTranslator(app)  # PySide6 ships qtbase_<lang>.qm in its translations folder
        if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _qt_translator = qt
        tr = QTranslator(app)
        if tr.load(str(FOLDER / f"cutmark_{language}.qm")):
            app.installTranslator(tr)
            _translator = tr
        else:
            language = "en"
    return language
