"""Scoring: pure functions from answers to maturity levels, gaps and disagreement."""

from app.scoring.answers import (
    AnswerStatus,
    Confidence,
    EvidenceStrength,
    InvalidAnswer,
    Response,
    answer_level,
    normalise_value,
)
from app.scoring.engine import (
    CapabilityScore,
    Disagreement,
    DomainScore,
    ModelScore,
    Override,
    QuestionScore,
    levels_by_role,
    score_model,
)

__all__ = [
    "AnswerStatus", "CapabilityScore", "Confidence", "Disagreement", "DomainScore", "EvidenceStrength",
    "InvalidAnswer",
    "ModelScore", "Override", "QuestionScore", "Response", "answer_level", "levels_by_role", "normalise_value", "score_model",
]
