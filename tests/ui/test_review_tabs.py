"""The Requests and Review tabs, and the evidence strength beside the interview's evidence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from shell_helpers import make_engagement

from app.services import evidence_requests, review


@pytest.fixture
def engagement(ui_context):
    e = make_engagement(ui_context, "Review Co", people=(("Ann Lee", "sre"), ("Bob Ray", "sre")),
                        services=("diagnosis-basic",))
    repo = ui_context.repo
    ann, bob = repo.list_interviewees(e.id)
    for who, values in ((ann, {"q1": "1", "q4": "ic"}), (bob, {"q1": "4", "q4": "ic"})):
        for q, value in values.items():
            repo.save_answer(e.id, who.id, "mini-q", q, "given", value, confidence="high")
    evidence = repo.request_evidence(e.id, "Change log Q3")
    repo.link_evidence(e.id, ann.id, "mini-q", "q1", evidence.id)
    return e


@pytest.fixture
def requests_view(qtbot, ui_context, engagement):
    from app.ui.requests_view import EvidenceRequestsView

    w = EvidenceRequestsView(ui_context)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.offer_open = False
    w.load(engagement.id)
    return w


def test_requests_are_listed_edited_linked_and_saved(requests_view, ui_context, engagement, qtmodeltester):
    w = requests_view
    qtmodeltester.check(w.model)
    assert [i.id for i in w.model.rows] == ["R1"] and "not saved yet" in w.summary.text()
    w.table.selectRow(0)
    assert w.title_edit.text() == "Change records"
    w.owner_edit.setText("Li Wei")
    w.due_edit.setText("2026-12-20")
    w.status_combo.setCurrentIndex(w.status_combo.findData("received"))
    entry = w.evidence_list.item(0)
    entry.setCheckState(Qt.CheckState.Checked)
    w.buttons["save"].click()
    state = evidence_requests.load_requests(ui_context.library, ui_context.repo, engagement.id)
    item = state.items[0]
    assert (item.owner, item.due.isoformat(), item.status) == ("Li Wei", "2026-12-20", "received")
    assert item.evidence_ids == (state.evidence[0].id,) and state.evidence[0].received  # the register follows
    assert "saved" in w.summary.text() and w.current_id() == "R1"


def test_bad_due_date_is_one_message_and_nothing_saved(requests_view, ui_context, engagement, boxes):
    w = requests_view
    w.table.selectRow(0)
    w.due_edit.setText("next week")
    w.buttons["save"].click()
    assert boxes.shown and "not a date" in boxes.shown[-1]["text"]
    assert not evidence_requests.load_requests(ui_context.library, ui_context.repo, engagement.id).stored


def test_add_and_remove_a_document(requests_view, ui_context, engagement, monkeypatch):
    w = requests_view
    monkeypatch.setattr(w, "ask_title", lambda: "Org chart")
    w.buttons["add"].click()
    assert [i.id for i in w.model.rows] == ["R1", "R2"] and w.current_id() == "R2"
    w.buttons["remove"].click()
    state = evidence_requests.load_requests(ui_context.library, ui_context.repo, engagement.id)
    assert [i.id for i in state.items] == ["R1"]


def test_export_writes_the_workbook(qtbot, requests_view, tmp_path, monkeypatch):
    w = requests_view
    out = tmp_path / "requests.xlsx"
    monkeypatch.setattr(w, "ask_path", lambda suggested: str(out))
    w.buttons["export"].click()
    qtbot.waitUntil(lambda: out.is_file(), timeout=30000)
    qtbot.waitUntil(lambda: w.buttons["export"].isEnabled(), timeout=30000)


@pytest.fixture
def review_view(qtbot, ui_context, engagement):
    from app.ui.review_view import ReviewView

    w = ReviewView(ui_context)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.offer_open = False
    w.load(engagement.id)
    return w


def test_review_shows_the_checklist_signs_off_and_lists_the_snapshot(review_view, ui_context, engagement, boxes):
    w = review_view
    text = w.check_label.text()
    assert "questions whose answers disagree" in text and "How are changes approved?" in text  # named, not ids
    assert w.lead_edit.text() == "Tester"
    w.sign_button.click()  # items open, not accepted: refused, nothing stored
    assert boxes.shown and "still open" in boxes.shown[-1]["text"]
    assert review.list_snapshots(ui_context.repo, engagement.id) == []
    w.accept_check.setChecked(True)
    w.label_edit.setText("steering committee")
    w.sign_button.click()
    snapshots = review.list_snapshots(ui_context.repo, engagement.id)
    assert [(s.id, s.signed_off_by, s.label) for s in snapshots] == [("S1", "Tester", "steering committee")]
    assert w.table.rowCount() == 1 and w.table.item(0, 2).text() == "Tester"
    assert w.selected_snapshot().id == "S1"


def test_report_from_snapshot_and_reassessment(qtbot, review_view, ui_context, engagement, tmp_path, monkeypatch):
    w = review_view
    w.take_snapshot()
    w.table.selectRow(0)
    out = tmp_path / "survey.docx"
    monkeypatch.setattr(w, "ask_report", lambda snapshot_id: ("survey", str(out)))
    w.snap_buttons["report"].click()
    qtbot.waitUntil(lambda: out.is_file(), timeout=60000)
    monkeypatch.setattr(w, "ask_name", lambda suggested: "Review Co 2027")
    created = []
    w.reassessment_created.connect(created.append)
    w.snap_buttons["reassess"].click()
    assert created
    marks = review.answer_marks(ui_context.repo, created[0])
    assert marks.counts()["carried_over"] == 4


def test_evidence_strength_is_chosen_beside_the_evidence_and_saved(qtbot, ui_context, engagement):
    from app.ui.interview import InterviewView

    view = InterviewView(ui_context)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.load(engagement.id)
    ann = ui_context.repo.list_interviewees(engagement.id)[0]
    view.select_person(ann.id)
    question = view.track.current[1].id
    view.strength_combo.setCurrentIndex(view.strength_combo.findData("verified"))
    assert view.wait_saved()
    assert ui_context.repo.get_answer(ann.id, "mini-q", question).evidence_strength == "verified"
    view.undo_stack.undo()
    assert view.wait_saved()
    assert ui_context.repo.get_answer(ann.id, "mini-q", question).evidence_strength is None
    assert view.strength_combo.currentData() is None
