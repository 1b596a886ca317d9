"""How far the interviews are: per interviewee (answered of asked, last session) and the plan.

Plain functions over records and content, shared by the Interviewees tab, the
interviewee combo of the interview screen and anything else that shows progress.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.content.schema import Questionnaire
from app.services.interviews import questions_for_role, tracks_for_role
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


def track_of(person: IntervieweeRecord, questionnaires: Sequence[Questionnaire]) -> Questionnaire | None:
    """The questionnaire the person is interviewed on: the one chosen for them, else the first for their role."""
    chosen = next((q for q in questionnaires if q.id == person.questionnaire_id), None)
    if chosen is not None:
        return chosen
    fitting = tracks_for_role(questionnaires, person.role)
    return fitting[0] if fitting else None


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


@dataclass(frozen=True)
class PlanDay:
    day: date | None  # None: registered but not planned yet
    people: tuple[IntervieweeRecord, ...]


@dataclass(frozen=True)
class InterviewPlan:
    days: tuple[PlanDay, ...]  # in date order, the unplanned last
    missing_roles: tuple[str, ...]  # roles the questionnaires ask that nobody registered holds


def interview_plan(people: Iterable[IntervieweeRecord], questionnaires: Sequence[Questionnaire],
                   role_order: Sequence[str] = ()) -> InterviewPlan:
    """The interviews by planned day, and which of the questionnaires' roles are still missing."""
    people = list(people)
    by_day: dict[date | None, list[IntervieweeRecord]] = {}
    for person in sorted(people, key=lambda p: (p.planned_at is None, p.planned_at or datetime.min, p.name)):
        by_day.setdefault(person.planned_at.date() if person.planned_at else None, []).append(person)
    asked = {role for q in questionnaires for role in q.roles}
    present = {p.role for p in people}
    rank = {role: i for i, role in enumerate(role_order)}
    missing = sorted(asked - present, key=lambda r: (rank.get(r, len(rank)), r))
    return InterviewPlan(tuple(PlanDay(day, tuple(group)) for day, group in by_day.items()), tuple(missing))
