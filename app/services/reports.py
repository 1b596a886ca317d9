"""Reports: writing an engagement's report to a file, and what it will hold, for the window and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

from app.content.loader import ContentLibrary
from app.reports import api, registry
from app.reports.api import ReportCancelled, ReportOutline
from app.reports.deliverables import ReportOptions
from app.reports.registry import ReportKind
from app.storage.repository import Repository

__all__ = ["ReportCancelled", "ReportKind", "ReportOptions", "ReportOutline", "describe", "offered_kinds", "report_kinds",
           "write_report"]


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
        return api.build_report(library, frozen, engagement_id, kind, out, lang, progress, cancelled,  # type: ignore[arg-type]
                                templates=templates, options=options, export=export, today=info.report_date,
                                fixed_time=datetime.combine(info.report_date, time(12, 0)))
    return api.build_report(library, repo, engagement_id, kind, out, lang, progress, cancelled, templates=templates,
                            options=options, export=export)


def describe(library: ContentLibrary, repo: Repository, engagement_id: str, kind: str, lang: str = "en",
             fmt: str = ".docx", *, templates: Path | None = None,
             options: Mapping[str, str] | None = None) -> ReportOutline:
    """What the report will hold (sections, charts, notices), for the Export dialog's preview."""
    return api.describe_report(library, repo, engagement_id, kind, lang, fmt, templates=templates, options=options)
