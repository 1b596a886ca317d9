"""The interview inside the main window: Ctrl+F, Help, the Edit menu, closing and changing database."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from shell_helpers import make_engagement
from sqlalchemy import event

from app.ui.main_window import EngagementPage, MainWindow


@pytest.fixture
def window(qtbot, settings, ui_context):
    e = make_engagement(ui_context, "Harbour Bank - diagnosis", people=(("Ann Lee", "sre"),))
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(ui_context)
    w.resize(1366, 698)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.open_engagement(e.id, EngagementPage.TAB_INTERVIEW)
    w.activateWindow()  # offscreen, opening the engagement's other tabs takes the activation away
    qtbot.waitUntil(w.isActiveWindow)
    view = w.engagement_page.interview
    view.writer._retry.setInterval(20)
    return w


@pytest.fixture
def locked(ui_context, tmp_path):
    """Another program holds the write lock; the app's connections wait 50 ms, not 5 s."""
    engine = ui_context.repo.db.engine
    event.listen(engine, "connect", lambda conn, _record: conn.execute("PRAGMA busy_timeout=50"))
    engine.dispose()
    other = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def test_ctrl_f_during_an_interview_searches_the_questionnaire(qtbot, window):
    view = window.engagement_page.interview
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)  # the question has the keys when the tab opens
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.engagement_page  # not thrown out to the engagement list
    assert QApplication.focusWidget() is view.search_edit
    qtbot.keyClicks(view.search_edit, "rollback")
    shown = [view.outline_model.index(r).data(view.outline_model.QuestionIdRole)
             for r in range(view.outline_model.rowCount())]
    assert [q for q in shown if q] == ["q3"]


def test_help_lists_the_interview_keys(qtbot, window, monkeypatch):
    seen: list[list[tuple[str, str]]] = []

    def capture(dialog) -> int:
        table = dialog.findChild(QTableWidget)
        seen.append([(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())])
        return 0

    monkeypatch.setattr(window, "exec_dialog", capture)
    window.show_shortcuts()
    rows = dict(seen[0])
    assert rows["Interview: next unanswered question"] == "G"
    assert rows["Interview: write a note"] == "Alt+N"
    assert rows["Interview: not applicable"] == "X"


def test_edit_menu_names_the_question_in_words(qtbot, window):
    view = window.engagement_page.interview
    qtbot.keyClicks(view, "3")
    texts = [a.text() for a in window.edit_menu.actions()]
    assert "&Undo answer to “How are changes approved?” (Ann Lee)" in texts
    assert not any("q1" in t for t in texts)


def test_default_window_is_never_taller_than_the_screen(qtbot, settings):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    free = w.screen().availableGeometry()
    assert w.height() <= free.height() - 40 and w.width() <= free.width()


def test_closing_with_unsaved_answers_asks_and_keep_waiting_keeps_the_window(qtbot, window, ui_context, locked):
    view = window.engagement_page.interview
    qtbot.keyClicks(view, "4")
    qtbot.waitUntil(lambda: view.writer.blocked, timeout=3000)
    asked: list[int] = []

    def ask(count: int, reason: str) -> str:
        asked.append(count)
        return "wait" if len(asked) == 1 else "discard"

    view.ask_pending = ask
    assert window.close() is False and window.isVisible()  # keep waiting: nothing is dropped
    assert asked == [1] and view.pending_count == 1
    locked.execute("ROLLBACK")
    qtbot.waitUntil(lambda: view.pending_count == 0, timeout=3000)
    person = ui_context.repo.list_interviewees(view.engagement_id)[0]
    assert ui_context.repo.get_answer(person.id, "mini-q", "q1").value == "4"
    assert window.close() is True and asked == [1]  # nothing pending: no question


def test_opening_another_database_with_unsaved_answers_asks_first(qtbot, window, locked, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    view = window.engagement_page.interview
    qtbot.keyClicks(view, "2")
    qtbot.waitUntil(lambda: view.writer.blocked, timeout=3000)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "other.db"), ""))
    opened: list[str] = []
    monkeypatch.setattr(window, "open_workspace", lambda url, content, **_kw: opened.append(url))
    view.ask_pending = lambda count, reason: "wait"
    window.choose_database()
    assert opened == [] and view.pending_count == 1  # stays with the unsaved answer
    view.ask_pending = lambda count, reason: "discard"
    window.choose_database()
    assert opened == [f"sqlite:///{tmp_path / 'other.db'}"] and view.pending_count == 0
