"""Gap analysis: current against target per capability and domain, ranked.

Ranking rule: ``priority = gap x (1 + w)``, where ``gap`` is target minus current (never
below 0) and ``w`` is the summed weight of the agreed objectives that serve the gap's
domain (objective weights sum to 1, see ``objective_weights``). A gap no objective serves
keeps its size; a gap the first of three objectives serves counts 1.5 times its size.
Ties go to the larger gap, then the heavier objectives, then the id. Subjects not assessed
have no gap and are listed last, so the gap table never hides them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.content.schema import MaturityModel
from app.planning.model import PlanObjective, objective_weights


@dataclass(frozen=True)
class Gap:
    subject_id: str
    kind: str  # "domain" | "capability"
    domain_id: str
    current: float | None
    target: int
    gap: float | None
    objectives: tuple[str, ...]
    objective_weight: float
    priority: float
    rank: int = 0


@dataclass(frozen=True)
class GapAnalysis:
    domains: tuple[Gap, ...]
    capabilities: tuple[Gap, ...]

    def capability(self, capability_id: str) -> Gap | None:
        return next((g for g in self.capabilities if g.subject_id == capability_id), None)

    def domain(self, domain_id: str) -> Gap | None:
        return next((g for g in self.domains if g.subject_id == domain_id), None)

    @property
    def open(self) -> list[Gap]:
        """Capabilities with something left to close, most important first."""
        return [g for g in self.capabilities if g.gap is not None and g.gap > 0]


def _rank(rows: list[Gap]) -> tuple[Gap, ...]:
    assessed = sorted((g for g in rows if g.gap is not None),
                      key=lambda g: (-g.priority, -(g.gap or 0), -g.objective_weight, g.subject_id))
    rest = sorted((g for g in rows if g.gap is None), key=lambda g: g.subject_id)
    return tuple(Gap(**{**g.__dict__, "rank": n + 1}) for n, g in enumerate(assessed + rest))


def analyse_gaps(model: MaturityModel, current: Mapping[str, float | None], targets: Mapping[str, int],
                 objectives: Iterable[PlanObjective]) -> GapAnalysis:
    objectives = list(objectives)
    weights = objective_weights(objectives)
    domains: list[Gap] = []
    capabilities: list[Gap] = []
    for domain in model.domains:
        serving = tuple(o.id for o in sorted(objectives, key=lambda o: (o.rank, o.id)) if domain.id in o.domains)
        w = sum(weights[o] for o in serving)
        for subject, kind, default in [(domain.id, "domain", model.scoring.default_target)] + [
                (c.id, "capability", c.default_target or model.scoring.default_target) for c in domain.capabilities]:
            level = current.get(subject)
            target = int(targets.get(subject, default))
            gap = None if level is None else round(max(0.0, target - level), 2)
            priority = 0.0 if gap is None else round(gap * (1 + w), 4)
            row = Gap(subject, kind, domain.id, level, target, gap, serving, round(w, 4), priority)
            (domains if kind == "domain" else capabilities).append(row)
    return GapAnalysis(_rank(domains), _rank(capabilities))
