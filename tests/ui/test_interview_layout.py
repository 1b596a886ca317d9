"""One question, all its answer controls and the note fit a 1366x768 laptop, in English and Chinese.

The window is the main window at the client size a maximised window has on such a
screen (768 - a 40 px panel - a 30 px title bar = 698), on the engagement's Interview
tab, showing the level question with the most text of the shipped content.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

from app.content.schema import LevelsAnswer
from app.services import content_for_services
from app.storage.records import ServiceChoice
from app.ui.context import AppContext
from app.ui.main_window import EngagementPage, MainWindow

LAPTOP = (1366, 698)
SHOTS = Path(os.environ["OMM_SHOTS"]) if os.environ.get("OMM_SHOTS") else None  # to look at them


def _longest_level_question(library, lang: str):
    """(questionnaire, question) of the level question whose text and level descriptors are longest."""
    best = None
    for questionnaire in library.latest_questionnaires():
        model = library.model(questionnaire.model)
        levels = {c.id: c.levels for d in model.domains for c in d.capabilities}
        for section in questionnaire.sections:
            for q in section.questions:
                if not isinstance(q.answer, LevelsAnswer):
                    continue
                descriptors = q.answer.descriptors or levels.get(q.capability, {})
                size = len(q.text.get(lang)) + sum(len(t.get(lang)) for t in descriptors.values())
                if best is None or size > best[0]:
                    best = (size, questionnaire, q)
    assert best is not None
    return best[1], best[2]


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_longest_level_question_fits_a_laptop_screen(qtbot, settings, repo, shipped_library, lang):
    questionnaire, question = _longest_level_question(shipped_library, lang)
    service = next(s for s in shipped_library.catalogue.services if questionnaire.id in s.questionnaires)
    customer = repo.create_customer("Harbour Bank")
    services = [ServiceChoice(service.id, service.sizes[0].value if service.sizes else "standard")]
    engagement = repo.create_engagement(customer.id, "Harbour Bank – a long engagement name for 2026",
                                        services=services, content=content_for_services(shipped_library, services))
    role = next(r for r in question.roles if r in questionnaire.roles)
    person = repo.add_interviewee(engagement.id, "Maria Fernández-Castillo", role, questionnaire_id=questionnaire.id)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_context(AppContext(shipped_library, repo, "en", "Elena"))
    window.resize(*LAPTOP)
    window.show()
    qtbot.waitExposed(window)
    window.apply_language(lang)
    window.open_engagement(engagement.id, EngagementPage.TAB_INTERVIEW)
    view = window.engagement_page.interview
    view.select_person(person.id, questionnaire.id)
    view.go_to(view.track.index_of(question.id))
    for _ in range(3):
        QApplication.processEvents()
    assert window.size().height() == LAPTOP[1]
    assert view.question_label.text() == question.text.get(lang)
    viewport = _rect_in(view.scroll.viewport(), window)
    assert view.scroll.verticalScrollBar().value() == 0
    controls = {**{f"level {k}": c for k, c in view._cards.items()}, "not applicable": view.na_button,
                "don't know": view.unknown_button, "clear": view.clear_button,
                "confidence": view.confidence_combo, "follow-up": view.follow_up_check, "note": view.note_edit,
                "question": view.question_label}
    assert len(view._cards) == 6
    outside = {name: (_rect_in(w, window).top(), _rect_in(w, window).bottom())
               for name, w in controls.items() if not viewport.contains(_rect_in(w, window))}
    assert outside == {}, f"below the fold at {LAPTOP}: {outside}; visible area {viewport.top()}-{viewport.bottom()}"
    assert window.rect().contains(viewport)
    assert view.scroll.verticalScrollBar().maximum() == 0  # nothing to scroll to
    if SHOTS:
        window.grab().save(str(SHOTS / f"interview-longest-{lang}.png"))
    window.resize(1366, 480)  # a smaller window: the rest is reachable by scrolling
    for _ in range(3):
        QApplication.processEvents()
    bar = view.scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert _rect_in(view.note_edit, window).bottom() <= _rect_in(view.scroll.viewport(), window).bottom()
