"""One customer over time: its re-assessments in date order, what improved most and what fell back.

Built on the comparison (like with like): a capability that a newer model version no
longer has, or scores on another scale, is not called an improvement or a decline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.analytics.anonymise import Names
from app.analytics.compare import Comparison, compare
from app.analytics.portfolio import ModelShape, PortfolioRow
from app.scoring.rounding import round_score


@dataclass(frozen=True)
class CapabilityChange:
    capability_id: str
    domain_id: str
    name_en: str
    name_zh: str
    before: float
    after: float
    delta: float  # after - before, rounded once here

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Trend:
    customer_id: str
    customer: str  # the name, or the alias when anonymised
    comparison: Comparison  # the assessments, oldest first
    improved: tuple[CapabilityChange, ...]  # largest rise first
    fell_back: tuple[CapabilityChange, ...]  # largest fall first


def customer_rows(rows: Sequence[PortfolioRow], customer_id: str) -> list[PortfolioRow]:
    """The customer's assessments, oldest first (engagements without a date last, by name)."""
    # An engagement with no level at all (set up, nothing answered yet) is not an assessment.
    mine = [r for r in rows if r.customer_id == customer_id and r.primary is not None
            and (r.primary.level is not None or any(v is not None for v in r.primary.domains.values()))]
    return sorted(mine, key=lambda r: (r.assessed_on is None, r.assessed_on or 0, r.engagement_name))


def trend(rows: Sequence[PortfolioRow], customer_id: str, shapes: Mapping[tuple[str, str], ModelShape], *,
          anonymise: bool = False, lang: str = "en", limit: int = 5, names: Names | None = None) -> Trend:
    """Changes from each capability's first assessed level to its last (the whole period, not a step)."""
    ordered = customer_rows(rows, customer_id)
    comparison = compare(ordered, shapes, anonymise=anonymise, lang=lang, names=names)
    changes: list[CapabilityChange] = []
    for cap in comparison.capabilities:
        assessed = [v for v in cap.levels if v is not None]
        if len(assessed) < 2:
            continue
        delta = round_score(assessed[-1] - assessed[0])
        if delta != 0:
            changes.append(CapabilityChange(cap.capability_id, cap.domain_id, cap.name_en, cap.name_zh,
                                            assessed[0], assessed[-1], delta))
    improved = sorted((c for c in changes if c.delta > 0), key=lambda c: (-c.delta, c.capability_id))[:limit]
    fell_back = sorted((c for c in changes if c.delta < 0), key=lambda c: (c.delta, c.capability_id))[:limit]
    customer = comparison.engagements[0].customer if comparison.engagements else \
        (Names(ordered, anonymise=anonymise, lang=lang).customer(ordered[0]) if ordered else "")
    return Trend(customer_id, customer, comparison, tuple(improved), tuple(fell_back))
