"""Interviews: who is interviewed, on which track, their answers, sessions and evidence.

An answer, a note, a flag is saved in its own transaction the moment it is given (a
crash loses at most what was being typed); evidence linked as it is added runs in one
unit of work with the link.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from app.assessment.interview_plan import questions_for_role, tracks_for_role  # noqa: F401  (re-exported)
from app.storage.records import AnswerRecord, EvidenceRecord, IntervieweeRecord, SessionRecord
from app.storage.repository import Repository

ANSWER_FIELDS = ("status", "value", "confidence", "follow_up", "note", "quotable", "evidence_strength")


def save_answer_changes(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                        question_id: str, values: Mapping[str, object], *, answered_by: str = "",
                        attach: Sequence[str] = ()) -> list[str]:
    """Everything not yet saved of one answer, in one unit of work; returns the new evidence ids.

    ``values`` holds the fields that changed (status, value, confidence, follow_up,
    note, quotable: whether a report may quote the note, evidence_strength: claimed, shown or verified),
    each with the value to write; ``attach`` lists files to copy into the
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
        if "evidence_strength" in values:
            strength = values["evidence_strength"]
            uow.set_evidence_strength(*answer, None if strength is None else str(strength))
        if "note" in values:
            uow.set_answer_note(*answer, str(values["note"] or ""))
        if "quotable" in values:
            from app.services.findings import write_quotable

            write_quotable(uow, engagement_id, (questionnaire_id, question_id, interviewee_id),
                           bool(values["quotable"]))
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


def quotable_questions(repo: Repository, engagement_id: str, interviewee_id: str,
                       questionnaire_id: str) -> frozenset[str]:
    """The questions whose note this interviewee allowed to be quoted (the consultant's marks)."""
    from app.services.findings import quotable_marks

    return frozenset(question for q_id, question, person in quotable_marks(repo, engagement_id)
                     if q_id == questionnaire_id and person == interviewee_id)


# --- interviewees ------------------------------------------------------------------------


def list_interviewees(repo: Repository, engagement_id: str) -> list[IntervieweeRecord]:
    return repo.list_interviewees(engagement_id)


def add_interviewee(repo: Repository, engagement_id: str, name: str, role: str, **fields) -> IntervieweeRecord:
    """Register a person (department, contact, questionnaire_id, planned_at, notes as keywords)."""
    return repo.add_interviewee(engagement_id, name, role, **fields)


def update_interviewee(repo: Repository, interviewee_id: str, **fields) -> IntervieweeRecord:
    return repo.update_interviewee(interviewee_id, **fields)


def remove_interviewee(repo: Repository, interviewee_id: str) -> None:
    """The person and everything they answered."""
    repo.remove_interviewee(interviewee_id)


def answered_count(repo: Repository, engagement_id: str, interviewee_id: str) -> int:
    """How many questions the person has answered (a note or a flag alone does not count)."""
    return sum(1 for a in repo.list_answers(engagement_id, interviewee_id=interviewee_id) if a.status)


# --- sessions ------------------------------------------------------------------------------


def list_sessions(repo: Repository, engagement_id: str) -> list[SessionRecord]:
    return repo.list_sessions(engagement_id)


def last_session(repo: Repository, interviewee_id: str, questionnaire_id: str | None = None) -> SessionRecord | None:
    return repo.last_session(interviewee_id, questionnaire_id)


def start_session(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str) -> SessionRecord:
    return repo.start_session(engagement_id, interviewee_id, questionnaire_id)


def touch_session(repo: Repository, session_id: str, last_question_id: str | None, elapsed_seconds: int) -> None:
    repo.touch_session(session_id, last_question_id, elapsed_seconds)


def end_session(repo: Repository, session_id: str, elapsed_seconds: int) -> None:
    repo.end_session(session_id, elapsed_seconds)


# --- answers: each saved in its own transaction the moment it is given ------------------------


def list_answers(repo: Repository, engagement_id: str | None, *, interviewee_id: str | None = None,
                 questionnaire_id: str | None = None, question_id: str | None = None) -> list[AnswerRecord]:
    return repo.list_answers(engagement_id, interviewee_id=interviewee_id, questionnaire_id=questionnaire_id,
                             question_id=question_id)


def get_answer(repo: Repository, interviewee_id: str, questionnaire_id: str, question_id: str) -> AnswerRecord | None:
    return repo.get_answer(interviewee_id, questionnaire_id, question_id)


def save_answer(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str, question_id: str,
                status: str | None, value: str | None = None, *, confidence: str | None = None,
                answered_by: str = "") -> None:
    repo.save_answer(engagement_id, interviewee_id, questionnaire_id, question_id, status, value,
                     confidence=confidence, answered_by=answered_by)


def clear_answer(repo: Repository, interviewee_id: str, questionnaire_id: str, question_id: str) -> None:
    repo.clear_answer(interviewee_id, questionnaire_id, question_id)


def set_answer_note(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                    question_id: str, note: str) -> None:
    repo.set_answer_note(engagement_id, interviewee_id, questionnaire_id, question_id, note)


def set_answer_confidence(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                          question_id: str, confidence: str | None) -> None:
    repo.set_answer_confidence(engagement_id, interviewee_id, questionnaire_id, question_id, confidence)


def set_evidence_strength(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                          question_id: str, strength: str | None) -> None:
    """Claimed, shown or verified (None: not judged): how far the answer was borne out."""
    repo.set_evidence_strength(engagement_id, interviewee_id, questionnaire_id, question_id, strength)


def set_follow_up(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                  question_id: str, flag: bool) -> None:
    repo.set_follow_up(engagement_id, interviewee_id, questionnaire_id, question_id, flag)


# --- evidence -----------------------------------------------------------------------------


def list_evidence(repo: Repository, engagement_id: str) -> list[EvidenceRecord]:
    return repo.list_evidence(engagement_id)


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


def request_and_link_evidence(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                              question_id: str, title: str) -> EvidenceRecord:
    """A document asked of the customer, linked to the answer: both, in one unit of work, or neither."""
    with repo.unit_of_work() as uow:
        evidence = uow.request_evidence(engagement_id, title)
        uow.link_evidence(engagement_id, interviewee_id, questionnaire_id, question_id, evidence.id)
    return evidence


def attach_evidence_file(repo: Repository, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                         question_id: str, path: str | Path) -> EvidenceRecord:
    """A file copied into the evidence store and linked to the answer, in one unit of work (the copy is
    removed again if the link cannot be saved)."""
    with repo.unit_of_work() as uow:
        evidence = uow.add_evidence_file(engagement_id, path)
        uow.link_evidence(engagement_id, interviewee_id, questionnaire_id, question_id, evidence.id)
    return evidence


def evidence_path(repo: Repository, evidence: EvidenceRecord) -> Path | None:
    """The evidence file on this machine (fetched into the local cache from a shared repository)."""
    return repo.evidence_path(evidence)
