"""Process optimisation: the seven processes' assessments and specifications of an engagement.

Each specification is one versioned JSON document of the engagement (kind
``process_spec``, key = the process id). Until the consultant saves one, a process's
specification is seeded on the fly from the process model, the deep-dive answers
(KPI baselines) and the organisation design (RACI and owners) — reading never
writes. Every save goes through ``ProcessSpec.from_dict`` (malformed input raises
naming the field, nothing written); writing several specifications (seeding, an
import) is one unit of work, all or nothing. Soundness problems (unknown role, an
activity with no Responsible, a KPI without formula, a circular interface) are
listed by ``check``; a specification with any such error cannot be approved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.content.loader import ContentLibrary, ContentNotFound
from app.content.schema import MaturityModel, OrganisationModel
from app.diagnosis.process_assessment import ProcessAssessment, assess_processes
from app.errors import UserError
from app.files import check_writable_target, save_bytes
from app.planning.organisation import OrganisationDesign
from app.planning.organisation_seed import default_process_owners, seed_raci
from app.planning.process_checks import SpecProblem, check_book, errors
from app.planning.process_seed import (
    PROCESS_MODEL,
    RaciSource,
    SeedInputs,
    kpi_baselines,
    process_ids,
    seed_spec,
)
from app.planning.processes import DOCUMENT_KIND, BiText, ProcessInputError, ProcessSpec, validate_spec
from app.services.results import EngagementScores, score_engagement
from app.storage.records import EngagementRecord
from app.storage.repository import Repository

SERVICE_ID = "process-optimisation"
ORG_KIND, ORG_KEY = "organisation_design", "main"

__all__ = [
    "DOCUMENT_KIND",
    "ProcessBook",
    "StoredSpec",
    "approve",
    "check",
    "export_specs",
    "import_specs",
    "load_book",
    "load_spec",
    "process_model",
    "save_spec",
    "save_specs",
    "seed",
]


@dataclass(frozen=True)
class StoredSpec:
    spec: ProcessSpec
    version: int  # 0: not saved yet (seeded on the fly)

    @property
    def saved(self) -> bool:
        return self.version > 0


@dataclass
class ProcessBook:
    """Everything the Processes tab, the CLI and the reports show about an engagement's processes."""

    engagement: EngagementRecord
    model: MaturityModel
    order: list[str]
    specs: dict[str, StoredSpec]
    assessments: dict[str, ProcessAssessment]
    problems: list[SpecProblem]
    role_names: dict[str, BiText]
    catalogue: list[str]  # role ids of the organisation's catalogue (content roles and the design's own)
    size: str = "medium"
    raci_origin: str = ""  # organisation_design | organisation_model | process_model
    notes: list[str] = field(default_factory=list)  # why something is missing (no deep dive answered ...)

    def role_name(self, role_id: str, lang: str = "en", process_id: str | None = None) -> str:
        """A role's name: the specification's own for a custom role, else the catalogue's, else its id."""
        if process_id is not None and process_id in self.specs:
            role = self.specs[process_id].spec.role(role_id)
            if role is not None and not role.name.blank:
                return role.name.get(lang)
        name = self.role_names.get(role_id)
        return name.get(lang) if name is not None and not name.blank else role_id

    def problems_of(self, process_id: str) -> list[SpecProblem]:
        return [p for p in self.problems if p.process_id == process_id]


# --- content and inputs --------------------------------------------------------------------------


def process_model(library: ContentLibrary, engagement: EngagementRecord | None = None) -> MaturityModel:
    """The process model the engagement recorded (the newest installed one otherwise)."""
    version = engagement.content_version("model", PROCESS_MODEL) if engagement is not None else None
    try:
        return library.model(PROCESS_MODEL, version)
    except ContentNotFound:
        try:
            return library.model(PROCESS_MODEL)
        except ContentNotFound:
            raise UserError(f"the process model {PROCESS_MODEL!r} is not installed; run 'omm validate'") from None


