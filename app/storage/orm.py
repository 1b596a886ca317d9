"""The database schema as typed SQLAlchemy 2 ORM classes.

Primary keys are UUID strings so that an engagement moved between laptops as a
package merges into a central repository without renumbering. Alembic owns the
schema (``app/storage/migrations``); a change here needs a migration there.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints: Alembic's batch mode on SQLite needs names to alter them later.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    industry: Mapped[str] = mapped_column(String(100), default="")  # the customer's own words
    # The controlled entries benchmarks group by (app/content/classification.yaml); "" = unmapped.
    industry_code: Mapped[str] = mapped_column(String(40), default="", server_default="")
    size_code: Mapped[str] = mapped_column(String(20), default="", server_default="")
    it_headcount: Mapped[int | None] = mapped_column(Integer)
    business_departments: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    engagements: Mapped[list[Engagement]] = relationship(back_populates="customer")


class Engagement(Base):
    __tablename__ = "engagements"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    consultant: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    scope_notes: Mapped[str] = mapped_column(Text, default="")
    previous_engagement_id: Mapped[str | None] = mapped_column(
        ForeignKey("engagements.id", ondelete="SET NULL"), index=True
    )
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    last_opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The language the consultant works and reports in for this customer.
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    # Counts the changes to what the engagement's scores are computed from (answers, overrides,
    # recorded content), bumped by database triggers (app/storage/score_triggers.py) whoever writes;
    # a score summary computed at another count is stale.
    scores_stamp: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    customer: Mapped[Customer] = relationship(back_populates="engagements")
    services: Mapped[list[EngagementService]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    content: Mapped[list[EngagementContent]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    interviewees: Mapped[list[Interviewee]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    documents: Mapped[list[EngagementDocument]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class EngagementService(Base):
    """A service the customer bought, with its size (standard, medium or large)."""

    __tablename__ = "engagement_services"
    __table_args__ = (UniqueConstraint("engagement_id", "service_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[str] = mapped_column(String(80))
    size: Mapped[str] = mapped_column(String(20), default="standard")


class EngagementContent(Base):
    """The id and version of each model and questionnaire an engagement uses.

    Recorded at creation so that an old engagement re-scores the same way after
    the content has moved on.
    """

    __tablename__ = "engagement_content"
    __table_args__ = (UniqueConstraint("engagement_id", "kind", "content_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "model" | "questionnaire"
    content_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(40))


class Interviewee(Base):
    """A respondent: a person interviewed, or one who filled in a survey workbook (``kind``).

    The same person may be both: their interview and their survey count as two
    respondents, so a name is unique per engagement and kind.
    """

    __tablename__ = "interviewees"
    __table_args__ = (UniqueConstraint("engagement_id", "kind", "name"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(80))
    department: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    questionnaire_id: Mapped[str | None] = mapped_column(String(80))
    planned_at: Mapped[datetime | None] = mapped_column(DateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # "interview" (answers given to a consultant) or "survey" (a workbook the person filled in)
    kind: Mapped[str] = mapped_column(String(20), default="interview", server_default="interview")


class InterviewSession(Base):
    __tablename__ = "interview_sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    interviewee_id: Mapped[str] = mapped_column(ForeignKey("interviewees.id", ondelete="CASCADE"), index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_question_id: Mapped[str | None] = mapped_column(String(80))
    elapsed_seconds: Mapped[int] = mapped_column(Integer, default=0)


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("interviewee_id", "questionnaire_id", "question_id"),
        Index("ix_answers_engagement_questionnaire", "engagement_id", "questionnaire_id"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    interviewee_id: Mapped[str] = mapped_column(ForeignKey("interviewees.id", ondelete="CASCADE"))
    questionnaire_id: Mapped[str] = mapped_column(String(80))
    question_id: Mapped[str] = mapped_column(String(80))
    # None while only a note or a flag exists; else given | not_applicable | unknown
    status: Mapped[str | None] = mapped_column(String(20))
    value: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[str | None] = mapped_column(String(10))
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    # claimed | shown | verified (None: not judged); feeds the capability's confidence
    evidence_strength: Mapped[str | None] = mapped_column(String(10))
    answered_by: Mapped[str] = mapped_column(String(200), default="")
    answered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Evidence(Base):
    __tablename__ = "evidence"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    # Relative to the evidence store; None for a requested document not received yet.
    stored_path: Mapped[str | None] = mapped_column(String(500))
    original_name: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    requested: Mapped[bool] = mapped_column(Boolean, default=False)
    received: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EvidenceChunk(Base):
    """The bytes of an evidence file, in order, for a repository shared between machines.

    A SQLite repository keeps its evidence files in a folder next to the database; a
    PostgreSQL one keeps them here (1 MiB a row, so neither side holds a large file in
    memory) and each machine keeps a cache of the files it opened.
    """

    __tablename__ = "evidence_chunks"
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class AnswerEvidence(Base):
    __tablename__ = "answer_evidence"
    answer_id: Mapped[str] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True)


class Target(Base):
    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("engagement_id", "model_id", "subject_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    model_id: Mapped[str] = mapped_column(String(80))
    subject_id: Mapped[str] = mapped_column(String(80))  # a capability or domain id
    level: Mapped[float] = mapped_column(Float)


class CapabilityOverride(Base):
    __tablename__ = "overrides"
    __table_args__ = (UniqueConstraint("engagement_id", "model_id", "capability_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    model_id: Mapped[str] = mapped_column(String(80))
    capability_id: Mapped[str] = mapped_column(String(80))
    level: Mapped[float] = mapped_column(Float)
    rationale: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EngagementDocument(Base):
    """A service artefact of an engagement (a plan, an organisation design, findings...) as JSON.

    One table for every kind, so a new service stores its work without a migration;
    ``version`` counts the puts, so an editor can tell that a colleague saved in between.
    """

    __tablename__ = "engagement_documents"
    __table_args__ = (UniqueConstraint("engagement_id", "kind", "key"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(200))
    payload: Mapped[object] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200), default="")


class ScoreSummary(Base):
    """An engagement's levels for one model, condensed for the portfolio: a cache, never the source.

    Computed by the one scoring path (``app.assessment.score_records``) and stored with the
    engagement's ``scores_stamp`` it was computed at; the portfolio recomputes it when the
    stamp or ``format`` differs. ``payload`` holds the domain and capability levels.
    """

    __tablename__ = "score_summaries"
    engagement_id: Mapped[str] = mapped_column(ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True)
    model_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    model_version: Mapped[str] = mapped_column(String(40))
    rank: Mapped[int] = mapped_column(Integer, default=0)  # 0: the model the engagement leads with
    stamp: Mapped[int] = mapped_column(Integer)
    format: Mapped[int] = mapped_column(Integer)
    level: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[float | None] = mapped_column(Float)
    payload: Mapped[object] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def _install_triggers() -> None:
    from app.storage.score_triggers import install_on

    install_on(Base.metadata)


_install_triggers()
