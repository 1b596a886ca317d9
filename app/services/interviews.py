"""Interviews: which questions an interviewee is asked, and on which questionnaire track."""

from __future__ import annotations

from collections.abc import Iterable

from app.content.schema import Question, Questionnaire, Section


def questions_for_role(questionnaire: Questionnaire, role: str | None) -> list[tuple[Section, Question]]:
    """The role track: the questions meant for this interviewee's role, in order."""
    return [(section, q) for section in questionnaire.sections for q in section.questions
            if role is None or role in q.roles]


def tracks_for_role(questionnaires: Iterable[Questionnaire], role: str) -> list[Questionnaire]:
    """The engagement's questionnaires written for ``role``, main diagnosis first."""
    fitting = [q for q in questionnaires if role in q.roles]
    return sorted(fitting, key=lambda q: (not q.id.startswith("diagnosis"), q.id))