def _org_model(library: ContentLibrary, design: OrganisationDesign | None) -> OrganisationModel | None:
    models = library.organisation_models
    if not models:
        return None
    if design is not None and design.model_id:
        same = [m for m in models if m.id == design.model_id]
        return next((m for m in same if m.version == design.model_version), same[-1] if same else models[-1])
    return models[-1]


def _design(repo: Repository, engagement_id: str) -> OrganisationDesign | None:
    doc = repo.documents.get(engagement_id, ORG_KIND, ORG_KEY)
    if doc is None:
        return None
    try:
        return OrganisationDesign.from_dict(doc.payload)
    except UserError:
        return None  # a damaged design is the organisation screen's to report; seed from the model


def spec_size(engagement: EngagementRecord) -> str:
    """Medium or Large, from the process optimisation service the engagement bought."""
    for choice in engagement.services:
        if choice.service_id == SERVICE_ID and choice.size in ("medium", "large"):
            return choice.size
    return "large" if any(c.size == "large" for c in engagement.services) else "medium"


def _role_names(org: OrganisationModel | None, design: OrganisationDesign | None) -> dict[str, BiText]:
    names = {r.id: BiText.of(r.name) for r in org.roles} if org is not None else {}
    if design is not None:
        for entry in design.roles:
            if entry.name:
                names[entry.id] = BiText(entry.name, entry.name) if entry.custom else names.get(
                    entry.id, BiText(entry.name, entry.name))
    return names


@dataclass(frozen=True)
class _Inputs:
    engagement: EngagementRecord
    model: MaturityModel
    scores: EngagementScores | None
    seed: SeedInputs
    catalogue: list[str]
    notes: list[str]


def _inputs(library: ContentLibrary, repo: Repository, engagement_id: str) -> _Inputs:
    engagement = repo.get_engagement(engagement_id)
    model = process_model(library, engagement)
    notes: list[str] = []
    scores: EngagementScores | None
    try:
        scores = score_engagement(library, repo, engagement.id)
    except UserError as exc:
        scores, notes = None, [str(exc)]
    score = scores.models.get(model.id) if scores is not None else None
    if score is None:
        notes.append("the engagement has no process deep dive: levels are not assessed and KPIs have no baseline")
    design = _design(repo, engagement.id)
    org = _org_model(library, design)
    names = _role_names(org, design)
    catalogue = list(names)
    size = spec_size(engagement)
    raci: RaciSource | None = None
    if design is not None and design.raci:
        variants = [(v.name, v.cells) for v in design.raci_variants]
        owners = dict(default_process_owners(org)) if org is not None else {}
        owners.update(design.target.process_owners)
        raci = RaciSource(design.raci, "organisation_design", owners, variants)
    elif org is not None:
        raci = RaciSource(seed_raci(org), "organisation_model", default_process_owners(org))
    questionnaires = [q for q in (scores.questionnaires if scores else []) if q.model == model.id]
    # KPI targets come from the deep dives' thresholds: without a deep dive, the installed ones say them
    thresholds = questionnaires or [q for q in library.latest_questionnaires() if q.model == model.id]
    seed = SeedInputs(model, score=score, questionnaires=thresholds,
                      baselines=kpi_baselines(questionnaires, scores.answers) if scores else {},
                      raci=raci, role_names=names, size=size,
                      glossary=[t for g in library.glossaries for t in g.terms])
    return _Inputs(engagement, model, scores, seed, catalogue, notes)


def _stored(repo: Repository, engagement_id: str) -> dict[str, StoredSpec]:
    out: dict[str, StoredSpec] = {}
    for doc in repo.documents.list(engagement_id, DOCUMENT_KIND):
        try:
            out[doc.key] = StoredSpec(ProcessSpec.from_dict(doc.payload), doc.version)
        except ProcessInputError as exc:
            raise UserError(f"the stored {doc.key} specification is damaged: {exc}") from None
    return out


# --- reads ------------------------------------------------------------------------------------------


