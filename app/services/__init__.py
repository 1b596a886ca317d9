"""Use cases: the only API the window and the command line call.

One module per area; each function takes and returns plain records and runs the
writes of one use case in one unit of work (all or nothing):

- ``engagements``: content for services, setting up, copying and deleting engagements
- ``interviews``: role tracks and the questions each interviewee is asked
- ``results``: scoring an engagement against the content versions it recorded
- ``reports``: writing and previewing reports
- ``workspace``: opening the repository and the content

Nothing here knows about Qt or the terminal. The names below are the ones callers
imported from the former ``app/services.py``; new code may import either way.
"""

from __future__ import annotations

from app.services.engagements import (
    content_for_services,
    engagement_models,
    engagement_questionnaires,
    keep_recorded_versions,
    suggest_copy_name,
    suggest_size,
)
from app.services.interviews import questions_for_role, tracks_for_role
from app.services.results import EngagementScores, score_engagement, to_responses
from app.services.workspace import open_workspace

__all__ = [
    "EngagementScores",
    "content_for_services",
    "engagement_models",
    "engagement_questionnaires",
    "keep_recorded_versions",
    "open_workspace",
    "questions_for_role",
    "score_engagement",
    "suggest_copy_name",
    "suggest_size",
    "to_responses",
    "tracks_for_role",
]
