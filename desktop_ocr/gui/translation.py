"""Install the interface language before any widget is built.

The language is the ``language`` setting, or with "system" the system's preferred one
(``desktop_ocr.i18n.resolve_language``). Two translators: the application's catalogue and Qt's
own (``qtbase_zh_CN.qm`` from PySide6: file dialogs, standard buttons, the key sequence editor).
Inside a PyInstaller bundle Qt's catalogues sit in the bundle's copy of PySide6, which
``QLibraryInfo`` reports as well.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_ocr.i18n import SOURCE_LANGUAGE, qm_path, resolve_language

logger = logging.getLogger(__name__)

_INSTALLED: list[QTranslator] = []  # kept alive: Qt does not own an installed translator


def install_translators(app: QCoreApplication, setting: str = "system") -> str:
    """Install the translators for ``setting`` (system / en / zh_CN); returns the language shown."""
    for t in _INSTALLED:
        app.removeTranslator(t)
    _INSTALLED.clear()
    language = resolve_language(setting, QLocale.system().uiLanguages())
    if language == SOURCE_LANGUAGE:
        return language
    ours = QTranslator(app)
    if not ours.load(str(qm_path(language))):
        logger.warning("no %s catalogue at %s: the interface stays in English", language, qm_path(language))
        return SOURCE_LANGUAGE
    qt = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not qt.load(f"qtbase_{language}", qt_folder):
        logger.info("Qt's own %s catalogue not found in %s", language, qt_folder)
        qt = None
    for t in (qt, ours):
        if t is not None:
            app.installTranslator(t)
            _INSTALLED.append(t)
    # numbers, dates and the file dialogs follow the interface language
    QLocale.setDefault(QLocale(language))
    logger.info("interface language: %s", language)
    return language
