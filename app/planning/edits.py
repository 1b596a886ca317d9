"""Edits of a plan that touch more than one field, as pure functions: plan in, plan out.

The Planning tab turns each of these into one undoable command; the command line and
tests call them directly. Each keeps the plan consistent by itself, so a removal never
leaves a dangling reference for the checks to refuse:

- removing an initiative takes it out of every other initiative's prerequisites;
- removing an objective re-ranks the rest (1..n) and takes it off the initiatives it served;
- removing a business department puts its initiatives back in the organisation-wide scope;
- changing the plan length keeps the phases that fit, cuts the one that crosses the new
  end, and adds yearly phases after the last one at the improvement rate (person-months
  per month) of the last phase kept.

A value that cannot be right raises ``PlanInputError`` naming the field and what to type;
the plan is left as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from app.errors import UserError
from app.planning.model import Deadline, Department, Phase, Plan, PlanInitiative, PlanObjective, text

MIN_HORIZON, MAX_HORIZON = 3, 120


class PlanInputError(UserError, ValueError):
    """A typed value the plan cannot take; the message names the field and what to type."""


def _next_id(prefix: str, taken: Iterable[str]) -> str:
    used = set(taken)
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


# --- objectives --------------------------------------------------------------------------------


def add_objective(plan: Plan, name: Mapping[str, str], domains: Iterable[str] = ()) -> tuple[Plan, str]:
    """A free-text objective ranked last; returns the plan and the new objective's id."""
    label = {k: v.strip() for k, v in name.items() if v and v.strip()}
    if not label:
        raise PlanInputError("objective: give it a name")
    new_id = _next_id("custom.obj.", (o.id for o in plan.objectives))
    rank = max((o.rank for o in plan.objectives), default=0) + 1
    objective = PlanObjective(new_id, label, rank, tuple(domains), source="custom")
    return replace(plan, objectives=(*plan.objectives, objective)), new_id


def remove_objective(plan: Plan, objective_id: str) -> Plan:
    kept = sorted((o for o in plan.objectives if o.id != objective_id), key=lambda o: o.rank)
    objectives = tuple(replace(o, rank=n + 1) for n, o in enumerate(kept))
    initiatives = tuple(replace(i, objectives=tuple(x for x in i.objectives if x != objective_id))
                        if objective_id in i.objectives else i for i in plan.initiatives)
    return replace(plan, objectives=objectives, initiatives=initiatives)


def replace_objective(plan: Plan, objective: PlanObjective) -> Plan:
    return replace(plan, objectives=tuple(objective if o.id == objective.id else o for o in plan.objectives))


# --- initiatives -------------------------------------------------------------------------------


def add_initiative(plan: Plan, name: Mapping[str, str], capabilities: Iterable[str], programme: str = "", *,
                   effort: float = 2.0, months: float = 2.0, scope: str = "") -> tuple[Plan, str]:
    """A custom initiative (name in English and Chinese) at the end; returns the plan and its id."""
    label = {k: v.strip() for k, v in name.items() if v and v.strip()}
    if not label:
        raise PlanInputError("initiative: give it a name")
    new_id = _next_id("custom.ini.", (i.id for i in plan.initiatives))
    item = PlanInitiative(new_id, label, tuple(capabilities), float(effort), float(months), programme=programme,
                          scope=scope, source="custom")
    return replace(plan, initiatives=(*plan.initiatives, item)), new_id


def remove_initiative(plan: Plan, initiative_id: str) -> tuple[Plan, list[str]]:
    """The plan without it; also returns the initiatives that waited for it (no longer do)."""
    freed: list[str] = []
    items: list[PlanInitiative] = []
    for i in plan.initiatives:
        if i.id == initiative_id:
            continue
        if initiative_id in i.depends_on:
            freed.append(i.id)
            i = replace(i, depends_on=tuple(d for d in i.depends_on if d != initiative_id))
        items.append(i)
    return replace(plan, initiatives=tuple(items)), freed


def set_name(label: Mapping[str, str], lang: str, value: str, field: str) -> dict[str, str]:
    value = value.strip()
    if not value:
        raise PlanInputError(f"{field}: a name cannot be empty")
    return {**label, lang: value}


