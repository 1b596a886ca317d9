"""Initiative generation, the impact/effort matrix, the evolution path, scopes, the workshop and the document."""

from __future__ import annotations

import pytest

from app.content.schema import Initiative, Objective, PlanningLibrary, Rating, Text
from app.planning.analysis import analyse_plan, check_plan, draft_plan, move_initiative
from app.planning.evolution import evolution_path, round_level
from app.planning.gaps import analyse_gaps
from app.planning.initiatives import generate_initiatives, quadrant
from app.planning.model import Department, Plan, PlanError, PlanObjective
from app.planning.roadmap import schedule
from app.planning.scopes import cross_scope_links, department_items
from app.planning.workshop import WorkshopDecisions
from tests.planning.conftest import item, phases

T = Text(en="t", zh="t")


def library(*initiatives: Initiative) -> PlanningLibrary:
    return PlanningLibrary(kind="planning_library", id="lib", version="1", name=T, model="mini",
                           objectives=(Objective(id="obj.safer", name=T, description=T, domains=("change",)),),
                           initiatives=initiatives)


def lib_item(iid: str, caps: tuple[str, ...], deps: tuple[str, ...] = (), effort: str = "medium",
             months: float = 3) -> Initiative:
    return Initiative(id=iid, name=Text(en=iid, zh=iid), description=T, capabilities=caps, effort=Rating(effort),
                      impact=Rating.HIGH, duration_months=months, dependencies=deps)


CURRENT = {"change": 1.5, "change.approval": 2.0, "change.rollback": 1.0, "incident": 2.0, "incident.response": 2.0}
TARGETS = {"change": 3, "change.approval": 3, "change.rollback": 3, "incident": 2, "incident.response": 2}


def test_library_initiatives_cover_gaps_and_bring_their_prerequisites(mini_model):
    lib = library(lib_item("ini.rollback", ("change.rollback",), deps=("ini.base",)),
                  lib_item("ini.base", ("incident.response",), effort="high", months=4),
                  lib_item("ini.unrelated", ("incident.response",)))
    gaps = analyse_gaps(mini_model, CURRENT, TARGETS, [])
    generated = {g.initiative.id: g for g in generate_initiatives(mini_model, lib, gaps, [])}
    assert set(generated) == {"ini.rollback", "ini.base", "rec.change.models"}
    assert generated["ini.base"].reason.code == "added_as_prerequisite"
    assert generated["ini.rollback"].initiative.depends_on == ("ini.base",)
    assert generated["ini.base"].initiative.effort == 12  # high = 3 people x 4 months
    assert generated["ini.rollback"].initiative.programme == "change"
    # change.approval has no library initiative: the model's recommendation 2 -> 3 fills it
    rec = generated["rec.change.models"]
    assert rec.reason.code == "from_recommendation" and rec.initiative.to_level == 3
    assert rec.initiative.effort == 4 and rec.initiative.duration_months == 2  # medium, short horizon


def test_no_gap_no_initiative(mini_model):
    lib = library(lib_item("ini.rollback", ("change.rollback",)))
    done = {k: 3.0 for k in CURRENT}
    assert generate_initiatives(mini_model, lib, analyse_gaps(mini_model, done, TARGETS, []), []) == []


def test_quadrants_of_the_impact_effort_matrix():
    assert quadrant(item("a", effort=3, impact="high")) == "quick_win"
    assert quadrant(item("a", effort=12, impact="high")) == "major_project"
    assert quadrant(item("a", effort=3, impact="medium")) == "fill_in"
    assert quadrant(item("a", effort=12, impact="low")) == "thankless"


def test_evolution_moves_each_capability_by_the_share_of_its_work_done(mini_model):
    plan = [item("r1", effort=2, months=2, caps=("change.rollback",)),
            item("r2", effort=6, months=3, caps=("change.rollback",), deps=("r1",)),
            item("a1", effort=4, months=10, caps=("change.approval",))]
    s = schedule(plan, phases((0, 3, 100), (3, 12, 100)))
    start, p1, p2 = evolution_path(mini_model, CURRENT, TARGETS, plan, s)
    assert start.capabilities["change.rollback"] == 1.0
    # after P1 (month 3): r1 done = 2 of 8 pm -> 1 + 2 x 2/8 = 1.5; a1 runs to month 10
    assert p1.capabilities["change.rollback"] == 1.5 and p1.capabilities["change.approval"] == 2.0
    assert p2.capabilities["change.rollback"] == 3.0 and p2.capabilities["change.approval"] == 3.0
    # domain: weighted 1 (approval) : 3 (rollback)
    assert p1.domains["change"] == round_level((2.0 * 1 + 1.5 * 3) / 4)
    assert p2.domains["incident"] == 2.0  # nothing raises it
    assert round_level(2.675) == 2.68  # half-up, not banker's


