"""Start the desktop application: ``omm`` and ``omm --demo`` end up in :func:`run`.

The window is shown before the database and the content are loaded (they load in a
background task after the first paint), so the workbench appears as fast as a bare
Qt window; ``bench/bench_startup.py`` keeps us honest about it.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui.errors import install_excepthook
from app.ui.i18n import set_language
from app.ui.main_window import MainWindow
from app.ui.settings import APPLICATION, ORGANISATION, Settings
from app.ui.tasks import wait_for_tasks


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    return app


def start(db_url: str | None, content_dir: str | None, *,
          settings: Settings | None = None) -> tuple[QApplication, MainWindow]:
    """The application and its shown main window; the workspace opens right after the first paint."""
    app = create_application()
    settings = settings or Settings()
    set_language(settings.language, app)
    window = MainWindow(settings)
    window.restore_window_state()
    window.show()
    window.open_workspace_when_painted(db_url, content_dir)
    return app, window


def run(db_url: str | None, content_dir: str | None) -> int:
    """Open the workbench on ``db_url`` (default database when None) and ``content_dir``; the exit code."""
    app, window = start(db_url, content_dir)
    restore_hook = install_excepthook()
    # Ctrl+C in the terminal closes the window properly (answers are already saved).
    signal.signal(signal.SIGINT, lambda *_: window.close())
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: None)  # lets Python look at signals while Qt runs
    heartbeat.start(500)
    try:
        return int(app.exec())
    finally:
        heartbeat.stop()
        wait_for_tasks(10_000)
        if window.context is not None:
            from app.services.workspace import close_workspace

            close_workspace(window.context.repo)
        restore_hook()
