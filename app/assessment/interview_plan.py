"""Who is interviewed on which track, and the interview plan by day with the roles nobody covers.

Pure functions over records and content, shared by the Interviewees tab (through
``app.services.progress``), the interview screen and the request-list workbook, which
sends the plan to the customer with the documents to prepare.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.content.schema import Question, Questionnaire, Section
from app.storage.records import IntervieweeRecord


def questions_for_role(questionnaire: Questionnaire, role: str | None) -> list[tuple[Section, Question]]:
    """The role track: the questions meant for this interviewee's role, in order."""
    return [(section, q) for section in questionnaire.sections for q in section.questions
            if role is None or role in q.roles]


def tracks_for_role(questionnaires: Iterable[Questionnaire], role: str) -> list[Questionnaire]:
    """The engagement's questionnaires written for ``role``, main diagnosis first."""
    fitting = [q for q in questionnaires if role in q.roles]
    return sorted(fitting, key=lambda q: (not q.id.startswith("diagnosis"), q.id))


def track_of(person: IntervieweeRecord, questionnaires: Sequence[Questionnaire]) -> Questionnaire | None:
    """The questionnaire the person is interviewed on: the one chosen for them, else the first for their role."""
    chosen = next((q for q in questionnaires if q.id == person.questionnaire_id), None)
    if chosen is not None:
        return chosen
    fitting = tracks_for_role(questionnaires, person.role)
    return fitting[0] if fitting else None


def planned_minutes(person: IntervieweeRecord, questionnaires: Sequence[Questionnaire]) -> int | None:
    """How long the person's interview is planned to take: their track's estimate (content), if it gives one."""
    track = track_of(person, questionnaires)
    return None if track is None else track.estimated_minutes


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
