"""The main window: list, search and filters, open, duplicate, archive, delete, shortcuts, state."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget
from shell_helpers import make_engagement

from app.storage.records import EngagementStatus
from app.storage.repository import EngagementFilter
from app.ui.context import AppContext
from app.ui.main_window import EngagementPage, MainWindow, PlaceholderView
from app.ui.settings import Settings


@pytest.fixture
def data(ui_context):
    a = make_engagement(ui_context, "Harbour Bank - assessment 2025", "Harbour Bank", industry="Banking",
                        start=date(2025, 10, 6), status=EngagementStatus.COMPLETED,
                        people=(("Ann Lee", "sre"), ("Bob Stone", "executive")))
    b = make_engagement(ui_context, "Northwind organisation review", "Northwind Logistics", industry="Logistics",
                        services=("diagnosis-basic", "assessment-planning"), start=date(2026, 11, 2),
                        status=EngagementStatus.IN_PROGRESS, consultant="James O'Connor")
    c = make_engagement(ui_context, "Sunrise Health basic diagnosis", "Sunrise Health", industry="Healthcare",
                        start=date(2026, 12, 7))
    return a, b, c


@pytest.fixture
def window(qtbot, settings, ui_context, data, monkeypatch):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(ui_context)
    w.show()
    qtbot.waitExposed(w)
    monkeypatch.setattr(w, "confirm", lambda *a, **k: pytest.fail("unexpected confirmation"))
    monkeypatch.setattr(w, "ask_text", lambda *a, **k: pytest.fail("unexpected question"))
    return w


def names(window) -> list[str]:
    model = window.list_page.model
    return sorted(model.summary(r).name for r in range(model.rowCount()))


def test_list_shows_every_engagement_and_the_status_bar(window, data):
    assert names(window) == sorted(e.name for e in data)
    assert window.list_page.count_label.text() == "3 engagement(s) shown"
    assert "Database:" in window.db_label.text() and "t.db" in window.db_label.text()
    assert window.content_button.text() == "Content: no problems"
    assert not window.list_page.recent_row.isVisibleTo(window)  # nothing opened yet


def test_content_problems_are_counted(qtbot, settings, repo, shell_library):
    from dataclasses import replace

    from app.content.loader import Problem

    library = replace(shell_library, problems=[Problem("a.yaml", 3, "id", "bad"), Problem("b.yaml", None, "", "x")])
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(AppContext(library, repo))
    assert w.content_button.text() == "Content: 2 problem(s)"


def test_search_box_filters_as_you_type(qtbot, window):
    page = window.list_page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F
    assert page.search_edit.hasFocus()
    qtbot.keyClicks(page.search_edit, "north")
    qtbot.waitUntil(lambda: names(window) == ["Northwind organisation review"], timeout=3000)
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "o'connor")  # consultant
    qtbot.waitUntil(lambda: names(window) == ["Northwind organisation review"], timeout=3000)
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "nothing like this")
    qtbot.waitUntil(lambda: names(window) == [], timeout=3000)
    assert page.empty_label.text() == "No engagement matches the search and filters."
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert len(names(window)) == 3


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def test_filters_by_customer_industry_service_status_and_dates(window):
    page = window.list_page
    choose(page.customer_combo, "Sunrise Health")
    assert names(window) == ["Sunrise Health basic diagnosis"]
    choose(page.customer_combo, None)
    choose(page.industry_combo, "Banking")
    assert names(window) == ["Harbour Bank - assessment 2025"]
    choose(page.industry_combo, None)
    choose(page.service_combo, "assessment-planning")
    assert names(window) == ["Northwind organisation review"]
    choose(page.service_combo, None)
    choose(page.status_combo, "completed")
    assert names(window) == ["Harbour Bank - assessment 2025"]
    choose(page.status_combo, None)
    page.from_date.setDate(QDate(2026, 1, 1))
    assert names(window) == ["Northwind organisation review", "Sunrise Health basic diagnosis"]
    page.to_date.setDate(QDate(2026, 11, 30))
    assert names(window) == ["Northwind organisation review"]
    page.clear_filters()
    assert len(names(window)) == 3


def test_open_with_enter_then_back(qtbot, window, data):
    page = window.list_page
    page.select(data[0].id)
    page.table.setFocus()
    with qtbot.waitSignal(window.engagement_opened):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    eng = window.engagement_page
    assert window.stack.currentWidget() is eng
    assert eng.title.text() == data[0].name and data[0].name in window.windowTitle()
    assert [eng.tabs.tabText(i) for i in range(4)] == ["Setup", "Interviewees", "Interview", "Results"]
    assert eng.interviewees.model.rowCount() == 2
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert eng.tabs.currentIndex() == EngagementPage.TAB_INTERVIEWEES
    window.actions_by_name["back"].trigger()
    assert window.stack.currentWidget() is page and page.current_id() == data[0].id
    assert page.recent_row.isVisibleTo(window)  # now it is recent
    assert [b.text() for b in page._recent_buttons] == [data[0].name]
    assert [a.text() for a in window.recent_menu.actions()] == [data[0].name]


def test_shortcuts_for_frequent_commands(window):
    expected = {"new": QKeySequence.StandardKey.New, "open": QKeySequence.StandardKey.Open,
                "search": QKeySequence.StandardKey.Find, "refresh": QKeySequence.StandardKey.Refresh}
    for name, key in expected.items():
        assert window.actions_by_name[name].shortcut() == QKeySequence(key), name
    assert window.actions_by_name["duplicate"].shortcut() == QKeySequence("Ctrl+D")
    assert window.actions_by_name["archive"].shortcut() == QKeySequence("Ctrl+E")
    assert window.actions_by_name["tab_results"].shortcut() == QKeySequence("Ctrl+4")
    all_keys = [a.shortcut().toString() for a in window.actions_by_name.values() if not a.shortcut().isEmpty()]
    assert len(all_keys) == len(set(all_keys))  # no two commands share a key
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "E&dit", "&Engagement", "&Interview", "E&xport", "&View", "&Help"]


def test_ctrl_n_creates_and_opens_an_engagement(qtbot, window, ui_context, monkeypatch):
    def fill(dialog) -> int:
        form = dialog.form
        qtbot.keyClicks(form.name_edit, "Brand new")
        form.customer_combo.setCurrentIndex(form.customer_combo.findText("Sunrise Health"))
        form.service_rows["diagnosis-basic"].check.setChecked(True)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(window, "exec_dialog", fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.engagement_page
    assert window.engagement_page.title.text() == "Brand new"
    assert window.engagement_page.tabs.currentIndex() == EngagementPage.TAB_INTERVIEWEES
    assert "Brand new" in [e.name for e in ui_context.repo.list_engagements()]


def test_duplicate_as_reassessment_copies_the_interviewees(qtbot, window, data, ui_context, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(window, "ask_text", lambda title, label, default: asked.append(default) or
                        "Harbour Bank - re-assessment 2026")
    window.list_page.select(data[0].id)
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert asked == [f"Harbour Bank - assessment {date.today().year}"]
    copy = next(e for e in ui_context.repo.list_engagements() if e.name == "Harbour Bank - re-assessment 2026")
    record = ui_context.repo.get_engagement(copy.id)
    assert record.previous_engagement_id == data[0].id and record.customer.name == "Harbour Bank"
    assert [p.name for p in ui_context.repo.list_interviewees(copy.id)] == ["Ann Lee", "Bob Stone"]
    assert window.engagement_page.engagement_id == copy.id  # opened to adjust dates and scope


def test_duplicate_cancelled_creates_nothing(window, data, ui_context, monkeypatch):
    monkeypatch.setattr(window, "ask_text", lambda *a: None)
    window.list_page.select(data[1].id)
    window.actions_by_name["duplicate"].trigger()
    assert len(ui_context.repo.list_engagements()) == 3


def test_archive_hides_and_show_archived_brings_back(qtbot, window, data, ui_context):
    page = window.list_page
    page.select(data[2].id)
    assert window.actions_by_name["archive"].text() == "&Archive"
    window.actions_by_name["archive"].trigger()
    assert data[2].name not in names(window)
    assert ui_context.repo.get_engagement(data[2].id).archived
    window.actions_by_name["show_archived"].trigger()  # View > Show archived
    assert page.archived_check.isChecked() and data[2].name in names(window)
    page.select(data[2].id)
    assert window.actions_by_name["archive"].text() == "Un&archive"
    window.actions_by_name["archive"].trigger()
    assert not ui_context.repo.get_engagement(data[2].id).archived


def test_delete_asks_first(qtbot, window, data, ui_context, monkeypatch):
    questions: list[str] = []
    monkeypatch.setattr(window, "confirm", lambda title, text, destructive=False: questions.append(text) or False)
    window.list_page.select(data[0].id)
    window.list_page.table.setFocus()
    qtbot.keyClick(window.list_page.table, Qt.Key.Key_Delete)
    assert len(ui_context.repo.list_engagements(EngagementFilter(include_archived=True))) == 3
    assert "2 interviewee(s)" in questions[0] and "cannot be undone" in questions[0]
    monkeypatch.setattr(window, "confirm", lambda *a, **k: True)
    window.actions_by_name["delete"].trigger()
    assert data[0].name not in names(window)
    assert len(ui_context.repo.list_engagements(EngagementFilter(include_archived=True))) == 2


def test_delete_the_open_engagement_returns_to_the_list(window, data, ui_context, monkeypatch):
    monkeypatch.setattr(window, "confirm", lambda *a, **k: True)
    window.open_engagement(data[1].id)
    window.actions_by_name["delete"].trigger()
    assert window.stack.currentWidget() is window.list_page
    assert data[1].name not in names(window)


def test_unsaved_setup_changes_are_not_lost(qtbot, window, data, ui_context, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window.open_engagement(data[1].id)
    setup = window.engagement_page.setup
    setup.name_edit.setText("Northwind organisation review v2")
    monkeypatch.setattr(window, "ask_unsaved", lambda: QMessageBox.StandardButton.Cancel)
    window.actions_by_name["back"].trigger()
    assert window.stack.currentWidget() is window.engagement_page  # stayed
    monkeypatch.setattr(window, "ask_unsaved", lambda: QMessageBox.StandardButton.Save)
    window.actions_by_name["back"].trigger()
    assert window.stack.currentWidget() is window.list_page
    assert ui_context.repo.get_engagement(data[1].id).name == "Northwind organisation review v2"


def test_geometry_and_last_engagement_are_remembered(qtbot, settings, ui_context, data):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.set_context(ui_context)
    first.show()
    first.resize(1111, 666)
    first.open_engagement(data[1].id, EngagementPage.TAB_INTERVIEWEES)
    first.close()
    assert settings.last_engagement_id == data[1].id and settings.geometry is not None

    second = MainWindow(Settings(settings.store))
    qtbot.addWidget(second)
    second.restore_window_state()
    second.set_context(ui_context)
    second.show()
    # (the offscreen screen is 800 pixels wide, so only the height survives its clamping untouched)
    assert second.height() == 666 and second.restoreGeometry(settings.geometry)
    assert second.stack.currentWidget() is second.engagement_page
    assert second.engagement_page.engagement_id == data[1].id
    second.show_list()
    second.close()
    third = MainWindow(Settings(settings.store))  # closed on the list: start on the list, selected
    qtbot.addWidget(third)
    third.set_context(ui_context)
    assert third.stack.currentWidget() is third.list_page and third.list_page.current_id() == data[1].id


def test_workspace_opens_in_the_background(qtbot, settings, tmp_path, mini_library):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    assert w.stack.currentWidget() is w.loading_page
    assert not w.actions_by_name["new"].isEnabled()
    with qtbot.waitSignal(w.context_ready, timeout=20000):
        w.open_workspace(f"sqlite:///{tmp_path / 'bg.db'}", str(mini_library.root), create=True)  # "new database"
    assert w.stack.currentWidget() is w.list_page and w.actions_by_name["new"].isEnabled()
    assert w.list_page.empty_label.isVisibleTo(w) and w.list_page.new_button.isVisibleTo(w)
    w.close()
    w.context.repo.db.close()


def test_a_database_that_cannot_open_is_reported(qtbot, settings, tmp_path, boxes):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("just text, not SQLite")
    w.open_workspace(f"sqlite:///{not_a_db}", None)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=20000)
    assert "not an omm database" in boxes.shown[0]["text"]
    assert "could not be opened" in w.loading_page.label.text()
    assert w.context is None and not w.actions_by_name["new"].isEnabled()


def test_a_mistyped_database_path_is_reported_and_not_created(qtbot, settings, tmp_path, boxes):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    typo = tmp_path / "no" / "such" / "omm.db"
    w.open_workspace(f"sqlite:///{typo}", None)  # omm --db PATH
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=20000)
    assert f"no omm database at {typo}" in boxes.shown[0]["text"].lower()
    assert not (tmp_path / "no").exists()


def test_the_default_database_is_created_on_first_start(qtbot, settings, tmp_path, mini_library, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("OMM_DATABASE_URL", raising=False)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.context_ready, timeout=20000):
        w.open_workspace(None, str(mini_library.root))
    assert (tmp_path / "data" / "omm.db").exists()
    assert w.windowTitle() == "omm.db — O&M Maturity Workbench"
    assert str(tmp_path / "data" / "omm.db") in w.db_label.toolTip()
    w.close()
    w.context.repo.db.close()


def test_a_damaged_database_is_reported_not_a_bug_and_not_stuck(qtbot, settings, tmp_path, boxes, mini_library):
    import os
    import sqlite3

    from app.storage.database import open_database
    from app.storage.repository import Repository

    path = tmp_path / "damaged.db"
    repo = Repository(open_database(str(path)))
    customer = repo.create_customer("Acme")
    engagement = repo.create_engagement(customer.id, "Acme 2026")
    for i in range(30):
        repo.add_interviewee(engagement.id, f"Person {i} " + "x" * 150, "sre")
    repo.db.close()
    with sqlite3.connect(path) as connection:
        connection.execute("pragma journal_mode=delete")
        roots = dict(connection.execute("select name, rootpage from sqlite_master where type = 'table'"))
    with path.open("r+b") as fh:
        fh.seek((roots["engagement_services"] - 1) * 4096)
        fh.write(os.urandom((roots["interviewees"] - roots["engagement_services"]) * 4096))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    w.open_workspace(str(path), str(mini_library.root))
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=20000)
    assert "damaged" in boxes.shown[0]["text"] and boxes.shown[0]["details"] == ""  # a user's problem, not a bug
    assert "could not be opened" in w.loading_page.label.text() and not w.loading_page.bar.isVisible()


class _NotesView(QWidget):
    """A throw-away screen: registered with one line, it becomes the page's last tab."""

    def __init__(self, context, page) -> None:
        super().__init__(page)
        self.loaded: list[str] = []

    def load(self, engagement_id: str) -> None:
        self.loaded.append(engagement_id)


