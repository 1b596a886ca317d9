"""Results: an engagement's answers, targets and overrides scored against the content it recorded."""

from __future__ import annotations

from app.assessment import EngagementScores, score_records, to_responses
from app.content.loader import ContentLibrary
from app.errors import UserError
from app.storage.repository import Repository

__all__ = ["EngagementScores", "score_engagement", "set_override", "to_responses"]


def score_engagement(library: ContentLibrary, repo: Repository, engagement_id: str) -> EngagementScores:
    """The engagement's scores, from one consistent read of its records."""
    return score_records(library, repo.engagement_data(engagement_id))


def set_override(repo: Repository, engagement_id: str, model_id: str, capability_id: str, level: float | None,
                 rationale: str = "", author: str = "") -> None:
    """The consultant's own level for a capability (None removes it); a level needs a rationale."""
    if level is not None and not rationale.strip():
        raise UserError("an override needs a rationale: say what you saw that the answers do not show")
    repo.set_override(engagement_id, model_id, capability_id, level, rationale, author)