def load_book(library: ContentLibrary, repo: Repository, engagement_id: str) -> ProcessBook:
    """Assessment and specification of every process (stored, else seeded), with their problems."""
    from app.services.findings import load_diagnosis

    inputs = _inputs(library, repo, engagement_id)
    order = process_ids(inputs.model)
    stored = _stored(repo, inputs.engagement.id)
    specs = {pid: stored.get(pid) or StoredSpec(seed_spec(inputs.seed, pid), 0) for pid in order}
    findings = load_diagnosis(library, repo, inputs.scores).findings if inputs.scores is not None else ()
    assessments = {a.process_id: a for a in assess_processes(inputs.model, inputs.seed.score, findings)}
    problems = check_book({pid: s.spec for pid, s in specs.items()}, inputs.catalogue)
    origin = inputs.seed.raci.origin if inputs.seed.raci else "process_model"
    return ProcessBook(inputs.engagement, inputs.model, order, specs, assessments, problems,
                       dict(inputs.seed.role_names), inputs.catalogue, inputs.seed.size, origin, inputs.notes)


def load_spec(library: ContentLibrary, repo: Repository, engagement_id: str, process_id: str) -> StoredSpec:
    engagement = repo.get_engagement(engagement_id)
    _known_process(library, engagement, process_id)
    doc = repo.documents.get(engagement.id, DOCUMENT_KIND, process_id)
    if doc is not None:
        try:
            return StoredSpec(ProcessSpec.from_dict(doc.payload), doc.version)
        except ProcessInputError as exc:
            raise UserError(f"the stored {process_id} specification is damaged: {exc}") from None
    return StoredSpec(seed_spec(_inputs(library, repo, engagement.id).seed, process_id), 0)


def _known_process(library: ContentLibrary, engagement: EngagementRecord, process_id: str) -> None:
    known = process_ids(process_model(library, engagement))
    if process_id not in known:
        raise UserError(f"there is no process {process_id!r}; the processes are {', '.join(known)}")


def check(library: ContentLibrary, repo: Repository, engagement_id: str,
          process_id: str | None = None) -> list[SpecProblem]:
    """Every problem of the engagement's specifications (of one process when given)."""
    book = load_book(library, repo, engagement_id)
    if process_id is not None:
        _known_process(library, book.engagement, process_id)
        return book.problems_of(process_id)
    return book.problems


# --- writes -----------------------------------------------------------------------------------------


def _checked(spec: ProcessSpec, process_id: str | None = None) -> ProcessSpec:
    checked = validate_spec(spec)
    if process_id is not None and checked.process_id != process_id:
        raise ProcessInputError("process_id", f"this is the {checked.process_id} specification, not {process_id}")
    return checked


def _refuse_unsound(book_specs: Mapping[str, ProcessSpec], catalogue: Iterable[str], which: Iterable[str]) -> None:
    """An approved specification must have no error: list every one, with where to fix it."""
    wanted = set(which)
    bad = [p for p in errors(check_book(book_specs, catalogue)) if p.process_id in wanted]
    if bad:
        more = f" (and {len(bad) - 3} more)" if len(bad) > 3 else ""
        raise UserError(f"{len(bad)} problem(s) must be fixed first: "
                        + "; ".join(p.line() for p in bad[:3]) + more)


def save_spec(library: ContentLibrary, repo: Repository, engagement_id: str, spec: ProcessSpec, *,
              expected_version: int | None = None, updated_by: str = "") -> int:
    """Store one specification; returns its new version. Malformed input raises and writes nothing;
    an approved specification that has errors is refused (demote it to draft to keep editing)."""
    return save_specs(library, repo, engagement_id, {spec.process_id: spec},
                      expected={spec.process_id: expected_version} if expected_version is not None else None,
                      updated_by=updated_by)[spec.process_id]


