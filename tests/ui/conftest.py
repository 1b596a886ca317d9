"""Shared fixtures for the screens: a fresh SQLite file per test, settings in a temporary folder.

Every test here is strict: a Qt warning fails it, like a Python warning does
(``filterwarnings = error`` in pyproject). The offscreen platform's own notice about
size hints is the one message ignored: it says nothing about our code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.content.schema import ReportKind, ServiceSize

UI_TESTS = Path(__file__).parent
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if UI_TESTS in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _private_settings(tmp_path_factory, monkeypatch) -> Iterator[None]:
    """No test reads or writes the user's settings or data folder; each starts in English."""
    from app.ui.settings import use_settings_folder

    folder = tmp_path_factory.mktemp("settings")
    use_settings_folder(folder)
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("OMM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None:
        from app.ui.i18n import current_language, set_language

        if current_language() != "en":
            set_language("en")


@pytest.fixture(scope="session")
def shell_library(mini_library):
    """The mini content plus a sized service, so that sizes and several services can be tested."""
    from dataclasses import replace

    catalogue = mini_library.catalogue
    basic = catalogue.services[0]
    planning = basic.model_copy(update={
        "id": "assessment-planning", "name": basic.name.model_copy(update={"en": "Assessment and planning",
                                                                          "zh": "评估与规划"}),
        "sizes": (ServiceSize.MEDIUM, ServiceSize.LARGE),
        "reports": (ReportKind.SURVEY, ReportKind.MATURITY, ReportKind.DIAGNOSIS)})
    library = replace(mini_library, catalogues=[catalogue.model_copy(update={"services": (basic, planning)})])
    return library


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    from app.ui.settings import Settings

    return Settings(QSettings(str(tmp_path / "omm.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def repo(tmp_path):
    from app.storage.database import open_database
    from app.storage.repository import Repository

    db = open_database(f"sqlite:///{tmp_path}/t.db")
    yield Repository(db)
    db.close()


@pytest.fixture
def ui_context(shell_library, repo):
    from app.ui.context import AppContext

    return AppContext(shell_library, repo, "en", "Tester")


@pytest.fixture
def boxes(monkeypatch):
    from shell_helpers import Boxes

    import app.ui.errors

    recorder = Boxes()
    monkeypatch.setattr(app.ui.errors, "exec_box", recorder)
    return recorder
