"""Assessment: an engagement's records scored against the content versions it recorded (pure).

Below planning, diagnosis, analytics and reports (they all start from ``EngagementScores``),
above storage (it takes storage's plain records) and scoring.
"""

from app.assessment.scores import (
    EngagementScores,
    engagement_models,
    engagement_questionnaires,
    score_records,
    to_responses,
)

__all__ = ["EngagementScores", "engagement_models", "engagement_questionnaires", "score_records", "to_responses"]
