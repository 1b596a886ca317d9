"""The Findings screen: approve, edit in both languages, add, merge, reject, and the executive summary."""

from __future__ import annotations

import pytest
from shell_helpers import make_engagement

from app.diagnosis.findings import FindingStatus
from app.services.findings import load_diagnosis
from app.services.results import score_engagement


@pytest.fixture
def view(qtbot, ui_context):
    from app.ui.findings import FindingsView

    e = make_engagement(ui_context, "Findings Co", people=(("Ann Lee", "sre"), ("Bob Ray", "executive")),
                        services=("assessment-planning",))
    repo = ui_context.repo
    ann, bob = repo.list_interviewees(e.id)
    for who, q, value in ((ann, "q3", "10"), (ann, "q4", "ic"), (bob, "q4", "ic"), (ann, "q1", "1"),
                          (ann, "q2", "no")):
        repo.save_answer(e.id, who.id, "mini-q", q, "given", value, confidence="high")
    w = FindingsView(ui_context)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.load(e.id)
    return w, e


def stored(view_and_engagement, ui_context):
    w, e = view_and_engagement
    return {f.id: f for f in load_diagnosis(ui_context.library, ui_context.repo,
                                            score_engagement(ui_context.library, ui_context.repo, e.id)).findings}


def select(w, finding_id: str) -> None:
    w.table.clearSelection()
    w.table.selectRow(next(i for i, f in enumerate(w.model.rows) if f.id == finding_id))


def test_the_table_lists_the_drafts(view, qtmodeltester):
    w, _ = view
    qtmodeltester.check(w.model)
    ids = [f.id for f in w.model.rows]
    assert "weakness:mini:change.rollback" in ids and "strength:mini:incident.response" in ids
    assert "not saved yet" in w.status.text()


def test_approve_edit_in_chinese_add_merge_reject(view, ui_context):
    w, _ = view
    risk, weak = "weakness:mini:change.rollback", "weakness:mini:change.approval"
    select(w, risk)
    w.buttons["approve"].click()
    assert stored(view, ui_context)[risk].status is FindingStatus.APPROVED
    w.lang_combo.setCurrentIndex(w.lang_combo.findData("zh"))
    select(w, risk)
    w.title_edit.setText("回滚从未演练")
    w.buttons["save"].click()
    saved = stored(view, ui_context)[risk]
    assert saved.title.zh == "回滚从未演练" and saved.title.en.startswith("Rollback")  # the other language kept
    w.buttons["add"].click()
    added = [f for f in stored(view, ui_context).values() if f.rule == "manual"]
    assert len(added) == 1 and w.current().id == added[0].id
    w.table.clearSelection()
    for fid in (weak, added[0].id):
        w.table.selectionModel().select(
            w.model.index(next(i for i, f in enumerate(w.model.rows) if f.id == fid), 0),
            w.table.selectionModel().SelectionFlag.Select | w.table.selectionModel().SelectionFlag.Rows)
    w.buttons["merge"].click()
    after = stored(view, ui_context)
    assert weak not in after and added[0].id not in after and any(f.rule == "merged" for f in after.values())
    merged = next(f for f in after.values() if f.rule == "merged")
    select(w, merged.id)
    w.buttons["reject"].click()
    assert stored(view, ui_context)[merged.id].status is FindingStatus.REJECTED


def test_summary_is_edited_per_language_and_approved(view, ui_context):
    w, e = view
    w.summary_lang.setCurrentIndex(w.summary_lang.findData("zh"))
    w.summary_edit.setPlainText("总体来看，运维实践初步形成。")
    w.summary_approve.click()
    d = load_diagnosis(ui_context.library, ui_context.repo, score_engagement(ui_context.library, ui_context.repo,
                                                                             e.id))
    assert d.summary.text("zh") == "总体来看，运维实践初步形成。" and d.summary.status == "approved"
    assert d.summary.text("en").startswith("Acme Bank operates")  # the drafted English is kept