@pytest.fixture
def own_tabs(monkeypatch):
    from app.ui import tabs

    monkeypatch.setattr(tabs, "_TABS", dict(tabs._TABS))
    return tabs


def test_a_registered_tab_is_built_titled_and_loaded_when_first_shown(qtbot, window, data, own_tabs):
    own_tabs.register(own_tabs.EngagementTab("notes", "Notes", _NotesView))
    window.open_engagement(data[0].id, EngagementPage.TAB_SETUP)
    page = window.engagement_page
    index = page.tab_index("notes")
    assert index == page.tabs.count() - 1 == len(own_tabs.tabs()) - 1 and page.tabs.tabText(index) == "Notes"
    notes = page.views["notes"]
    assert isinstance(notes, _NotesView) and notes.loaded == []  # not shown yet: not loaded
    page.tabs.setCurrentIndex(index)
    assert notes.loaded == [data[0].id]
    page.tabs.setCurrentIndex(EngagementPage.TAB_SETUP)
    page.tabs.setCurrentIndex(index)
    assert notes.loaded == [data[0].id]  # once per engagement


def test_a_screen_that_fails_to_build_is_a_placeholder_and_the_rest_works(qtbot, window, data, own_tabs, boxes):
    def broken(context, page):
        raise RuntimeError("the chart library is missing")

    own_tabs.register(own_tabs.EngagementTab("results", "Results", broken, follows_answers=True))
    window.open_engagement(data[0].id, EngagementPage.TAB_INTERVIEWEES)
    page = window.engagement_page
    assert isinstance(page.results, PlaceholderView)
    assert page.results.label.text() == "Results could not be loaded:\nRuntimeError: the chart library is missing"
    assert boxes.shown  # told once, with the details
    page.tabs.setCurrentIndex(EngagementPage.TAB_RESULTS)  # showing it loads nothing and breaks nothing
    page.tabs.setCurrentIndex(EngagementPage.TAB_INTERVIEW)
    assert page.interview.track is not None


