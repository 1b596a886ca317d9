"""A consultant's first morning, end to end through the main window (offscreen).

New engagement (Ctrl+N) -> two interviewees -> Ann's whole role track with the keyboard
-> evidence attached -> an answer undone -> the results tab changed by it all.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.ui.main_window import EngagementPage, MainWindow


@pytest.fixture
def window(qtbot, settings, ui_context):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.set_context(ui_context)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_first_morning_on_site(qtbot, window, ui_context, monkeypatch, tmp_path):
    repo = ui_context.repo

    def new_engagement(dialog) -> int:
        form = dialog.form
        qtbot.keyClicks(form.name_edit, "Acme Bank - basic diagnosis")
        qtbot.keyClicks(form.customer_name_edit, "Acme Bank <Retail & Corporate>")
        form.service_rows["diagnosis-basic"].check.setChecked(True)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(window, "exec_dialog", new_engagement)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.engagement_page
    engagement = repo.find_engagement("Acme Bank - basic diagnosis")
    assert page.tabs.currentIndex() == EngagementPage.TAB_INTERVIEWEES

    people = iter([("Ann Lee", "sre"), ("Bob Stone", "executive")])

    def register(dialog) -> int:
        name, role = next(people)
        qtbot.keyClicks(dialog.name_edit, name)
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(role))
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(page.interviewees, "exec_dialog", register)
    page.interviewees.add()
    page.interviewees.add()
    ann, bob = sorted(repo.list_interviewees(engagement.id), key=lambda p: p.name)
    assert (ann.name, bob.name) == ("Ann Lee", "Bob Stone")

    window.open_engagement(engagement.id, EngagementPage.TAB_RESULTS)
    qtbot.waitUntil(lambda: page.results.scores is not None, timeout=5000)
    assert page.results.scores.primary.level is None  # nothing answered yet

    window.open_engagement(engagement.id, EngagementPage.TAB_INTERVIEW)
    interview = page.interview
    interview.select_person(ann.id)
    interview.activateWindow()
    interview.setFocus()
    # q1 levels, q2 yes/no, q3 numeric, q4 choice, q5 numeric fact: all from the keyboard
    qtbot.keyClicks(interview, "2")
    qtbot.keyClick(interview, Qt.Key.Key_Return)
    qtbot.keyClicks(interview, "y")
    qtbot.keyClick(interview, Qt.Key.Key_Return)
    qtbot.keyClicks(interview, "8")
    qtbot.keyClicks(interview.numeric_edit, "5")
    qtbot.keyClick(interview.numeric_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(interview, "3")
    qtbot.keyClick(interview, Qt.Key.Key_Return)
    qtbot.keyClicks(interview, "7")
    qtbot.keyClick(interview.numeric_edit, Qt.Key.Key_Return)
    assert interview.track.remaining == 0
    assert interview.wait_saved()  # saved by the writer thread, acknowledged on the screen

    evidence = tmp_path / "change-calendar.xlsx"
    evidence.write_bytes(b"PK\x03\x04 change calendar")
    interview.go_to(0)
    interview.attach_file(str(evidence))
    qtbot.waitUntil(lambda: bool(repo.get_answer(ann.id, "mini-q", "q1").evidence_ids), timeout=5000)

    interview.go_to(3)
    qtbot.keyClicks(interview, "1")  # changes q4 from the incident commander to "nobody"...
    assert interview.wait_saved()
    assert repo.get_answer(ann.id, "mini-q", "q4").value == "nobody"
    interview.undo_action.trigger()  # ...and back
    assert interview.wait_saved()
    assert repo.get_answer(ann.id, "mini-q", "q4").value == "ic"

    # The Results tab follows every saved answer with a short delay: wait until it has caught up with the undo
    # (an earlier refresh, made while q4 was still "nobody", may be what it shows at first).
    def caught_up() -> bool:
        scores = page.results.scores
        return scores is not None and scores.primary.capability("incident.response").level == 4

    qtbot.waitUntil(caught_up, timeout=10000)
    window.open_engagement(engagement.id, EngagementPage.TAB_RESULTS)
    # the undo is re-scored in the background like any answer: wait for that score, not an earlier one
    qtbot.waitUntil(lambda: page.results.scores.primary.capability("incident.response").level == 4, timeout=10000)
    score = page.results.scores.primary
    assert score.capability("change.approval").level == 2.67  # 2 and yes(3) x2: 8/3 rounded half-up
    assert score.capability("change.rollback").level == 4  # 85 %
    assert score.capability("incident.response").level == 4  # incident commander
    assert "Overall" in page.results.summary.text()