def parse_references(value: str, plan: Plan, capability_names: Mapping[str, str], field: str) -> tuple[str, ...]:
    """Prerequisites typed as initiative numbers (``3, 7``), initiative ids, or capability ids or names."""
    numbers = {str(n + 1): i.id for n, i in enumerate(plan.initiatives)}
    ids = {i.id for i in plan.initiatives}
    by_name = {v.strip().lower(): k for k, v in capability_names.items()}
    by_name.update({text(i.name, "en").strip().lower(): i.id for i in plan.initiatives})
    by_name.update({text(i.name, "zh").strip().lower(): i.id for i in plan.initiatives})
    def find(part: str) -> str | None:
        return numbers.get(part.lstrip("#")) or (part if part in ids or part in capability_names else None) \
            or by_name.get(part.lower())

    out: list[str] = []
    for ref, part in _match(value, find):
        if ref is None:
            raise PlanInputError(f"{field}: '{part}' is neither an initiative number, an initiative nor a "
                                 "capability; type the numbers of the initiatives it waits for, e.g. 3, 7")
        if ref not in out:
            out.append(ref)
    return tuple(out)


def parse_subjects(value: str, names: Mapping[str, str], field: str, what: str) -> tuple[str, ...]:
    """Domains or capabilities typed by name or id, separated by commas."""
    by_name = {v.strip().lower(): k for k, v in names.items()}
    out: list[str] = []
    for ref, part in _match(value, lambda p: p if p in names else by_name.get(p.lower())):
        if ref is None:
            raise PlanInputError(f"{field}: no {what} '{part}'; type names as the Targets page shows them, "
                                 "separated by commas")
        if ref not in out:
            out.append(ref)
    return tuple(out)


def _match(value: str, find) -> list[tuple[str | None, str]]:
    """Split a typed list, joining pieces again where a name itself holds a comma (longest match first)."""
    parts = _split(value)
    out: list[tuple[str | None, str]] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            joined = parts[i:j]
            ref = next((r for r in (find(", ".join(joined)), find(",".join(joined)), find("、".join(joined)))
                        if r is not None), None)
            if ref is not None:
                out.append((ref, ", ".join(joined)))
                i = j
                break
        else:
            out.append((None, parts[i]))
            i += 1
    return out


def _split(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,，、;；]", value) if p.strip()]


def parse_month(value: str, field: str, *, allow_empty: bool = True) -> float | None:
    value = value.strip().replace(",", ".")
    if not value:
        if allow_empty:
            return None
        raise PlanInputError(f"{field}: type a month number")
    try:
        month = float(value)
    except ValueError:
        raise PlanInputError(f"{field}: '{value}' is not a month number; type e.g. 9 for the ninth month") from None
    if month != month or month < 0 or month > MAX_HORIZON:
        raise PlanInputError(f"{field}: {value} is outside 0-{MAX_HORIZON} months")
    return month


# --- constraints -------------------------------------------------------------------------------


def parse_deadlines(value: str, field: str = "deadlines") -> tuple[Deadline, ...]:
    """``Regulator's inspection: 9; Peak season: 11`` -> deadlines (label, month)."""
    out: list[Deadline] = []
    for part in re.split(r"[;；\n]", value):
        part = part.strip()
        if not part:
            continue
        label, sep, month = part.rpartition(":") if ":" in part else part.rpartition("：")
        if not sep or not label.strip():
            raise PlanInputError(f"{field}: write each deadline as 'what: month', e.g. 'Audit: 9'; "
                                 f"'{part}' has no month")
        parsed = parse_month(month, f"{field} ({label.strip()})", allow_empty=False)
        out.append(Deadline(label.strip(), float(parsed or 0)))
    return tuple(out)


def format_deadlines(deadlines: Iterable[Deadline]) -> str:
    return "; ".join(f"{d.label}: {d.month:g}" for d in deadlines)