def test_start_opens_the_workspace_after_the_first_paint(qtbot, tmp_path, mini_library):
    from app.storage.database import open_database
    from app.ui.application import start
    from app.ui.settings import Settings

    open_database(str(tmp_path / "start.db")).close()  # a --db path must hold a database already
    app, w = start(f"sqlite:///{tmp_path / 'start.db'}", str(mini_library.root), settings=Settings())
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.context_ready, timeout=20000):
        pass
    assert w.isVisible() and w.stack.currentWidget() is w.list_page
    w.close()
    w.context.repo.db.close()


def test_status_bar_never_shows_a_team_repository_password(qtbot, settings, repo, shell_library):
    from dataclasses import replace

    from app.storage.repository import Repository

    shared = Repository(replace(repo.db, url="postgresql+psycopg://omm:s3cret@db.example.com:5432/omm"))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(AppContext(shell_library, shared))
    assert "db.example.com" in w.db_label.text()
    assert "s3cret" not in w.db_label.text() + w.db_label.toolTip()


def test_results_follow_the_interview_and_undo_is_in_the_menu(qtbot, window, data):
    a = data[0]
    window.open_engagement(a.id, EngagementPage.TAB_RESULTS)
    page = window.engagement_page
    qtbot.waitUntil(lambda: page.results.scores is not None, timeout=5000)
    assert page.results.domain_model.rows[0][1] is None  # nothing answered yet
    window.open_engagement(a.id, EngagementPage.TAB_INTERVIEW)
    assert page.interview.track is not None
    from app.ui.tasks import wait_for_tasks

    wait_for_tasks()  # the reload of the results that opening the page started is over
    qtbot.wait(50)
    assert page.results.domain_model.rows[0][1] is None
    page.interview.answer("given", "4")
    # re-scored in the background after the answer, without anyone pressing refresh
    qtbot.waitUntil(lambda: page.results.domain_model.rows[0][1] is not None, timeout=5000)
    texts = [action.text() for action in window.edit_menu.actions()]
    assert page.interview.undo_action.text() in texts and page.interview.redo_action.text() in texts


def test_the_first_start_asks_the_consultants_name_once(qtbot, settings, tmp_path, mini_library):
    """Issue 10 item 10: "answered by" is filled because the name was asked on first start."""
    from PySide6.QtWidgets import QDialog, QLineEdit

    assert settings.consultant == ""
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.context_ready, timeout=20000):
        w.open_workspace(str(tmp_path / "first.db"), str(mini_library.root), create=True)
    dialog = w.findChild(QDialog, "consultantNameDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "consultantNameEdit"), "Elena  Petrova")
    dialog.accept()
    assert settings.consultant == "Elena Petrova" and w.context.consultant == "Elena Petrova"
    w.context.repo.db.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    settings.consultant = ""
    with qtbot.waitSignal(again.context_ready, timeout=20000):
        again.open_workspace(str(tmp_path / "first.db"), str(mini_library.root))
    assert again.findChild(QDialog, "consultantNameDialog") is None  # asked once, not at every start
    again.context.repo.db.close()
