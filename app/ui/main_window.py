"""The main window: the engagement list, one open engagement, menus, toolbar and status bar.

Start-up is built for speed: this module imports Qt and nothing heavy, so the window
paints at once with a "opening the database" page; the database and the content
(SQLAlchemy, pydantic, YAML) load in a background task, and the real pages are
built when they arrive (:meth:`MainWindow.open_workspace`).

The central area is a stack: the list page, and the engagement page with the tabs
declared in ``app/ui/tabs.py`` (Setup, Interviewees, Interview, Results, then any
registered later): each takes ``(context, page)``, has ``load(engagement_id)``, and
handles ``QEvent.LanguageChange`` itself; one that fails to build is replaced by a
placeholder naming the problem. Menus the other screens extend are
attributes: ``interview_menu`` and ``export_menu``; ``report_actions`` holds one action per
report kind, enabled for the kinds ``app.reports`` can write (``export_report`` runs
``app.services.reports.write_report`` in the background with a progress dialog).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.ui.errors import present_error
from app.ui.i18n import current_language, set_language
from app.ui.settings import Settings, SettingsDialog
from app.ui.tasks import TaskControl, run_task, run_with_progress

if TYPE_CHECKING:
    from app.ui.context import AppContext
    from app.ui.engagement_list import EngagementListPage
    from app.ui.engagement_setup import EngagementSetupForm
    from app.ui.interviewees import IntervieweeRegister
    from app.ui.tabs import EngagementTab



def _engagements():
    """The engagement use cases, imported on first use: start-up paints before SQLAlchemy loads."""
    from app.services import engagements

    return engagements


class _LazyQt:
    """``Qt``, looked up on first use. Touching PySide6's ``Qt`` namespace builds its hundreds
    of enums (~50 ms); nothing before the first paint needs it, so start-up pays it after."""

    def __getattr__(self, name: str) -> Any:
        from PySide6.QtCore import Qt as namespace

        return getattr(namespace, name)


Qt = _LazyQt()


class PlaceholderView(QWidget):
    """Stands in for a screen that failed to build: the rest of the engagement stays usable."""

    def __init__(self, tab: EngagementTab, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"placeholder:{tab.id}")
        self.tab = tab
        self.problem = problem
        self.label = QLabel(objectName="placeholderLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        what = self.tab.translated_title()
        self.label.setText(self.tr("%1 could not be loaded:\n%2").replace("%1", what).replace("%2", self.problem))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def load(self, engagement_id: str) -> None:
        """Same interface as the real views."""


class EngagementPage(QWidget):
    """One open engagement: a header and the tabs declared in ``app.ui.tabs``."""

    # The built-in tabs come first, in this order (app/ui/tabs.py); later ones follow.
    TAB_SETUP, TAB_INTERVIEWEES, TAB_INTERVIEW, TAB_RESULTS = range(4)
    back_requested = Signal()
    answer_saved = Signal(str)  # relayed from the views that record answers to those that follow them

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, consultant: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("engagementPage")
        from app.ui.tabs import tabs

        self.context = context
        self.consultant = consultant
        self.engagement_id: str | None = None
        self.title = QLabel(objectName="engagementTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.subtitle = QLabel(objectName="engagementSubtitle")
        self.subtitle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.back_button = QPushButton(objectName="backButton")
        self.back_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.back_button.clicked.connect(self.back_requested)

        self.tab_specs: tuple[EngagementTab, ...] = tabs()
        self.views: dict[str, QWidget] = {tab.id: self._view(tab) for tab in self.tab_specs}
        self.setup: EngagementSetupForm = self.views["setup"]  # type: ignore[assignment]
        self.interviewees: IntervieweeRegister = self.views["interviewees"]  # type: ignore[assignment]
        if hasattr(self.interviewees, "surveys_imported"):  # imported survey answers re-score the results
            self.interviewees.surveys_imported.connect(self.answer_saved)
        self.interview = self.views["interview"]
        self.results = self.views["results"]
        # Every saved answer re-scores the results (debounced there): the dashboard
        # follows the interview without a refresh button.
        for tab in self.tab_specs:
            view = self.views[tab.id]
            if isinstance(view, PlaceholderView):
                continue
            if tab.emits_answers:
                view.answer_saved.connect(self.answer_saved)  # type: ignore[attr-defined]
            if tab.follows_answers:
                self.answer_saved.connect(view.schedule_refresh)  # type: ignore[attr-defined]
        self.tabs = QTabWidget(objectName="engagementTabs")
        self.tabs.setDocumentMode(True)
        for tab in self.tab_specs:
            self.tabs.addTab(self.views[tab.id], "")
        self._loaded: dict[int, str | None] = {}
        self.tabs.currentChanged.connect(self._tab_shown)

        header = QHBoxLayout()
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addSpacing(8)
        header.addLayout(texts, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.retranslate_ui()

    def _view(self, tab: EngagementTab) -> QWidget:
        try:
            return tab.factory(self.context, self)
        except Exception as exc:  # report, but keep the engagement usable
            present_error(exc, self)
            return PlaceholderView(tab, f"{type(exc).__name__}: {exc}", self)

    def tab_index(self, tab_id: str) -> int:
        return next(i for i, tab in enumerate(self.tab_specs) if tab.id == tab_id)

    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("Engagements"))
        self.back_button.setToolTip(self.tr("Back to the engagement list (Alt+Left)"))
        for index, tab in enumerate(self.tab_specs):
            self.tabs.setTabText(index, tab.translated_title())
        self._update_header()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def load(self, engagement_id: str) -> None:
        self.engagement_id = engagement_id
        self._loaded = {}
        for index, tab in enumerate(self.tab_specs):
            if tab.eager:
                self.views[tab.id].load(engagement_id)  # type: ignore[attr-defined]
                self._loaded[index] = engagement_id
        self._update_header()
        self._tab_shown(self.tabs.currentIndex())

    def reload(self) -> None:
        if self.engagement_id is not None:
            current = self.tabs.currentIndex()
            self.load(self.engagement_id)
            self.tabs.setCurrentIndex(current)

    def _tab_shown(self, index: int) -> None:
        # The interview and results views load when first shown: they can be heavy.
        if self.engagement_id is None or self._loaded.get(index) == self.engagement_id:
            return
        if 0 <= index < len(self.tab_specs):
            self._loaded[index] = self.engagement_id
            self.views[self.tab_specs[index].id].load(self.engagement_id)  # type: ignore[attr-defined]

    def _update_header(self) -> None:
        engagement = self.setup.engagement
        if engagement is None:
            self.title.clear()
            self.subtitle.clear()
            return
        from app.ui.engagement_list import service_namer, status_label

        name_of = service_namer(self.context)
        parts = [engagement.customer.name, status_label(engagement.status)]
        if engagement.start_date:
            end = f" – {engagement.end_date.isoformat()}" if engagement.end_date else ""
            parts.append(engagement.start_date.isoformat() + end)
        parts.append(self.tr(", ", "list separator").join(name_of(s.service_id) for s in engagement.services))
        if engagement.archived:
            parts.append(self.tr("archived"))
        self.title.setText(engagement.name)
        self.title.setToolTip(engagement.name)
        self.subtitle.setText("  ·  ".join(p for p in parts if p))

    def has_unsaved_changes(self) -> bool:
        return self.setup.is_dirty()


class LoadingPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loadingPage")
        # Centred with stretches rather than alignment flags: see _LazyQt.
        self.label = QLabel(objectName="loadingLabel")
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setFixedWidth(320)
        self.bar.setTextVisible(False)
        self.failed = False
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.label, self.bar):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(widget)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addStretch(2)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        if not self.failed:
            self.label.setText(self.tr("Opening the database and loading the content..."))

    def show_failure(self, message: str) -> None:
        self.failed = True
        self.bar.hide()
        self.label.setText(message)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _open_workspace(db_url: str | None, content_dir: str | None, create: bool | None,
                    control: TaskControl) -> tuple:
    # Runs in a worker: the heavy imports (SQLAlchemy, pydantic, the content) happen here.
    from app.services import open_workspace

    return open_workspace(db_url, content_dir, create)


class MainWindow(QMainWindow):
    first_painted = Signal()
    context_ready = Signal()  # the database and content are loaded and the list is filled
    engagement_opened = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings
        self.context: AppContext | None = None
        self.list_page: EngagementListPage | None = None
        self.engagement_page: EngagementPage | None = None
        self.portfolio_page: QWidget | None = None  # app.ui.portfolio.PortfolioPage, built when first shown
        self._painted = False
        self.db_url: str | None = None
        self.database_display: str | None = None  # shown instead of the database's location (screenshots)

        self.stack = QStackedWidget(objectName="centralStack")
        self.loading_page = LoadingPage(self)
        self.stack.addWidget(self.loading_page)
        self.setCentralWidget(self.stack)

        self.actions_by_name: dict[str, QAction] = {}
        self.report_actions: dict[str, QAction] = {}
        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self._create_status_bar()
        self.retranslate_ui()
        self._update_actions()
        self.setAcceptDrops(True)  # filled survey forms dropped on the window are imported
        # Never taller or wider than the screen's free area (a 1366x768 laptop has ~728 px).
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        frame = 40  # the title bar and borders, outside the size given here
        self.resize(min(1280, screen.width()) if screen else 1280,
                    min(800, screen.height() - frame) if screen else 800)
        # Earlier versions kept the team repository's password in the settings file, in clear:
        # out of the file at once, said once (when the window is up).
        self.password_notice: QDialog | None = None
        if self.settings.remove_stored_secrets():
            self.first_painted.connect(self.tell_password_removed)  # emitted once, at the first paint

    # -- filled survey forms dropped on the window ---------------------------------
    def _dropped_forms(self, event) -> list:
        from app.ui.surveys import xlsx_paths

        mime = event.mimeData()
        return xlsx_paths(mime.urls()) if mime is not None and mime.hasUrls() else []

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.context is not None and self._dropped_forms(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.context is not None and self._dropped_forms(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paths = self._dropped_forms(event)
        if not paths:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.import_dropped_surveys(paths)

    def import_dropped_surveys(self, paths: list) -> None:
        """Survey forms into the open engagement (all checked first, then all or none)."""
        page = self.engagement_page
        if page is None or self.stack.currentWidget() is not page or page.engagement_id is None:
            self.status_message(self.tr("Open the engagement first, then drop its filled survey forms on the "
                                        "window."))
            return
        page.interviewees.import_surveys(paths)

    # -- start-up --------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def open_workspace_when_painted(self, db_url: str | None, content_dir: str | None) -> None:
        """Start loading once the window has painted (or after a second, if it is never painted:
        a window restored minimised gets no paint event)."""
        started = [False]

        def begin() -> None:
            if not started[0]:
                started[0] = True
                self.open_workspace(db_url, content_dir)

        if self._painted:
            begin()
            return
        self.first_painted.connect(begin)
        QTimer.singleShot(1000, begin)

    def open_workspace(self, db_url: str | None, content_dir: str | None, create: bool | None = None) -> None:
        """Open the repository and load the content in the background, then build the pages.

        ``create``: make the database if it is not there (None: only the default one in the data folder).
        """
        self.db_url = db_url
        self.loading_page.failed = False
        self.loading_page.bar.show()
        self.loading_page.retranslate_ui()
        self.stack.setCurrentWidget(self.loading_page)
        run_task(functools.partial(_open_workspace, db_url, content_dir, create), self._workspace_opened,
                 self._workspace_failed, owner=self)

    def _workspace_opened(self, result: tuple) -> None:
        from app.ui.context import AppContext

        repo, library = result
        self.set_context(AppContext(library, repo, self.settings.language, self.settings.consultant))
        if not self.settings.consultant and not self.settings.asked_consultant:
            self.ask_consultant_name()

    def tell_password_removed(self) -> QDialog:
        """Once, after a settings file that held the team password in clear was cleaned (not modal)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Team repository password"),
                          self.tr("The team repository password was stored in the settings file in clear; it "
                                  "has been removed from it. It is kept in memory until you quit, and asked "
                                  "for when you connect after the next start. To avoid typing it, put it in "
                                  "your PostgreSQL password file (~/.pgpass or PGPASSFILE)."),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("passwordRemovedNotice")
        box.finished.connect(box.deleteLater)
        box.open()
        self.password_notice = box
        return box

    def ask_consultant_name(self) -> QDialog:
        """First start: who is the consultant? Recorded as "answered by" with every answer (Settings changes it).

        Not modal to the application (``open()``): the window stays usable, and "Later" asks no more.
        """
        from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QVBoxLayout

        self.settings.asked_consultant = True
        dialog = QDialog(self, objectName="consultantNameDialog")
        dialog.setWindowTitle(self.tr("Welcome"))
        label = QLabel(self.tr("Your name, as the consultant: it is recorded with every answer you enter "
                               "(Settings changes it later)."))
        label.setWordWrap(True)
        edit = QLineEdit(objectName="consultantNameEdit")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.addButton(self.tr("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(label)
        layout.addWidget(edit)
        layout.addWidget(buttons)

        def keep(result: int) -> None:
            name = " ".join(edit.text().split())
            if result == QDialog.DialogCode.Accepted and name:
                self.settings.consultant = name
                if self.context is not None:
                    self.context.consultant = name
            dialog.deleteLater()

        dialog.finished.connect(keep)
        dialog.open()
        return dialog

    def _workspace_failed(self, exc: BaseException, details: str) -> None:
        self.loading_page.show_failure(self.tr("The database could not be opened:\n%1\n\nUse File > Open "
                                               "database... to choose another one.").replace("%1", str(exc)))
        self.db_label.setText(self.tr("No database open"))
        present_error(exc, self, details=details)

    def set_context(self, context: AppContext) -> None:
        """Build the real pages over ``context`` (replacing any previous database's)."""
        from app.ui.engagement_list import EngagementListPage

        old = self.context
        self.context = context
        for page in (self.list_page, self.engagement_page, self.portfolio_page):
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        self.engagement_page = None
        self.portfolio_page = None
        self.list_page = EngagementListPage(context, self)
        self.list_page.open_requested.connect(self.open_engagement)
        self.list_page.selection_changed.connect(self._update_actions)
        self.list_page.new_requested.connect(self.new_engagement)
        self.list_page.archived_check.toggled.connect(self.actions_by_name["show_archived"].setChecked)
        self.list_page.set_item_actions([self.actions_by_name[n] for n in ("open", "duplicate", "archive", "delete")])
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list_page.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_engagement)
        self.stack.addWidget(self.list_page)
        self.stack.setCurrentWidget(self.list_page)
        from app.reports import registry

        self._report_kinds = registry.available_ids()
        self.retranslate_ui()
        if old is not None and old.repo is not context.repo:
            from app.services.workspace import close_workspace

            close_workspace(old.repo)
        self._update_status()
        self._update_actions()
        self._fill_recent_menu()
        last = self.settings.last_engagement_id
        if last:
            try:
                record = _engagements().get_engagement(context.repo, last)
            except UserError:
                self.settings.last_engagement_id = None
            else:
                self.list_page.select(record.id)
                if self.settings.reopen_last and self.settings.engagement_was_open and not record.archived:
                    self.open_engagement(record.id)
        self.context_ready.emit()

    # -- actions ---------------------------------------------------------------
    def _action(self, name: str, slot: Callable[[], object] | None = None,
                shortcut: QKeySequence.StandardKey | str | None = None, checkable: bool = False) -> QAction:
        action = QAction(self)
        action.setObjectName(f"action:{name}")
        # setShortcuts(), not setShortcut(): the latter's overloads make PySide6 build the whole
        # Qt enum namespace before the first paint (see _LazyQt). A standard key brings every
        # binding the platform has for it.
        if isinstance(shortcut, str):
            action.setShortcuts([QKeySequence.fromString(shortcut)])
        elif shortcut is not None:
            action.setShortcuts(shortcut)
        action.setCheckable(checkable)
        if slot is not None:
            if checkable:
                action.toggled.connect(slot)
            else:
                action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even when the toolbar is hidden
        self.actions_by_name[name] = action
        return action

    def _create_actions(self) -> None:
        key = QKeySequence.StandardKey
        self._action("new", self.new_engagement, key.New)
        self._action("open", self.open_selected, key.Open)
        self._action("open_database", self.choose_database, "Ctrl+Shift+O")
        self._action("settings", self.show_settings, "Ctrl+,")
        self._action("quit", self.close, key.Quit)
        self._action("duplicate", self.duplicate_engagement, "Ctrl+D")
        self._action("archive", self.toggle_archived, "Ctrl+E")
        self._action("delete", self.delete_engagement, "Ctrl+Del")
        self._action("back", self.show_list, "Alt+Left")  # not the standard key: it adds Backspace
        self._action("refresh", self.refresh, key.Refresh)
        self._action("search", self.focus_search, key.Find)
        self._action("portfolio", self.show_portfolio, "Ctrl+Shift+P")
        for index, name in enumerate(("tab_setup", "tab_interviewees", "tab_interview", "tab_results")):
            self._action(name, functools.partial(self.show_tab, index), f"Ctrl+{index + 1}")
        self._action("add_interviewee", self.add_interviewee, "Ctrl+I")
        self._action("start_interview", functools.partial(self.show_tab, EngagementPage.TAB_INTERVIEW),
                     "Ctrl+Shift+I")
        self._action("show_archived", self._show_archived, "Ctrl+Shift+H", checkable=True)
        self._action("language", self.show_settings, "Ctrl+Shift+L")
        self._action("full_screen", self._toggle_full_screen, key.FullScreen, checkable=True)
        self._action("shortcuts", self.show_shortcuts, key.HelpContents)
        self._action("content_problems", self.show_content_problems)
        self._action("about", self.show_about)
        from app.reports import registry  # light: the declarations, not the report machinery

        self._declared_reports = {kind.id: kind for kind in registry.kinds()}
        for kind in self._declared_reports:
            action = QAction(self)
            action.setObjectName(f"action:report:{kind}")
            action.setEnabled(False)
            action.triggered.connect(functools.partial(self.export_report, kind))
            self.report_actions[kind] = action
        self._report_kinds: tuple[str, ...] = ()  # those app.reports can write, known once loaded
        self._action("export_package", self.export_package)
        self._action("import_package", self.import_package, "Ctrl+Shift+M")
        self._action("push_team", self.push_to_team)
        self._action("pull_team", self.pull_from_team)

    def _create_menus(self) -> None:
        a = self.actions_by_name
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([a["new"], a["open"]])
        self.recent_menu = QMenu(self)
        self.recent_menu.setObjectName("recentMenu")
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["open_database"])
        self.file_menu.addSeparator()
        self.file_menu.addActions([a["import_package"], a["push_team"], a["pull_team"]])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["settings"])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["quit"])
        self.edit_menu = bar.addMenu("")  # the interview's undo and redo join it (they name the question)
        self.edit_menu.setEnabled(False)
        self.engagement_menu = bar.addMenu("")
        self.engagement_menu.addActions([a["duplicate"], a["archive"], a["delete"]])
        self.engagement_menu.addSeparator()
        self.engagement_menu.addActions([a["tab_setup"], a["tab_interviewees"], a["tab_interview"], a["tab_results"]])
        self.engagement_menu.addSeparator()
        self.engagement_menu.addAction(a["back"])
        self.interview_menu = bar.addMenu("")
        self.interview_menu.addActions([a["add_interviewee"], a["start_interview"]])
        self.export_menu = bar.addMenu("")
        self.export_menu.addActions(list(self.report_actions.values()))
        self.export_menu.addSeparator()
        self.export_menu.addAction(a["export_package"])
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions([a["search"], a["refresh"], a["show_archived"]])
        self.view_menu.addSeparator()
        self.view_menu.addAction(a["portfolio"])
        self.view_menu.addSeparator()
        self.view_menu.addAction(a["language"])
        self.view_menu.addAction(a["full_screen"])
        self.help_menu = bar.addMenu("")
        self.help_menu.addActions([a["shortcuts"], a["content_problems"]])
        self.help_menu.addSeparator()
        self.help_menu.addAction(a["about"])
        for menu, name in ((self.file_menu, "fileMenu"), (self.edit_menu, "editMenu"),
                           (self.engagement_menu, "engagementMenu"),
                           (self.interview_menu, "interviewMenu"), (self.export_menu, "exportMenu"),
                           (self.view_menu, "viewMenu"), (self.help_menu, "helpMenu")):
            menu.setObjectName(name)

    def _create_toolbar(self) -> None:
        a = self.actions_by_name
        self.toolbar = QToolBar(objectName="mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addActions([a["new"], a["open"], a["duplicate"], a["archive"], a["delete"]])
        self.toolbar.addSeparator()
        self.toolbar.addAction(a["refresh"])
        self.toolbar.addSeparator()
        self.toolbar.addAction(a["portfolio"])
        self.addToolBar(self.toolbar)

    def _create_status_bar(self) -> None:
        self.db_label = QLabel(objectName="databaseLabel")
        self.content_button = QPushButton(objectName="contentProblemsButton")
        self.content_button.setFlat(True)
        self.content_button.clicked.connect(self.show_content_problems)
        status = self.statusBar()
        status.addPermanentWidget(self.db_label)
        status.addPermanentWidget(self.content_button)

    def retranslate_ui(self) -> None:
        a = self.actions_by_name
        texts = {
            "new": (self.tr("&New engagement..."), self.tr("Set up a new engagement")),
            "open": (self.tr("&Open engagement"), self.tr("Open the engagement selected in the list")),
            "open_database": (self.tr("Open &database..."), self.tr("Work in another SQLite database file")),
            "settings": (self.tr("&Settings..."), self.tr("Language, your name, start-up")),
            "quit": (self.tr("&Quit"), ""),
            "duplicate": (self.tr("&Duplicate as re-assessment..."),
                          self.tr("A new engagement with the same services and interviewees, linked to this one")),
            "archive": (self.tr("&Archive"), self.tr("Hide the engagement from the list (it is kept)")),
            "delete": (self.tr("De&lete..."), self.tr("Delete the engagement and all its answers")),
            "back": (self.tr("&Back to engagements"), self.tr("Back to the engagement list")),
            "refresh": (self.tr("&Refresh"), self.tr("Read the list and the open engagement again")),
            "search": (self.tr("&Search engagements"), ""),
            "portfolio": (self.tr("&Portfolio"),
                          self.tr("Compare engagements across customers: side by side, over time, benchmarks")),
            "tab_setup": (self.tr("Se&tup"), ""),
            "tab_interviewees": (self.tr("&Interviewees"), ""),
            "tab_interview": (self.tr("Intervie&w"), ""),
            "tab_results": (self.tr("R&esults"), ""),
            "add_interviewee": (self.tr("&Add interviewee..."), ""),
            "start_interview": (self.tr("&Start interview"), ""),
            "show_archived": (self.tr("Show &archived engagements"), ""),
            "language": (self.tr("&Language..."), self.tr("Switch the interface between English and Chinese")),
            "full_screen": (self.tr("&Full screen"), ""),
            "shortcuts": (self.tr("&Keyboard shortcuts"), ""),
            "content_problems": (self.tr("&Content problems..."), ""),
            "about": (self.tr("&About"), ""),
            "export_package": (self.tr("Engagement &package (.omm)..."),
                               self.tr("One file to move the engagement to another laptop or a colleague "
                                       "(optionally with a password, or anonymised)")),
            "import_package": (self.tr("&Import package..."),
                               self.tr("Add or merge an engagement from a .omm package, answer by answer")),
            "push_team": (self.tr("&Push to team repository"),
                          self.tr("Merge the selected engagement into the team repository")),
            "pull_team": (self.tr("P&ull from team repository..."),
                          self.tr("Merge an engagement of the team repository into this database")),
        }
        for name, (text, tip) in texts.items():
            a[name].setText(text)
            a[name].setStatusTip(tip)
            a[name].setToolTip(self._tooltip(text, tip, a[name]))
        for kind, action in self.report_actions.items():
            action.setText(self._declared_reports[kind].menu_text(current_language()))
            action.setToolTip(self.tr("Word (.docx) or Excel (.xlsx), in the engagement's language")
                              if kind in self._report_kinds else self.tr("Not available in this build yet"))
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("&Recent engagements"))
        self.engagement_menu.setTitle(self.tr("&Engagement"))
        self.interview_menu.setTitle(self.tr("&Interview"))
        self.edit_menu.setTitle(self.tr("E&dit"))  # Alt+E opens the Engagement menu
        self.export_menu.setTitle(self.tr("E&xport"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        self._update_title()
        self._update_status()
        self._update_actions()

    @staticmethod
    def _tooltip(text: str, tip: str, action: QAction) -> str:
        plain = text.replace("&", "").removesuffix("...")
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        line = f"{plain} ({shortcut})" if shortcut else plain
        return f"{line}\n{tip}" if tip else line

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- state shown in the chrome ---------------------------------------------------
    def _update_title(self) -> None:
        # The database's name is always in the title: the demo (make run) and one's own
        # database look alike otherwise, and the command line defaults to the latter.
        parts = [self.tr("O&M Maturity Workbench")]
        if self.context is not None:
            from app.services.workspace import database_title

            parts.insert(0, self.database_display or database_title(self.context.repo))
        page = self.engagement_page
        if page is not None and self.stack.currentWidget() is page and page.setup.engagement is not None:
            parts.insert(0, page.setup.engagement.name)
        self.setWindowTitle(" — ".join(parts))

    def _update_status(self) -> None:
        if self.context is None:
            self.db_label.setText(self.tr("Opening database..."))
            self.content_button.setText("")
            self.content_button.hide()
            return
        from app.services.workspace import database_label

        url = database_label(self.context.repo)  # never the password of a team repository
        where = self.database_display or (url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url)
        metrics = self.db_label.fontMetrics()
        self.db_label.setText(self.tr("Database: %1").replace(
            "%1", metrics.elidedText(where, Qt.TextElideMode.ElideMiddle, 420)))
        self.db_label.setToolTip(url)
        problems = len(self.context.library.problems)
        self.content_button.show()
        if problems:
            self.content_button.setText(self.tr("Content: %n problem(s)", "", problems))
            self.content_button.setStyleSheet("color: #b3261e;")
        else:
            self.content_button.setText(self.tr("Content: no problems"))
            self.content_button.setStyleSheet("")
        self.content_button.setToolTip(self.tr("Content folder: %1").replace("%1", str(self.context.library.root)))

    def _current_id(self) -> str | None:
        """The engagement the Engagement menu acts on: the open one, else the one selected in the list."""
        if self.engagement_page is not None and self.stack.currentWidget() is self.engagement_page:
            return self.engagement_page.engagement_id
        if self.list_page is not None and self.stack.currentWidget() is self.list_page:
            return self.list_page.current_id()
        return None

    def _update_actions(self) -> None:
        a = self.actions_by_name
        ready = self.context is not None
        on_engagement = self.engagement_page is not None and self.stack.currentWidget() is self.engagement_page
        target = self._current_id() if ready else None
        a["new"].setEnabled(ready)
        a["open"].setEnabled(ready)
        a["search"].setEnabled(ready)
        a["refresh"].setEnabled(ready)
        a["show_archived"].setEnabled(ready)
        a["portfolio"].setEnabled(ready)
        for name in ("duplicate", "archive", "delete"):
            a[name].setEnabled(target is not None)
        for name in ("back", "tab_setup", "tab_interviewees", "tab_interview", "tab_results", "add_interviewee",
                     "start_interview"):
            a[name].setEnabled(on_engagement)
        a["export_package"].setEnabled(target is not None)
        a["push_team"].setEnabled(target is not None)
        a["import_package"].setEnabled(ready)
        a["pull_team"].setEnabled(ready)
        if self.portfolio_page is not None and self.stack.currentWidget() is self.portfolio_page:
            a["back"].setEnabled(True)
        refused = self._reports_not_bought(target)
        for kind, action in self.report_actions.items():
            action.setEnabled(target is not None and kind in self._report_kinds and kind not in refused)
            if kind in refused:
                action.setToolTip(self.tr("Not offered: the engagement did not buy a service that delivers this "
                                          "report (see the services in its setup)"))
            elif kind in self._report_kinds:
                action.setToolTip(self.tr("Word (.docx) or Excel (.xlsx), in the engagement's language"))
        archived = self._is_archived(target)
        a["archive"].setText(self.tr("Un&archive") if archived else self.tr("&Archive"))

    def _reports_not_bought(self, engagement_id: str | None) -> set[str]:
        """The report kinds the engagement's services do not deliver (offered only for what was bought)."""
        if engagement_id is None or self.context is None:
            return set()
        from app.services.reports import offered_kinds

        try:
            services = _engagements().get_engagement(self.context.repo, engagement_id).services
        except Exception:  # noqa: BLE001 - a vanished engagement: nothing to refuse, the action fails with a message
            return set()
        return {kind for kind, reason in offered_kinds(self.context.library, services).items() if reason}

    def _is_archived(self, engagement_id: str | None) -> bool:
        if engagement_id is None or self.context is None:
            return False
        if self.list_page is not None:
            row = self.list_page.model.row_of(engagement_id)
            summary = self.list_page.model.summary(row)
            if summary is not None:
                return summary.archived
        page = self.engagement_page
        if page is not None and page.setup.engagement is not None and page.setup.engagement.id == engagement_id:
            return page.setup.engagement.archived
        return False

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        if self.context is None:
            self.recent_menu.setEnabled(False)
            return
        recent = _engagements().recent_engagements(self.context.repo, limit=8)
        for summary in recent:
            action = self.recent_menu.addAction(summary.name.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, eid=summary.id: self.open_engagement(eid))
        self.recent_menu.setEnabled(bool(recent))

    def status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    # -- modal helpers (tests replace these) -----------------------------------------
    def confirm(self, title: str, text: str, *, destructive: bool = False) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str, default: str) -> str | None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(default)
        dialog.resize(560, dialog.sizeHint().height())
        return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                          self.tr("The engagement setup has changes that are not saved."),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def exec_dialog(self, dialog: QDialog) -> int:
        return dialog.exec()

    def ask_export(self, engagement_id: str, kind: str, suggested: str, lang: str):
        """The export dialog (language, format, file, preview); None when cancelled."""
        from app.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.context, engagement_id, kind, suggested, lang, self)
        try:
            if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            return dialog.choice()
        finally:
            dialog.deleteLater()

    def offer_open(self, path: Path) -> None:
        from app.ui.export_dialog import offer_to_open

        offer_to_open(self, path)

    def _may_leave_engagement(self) -> bool:
        page = self.engagement_page
        if page is None or not page.has_unsaved_changes():
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return page.setup.save() is not None
        if answer == QMessageBox.StandardButton.Discard:
            page.setup.load(page.engagement_id)
            return True
        return False

    # -- navigation ------------------------------------------------------------------
    def show_list(self) -> None:
        if self.list_page is None or not self._may_leave_engagement():
            return
        previous = self.engagement_page.engagement_id if self.engagement_page is not None else None
        self.stack.setCurrentWidget(self.list_page)
        self.list_page.refresh()
        self._fill_recent_menu()
        if previous:
            self.list_page.select(previous)
        self.list_page.table.setFocus()
        self._update_title()
        self._update_actions()

    def show_portfolio(self) -> None:
        """The portfolio page beside the engagement list: it loads (and scores what changed) in the background."""
        if self.context is None or not self._may_leave_engagement():
            return
        if self.portfolio_page is None:
            from app.ui.portfolio import PortfolioPage

            self.portfolio_page = PortfolioPage(self.context, self)
            self.portfolio_page.back_requested.connect(self.show_list)
            self.stack.addWidget(self.portfolio_page)
        self.stack.setCurrentWidget(self.portfolio_page)
        self.portfolio_page.load()
        self.portfolio_page.table.setFocus()
        self._update_title()
        self._update_actions()

    def open_engagement(self, engagement_id: str, tab: int | None = None) -> bool:
        if self.context is None:
            return False
        page = self.engagement_page
        if page is not None and page.engagement_id != engagement_id and not self._may_leave_engagement():
            return False
        if page is None:
            page = self.engagement_page = EngagementPage(self.context, self, consultant=self.settings.consultant)
            page.back_requested.connect(self.show_list)
            page.setup.saved.connect(self._engagement_saved)
            page.interviewees.changed.connect(self._engagement_changed)
            self.stack.addWidget(page)
            # Undo and redo of answers live on the interview screen; the menu shows them too.
            undo = getattr(page.interview, "undo_action", None)
            redo = getattr(page.interview, "redo_action", None)
            if undo is not None and redo is not None:
                self.edit_menu.addActions([undo, redo])
                self.edit_menu.setEnabled(True)
        try:
            page.load(engagement_id)
            _engagements().mark_opened(self.context.repo, engagement_id)
        except UserError as exc:
            present_error(exc, self)
            self.show_list()
            return False
        if tab is not None:
            page.tabs.setCurrentIndex(tab)
        self.settings.last_engagement_id = engagement_id
        self.stack.setCurrentWidget(page)
        self._fill_recent_menu()
        self._update_title()
        self._update_actions()
        self.engagement_opened.emit(engagement_id)
        return True

    def open_selected(self) -> None:
        if self.list_page is None:
            return
        if self.stack.currentWidget() is self.list_page:
            engagement_id = self.list_page.current_id()
            if engagement_id:
                self.open_engagement(engagement_id)
                return
        self.show_list()
        self.list_page.table.setFocus()
        if self.list_page.current_id() is None and self.list_page.model.rowCount():
            self.list_page.table.selectRow(0)

    def show_tab(self, index: int) -> None:
        if self.engagement_page is not None and self.stack.currentWidget() is self.engagement_page:
            self.engagement_page.tabs.setCurrentIndex(index)

    def focus_search(self) -> None:
        page = self.engagement_page
        if page is not None and self.stack.currentWidget() is page \
                and page.tabs.currentWidget() is page.interview \
                and hasattr(page.interview, "focus_search"):
            page.interview.focus_search()  # during an interview, Ctrl+F searches the questionnaire
            return
        if self.list_page is None:
            return
        if self.stack.currentWidget() is not self.list_page:
            self.show_list()
        if self.stack.currentWidget() is self.list_page:
            self.list_page.focus_search()

    def refresh(self) -> None:
        if self.list_page is not None:
            self.list_page.refresh()
        if self.portfolio_page is not None and self.stack.currentWidget() is self.portfolio_page:
            self.portfolio_page.load()
        page = self.engagement_page
        if page is not None and self.stack.currentWidget() is page and not page.has_unsaved_changes():
            page.reload()
        self._fill_recent_menu()
        self._update_actions()
        self.status_message(self.tr("Refreshed"))

    def _engagement_saved(self, engagement_id: str) -> None:
        self.engagement_page._update_header() if self.engagement_page else None
        self._update_title()
        self.status_message(self.tr("Saved"))
        if self.list_page is not None:
            self.list_page.refresh()

    def _engagement_changed(self) -> None:
        if self.list_page is not None:
            self.list_page.refresh()

    # -- engagement actions ------------------------------------------------------------
    def new_engagement(self) -> None:
        if self.context is None:
            return
        from app.ui.engagement_setup import NewEngagementDialog

        dialog = NewEngagementDialog(self.context, self, consultant=self.settings.consultant)
        self.exec_dialog(dialog)
        engagement_id = dialog.engagement_id
        dialog.deleteLater()
        if engagement_id:
            if self.list_page is not None:
                self.list_page.refresh()
            self.open_engagement(engagement_id, EngagementPage.TAB_INTERVIEWEES)
            self.status_message(self.tr("Engagement created: now register the interviewees."))

    def duplicate_engagement(self) -> None:
        engagement_id = self._current_id()
        if self.context is None or engagement_id is None or not self._may_leave_engagement():
            return
        repo = self.context.repo
        source = _engagements().get_engagement(repo, engagement_id)
        names = _engagements().engagement_names(repo)
        name = self.ask_text(self.tr("Duplicate as re-assessment"),
                             self.tr("Name of the new engagement (it keeps the customer, the services and the "
                                     "interviewees, and links back to \u201c%1\u201d):").replace("%1", source.name),
                             _engagements().suggest_copy_name(source.name, names, date.today().year))
        if name is None:
            return
        try:
            copy = _engagements().duplicate_engagement(repo, engagement_id, name, as_reassessment=True)
        except UserError as exc:
            present_error(exc, self, retry=self.duplicate_engagement)
            return
        if self.list_page is not None:
            self.list_page.refresh()
        self.open_engagement(copy.id, EngagementPage.TAB_SETUP)
        self.status_message(self.tr("Created \u201c%1\u201d as a re-assessment of \u201c%2\u201d.")
                            .replace("%1", copy.name).replace("%2", source.name))

    def toggle_archived(self) -> None:
        engagement_id = self._current_id()
        if self.context is None or engagement_id is None or not self._may_leave_engagement():
            return
        archived = not self._is_archived(engagement_id)
        try:
            record = _engagements().set_archived(self.context.repo, engagement_id, archived)
        except UserError as exc:
            present_error(exc, self, retry=self.toggle_archived)
            return
        if archived:
            self.status_message(self.tr("Archived \u201c%1\u201d. Tick \u201cShow archived\u201d to see it "
                                        "again.").replace("%1", record.name))
            if self.engagement_page is not None and self.stack.currentWidget() is self.engagement_page:
                self.show_list()
                if self.settings.last_engagement_id == engagement_id:
                    self.settings.last_engagement_id = None
        else:
            self.status_message(self.tr("\u201c%1\u201d is back in the list.").replace("%1", record.name))
        if self.engagement_page is not None and self.engagement_page.engagement_id == engagement_id \
                and self.stack.currentWidget() is self.engagement_page:
            self.engagement_page.reload()
        if self.list_page is not None:
            self.list_page.refresh()
        self._update_actions()

    def delete_engagement(self) -> None:
        engagement_id = self._current_id()
        if self.context is None or engagement_id is None:
            return
        repo = self.context.repo
        contents = _engagements().engagement_contents(repo, engagement_id)
        record, people, answers = contents.engagement, contents.interviewees, contents.answers
        text = self.tr("Delete \u201c%1\u201d?").replace("%1", record.name) + "\n\n" + \
            self.tr("%n interviewee(s)", "", people) + ", " + self.tr("%n answer(s)", "", answers) + ". " + \
            self.tr("This cannot be undone; archive it instead to keep it out of the list.")
        if not self.confirm(self.tr("Delete engagement"), text, destructive=True):
            return
        try:
            _engagements().delete_engagement(repo, engagement_id)
        except UserError as exc:
            present_error(exc, self, retry=self.delete_engagement)
            return
        if self.settings.last_engagement_id == engagement_id:
            self.settings.last_engagement_id = None
        if self.engagement_page is not None and self.engagement_page.engagement_id == engagement_id:
            self.engagement_page.setup.load(None)  # nothing left to save
            self.engagement_page.engagement_id = None
            self.stack.setCurrentWidget(self.list_page)
        if self.list_page is not None:
            self.list_page.refresh()
        self._fill_recent_menu()
        self._update_title()
        self._update_actions()
        self.status_message(self.tr("Deleted \u201c%1\u201d.").replace("%1", record.name))

    def export_report(self, kind: str) -> None:
        """Export > a report: ask where, then write it in the background with progress and Cancel."""
        engagement_id = self._current_id()
        if self.context is None or engagement_id is None or kind not in self._report_kinds:
            return
        if kind == "guide":  # one role's guide: the Interviewees tab knows whose role
            if self.open_engagement(engagement_id, EngagementPage.TAB_INTERVIEWEES):
                self.status_message(self.tr("Select an interviewee, then Print interview guide... "
                                            "writes the guide for their role."))
            return
        record = _engagements().get_engagement(self.context.repo, engagement_id)
        safe = "".join(ch if ch.isalnum() or ch in " -_.()" else "_" for ch in record.name).strip()
        from app.reports import registry
        from app.ui.export_dialog import export_folder

        writes_folder = self._declared_reports[kind].writes_folder  # a set of files, e.g. the process templates
        formats = registry.get(kind).formats  # the request list is a workbook only
        suffix = "" if writes_folder else formats[0] if formats else ".docx"
        suggested = str(export_folder(self.settings.export_folder) / f"{safe} - {kind}{suffix}")
        choice = self.ask_export(engagement_id, kind, suggested, record.language)
        if choice is None:
            return
        path = str(Path(choice.path).expanduser().absolute())  # never relative to wherever omm was started
        self.settings.export_folder = str(Path(path).parent)
        try:  # the consultancy's name and logo (Settings) for the covers, checked before anything is drawn
            branding = self.settings.report_branding()
        except UserError as exc:
            present_error(exc, self)
            return
        library, repo, lang = self.context.library, self.context.repo, choice.lang
        export = dataclasses.replace(choice.options, branding=branding)

        def write(control: TaskControl) -> Path:
            from app.services.reports import write_report

            # The report's own stage messages are English; the dialog keeps its translated label.
            return write_report(library, repo, engagement_id, kind, Path(path), lang,
                                progress=lambda percent, _message: control.progress(percent, 100),
                                cancelled=lambda: control.cancelled, export=export)

        def written(out: Path) -> None:
            self.status_message(self.tr("Report written: %1").replace("%1", str(out)))
            self.offer_open(Path(out))

        def failed(exc: BaseException, details: str) -> None:
            from app.services.reports import ReportCancelled

            if isinstance(exc, ReportCancelled):
                cancelled()
            else:
                present_error(exc, self, details=details)

        def cancelled() -> None:
            self.status_message(self.tr("Export cancelled; nothing was written."))

        self.export_task = run_with_progress(
            self, write, written, failed, title=self.tr("Export report"),
            label=self.tr("Writing %1...").replace("%1", Path(path).name), on_cancelled=cancelled)

    # -- engagement packages and the team repository (app/ui/packages.py) --------------------
    @property
    def packages(self):
        from app.ui.packages import PackageController

        if getattr(self, "_packages", None) is None:
            self._packages = PackageController(self)
        return self._packages

    def export_package(self) -> None:
        engagement_id = self._current_id()
        if self.context is not None and engagement_id is not None and self._may_leave_engagement() \
                and self._interview_settled():  # the package holds every answer given so far
            self.packages.export_package(engagement_id)

    def import_package(self) -> None:
        if self.context is not None and self._may_leave_engagement() and self._interview_settled():
            self.packages.import_package()

    def push_to_team(self) -> None:
        engagement_id = self._current_id()
        if self.context is not None and engagement_id is not None and self._may_leave_engagement() \
                and self._interview_settled():
            self.packages.push(engagement_id)

    def pull_from_team(self) -> None:
        if self.context is not None and self._may_leave_engagement() and self._interview_settled():
            self.packages.pull()

    def add_interviewee(self) -> None:
        page = self.engagement_page
        if page is None or self.stack.currentWidget() is not page:
            return
        page.tabs.setCurrentIndex(EngagementPage.TAB_INTERVIEWEES)
        page.interviewees.add()

    def _show_archived(self, on: bool) -> None:
        if self.list_page is not None and self.list_page.archived_check.isChecked() != on:
            self.list_page.archived_check.setChecked(on)

    def _toggle_full_screen(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    # -- other windows ---------------------------------------------------------------
    def show_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            dialog.apply()
            self.apply_language(dialog.chosen_language)
            if self.context is not None:
                self.context.consultant = self.settings.consultant
        dialog.deleteLater()

    def apply_language(self, lang: str) -> None:
        """Switch the interface (and content texts) now; every screen retranslates itself."""
        self.settings.language = lang
        if self.context is not None:
            self.context.language = lang
        set_language(lang)
        QApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    def choose_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Open or create a database"), "", self.tr("omm databases (*.db *.sqlite);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path and self._may_leave_engagement() and self._interview_settled():
            content = str(self.context.library.root) if self.context is not None else None
            self.open_workspace(f"sqlite:///{path}", content, create=True)

    def show_content_problems(self) -> None:
        if self.context is None:
            return
        library = self.context.library
        dialog = QDialog(self)
        dialog.setObjectName("contentProblemsDialog")
        dialog.setWindowTitle(self.tr("Content problems"))
        intro = QLabel(self.tr("Content folder: %1").replace("%1", str(library.root)) + "\n" + (
            self.tr("%n file(s) loaded.", "", len(library.files)) + " " + (
                self.tr("Files with problems are skipped; the rest is used.") if library.problems
                else self.tr("Every content file is valid."))))
        intro.setWordWrap(True)
        text = QPlainTextEdit(objectName="problemsText")
        text.setReadOnly(True)
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        text.setFont(QFont("monospace"))
        text.setPlainText("\n".join(str(p) for p in library.problems))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(intro)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        dialog.resize(900, 480)
        self.exec_dialog(dialog)
        dialog.deleteLater()

    def show_shortcuts(self) -> None:
        dialog = QDialog(self)
        dialog.setObjectName("shortcutsDialog")
        dialog.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [(a.text().replace("&", "").removesuffix("..."),
                 a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
                for a in self.actions_by_name.values() if not a.shortcut().isEmpty()]
        from app.ui.interview import key_legend

        # the interview's keys, with what they do
        rows += [(self.tr("Interview: %1").replace("%1", what), keys) for keys, what in key_legend()]
        table = QTableWidget(len(rows), 2, dialog)
        table.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Shortcut")])
        for row, (name, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(name))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(buttons)
        dialog.resize(520, 560)
        self.exec_dialog(dialog)
        dialog.deleteLater()

    def show_about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            release = version("omm")
        except PackageNotFoundError:
            release = "development"
        lines = [self.tr("Offline interviews, maturity scoring and editable reports for IT operations "
                         "consultants."), self.tr("Version %1").replace("%1", release)]
        if self.context is not None:
            from app.services.workspace import database_label

            lines.append(self.tr("Database: %1").replace("%1", database_label(self.context.repo)))
            lines.append(self.tr("Content folder: %1").replace("%1", str(self.context.library.root)))
        QMessageBox.about(self, self.tr("About"), "\n\n".join(lines))

    # -- closing ---------------------------------------------------------------------
    def _interview_settled(self) -> bool:
        """Interview changes the database has not taken yet: the user decides (never dropped silently)."""
        page = self.engagement_page
        settle = getattr(page.interview, "settle_pending", None) if page is not None else None
        return settle is None or settle()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_leave_engagement() or not self._interview_settled():
            event.ignore()
            return
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        page = self.engagement_page
        self.settings.engagement_was_open = bool(page is not None and self.stack.currentWidget() is page
                                                 and page.engagement_id)
        shutdown = getattr(page.interview, "shutdown", None) if page is not None else None
        if shutdown is not None:
            shutdown()  # the note being typed and the place in the interview
        self.settings.sync()
        super().closeEvent(event)

    def restore_window_state(self) -> None:
        geometry, state = self.settings.geometry, self.settings.window_state
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

