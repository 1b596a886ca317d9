"""Engagements: which content a service needs, and setting up, copying and deleting an engagement.

A use case that writes several records (customer + engagement + services + content
versions; a copy with its interviewees and documents; a deletion) runs in one unit of
work: it is saved whole or not at all, so a failed save can simply be tried again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.assessment import engagement_models, engagement_questionnaires  # noqa: F401  (part of this area's API)
from app.content.loader import ContentLibrary, ContentNotFound
from app.content.schema import Service, ServiceCatalogue, ServiceSize
from app.errors import UserError
from app.storage.records import (
    ContentRef,
    CustomerRecord,
    EngagementFilter,
    EngagementRecord,
    EngagementStatus,
    EngagementSummary,
    ServiceChoice,
)
from app.storage.repository import Repository, UnitOfWork


def content_for_services(library: ContentLibrary, services: Iterable[ServiceChoice]) -> list[ContentRef]:
    """The newest models and questionnaires the chosen services use, to record on the engagement."""
    catalogue = library.catalogue
    if catalogue is None:
        raise UserError("no service catalogue is installed in the content directory")
    by_id = {s.id: s for s in catalogue.services}
    refs: dict[tuple[str, str], ContentRef] = {}
    for choice in services:
        service = by_id.get(choice.service_id)
        if service is None:
            raise UserError(f"unknown service {choice.service_id!r}; known: {', '.join(sorted(by_id))}")
        try:
            _add_service_content(library, service, refs)
        except ContentNotFound as exc:
            raise UserError(f"service {service.id!r} needs {exc}; run 'omm validate'") from None
    return list(refs.values())


def _add_service_content(library: ContentLibrary, service: Service,
                         refs: dict[tuple[str, str], ContentRef]) -> None:
    for model_id in service.models:
        model = library.model(model_id)
        refs.setdefault(("model", model.id), ContentRef("model", model.id, model.version))
    for questionnaire_id in service.questionnaires:
        q = library.questionnaire(questionnaire_id)
        refs.setdefault(("questionnaire", q.id), ContentRef("questionnaire", q.id, q.version))
        m = library.model(q.model)
        refs.setdefault(("model", m.id), ContentRef("model", m.id, m.version))


def suggest_size(catalogue: ServiceCatalogue | None, it_headcount: int | None,
                 business_departments: int | None) -> ServiceSize | None:
    """Medium or Large from the customer's numbers, by the catalogue's sizing rules."""
    if catalogue is None or it_headcount is None:
        return None
    rules = {r.size: r for r in catalogue.sizing}
    large = rules.get(ServiceSize.LARGE)
    if large is not None:
        if large.it_staff_min is not None and it_headcount >= large.it_staff_min:
            return ServiceSize.LARGE
        if (large.business_departments_min is not None and business_departments is not None
                and business_departments >= large.business_departments_min):
            return ServiceSize.LARGE
    return ServiceSize.MEDIUM if ServiceSize.MEDIUM in rules else None


def keep_recorded_versions(recorded: Iterable[ContentRef], required: Iterable[ContentRef]) -> list[ContentRef]:
    """The content an edited engagement records: what its services need, at the versions it already uses.

    Changing the services of an engagement must not move the answers it already holds
    onto a newer questionnaire version; only content it did not use yet comes in at
    the newest version.
    """
    old = {(r.kind, r.content_id): r for r in recorded}
    return [old.get((r.kind, r.content_id), r) for r in required]


def suggest_copy_name(name: str, existing: Iterable[str], year: int) -> str:
    """A free name for a re-assessment of ``name``: this year's instead of the old one, else "(re-assessment)"."""
    taken = {n.strip().lower() for n in existing}
    match = re.search(r"(19|20)\d\d(?!.*(19|20)\d\d)", name)
    if match and int(match.group(0)) != year:
        base = name[:match.start()] + str(year) + name[match.end():]
    else:
        base = f"{name} (re-assessment)"
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate, n = f"{base} ({n})", n + 1
    return candidate


# --- setting up, copying and deleting: each one unit of work -----------------------------


@dataclass(frozen=True)
class CustomerDraft:
    """The customer as the setup form holds it: an existing one (``id``) with its edits, or a new one."""

    name: str
    industry: str = ""
    it_headcount: int | None = None
    business_departments: int | None = None
    id: str | None = None  # None: a new customer
    # The controlled entries benchmarks group by ("" unmapped); None maps the words and headcount once.
    industry_code: str | None = None
    size_code: str | None = None


@dataclass(frozen=True)
class EngagementDraft:
    """Everything the setup form holds: one value object, so a retry writes exactly what was typed."""

    name: str
    customer: CustomerDraft
    services: tuple[ServiceChoice, ...]
    consultant: str = ""
    start_date: date | None = None
    end_date: date | None = None
    status: EngagementStatus = EngagementStatus.PLANNED
    scope_notes: str = ""
    language: str = "en"


