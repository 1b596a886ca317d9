"""Progress since the baseline: a re-assessment against the engagement it was duplicated from.

Both sides are the scores the scoring layer computed (already rounded there); a delta is
their difference, so a report shows 2.10 -> 2.68 and +0.58 that add up. A capability or
domain assessed on one side only has no delta: it is listed as newly assessed or no
longer assessed, never compared with an invented zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.content.schema import MaturityModel
from app.scoring import ModelScore

MOVED = 0.1  # a change smaller than this is "unchanged" (answers vary that much between interviews)
TOP = 3


@dataclass(frozen=True)
class Delta:
    id: str
    name_en: str
    name_zh: str
    domain_id: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name_en": self.name_en, "name_zh": self.name_zh, "domain_id": self.domain_id,
                "before": self.before, "after": self.after, "delta": self.delta}


@dataclass(frozen=True)
class BaselineComparison:
    model_id: str
    baseline_engagement: str  # the baseline's name, for the sentence "since ..."
    overall: Delta
    domains: tuple[Delta, ...]
    capabilities: tuple[Delta, ...]

    @property
    def most_improved(self) -> tuple[Delta, ...]:
        up = [d for d in self.capabilities if d.delta is not None and d.delta >= MOVED]
        return tuple(sorted(up, key=lambda d: (-(d.delta or 0), d.id))[:TOP])

    @property
    def fallen_back(self) -> tuple[Delta, ...]:
        down = [d for d in self.capabilities if d.delta is not None and d.delta <= -MOVED]
        return tuple(sorted(down, key=lambda d: (d.delta or 0, d.id))[:TOP])

    @property
    def newly_assessed(self) -> tuple[Delta, ...]:
        return tuple(d for d in self.capabilities if d.before is None and d.after is not None)

    @property
    def no_longer_assessed(self) -> tuple[Delta, ...]:
        return tuple(d for d in self.capabilities if d.before is not None and d.after is None)

    def to_dict(self) -> dict[str, Any]:
        return {"model_id": self.model_id, "baseline_engagement": self.baseline_engagement,
                "overall": self.overall.to_dict(), "domains": [d.to_dict() for d in self.domains],
                "capabilities": [d.to_dict() for d in self.capabilities],
                "most_improved": [d.id for d in self.most_improved], "fallen_back": [d.id for d in self.fallen_back]}


def compare_to_baseline(model: MaturityModel, current: ModelScore, baseline: ModelScore,
                        baseline_name: str = "") -> BaselineComparison:
    """Domain and capability deltas, in the order of the current model."""
    before_dom: Mapping[str, float | None] = {d.domain_id: d.level for d in baseline.domains}
    before_cap: Mapping[str, float | None] = {c.capability_id: c.level for c in baseline.capabilities}
    domains = []
    caps = []
    for domain, d in zip(model.domains, current.domains, strict=True):
        domains.append(Delta(domain.id, domain.name.en, domain.name.zh, domain.id, before_dom.get(domain.id),
                             d.level))
        for cap, c in zip(domain.capabilities, d.capabilities, strict=True):
            caps.append(Delta(cap.id, cap.name.en, cap.name.zh, domain.id, before_cap.get(cap.id), c.level))
    overall = Delta(model.id, model.name.en, model.name.zh, "", baseline.level, current.level)
    return BaselineComparison(model.id, baseline_name, overall, tuple(domains), tuple(caps))
