"""The scheduler on hand-built plans: each rule of app.planning.roadmap, one at a time."""

from __future__ import annotations

import pytest

from app.planning.model import PlanError
from app.planning.roadmap import find_cycle, schedule
from tests.planning.conftest import item, phases

ROOMY = phases((0, 3, 100), (3, 12, 100), (12, 24, 100))


def test_finish_to_start_dependencies_place_each_item_after_its_prerequisites():
    s = schedule([item("c", deps=("b",)), item("b", months=3, deps=("a",)), item("a")], ROOMY)
    a, b, c = s.item("a"), s.item("b"), s.item("c")
    assert (a.start_month, a.end_month) == (0, 2)
    assert (b.start_month, b.end_month) == (2, 5)
    assert (c.start_month, c.end_month) == (5, 7)
    assert c.depends_on == ("b",)
    assert (a.phase, b.phase, c.phase) == ("P1", "P1", "P2")
    assert not s.unscheduled


def test_an_item_waits_for_its_latest_prerequisite():
    s = schedule([item("a", months=1), item("b", months=4), item("c", deps=("a", "b"))], ROOMY)
    assert s.item("c").start_month == 4


def test_capacity_pushes_an_item_to_the_first_month_with_room():
    # P1 holds 6 person-months: a (6 pm over 3 months) fills it, so b cannot start before month 3.
    s = schedule([item("a", effort=6, months=3), item("b", effort=3, months=3)],
                 phases((0, 3, 6), (3, 12, 100)), priority={"a": 2, "b": 1})
    assert s.item("a").start_month == 0
    assert s.item("b").start_month == 3
    assert s.phases[0].load == pytest.approx(6)
    assert s.phases[1].load == pytest.approx(3)


def test_effort_is_charged_to_each_phase_by_the_months_spent_there():
    s = schedule([item("a", effort=12, months=6)], phases((0, 3, 100), (3, 12, 100)))
    assert [p.load for p in s.phases] == pytest.approx([6, 6])


def test_no_phase_is_ever_loaded_past_its_capacity_by_the_scheduler():
    items = [item(f"i{n}", effort=4 + n % 3, months=2 + n % 4) for n in range(30)]
    s = schedule(items, phases((0, 3, 10), (3, 12, 30), (12, 24, 40)))
    for p in s.phases:
        assert p.load <= p.capacity + 1e-6
    assert s.unscheduled  # 30 items of ~5 pm cannot fit 80 pm
    assert len(s.items) + len(s.unscheduled) == 30


def test_priority_decides_who_gets_scarce_capacity_first():
    plan = [item("low", effort=6, months=3), item("high", effort=6, months=3)]
    s = schedule(plan, phases((0, 3, 6), (3, 6, 6)), priority={"high": 5, "low": 1})
    assert s.item("high").start_month == 0
    assert s.item("low").start_month == 3


def test_what_does_not_fit_is_unscheduled_with_the_reason_and_so_are_its_dependents():
    s = schedule([item("big", effort=50, months=3), item("after", deps=("big",))], phases((0, 3, 10), (3, 6, 10)))
    assert [u.id for u in s.unscheduled] == ["big", "after"]
    big, after = s.unscheduled
    assert big.reason.code == "no_capacity"
    assert "big" in big.reason.render("en") and "person-months" in big.reason.render("en")
    assert after.reason.code == "prerequisite_unscheduled"
    assert after.reason.params["prerequisite"] == "big"
    assert "人月" in big.reason.render("zh")


def test_an_item_pushed_past_the_end_is_unscheduled_with_its_earliest_start():
    s = schedule([item("a", months=5), item("b", months=4, deps=("a",))], phases((0, 6, 100)))
    assert s.item("a") is not None
    (u,) = s.unscheduled
    assert u.id == "b" and u.reason.code == "ends_after_plan"
    assert u.reason.params["earliest"] == 5


def test_a_cycle_is_refused_with_the_cycle_named():
    with pytest.raises(PlanError) as err:
        schedule([item("a", deps=("c",)), item("b", deps=("a",)), item("c", deps=("b",)), item("d")], ROOMY)
    (problem,) = err.value.problems
    assert problem.code == "cycle"
    cycle = problem.params["cycle"]
    assert cycle[0] == cycle[-1] and set(cycle) == {"a", "b", "c"} and len(cycle) == 4
    assert "a -> c -> b -> a" in str(err.value)


def test_a_self_dependency_is_a_cycle():
    with pytest.raises(PlanError, match="a -> a"):
        schedule([item("a", deps=("a",))], ROOMY)


def test_find_cycle_ignores_nodes_outside_the_cycle():
    graph = {"x": ["a"], "a": ["b"], "b": ["a"]}
    assert find_cycle(graph, ["x", "a", "b"]) in (["a", "b", "a"], ["b", "a", "b"])


def test_bad_input_is_named_all_at_once_with_what_to_change():
    bad_phases = phases((0, 3, 0), (3, 12, 10))
    with pytest.raises(PlanError) as err:
        schedule([item("a", deps=("nowhere",)), item("long", months=30)], bad_phases, capabilities=["change.approval"])
    codes = sorted(p.code for p in err.value.problems)
    assert codes == ["longer_than_plan", "phase_no_capacity", "unknown_prerequisite"]
    message = str(err.value)
    assert "'nowhere'" in message and "P1 has no capacity" in message and "30 months" in message