def with_horizon(plan: Plan, months: float) -> Plan:
    """The plan over ``months``: phases that fit are kept, the crossing one cut, yearly phases added."""
    if months != int(months) or not MIN_HORIZON <= months <= MAX_HORIZON:
        raise PlanInputError(f"plan length: {months:g} months; type a whole number of months from "
                             f"{MIN_HORIZON} to {MAX_HORIZON}")
    horizon = float(months)
    phases: list[Phase] = []
    for p in sorted(plan.phases, key=lambda p: p.start_month):
        if p.start_month >= horizon:
            break
        if p.end_month > horizon:
            rate = p.capacity / p.months if p.months else 0.0
            p = replace(p, end_month=horizon, capacity=round(rate * (horizon - p.start_month), 1))
        phases.append(p)
    rate = phases[-1].capacity / phases[-1].months if phases and phases[-1].months else 0.0
    start = phases[-1].end_month if phases else 0.0
    while start < horizon:
        end = min(start + 12.0, horizon)
        new_id = _next_id("P", (p.id for p in phases))
        phases.append(Phase(new_id, {"en": f"Sustain ({start:g}-{end:g} months)",
                                     "zh": f"持续改进（{start:g}-{end:g}个月）"}, start, end,
                            round(rate * (end - start), 1) or 1.0))
        start = end
    constraints = replace(plan.constraints, horizon_months=int(months))
    return replace(plan, phases=tuple(phases), constraints=constraints)


def with_phase_end(plan: Plan, phase_id: str, end: float) -> Plan:
    """Move a phase's end (and the next phase's start with it); the last phase's end is the plan's length."""
    phases = list(plan.phases)
    n = next(k for k, p in enumerate(phases) if p.id == phase_id)
    phase = phases[n]
    if end <= phase.start_month:
        raise PlanInputError(f"phase {phase_id} end: month {end:g} is not after its start at month "
                             f"{phase.start_month:g}")
    if n + 1 < len(phases) and end >= phases[n + 1].end_month:
        raise PlanInputError(f"phase {phase_id} end: month {end:g} would swallow phase {phases[n + 1].id} "
                             f"(ends at month {phases[n + 1].end_month:g}); remove that phase or end this one earlier")
    phases[n] = replace(phase, end_month=end)
    if n + 1 < len(phases):
        phases[n + 1] = replace(phases[n + 1], start_month=end)
        return replace(plan, phases=tuple(phases))
    return with_horizon(replace(plan, phases=tuple(phases)), end)


# --- business departments (Large) --------------------------------------------------------------------


def add_department(plan: Plan, name: str) -> tuple[Plan, str]:
    name = name.strip()
    if not name:
        raise PlanInputError("department: give it a name")
    if any(d.name.strip().lower() == name.lower() for d in plan.departments):
        raise PlanInputError(f"department: '{name}' is already listed")
    new_id = _next_id("dept", (d.id for d in plan.departments))
    return replace(plan, departments=(*plan.departments, Department(new_id, name))), new_id


def rename_department(plan: Plan, department_id: str, name: str) -> Plan:
    name = name.strip()
    if not name:
        raise PlanInputError("department: a name cannot be empty")
    if any(d.id != department_id and d.name.strip().lower() == name.lower() for d in plan.departments):
        raise PlanInputError(f"department: '{name}' is already listed")
    return replace(plan, departments=tuple(Department(d.id, name) if d.id == department_id else d
                                           for d in plan.departments))


def remove_department(plan: Plan, department_id: str) -> Plan:
    """The department goes; its initiatives become organisation-wide."""
    return replace(plan, departments=tuple(d for d in plan.departments if d.id != department_id),
                   initiatives=tuple(replace(i, scope="") if i.scope == department_id else i
                                     for i in plan.initiatives))


# --- the roadmap ---------------------------------------------------------------------------------


def nudge_start(plan: Plan, initiative_id: str, start: float, *, plan_end: float) -> tuple[Plan, float]:
    """Pin an initiative at ``start`` (a whole month, kept inside the plan); returns the plan and the month.

    The start is rounded to a whole month and kept between month 0 and the last month the
    initiative can start and still end with the plan; prerequisites and capacity are *not*
    enforced here: the scheduler flags a pin that breaks them, so the consultant sees why.
    """
    item = plan.initiative(initiative_id)
    latest = max(0.0, plan_end - item.duration_months)
    month = float(min(max(0.0, round(start)), latest))
    return plan.with_initiative(replace(item, pinned_start=month)), month


__all__ = [
    "PlanInputError",
    "add_department",
    "add_initiative",
    "add_objective",
    "format_deadlines",
    "nudge_start",
    "parse_deadlines",
    "parse_month",
    "parse_references",
    "parse_subjects",
    "remove_department",
    "remove_initiative",
    "remove_objective",
    "rename_department",
    "replace_objective",
    "set_name",
    "with_horizon",
    "with_phase_end",
]
