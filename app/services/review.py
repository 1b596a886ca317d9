"""Review and sign-off: the checklist, the lead consultant's sign-off, frozen snapshots, re-assessments.

A snapshot freezes the engagement "as presented": every record its scores are computed
from (engagement, interviewees, answers, targets, overrides), the evidence register, the
sessions, every stored document (findings, plans, designs, the request list), the
baseline engagement's records, and the scores themselves, with a SHA-256 over all of it
(canonical JSON). It is stored as one engagement document (``snapshot``/``S1``...) and
never written again: later edits change the engagement, not the snapshot.

A report from a snapshot reads a :class:`SnapshotRepository` (the repository's read
methods over the frozen records) instead of the database, is dated on the snapshot's
date, names the snapshot on its cover and properties, and carries fixed timestamps in
its package (``app.reports.api``): made again tomorrow, it is the same bytes.

Sign-off records the lead consultant, the checklist as it stood (what was still open and
accepted), the snapshot, and moves a planned or in-progress engagement to reporting: one
unit of work.

A re-assessment starts from a snapshot: a new engagement with the snapshot's
interviewees and answers and a ``reassessment`` document holding the answers it started
from; every answer is then marked new, changed or carried over (:func:`answer_marks`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from app.assessment import score_records
from app.assessment.requests import DOCUMENT_KEY as REQUESTS_KEY
from app.assessment.requests import DOCUMENT_KIND as REQUESTS_KIND
from app.assessment.requests import RequestList
from app.assessment.review import Checklist, FindingState, checklist
from app.content.loader import ContentLibrary
from app.errors import UserError
from app.storage.errors import NotFound
from app.storage.records import (
    AnswerRecord,
    ContentRef,
    CustomerRecord,
    DocumentRecord,
    EngagementData,
    EngagementRecord,
    EngagementStatus,
    EvidenceRecord,
    IntervieweeRecord,
    OverrideRecord,
    ServiceChoice,
    SessionRecord,
    TargetRecord,
)
from app.storage.repository import Repository

SNAPSHOT_KIND = "snapshot"
SIGNOFF_KIND = "signoff"
REASSESSMENT_KIND = "reassessment"
REASSESSMENT_KEY = "baseline"
# Not frozen into a snapshot, not copied into a re-assessment: the review's own records.
REVIEW_KINDS = (SNAPSHOT_KIND, SIGNOFF_KIND, REASSESSMENT_KIND)
FORMAT = 1
MAX_LABEL = 200
OPEN_WORDS = {"unanswered": "unanswered questions", "follow_ups": "follow-ups", "low_confidence":
              "low-confidence capabilities", "disagreement": "disagreements", "evidence_requested":
              "documents still requested", "draft_findings": "draft findings"}


class OpenItems(UserError):
    """Sign-off refused: checklist items are open and were not accepted."""


# --- plain JSON of records, and back ----------------------------------------------------------------


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _engagement(d: Mapping[str, Any]) -> EngagementRecord:
    return EngagementRecord(
        id=d["id"], name=d["name"], customer=CustomerRecord(**d["customer"]), consultant=d["consultant"],
        start_date=_d(d["start_date"]), end_date=_d(d["end_date"]), status=EngagementStatus(d["status"]),
        scope_notes=d["scope_notes"], previous_engagement_id=d["previous_engagement_id"], archived=d["archived"],
        language=d["language"], services=tuple(ServiceChoice(**s) for s in d["services"]),
        content=tuple(ContentRef(**c) for c in d["content"]), created_at=_dt(d["created_at"]),
        updated_at=_dt(d["updated_at"]), last_opened_at=_dt(d.get("last_opened_at")))


def _interviewee(d: Mapping[str, Any]) -> IntervieweeRecord:
    return IntervieweeRecord(**{**d, "planned_at": _dt(d.get("planned_at"))})


def _answer(d: Mapping[str, Any]) -> AnswerRecord:
    return AnswerRecord(**{**d, "answered_at": _dt(d["answered_at"]), "evidence_ids": tuple(d["evidence_ids"])})


def _data_plain(data: EngagementData) -> dict[str, Any]:
    return _plain({"engagement": data.engagement, "interviewees": data.interviewees, "answers": data.answers,
                   "targets": data.targets, "overrides": data.overrides})


def _data(d: Mapping[str, Any]) -> EngagementData:
    return EngagementData(
        _engagement(d["engagement"]), tuple(_interviewee(x) for x in d["interviewees"]),
        tuple(_answer(x) for x in d["answers"]), tuple(TargetRecord(**x) for x in d["targets"]),
        tuple(OverrideRecord(**{**x, "created_at": _dt(x["created_at"])}) for x in d["overrides"]))


def content_hash(frozen: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of what the snapshot froze."""
    text = json.dumps(frozen, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- snapshots --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SnapshotInfo:
    id: str  # S1, S2 ...
    engagement_id: str
    label: str
    created_at: datetime
    created_by: str
    report_date: date
    content_hash: str
    signed_off_by: str = ""
    signed_off_at: datetime | None = None
    note: str = ""
    open_items: tuple[dict, ...] = ()  # the checklist items still open when it was signed off
    overall: tuple[tuple[str, float | None], ...] = ()  # model id -> overall level as presented

    @property
    def signed_off(self) -> bool:
        return bool(self.signed_off_by)

    def describe(self, lang: str = "en") -> str:
        """What a report's cover says: which snapshot it shows."""
        when = self.report_date.isoformat()
        short = self.content_hash[:12]
        if lang == "zh":
            who = f"，{self.signed_off_by}签署" if self.signed_off else ""
            return f"快照 {self.id}（{when}{who}；SHA-256 {short}）"
        who = f", signed off by {self.signed_off_by}" if self.signed_off else ""
        return f"Snapshot {self.id} ({when}{who}; SHA-256 {short})"


def _info(doc: DocumentRecord) -> SnapshotInfo:
    p = doc.payload
    sign = p.get("signed_off") or {}
    return SnapshotInfo(
        id=doc.key, engagement_id=doc.engagement_id, label=p.get("label", ""), created_at=_dt(p["created_at"]),
        created_by=p.get("created_by", ""), report_date=_d(p["frozen"]["report_date"]), content_hash=p["hash"],
        signed_off_by=sign.get("by", ""), signed_off_at=_dt(sign.get("at")), note=sign.get("note", ""),
        open_items=tuple(sign.get("open_items") or ()),
        overall=tuple((m, s.get("level")) for m, s in sorted(p["frozen"].get("scores", {}).items())))


def _number(key: str) -> int:
    return int(key[1:]) if key[:1] == "S" and key[1:].isdigit() else 0


def list_snapshots(repo: Repository, engagement_id: str) -> list[SnapshotInfo]:
    docs = repo.documents.list(engagement_id, SNAPSHOT_KIND)
    return [_info(d) for d in sorted(docs, key=lambda d: _number(d.key))]


def _snapshot_doc(repo: Repository, engagement_id: str, snapshot_id: str) -> DocumentRecord:
    key = snapshot_id.strip().upper()
    if key.isdigit():
        key = f"S{key}"
    doc = repo.documents.get(engagement_id, SNAPSHOT_KIND, key)
    if doc is None:
        have = [s.id for s in list_snapshots(repo, engagement_id)]
        raise UserError(f"no snapshot {snapshot_id!r} in this engagement; "
                        + (f"it has {', '.join(have)}" if have else "it has none yet ('omm snapshot create')"))
    return doc


def get_snapshot(repo: Repository, engagement_id: str, snapshot_id: str) -> SnapshotInfo:
    return _info(_snapshot_doc(repo, engagement_id, snapshot_id))


def verify_snapshot(repo: Repository, engagement_id: str, snapshot_id: str) -> bool:
    """The stored hash still matches what the snapshot holds (nobody altered it in the database)."""
    doc = _snapshot_doc(repo, engagement_id, snapshot_id)
    return content_hash(doc.payload["frozen"]) == doc.payload["hash"]


def _scores_plain(library: ContentLibrary, data: EngagementData) -> dict[str, Any]:
    scores = score_records(library, data)
    out = {}
    for model_id, score in scores.models.items():
        out[model_id] = {
            "version": score.model_version, "level": score.level, "coverage": score.coverage,
            "capabilities": {c.capability_id: {"level": c.level, "target": c.target, "gap": c.gap,
                                               "confidence": c.confidence.label.value,
                                               "confidence_value": c.confidence.value}
                             for c in score.capabilities}}
    return out


def _frozen(library: ContentLibrary, repo: Repository, engagement_id: str, report_date: date) -> dict[str, Any]:
    """Everything a report of the engagement reads, as plain JSON, read in one go."""
    data = repo.engagement_data(engagement_id)
    previous = data.engagement.previous_engagement_id
    baseline = None
    if previous:
        try:
            baseline = _data_plain(repo.engagement_data(previous))
        except NotFound:
            baseline = None
    documents = [{"kind": d.kind, "key": d.key, "payload": d.payload, "version": d.version,
                  "updated_at": d.updated_at.isoformat(), "updated_by": d.updated_by}
                 for d in repo.documents.list(engagement_id) if d.kind not in REVIEW_KINDS]
    return {
        "format": FORMAT, "report_date": report_date.isoformat(), "data": _data_plain(data),
        "evidence": _plain(repo.list_evidence(engagement_id)), "sessions": _plain(repo.list_sessions(engagement_id)),
        "documents": documents, "baseline": baseline, "scores": _scores_plain(library, data),
    }


def _next_id(repo: Repository, engagement_id: str) -> str:
    numbers = [_number(d.key) for d in repo.documents.list(engagement_id, SNAPSHOT_KIND)]
    return f"S{max(numbers, default=0) + 1}"


def _clean(text: str, what: str) -> str:
    value = (text or "").strip()
    if len(value) > MAX_LABEL:
        raise UserError(f"the {what} is {len(value)} characters; at most {MAX_LABEL}")
    return value


def _snapshot_payload(library: ContentLibrary, repo: Repository, engagement_id: str, label: str, created_by: str,
                      report_date: date | None, signed: dict | None) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    frozen = _frozen(library, repo, engagement_id, report_date or now.date())
    return {"label": label, "created_at": now.isoformat(), "created_by": created_by, "signed_off": signed,
            "frozen": frozen, "hash": content_hash(frozen)}


def create_snapshot(library: ContentLibrary, repo: Repository, engagement_id: str, *, label: str = "",
                    created_by: str = "", report_date: date | None = None) -> SnapshotInfo:
    """Freeze the engagement as it is now (e.g. what was shown at a steering meeting), unsigned."""
    engagement = repo.get_engagement(engagement_id)
    label = _clean(label, "snapshot label")
    payload = _snapshot_payload(library, repo, engagement.id, label, created_by, report_date, None)
    doc = repo.documents.put(engagement.id, SNAPSHOT_KIND, _next_id(repo, engagement.id), payload,
                             updated_by=created_by, expected_version=0)
    return _info(doc)


# --- the checklist and sign-off ---------------------------------------------------------------------


def review_checklist(library: ContentLibrary, repo: Repository, engagement_id: str) -> Checklist:
    """What is still open before a report of the engagement is final."""
    from app.services.findings import load_diagnosis

    scores = score_records(library, repo.engagement_data(engagement_id))
    doc = repo.documents.get(scores.engagement.id, REQUESTS_KIND, REQUESTS_KEY)
    requests = RequestList.from_dict(doc.payload) if doc is not None and isinstance(doc.payload, dict) else None
    diagnosis = load_diagnosis(library, repo, scores)
    findings = [FindingState(f.id, f.title.to_dict(), f.status.value) for f in diagnosis.findings]
    return checklist(scores, requests, findings)


def sign_off(library: ContentLibrary, repo: Repository, engagement_id: str, lead: str, *, note: str = "",
             accept_open: bool = False, label: str = "", report_date: date | None = None) -> SnapshotInfo:
    """The lead consultant signs the engagement's results off: the checklist, a frozen snapshot, the status.

    With items still open, sign-off needs ``accept_open`` (they are recorded with the
    snapshot). One unit of work: the snapshot, the sign-off record and the status change
    are all stored, or none.
    """
    lead = _clean(lead, "lead consultant's name")
    if not lead:
        raise UserError("sign-off needs the lead consultant's name")
    note = (note or "").strip()
    if len(note) > 2000:
        raise UserError(f"the sign-off note is {len(note)} characters; at most 2000")
    engagement = repo.get_engagement(engagement_id)
    items = review_checklist(library, repo, engagement.id)
    if items.open_items and not accept_open:
        listed = ", ".join(f"{i.count} {OPEN_WORDS[i.key]}" for i in items.open_items)
        raise OpenItems(f"still open: {listed}; resolve them, or sign off accepting what is still open")
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    signed = {"by": lead, "at": now.isoformat(), "note": note,
              "open_items": [i.to_dict() for i in items.open_items]}
    payload = _snapshot_payload(library, repo, engagement.id, _clean(label, "snapshot label"), lead, report_date,
                                signed)
    snapshot_id = _next_id(repo, engagement.id)
    with repo.unit_of_work() as uow:
        doc = uow.documents.put(engagement.id, SNAPSHOT_KIND, snapshot_id, payload, updated_by=lead,
                                expected_version=0)
        uow.documents.put(engagement.id, SIGNOFF_KIND, snapshot_id,
                          {"snapshot": snapshot_id, "hash": payload["hash"], **signed}, updated_by=lead,
                          expected_version=0)
        if engagement.status in (EngagementStatus.PLANNED, EngagementStatus.IN_PROGRESS):
            uow.update_engagement(engagement.id, status=EngagementStatus.REPORTING)
    return _info(doc)


# --- reading a snapshot as if it were the repository ----------------------------------------------------


class _FrozenDocuments:
    def __init__(self, engagement_id: str, documents: Iterable[Mapping[str, Any]]) -> None:
        self._docs = [DocumentRecord(f"{engagement_id}:{d['kind']}:{d['key']}", engagement_id, d["kind"], d["key"],
                                     d["payload"], d["version"], _dt(d["updated_at"]), d["updated_by"])
                      for d in documents]

    def get(self, engagement_id: str, kind: str, key: str) -> DocumentRecord | None:
        return next((d for d in self._docs if d.engagement_id == engagement_id and d.kind == kind and d.key == key),
                    None)

    def list(self, engagement_id: str, kind: str | None = None) -> list[DocumentRecord]:
        return sorted((d for d in self._docs if d.engagement_id == engagement_id and (kind is None or d.kind == kind)),
                      key=lambda d: (d.kind, d.key))

    def put(self, *args, **kwargs):
        raise UserError("a snapshot cannot be changed")


class SnapshotRepository:
    """The repository's read methods over one snapshot: what every report kind reads, frozen.

    A report kind that reads anything else (or tries to write) fails loudly rather than mix
    today's data into a report "as presented".
    """

    def __init__(self, snapshot: SnapshotInfo, frozen: Mapping[str, Any]) -> None:
        self.snapshot = snapshot
        self._data = _data(frozen["data"])
        self._baseline = _data(frozen["baseline"]) if frozen.get("baseline") else None
        self._evidence = tuple(EvidenceRecord(**{**e, "added_at": _dt(e["added_at"])}) for e in frozen["evidence"])
        self._sessions = tuple(SessionRecord(**{**s, "started_at": _dt(s["started_at"]),
                                               "ended_at": _dt(s.get("ended_at"))}) for s in frozen["sessions"])
        self.documents = _FrozenDocuments(self._data.engagement.id, frozen["documents"])

    def _for(self, engagement_id: str) -> EngagementData:
        if engagement_id == self._data.engagement.id:
            return self._data
        if self._baseline is not None and engagement_id == self._baseline.engagement.id:
            return self._baseline
        raise NotFound(f"the snapshot holds no engagement {engagement_id}")

    def engagement_data(self, engagement_id: str) -> EngagementData:
        return self._for(engagement_id)

    def get_engagement(self, engagement_id: str) -> EngagementRecord:
        return self._for(engagement_id).engagement

    def find_engagement(self, id_or_name: str) -> EngagementRecord:
        return self.get_engagement(id_or_name)

    def list_interviewees(self, engagement_id: str) -> list[IntervieweeRecord]:
        return list(self._for(engagement_id).interviewees)

    def list_answers(self, engagement_id: str | None, *, interviewee_id: str | None = None,
                     questionnaire_id: str | None = None, question_id: str | None = None) -> list[AnswerRecord]:
        answers = self._data.answers if engagement_id is None else self._for(engagement_id).answers
        return [a for a in answers if (interviewee_id is None or a.interviewee_id == interviewee_id)
                and (questionnaire_id is None or a.questionnaire_id == questionnaire_id)
                and (question_id is None or a.question_id == question_id)]

    def list_targets(self, engagement_id: str) -> list[TargetRecord]:
        return list(self._for(engagement_id).targets)

    def list_overrides(self, engagement_id: str) -> list[OverrideRecord]:
        return list(self._for(engagement_id).overrides)

    def list_evidence(self, engagement_id: str) -> list[EvidenceRecord]:
        return list(self._evidence) if engagement_id == self._data.engagement.id else []

    def list_sessions(self, engagement_id: str) -> list[SessionRecord]:
        return list(self._sessions) if engagement_id == self._data.engagement.id else []


def snapshot_repository(repo: Repository, engagement_id: str, snapshot_id: str) -> SnapshotRepository:
    doc = _snapshot_doc(repo, engagement_id, snapshot_id)
    frozen = doc.payload["frozen"]
    if frozen.get("format") != FORMAT:
        raise UserError(f"snapshot {doc.key} was written by another version of omm (format {frozen.get('format')})")
    return SnapshotRepository(_info(doc), frozen)


# --- re-assessment from a snapshot ----------------------------------------------------------------------


def start_reassessment(library: ContentLibrary, repo: Repository, engagement_id: str, snapshot_id: str,
                       name: str, *, created_by: str = "") -> EngagementRecord:
    """A new engagement of the same customer that starts from the snapshot's interviewees and answers.

    It re-assesses the engagement (its baseline), records the content versions the snapshot
    used, and keeps the answers it started from, so each answer can be marked new, changed
    or carried over. One unit of work.
    """
    doc = _snapshot_doc(repo, engagement_id, snapshot_id)
    frozen = doc.payload["frozen"]
    data = _data(frozen["data"])
    source = data.engagement
    with repo.unit_of_work() as uow:
        copy = uow.create_engagement(
            source.customer.id, name, services=source.services, content=source.content,
            consultant=source.consultant, scope_notes=source.scope_notes, language=source.language,
            previous_engagement_id=source.id)
        id_map: dict[str, str] = {}
        for person in data.interviewees:
            new = uow.add_interviewee(copy.id, person.name, person.role, department=person.department,
                                      contact=person.contact, questionnaire_id=person.questionnaire_id,
                                      notes=person.notes, kind=person.kind)
            id_map[person.id] = new.id
        started: dict[str, list] = {}
        for a in data.answers:
            if a.status is None or a.interviewee_id not in id_map:
                continue
            who = id_map[a.interviewee_id]
            uow.save_answer(copy.id, who, a.questionnaire_id, a.question_id, a.status, a.value,
                            confidence=a.confidence, answered_by=a.answered_by)
            if a.note:
                uow.set_answer_note(copy.id, who, a.questionnaire_id, a.question_id, a.note)
            started[_answer_key(who, a.questionnaire_id, a.question_id)] = [a.status, a.value]
        for d in frozen["documents"]:
            if d["kind"] not in REVIEW_KINDS:
                uow.documents.put(copy.id, d["kind"], d["key"], d["payload"], updated_by=created_by)
        uow.documents.put(copy.id, REASSESSMENT_KIND, REASSESSMENT_KEY,
                          {"source_engagement": source.id, "snapshot": doc.key, "hash": doc.payload["hash"],
                           "answers": started}, updated_by=created_by)
    return copy


def _answer_key(interviewee_id: str, questionnaire_id: str, question_id: str) -> str:
    return f"{interviewee_id}|{questionnaire_id}|{question_id}"


MARKS = ("new", "changed", "carried_over")


@dataclass(frozen=True)
class ReassessmentMarks:
    snapshot: str  # the snapshot the re-assessment started from
    source_engagement: str
    marks: Mapping[tuple[str, str, str], str]  # (interviewee, questionnaire, question) -> new | changed | carried_over
    withdrawn: int  # answers the snapshot had that are no longer given

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(MARKS, 0)
        for m in self.marks.values():
            out[m] += 1
        return out


def answer_marks(repo: Repository, engagement_id: str) -> ReassessmentMarks | None:
    """Each given answer of a re-assessment marked against the snapshot it started from (None: not one)."""
    doc = repo.documents.get(engagement_id, REASSESSMENT_KIND, REASSESSMENT_KEY)
    if doc is None:
        return None
    started = {k: tuple(v) for k, v in (doc.payload.get("answers") or {}).items()}
    marks: dict[tuple[str, str, str], str] = {}
    seen: set[str] = set()
    for a in repo.list_answers(engagement_id):
        if a.status is None:
            continue
        key = _answer_key(a.interviewee_id, a.questionnaire_id, a.question_id)
        before = started.get(key)
        seen.add(key)
        mark = "new" if before is None else "carried_over" if before == (a.status, a.value) else "changed"
        marks[(a.interviewee_id, a.questionnaire_id, a.question_id)] = mark
    return ReassessmentMarks(doc.payload.get("snapshot", ""), doc.payload.get("source_engagement", ""), marks,
                             len(set(started) - seen))
