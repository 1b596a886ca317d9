"""The Planning tab driven offscreen: edits save like answers, undo restores, bad edits are shown and not saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.planning import load_planning
from app.ui.context import AppContext
from tests.planning.conftest import planning_db  # noqa: F401 - the fixture, shared with the planning tests


@pytest.fixture
def view(qtbot, shipped_library, planning_db):  # noqa: F811
    from app.ui.planning import PlanningView

    _url, repo, engagement = planning_db
    widget = PlanningView(AppContext(shipped_library, repo, consultant="Elena"))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.load(engagement.id)
    return widget, repo, engagement


def settle(qtbot, widget) -> None:
    """Wait until the writer has stored every edit (saves run off the UI thread)."""
    qtbot.waitUntil(lambda: not widget.saving, timeout=10000)


def _cell(model, row: int, header: str):
    column = next(n for n, c in enumerate(model.columns) if c.header == header)
    return model.index(row, column)


def test_the_tab_shows_the_draft_in_every_table(view, qtmodeltester):
    widget, _repo, _engagement = view
    assert not widget.state.saved
    assert widget.models["objectives"].rowCount() == 3
    assert widget.models["targets"].rowCount() == len(widget.state.model.domains)
    assert widget.models["initiatives"].rowCount() == len(widget.plan.initiatives)
    assert widget.models["schedule"].rowCount() == len(widget.state.analysis.schedule.items)
    assert widget.gantt.figure is not None and widget.matrix.figure is not None
    for model in widget.models.values():
        qtmodeltester.check(model)


def test_an_edit_is_saved_at_once_and_undo_saves_the_old_value(view, shipped_library, qtbot):
    widget, repo, engagement = view
    targets = widget.models["targets"]
    row = next(n for n, g in enumerate(targets.rows) if g.subject_id == "incident")
    assert targets.setData(_cell(targets, row, "Target"), "4", Qt.ItemDataRole.EditRole)
    assert widget.plan.target("incident").level == 4
    settle(qtbot, widget)
    assert widget.state.version == 1
    assert load_planning(shipped_library, repo, engagement.id).plan.target("incident").level == 4
    widget.undo_stack.undo()
    settle(qtbot, widget)
    stored = load_planning(shipped_library, repo, engagement.id)
    assert stored.version == 2 and stored.plan.target("incident").level != 4
    widget.undo_stack.redo()
    settle(qtbot, widget)
    assert load_planning(shipped_library, repo, engagement.id).plan.target("incident").level == 4


def test_a_bad_edit_is_named_and_not_saved_until_fixed(view, shipped_library, qtbot):
    widget, repo, engagement = view
    phases = widget.models["phases"]
    assert phases.setData(_cell(phases, 0, "Capacity (pm)"), "0", Qt.ItemDataRole.EditRole)
    assert widget.banner.isVisibleTo(widget) and "P1 has no capacity" in widget.banner.text()
    assert widget.plan.phases[0].capacity == 0
    assert repo.documents.get(engagement.id, "plan", "main") is None  # nothing saved half-way
    widget.undo_stack.undo()
    assert not widget.banner.isVisibleTo(widget)
    settle(qtbot, widget)
    assert load_planning(shipped_library, repo, engagement.id).plan.phases[0].capacity > 0


def test_pinning_an_item_before_its_prerequisite_is_flagged_not_moved(view, qtbot):
    widget, _repo, _engagement = view
    schedule = widget.models["schedule"]
    row = next(n for n, s in enumerate(schedule.rows) if s.depends_on)
    item = schedule.rows[row]
    assert schedule.setData(_cell(schedule, row, "Start"), "0", Qt.ItemDataRole.EditRole)
    placed = widget.state.analysis.schedule.item(item.id)
    assert placed.pinned and placed.start_month == 0
    assert any(f.code == "pinned_before_prerequisite" for f in placed.flags)
    assert any("before its prerequisite" in m for m in widget.models["issues"].rows)
    settle(qtbot, widget)


def test_text_that_is_not_a_number_changes_nothing(view):
    widget, _repo, _engagement = view
    initiatives = widget.models["initiatives"]
    before = widget.plan
    assert not initiatives.setData(_cell(initiatives, 0, "Effort (pm)"), "lots", Qt.ItemDataRole.EditRole)
    assert widget.plan == before and widget.undo_stack.count() == 0


def _row(model, match) -> int:
    return next(n for n, r in enumerate(model.rows) if match(r))


def test_saves_run_off_the_ui_thread_and_never_score_again(view, qtbot, monkeypatch):
    import threading

    import app.services.planning as planning_service

    widget, repo, engagement = view
    calls = []
    monkeypatch.setattr(planning_service, "score_engagement", lambda *a, **k: calls.append(a))
    initiatives = widget.models["initiatives"]
    for effort in ("3", "4", "5"):  # quick edits: coalesced, newest plan stored last
        assert initiatives.setData(_cell(initiatives, 0, "Effort (pm)"), effort, Qt.ItemDataRole.EditRole)
    settle(qtbot, widget)
    assert calls == []
    assert widget.writer.last_thread_id not in (None, threading.get_ident())
    stored = repo.documents.get(engagement.id, "plan", "main")
    assert stored.payload["initiatives"][0]["effort"] == 5 and stored.version == widget.state.version


def test_a_free_text_objective_is_added_named_linked_and_removed(view, qtbot, shipped_library):
    widget, repo, engagement = view
    widget.add_objective()
    objectives = widget.models["objectives"]
    row = _row(objectives, lambda o: o.source == "custom")
    assert objectives.setData(_cell(objectives, row, "Objective"), "Pass the regulator's inspection",
                              Qt.ItemDataRole.EditRole)
    assert objectives.setData(_cell(objectives, row, "Domains"),
                              "Change and release, including grayscale release, incident", Qt.ItemDataRole.EditRole)
    custom = next(o for o in widget.plan.objectives if o.source == "custom")
    assert custom.name["en"] == "Pass the regulator's inspection" and custom.rank == 4
    assert custom.domains == ("change", "incident")
    assert not objectives.setData(_cell(objectives, row, "Domains"), "Astrology", Qt.ItemDataRole.EditRole)
    assert "no domain 'Astrology'" in widget.note_label.text()
    settle(qtbot, widget)
    stored = load_planning(shipped_library, repo, engagement.id).plan
    assert any(o.name.get("en") == "Pass the regulator's inspection" for o in stored.objectives)
    widget.objectives.setCurrentIndex(objectives.index(_row(objectives, lambda o: o.source == "custom"), 0))
    widget.remove_objective()
    settle(qtbot, widget)
    assert all(o.source != "custom" for o in load_planning(shipped_library, repo, engagement.id).plan.objectives)


def test_constraints_are_edited_from_the_workshop_answers_and_the_plan_length_moves_the_phases(view, qtbot):
    widget, repo, engagement = view
    constraints = widget.models["constraints"]
    budget = _row(constraints, lambda r: r.key == "budget")
    choices = widget._constraint_choices(constraints.rows[budget])
    assert len(choices) > 2 and choices[0][0] == ""
    value = next(v for v, _label in choices if v and v != widget.plan.constraints.budget)
    assert constraints.setData(_cell(constraints, budget, "As agreed (double-click to change)"), value,
                               Qt.ItemDataRole.EditRole)
    assert widget.plan.constraints.budget == value
    horizon = _row(constraints, lambda r: r.key == "horizon")
    assert constraints.setData(_cell(constraints, horizon, "As agreed (double-click to change)"), "36",
                               Qt.ItemDataRole.EditRole)
    assert widget.plan.phases[-1].end_month == 36 and widget.plan.constraints.horizon_months == 36
    deadlines = _row(constraints, lambda r: r.key == "deadlines")
    before = widget.plan
    assert not constraints.setData(_cell(constraints, deadlines, "As agreed (double-click to change)"), "Audit",
                                   Qt.ItemDataRole.EditRole)
    assert widget.plan == before and "'Audit' has no month" in widget.note_label.text()
    settle(qtbot, widget)
    stored = repo.documents.get(engagement.id, "plan", "main").payload
    assert stored["constraints"]["budget"] == value and stored["phases"][-1]["end_month"] == 36


def test_a_bilingual_custom_initiative_with_costs_and_a_removal_that_frees_its_dependants(view, qtbot):
    widget, repo, engagement = view
    widget.add_initiative()
    initiatives = widget.models["initiatives"]
    row = _row(initiatives, lambda i: i.source == "custom")
    for header, value in (("Name (English)", "Game days"), ("Name (Chinese)", "故障演练日"), ("Build cost", "high"),
                          ("Yearly run cost", "medium"), ("Effort (pm)", "3"), ("Depends on (No.)", "1")):
        assert initiatives.setData(_cell(initiatives, row, header), value, Qt.ItemDataRole.EditRole), header
    custom = next(i for i in widget.plan.initiatives if i.source == "custom")
    assert custom.name == {"en": "Game days", "zh": "故障演练日"}
    assert (custom.cost_build, custom.cost_run, custom.effort) == ("high", "medium", 3.0)
    assert custom.depends_on == (widget.plan.initiatives[0].id,)
    first = widget.plan.initiatives[0].id
    widget.initiatives.setCurrentIndex(initiatives.index(0, 0))
    widget.remove_initiative()
    assert all(i.id != first for i in widget.plan.initiatives)
    assert next(i for i in widget.plan.initiatives if i.source == "custom").depends_on == ()
    assert "no longer waiting for it" in widget.note_label.text()
    settle(qtbot, widget)
    stored = repo.documents.get(engagement.id, "plan", "main").payload
    assert any(i["name"] == {"en": "Game days", "zh": "故障演练日"} for i in stored["initiatives"])
    widget.undo_stack.undo()
    assert any(i.id == first for i in widget.plan.initiatives)


def test_departments_are_added_renamed_and_removed(view, qtbot):
    widget, _repo, _engagement = view
    widget.add_department()
    departments = widget.models["departments"]
    assert departments.setData(_cell(departments, 0, "Department"), "Retail banking", Qt.ItemDataRole.EditRole)
    assert [d.name for d in widget.plan.departments] == ["Retail banking"]
    widget.add_department()
    assert not departments.setData(_cell(departments, 1, "Department"), "retail banking", Qt.ItemDataRole.EditRole)
    assert "already listed" in widget.note_label.text()
    widget.departments.setCurrentIndex(departments.index(0, 0))
    widget.remove_department()
    assert len(widget.plan.departments) == 1
    settle(qtbot, widget)


def test_keyboard_and_drag_moves_pin_the_start_and_say_when_a_prerequisite_is_broken(view, qtbot):
    from types import SimpleNamespace

    widget, _repo, _engagement = view
    schedule = widget.models["schedule"]
    row = _row(schedule, lambda s: s.depends_on)
    item = schedule.rows[row]
    widget.schedule.setCurrentIndex(schedule.index(row, 0))
    widget.move_selected(+1)
    moved = widget.state.analysis.schedule.item(item.id)
    assert moved.pinned and moved.start_month == item.start_month + 1
    assert "Moved" in widget.note_label.text()
    settle(qtbot, widget)
    # drag its bar to month 0, before its prerequisite finishes
    ax = widget.gantt.figure.axes[0]
    y = widget._gantt_ids.index(item.id)
    start = widget.state.analysis.schedule.item(item.id).start_month
    widget._gantt_press(SimpleNamespace(inaxes=ax, xdata=start + 0.5, ydata=y, button=1))
    widget._gantt_motion(SimpleNamespace(inaxes=ax, xdata=0.5, ydata=y, button=1))
    widget._gantt_release(SimpleNamespace(inaxes=ax, xdata=0.5, ydata=y, button=1))
    placed = widget.state.analysis.schedule.item(item.id)
    assert placed.start_month == 0 and any(f.code == "pinned_before_prerequisite" for f in placed.flags)
    assert "before its prerequisite" in widget.note_label.text()
    widget.unpin_selected()
    assert not widget.state.analysis.schedule.item(item.id).pinned
    settle(qtbot, widget)


def test_nothing_leaks_from_one_engagement_to_the_next(view, qtbot, shipped_library):
    from app.storage.records import ServiceChoice

    widget, repo, engagement = view
    other = repo.create_engagement(engagement.customer.id, "Kestrel - second plan",
                                   services=[ServiceChoice("assessment-planning", "medium")],
                                   content=engagement.content)
    initiatives = widget.models["initiatives"]
    assert initiatives.setData(_cell(initiatives, 0, "Effort (pm)"), "7", Qt.ItemDataRole.EditRole)
    widget.load(other.id)  # the first engagement's save still lands, on the first engagement
    assert widget.undo_stack.count() == 0 and widget.state.version == 0 and not widget.note
    assert repo.documents.get(engagement.id, "plan", "main").payload["initiatives"][0]["effort"] == 7
    assert repo.documents.get(other.id, "plan", "main") is None
    widget.load(engagement.id)
    assert widget.state.version == 1 and widget.plan.initiatives[0].effort == 7
