"""The interview screen driven with the keyboard, offscreen, on a real SQLite file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services import content_for_services, score_engagement
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository, StorageUnavailable
from app.ui.context import AppContext
from app.ui.interview import InterviewView


@pytest.fixture
def context(tmp_path, mini_library, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    db = open_database(f"sqlite:///{tmp_path / 'omm.db'}")
    repo = Repository(db)
    yield AppContext(mini_library, repo, "en", consultant="Elena")
    db.close()


@pytest.fixture
def engagement(context):
    repo = context.repo
    customer = repo.create_customer("Acme <Bank> & Co")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(customer.id, "Acme diagnosis", services=services,
                               content=content_for_services(context.library, services), start_date=date(2026, 1, 1))
    ann = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id="mini-q")
    bob = repo.add_interviewee(e.id, "Bob", "executive", questionnaire_id="mini-q")
    return e, ann, bob


@pytest.fixture
def view(qtbot, context, engagement):
    widget = InterviewView(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.load(engagement[0].id)
    return widget


def press(qtbot, widget, key: Qt.Key, text: str = "") -> None:
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.NoModifier) if not text else qtbot.keyClicks(widget, text)


def test_role_track_answered_with_keyboard_is_saved(qtbot, view, context, engagement):
    e, ann, _ = engagement
    view.select_person(ann.id)
    assert [q.id for _, q in view.track.items] == ["q1", "q2", "q3", "q4", "q5"]  # sre sees all five
    assert view.track.position == 0 and "5 questions left" in view.remaining_label.text()
    view.setFocus()
    qtbot.keyClicks(view, "3")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClicks(view, "y")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClicks(view, "6")  # numeric: the digit goes to the field
    qtbot.keyClicks(view.numeric_edit, "5")
    qtbot.keyClick(view.numeric_edit, Qt.Key.Key_Return)  # saves and moves on
    qtbot.keyClicks(view, "3")  # third option: trained incident commander
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClicks(view, "u")
    saved = {a.question_id: (a.status, a.value) for a in context.repo.list_answers(e.id, interviewee_id=ann.id)}
    assert saved == {"q1": ("given", "3"), "q2": ("given", "yes"), "q3": ("given", "65"), "q4": ("given", "ic"),
                     "q5": ("unknown", None)}
    assert view.track.remaining == 0
    qtbot.waitUntil(lambda: "0 questions left" in view.remaining_label.text())


def test_undo_and_redo_restore_the_database(qtbot, view, context, engagement):
    e, ann, _ = engagement
    view.select_person(ann.id)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.setFocus()
    qtbot.keyClicks(view, "2")
    qtbot.keyClicks(view, "4")  # merged with the 2: one undo step
    assert context.repo.get_answer(ann.id, "mini-q", "q1").value == "4"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert context.repo.get_answer(ann.id, "mini-q", "q1").status is None
    assert not view._cards["4"].property("selected")
    view.redo_action.trigger()
    assert context.repo.get_answer(ann.id, "mini-q", "q1").value == "4"


def test_switching_interviewee_keeps_place_and_role_filter(qtbot, view, engagement):
    _, ann, bob = engagement
    view.select_person(ann.id)
    view.go_to(2)
    view.select_person(bob.id)
    assert [q.id for _, q in view.track.items] == ["q1", "q4"]  # executive track
    view.select_person(ann.id)
    assert view.track.current[1].id == "q3"  # resumed where Ann's session stopped


def test_note_confidence_follow_up_and_evidence(qtbot, view, context, engagement, tmp_path):
    e, ann, _ = engagement
    view.select_person(ann.id)
    view.answer("given", "2")
    view.note_edit.setPlainText("Change log is a spreadsheet <on the share>")
    view.note_edit.clearFocus()
    view._save_note()
    view.confidence_combo.setCurrentIndex(view.confidence_combo.findData("high"))
    view.follow_up_check.setChecked(True)
    file = tmp_path / "cab.txt"
    file.write_text("minutes", encoding="utf-8")
    view.attach_file(str(file))
    qtbot.waitUntil(lambda: "cab.txt" in view.evidence_list.text())
    a = context.repo.get_answer(ann.id, "mini-q", "q1")
    assert (a.note, a.confidence, a.follow_up) == ("Change log is a spreadsheet <on the share>", "high", True)
    assert len(a.evidence_ids) == 1


def test_invalid_numeric_answer_shows_message_and_saves_nothing(qtbot, view, context, engagement):
    _, ann, _ = engagement
    view.select_person(ann.id)
    view.go_to(2)
    view.numeric_edit.setText("140")
    view._numeric_entered()
    assert view.input_error.isVisible() and "maximum" in view.input_error.text()
    assert context.repo.get_answer(ann.id, "mini-q", "q3") is None


def test_locked_database_keeps_answer_and_retries(qtbot, view, context, engagement, monkeypatch):
    _, ann, _ = engagement
    view.select_person(ann.id)
    real = Repository.save_answer
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise StorageUnavailable("the database is locked by another program; the answer was not saved")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Repository, "save_answer", flaky)
    view.RETRY_MS = 10
    view._retry.setInterval(10)
    view.answer("given", "3")
    assert view.banner.isVisible() and view.pending_count == 1
    assert view._cards["3"].property("selected")  # the choice stays on screen
    qtbot.waitUntil(lambda: view.pending_count == 0, timeout=2000)
    assert context.repo.get_answer(ann.id, "mini-q", "q1").value == "3"
    assert not view.banner.isVisible()


def test_answers_move_the_score(qtbot, view, context, engagement):
    e, ann, _ = engagement
    view.select_person(ann.id)
    with qtbot.waitSignal(view.answer_saved):
        view.answer("given", "5")
    score = score_engagement(context.library, context.repo, e.id).models["mini"]
    assert score.capability("change.approval").level == 5


def test_screenshot(qtbot, view, engagement, tmp_path):
    view.select_person(engagement[1].id)
    out = Path(tmp_path) / "interview.png"
    assert view.grab().save(str(out))


def test_content_follows_the_interface_language(qtbot, view, context, engagement):
    from PySide6.QtCore import QCoreApplication, QEvent

    view.select_person(engagement[1].id)
    assert view.outline_model.index(0).data().startswith("Change")
    context.language = "zh"
    QCoreApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
    assert view.outline_model.index(0).data().startswith("变更")
    assert view.question_label.text() == "变更如何审批？"


def test_unreadable_or_huge_attachment_is_refused_with_a_message(qtbot, view, context, engagement, tmp_path,
                                                               boxes, monkeypatch):
    import app.storage.repository as repository

    _, ann, _ = engagement
    view.select_person(ann.id)
    view.answer("given", "3")
    view.attach_file(str(tmp_path / "not-there.pdf"))
    qtbot.waitUntil(lambda: len(boxes.shown) == 1, timeout=5000)
    assert "not-there.pdf" in boxes.shown[0]["text"] + boxes.shown[0]["informative"]
    big = tmp_path / "huge-capture.pcap"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(repository, "MAX_EVIDENCE_BYTES", 1024)
    view.attach_file(str(big))
    qtbot.waitUntil(lambda: len(boxes.shown) == 2, timeout=5000)
    assert "limit" in boxes.shown[1]["text"] + boxes.shown[1]["informative"]
    assert context.repo.get_answer(ann.id, "mini-q", "q1").evidence_ids == ()
    assert context.repo.list_evidence(engagement[0].id) == []
    assert context.repo.get_answer(ann.id, "mini-q", "q1").value == "3"  # the answer is untouched


def test_outline_shows_short_answers(qtbot, view, engagement):
    view.select_person(engagement[2].id)  # Bob, executive: q1 and q4
    view.go_to(1)  # q4, a choice: the option's number, not its id
    view.answer("given", "ic")
    row = view.outline_model.row_of_question("q4")
    assert view.outline_model.index(row).data().startswith("  ● #3  ")
