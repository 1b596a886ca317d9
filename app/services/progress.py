"""How far the interviews are: per interviewee (answered of asked, last session) and the plan.

Plain functions over records and content, shared by the Interviewees tab, the
interviewee combo of the interview screen and anything else that shows progress.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from app.assessment.interview_plan import (  # noqa: F401  (the plan's names, as the tabs import them)
    InterviewPlan,
    PlanDay,
    interview_plan,
    planned_minutes,
    questions_for_role,
    track_of,
)
from app.content.schema import Questionnaire
from app.storage.records import AnswerRecord, IntervieweeRecord, SessionRecord


@dataclass(frozen=True)
class IntervieweeProgress:
    interviewee_id: str
    answered: int  # questions of their track with an answer (given, not applicable or don't know)
    total: int  # questions of their track
    last_session: datetime | None  # when they were last interviewed (start of the latest session)

    @property
    def share(self) -> float | None:
        return None if self.total == 0 else self.answered / self.total

    @property
    def done(self) -> bool:
        return self.total > 0 and self.answered >= self.total


def interviewee_progress(people: Iterable[IntervieweeRecord], questionnaires: Sequence[Questionnaire],
                         answers: Iterable[AnswerRecord],
                         sessions: Iterable[SessionRecord]) -> dict[str, IntervieweeProgress]:
    """Answered/total on each person's track and their last session, by interviewee id."""
    answered: dict[tuple[str, str], set[str]] = {}
    for a in answers:
        if a.status is not None:
            answered.setdefault((a.interviewee_id, a.questionnaire_id), set()).add(a.question_id)
    last: dict[str, datetime] = {}
    for s in sessions:
        if s.interviewee_id not in last or s.started_at > last[s.interviewee_id]:
            last[s.interviewee_id] = s.started_at
    out = {}
    for person in people:
        track = track_of(person, questionnaires)
        if track is None:
            out[person.id] = IntervieweeProgress(person.id, 0, 0, last.get(person.id))
            continue
        asked = {q.id for _, q in questions_for_role(track, person.role)}
        done = len(asked & answered.get((person.id, track.id), set()))
        out[person.id] = IntervieweeProgress(person.id, done, len(asked), last.get(person.id))
    return out
