"""What the interview shows to score alike: the question's criteria, the capability's level
conditions with the partly-met rule, the desk-review mode, and the quotable mark on a note.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.content import load_content
from app.services import content_for_services, findings, interviews
from app.storage.records import ServiceChoice
from app.ui.context import AppContext
from app.ui.interview import InterviewView
from app.ui.main_window import EngagementPage, MainWindow

FIXTURES = Path(__file__).parent.parent / "fixtures"
LAPTOP = (1366, 698)


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _engagement(repo, library, service_id: str, role: str, questionnaire_id: str):
    customer = repo.create_customer("Harbour Bank")
    services = [ServiceChoice(service_id)]
    e = repo.create_engagement(customer.id, "Harbour Bank 2026", services=services,
                               content=content_for_services(library, services))
    person = repo.add_interviewee(e.id, "Maria Fernández-Castillo", role, questionnaire_id=questionnaire_id)
    return e, person


def _window(qtbot, settings, library, repo, lang: str):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_context(AppContext(library, repo, "en", "Elena"))
    window.resize(*LAPTOP)
    window.show()
    qtbot.waitExposed(window)
    window.apply_language(lang)
    return window


def _open(window, engagement, person, questionnaire_id: str, question_id: str) -> InterviewView:
    window.open_engagement(engagement.id, EngagementPage.TAB_INTERVIEW)
    view = window.engagement_page.interview
    view.select_person(person.id, questionnaire_id)
    view.go_to(view.track.index_of(question_id))
    for _ in range(3):
        QApplication.processEvents()
    return view


def _fits(view, window) -> dict:
    viewport = _rect_in(view.scroll.viewport(), window)
    controls = {**{f"option {k}": c for k, c in view._cards.items()}, "criteria": view.criteria_label,
                "don't know": view.unknown_button, "quotable": view.quotable_check, "note": view.note_edit}
    return {name: (_rect_in(w, window).top(), _rect_in(w, window).bottom())
            for name, w in controls.items() if w.isVisible() and not viewport.contains(_rect_in(w, window))}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_question_criteria_show_under_the_question_and_still_fit(qtbot, settings, repo, lang):
    library = load_content(FIXTURES / "scale03")
    service = library.catalogue.services[0]
    questionnaire = library.questionnaire(service.questionnaires[0])
    question = next(q for s in questionnaire.sections for q in s.questions if q.criteria)
    e, person = _engagement(repo, library, service.id, question.roles[0], questionnaire.id)
    window = _window(qtbot, settings, library, repo, lang)
    view = _open(window, e, person, questionnaire.id, question.id)
    assert view.criteria_label.isVisible()
    text = view.criteria_label.text()
    assert all(c.get(lang) in text for c in question.criteria)
    assert _fits(view, window) == {}
    view.next_question()  # a question without criteria shows none
    assert not view.criteria_label.isVisible()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_level_conditions_and_the_partly_met_rule_beside_a_level_question(qtbot, settings, repo, shipped_library,
                                                                            lang):
    questionnaire = shipped_library.questionnaire("diagnosis-professional")
    model = shipped_library.model(questionnaire.model)
    capabilities = {c.id: c for d in model.domains for c in d.capabilities}
    question = next(q for s in questionnaire.sections for q in s.questions
                    if q.answer.type == "levels" and capabilities[q.capability].conditions)
    conditions = capabilities[question.capability].conditions
    e, person = _engagement(repo, shipped_library, "diagnosis-professional", question.roles[0], questionnaire.id)
    window = _window(qtbot, settings, shipped_library, repo, lang)
    view = _open(window, e, person, questionnaire.id, question.id)
    shown = view.conditions_label.text()
    assert view.conditions_label.isVisible()
    for level, items in conditions.items():
        assert all(c.get(lang).replace("<", "&lt;") in shown for c in items), level
        assert all(c.get(lang) in view._cards[str(level)].toolTip() for c in items)
    assert model.scale.partly_met_rule.get(lang) in shown
    assert _fits(view, window) == {}
    other = next(i for i, (_, q) in enumerate(view.track.items)
                 if q.answer.type != "levels" or not capabilities[q.capability].conditions)
    view.go_to(other)
    assert not view.conditions_label.isVisible()


def test_a_desk_review_is_answered_from_records(qtbot, settings, repo, shipped_library):
    questionnaire = shipped_library.questionnaire("diagnosis-professional-desk")
    assert questionnaire.mode == "desk_review"
    question = questionnaire.sections[0].questions[0]
    e, person = _engagement(repo, shipped_library, "diagnosis-professional", question.roles[0], questionnaire.id)
    window = _window(qtbot, settings, shipped_library, repo, "en")
    view = _open(window, e, person, questionnaire.id, question.id)
    assert view.desk_review
    assert view.mode_chip.isVisible() and view.mode_chip.text() == "Desk review"
    assert "evidence pack" in view.mode_chip.toolTip()
    assert view.person_label.text() == "Records from:"
    assert "Records to review:" in view.evidence_hint_label.text()
    assert not view.quotable_check.isVisible()  # a record is nobody's words
    view.focus_answers()
    assert view.handle_key(Qt.Key.Key_Q, "q")
    assert "no one to quote" in view.keys_cue.text()
    view.quick_quote()
    assert "seen, from Maria Fernández-Castillo" in view.note_edit.toPlainText()
    view.focus_answers()
    assert view.wait_saved()
    assert findings.quotable_marks(repo, e.id) == frozenset()
    # the interview questionnaire of the same person is an interview again
    window.apply_language("zh")
    view.select_person(person.id, "diagnosis-professional")
    assert not view.desk_review and not view.mode_chip.isVisible() and view.quotable_check.isVisible()
    assert view.person_label.text() == "受访者："


# -- the quotable mark -------------------------------------------------------------------------


@pytest.fixture
def mini_view(qtbot, tmp_path, mini_library, repo):
    customer = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(customer.id, "Acme diagnosis", services=services,
                               content=content_for_services(mini_library, services))
    ann = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id="mini-q")
    bob = repo.add_interviewee(e.id, "Bob", "executive", questionnaire_id="mini-q")
    view = InterviewView(AppContext(mini_library, repo, "en", consultant="Elena"))
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.load(e.id)
    return view, e, ann, bob


def test_q_marks_the_note_quotable_saved_undoable_and_per_interviewee(qtbot, mini_view, repo, mini_library):
    view, e, ann, bob = mini_view
    view.select_person(ann.id)
    view.focus_note()
    qtbot.keyClicks(view.note_edit, "We restart the broker by hand every week.")
    qtbot.keyClick(view.note_edit, Qt.Key.Key_Escape)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q)
    assert view.quotable_check.isChecked()
    assert view.wait_saved()
    key = ("mini-q", "q1", ann.id)
    assert findings.quotable_marks(repo, e.id) == {key}
    assert repo.get_answer(ann.id, "mini-q", "q1").note == "We restart the broker by hand every week."
    # the findings drafted from the data quote it
    diagnosis = findings.load_diagnosis(mini_library, repo, findings.score_engagement(mini_library, repo, e.id))
    assert diagnosis.quotable == {key}
    # another interviewee's same question is not marked; coming back shows the mark
    view.select_person(bob.id)
    view.go_to(view.track.index_of("q1"))
    assert not view.quotable_check.isChecked()
    view.select_person(ann.id)
    view.go_to(view.track.index_of("q1"))
    assert view.quotable_check.isChecked()
    # undo removes the mark from the database and the screen
    view.focus_answers()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.wait_saved()
    assert findings.quotable_marks(repo, e.id) == frozenset()
    assert not view.quotable_check.isChecked()
    # a fresh screen reads the marks back
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q)
    assert view.wait_saved()
    again = InterviewView(AppContext(mini_library, repo, "en"))
    qtbot.addWidget(again)
    again.load(e.id)
    again.select_person(ann.id)
    again.go_to(again.track.index_of("q1"))
    assert again.quotable_check.isChecked()


def test_a_failed_quotable_mark_leaves_the_answer_unchanged(repo, mini_library, monkeypatch, database_dump):
    customer = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(customer.id, "Acme diagnosis", services=services,
                               content=content_for_services(mini_library, services))
    ann = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id="mini-q")
    before = database_dump(repo)

    def refuse(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(findings, "write_quotable", refuse)
    with pytest.raises(RuntimeError):
        interviews.save_answer_changes(repo, e.id, ann.id, "mini-q", "q1",
                                       {"status": "given", "value": "3", "note": "said it", "quotable": True})
    assert database_dump(repo) == before


def test_the_interviewee_combo_shows_answered_of_total_per_person(qtbot, mini_view, repo):
    view, e, ann, bob = mini_view
    repo.save_answer(e.id, bob.id, "mini-q", "q1", "given", "2")
    view.load(e.id)  # what the database holds when the screen opens
    texts = {view.person_combo.itemData(i): view.person_combo.itemText(i) for i in range(view.person_combo.count())}
    assert texts[ann.id].startswith("Ann - ") and texts[ann.id].endswith("0/5")
    assert texts[bob.id].startswith("Bob - ") and texts[bob.id].endswith("1/2")  # an executive is asked two
    view.select_person(ann.id)
    total_ann = len(view.track.items)
    view.focus_answers()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    qtbot.waitUntil(lambda: view.person_combo.itemText(view.person_combo.findData(ann.id)).endswith(f"1/{total_ann}"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)  # cleared: back to 0
    qtbot.waitUntil(lambda: view.person_combo.itemText(view.person_combo.findData(ann.id)).endswith(f"0/{total_ann}"))
    assert view.wait_saved()
