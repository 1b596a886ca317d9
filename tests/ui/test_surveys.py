"""Survey forms in the window: exported from the Interviewees tab, dropped on the window, filtered on Results."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from shell_helpers import make_engagement

from app.ui.interviewees import IntervieweeTableModel
from app.ui.main_window import EngagementPage, MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from test_survey_workbooks import EN_ANSWERS, fill  # noqa: E402


@pytest.fixture
def window(qtbot, settings, ui_context):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(ui_context)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _drop(window, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = window.rect().center()
    with warnings.catch_warnings():  # PySide6 flags the only constructor there is as deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)


def _wait(qtbot, flow) -> None:
    qtbot.waitUntil(lambda: flow.task is not None and flow.task.state != "running", timeout=30000)


def test_export_from_the_tab_then_drop_the_filled_form_and_filter_the_results(
        qtbot, window, ui_context, monkeypatch, tmp_path):
    engagement = make_engagement(ui_context, "Acme diagnosis", people=(("Ben", "sre"),))
    ui_context.repo.save_answer(engagement.id, ui_context.repo.list_interviewees(engagement.id)[0].id, "mini-q",
                                "q1", "given", "1")
    window.open_engagement(engagement.id, EngagementPage.TAB_INTERVIEWEES)
    page = window.engagement_page
    register = page.interviewees
    register.offer_open = False
    register.table.selectRow(0)
    flow = register.surveys
    chosen = {}

    def accept(dialog) -> int:
        chosen["role"] = dialog.role
        dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("en"))
        return 1

    monkeypatch.setattr(flow, "exec_dialog", accept)
    monkeypatch.setattr(flow, "ask_save_path", lambda suggested: str(tmp_path / "form"))
    with qtbot.waitSignal(register.survey_written, timeout=30000) as written:
        qtbot.mouseClick(register.survey_export_button, Qt.MouseButton.LeftButton)
    form = Path(written.args[0])
    assert chosen["role"] == "sre" and form == tmp_path / "form.xlsx" and form.exists()

    told: list[str] = []
    monkeypatch.setattr(flow, "tell", told.append)
    filled = fill(form, tmp_path / "ann.xlsx", EN_ANSWERS)
    _drop(window, [filled, tmp_path / "notes.txt"])  # only the workbook is taken
    _wait(qtbot, flow)
    assert told and "1 new respondent" in told[0]
    kinds = [register.model.data(register.model.index(r, IntervieweeTableModel.COL_KIND))
             for r in range(register.model.rowCount())]
    assert sorted(kinds) == ["interview", "survey form"]

    page.tabs.setCurrentIndex(EngagementPage.TAB_RESULTS)
    results = page.results
    results.refresh_now()
    assert results.respondents_combo.count() == 3
    assert "2 interviewees" in results.summary.text()
    results.respondents_combo.setCurrentIndex(results.respondents_combo.findData("survey"))
    results.refresh_now()
    assert "1 interviewee" in results.summary.text()
    surveys_only = results.scores.models["mini"]
    results.respondents_combo.setCurrentIndex(results.respondents_combo.findData("interview"))
    results.refresh_now()
    interviews_only = results.scores.models["mini"]
    approval = {m: next(c for c in s.capabilities if c.capability_id == "change.approval").level
                for m, s in (("survey", surveys_only), ("interview", interviews_only))}
    assert approval == {"survey": 3.0, "interview": 1.0}
    results.grab().save(str(tmp_path / "results.png"))


def test_a_refused_drop_lists_the_problems_and_imports_nothing(qtbot, window, ui_context, monkeypatch, tmp_path):
    from app.services.surveys import export_survey

    engagement = make_engagement(ui_context, "Acme diagnosis")
    window.open_engagement(engagement.id, EngagementPage.TAB_INTERVIEWEES)
    register = window.engagement_page.interviewees
    form = export_survey(ui_context.library, ui_context.repo, engagement.id, "sre", tmp_path / "f.xlsx")
    bad = fill(form, tmp_path / "bad.xlsx", {**EN_ANSWERS, "q1": "lots"})
    shown: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(register.surveys, "show_problems", lambda summary, lines: shown.append((summary, lines)))
    _drop(window, [bad])
    _wait(qtbot, register.surveys)
    (summary, lines), = shown
    assert "Nothing was imported" in summary and any("bad.xlsx: Questions!H" in x for x in lines)
    assert ui_context.repo.list_interviewees(engagement.id) == []


def test_a_newer_form_asks_before_replacing(qtbot, window, ui_context, monkeypatch, tmp_path):
    from app.services.surveys import export_survey, import_surveys

    engagement = make_engagement(ui_context, "Acme diagnosis")
    form = export_survey(ui_context.library, ui_context.repo, engagement.id, "sre", tmp_path / "f.xlsx")
    import_surveys(ui_context.library, ui_context.repo, engagement.id, [fill(form, tmp_path / "v1.xlsx", EN_ANSWERS)])
    window.open_engagement(engagement.id, EngagementPage.TAB_INTERVIEWEES)
    register = window.engagement_page.interviewees
    flow = register.surveys
    asked: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(flow, "confirm_replace", lambda text: asked.append(text) or next(answers))
    monkeypatch.setattr(flow, "tell", lambda text: None)
    v2 = fill(form, tmp_path / "v2.xlsx", {**EN_ANSWERS, "q1": "5 – Optimizing"})
    register.import_surveys([v2])
    _wait(qtbot, flow)
    assert len(asked) == 1 and "v2.xlsx" in asked[0]
    person = next(p for p in ui_context.repo.list_interviewees(engagement.id))
    assert ui_context.repo.get_answer(person.id, "mini-q", "q1").value == "3"  # declined: unchanged
    register.import_surveys([v2])
    _wait(qtbot, flow)
    qtbot.waitUntil(lambda: ui_context.repo.get_answer(person.id, "mini-q", "q1").value == "5", timeout=30000)


def test_a_drop_without_an_open_engagement_says_what_to_do(qtbot, window, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"")
    _drop(window, [path])
    assert "Open the engagement first" in window.statusBar().currentMessage()
