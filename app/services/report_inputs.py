"""What a report is built from, read from storage once: the reading half of every report kind.

A report kind (``app.reports.kinds``) names what it is built from (``ReportKind.reads``);
this module reads it, through the services that own that state, and hands the kind plain
objects: the scores with the diagnosis (``ReportInputs``), the plan, the organisation
design or the process book. The reports layer draws and writes; it never reads storage
through a service (the layers go services > reports).

``repo`` may be a ``SnapshotRepository`` (``app.services.review``): every reader here uses
only the repository's read methods, so a report of a snapshot shows the snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from app.assessment import score_records
from app.content.loader import ContentLibrary
from app.reports import registry
from app.reports.context import ReportInputs
from app.reports.deliverables import ReportOptions
from app.storage.repository import Repository

# (library, repo, engagement_id, today, options, export) -> the inputs the kind's build_context takes
Reader = Callable[[ContentLibrary, Repository, str, date | None, Mapping[str, str], ReportOptions], Any]


def gather_inputs(library: ContentLibrary, repo: Repository, engagement_id: str,
                  today: date | None = None, options: Mapping[str, str] | None = None,
                  export: ReportOptions | None = None) -> ReportInputs:
    """Everything an assessment report reads: scores, records, documents, the diagnosis, the baseline."""
    from app.services.findings import baseline_comparisons, load_diagnosis, objective_names

    scores = score_records(library, repo.engagement_data(engagement_id))
    diagnosis = load_diagnosis(library, repo, scores)
    return ReportInputs(
        scores=scores, evidence=tuple(repo.list_evidence(scores.engagement.id)),
        sessions=tuple(repo.list_sessions(scores.engagement.id)), catalogue=library.catalogue,
        generated_on=today or date.today(), documents=tuple(repo.documents.list(scores.engagement.id)),
        options=dict(options or {}), findings=diagnosis.findings, policies=diagnosis.policies,
        summary=diagnosis.summary, baseline=baseline_comparisons(library, repo, scores),
        quotable=diagnosis.quotable, objective_names=objective_names(library),
        export=export or ReportOptions(),
    )


def _plan(library: ContentLibrary, repo: Repository, engagement_id: str, today: date | None,
          options: Mapping[str, str], export: ReportOptions):
    from app.reports.planning_report import PlanningInputs
    from app.services.planning import load_planning

    return PlanningInputs(load_planning(library, repo, engagement_id), today)


def _organisation(library: ContentLibrary, repo: Repository, engagement_id: str, today: date | None,
                  options: Mapping[str, str], export: ReportOptions):
    from app.reports.organisation_report import OrganisationInputs
    from app.services.organisation import DEFAULT_MODEL, load_design, organisation_content, roadmap_link

    design = load_design(library, repo, engagement_id).design
    content = organisation_content(library, design.model_id or DEFAULT_MODEL, design.model_version or None)
    return OrganisationInputs(design, content.model, content.processes, repo.get_engagement(engagement_id),
                              today, roadmap_link(library, repo, engagement_id))


def _process_book(library: ContentLibrary, repo: Repository, engagement_id: str, today: date | None,
                  options: Mapping[str, str], export: ReportOptions):
    from app.reports.processes_report import ProcessesInputs
    from app.services.processes import load_book

    return ProcessesInputs(load_book(library, repo, engagement_id), today)


READERS: dict[str, Reader] = {
    "scores": gather_inputs,
    "plan": _plan,
    "organisation": _organisation,
    "process-book": _process_book,
}


def gather_for(kind: str, library: ContentLibrary, repo: Repository, engagement_id: str, today: date | None,
               options: Mapping[str, str] | None, export: ReportOptions | None = None) -> Any:
    """What the kind's context is built from, read once (the reader its ``reads`` names)."""
    declared = registry.get(kind)
    reader = READERS.get(declared.reads)
    if reader is None:  # a kind declared with a source nobody reads: a programming error, not bad input
        raise ValueError(f"the {kind} report is built from {declared.reads!r}, which no reader reads; "
                         f"known: {', '.join(READERS)}")
    return reader(library, repo, engagement_id, today, dict(options or {}), export or ReportOptions())
