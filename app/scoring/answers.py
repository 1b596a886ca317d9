"""What one answer means on the model's level scale.

Answers are stored raw (the level picked, "yes", a number, an option id) and turned
into levels here, at scoring time, so an engagement re-scores the same way as long
as it uses the same content version.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from app.content.schema import ChoiceAnswer, LevelsAnswer, NumericAnswer, Question, Scale, YesNoAnswer


class AnswerStatus(StrEnum):
    GIVEN = "given"
    NOT_APPLICABLE = "not_applicable"  # excluded; weights of the rest renormalised
    UNKNOWN = "unknown"  # "don't know": counts against coverage, not the score


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


CONFIDENCE_WEIGHT = {Confidence.LOW: 1 / 3, Confidence.MEDIUM: 2 / 3, Confidence.HIGH: 1.0}


class EvidenceStrength(StrEnum):
    """How far the consultant saw an answer borne out (set in the interview, beside the evidence)."""

    CLAIMED = "claimed"  # said, nothing shown
    SHOWN = "shown"  # a document or screen was shown during the interview
    VERIFIED = "verified"  # the consultant checked the record itself (a ticket, a log, a report run)


# What an answer adds to the "evidence" part of a capability's confidence. An answer whose
# strength nobody set counts as before: 1 with linked evidence, 0 without.
EVIDENCE_STRENGTH_WEIGHT = {EvidenceStrength.CLAIMED: 0.0, EvidenceStrength.SHOWN: 0.5,
                            EvidenceStrength.VERIFIED: 1.0}


def evidence_value(strength: EvidenceStrength | None, evidence_count: int) -> float:
    """One answer's share of the evidence component (0..1): its strength, else whether evidence is linked."""
    if strength is not None:
        return EVIDENCE_STRENGTH_WEIGHT[strength]
    return 1.0 if evidence_count > 0 else 0.0


class InvalidAnswer(ValueError):
    """The raw value does not fit the question's answer type."""


@dataclass(frozen=True)
class Response:
    """One interviewee's answer to one question, as the scoring engine sees it."""

    questionnaire_id: str
    question_id: str
    interviewee_id: str
    interviewee_name: str
    role: str
    status: AnswerStatus
    value: str | None = None
    confidence: Confidence | None = None
    evidence_count: int = 0
    note: str = ""
    # "interview" or "survey": how the respondent answered (a survey respondent counts as one of their own)
    kind: str = "interview"
    evidence_strength: EvidenceStrength | None = None


def normalise_value(question: Question, scale: Scale, value: str) -> str:
    """Check a raw value against the question and return its canonical text form."""
    spec = question.answer
    text = value.strip()
    if isinstance(spec, LevelsAnswer):
        try:
            level = int(text)
        except ValueError:
            raise InvalidAnswer(f"{question.id}: expected a level number, got {value!r}") from None
        if not scale.contains(level):
            raise InvalidAnswer(f"{question.id}: level {level} is outside {scale.minimum}-{scale.maximum}")
        return str(level)
    if isinstance(spec, YesNoAnswer):
        lowered = text.lower()
        if lowered in ("yes", "y", "true", "1", "是"):
            return "yes"
        if lowered in ("no", "n", "false", "0", "否"):
            return "no"
        raise InvalidAnswer(f"{question.id}: expected yes or no, got {value!r}")
    if isinstance(spec, NumericAnswer):
        try:
            number = float(text.replace(",", "").removesuffix("%").strip())
        except ValueError:
            raise InvalidAnswer(f"{question.id}: expected a number ({spec.unit}), got {value!r}") from None
        if not math.isfinite(number):
            raise InvalidAnswer(f"{question.id}: expected a finite number, got {value!r}")
        if spec.minimum is not None and number < spec.minimum:
            raise InvalidAnswer(f"{question.id}: {number:g} is below the minimum {spec.minimum:g}")
        if spec.maximum is not None and number > spec.maximum:
            raise InvalidAnswer(f"{question.id}: {number:g} is above the maximum {spec.maximum:g}")
        return f"{number:g}"
    assert isinstance(spec, ChoiceAnswer)
    ids = [o.id for o in spec.options]
    if text not in ids:
        raise InvalidAnswer(f"{question.id}: expected one of {', '.join(ids)}, got {value!r}")
    return text


def answer_level(question: Question, scale: Scale, value: str) -> float | None:
    """The level a given answer earns, or None when the answer type carries no level."""
    spec = question.answer
    canonical = normalise_value(question, scale, value)
    if isinstance(spec, LevelsAnswer):
        return float(canonical)
    if isinstance(spec, YesNoAnswer):
        level = spec.yes_level if canonical == "yes" else spec.no_level
        return None if level is None else float(level)
    if isinstance(spec, NumericAnswer):
        if not spec.thresholds:
            return None
        number = float(canonical)
        reached = [t.level for t in spec.thresholds if t.at_least is not None and number >= t.at_least]
        reached += [t.level for t in spec.thresholds if t.at_most is not None and number <= t.at_most]
        return float(max(reached)) if reached else float(scale.minimum)
    assert isinstance(spec, ChoiceAnswer)
    option = next(o for o in spec.options if o.id == canonical)
    return None if option.level is None else float(option.level)


def criterion_met(question: Question, scale: Scale, value: str) -> bool:
    """For staged models: is this yes/no criterion met?"""
    return normalise_value(question, scale, value) == "yes"