def test_phases_must_follow_each_other():
    with pytest.raises(PlanError) as err:
        schedule([item("a")], phases((0, 3, 10), (4, 12, 10)))
    assert [p.code for p in err.value.problems] == ["phase_not_contiguous"]


def test_a_capability_prerequisite_waits_for_every_initiative_raising_it():
    plan = [item("obs1", months=2, caps=("obs",)), item("obs2", months=5, caps=("obs",)),
            item("alerts", caps=("alerting",), deps=("obs",))]
    s = schedule(plan, ROOMY, capabilities=["obs", "alerting"])
    assert set(s.item("alerts").depends_on) == {"obs1", "obs2"}
    assert s.item("alerts").start_month == 5


def test_a_capability_prerequisite_no_initiative_raises_is_met_but_flagged():
    s = schedule([item("alerts", caps=("alerting",), deps=("obs",))], ROOMY, capabilities=["obs", "alerting"])
    scheduled = s.item("alerts")
    assert scheduled.start_month == 0
    assert [f.code for f in scheduled.flags] == ["capability_prerequisite_unraised"]


def test_an_item_raising_the_capability_it_waits_for_does_not_wait_for_itself():
    s = schedule([item("a", caps=("obs",), deps=("obs",)), item("b", caps=("obs",), months=3)], ROOMY,
                 capabilities=["obs"])
    assert s.item("a").depends_on == ("b",)


def test_critical_path_is_the_chain_that_drives_the_end_date():
    plan = [item("a", months=2), item("b", months=3, deps=("a",)), item("c", months=1, deps=("b",)),
            item("side", months=1), item("short", months=1, deps=("a",))]
    s = schedule(plan, ROOMY)
    assert s.critical_path == ("a", "b", "c")
    assert s.end_month == 6
    assert {i.id for i in s.items if i.critical} == {"a", "b", "c"}
    assert s.item("side").slack == 5
    assert s.item("short").slack == 3


def test_a_pin_is_kept_and_a_pin_before_a_prerequisite_is_flagged_not_moved():
    s = schedule([item("a", months=4), item("b", deps=("a",), pinned_start=1.0)], ROOMY)
    b = s.item("b")
    assert b.pinned and b.start_month == 1
    (flag,) = b.flags
    assert flag.code == "pinned_before_prerequisite" and flag.params["ready"] == 4
    assert "month 4 or later" in flag.render("en")


def test_a_pin_over_capacity_is_flagged_and_others_make_room():
    plan = [item("free", effort=6, months=3), item("pinned", effort=6, months=3, pinned_start=0.0)]
    s = schedule(plan, phases((0, 3, 6), (3, 12, 100)))
    assert s.item("pinned").start_month == 0 and not s.item("pinned").flags
    assert s.item("free").start_month == 3  # the pin took the room first
    over = schedule([item("x", effort=6, months=3, pinned_start=0.0), item("y", effort=6, months=3, pinned_start=0.0)],
                    phases((0, 3, 6), (3, 12, 100)))
    assert {f.code for i in over.items for f in i.flags} == {"pinned_over_capacity"}
    assert over.phases[0].over


def test_dependents_of_a_pinned_item_start_after_it():
    s = schedule([item("a", months=2, pinned_start=6.0), item("b", deps=("a",))], ROOMY)
    assert s.item("b").start_month == 8


def test_a_deadline_missed_is_flagged():
    s = schedule([item("a", months=4), item("b", months=2, deps=("a",), deadline_month=5.0)], ROOMY)
    assert [f.code for f in s.item("b").flags] == ["past_deadline"]


def test_the_json_shape_holds_the_contract_fields():
    data = schedule([item("a"), item("b", deps=("a",))], ROOMY).to_dict()
    assert set(data["phases"][0]) >= {"id", "start_month", "end_month", "capacity", "load"}
    assert set(data["items"][0]) >= {"id", "phase", "start_month", "end_month", "effort", "depends_on", "critical"}
    assert data["unscheduled"] == []


def test_a_prerequisite_of_urgent_work_inherits_its_urgency():
    # "base" alone is the least urgent, but "urgent" waits for it: base must beat "middle" to the scarce P1.
    plan = [item("base", effort=6, months=3), item("urgent", effort=3, months=3, deps=("base",)),
            item("middle", effort=6, months=3)]
    s = schedule(plan, phases((0, 3, 6), (3, 6, 6), (6, 9, 6)), priority={"base": 0.1, "urgent": 9, "middle": 5})
    assert s.item("base").start_month == 0
    assert s.item("urgent").start_month == 3
    # middle comes last: P2 has 3 of 6 left, so it starts where its share of P2 fits (2 of its 6 pm)
    assert s.item("middle").start_month == 5


def test_no_capacity_names_what_is_free_in_each_phase():
    s = schedule([item("a", effort=6, months=3), item("b", effort=6, months=3)], phases((0, 3, 6), (3, 6, 4)),
                 priority={"a": 2})
    (u,) = s.unscheduled
    assert u.reason.code == "no_capacity" and u.reason.params["free"] == "P1 0, P2 4"
    assert "P1 0, P2 4" in u.reason.render("en") and "P1 0, P2 4" in u.reason.render("zh")
