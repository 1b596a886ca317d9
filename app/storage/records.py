"""Plain, immutable records that storage hands to the rest of the program.

ORM instances and sessions never leave ``app.storage``: widgets, reports and
background threads get these instead, so nothing lazy-loads behind their back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class EngagementStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    REPORTING = "reporting"
    COMPLETED = "completed"


@dataclass(frozen=True)
class CustomerRecord:
    id: str
    name: str
    industry: str = ""
    it_headcount: int | None = None
    business_departments: int | None = None
    notes: str = ""
    # The controlled entries (app/content/classification.yaml) benchmarks group by; "" = unmapped.
    industry_code: str = ""
    size_code: str = ""


@dataclass(frozen=True)
class ServiceChoice:
    service_id: str
    size: str = "standard"


@dataclass(frozen=True)
class ContentRef:
    kind: str  # "model" | "questionnaire"
    content_id: str
    version: str


@dataclass(frozen=True)
class EngagementRecord:
    id: str
    name: str
    customer: CustomerRecord
    consultant: str
    start_date: date | None
    end_date: date | None
    status: EngagementStatus
    scope_notes: str
    previous_engagement_id: str | None
    archived: bool
    language: str
    services: tuple[ServiceChoice, ...]
    content: tuple[ContentRef, ...]
    created_at: datetime
    updated_at: datetime
    last_opened_at: datetime | None = None

    def content_version(self, kind: str, content_id: str) -> str | None:
        return next((c.version for c in self.content if c.kind == kind and c.content_id == content_id), None)


@dataclass(frozen=True)
class EngagementFilter:
    """What the engagement list is narrowed to (search text, customer, status ...)."""

    text: str = ""
    customer: str | None = None
    industry: str | None = None
    service_id: str | None = None
    status: EngagementStatus | None = None
    include_archived: bool = False
    started_after: date | None = None
    started_before: date | None = None


@dataclass(frozen=True)
class EngagementSummary:
    """One row of the engagement list: what a consultant scans for, cheap to fetch."""

    id: str
    name: str
    customer_name: str
    industry: str
    consultant: str
    status: EngagementStatus
    archived: bool
    start_date: date | None
    updated_at: datetime
    last_opened_at: datetime | None
    service_ids: tuple[str, ...]
    interviewee_count: int
    answer_count: int


@dataclass(frozen=True)
class IntervieweeRecord:
    id: str
    engagement_id: str
    name: str
    role: str
    department: str = ""
    contact: str = ""
    questionnaire_id: str | None = None
    planned_at: datetime | None = None
    notes: str = ""
    kind: str = "interview"  # RESPONDENT_KINDS: interviewed, or answered a survey workbook


RESPONDENT_KINDS = ("interview", "survey")


@dataclass(frozen=True)
class AnswerRecord:
    id: str
    engagement_id: str
    interviewee_id: str
    questionnaire_id: str
    question_id: str
    status: str | None
    value: str | None
    note: str
    confidence: str | None
    follow_up: bool
    answered_by: str
    answered_at: datetime
    evidence_ids: tuple[str, ...] = field(default=())
    evidence_strength: str | None = None  # claimed | shown | verified


@dataclass(frozen=True)
class EvidenceRecord:
    id: str
    engagement_id: str
    title: str
    stored_path: str | None
    original_name: str
    sha256: str | None
    size_bytes: int | None
    requested: bool
    received: bool
    description: str
    added_at: datetime


@dataclass(frozen=True)
class SessionRecord:
    id: str
    interviewee_id: str
    questionnaire_id: str
    started_at: datetime
    ended_at: datetime | None
    last_question_id: str | None
    elapsed_seconds: int


@dataclass(frozen=True)
class TargetRecord:
    model_id: str
    subject_id: str
    level: float


@dataclass(frozen=True)
class OverrideRecord:
    model_id: str
    capability_id: str
    level: float
    rationale: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class DocumentRecord:
    """One stored service artefact: a JSON payload under (engagement, kind, key).

    ``version`` starts at 1 and grows by one on every put; the payload is the
    caller's own copy (plain dicts, lists, strings, numbers, booleans and None).
    """

    id: str
    engagement_id: str
    kind: str
    key: str
    payload: Any
    version: int
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class EngagementData:
    """An engagement with everything its scores are computed from, read at one moment."""

    engagement: EngagementRecord
    interviewees: tuple[IntervieweeRecord, ...]
    answers: tuple[AnswerRecord, ...]
    targets: tuple[TargetRecord, ...]
    overrides: tuple[OverrideRecord, ...]


@dataclass(frozen=True)
class ScoreSummaryRecord:
    """An engagement's levels for one model, as the portfolio cache keeps them (see orm.ScoreSummary).

    ``payload``: ``{"domains": {id: [level, coverage]}, "capabilities": {id: [level, coverage]}}``;
    ``repo.portfolio.engagements`` gives it back as that JSON's text (decoded when a figure is read).
    """

    engagement_id: str
    model_id: str
    model_version: str
    rank: int
    stamp: int
    format: int
    level: float | None
    coverage: float | None
    payload: Any


@dataclass(frozen=True)
class PortfolioEngagement:
    """One engagement as the portfolio reads it: who, when, what was bought, and its cached summaries."""

    id: str
    name: str
    customer_id: str
    customer_name: str
    industry: str  # the customer's own words
    industry_code: str
    size_code: str
    status: EngagementStatus
    archived: bool
    start_date: date | None
    end_date: date | None
    created_at: datetime
    previous_engagement_id: str | None
    scores_stamp: int
    services: tuple[ServiceChoice, ...]
    content: tuple[ContentRef, ...]
    summaries: tuple[ScoreSummaryRecord, ...]
