"""Target proposal, the below-current check and the gap ranking on the mini model (hand-computed)."""

from __future__ import annotations

import pytest

from app.planning.gaps import analyse_gaps
from app.planning.model import PlanObjective, objective_weights
from app.planning.targets import check_targets, propose_targets


def objective(oid: str, rank: int, domains: tuple[str, ...], level: int | None = None) -> PlanObjective:
    return PlanObjective(oid, {"en": oid.title(), "zh": oid}, rank, domains, target_level=level)


def by_id(targets):
    return {t.subject_id: t for t in targets}


def test_workshop_answer_wins_over_objectives(mini_model):
    t = by_id(propose_targets(mini_model, [objective("safer", 1, ("change",), 4)], {"change": 1.5},
                              workshop={"change": 2}))
    assert t["change"].level == 2 and t["change"].reason.code == "target_workshop"


def test_objective_proposal_names_the_objective_and_the_level(mini_model):
    objectives = [objective("fewer", 2, ("change",)), objective("cost", 3, ("change",), 4)]
    t = by_id(propose_targets(mini_model, objectives, {"change": 1.4, "incident": 2.0}))
    assert t["change"].level == 4  # the highest level an objective needs
    assert t["change"].reason.params["objective"] == "cost"
    assert t["change"].reason.render("en") == "proposed 4 because objective 'cost' needs change at 4"
    default = by_id(propose_targets(mini_model, [objective("fewer", 1, ("change",))], {"change": 1.4}))
    assert default["change"].level == 3  # the model's default target
    assert default["change"].reason.render("en", ) == "proposed 3 because objective 'fewer' needs change at 3"
    from app.planning.messages import render
    assert render(default["change"].reason, "en", {"fewer": "Fewer major incidents"}) == \
        "proposed 3 because objective 'Fewer major incidents' needs change at 3"


def test_no_objective_holds_the_level_reached_and_unassessed_gets_the_default(mini_model):
    t = by_id(propose_targets(mini_model, [], {"change": 2.6, "incident": None}))
    assert (t["change"].level, t["change"].reason.code) == (2, "target_hold")
    assert (t["incident"].level, t["incident"].reason.code) == (3, "target_default")


def test_a_proposal_never_goes_below_the_level_reached(mini_model):
    t = by_id(propose_targets(mini_model, [objective("o", 1, ("change",), 2)], {"change": 3.5, "change.rollback": 4.2}))
    assert t["change"].level == 3 and t["change"].reason.code == "target_raised_to_current"
    assert t["change.approval"].level == 3 and t["change.approval"].reason.code == "target_from_domain"
    assert t["change.rollback"].level == 4


def test_edited_targets_are_kept_with_a_fresh_proposal(mini_model):
    first = propose_targets(mini_model, [], {"change": 1.0})
    edited = [t if t.subject_id != "change" else type(t)(t.subject_id, t.kind, 5, t.proposed, t.reason) for t in first]
    again = by_id(propose_targets(mini_model, [objective("o", 1, ("change",))], {"change": 1.0}, keep=edited))
    assert again["change"].level == 5 and again["change"].proposed == 3 and again["change"].edited


def test_targets_below_current_are_named_with_the_minimum(mini_model):
    targets = propose_targets(mini_model, [], {"change": 2.6})
    lowered = [type(t)(t.subject_id, t.kind, 1 if t.subject_id == "change" else t.level, t.proposed, t.reason)
               for t in targets]
    (problem,) = check_targets(mini_model, lowered, {"change": 2.6})
    assert problem.code == "target_below_current"
    assert problem.render("en") == "the target 1 for change is below its current level 2.6: set it to 2 or higher"
    assert check_targets(mini_model, targets, {"change": 2.6}) == []
    off = [type(t)(t.subject_id, t.kind, 9, t.proposed, t.reason) for t in targets[:1]]
    assert check_targets(mini_model, off, {})[0].code == "target_outside_scale"


def test_objective_weights_follow_rank():
    w = objective_weights([objective("c", 3, ()), objective("a", 1, ()), objective("b", 2, ())])
    assert w == pytest.approx({"a": 3 / 6, "b": 2 / 6, "c": 1 / 6})


def test_gaps_are_ranked_by_size_times_the_weight_of_the_objectives_they_serve(mini_model):
    current = {"change": 2.0, "change.approval": 2.0, "change.rollback": 1.5, "incident": 1.0,
               "incident.response": 1.0}
    targets = {"change": 3, "change.approval": 3, "change.rollback": 3, "incident": 3, "incident.response": 3}
    objectives = [objective("safer", 1, ("change",)), objective("fast", 2, ("incident",))]
    gaps = analyse_gaps(mini_model, current, targets, objectives)
    rows = {g.subject_id: g for g in gaps.capabilities}
    # change.rollback: gap 1.5 x (1 + 2/3) = 2.5; incident.response: 2 x (1 + 1/3) = 2.667;
    # change.approval: 1 x (1 + 2/3) = 1.667
    assert rows["change.rollback"].priority == pytest.approx(2.5)
    assert rows["incident.response"].priority == pytest.approx(2.6667, abs=1e-4)
    assert rows["change.approval"].priority == pytest.approx(1.6667, abs=1e-4)
    assert [g.subject_id for g in gaps.capabilities] == ["incident.response", "change.rollback", "change.approval"]
    assert [g.rank for g in gaps.capabilities] == [1, 2, 3]
    assert rows["change.rollback"].objectives == ("safer",)
    # with the objectives swapped the weights swap and the ranking follows
    swapped = analyse_gaps(mini_model, current, targets, [objective("safer", 2, ("change",)),
                                                           objective("fast", 1, ("incident",))])
    assert swapped.capabilities[0].subject_id == "incident.response"
    assert swapped.capability("change.rollback").priority == pytest.approx(2.0)


def test_a_gap_is_never_negative_and_unassessed_subjects_come_last(mini_model):
    gaps = analyse_gaps(mini_model, {"change.approval": 4.0, "change.rollback": 2.0}, {"change.approval": 3,
                                                                                    "change.rollback": 3}, [])
    assert gaps.capability("change.approval").gap == 0
    assert gaps.capabilities[-1].subject_id == "incident.response" and gaps.capabilities[-1].gap is None
    assert [g.subject_id for g in gaps.open] == ["change.rollback"]