def test_department_roadmap_and_cross_scope_links():
    plan = [item("core", months=3), item("pay", deps=("core",), scope="payments"),
            item("cards", deps=("pay",), scope="cards"), item("loose", scope="cards")]
    s = schedule(plan, phases((0, 12, 100)))
    assert department_items(plan, s, "payments") == ["core", "pay"]
    # cards waits for payments' item, which belongs to another department: the programme view shows it
    assert department_items(plan, s, "cards") == ["loose", "cards"]
    links = cross_scope_links(plan, s)
    assert [(c.item, c.prerequisite) for c in links] == [("cards", "pay"), ("pay", "core")]
    assert all(c.at_risk for c in links)  # each starts the month its prerequisite ends


def test_a_department_roadmap_holds_its_items_and_the_org_wide_ones_they_wait_for():
    plan = [item("core", months=3), item("other", months=1), item("pay", deps=("core",), scope="payments")]
    s = schedule(plan, phases((0, 12, 100)))
    assert department_items(plan, s, "payments") == ["core", "pay"]


def test_draft_and_analyse_a_plan_end_to_end(mini_model):
    lib = library(lib_item("ini.rollback", ("change.rollback",)))
    objective = PlanObjective("obj.safer", {"en": "Safer"}, 1, ("change",))
    plan, reasons = draft_plan(mini_model, lib, WorkshopDecisions((objective,), domain_targets={"incident": 3}),
                               CURRENT, "medium")
    assert [p.id for p in plan.phases] == ["P1", "P2", "P3"]
    assert plan.target("incident").reason.code == "target_workshop"
    assert plan.target("change").reason.params == {"objective": "obj.safer", "level": 3}
    result = analyse_plan(plan, mini_model, CURRENT, reasons=reasons)
    assert {i.id for i in result.schedule.items} == {i.id for i in plan.initiatives}
    assert result.evolution[-1].capabilities["change.rollback"] == 3.0
    check_plan(plan, mini_model, CURRENT)  # a drafted plan is valid


def test_check_plan_names_every_problem(mini_model):
    plan = Plan("mini", initiatives=(item("a", deps=("ghost",), scope="nowhere"),),
                phases=tuple(phases((0, 3, 0))), targets=())
    plan = plan.with_initiative(item("b", months=40))
    with pytest.raises(PlanError) as err:
        check_plan(plan, mini_model, CURRENT)
    assert sorted(p.code for p in err.value.problems) == ["longer_than_plan", "phase_no_capacity",
                                                          "unknown_prerequisite", "unknown_scope"]


def test_moving_an_item_pins_it_and_the_conflict_is_flagged(mini_model):
    plan = Plan("mini", initiatives=(item("a", months=4), item("b", deps=("a",))),
                phases=tuple(phases((0, 12, 100))))
    moved = move_initiative(plan, "b", 1.0)
    result = analyse_plan(moved, mini_model, CURRENT)
    assert result.schedule.item("b").start_month == 1
    assert result.schedule.item("b").flags[0].code == "pinned_before_prerequisite"
    assert analyse_plan(move_initiative(moved, "b", None), mini_model, CURRENT).schedule.item("b").start_month == 4


def test_the_plan_document_round_trips(mini_model):
    lib = library(lib_item("ini.rollback", ("change.rollback",)))
    objective = PlanObjective("obj.safer", {"en": "Safer", "zh": "更安全"}, 1, ("change",), target_level=4)
    plan, _ = draft_plan(mini_model, lib, WorkshopDecisions((objective,)), CURRENT, "large",
                         [Department("payments", "Payments")])
    plan = move_initiative(plan, "ini.rollback", 2.0)
    again = Plan.from_dict(plan.to_dict())
    assert again == plan
    assert again.to_dict()["schema"] == 1


def test_a_newer_plan_document_is_refused_clearly():
    from app.errors import UserError

    with pytest.raises(UserError, match="newer version"):
        Plan.from_dict({"schema": 99, "model_id": "x"})


def test_select_within_keeps_the_most_urgent_with_their_prerequisites():
    from app.planning.initiatives import select_within

    plan = [item("base", effort=4), item("top", effort=3, deps=("base",)), item("mid", effort=5),
            item("low", effort=1)]
    chosen = select_within(plan, {"top": 9, "mid": 5, "low": 1, "base": 0}, budget=8)
    assert [i.id for i in chosen] == ["base", "top", "low"]  # mid (5) no longer fits after 7; low (1) does
    assert select_within(plan, {"top": 9}, budget=2) == [item("low", effort=1)]
