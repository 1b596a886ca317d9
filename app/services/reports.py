"""Reports: writing an engagement's report to a file, and what it will hold, for the window and the CLI.

The one entry point for reports: ``build_report`` reads everything the kind needs from
storage first (``app.services.report_inputs``), then hands those plain inputs to
``app.reports.api``, which builds the context, draws the charts and renders Word or Excel
in memory before saving it atomically: a failure or a cancel never leaves a half-written
report, and a background thread holds no session while drawing.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

from app.content.loader import ContentLibrary
from app.files import check_writable_target
from app.reports import api, registry
from app.reports.api import Cancelled, Progress, ReportCancelled, ReportOutline, Timings
from app.reports.branding import Branding, load_branding
from app.reports.deliverables import ReportOptions
from app.reports.registry import ReportKind
from app.services.report_inputs import gather_for, gather_inputs
from app.storage.repository import Repository

__all__ = ["Branding", "ReportCancelled", "ReportKind", "ReportOptions", "ReportOutline", "Timings", "build_report",
           "describe", "describe_report", "gather_for", "gather_inputs", "load_branding", "offered_kinds",
           "report_kinds", "write_report"]


def offered_kinds(library: ContentLibrary, services) -> dict[str, str]:
    """Each available kind -> "" when a service the engagement bought delivers it, else why not."""
    return api.offered_kinds(library, services)


def report_kinds() -> tuple[ReportKind, ...]:
    """Every declared report kind, in menu order (``.available`` says whether it can be written)."""
    return registry.kinds()


def write_report(library: ContentLibrary, repo: Repository, engagement_id: str, kind: str, out: Path, lang: str,
                 progress: Callable[[int, str], None] | None = None, cancelled: Callable[[], bool] | None = None,
                 *, templates: Path | None = None, options: Mapping[str, str] | None = None,
                 export: ReportOptions | None = None, snapshot: str | None = None) -> Path:
    """Write the report atomically (a temporary file moved into place); raises ReportCancelled on cancel.

    ``snapshot``: an id of one of the engagement's snapshots (S2): the report shows what was
    frozen then, dated that day, names the snapshot, and is the same file whenever it is made.
    """
    if snapshot:
        from app.services.review import snapshot_repository

        frozen = snapshot_repository(repo, engagement_id, snapshot)
        info = frozen.snapshot
        export = replace(export or ReportOptions(), snapshot=info.describe(lang))
        return build_report(library, frozen, engagement_id, kind, out, lang, progress, cancelled,  # type: ignore[arg-type]
                            templates=templates, options=options, export=export, today=info.report_date,
                            fixed_time=datetime.combine(info.report_date, time(12, 0)))
    return build_report(library, repo, engagement_id, kind, out, lang, progress, cancelled, templates=templates,
                        options=options, export=export)


def describe(library: ContentLibrary, repo: Repository, engagement_id: str, kind: str, lang: str = "en",
             fmt: str = ".docx", *, templates: Path | None = None,
             options: Mapping[str, str] | None = None) -> ReportOutline:
    """What the report will hold (sections, charts, notices), for the Export dialog's preview."""
    return describe_report(library, repo, engagement_id, kind, lang, fmt, templates=templates, options=options)


def build_report(
    library: ContentLibrary,
    repo: Repository,
    engagement_id: str,
    kind: str,
    out_path: Path | str,
    lang: str = "en",
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
    *,
    templates: Path | None = None,
    today: date | None = None,
    timings: Timings | None = None,
    options: Mapping[str, str] | None = None,
    export: ReportOptions | None = None,
    fixed_time: datetime | None = None,
) -> Path:
    """Write the report; the suffix of ``out_path`` picks Word (.docx) or Excel (.xlsx).

    ``repo`` may be a ``SnapshotRepository`` (app.services.review): the report then shows the
    frozen snapshot. ``fixed_time``: every timestamp inside the file (its properties and its
    zip entries) is this time, so the same inputs give the same bytes whenever they are written.

    ``progress(percent, message)`` is called between stages; ``is_cancelled()`` is
    polled between stages and charts, and a cancel raises :class:`ReportCancelled`
    with nothing written. Bad input raises ``UserError`` with one clear sentence.
    ``options``: the values the kind declares (``ReportKind.options``), e.g. a role.
    A kind that is a set of files (``writes_folder``) is written into the folder ``out_path``.
    """
    out = Path(out_path)
    folder = registry.get(kind).writes_folder
    if folder:
        api.check_kind(kind, lang)
        api.check_folder_target(out)
    else:
        api.check_kind(kind, lang, out.suffix.lower())
        check_writable_target(out)  # before the slow part, not after it
    timings = timings or Timings()
    step = api.stepper(progress, is_cancelled)
    step(2, "reading the engagement")
    started = clock.perf_counter()
    api.check_options(kind, options)
    api.check_offered(library, repo.get_engagement(engagement_id).services, kind)
    if not folder:
        api.check_fonts(lang)
    inputs = gather_for(kind, library, repo, engagement_id, today, options, export)
    timings.gather = clock.perf_counter() - started
    if folder:
        return api.render_folder(inputs, kind, out, lang, step, is_cancelled, timings=timings, progress_only=progress)
    return api.render_report(inputs, kind, out, lang, step, is_cancelled, templates=templates, timings=timings,
                             progress_only=progress, fixed_time=fixed_time,
                             identifier=export.snapshot if export is not None else "",
                             branding=export.branding if export is not None else None)


def describe_report(library: ContentLibrary, repo: Repository, engagement_id: str, kind: str,
                    lang: str = "en", fmt: str = ".docx", *, templates: Path | None = None,
                    options: Mapping[str, str] | None = None) -> ReportOutline:
    """What the report will contain, without drawing or writing anything (for a preview)."""
    fmt = fmt if fmt.startswith(".") else f".{fmt}"
    declared = api.check_kind(kind, lang, None if registry.get(kind).writes_folder else fmt)
    api.check_offered(library, repo.get_engagement(engagement_id).services, kind)
    assert declared.build_context is not None
    context = declared.build_context(gather_for(kind, library, repo, engagement_id, None, options), lang)
    return api.outline(context, kind, fmt, templates)
