"""Every read and write of engagements, as plain records in and out.

Each public method is one transaction: an answer is committed the moment it is
given, so a crash loses at most what was being typed.

A use case that writes several records runs them in one unit of work instead::

    with repo.unit_of_work() as uow:
        customer = uow.create_customer("Acme")
        engagement = uow.create_engagement(customer.id, "Acme 2026", services=...)
        uow.documents.put(engagement.id, "plan", "main", {...})

``uow`` has every method of the repository, on one session: the block commits once
when it ends, and an exception anywhere in it rolls everything back (and a step that
failed inside it dooms the whole unit, even when the caller catches its error).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.content.classification import classification, industry_for_text, size_for_headcount
from app.errors import UserError
from app.storage import orm
from app.storage.database import Database, make_private_folder
from app.storage.documents import DocumentStore
from app.storage.errors import NotFound, StorageUnavailable
from app.storage.paths import engagement_folder, stored_file
from app.storage.portfolio import PortfolioStore
from app.storage.records import (
    RESPONDENT_KINDS,
    AnswerRecord,
    ContentRef,
    CustomerRecord,
    EngagementData,
    EngagementFilter,
    EngagementRecord,
    EngagementStatus,
    EngagementSummary,
    EvidenceRecord,
    IntervieweeRecord,
    OverrideRecord,
    ServiceChoice,
    SessionRecord,
    TargetRecord,
)

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024  # larger files belong on a share, referenced by title
EVIDENCE_CHUNK_BYTES = 1 << 20  # evidence bytes in a shared repository: one row per MiB
ANSWER_STATUSES = {"given", "not_applicable", "unknown"}
CONFIDENCES = {"low", "medium", "high"}
EVIDENCE_STRENGTHS = {"claimed", "shown", "verified"}


def _customer(row: orm.Customer) -> CustomerRecord:
    return CustomerRecord(row.id, row.name, row.industry, row.it_headcount, row.business_departments, row.notes,
                          row.industry_code or "", row.size_code or "")


def _interviewee(row: orm.Interviewee) -> IntervieweeRecord:
    return IntervieweeRecord(row.id, row.engagement_id, row.name, row.role, row.department, row.contact,
                             row.questionnaire_id, row.planned_at, row.notes, row.kind or "interview")


def _evidence(row: orm.Evidence) -> EvidenceRecord:
    return EvidenceRecord(row.id, row.engagement_id, row.title, row.stored_path, row.original_name, row.sha256,
                          row.size_bytes, row.requested, row.received, row.description, row.added_at)


def _local_naive(value: datetime | None) -> datetime | None:
    """Wall-clock times are stored without a zone; an aware one is first turned into local time.

    (PostgreSQL would otherwise shift it by the server's time zone, SQLite drop the zone.)
    """
    if value is not None and value.tzinfo is not None:
        return value.astimezone().replace(tzinfo=None)
    return value


def _unavailable(exc: OperationalError, dialect: str, what: str) -> StorageUnavailable | None:
    """The retryable reasons a write failed, in the consultant's words; None for anything else."""
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text or "lock timeout" in text or "deadlock" in text:
        return StorageUnavailable(f"the database is locked by another program; {what} was not saved")
    if "readonly" in text or "read-only" in text:
        return StorageUnavailable(f"the database has become read-only; {what} was not saved")
    if ("disk" in text and "full" in text) or "no space left" in text:
        return StorageUnavailable(f"the disk is full; {what} was not saved")
    if dialect != "sqlite":  # the server went away, a lock or deadlock timed out: worth a retry
        first = (str(exc.orig).strip().splitlines() or ["no reason given"])[0]
        return StorageUnavailable(f"the database server did not accept the change ({first}); {what} was not saved")
    return None


def _is_copy_of(path: Path, evidence: EvidenceRecord) -> bool:
    """The cached file is there with the recorded size (checksummed when it was fetched)."""
    try:
        return path.stat().st_size == evidence.size_bytes
    except OSError:
        return False


def _clean_name(value: str, what: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise UserError(f"{what} must not be empty")
    if len(cleaned) > 200:
        raise UserError(f"{what} is longer than 200 characters")
    return cleaned


def _updated(existing, cls, **values):
    """The existing row with new values, or a new row when there is none."""
    if existing is None:
        return cls(**values)
    for key, value in values.items():
        setattr(existing, key, value)
    return existing


def _classified(code: str, what: str) -> str:
    """A controlled entry's id, checked against the list ("" is unmapped)."""
    known = classification().industry(code) if what == "industry" else classification().size(code)
    if code and known is None:
        raise UserError(f"unknown {what} {code!r}; choose one of the list")
    return code


def _only(fields: dict[str, object], allowed: set[str], what: str) -> None:
    """A programming error, not a user's: an update names a field the record does not have."""
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown {what} fields {sorted(unknown)}")


def _ensure_name_free(s: Session, column, name: str, message: str, *conditions) -> None:
    """Names are unique case-insensitively (within ``conditions``); say so before the database does."""
    if s.scalar(select(column).where(func.lower(column) == name.lower(), *conditions).limit(1)) is not None:
        raise UserError(message)


class Repository:
    # A unit of work binds its session here; the plain repository opens one per call.
    _bound: Session | None = None

    def __init__(self, db: Database) -> None:
        self.db = db
        self._upsert = sqlite.insert if db.engine.dialect.name == "sqlite" else postgresql.insert
        self._upsert_cache: dict[frozenset[str], tuple[str, tuple[str, ...] | None, dict]] = {}
        self.documents = DocumentStore(self._session)
        self.portfolio = PortfolioStore(self._session)

    # -- plumbing -----------------------------------------------------------
    @contextmanager
    def _session(self) -> Iterator[Session]:
        session = self.db.sessions()
        try:
            with self._translated_errors(session):
                yield session
                session.commit()
        finally:
            session.close()

    @contextmanager
    def _translated_errors(self, session: Session) -> Iterator[None]:
        """Roll back on any error; the retryable and the conflicting ones in the consultant's words."""
        try:
            yield
        except OperationalError as exc:
            session.rollback()
            error = _unavailable(exc, self.db.engine.dialect.name, "the change")
            if error is not None:
                raise error from None
            raise
        except IntegrityError:
            # the checks above passed, then a colleague's change to a shared repository won the race
            session.rollback()
            raise UserError("the change conflicts with one saved at the same moment (perhaps by a colleague); "
                            "reload and try again") from None
        except BaseException:
            session.rollback()
            raise

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One transaction for several writes: all of them are committed when the block ends, or none.

        Inside a unit of work, ``unit_of_work()`` joins the outer one. Files the unit
        removes (an engagement's evidence) go only after the commit; files it added are
        removed again on a rollback.
        """
        if self._bound is not None:
            yield self  # type: ignore[misc]  # only a UnitOfWork has a bound session
            return
        session = self.db.sessions()
        uow = UnitOfWork(self, session)
        try:
            with self._translated_errors(session):
                yield uow
                if uow.failed is not None:  # a step failed and its error was caught: still all or nothing
                    raise uow.failed
                session.commit()
        except BaseException:
            uow._closed = True
            for undo in reversed(uow._rollback_actions):
                undo()
            raise
        finally:
            uow._closed = True
            session.close()
        for action in uow._commit_actions:
            action()

    def _after_commit(self, action) -> None:
        """Run ``action`` once the change is committed (now, outside a unit of work)."""
        action()

    def _on_rollback(self, action) -> None:
        """Run ``action`` if the unit of work is rolled back (a single call keeps today's behaviour)."""

    # -- customers ----------------------------------------------------------
    def create_customer(self, name: str, industry: str = "", it_headcount: int | None = None,
                        business_departments: int | None = None, notes: str = "", *,
                        industry_code: str | None = None, size_code: str | None = None) -> CustomerRecord:
        """A new customer; its industry and size entries are mapped from its own words and headcount
        unless given (``""`` leaves one unmapped)."""
        name = _clean_name(name, "customer name")
        industry_code = industry_for_text(industry) if industry_code is None else _classified(
            industry_code, "industry")
        size_code = size_for_headcount(it_headcount) if size_code is None else _classified(size_code, "size")
        for value, what in ((it_headcount, "IT headcount"), (business_departments, "business departments")):
            if value is not None and value < 0:
                raise UserError(f"{what} must not be negative")
        with self._session() as s:
            _ensure_name_free(s, orm.Customer.name, name, f"a customer named {name!r} already exists")
            row = orm.Customer(name=name, industry=industry.strip(), it_headcount=it_headcount,
                               business_departments=business_departments, notes=notes,
                               industry_code=industry_code, size_code=size_code)
            s.add(row)
            s.flush()
            return _customer(row)

    def update_customer(self, customer_id: str, **fields: object) -> CustomerRecord:
        _only(fields, {"name", "industry", "it_headcount", "business_departments", "notes", "industry_code",
                       "size_code"}, "customer")
        for key, what in (("industry_code", "industry"), ("size_code", "size")):
            if key in fields:
                fields[key] = _classified(str(fields[key] or ""), what)
        with self._session() as s:
            row = s.get(orm.Customer, customer_id)
            if row is None:
                raise NotFound(f"no customer {customer_id}")
            if "name" in fields:
                name = _clean_name(str(fields["name"]), "customer name")
                _ensure_name_free(s, orm.Customer.name, name, f"a customer named {name!r} already exists",
                                  orm.Customer.id != customer_id)
                fields["name"] = name
            for key, value in fields.items():
                setattr(row, key, value)
            s.flush()
            return _customer(row)

    def list_customers(self) -> list[CustomerRecord]:
        with self._session() as s:
            return [_customer(r) for r in s.scalars(select(orm.Customer).order_by(orm.Customer.name))]

    def find_customer(self, name: str) -> CustomerRecord | None:
        with self._session() as s:
            row = s.scalar(select(orm.Customer).where(func.lower(orm.Customer.name) == name.strip().lower()))
            return _customer(row) if row else None

    # -- engagements --------------------------------------------------------
    def create_engagement(
        self,
        customer_id: str,
        name: str,
        *,
        services: Sequence[ServiceChoice] = (),
        content: Sequence[ContentRef] = (),
        consultant: str = "",
        start_date: date | None = None,
        end_date: date | None = None,
        status: EngagementStatus = EngagementStatus.PLANNED,
        scope_notes: str = "",
        previous_engagement_id: str | None = None,
        language: str = "en",
    ) -> EngagementRecord:
        name = _clean_name(name, "engagement name")
        if start_date and end_date and end_date < start_date:
            raise UserError("the end date is before the start date")
        with self._session() as s:
            if s.get(orm.Customer, customer_id) is None:
                raise NotFound(f"no customer {customer_id}")
            _ensure_name_free(s, orm.Engagement.name, name, f"an engagement named {name!r} already exists")
            row = orm.Engagement(
                customer_id=customer_id, name=name, consultant=consultant.strip(), start_date=start_date,
                end_date=end_date, status=EngagementStatus(status).value, scope_notes=scope_notes,
                previous_engagement_id=previous_engagement_id, language=language,
            )
            row.services = [orm.EngagementService(service_id=sc.service_id, size=sc.size) for sc in services]
            row.content = [orm.EngagementContent(kind=c.kind, content_id=c.content_id, version=c.version)
                           for c in content]
            s.add(row)
            s.flush()
            return self._engagement(s, row)

    def _engagement(self, s: Session, row: orm.Engagement) -> EngagementRecord:
        return EngagementRecord(
            id=row.id, name=row.name, customer=_customer(row.customer), consultant=row.consultant,
            start_date=row.start_date, end_date=row.end_date, status=EngagementStatus(row.status),
            scope_notes=row.scope_notes, previous_engagement_id=row.previous_engagement_id,
            archived=row.archived, language=row.language,
            services=tuple(ServiceChoice(x.service_id, x.size) for x in row.services),
            content=tuple(ContentRef(c.kind, c.content_id, c.version) for c in row.content),
            created_at=row.created_at, updated_at=row.updated_at, last_opened_at=row.last_opened_at,
        )

    def get_engagement(self, engagement_id: str) -> EngagementRecord:
        with self._session() as s:
            row = s.get(orm.Engagement, engagement_id)
            if row is None:
                raise NotFound(f"no engagement with id {engagement_id}")
            return self._engagement(s, row)

    def find_engagement(self, id_or_name: str) -> EngagementRecord:
        """ENGAGEMENT on the command line: an id, an id prefix, or a unique (part of a) name."""
        key = id_or_name.strip()
        if not key:
            raise UserError("no engagement given")
        with self._session() as s:
            row = s.get(orm.Engagement, key)
            if row is None:
                row = s.scalar(select(orm.Engagement).where(func.lower(orm.Engagement.name) == key.lower()))
            if row is None:
                matches = list(s.scalars(select(orm.Engagement).where(
                    or_(func.lower(orm.Engagement.name).contains(key.lower(), autoescape=True),
                        orm.Engagement.id.startswith(key, autoescape=True)))
                    .order_by(orm.Engagement.name).limit(6)))
                if len(matches) > 1:
                    names = ", ".join(repr(m.name) for m in matches[:5])
                    raise UserError(f"{key!r} matches several engagements: {names}; give more of the name or the id")
                row = matches[0] if matches else None
            if row is None:
                raise NotFound(f"no engagement matches {key!r} (try 'omm list')")
            return self._engagement(s, row)

    def engagement_data(self, engagement_id: str) -> EngagementData:
        """What scoring an engagement reads, in one transaction (one consistent picture)."""
        with self.unit_of_work() as uow:
            return EngagementData(uow.get_engagement(engagement_id),
                                  tuple(uow.list_interviewees(engagement_id)),
                                  tuple(uow.list_answers(engagement_id)),
                                  tuple(uow.list_targets(engagement_id)),
                                  tuple(uow.list_overrides(engagement_id)))

    def list_engagements(self, flt: EngagementFilter | None = None) -> list[EngagementSummary]:
        flt = flt or EngagementFilter()
        e, c = orm.Engagement, orm.Customer
        interviewees = (select(orm.Interviewee.engagement_id, func.count().label("n"))
                        .group_by(orm.Interviewee.engagement_id).subquery())
        answers = (select(orm.Answer.engagement_id, func.count().label("n"))
                   .where(orm.Answer.status.is_not(None)).group_by(orm.Answer.engagement_id).subquery())
        # Columns, not ORM entities: the list is read on every visit and search keystroke,
        # and building a thousand Engagement objects costs more than the query.
        query = (select(e.id, e.name, e.consultant, e.status, e.archived, e.start_date, e.updated_at,
                        e.last_opened_at, c.name, c.industry, func.coalesce(interviewees.c.n, 0),
                        func.coalesce(answers.c.n, 0))
                 .join(c, e.customer_id == c.id)
                 .outerjoin(interviewees, interviewees.c.engagement_id == e.id)
                 .outerjoin(answers, answers.c.engagement_id == e.id))
        if not flt.include_archived:
            query = query.where(e.archived.is_(False))
        if flt.text:
            text = flt.text.strip().lower()
            query = query.where(or_(*(func.lower(col).contains(text, autoescape=True)
                                      for col in (e.name, c.name, e.consultant, c.industry))))
        if flt.customer:
            query = query.where(c.name == flt.customer)
        if flt.industry:
            query = query.where(c.industry == flt.industry)
        if flt.status:
            query = query.where(e.status == EngagementStatus(flt.status).value)
        if flt.started_after:
            query = query.where(e.start_date >= flt.started_after)
        if flt.started_before:
            query = query.where(e.start_date <= flt.started_before)
        if flt.service_id:
            query = query.where(e.id.in_(select(orm.EngagementService.engagement_id)
                                         .where(orm.EngagementService.service_id == flt.service_id)))
        query = query.order_by(e.updated_at.desc(), e.name)
        with self._session() as s:
            rows = s.execute(query).all()
            services: dict[str, list[str]] = {}
            for eng_id, service_id in s.execute(select(orm.EngagementService.engagement_id,
                                                       orm.EngagementService.service_id)):
                services.setdefault(eng_id, []).append(service_id)
            return [
                EngagementSummary(eng_id, name, customer_name, industry, consultant, EngagementStatus(status),
                                  bool(archived), start_date, updated_at, last_opened_at,
                                  tuple(sorted(services.get(eng_id, ()))), n_people, n_answers)
                for (eng_id, name, consultant, status, archived, start_date, updated_at, last_opened_at,
                     customer_name, industry, n_people, n_answers) in rows
            ]

    def update_engagement(self, engagement_id: str, **fields: object) -> EngagementRecord:
        _only(fields, {"name", "consultant", "start_date", "end_date", "status", "scope_notes", "archived",
                       "previous_engagement_id", "language", "customer_id", "services", "content"}, "engagement")
        with self._session() as s:
            row = s.get(orm.Engagement, engagement_id)
            if row is None:
                raise NotFound(f"no engagement with id {engagement_id}")
            if "name" in fields:
                name = _clean_name(str(fields["name"]), "engagement name")
                _ensure_name_free(s, orm.Engagement.name, name, f"an engagement named {name!r} already exists",
                                  orm.Engagement.id != engagement_id)
                fields["name"] = name
            if "status" in fields:
                fields["status"] = EngagementStatus(fields["status"]).value
            services = fields.pop("services", None)
            content = fields.pop("content", None)
            for key, value in fields.items():
                setattr(row, key, value)
            # Update rows in place by their natural key: replacing the collection would
            # insert the new rows before the old ones are deleted and trip the unique keys.
            if services is not None:
                by_key = {x.service_id: x for x in row.services}
                row.services = [_updated(by_key.get(x.service_id), orm.EngagementService,
                                         service_id=x.service_id, size=x.size) for x in services]
            if content is not None:
                by_ref = {(c.kind, c.content_id): c for c in row.content}
                row.content = [_updated(by_ref.get((c.kind, c.content_id)), orm.EngagementContent,
                                        kind=c.kind, content_id=c.content_id, version=c.version) for c in content]
            start, end = row.start_date, row.end_date
            if start and end and end < start:
                raise UserError("the end date is before the start date")
            row.updated_at = orm.utcnow()
            s.flush()
            return self._engagement(s, row)

    def mark_opened(self, engagement_id: str) -> None:
        with self._session() as s:
            s.execute(update(orm.Engagement).where(orm.Engagement.id == engagement_id)
                      .values(last_opened_at=orm.utcnow()))

    def recent_engagements(self, limit: int = 8) -> list[EngagementSummary]:
        opened = [x for x in self.list_engagements() if x.last_opened_at]
        return sorted(opened, key=lambda x: x.last_opened_at, reverse=True)[:limit]

    def duplicate_engagement(self, engagement_id: str, new_name: str, *, with_answers: bool = False,
                             as_reassessment: bool = True) -> EngagementRecord:
        """A copy of the setup (services, content, interviewees, documents), e.g. for next year's re-assessment.

        One unit of work: the copy is there with everything, or not at all.
        """
        with self.unit_of_work() as uow:
            source = uow.get_engagement(engagement_id)
            copy = uow.create_engagement(
                source.customer.id, new_name, services=source.services, content=source.content,
                consultant=source.consultant, scope_notes=source.scope_notes, language=source.language,
                previous_engagement_id=source.id if as_reassessment else source.previous_engagement_id,
            )
            id_map: dict[str, str] = {}
            for person in uow.list_interviewees(engagement_id):
                new = uow.add_interviewee(copy.id, person.name, person.role, department=person.department,
                                          contact=person.contact, questionnaire_id=person.questionnaire_id,
                                          kind=person.kind)
                id_map[person.id] = new.id
            if with_answers:
                for a in uow.list_answers(engagement_id):
                    if a.status:
                        uow.save_answer(copy.id, id_map[a.interviewee_id], a.questionnaire_id, a.question_id,
                                        a.status, a.value, confidence=a.confidence, answered_by=a.answered_by)
                        if a.evidence_strength:
                            uow.set_evidence_strength(copy.id, id_map[a.interviewee_id], a.questionnaire_id,
                                                      a.question_id, a.evidence_strength)
            uow.documents.copy_all(engagement_id, copy.id)
        return copy

    def delete_engagement(self, engagement_id: str) -> None:
        folder = engagement_folder(self.db.evidence_dir, engagement_id)  # a crafted id changes nothing
        with self._session() as s:
            row = s.get(orm.Engagement, engagement_id)
            if row is None:
                raise NotFound(f"no engagement with id {engagement_id}")
            s.delete(row)  # the database cascades to everything the engagement holds, documents included
            s.flush()
        self._after_commit(lambda: shutil.rmtree(folder, ignore_errors=True))

    # -- interviewees -------------------------------------------------------
    def add_interviewee(self, engagement_id: str, name: str, role: str, *, department: str = "",
                        contact: str = "", questionnaire_id: str | None = None,
                        planned_at: datetime | None = None, notes: str = "",
                        kind: str = "interview") -> IntervieweeRecord:
        name = _clean_name(name, "interviewee name")
        if not role.strip():
            raise UserError("the interviewee's role must not be empty")
        if kind not in RESPONDENT_KINDS:
            raise ValueError(f"unknown respondent kind {kind!r}")
        with self._session() as s:
            if s.get(orm.Engagement, engagement_id) is None:
                raise NotFound(f"no engagement with id {engagement_id}")
            _ensure_name_free(s, orm.Interviewee.name, name,
                              f"{name!r} is already registered in this engagement"
                              + (" as a survey respondent" if kind == "survey" else ""),
                              orm.Interviewee.engagement_id == engagement_id, orm.Interviewee.kind == kind)
            row = orm.Interviewee(engagement_id=engagement_id, name=name, role=role.strip(),
                                  department=department.strip(), contact=contact.strip(),
                                  questionnaire_id=questionnaire_id, planned_at=_local_naive(planned_at),
                                  notes=notes, kind=kind)
            s.add(row)
            s.flush()
            return _interviewee(row)

    def update_interviewee(self, interviewee_id: str, **fields: object) -> IntervieweeRecord:
        _only(fields, {"name", "role", "department", "contact", "questionnaire_id", "planned_at", "notes"},
              "interviewee")
        with self._session() as s:
            row = s.get(orm.Interviewee, interviewee_id)
            if row is None:
                raise NotFound(f"no interviewee {interviewee_id}")
            if "name" in fields:
                name = _clean_name(str(fields["name"]), "interviewee name")
                _ensure_name_free(s, orm.Interviewee.name, name,
                                  f"{name!r} is already registered in this engagement",
                                  orm.Interviewee.engagement_id == row.engagement_id,
                                  orm.Interviewee.kind == row.kind, orm.Interviewee.id != interviewee_id)
                fields["name"] = name
            if "planned_at" in fields:
                fields["planned_at"] = _local_naive(fields["planned_at"])
            for key, value in fields.items():
                setattr(row, key, value)
            s.flush()
            return _interviewee(row)

    def remove_interviewee(self, interviewee_id: str) -> None:
        with self._session() as s:
            s.execute(delete(orm.Interviewee).where(orm.Interviewee.id == interviewee_id))

    def list_interviewees(self, engagement_id: str) -> list[IntervieweeRecord]:
        with self._session() as s:
            rows = s.scalars(select(orm.Interviewee).where(orm.Interviewee.engagement_id == engagement_id)
                             .order_by(orm.Interviewee.created_at, orm.Interviewee.name))
            return [_interviewee(r) for r in rows]

    # -- answers ------------------------------------------------------------
    def save_answer(self, engagement_id: str, interviewee_id: str, questionnaire_id: str, question_id: str,
                    status: str | None, value: str | None = None, *, confidence: str | None = None,
                    answered_by: str = "") -> None:
        """Commit one answer now (insert or replace), keeping any note, flag and evidence."""
        if status is not None and status not in ANSWER_STATUSES:
            raise UserError(f"unknown answer status {status!r}")
        if confidence is not None and confidence not in CONFIDENCES:
            raise UserError(f"unknown confidence {confidence!r}")
        values = {"status": status, "value": value if status == "given" else None, "answered_at": orm.utcnow()}
        if confidence is not None:
            values["confidence"] = confidence
        if answered_by:
            values["answered_by"] = answered_by
        self._upsert_answer(engagement_id, interviewee_id, questionnaire_id, question_id, values)
        if status is not None:
            self._mark_started(engagement_id)

    def _mark_started(self, engagement_id: str) -> None:
        """A planned engagement is in progress from its first answer (one statement per engagement and process)."""
        started = self.__dict__.setdefault("_started_engagements", set())
        if engagement_id in started:
            return
        with self._session() as s:
            s.execute(update(orm.Engagement).where(orm.Engagement.id == engagement_id,
                                                   orm.Engagement.status == EngagementStatus.PLANNED.value)
                      .values(status=EngagementStatus.IN_PROGRESS.value))
        started.add(engagement_id)

    def set_answer_note(self, engagement_id: str, interviewee_id: str, questionnaire_id: str, question_id: str,
                        note: str) -> None:
        self._upsert_answer(engagement_id, interviewee_id, questionnaire_id, question_id, {"note": note})

    def set_answer_confidence(self, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                              question_id: str, confidence: str | None) -> None:
        if confidence is not None and confidence not in CONFIDENCES:
            raise UserError(f"unknown confidence {confidence!r}")
        self._upsert_answer(engagement_id, interviewee_id, questionnaire_id, question_id,
                            {"confidence": confidence})

    def set_evidence_strength(self, engagement_id: str, interviewee_id: str, questionnaire_id: str,
                              question_id: str, strength: str | None) -> None:
        if strength is not None and strength not in EVIDENCE_STRENGTHS:
            raise UserError(f"unknown evidence strength {strength!r}; choose claimed, shown or verified")
        self._upsert_answer(engagement_id, interviewee_id, questionnaire_id, question_id,
                            {"evidence_strength": strength})

    def set_follow_up(self, engagement_id: str, interviewee_id: str, questionnaire_id: str, question_id: str,
                      flag: bool) -> None:
        self._upsert_answer(engagement_id, interviewee_id, questionnaire_id, question_id, {"follow_up": flag})

    def _upsert_answer(self, engagement_id: str, interviewee_id: str, questionnaire_id: str, question_id: str,
                       values: dict[str, object]) -> None:
        # One INSERT ... ON CONFLICT DO UPDATE per answer: a single round trip and a
        # single short transaction, so saving never makes the interviewer wait. The
        # statement is compiled once per set of updated columns and runs straight on the
        # pooled driver connection (the pool still pings and resets it), which keeps a
        # save within a small factor of the bare driver (bench/bench_answer_save.py).
        row = {"id": orm.new_id(), "engagement_id": engagement_id, "interviewee_id": interviewee_id,
               "questionnaire_id": questionnaire_id, "question_id": question_id, "status": None, "value": None,
               "note": "", "confidence": None, "follow_up": False, "evidence_strength": None, "answered_by": "",
               "answered_at": orm.utcnow(), **values}
        sql, order, processors = self._answer_upsert(frozenset(values))
        for name, process in processors.items():
            row[name] = process(row[name])
        params = tuple(row[k] for k in order) if order else row
        if self._bound is not None:  # in a unit of work: the same statement on its connection
            with self._session() as s:
                s.flush()
                try:
                    s.connection().exec_driver_sql(sql, params)
                except IntegrityError:
                    raise NotFound("the interviewee or engagement no longer exists; the answer was not saved") \
                        from None
            return
        dialect = self.db.engine.dialect
        connection = self.db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(sql, params)
            finally:
                cursor.close()
            connection.commit()
        except dialect.loaded_dbapi.Error as exc:
            if dialect.is_disconnect(exc, connection.dbapi_connection, None):
                connection.invalidate(exc)  # a server gone mid-save: this connection is not reused
            else:
                try:
                    connection.rollback()
                except dialect.loaded_dbapi.Error:
                    connection.invalidate()
            if isinstance(exc, dialect.loaded_dbapi.IntegrityError):
                raise NotFound("the interviewee or engagement no longer exists; the answer was not saved") \
                    from None
            wrapped = DBAPIError.instance(sql, params, exc, dialect.loaded_dbapi.Error, dialect=dialect)
            error = _unavailable(wrapped, dialect.name, "the answer") \
                if isinstance(wrapped, OperationalError) else None
            if error is not None:
                raise error from None
            raise wrapped from exc
        finally:
            connection.close()  # back to the pool

    def _answer_upsert(self, updated: frozenset[str]) -> tuple[str, tuple[str, ...] | None, dict]:
        """The upsert for this set of updated columns, compiled once.

        SQLAlchemy cannot cache ON CONFLICT statements ("no key"), and compiling one
        costs ten times the insert itself; compiling once per column set keeps saving
        an answer within a small factor of a raw sqlite3 insert.
        """
        cached = self._upsert_cache.get(updated)
        if cached is None:
            table = orm.Answer.__table__
            dialect = self.db.engine.dialect
            insert = self._upsert(table).values({c.name: bindparam(c.name) for c in table.columns})
            conflict = ["interviewee_id", "questionnaire_id", "question_id"]
            if updated:
                stmt = insert.on_conflict_do_update(index_elements=conflict,
                                                    set_={k: insert.excluded[k] for k in sorted(updated)})
            else:
                stmt = insert.on_conflict_do_nothing(index_elements=conflict)
            compiled = stmt.compile(dialect=dialect)
            processors = {c.name: p for c in table.columns if (p := c.type.bind_processor(dialect)) is not None}
            order = tuple(compiled.positiontup) if compiled.positional else None
            cached = (str(compiled), order, processors)
            self._upsert_cache[updated] = cached
        return cached

    def replace_answers(self, engagement_id: str, interviewee_id: str,
                        answers: Sequence[tuple[str, str, str | None, str | None, str]], *,
                        answered_by: str = "") -> int:
        """The respondent's answers become exactly ``answers`` (questionnaire, question, status, value, note).

        A status of None keeps a note on a question left unanswered.
        For a survey workbook read back: one DELETE and one batched INSERT, so fifty forms of
        ninety questions import in a fraction of a second. Returns how many were written.
        """
        for _, _, status, _, _ in answers:
            if status is not None and status not in ANSWER_STATUSES:
                raise UserError(f"unknown answer status {status!r}")
        now = orm.utcnow()
        rows = [{"id": orm.new_id(), "engagement_id": engagement_id, "interviewee_id": interviewee_id,
                 "questionnaire_id": questionnaire_id, "question_id": question_id, "status": status,
                 "value": value if status == "given" else None, "note": note, "confidence": None,
                 "follow_up": False, "answered_by": answered_by, "answered_at": now}
                for questionnaire_id, question_id, status, value, note in answers]
        with self._session() as s:
            if s.get(orm.Interviewee, interviewee_id) is None:
                raise NotFound("the respondent no longer exists; the answers were not saved")
            s.execute(delete(orm.Answer).where(orm.Answer.interviewee_id == interviewee_id))
            if rows:
                s.execute(insert(orm.Answer), rows)
        if rows:
            self._mark_started(engagement_id)
        return len(rows)

    def clear_answer(self, interviewee_id: str, questionnaire_id: str, question_id: str) -> None:
        """Back to unanswered (undo of a first answer); keeps the note if there is one."""
        with self._session() as s:
            s.execute(update(orm.Answer).where(
                orm.Answer.interviewee_id == interviewee_id, orm.Answer.questionnaire_id == questionnaire_id,
                orm.Answer.question_id == question_id).values(status=None, value=None))

    def get_answer(self, interviewee_id: str, questionnaire_id: str, question_id: str) -> AnswerRecord | None:
        answers = self.list_answers(None, interviewee_id=interviewee_id, questionnaire_id=questionnaire_id,
                                    question_id=question_id)
        return answers[0] if answers else None

    def list_answers(self, engagement_id: str | None, *, interviewee_id: str | None = None,
                     questionnaire_id: str | None = None, question_id: str | None = None) -> list[AnswerRecord]:
        a = orm.Answer
        query = select(a.id, a.engagement_id, a.interviewee_id, a.questionnaire_id, a.question_id, a.status,
                       a.value, a.note, a.confidence, a.follow_up, a.answered_by, a.answered_at,
                       a.evidence_strength)
        if engagement_id is not None:
            query = query.where(a.engagement_id == engagement_id)
        if interviewee_id is not None:
            query = query.where(a.interviewee_id == interviewee_id)
        if questionnaire_id is not None:
            query = query.where(a.questionnaire_id == questionnaire_id)
        if question_id is not None:
            query = query.where(a.question_id == question_id)
        with self._session() as s:
            rows = s.execute(query).all()
            links: dict[str, list[str]] = {}
            if rows:
                link_query = select(orm.AnswerEvidence.answer_id, orm.AnswerEvidence.evidence_id).join(
                    orm.Answer, orm.Answer.id == orm.AnswerEvidence.answer_id)
                if engagement_id is not None:
                    link_query = link_query.where(orm.Answer.engagement_id == engagement_id)
                else:
                    link_query = link_query.where(orm.Answer.id.in_([r.id for r in rows]))
                for answer_id, evidence_id in s.execute(link_query):
                    links.setdefault(answer_id, []).append(evidence_id)
            return [AnswerRecord(*r[:-1], evidence_ids=tuple(links.get(r.id, ())), evidence_strength=r[-1])
                    for r in rows]

    # -- evidence -----------------------------------------------------------
    def add_evidence_file(self, engagement_id: str, source: Path | str, *, title: str = "",
                          description: str = "") -> EvidenceRecord:
        """Copy a file into the engagement's evidence store (atomically) and record its checksum.

        In a shared (non-SQLite) repository the bytes also go into the database, in the
        same transaction as the record, so a colleague's machine can open the file.
        """
        source = Path(source)
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise UserError(f"cannot read {source}: {exc.strerror}") from None
        if not source.is_file():
            raise UserError(f"{source} is not a file")
        if size > MAX_EVIDENCE_BYTES:
            raise UserError(f"{source.name} is {size / 1e6:.0f} MB; the limit is {MAX_EVIDENCE_BYTES // 10**6} MB "
                            "(reference large files by title instead)")
        target_dir = engagement_folder(self.db.evidence_dir, engagement_id)
        make_private_folder(target_dir)
        digest = hashlib.sha256()
        fd, tmp_name = tempfile.mkstemp(dir=target_dir, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    digest.update(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            safe_name = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in source.name)[-120:]
            stored = f"{sha[:16]}-{safe_name}"
            was_there = (target_dir / stored).exists()
            os.replace(tmp_name, target_dir / stored)
            if not was_there:
                self._on_rollback(lambda: (target_dir / stored).unlink(missing_ok=True))
        except OSError as exc:
            Path(tmp_name).unlink(missing_ok=True)
            raise UserError(f"cannot copy {source.name} into the evidence store: {exc.strerror}") from None
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        with self._session() as s:
            row = orm.Evidence(engagement_id=engagement_id, title=title.strip() or source.name,
                               stored_path=f"{engagement_id}/{stored}", original_name=source.name, sha256=sha,
                               size_bytes=size, requested=False, received=True, description=description)
            s.add(row)
            s.flush()
            if self.db.evidence_in_database:
                self._store_evidence_bytes(s, row.id, target_dir / stored)
            return _evidence(row)

    def rename_evidence(self, evidence_id: str, title: str) -> EvidenceRecord:
        title = _clean_name(title, "evidence title")
        with self._session() as s:
            row = s.get(orm.Evidence, evidence_id)
            if row is None:
                raise NotFound("that evidence no longer exists")
            row.title = title
            s.flush()
            return _evidence(row)

    def delete_evidence(self, evidence_id: str) -> None:
        """Remove a document from the engagement: its record, its links, and its stored copy if nothing else uses it."""
        with self._session() as s:
            row = s.get(orm.Evidence, evidence_id)
            if row is None:
                return
            stored = row.stored_path
            s.execute(delete(orm.AnswerEvidence).where(orm.AnswerEvidence.evidence_id == evidence_id))
            s.execute(delete(orm.EvidenceChunk).where(orm.EvidenceChunk.evidence_id == evidence_id))
            s.delete(row)
            s.flush()
            shared = stored is not None and s.scalar(
                select(func.count()).select_from(orm.Evidence).where(orm.Evidence.stored_path == stored)) > 0
        if stored and not shared:
            root = self.db.evidence_dir.resolve()
            path = (root / stored).resolve()
            if path.is_relative_to(root) and path != root:  # a stored path never leads out of the folder
                path.unlink(missing_ok=True)

    @staticmethod
    def _store_evidence_bytes(s: Session, evidence_id: str, path: Path) -> None:
        chunks = insert(orm.EvidenceChunk)
        with path.open("rb") as fh:
            for seq, data in enumerate(iter(lambda: fh.read(EVIDENCE_CHUNK_BYTES), b"")):
                s.execute(chunks, {"evidence_id": evidence_id, "seq": seq, "data": data})

    def request_evidence(self, engagement_id: str, title: str, description: str = "") -> EvidenceRecord:
        """A document asked of the customer, tracked until it arrives."""
        title = _clean_name(title, "evidence title")
        with self._session() as s:
            row = orm.Evidence(engagement_id=engagement_id, title=title, requested=True, received=False,
                               description=description)
            s.add(row)
            s.flush()
            return _evidence(row)

    def set_evidence_received(self, evidence_id: str, received: bool) -> None:
        with self._session() as s:
            s.execute(update(orm.Evidence).where(orm.Evidence.id == evidence_id).values(received=received))

    def evidence_path(self, evidence: EvidenceRecord) -> Path | None:
        """The file on this machine; from a shared repository it is fetched into the local cache first."""
        if not evidence.stored_path:
            return None
        path = stored_file(self.db.evidence_dir, evidence.stored_path, evidence.engagement_id)
        if self.db.evidence_in_database and not _is_copy_of(path, evidence):
            self._fetch_evidence(evidence, path)
        return path

    def _fetch_evidence(self, evidence: EvidenceRecord, path: Path) -> None:
        """Write the bytes the database holds to ``path`` (atomically, checksum verified)."""
        make_private_folder(path.parent)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        digest = hashlib.sha256()
        found = False
        try:
            with os.fdopen(fd, "wb") as out, self.db.engine.connect() as connection:
                rows = connection.execution_options(yield_per=8).execute(
                    select(orm.EvidenceChunk.data).where(orm.EvidenceChunk.evidence_id == evidence.id)
                    .order_by(orm.EvidenceChunk.seq))
                for (data,) in rows:
                    found = True
                    digest.update(data)
                    out.write(data)
            if not found:  # recorded before the repository kept evidence bytes: only its author has it
                Path(tmp_name).unlink(missing_ok=True)
                return
            if evidence.sha256 and digest.hexdigest() != evidence.sha256:
                raise UserError(f"the stored copy of {evidence.original_name or evidence.title} is damaged "
                                "(checksum mismatch)")
            os.replace(tmp_name, path)
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc.strerror}") from None
        finally:
            Path(tmp_name).unlink(missing_ok=True)

    def list_evidence(self, engagement_id: str) -> list[EvidenceRecord]:
        with self._session() as s:
            rows = s.scalars(select(orm.Evidence).where(orm.Evidence.engagement_id == engagement_id)
                             .order_by(orm.Evidence.added_at))
            return [_evidence(r) for r in rows]

    def link_evidence(self, engagement_id: str, interviewee_id: str, questionnaire_id: str, question_id: str,
                      evidence_id: str) -> None:
        self._upsert_answer(engagement_id, interviewee_id, questionnaire_id, question_id, {})
        with self._session() as s:
            answer_id = s.scalar(select(orm.Answer.id).where(
                orm.Answer.interviewee_id == interviewee_id, orm.Answer.questionnaire_id == questionnaire_id,
                orm.Answer.question_id == question_id))
            if s.get(orm.AnswerEvidence, (answer_id, evidence_id)) is None:
                s.add(orm.AnswerEvidence(answer_id=answer_id, evidence_id=evidence_id))

    def unlink_evidence(self, interviewee_id: str, questionnaire_id: str, question_id: str,
                        evidence_id: str) -> None:
        with self._session() as s:
            answer_id = s.scalar(select(orm.Answer.id).where(
                orm.Answer.interviewee_id == interviewee_id, orm.Answer.questionnaire_id == questionnaire_id,
                orm.Answer.question_id == question_id))
            s.execute(delete(orm.AnswerEvidence).where(orm.AnswerEvidence.answer_id == answer_id,
                                                       orm.AnswerEvidence.evidence_id == evidence_id))

    # -- interview sessions ---------------------------------------------------
    def start_session(self, engagement_id: str, interviewee_id: str, questionnaire_id: str, *,
                      started_at: datetime | None = None) -> SessionRecord:
        """A new interview session (now, or at ``started_at``, a UTC time, for sessions recorded afterwards)."""
        with self._session() as s:
            row = orm.InterviewSession(engagement_id=engagement_id, interviewee_id=interviewee_id,
                                       questionnaire_id=questionnaire_id)
            if started_at is not None:
                row.started_at = started_at.astimezone(UTC).replace(tzinfo=None) if started_at.tzinfo else started_at
            s.add(row)
            s.flush()
            return self._session_record(row)

    def touch_session(self, session_id: str, last_question_id: str | None, elapsed_seconds: int) -> None:
        with self._session() as s:
            s.execute(update(orm.InterviewSession).where(orm.InterviewSession.id == session_id)
                      .values(last_question_id=last_question_id, elapsed_seconds=elapsed_seconds))

    def end_session(self, session_id: str, elapsed_seconds: int) -> None:
        with self._session() as s:
            s.execute(update(orm.InterviewSession).where(orm.InterviewSession.id == session_id)
                      .values(ended_at=orm.utcnow(), elapsed_seconds=elapsed_seconds))

    def last_session(self, interviewee_id: str, questionnaire_id: str | None = None) -> SessionRecord | None:
        query = select(orm.InterviewSession).where(orm.InterviewSession.interviewee_id == interviewee_id)
        if questionnaire_id:
            query = query.where(orm.InterviewSession.questionnaire_id == questionnaire_id)
        with self._session() as s:
            row = s.scalar(query.order_by(orm.InterviewSession.started_at.desc()).limit(1))
            return self._session_record(row) if row else None

    def list_sessions(self, engagement_id: str) -> list[SessionRecord]:
        with self._session() as s:
            rows = s.scalars(select(orm.InterviewSession).where(orm.InterviewSession.engagement_id == engagement_id)
                             .order_by(orm.InterviewSession.started_at))
            return [self._session_record(r) for r in rows]

    @staticmethod
    def _session_record(row: orm.InterviewSession) -> SessionRecord:
        return SessionRecord(row.id, row.interviewee_id, row.questionnaire_id, row.started_at, row.ended_at,
                             row.last_question_id, row.elapsed_seconds)

    # -- targets and overrides -----------------------------------------------
    def set_target(self, engagement_id: str, model_id: str, subject_id: str, level: float | None, *,
                   scale: tuple[float, float] | None = None) -> None:
        """A target level (None removes it); given the model's scale (lowest, highest), off it is refused."""
        _check_on_scale("a target", level, scale)
        with self._session() as s:
            s.execute(delete(orm.Target).where(orm.Target.engagement_id == engagement_id,
                                               orm.Target.model_id == model_id,
                                               orm.Target.subject_id == subject_id))
            if level is not None:
                s.add(orm.Target(engagement_id=engagement_id, model_id=model_id, subject_id=subject_id,
                                 level=float(level)))

    def list_targets(self, engagement_id: str) -> list[TargetRecord]:
        with self._session() as s:
            rows = s.scalars(select(orm.Target).where(orm.Target.engagement_id == engagement_id))
            return [TargetRecord(r.model_id, r.subject_id, r.level) for r in rows]

    def set_override(self, engagement_id: str, model_id: str, capability_id: str, level: float | None,
                     rationale: str = "", author: str = "", *, scale: tuple[float, float] | None = None) -> None:
        if level is not None and not rationale.strip():
            raise UserError("an override needs a rationale: say what you saw that the answers do not show")
        _check_on_scale("an override", level, scale)
        with self._session() as s:
            s.execute(delete(orm.CapabilityOverride).where(
                orm.CapabilityOverride.engagement_id == engagement_id, orm.CapabilityOverride.model_id == model_id,
                orm.CapabilityOverride.capability_id == capability_id))
            if level is not None:
                s.add(orm.CapabilityOverride(engagement_id=engagement_id, model_id=model_id,
                                             capability_id=capability_id, level=float(level),
                                             rationale=rationale.strip(), author=author))

    def list_overrides(self, engagement_id: str) -> list[OverrideRecord]:
        with self._session() as s:
            rows = s.scalars(select(orm.CapabilityOverride)
                             .where(orm.CapabilityOverride.engagement_id == engagement_id))
            return [OverrideRecord(r.model_id, r.capability_id, r.level, r.rationale, r.author, r.created_at)
                    for r in rows]


class UnitOfWork(Repository):
    """The repository's methods on one session, committed together: made by ``Repository.unit_of_work()``."""

    def __init__(self, repo: Repository, session: Session) -> None:  # noqa: D107 - no new database
        self.db = repo.db
        self._upsert = repo._upsert
        self._upsert_cache = repo._upsert_cache
        self._bound = session
        self.documents = DocumentStore(self._session)
        self.portfolio = PortfolioStore(self._session)
        self.failed: BaseException | None = None  # the first step that raised: the unit cannot commit
        self._closed = False
        self._commit_actions: list = []
        self._rollback_actions: list = []

    @contextmanager
    def _session(self) -> Iterator[Session]:
        if self._closed:
            raise RuntimeError("this unit of work has ended; start a new one with repo.unit_of_work()")
        try:
            yield self._bound
        except BaseException as exc:
            if self.failed is None:
                self.failed = exc
            raise

    def _after_commit(self, action) -> None:
        self._commit_actions.append(action)

    def _on_rollback(self, action) -> None:
        self._rollback_actions.append(action)


def _check_on_scale(what: str, level: float | None, scale: tuple[float, float] | None) -> None:
    """A level stored for a model lies on its scale: a 7 on a 0-3 model would be stored and scored."""
    if level is None or scale is None:
        return
    low, high = scale
    if not low <= level <= high:  # NaN fails too
        raise UserError(f"{what} of {level:g} is outside the model's scale {low:g}-{high:g}")