def _services_changed(existing: EngagementRecord | None, services: Sequence[ServiceChoice]) -> bool:
    return existing is None or \
        sorted(s.service_id for s in services) != sorted(s.service_id for s in existing.services)


def save_engagement(repo: Repository, library: ContentLibrary, draft: EngagementDraft,
                    existing: EngagementRecord | None = None) -> EngagementRecord:
    """Create the engagement (``existing`` None) or save its edits, with its customer, in one unit of work.

    A new engagement records the newest content its services need; an edited one keeps the
    versions it already uses (see keep_recorded_versions). On any error nothing is saved:
    not the new customer either, so the same draft can be saved again.
    """
    services = list(draft.services)
    content: list[ContentRef] | None = None
    if _services_changed(existing, services):
        required = content_for_services(library, services)
        content = required if existing is None else keep_recorded_versions(existing.content, required)
    fields = dict(consultant=draft.consultant.strip(), start_date=draft.start_date, end_date=draft.end_date,
                  status=EngagementStatus(draft.status), scope_notes=draft.scope_notes, language=draft.language)
    with repo.unit_of_work() as uow:
        customer_id = _save_customer(uow, draft.customer)
        if existing is None:
            return uow.create_engagement(customer_id, draft.name, services=services, content=content or (),
                                         **fields)
        update: dict[str, object] = dict(fields, name=draft.name, customer_id=customer_id)
        if sorted((s.service_id, s.size) for s in services) == \
                sorted((s.service_id, s.size) for s in existing.services):
            return uow.update_engagement(existing.id, **update)
        return uow.update_engagement(existing.id, services=services,
                                     content=content if content is not None else existing.content, **update)


def _save_customer(uow: UnitOfWork, draft: CustomerDraft) -> str:
    if draft.id is None:
        return uow.create_customer(draft.name, draft.industry, draft.it_headcount, draft.business_departments,
                                   industry_code=draft.industry_code, size_code=draft.size_code).id
    current = next((c for c in uow.list_customers() if c.id == draft.id), None)
    if current is None:
        raise UserError("the customer chosen in the form no longer exists; choose it again")
    changes = {k: v for k, v in (("name", " ".join(draft.name.split())), ("industry", draft.industry),
                                 ("it_headcount", draft.it_headcount),
                                 ("business_departments", draft.business_departments),
                                 ("industry_code", draft.industry_code), ("size_code", draft.size_code))
               if v is not None or k not in ("industry_code", "size_code")
               if getattr(current, k) != v}
    if changes:
        uow.update_customer(draft.id, **changes)
    return draft.id


def duplicate_engagement(repo: Repository, engagement_id: str, new_name: str, *,
                         as_reassessment: bool = True, with_answers: bool = False) -> EngagementRecord:
    """A copy of the setup, interviewees and documents (one unit of work), e.g. next year's re-assessment."""
    return repo.duplicate_engagement(engagement_id, new_name, with_answers=with_answers,
                                     as_reassessment=as_reassessment)


def delete_engagement(repo: Repository, engagement_id: str) -> None:
    """The engagement and everything it holds (answers, evidence, documents); files go once committed."""
    with repo.unit_of_work() as uow:
        uow.delete_engagement(engagement_id)


# --- reading and small edits ------------------------------------------------------------------


def get_engagement(repo: Repository, engagement_id: str) -> EngagementRecord:
    return repo.get_engagement(engagement_id)


def find_engagement(repo: Repository, id_or_name: str) -> EngagementRecord:
    """ENGAGEMENT on the command line: an id, an id prefix, or a unique (part of a) name."""
    return repo.find_engagement(id_or_name)


def list_customers(repo: Repository) -> list[CustomerRecord]:
    return repo.list_customers()


def list_engagements(repo: Repository, flt: EngagementFilter | None = None) -> list[EngagementSummary]:
    return repo.list_engagements(flt)


def engagement_names(repo: Repository) -> list[str]:
    """Every engagement's name, archived ones included (names are unique across all)."""
    return [e.name for e in repo.list_engagements(EngagementFilter(include_archived=True))]


def recent_engagements(repo: Repository, limit: int = 8) -> list[EngagementSummary]:
    return repo.recent_engagements(limit)


def mark_opened(repo: Repository, engagement_id: str) -> None:
    repo.mark_opened(engagement_id)


def set_archived(repo: Repository, engagement_id: str, archived: bool) -> EngagementRecord:
    return repo.update_engagement(engagement_id, archived=archived)


@dataclass(frozen=True)
class EngagementContents:
    """What deleting an engagement would remove, for the confirmation."""

    engagement: EngagementRecord
    interviewees: int
    answers: int


def engagement_contents(repo: Repository, engagement_id: str) -> EngagementContents:
    data = repo.engagement_data(engagement_id)
    return EngagementContents(data.engagement, len(data.interviewees), sum(1 for a in data.answers if a.status))
