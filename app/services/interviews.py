"""Interviews: which questions an interviewee is asked, and on which questionnaire track."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from app.content.schema import Question, Questionnaire, Section
from app.storage.repository import Repository


def questions_for_role(questionnaire: Questionnaire, role: str | None) -> list[tuple[Section, Question]]:
    """The role track: the questions meant for this interviewee's role, in order."""
    return [(section, q) for section in questionnaire.sections for q in section.questions
            if role is None or role in q.roles]


def tracks_for_role(questionnaires: Iterable[Questionnaire], role: str) -> list[Questionnaire]:
    """The engagement's questionnaires written for ``role``, main diagnosis first."""
    fitting = [q for q in questionnaires if role in q.roles]
    return sorted(fitting, key=lambda q: (not q.id.startswith("diagnosis"), q.id))


ANSWER_FIELDS = ("status", "value", "confidence", "follow_up", "note")


def save_answer_changes(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                        question_id: str, values: Mapping[str, object], *, answered_by: str = "",
                        attach: Sequence[str] = ()) -> list[str]:
    """Everything not yet saved of one answer, in one unit of work; returns the new evidence ids.

    ``values`` holds the fields that changed (status, value, confidence, follow_up,
    note), each with the value to write; ``attach`` lists files to copy into the
    evidence store, record and link to the answer. All or nothing: a database that
    refuses leaves no field half-written and no copy in the evidence folder, so the
    same call can simply be made again.
    """
    unknown = set(values) - set(ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"not a field of an answer: {sorted(unknown)}")
    answer = (engagement_id, interviewee_id, questionnaire_id, question_id)
    with repo.unit_of_work() as uow:
        if "status" in values:
            if values["status"] is None:
                uow.clear_answer(interviewee_id, questionnaire_id, question_id)
            else:
                value = values.get("value")
                uow.save_answer(*answer, str(values["status"]), None if value is None else str(value),
                                answered_by=answered_by)
        if "confidence" in values:
            confidence = values["confidence"]
            uow.set_answer_confidence(*answer, None if confidence is None else str(confidence))
        if "follow_up" in values:
            uow.set_follow_up(*answer, bool(values["follow_up"]))
        if "note" in values:
            uow.set_answer_note(*answer, str(values["note"] or ""))
        added = [uow.add_evidence_file(engagement_id, source).id for source in attach]
        for evidence_id in added:
            uow.link_evidence(*answer, evidence_id)
    return added


def request_evidence_for_answer(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                                question_id: str, title: str) -> str:
    """Ask the customer for a document and link the request to the answer: one unit of work."""
    with repo.unit_of_work() as uow:
        evidence_id = uow.request_evidence(engagement_id, title).id
        uow.link_evidence(engagement_id, interviewee_id, questionnaire_id, question_id, evidence_id)
    return evidence_id


def link_evidence(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                  question_id: str, evidence_id: str) -> None:
    repo.link_evidence(engagement_id, interviewee_id, questionnaire_id, question_id, evidence_id)


def unlink_evidence(repo: Repository, interviewee_id: str, questionnaire_id: str, question_id: str,
                    evidence_id: str) -> None:
    """The document stays in the engagement's register; only this answer's link goes."""
    repo.unlink_evidence(interviewee_id, questionnaire_id, question_id, evidence_id)


def rename_evidence(repo: Repository, evidence_id: str, title: str) -> None:
    repo.rename_evidence(evidence_id, title)


def set_evidence_received(repo: Repository, evidence_id: str, received: bool) -> None:
    repo.set_evidence_received(evidence_id, received)


def remove_evidence(repo: Repository, evidence_id: str) -> None:
    """The document leaves the engagement: its record, every link to it, and its stored copy."""
    repo.delete_evidence(evidence_id)
