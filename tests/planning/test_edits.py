"""Plan edits that touch several fields: pure functions, each keeping the plan consistent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.planning import edits
from app.planning.model import Department, Plan, default_phases
from tests.planning.conftest import item


def _plan(*items, departments=()) -> Plan:
    return Plan("om-sre", initiatives=tuple(items), phases=tuple(default_phases("medium", 24)),
                departments=tuple(departments))


def test_removing_an_initiative_frees_what_waited_for_it():
    plan = _plan(item("a"), item("b", deps=("a",)), item("c", deps=("a", "b")))
    after, freed = edits.remove_initiative(plan, "a")
    assert [i.id for i in after.initiatives] == ["b", "c"]
    assert freed == ["b", "c"]
    assert after.initiative("c").depends_on == ("b",)


def test_a_custom_initiative_keeps_both_names_and_gets_a_new_id():
    plan = _plan(item("a"))
    plan, first = edits.add_initiative(plan, {"en": "Chaos drills", "zh": "混沌演练"}, ("incident.response",),
                                       "incident")
    plan, second = edits.add_initiative(plan, {"en": "Second", "zh": ""}, ("incident.response",))
    assert first != second and plan.initiative(first).source == "custom"
    assert plan.initiative(first).name == {"en": "Chaos drills", "zh": "混沌演练"}
    assert plan.initiative(second).name == {"en": "Second"}
    with pytest.raises(edits.PlanInputError, match="give it a name"):
        edits.add_initiative(plan, {"en": " ", "zh": ""}, ())
    with pytest.raises(edits.PlanInputError, match="cannot be empty"):
        edits.set_name({"en": "x"}, "zh", "  ", "Name (Chinese)")


def test_objectives_added_and_removed_are_ranked_again_and_leave_no_reference():
    plan = _plan(item("a"))
    plan, oid = edits.add_objective(plan, {"en": "Pass the regulator's audit"}, ("change",))
    plan, other = edits.add_objective(plan, {"en": "Cheaper operations"})
    plan = plan.with_initiative(replace(plan.initiative("a"), objectives=(oid, other)))
    assert [(o.id, o.rank, o.source) for o in plan.objectives] == [(oid, 1, "custom"), (other, 2, "custom")]
    after = edits.remove_objective(plan, oid)
    assert [(o.id, o.rank) for o in after.objectives] == [(other, 1)]
    assert after.initiative("a").objectives == (other,)


def test_references_are_typed_as_numbers_ids_or_capability_names_and_a_wrong_one_is_named():
    plan = _plan(item("a"), item("b"), item("c"))
    caps = {"change.approval": "Change approval"}
    assert edits.parse_references("1, #2", plan, caps, "Depends on") == ("a", "b")
    assert edits.parse_references("c，Change approval", plan, caps, "Depends on") == ("c", "change.approval")
    with pytest.raises(edits.PlanInputError, match="Depends on: '9' is neither"):
        edits.parse_references("1, 9", plan, caps, "Depends on")


def test_the_plan_length_keeps_the_phases_that_fit_and_adds_yearly_ones():
    plan = _plan(item("a"))
    longer = edits.with_horizon(plan, 36)
    assert [(p.start_month, p.end_month) for p in longer.phases] == [(0, 3), (3, 12), (12, 24), (24, 36)]
    assert longer.phases[-1].capacity == pytest.approx(plan.phases[-1].capacity)  # same rate, same 12 months
    assert longer.constraints.horizon_months == 36
    shorter = edits.with_horizon(plan, 9)
    assert [(p.start_month, p.end_month) for p in shorter.phases] == [(0, 3), (3, 9)]
    assert shorter.phases[1].capacity == pytest.approx(plan.phases[1].capacity * 6 / 9, abs=0.1)
    for bad in (0, 2, 12.5, 500):
        with pytest.raises(edits.PlanInputError, match="plan length"):
            edits.with_horizon(plan, bad)


def test_a_phase_end_moves_the_next_start_and_cannot_swallow_it():
    plan = _plan(item("a"))
    moved = edits.with_phase_end(plan, "P1", 6)
    assert (moved.phases[0].end_month, moved.phases[1].start_month) == (6, 6)
    with pytest.raises(edits.PlanInputError, match="swallow phase P2"):
        edits.with_phase_end(plan, "P1", 12)
    with pytest.raises(edits.PlanInputError, match="not after its start"):
        edits.with_phase_end(plan, "P2", 3)
    assert edits.with_phase_end(plan, "P3", 30).phases[-1].end_month == 30


def test_deadlines_are_read_as_what_and_month_and_a_missing_month_is_named():
    deadlines = edits.parse_deadlines("Regulator's inspection: 9; 等保测评：10")
    assert [(d.label, d.month) for d in deadlines] == [("Regulator's inspection", 9.0), ("等保测评", 10.0)]
    assert edits.format_deadlines(deadlines) == "Regulator's inspection: 9; 等保测评: 10"
    with pytest.raises(edits.PlanInputError, match="'Audit' has no month"):
        edits.parse_deadlines("Audit")
    with pytest.raises(edits.PlanInputError, match="not a month number"):
        edits.parse_deadlines("Audit: soon")


def test_a_removed_department_hands_its_initiatives_to_the_whole_organisation():
    plan = _plan(item("a", scope="dept1"), item("b"), departments=[Department("dept1", "Retail")])
    plan, new = edits.add_department(plan, "Claims")
    with pytest.raises(edits.PlanInputError, match="already listed"):
        edits.add_department(plan, "retail")
    with pytest.raises(edits.PlanInputError, match="already listed"):
        edits.rename_department(plan, new, "Retail")
    plan = edits.rename_department(plan, new, "Claims and underwriting")
    after = edits.remove_department(plan, "dept1")
    assert [d.name for d in after.departments] == ["Claims and underwriting"]
    assert after.initiative("a").scope == ""


def test_a_nudge_is_a_whole_month_inside_the_plan():
    plan = _plan(item("a", months=4))
    moved, month = edits.nudge_start(plan, "a", 2.6, plan_end=24)
    assert month == 3 and moved.initiative("a").pinned_start == 3
    assert edits.nudge_start(plan, "a", -2, plan_end=24)[1] == 0
    assert edits.nudge_start(plan, "a", 23, plan_end=24)[1] == 20


def test_a_name_holding_a_comma_is_still_one_subject():
    names = {"change": "Change and release, including grayscale release", "incident": "Incident response"}
    assert edits.parse_subjects("Change and release, including grayscale release, incident", names, "Domains",
                                "domain") == ("change", "incident")
    assert edits.parse_subjects("incident、change", names, "Domains", "domain") == ("incident", "change")
