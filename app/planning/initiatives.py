"""Initiatives for the open gaps: from the initiative library first, the model's recommendations next.

Generation rule:

- For every capability with a gap (in gap-rank order), every library initiative that
  raises that capability joins the plan; the library initiatives it depends on join too
  ("added because X needs it first"), since a roadmap whose first step is missing is no plan.
- A gap that no library initiative covers gets the model's recommendations for that
  capability whose step lies between the current level and the target
  (``from_level < target`` and ``to_level > current``), in level order, each depending
  on the step before it.
- Effort in person-months is the library's effort band as people working full time on
  it (low 1, medium 2, high 3) times its duration in months. Recommendations have no
  duration: short horizon 2 months, medium 4, long 6.
- The programme is the domain of the initiative's first capability; the owner role is
  the O&M manager until the consultant names someone; the build cost band follows the
  effort band, the yearly run cost starts low.

Impact/effort matrix: high impact is "high" impact; high effort is more than
``HIGH_EFFORT_PM`` person-months. Quick win: high impact, low effort; major project: high
impact, high effort; fill-in: low impact, low effort; thankless task: low impact, high effort.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.content.schema import MaturityModel, PlanningLibrary
from app.planning.gaps import GapAnalysis
from app.planning.model import Message, PlanInitiative, PlanObjective

FTE_BY_EFFORT = {"low": 1.0, "medium": 2.0, "high": 3.0}
MONTHS_BY_HORIZON = {"short": 2.0, "medium": 4.0, "long": 6.0}
HIGH_EFFORT_PM = 6.0
QUADRANTS = ("quick_win", "major_project", "fill_in", "thankless")
QUADRANT_NAMES = {
    "quick_win": {"en": "Quick wins", "zh": "速赢项"},
    "major_project": {"en": "Major projects", "zh": "重大项目"},
    "fill_in": {"en": "Fill-ins", "zh": "填充项"},
    "thankless": {"en": "Thankless tasks", "zh": "低效项"},
}


@dataclass(frozen=True)
class Generated:
    initiative: PlanInitiative
    reason: Message
    priority: float


def quadrant(initiative: PlanInitiative, high_effort: float = HIGH_EFFORT_PM) -> str:
    high_impact = initiative.impact == "high"
    heavy = initiative.effort > high_effort
    if high_impact:
        return "major_project" if heavy else "quick_win"
    return "thankless" if heavy else "fill_in"


def _domain_of(model: MaturityModel) -> dict[str, str]:
    return {c.id: d.id for d in model.domains for c in d.capabilities}


def _served(objectives: list[PlanObjective], domains: set[str], listed: Iterable[str]) -> tuple[str, ...]:
    listed = set(listed)
    return tuple(o.id for o in sorted(objectives, key=lambda o: (o.rank, o.id))
                 if o.id in listed or domains & set(o.domains))


def generate_initiatives(model: MaturityModel, library: PlanningLibrary | None, gaps: GapAnalysis,
                         objectives: Iterable[PlanObjective]) -> list[Generated]:
    objectives = list(objectives)
    domain_of = _domain_of(model)
    by_id = {i.id: i for i in library.initiatives} if library else {}
    by_capability: dict[str, list[str]] = {}
    for ini in by_id.values():
        for cap in ini.capabilities:
            by_capability.setdefault(cap, []).append(ini.id)
    priority: dict[str, float] = {}
    chosen: dict[str, Message] = {}
    rec_items: list[Generated] = []

    def add_library(ini_id: str, reason: Message, weight: float) -> None:
        priority[ini_id] = max(priority.get(ini_id, 0.0), weight)
        if ini_id in chosen:
            return
        chosen[ini_id] = reason
        for dep in by_id[ini_id].dependencies:
            if dep in by_id:
                add_library(dep, Message("added_as_prerequisite", {"prerequisite": ini_id}), weight)

    for gap in gaps.open:
        if by_capability.get(gap.subject_id):
            for ini_id in sorted(by_capability[gap.subject_id]):
                add_library(ini_id, Message("from_library", {"capability": gap.subject_id}), gap.priority)
            continue
        steps = sorted((r for r in model.recommendations if r.capability == gap.subject_id
                        and r.from_level < gap.target and r.to_level > (gap.current or 0)),
                       key=lambda r: (r.from_level, r.to_level, r.id))
        previous: str | None = None
        for rec in steps:
            fte = FTE_BY_EFFORT[rec.effort.value]
            months = MONTHS_BY_HORIZON[rec.horizon.value]
            deps = tuple(p for p in rec.prerequisites if any(s.id == p for s in steps))
            if previous and previous not in deps:
                deps = (previous, *deps)
            domain = domain_of.get(rec.capability, "")
            rec_items.append(Generated(PlanInitiative(
                id=rec.id, name={"en": rec.title.en, "zh": rec.title.zh}, capabilities=(rec.capability,),
                effort=fte * months, duration_months=months,
                description={"en": rec.description.en, "zh": rec.description.zh},
                objectives=_served(objectives, {domain}, ()), owner_role="om_manager", impact=rec.impact.value,
                cost_build=rec.effort.value, cost_run="low", depends_on=deps, programme=domain,
                source="recommendation", to_level=rec.to_level,
            ), Message("from_recommendation", {"capability": gap.subject_id}), gap.priority))
            previous = rec.id

    out: list[Generated] = []
    for ini_id, reason in chosen.items():
        ini = by_id[ini_id]
        domains = {domain_of[c] for c in ini.capabilities if c in domain_of}
        first = domain_of.get(ini.capabilities[0], "") if ini.capabilities else ""
        out.append(Generated(PlanInitiative(
            id=ini.id, name={"en": ini.name.en, "zh": ini.name.zh}, capabilities=tuple(ini.capabilities),
            effort=FTE_BY_EFFORT[ini.effort.value] * ini.duration_months, duration_months=ini.duration_months,
            description={"en": ini.description.en, "zh": ini.description.zh},
            objectives=_served(objectives, domains, ini.objectives), owner_role="om_manager",
            impact=ini.impact.value, cost_build=ini.effort.value, cost_run="low",
            depends_on=tuple(d for d in ini.dependencies if d in chosen), programme=first, source="library",
        ), reason, priority[ini_id]))
    out.extend(rec_items)
    out.sort(key=lambda g: (-g.priority, g.initiative.id))
    return out


def initiative_priority(initiatives: Iterable[PlanInitiative], gaps: GapAnalysis) -> dict[str, float]:
    """An initiative is as urgent as the most important gap among its capabilities (for the scheduler)."""
    out: dict[str, float] = {}
    for ini in initiatives:
        values = [g.priority for c in ini.capabilities if (g := gaps.capability(c)) is not None]
        out[ini.id] = max(values, default=0.0)
    return out


def matrix(initiatives: Iterable[PlanInitiative], high_effort: float = HIGH_EFFORT_PM) -> Mapping[str, list[str]]:
    out: dict[str, list[str]] = {q: [] for q in QUADRANTS}
    for ini in initiatives:
        out[quadrant(ini, high_effort)].append(ini.id)
    return out


def select_within(initiatives: Iterable[PlanInitiative], priority: Mapping[str, float],
                  budget: float) -> list[PlanInitiative]:
    """The initiatives worth most per person-month, each with its prerequisites, while their effort fits ``budget``.

    What a consultant does with a draft that asks for more work than the customer can
    staff: keep the most gap-weighted priority per person-month first (an initiative is
    costed with the prerequisites it still needs), never an initiative without its
    prerequisites, and leave the rest for a later plan. Order of the result: as given.
    """
    items = list(initiatives)
    by_id = {i.id: i for i in items}
    chosen: set[str] = set()
    spent = 0.0

    def closure(item_id: str, seen: set[str]) -> set[str]:
        if item_id in seen or item_id in chosen:
            return seen
        seen.add(item_id)
        for dep in by_id[item_id].depends_on:
            if dep in by_id:
                closure(dep, seen)
        return seen

    remaining = {i.id for i in items}
    while remaining:
        best, best_value, best_needed, best_cost = None, -1.0, set(), 0.0
        for item_id in sorted(remaining):
            needed = closure(item_id, set())
            cost = sum(by_id[i].effort for i in needed)
            value = priority.get(item_id, 0.0) / max(cost, 1e-9)
            if spent + cost <= budget + 1e-9 and value > best_value:
                best, best_value, best_needed, best_cost = item_id, value, needed, cost
        if best is None:
            break
        chosen |= best_needed
        spent += best_cost
        remaining -= chosen | {best}
    return [i for i in items if i.id in chosen]
