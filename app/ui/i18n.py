"""Interface languages: English (the source texts in the code) and Simplified Chinese.

Why Qt's own machinery (``self.tr()`` on literals, ``.ts`` sources, ``.qm`` catalogues)
rather than a Python dictionary:

- switching is immediate: installing or removing a translator sends every widget a
  ``LanguageChange`` event, and each screen re-sets its texts in ``retranslate_ui()``;
- Qt's own dialogs (message box buttons, "Show Details...", the calendar popup)
  translate too, from the ``qtbase_zh_CN.qm`` that ships with PySide6;
- translators work in Qt Linguist (``pyside6-linguist``) on the committed ``.ts``.

Files: ``app/ui/translations/omm_zh_CN.ts`` is the source, committed. ``make`` compiles
it to ``.qm`` with ``pyside6-lrelease`` before ``run``, ``test``, ``bench`` and
``screenshots``; ``make translations`` refreshes the ``.ts`` from the code with
``pyside6-lupdate`` (without source locations, so that the file changes only where texts
do). When the ``.qm`` is missing or older than its ``.ts`` (a checkout
run without make), the first start compiles it into the user's cache folder instead.

Content texts (models, questionnaires, the catalogue) are not here: they are
bilingual in the YAML and screens show them with ``AppContext.text()``.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "zh": "简体中文"}
QT_LOCALES = {"en": "en_US", "zh": "zh_CN"}
TRANSLATIONS = Path(__file__).parent / "translations"

_installed: list[QTranslator] = []
_current = "en"


def current_language() -> str:
    return _current


def catalogue_source(lang: str) -> Path:
    return TRANSLATIONS / f"omm_{QT_LOCALES[lang]}.ts"


def _cache_folder() -> Path:
    data = os.environ.get("OMM_DATA_DIR")
    if data:
        return Path(data) / "translations"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("omm", appauthor=False)) / "translations"


def _lrelease() -> Path | None:
    import PySide6

    folder = Path(PySide6.__file__).parent
    for name in ("lrelease.exe", "lrelease") if sys.platform == "win32" else ("lrelease",):
        if (folder / name).is_file():
            return folder / name
    return None


def compiled_catalogue(lang: str) -> Path | None:
    """The ``.qm`` for ``lang``: the built one beside the source, else one compiled now into the cache."""
    source = catalogue_source(lang)
    built = source.with_suffix(".qm")
    if built.is_file() and (not source.is_file() or built.stat().st_mtime >= source.stat().st_mtime):
        return built
    if not source.is_file():
        return None
    cached = _cache_folder() / built.name
    if cached.is_file() and cached.stat().st_mtime >= source.stat().st_mtime:
        return cached
    tool = _lrelease()
    if tool is None:
        log.warning("cannot compile %s: lrelease is not installed with PySide6", source)
        return None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(tool), "-silent", str(source), "-qm", str(cached)], check=True,
                       capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("cannot compile %s: %s", source, exc)
        return None
    return cached


def set_language(lang: str, app: QCoreApplication | None = None) -> bool:
    """Switch the interface language now; False when the catalogue could not be loaded.

    Set ``AppContext.language`` before calling this, so that screens re-reading
    content texts on ``LanguageChange`` already see the new language.
    """
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a running QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = lang
    locale = QLocale(QT_LOCALES[lang])
    QLocale.setDefault(locale)
    if lang == "en":
        return True
    ok = True
    qt_catalogues = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(locale, "qtbase", "_", qt_catalogues):
        _installed.append(qt_translator)
    ours = compiled_catalogue(lang)
    translator = QTranslator(app)
    if ours is not None and translator.load(str(ours)):
        _installed.append(translator)
    else:
        log.warning("no interface catalogue for %s; the interface stays in English", lang)
        ok = False
    for t in _installed:
        app.installTranslator(t)
    return ok
