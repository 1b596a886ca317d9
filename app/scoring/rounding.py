"""The one rounding rule for every score, target, gap and per-role value: half-up, 2 decimals.

Applied once, in the scoring layer, as each number is made; screens, ``omm score``,
Word and Excel then print the stored value with two decimals and never round again.
Half-up (2.625 -> 2.63) because that is what Excel's ``0.00`` format and most readers do;
Python's ``round`` rounds half to even on the binary value (2.625 -> 2.62), which made
Word and Excel disagree on 19 of 228 numbers of one report.

Roll-ups use the rounded values of the level below, so a reader who recomputes a
domain from the capability levels printed beside it gets the printed figure, and a gap
is the rounded target minus the rounded level (Target - Level == Gap as printed).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DECIMALS = 2
_QUANTUM = Decimal(1).scaleb(-DECIMALS)


def round_score(value: float) -> float:
    """``value`` half-up to two decimals, read from its shortest decimal form (2.675 -> 2.68)."""
    return float(Decimal(repr(float(value))).quantize(_QUANTUM, rounding=ROUND_HALF_UP))


def round_optional(value: float | None) -> float | None:
    return None if value is None else round_score(value)


def round_whole(value: float) -> float:
    """Half-up to a whole number: percentages shown without decimals."""
    return float(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
