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


def test_an_edit_is_saved_at_once_and_undo_saves_the_old_value(view, shipped_library):
    widget, repo, engagement = view
    targets = widget.models["targets"]
    row = next(n for n, g in enumerate(targets.rows) if g.subject_id == "incident")
    assert targets.setData(_cell(targets, row, "Target"), "4", Qt.ItemDataRole.EditRole)
    assert widget.state.version == 1 and widget.plan.target("incident").level == 4
    assert load_planning(shipped_library, repo, engagement.id).plan.target("incident").level == 4
    widget.undo_stack.undo()
    stored = load_planning(shipped_library, repo, engagement.id)
    assert stored.version == 2 and stored.plan.target("incident").level != 4
    widget.undo_stack.redo()
    assert load_planning(shipped_library, repo, engagement.id).plan.target("incident").level == 4


def test_a_bad_edit_is_named_and_not_saved_until_fixed(view, shipped_library):
    widget, repo, engagement = view
    phases = widget.models["phases"]
    assert phases.setData(_cell(phases, 0, "Capacity (pm)"), "0", Qt.ItemDataRole.EditRole)
    assert widget.banner.isVisibleTo(widget) and "P1 has no capacity" in widget.banner.text()
    assert widget.plan.phases[0].capacity == 0
    assert repo.documents.get(engagement.id, "plan", "main") is None  # nothing saved half-way
    widget.undo_stack.undo()
    assert not widget.banner.isVisibleTo(widget)
    assert load_planning(shipped_library, repo, engagement.id).plan.phases[0].capacity > 0


def test_pinning_an_item_before_its_prerequisite_is_flagged_not_moved(view):
    widget, _repo, _engagement = view
    schedule = widget.models["schedule"]
    row = next(n for n, s in enumerate(schedule.rows) if s.depends_on)
    item = schedule.rows[row]
    assert schedule.setData(_cell(schedule, row, "Start"), "0", Qt.ItemDataRole.EditRole)
    placed = widget.state.analysis.schedule.item(item.id)
    assert placed.pinned and placed.start_month == 0
    assert any(f.code == "pinned_before_prerequisite" for f in placed.flags)
    assert any("before its prerequisite" in m for m in widget.models["issues"].rows)


def test_text_that_is_not_a_number_changes_nothing(view):
    widget, _repo, _engagement = view
    initiatives = widget.models["initiatives"]
    before = widget.plan
    assert not initiatives.setData(_cell(initiatives, 0, "Effort (pm)"), "lots", Qt.ItemDataRole.EditRole)
    assert widget.plan == before and widget.undo_stack.count() == 0
