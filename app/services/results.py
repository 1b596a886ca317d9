"""Results: an engagement's answers, targets and overrides scored against the content it recorded."""

from __future__ import annotations

from app.assessment import EngagementScores, score_records, to_responses
from app.content.loader import ContentLibrary
from app.content.schema import Scale
from app.errors import UserError
from app.storage.repository import Repository

__all__ = ["EngagementScores", "score_engagement", "set_override", "set_target", "to_responses"]


def score_engagement(library: ContentLibrary, repo: Repository, engagement_id: str, *,
                     respondents: str | None = None) -> EngagementScores:
    """The engagement's scores, from one consistent read of its records.

    ``respondents``: "interview" or "survey" scores only those respondents' answers (None: all).
    """
    return score_records(library, repo.engagement_data(engagement_id), respondents=respondents)


def set_override(repo: Repository, engagement_id: str, model_id: str, capability_id: str, level: float | None,
                 rationale: str = "", author: str = "", *, scale: Scale | None = None) -> None:
    """The consultant's own level for a capability (None removes it); a level needs a rationale and,
    given the model's ``scale``, must lie on it (a 4.5 on a 0-3 model would be stored and scored)."""
    if level is not None and not rationale.strip():
        raise UserError("an override needs a rationale: say what you saw that the answers do not show")
    repo.set_override(engagement_id, model_id, capability_id, level, rationale, author, scale=_bounds(scale))


def set_target(repo: Repository, engagement_id: str, model_id: str, subject_id: str, level: float | None, *,
               scale: Scale) -> None:
    """A target for a domain or capability (None removes it); off the model's scale is refused, nothing stored."""
    repo.set_target(engagement_id, model_id, subject_id, level, scale=_bounds(scale))


def _bounds(scale: Scale | None) -> tuple[float, float] | None:
    return None if scale is None else (scale.minimum, scale.maximum)
