"""Use cases shared by the window, the command line and the tests.

Each function joins content (what was asked) with storage (what was answered) and
returns plain objects; nothing here knows about Qt or the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.content.loader import ContentLibrary, ContentNotFound
from app.content.schema import (
    MaturityModel,
    Question,
    Questionnaire,
    Section,
    Service,
    ServiceCatalogue,
    ServiceSize,
)
from app.errors import UserError
from app.scoring import AnswerStatus, Confidence, ModelScore, Override, Response, score_model
from app.storage.records import (
    AnswerRecord,
    ContentRef,
    EngagementRecord,
    IntervieweeRecord,
    ServiceChoice,
)
from app.storage.repository import Repository


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


def _recorded_content(library: ContentLibrary, engagement: EngagementRecord, kind: str, lookup) -> list:
    """The exact content versions the engagement recorded; a missing one is a clear error."""
    out = []
    for ref in engagement.content:
        if ref.kind == kind:
            try:
                out.append(lookup(ref.content_id, ref.version))
            except ContentNotFound as exc:
                raise UserError(f"engagement {engagement.name!r} uses {exc}; install that content version") from None
    return out


def engagement_questionnaires(library: ContentLibrary, engagement: EngagementRecord) -> list[Questionnaire]:
    return _recorded_content(library, engagement, "questionnaire", library.questionnaire)


def engagement_models(library: ContentLibrary, engagement: EngagementRecord) -> list[MaturityModel]:
    return _recorded_content(library, engagement, "model", library.model)


def questions_for_role(questionnaire: Questionnaire, role: str | None) -> list[tuple[Section, Question]]:
    """The role track: the questions meant for this interviewee's role, in order."""
    return [(section, q) for section in questionnaire.sections for q in section.questions
            if role is None or role in q.roles]


def to_responses(answers: Iterable[AnswerRecord], people: dict[str, IntervieweeRecord]) -> list[Response]:
    out = []
    for a in answers:
        if a.status is None or a.interviewee_id not in people:
            continue
        person = people[a.interviewee_id]
        out.append(Response(
            questionnaire_id=a.questionnaire_id, question_id=a.question_id, interviewee_id=person.id,
            interviewee_name=person.name, role=person.role, status=AnswerStatus(a.status), value=a.value,
            confidence=Confidence(a.confidence) if a.confidence else None,
            evidence_count=len(a.evidence_ids), note=a.note,
        ))
    return out


@dataclass
class EngagementScores:
    engagement: EngagementRecord
    interviewees: list[IntervieweeRecord]
    answers: list[AnswerRecord]
    models: dict[str, ModelScore] = field(default_factory=dict)
    questionnaires: list[Questionnaire] = field(default_factory=list)
    model_content: dict[str, MaturityModel] = field(default_factory=dict)

    @property
    def primary(self) -> ModelScore | None:
        """The model most questions score: the one a report leads with."""
        return next(iter(self.models.values()), None)


def score_engagement(library: ContentLibrary, repo: Repository, engagement_id: str) -> EngagementScores:
    engagement = repo.get_engagement(engagement_id)
    questionnaires = engagement_questionnaires(library, engagement)
    models = engagement_models(library, engagement)
    people = {p.id: p for p in repo.list_interviewees(engagement.id)}
    answers = repo.list_answers(engagement.id)
    responses = to_responses(answers, people)
    targets: dict[str, dict[str, float]] = {}
    for t in repo.list_targets(engagement.id):
        targets.setdefault(t.model_id, {})[t.subject_id] = t.level
    overrides: dict[str, dict[str, Override]] = {}
    for o in repo.list_overrides(engagement.id):
        overrides.setdefault(o.model_id, {})[o.capability_id] = Override(o.capability_id, o.level, o.rationale,
                                                                          o.author)
    result = EngagementScores(engagement, list(people.values()), answers, questionnaires=questionnaires)
    # Lead with the model that most of the engagement's questions score.
    weight = {m.id: sum(len(s.questions) for q in questionnaires if q.model == m.id for s in q.sections)
              for m in models}
    for model in sorted(models, key=lambda m: -weight[m.id]):
        result.model_content[model.id] = model
        result.models[model.id] = score_model(model, questionnaires, responses, targets.get(model.id),
                                              overrides.get(model.id))
    return result


# --- helpers for the desktop shell (plain functions, tested without Qt) ---------


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
    import re

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


def tracks_for_role(questionnaires: Iterable[Questionnaire], role: str) -> list[Questionnaire]:
    """The engagement's questionnaires written for ``role``, main diagnosis first."""
    fitting = [q for q in questionnaires if role in q.roles]
    return sorted(fitting, key=lambda q: (not q.id.startswith("diagnosis"), q.id))


def open_workspace(db_url: str | None, content_dir: str | None) -> tuple[Repository, ContentLibrary]:
    """What the window needs before it can show anything real: the repository and the content."""
    from app.content.loader import load_content_cached
    from app.storage.database import open_database

    library = load_content_cached(content_dir)
    repo = Repository(open_database(db_url))
    return repo, library
