"""The maturity evolution path: the expected level per domain at the end of each phase.

Rule: a capability moves from its current level towards its target in proportion to
the effort of the initiatives raising it that are finished by the end of the phase,
over the effort of all initiatives in the plan that raise it (unscheduled ones
included, so a plan that cannot fit its work shows a target it does not reach). A
capability no initiative raises stays where it is; one not assessed stays unknown.
Domains roll up from capabilities with the model's capability weights over those with
a level, as the scoring does. Levels are rounded once, half-up to two decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.content.schema import MaturityModel
from app.planning.model import PlanInitiative
from app.planning.roadmap import Schedule


def round_level(value: float | None) -> float | None:
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class EvolutionStep:
    phase: str  # "" for the starting point
    month: float
    domains: Mapping[str, float | None]
    capabilities: Mapping[str, float | None]


def evolution_path(model: MaturityModel, current: Mapping[str, float | None], targets: Mapping[str, int],
                   initiatives: Iterable[PlanInitiative], schedule: Schedule) -> list[EvolutionStep]:
    items = list(initiatives)
    total: dict[str, float] = {}
    raisers: dict[str, list[PlanInitiative]] = {}
    for ini in items:
        for cap in ini.capabilities:
            total[cap] = total.get(cap, 0.0) + max(ini.effort, 1e-9)
            raisers.setdefault(cap, []).append(ini)

    def step(phase_id: str, month: float | None) -> EvolutionStep:
        caps: dict[str, float | None] = {}
        domains: dict[str, float | None] = {}
        for domain in model.domains:
            weighted, weights = 0.0, 0.0
            for cap in domain.capabilities:
                level = current.get(cap.id)
                if level is not None and month is not None and cap.id in raisers:
                    done = sum(max(i.effort, 1e-9) for i in raisers[cap.id]
                               if (s := schedule.item(i.id)) is not None and s.end_month <= month + 1e-6)
                    target = targets.get(cap.id, model.scoring.default_target)
                    if target > level:
                        level = level + (target - level) * done / total[cap.id]
                caps[cap.id] = round_level(level)
                if level is not None:
                    weighted += level * cap.weight
                    weights += cap.weight
            domains[domain.id] = round_level(weighted / weights) if weights else None
        return EvolutionStep(phase_id, month or 0.0, domains, caps)

    return [step("", None)] + [step(p.id, p.end_month) for p in schedule.phases]