def save_specs(library: ContentLibrary, repo: Repository, engagement_id: str, specs: Mapping[str, ProcessSpec], *,
               expected: Mapping[str, int | None] | None = None, updated_by: str = "") -> dict[str, int]:
    """Several specifications in one unit of work: all stored, or (on any bad one) none."""
    engagement = repo.get_engagement(engagement_id)
    known = process_ids(process_model(library, engagement))
    checked: dict[str, ProcessSpec] = {}
    for pid, spec in specs.items():
        if pid not in known:
            raise UserError(f"there is no process {pid!r}; the processes are {', '.join(known)}")
        checked[pid] = _checked(spec, pid)
    approved = [pid for pid, s in checked.items() if s.status == "approved"]
    if approved:
        book = load_book(library, repo, engagement.id)
        merged = {pid: s.spec for pid, s in book.specs.items()} | checked
        _refuse_unsound(merged, book.catalogue, approved)
    expected = expected or {}
    versions: dict[str, int] = {}
    with repo.unit_of_work() as uow:
        for pid, spec in checked.items():
            record = uow.documents.put(engagement.id, DOCUMENT_KIND, pid, spec.to_dict(), updated_by=updated_by,
                                       expected_version=expected.get(pid))
            versions[pid] = record.version
    return versions


def seed(library: ContentLibrary, repo: Repository, engagement_id: str, processes: Iterable[str] | None = None, *,
         replace: bool = False, updated_by: str = "") -> dict[str, int]:
    """Seed and store the specifications (every process by default) in one unit of work.

    A process that already has a stored specification is left alone unless ``replace``; returns
    the versions written.
    """
    inputs = _inputs(library, repo, engagement_id)
    known = process_ids(inputs.model)
    wanted = list(processes) if processes is not None else known
    unknown = [p for p in wanted if p not in known]
    if unknown:
        raise UserError(f"there is no process {unknown[0]!r}; the processes are {', '.join(known)}")
    stored = {d.key: d.version for d in repo.documents.list(inputs.engagement.id, DOCUMENT_KIND)}
    todo = [p for p in wanted if replace or p not in stored]
    specs = {pid: seed_spec(inputs.seed, pid) for pid in todo}
    if not specs:
        return {}
    return save_specs(library, repo, inputs.engagement.id, specs,
                      expected={pid: stored.get(pid, 0) for pid in specs}, updated_by=updated_by)


def approve(library: ContentLibrary, repo: Repository, engagement_id: str, process_id: str, *,
            approved: bool = True, expected_version: int | None = None, updated_by: str = "") -> int:
    """Mark a specification as the customer's standard (or back to draft); refused while it has errors."""
    stored = load_spec(library, repo, engagement_id, process_id)
    spec = stored.spec.copy()
    spec.status = "approved" if approved else "draft"
    expected = stored.version if expected_version is None else expected_version
    return save_spec(library, repo, engagement_id, spec, expected_version=expected, updated_by=updated_by)


# --- files ------------------------------------------------------------------------------------------


def export_specs(library: ContentLibrary, repo: Repository, engagement_id: str, out: Path) -> Path:
    """Every specification as one JSON file (written atomically): to edit elsewhere and import back."""
    book = load_book(library, repo, engagement_id)
    payload = {"kind": "omm-process-specifications", "engagement": book.engagement.name,
               "specifications": [book.specs[pid].spec.to_dict() for pid in book.order]}
    out = Path(out)
    check_writable_target(out, "the specifications file")
    return save_bytes(out, json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))


def import_specs(library: ContentLibrary, repo: Repository, engagement_id: str, path: Path, *,
                 updated_by: str = "") -> dict[str, int]:
    """Specifications from a JSON file, all or nothing: a malformed file, an unknown process or an
    approved specification with errors refuses the whole file, naming what and where."""
    path = Path(path)
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path.name} is not a JSON file of process specifications: {exc}") from None
    items = data.get("specifications") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise UserError(f"{path.name} holds no 'specifications' list")
    specs: dict[str, ProcessSpec] = {}
    for i, item in enumerate(items):
        try:
            spec = ProcessSpec.from_dict(item)
        except ProcessInputError as exc:
            raise UserError(f"{path.name}: specifications[{i + 1}]: {exc}") from None
        if spec.process_id in specs:
            raise UserError(f"{path.name}: specifications[{i + 1}]: a second {spec.process_id} specification")
        specs[spec.process_id] = spec
    return save_specs(library, repo, engagement_id, specs, updated_by=updated_by)
