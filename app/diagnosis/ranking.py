"""Which recommendations close a capability's gap, in which order; an engagement's strengths and risks.

Pure: content and scores in, plain values out. The maturity and diagnosis reports show
these; findings and policies can build on the same order, so every output agrees on
what comes first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from app.content.schema import MaturityModel, Recommendation
from app.scoring import CapabilityScore

RATING_ORDER = {"high": 0, "medium": 1, "low": 2}
HORIZON_ORDER = {"short": 0, "medium": 1, "long": 2}

T = TypeVar("T")


def applicable_recommendations(model: MaturityModel, c: CapabilityScore) -> list[Recommendation]:
    """The steps from the capability's current level to its target (none when there is no gap)."""
    if c.level is None or c.gap is None or c.gap <= 0:
        return []
    return [r for r in model.recommendations
            if r.capability == c.capability_id and not (r.to_level <= c.level or r.from_level >= c.target)]


def step_text(r: Recommendation) -> str:
    return f"{r.from_level} → {r.to_level}"


def recommendation_order(r: Recommendation, gap: float) -> tuple:
    """Sort key: high impact first, then low effort, short horizon, the larger gap, the earlier step."""
    return (RATING_ORDER[r.impact.value], -RATING_ORDER[r.effort.value], HORIZON_ORDER[r.horizon.value], -gap,
            step_text(r))


def strengths_and_risks(assessed: Sequence[T], level: Callable[[T], float | None],
                        gap: Callable[[T], float | None], *, strengths: int = 3,
                        risks: int = 5, floor: float | None = None) -> tuple[tuple[T, ...], tuple[T, ...]]:
    """The highest-level capabilities, and those furthest below target that are not strengths.

    A strength can still be short of an ambitious target; it is not listed twice. With a
    ``floor`` (e.g. the middle of the model's scale), a capability below it is a strength only
    if it reached its target: the best of a weak set is not called a strength.
    """
    def strong(c: T) -> bool:
        return floor is None or (level(c) or 0) >= floor or (gap(c) is not None and gap(c) <= 0)

    best = tuple(sorted((c for c in assessed if strong(c)), key=lambda c: (-(level(c) or 0), gap(c) or 0))[:strengths])
    worst = tuple(sorted([c for c in assessed if (gap(c) or 0) > 0 and c not in best],
                         key=lambda c: (-(gap(c) or 0), level(c) or 0))[:risks])
    return best, worst
