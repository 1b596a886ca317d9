"""Organisation optimisation: the engagement's organisation design, its checks and its report.

The design is one versioned JSON document per engagement in the engagement documents
store (kind ``organisation_design``, key ``main``). Until the consultant saves one, an
engagement gets a fresh design seeded from the Medium or Large template of the size it
bought. Every save is checked the way a loaded document is (``OrganisationDesign.from_dict``):
a bad value is refused with the field it is in and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.content.loader import ContentLibrary, ContentNotFound
from app.content.schema import MaturityModel, OrganisationModel
from app.errors import UserError
from app.planning.model import Plan
from app.planning.organisation import OrganisationDesign, TransitionStep, validate_design
from app.planning.organisation_checks import DesignCheck, check_design
from app.planning.organisation_seed import ActivityRef, activities, new_design
from app.planning.organisation_transition import align_to_roadmap, propose_transition
from app.reports.organisation_context import OrganisationView, build_organisation_view
from app.storage.records import EngagementRecord
from app.storage.repository import Repository

DOCUMENT_KIND = "organisation_design"
DOCUMENT_KEY = "main"
SERVICE_ID = "organisation-optimisation"
DEFAULT_MODEL = "om-organisation"

__all__ = [
    "DOCUMENT_KIND",
    "OrganisationContent",
    "StoredDesign",
    "check",
    "current_from_answers",
    "design_size",
    "load_design",
    "organisation_content",
    "organisation_view",
    "propose",
    "propose_transition",
    "roadmap_link",
    "save_design",
]


@dataclass(frozen=True)
class OrganisationContent:
    model: OrganisationModel
    processes: MaturityModel | None
    activities: tuple[ActivityRef, ...]

    @property
    def activity_ids(self) -> list[str]:
        return [a.id for a in self.activities]


@dataclass(frozen=True)
class RoadmapLink:
    """The engagement's planning roadmap, as the transition plan follows it."""

    plan: Plan
    starts: dict[str, float]  # initiative id -> the month the roadmap starts it


@dataclass(frozen=True)
class StoredDesign:
    design: OrganisationDesign
    version: int  # 0: not saved yet (seeded from the template)


def organisation_content(library: ContentLibrary, model_id: str = DEFAULT_MODEL,
                         version: str | None = None) -> OrganisationContent:
    """The organisation model (the version the design recorded, if still installed) and its processes."""
    candidates = [m for m in library.organisation_models if m.id == model_id]
    if not candidates:
        raise UserError(f"the organisation model {model_id!r} is not installed; run 'omm validate'")
    model = next((m for m in candidates if m.version == version), candidates[-1])
    processes = None
    if model.process_model:
        try:
            processes = library.model(model.process_model)
        except ContentNotFound:
            processes = None
    return OrganisationContent(model, processes, tuple(activities(model, processes)))


def design_size(engagement: EngagementRecord) -> str:
    """Medium or Large, from the organisation service the engagement bought (Medium otherwise)."""
    for choice in engagement.services:
        if choice.service_id == SERVICE_ID and choice.size in ("medium", "large"):
            return choice.size
    sizes = {c.size for c in engagement.services}
    return "large" if "large" in sizes else "medium"


def load_design(library: ContentLibrary, repo: Repository, engagement_id: str) -> StoredDesign:
    engagement = repo.get_engagement(engagement_id)
    record = repo.documents.get(engagement.id, DOCUMENT_KIND, DOCUMENT_KEY)
    if record is not None:
        try:
            return StoredDesign(OrganisationDesign.from_dict(record.payload), record.version)
        except UserError as exc:
            raise UserError(f"the stored organisation design of {engagement.name!r} is damaged: {exc}") from None
    content = organisation_content(library)
    size = design_size(engagement)
    # Large spans sites; the consultant renames them.
    sites = ("Site A", "Site B") if size == "large" else ("",)
    design = new_design(content.model, size, sites=sites)
    surveyed = current_from_answers(repo, engagement.id, sites)
    if surveyed is not None:
        design.current = surveyed  # the survey's numbers, until the consultant edits them
    return StoredDesign(design, 0)


def current_from_answers(repo: Repository, engagement_id: str, sites: tuple[str, ...] = ("",)):
    """The current organisation the organisation survey's answers describe, or None (see organisation_survey)."""
    from app.planning.organisation_survey import QUESTIONS, SURVEY_ID, current_from_survey

    given: dict[str, list[str]] = {}
    for answer in repo.list_answers(engagement_id, questionnaire_id=SURVEY_ID):
        if answer.question_id in QUESTIONS and answer.status == "given" and answer.value not in (None, ""):
            given.setdefault(answer.question_id, []).append(str(answer.value))
    return current_from_survey(given, sites)


def save_design(repo: Repository, engagement_id: str, design: OrganisationDesign, *,
                expected_version: int | None = None, updated_by: str = "") -> int:
    """Check and store the design; returns its new version. Bad input raises and writes nothing."""
    checked = validate_design(design)
    record = repo.documents.put(engagement_id, DOCUMENT_KIND, DOCUMENT_KEY, checked.to_dict(),
                                expected_version=expected_version, updated_by=updated_by)
    return record.version


def roadmap_link(library: ContentLibrary, repo: Repository, engagement_id: str) -> RoadmapLink | None:
    """The planning roadmap of the same engagement: its saved plan, or the draft when it bought planning.

    None when it has neither, or when the plan cannot be scheduled (the Planning tab says why).
    Reading it scores the engagement once: call it when an engagement opens, not on every edit.
    """
    from app.services.planning import PLAN_KEY, PLAN_KIND, load_planning, planning_size

    engagement = repo.get_engagement(engagement_id)
    if repo.documents.get(engagement.id, PLAN_KIND, PLAN_KEY) is None and planning_size(engagement) is None:
        return None
    try:
        state = load_planning(library, repo, engagement.id)
    except UserError:
        return None
    return RoadmapLink(state.plan, {s.id: s.start_month for s in state.analysis.schedule.items})


def propose(design: OrganisationDesign, roadmap: RoadmapLink | None = None) -> list[TransitionStep]:
    """The proposed transition: on the roadmap's phases when the engagement has one."""
    steps = propose_transition(design.current, design.target)
    return align_to_roadmap(steps, roadmap.plan, roadmap.starts) if roadmap is not None else steps


def check(library: ContentLibrary, design: OrganisationDesign) -> DesignCheck:
    content = organisation_content(library, design.model_id or DEFAULT_MODEL, design.model_version or None)
    return check_design(design, content.model, content.activity_ids)


def organisation_view(library: ContentLibrary, repo: Repository, engagement_id: str, lang: str = "en",
                      design: OrganisationDesign | None = None, roadmap: RoadmapLink | None = None) -> OrganisationView:
    engagement = repo.get_engagement(engagement_id)
    if design is None:
        design = load_design(library, repo, engagement.id).design
    content = organisation_content(library, design.model_id or DEFAULT_MODEL, design.model_version or None)
    return build_organisation_view(design, content.model, content.processes, lang, engagement=engagement.name,
                                   customer=engagement.customer.name,
                                   roadmap=(roadmap.plan, roadmap.starts) if roadmap is not None else None)
