"""Results: an engagement's answers, targets and overrides scored against the content it recorded."""

from __future__ import annotations

from app.assessment import EngagementScores, score_records, to_responses
from app.content.loader import ContentLibrary
from app.content.schema import Scale
from app.errors import UserError
from app.storage.repository import Repository

__all__ = ["EngagementScores", "score_engagement", "set_override", "to_responses"]


def score_engagement(library: ContentLibrary, repo: Repository, engagement_id: str) -> EngagementScores:
    """The engagement's scores, from one consistent read of its records."""
    return score_records(library, repo.engagement_data(engagement_id))


def set_override(repo: Repository, engagement_id: str, model_id: str, capability_id: str, level: float | None,
                 rationale: str = "", author: str = "", *, scale: Scale | None = None) -> None:
    """The consultant's own level for a capability (None removes it); a level needs a rationale and,
    given the model's ``scale``, must lie on it (a 4.5 on a 0-3 model would be stored and scored)."""
    if level is not None and not rationale.strip():
        raise UserError("an override needs a rationale: say what you saw that the answers do not show")
    if level is not None and scale is not None and not scale.contains(level):
        raise UserError(f"an override of {level:g} is outside the model's scale {scale.minimum}-{scale.maximum}")
    repo.set_override(engagement_id, model_id, capability_id, level, rationale, author)
