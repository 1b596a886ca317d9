"""The interviewee register: add two people through the dialog, duplicates refused, edit, remove."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialogButtonBox
from shell_helpers import make_engagement

from app.ui.interviewees import IntervieweeDialog, IntervieweeRegister


@pytest.fixture
def register(qtbot, ui_context):
    engagement = make_engagement(ui_context, "Acme diagnosis")
    widget = IntervieweeRegister(ui_context)
    qtbot.addWidget(widget)
    widget.show()
    widget.load(engagement.id)
    return widget


def fill(qtbot, dialog: IntervieweeDialog, name: str, role: str, department: str = "", contact: str = "",
         planned: datetime | None = None) -> None:
    dialog.name_edit.setFocus()
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, name)
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(role))
    qtbot.keyClicks(dialog.department_edit, department)
    qtbot.keyClicks(dialog.contact_edit, contact)
    if planned is not None:
        dialog.planned_edit.setDateTime(QDateTime(planned))


def ok(qtbot, dialog: IntervieweeDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def drive(register, monkeypatch, qtbot, steps):
    """Replace the modal exec with a function that fills the dialog like a user would."""
    results: list[IntervieweeDialog] = []

    def run(dialog: IntervieweeDialog) -> int:
        steps(dialog)
        results.append(dialog)
        return dialog.result()

    monkeypatch.setattr(register, "exec_dialog", run)
    return results


def test_register_two_interviewees(qtbot, register, ui_context, monkeypatch):
    def ann(dialog):
        fill(qtbot, dialog, "Ann Lee", "sre", "Platform", "ann@example.com", datetime(2026, 3, 3, 10, 0))
        assert dialog.track_combo.currentData() == "mini-q"  # the role's questionnaire is proposed
        ok(qtbot, dialog)

    drive(register, monkeypatch, qtbot, ann)
    qtbot.mouseClick(register.add_button, Qt.MouseButton.LeftButton)

    def bob(dialog):
        fill(qtbot, dialog, "Bob Stone", "executive", "CIO office")
        ok(qtbot, dialog)

    drive(register, monkeypatch, qtbot, bob)
    with qtbot.waitSignal(register.changed):
        register.add()
    people = ui_context.repo.list_interviewees(register.engagement_id)
    assert [(p.name, p.role, p.department, p.questionnaire_id) for p in people] == [
        ("Ann Lee", "sre", "Platform", "mini-q"), ("Bob Stone", "executive", "CIO office", "mini-q")]
    assert people[0].planned_at == datetime(2026, 3, 3, 10, 0) and people[1].planned_at is None
    assert people[0].contact == "ann@example.com"
    assert register.model.rowCount() == 2 and register.summary.text() == "2 interviewee(s)"
    assert register.model.data(register.model.index(0, register.model.COL_ROLE)) == "SRE"
    assert register.model.data(register.model.index(1, register.model.COL_TRACK)) == "Mini questionnaire"


def test_duplicate_and_missing_fields_are_refused(qtbot, register, ui_context, monkeypatch):
    ui_context.repo.add_interviewee(register.engagement_id, "Ann Lee", "sre")
    register.refresh()
    seen: dict[str, str] = {}

    def attempt(dialog):
        ok(qtbot, dialog)  # empty
        seen["empty_name"] = dialog.name_error.text()
        seen["empty_role"] = dialog.role_error.text()
        fill(qtbot, dialog, "ann lee", "executive")
        ok(qtbot, dialog)
        seen["duplicate"] = dialog.name_error.text()
        seen["visible"] = str(not dialog.name_error.isHidden())
        dialog.reject()

    drive(register, monkeypatch, qtbot, attempt)
    register.add()
    assert seen == {"empty_name": "Enter the interviewee's name.", "empty_role": "Choose the interviewee's role.",
                    "duplicate": "\u201cann lee\u201d is already in this engagement's register.", "visible": "True"}
    assert [p.name for p in ui_context.repo.list_interviewees(register.engagement_id)] == ["Ann Lee"]


def test_edit_and_remove(qtbot, register, ui_context, monkeypatch):
    repo = ui_context.repo
    ann = repo.add_interviewee(register.engagement_id, "Ann Lee", "sre", questionnaire_id="mini-q")
    repo.save_answer(register.engagement_id, ann.id, "mini-q", "q1", "given", "3")
    register.refresh()
    register.select(ann.id)

    def rename(dialog):
        assert dialog.name_edit.text() == "Ann Lee" and dialog.role_combo.currentData() == "sre"
        fill(qtbot, dialog, "Ann Lee-Smith", "sre")
        ok(qtbot, dialog)

    drive(register, monkeypatch, qtbot, rename)
    qtbot.mouseClick(register.edit_button, Qt.MouseButton.LeftButton)
    assert repo.list_interviewees(register.engagement_id)[0].name == "Ann Lee-Smith"

    questions: list[str] = []
    monkeypatch.setattr(register, "confirm", lambda title, text: questions.append(text) or False)
    qtbot.mouseClick(register.remove_button, Qt.MouseButton.LeftButton)
    assert len(repo.list_interviewees(register.engagement_id)) == 1  # declined: kept
    assert "answer(s) will be deleted too" in questions[0]
    monkeypatch.setattr(register, "confirm", lambda title, text: True)
    qtbot.mouseClick(register.remove_button, Qt.MouseButton.LeftButton)
    assert repo.list_interviewees(register.engagement_id) == []
    assert register.model.rowCount() == 0 and not register.edit_button.isEnabled()
