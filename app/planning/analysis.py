"""One plan in, everything derived from it out: the entry point screens, CLI and reports share.

``draft_plan`` makes the first plan of an engagement from the workshop and the scores;
``analyse_plan`` recomputes gaps, the schedule, the evolution path and the matrix from a
(possibly edited) plan, so every view shows the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from app.content.schema import MaturityModel, PlanningLibrary
from app.planning.evolution import EvolutionStep, evolution_path
from app.planning.gaps import GapAnalysis, analyse_gaps
from app.planning.initiatives import generate_initiatives, initiative_priority, matrix
from app.planning.model import (
    Department,
    Message,
    Plan,
    PlanError,
    PlanInitiative,
    default_phases,
)
from app.planning.roadmap import Schedule, schedule
from app.planning.scopes import CrossLink, cross_scope_links
from app.planning.targets import check_targets, propose_targets
from app.planning.workshop import WorkshopDecisions


@dataclass(frozen=True)
class PlanAnalysis:
    plan: Plan
    gaps: GapAnalysis
    schedule: Schedule
    evolution: tuple[EvolutionStep, ...]
    matrix: Mapping[str, list[str]]
    cross_links: tuple[CrossLink, ...]
    department_gaps: Mapping[str, GapAnalysis]
    generated_reasons: Mapping[str, Message]


def targets_by_subject(plan: Plan) -> dict[str, int]:
    return {t.subject_id: t.level for t in plan.targets}


def draft_plan(model: MaturityModel, library: PlanningLibrary | None, workshop: WorkshopDecisions,
               current: Mapping[str, float | None], size: str = "medium",
               departments: Iterable[Department] = ()) -> tuple[Plan, dict[str, Message]]:
    """The first plan: workshop objectives and constraints, proposed targets, generated initiatives."""
    targets = propose_targets(model, workshop.objectives, current, workshop.domain_targets)
    gaps = analyse_gaps(model, current, {t.subject_id: t.level for t in targets}, workshop.objectives)
    generated = generate_initiatives(model, library, gaps, workshop.objectives)
    plan = Plan(model_id=model.id, objectives=workshop.objectives, constraints=workshop.constraints,
                targets=tuple(targets), initiatives=tuple(g.initiative for g in generated),
                phases=tuple(default_phases(size, workshop.constraints.horizon_months)),
                departments=tuple(departments), size=size,
                library_id=library.id if library else "", library_version=library.version if library else "")
    return plan, {g.initiative.id: g.reason for g in generated}


def check_plan(plan: Plan, model: MaturityModel, current: Mapping[str, float | None]) -> None:
    """Every problem that stops the plan from being saved, named at once (PlanError)."""
    problems = check_targets(model, plan.targets, current)
    try:
        schedule(plan.initiatives, plan.phases, _capability_ids(model))
    except PlanError as exc:
        problems.extend(exc.problems)
    known = {d.id for d in plan.departments}
    problems.extend(Message("unknown_scope", {"item": i.id, "scope": i.scope})
                    for i in plan.initiatives if i.scope and i.scope not in known)
    if problems:
        raise PlanError(problems)


def _capability_ids(model: MaturityModel) -> list[str]:
    return [c.id for d in model.domains for c in d.capabilities]


def analyse_plan(plan: Plan, model: MaturityModel, current: Mapping[str, float | None],
                 department_current: Mapping[str, Mapping[str, float | None]] | None = None,
                 reasons: Mapping[str, Message] | None = None) -> PlanAnalysis:
    targets = targets_by_subject(plan)
    gaps = analyse_gaps(model, current, targets, plan.objectives)
    result = schedule(plan.initiatives, plan.phases, _capability_ids(model), scheduling_priority(plan, gaps))
    evolution = evolution_path(model, current, targets, plan.initiatives, result)
    department_gaps = {d: analyse_gaps(model, levels, targets, plan.objectives)
                       for d, levels in (department_current or {}).items()}
    return PlanAnalysis(plan, gaps, result, tuple(evolution), matrix(plan.initiatives),
                        tuple(cross_scope_links(plan.initiatives, result)), department_gaps, dict(reasons or {}))


def scheduling_priority(plan: Plan, gaps: GapAnalysis) -> dict[str, float]:
    """Weighted shortest job first: an initiative's gap priority per person-month of effort.

    Among the initiatives ready to start, the one that closes the most important gap per
    person-month gets the scarce early capacity, so the quick wins the executives expect
    in the first months are not queued behind a two-year platform build; a prerequisite
    inherits the urgency of what waits for it (see the scheduler).
    """
    gap_priority = initiative_priority(plan.initiatives, gaps)
    return {i.id: gap_priority[i.id] / max(i.effort, 1.0) for i in plan.initiatives}


def move_initiative(plan: Plan, initiative_id: str, start_month: float | None) -> Plan:
    """Pin an initiative at a month (None unpins it): the scheduler keeps it there and flags conflicts."""
    return plan.with_initiative(replace(plan.initiative(initiative_id), pinned_start=start_month))


def initiative_names(plan: Plan, lang: str) -> dict[str, str]:
    from app.planning.model import text

    return {i.id: text(i.name, lang) for i in plan.initiatives}


__all__ = ["PlanAnalysis", "PlanInitiative", "analyse_plan", "check_plan", "draft_plan", "move_initiative"]
