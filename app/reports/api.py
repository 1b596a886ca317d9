"""The one entry point for reports: the CLI and the desktop Export menu both call this.

``build_report`` reads everything it needs from storage first (so a background
thread holds no session while drawing), builds the context, draws the charts,
renders Word or Excel into a temporary file beside the target and only then moves
it into place: a failure or a cancel never leaves a half-written report.

Qt-free by contract: progress and cancellation are plain callables, which the UI
wraps in its own background-task helper.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.content.loader import ContentLibrary
from app.errors import UserError
from app.reports.context import (
    ALL_KINDS,
    AVAILABLE_KINDS,
    ChartSpec,
    ReportContext,
    ReportInputs,
    build_context,
)
from app.reports.i18n import LANGUAGES
from app.services.results import score_engagement
from app.storage.repository import Repository

Progress = Callable[[int, str], None]
Cancelled = Callable[[], bool]
FORMATS = (".docx", ".xlsx")


class ReportCancelled(UserError):
    """The user cancelled; nothing was written."""


@dataclass
class Timings:
    """Seconds spent per stage, for ``bench/bench_report.py``."""

    gather: float = 0.0
    context: float = 0.0
    charts: float = 0.0
    render: float = 0.0
    save: float = 0.0
    chart_count: int = 0

    @property
    def total(self) -> float:
        return self.gather + self.context + self.charts + self.render + self.save


@dataclass(frozen=True)
class ReportOutline:
    """What a report will include, for the Export dialog's preview."""

    kind: str
    lang: str
    format: str
    title: str
    customer: str
    engagement: str
    sections: tuple[str, ...]
    charts: tuple[str, ...]
    models: tuple[str, ...]
    interviewees: int
    answers: int
    domains: int
    not_assessed: tuple[str, ...]
    notices: tuple[str, ...]
    template: str
    sheets: tuple[str, ...] = field(default=())


SHIPPED_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "report_templates"


def template_dir() -> Path:
    """The shipped ``report_templates/``, unless ``OMM_TEMPLATE_DIR`` names a consultancy's own."""
    env = os.environ.get("OMM_TEMPLATE_DIR")
    return Path(env) if env else SHIPPED_TEMPLATES


def template_path(kind: str, lang: str, directory: Path | None = None) -> Path:
    return (directory or template_dir()) / f"{kind}.{lang}.docx"


def _build_planning(library: ContentLibrary, repo: Repository, engagement_id: str, out: Path, lang: str,
                    step: Callable[[int, str], None], templates: Path | None, today: date | None,
                    timings: Timings) -> Path:
    from app.reports.planning_report import PlanningTimings, write_planning_report
    from app.services.planning import load_planning

    started = time.perf_counter()
    state = load_planning(library, repo, engagement_id)
    timings.gather = time.perf_counter() - started
    own = PlanningTimings()
    path = write_planning_report(state, out, lang, templates=templates, step=step, today=today, timings=own)
    timings.context, timings.charts, timings.render = own.context, own.charts, own.render
    timings.chart_count = own.chart_count
    return path


# Kinds built from their own service's state rather than the scoring context (until the
# report-kind registry takes them all).
SEPARATE_KINDS: dict[str, Callable[..., Path]] = {"planning": _build_planning}


def _check(kind: str, lang: str, out_suffix: str | None = None) -> None:
    if kind not in ALL_KINDS:
        raise UserError(f"unknown report kind {kind!r}; choose one of {', '.join(ALL_KINDS)}")
    if kind not in AVAILABLE_KINDS and kind not in SEPARATE_KINDS:
        raise UserError(f"the {kind} report is not available yet; available: {', '.join(AVAILABLE_KINDS)}")
    if lang not in LANGUAGES:
        raise UserError(f"unknown language {lang!r}; choose en or zh")
    if out_suffix is not None and out_suffix not in FORMATS:
        raise UserError(f"the output file must end in .docx (Word) or .xlsx (Excel), not {out_suffix or 'nothing'!r}")


def gather_inputs(library: ContentLibrary, repo: Repository, engagement_id: str,
                  today: date | None = None) -> ReportInputs:
    """Everything a report reads from storage, read once."""
    scores = score_engagement(library, repo, engagement_id)
    return ReportInputs(
        scores=scores, evidence=tuple(repo.list_evidence(scores.engagement.id)),
        sessions=tuple(repo.list_sessions(scores.engagement.id)), catalogue=library.catalogue,
        generated_on=today or date.today(),
    )


# PNGs drawn recently, by builder and arguments: the Word and the Excel report of one
# engagement share the heatmap and others, and exporting both draws each figure once.
# Small (a report's figures are about 1 MB in all) and the same arguments always give
# the same picture, so nothing needs invalidating.
_PNG_CACHE: OrderedDict[tuple[str, str, int], bytes] = OrderedDict()
_PNG_CACHE_SIZE = 24
_PNG_CACHE_LOCK = threading.Lock()
CHART_DPI = 200
# The heatmap's text is the bulk of the drawing; 170 dpi keeps its 6.5 pt labels crisp.
CHART_DPI_BY_BUILDER = {"heatmap_chart": 170}


def clear_chart_cache() -> None:
    """Forget the drawn figures (the benchmark measures drawing from scratch)."""
    with _PNG_CACHE_LOCK:
        _PNG_CACHE.clear()


def chart_png(spec: ChartSpec) -> bytes:
    """The chart's PNG at print resolution, drawn once for as long as it stays in the cache."""
    from app.reports import charts

    dpi = CHART_DPI_BY_BUILDER.get(spec.builder, CHART_DPI)
    key = (spec.builder, repr(sorted(spec.params.items())), dpi)
    with _PNG_CACHE_LOCK:
        if key in _PNG_CACHE:
            _PNG_CACHE.move_to_end(key)
            return _PNG_CACHE[key]
    png = charts.figure_png(getattr(charts, spec.builder)(**spec.params), dpi=dpi)
    with _PNG_CACHE_LOCK:
        _PNG_CACHE[key] = png
        while len(_PNG_CACHE) > _PNG_CACHE_SIZE:
            _PNG_CACHE.popitem(last=False)
    return png


def render_charts(context: ReportContext, wanted: set[str] | None = None, *,
                  is_cancelled: Cancelled | None = None,
                  progress: Callable[[int, int], None] | None = None) -> dict[str, bytes]:
    """PNG bytes of each chart in the context (at print resolution), keyed by chart id."""
    specs = [s for s in context.charts() if wanted is None or s.id in wanted]
    images: dict[str, bytes] = {}
    for i, spec in enumerate(specs):
        if is_cancelled is not None and is_cancelled():
            raise ReportCancelled("report cancelled")
        images[spec.id] = chart_png(spec)
        if progress:
            progress(i + 1, len(specs))
    return images


# The charts each output shows. Word shows them as figures; Excel draws radar and bars
# natively from its own cells and adds the rest as pictures on its chart sheet.
DOCX_CHARTS = {"survey": ("distribution",), "diagnosis": ("radar",),
               "maturity": ("radar", "bars", "heatmap", "disagreement")}
XLSX_CHARTS = {"survey": ("distribution",), "diagnosis": (), "maturity": ("heatmap", "distribution", "disagreement")}


def charts_used(context: ReportContext, kind: str, suffix: str) -> set[str]:
    keys = set((DOCX_CHARTS if suffix == ".docx" else XLSX_CHARTS)[kind])
    if kind == "survey":
        return {s.id for k, s in context.survey.charts.items() if k in keys}
    return {s.id for m in context.models for k, s in m.charts.items()
            if k in keys and not (k == "disagreement" and not m.disagreements)}


def load_template(kind: str, lang: str, directory: Path | None = None) -> tuple[bytes, str]:
    """The template's bytes and a name for messages; the built-in default when the file is missing."""
    path = template_path(kind, lang, directory)
    if path.is_file():
        try:
            return path.read_bytes(), str(path)
        except OSError as exc:
            raise UserError(f"cannot read template {path}: {exc.strerror}") from None
    from app.reports.template_builder import template_bytes

    return template_bytes(kind, lang), f"built-in {kind}.{lang}.docx"


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
) -> Path:
    """Write the report; the suffix of ``out_path`` picks Word (.docx) or Excel (.xlsx).

    ``progress(percent, message)`` is called between stages; ``is_cancelled()`` is
    polled between stages and charts, and a cancel raises :class:`ReportCancelled`
    with nothing written. Bad input raises ``UserError`` with one clear sentence.
    """
    out = Path(out_path)
    _check(kind, lang, out.suffix.lower())
    if not out.parent.is_dir():
        raise UserError(f"folder {out.parent} does not exist")
    timings = timings or Timings()

    def step(percent: int, message: str) -> None:
        if is_cancelled is not None and is_cancelled():
            raise ReportCancelled("report cancelled")
        if progress is not None:
            progress(percent, message)

    step(2, "reading the engagement")
    if kind in SEPARATE_KINDS:
        path = SEPARATE_KINDS[kind](library, repo, engagement_id, out, lang, step, templates, today, timings)
        if progress is not None:
            progress(100, "done")
        return path
    started = time.perf_counter()
    inputs = gather_inputs(library, repo, engagement_id, today)
    timings.gather = time.perf_counter() - started
    return render_report(inputs, kind, out, lang, step, is_cancelled, templates=templates, timings=timings,
                         progress_only=progress)


def render_report(inputs: ReportInputs, kind: str, out: Path, lang: str, step: Callable[[int, str], None],
                  is_cancelled: Cancelled | None, *, templates: Path | None, timings: Timings,
                  progress_only: Progress | None = None) -> Path:
    suffix = out.suffix.lower()
    step(10, "building the report content")
    started = time.perf_counter()
    context = build_context(inputs, kind, lang)
    timings.context = time.perf_counter() - started

    template = name = None
    if suffix == ".docx":
        template, name = load_template(kind, lang, templates)
        from app.reports.docx_render import open_template

        open_template(template, name)  # fail on a broken file before the slow part

    started = time.perf_counter()
    wanted = charts_used(context, kind, suffix)

    def chart_progress(done: int, total: int) -> None:
        step(15 + int(55 * done / max(1, total)), f"drawing charts ({done}/{total})")

    images = render_charts(context, wanted, is_cancelled=is_cancelled, progress=chart_progress)
    timings.charts = time.perf_counter() - started
    timings.chart_count = len(images)

    step(75, "writing the document")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=suffix, dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            started = time.perf_counter()
            if suffix == ".docx":
                from app.reports.docx_render import render_docx

                assert template is not None and name is not None
                writing = render_docx(context, template, name, images, handle)
            else:
                from app.reports.xlsx_render import render_xlsx

                writing = render_xlsx(context, kind, images, handle)
            timings.render = time.perf_counter() - started - writing
            timings.save = writing
        step(95, "saving")
        started = time.perf_counter()
        try:
            os.replace(tmp, out)
        except PermissionError:
            raise UserError(f"cannot write {out}: is it open in Word or Excel?") from None
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror}") from None
        timings.save += time.perf_counter() - started
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress_only is not None:
        progress_only(100, "done")  # past the point of no return: no cancel check
    return out


def describe_report(library: ContentLibrary, repo: Repository, engagement_id: str, kind: str,
                    lang: str = "en", fmt: str = ".docx", *, templates: Path | None = None) -> ReportOutline:
    """What the report will contain, without drawing or writing anything (for a preview)."""
    fmt = fmt if fmt.startswith(".") else f".{fmt}"
    _check(kind, lang, fmt)
    context = build_context(gather_inputs(library, repo, engagement_id), kind, lang)
    return outline(context, kind, fmt, templates)


def outline(context: ReportContext, kind: str, fmt: str, templates: Path | None = None) -> ReportOutline:
    from app.reports.i18n import sheet_name
    from app.reports.template_content import SECTIONS, WORDS
    from app.reports.xlsx_render import SHEETS

    lang = context.meta.lang
    headings = {
        "_interviews": "h_interviews", "_coverage": "h_coverage", "_stats": "h_stats", "_quotes": "h_quotes",
        "_evidence": "h_evidence", "_summary": "h_summary", "_method": "h_method", "_overall": "h_overall",
        "_heatmap": "h_heatmap", "_gap": "h_gap", "_disagreement": "h_disagreement", "_overrides": "h_overrides",
        "_kpis": "h_kpi", "_diagnosis": "h_diagnosis", "_policies": "h_policies", "_appendix": "h_appendix",
        "_summary_with_radar": "h_summary",
    }
    sections = (WORDS[lang]["h_intro"],) + tuple(WORDS[lang][headings[f.__name__]] for f in SECTIONS[kind])
    used = charts_used(context, kind, fmt)
    charts = tuple(s.title for s in context.charts() if s.id in used)
    path = template_path(kind, lang, templates)
    sheets = (sheet_name(lang, "summary"),) + tuple(sheet_name(lang, f(context).key) for f in SHEETS[kind]) + (
        sheet_name(lang, "charts"),)
    return ReportOutline(
        kind=kind, lang=lang, format=fmt, title=context.meta.title, customer=context.meta.customer,
        engagement=context.meta.engagement, sections=sections if fmt == ".docx" else (), charts=charts,
        models=tuple(m.name for m in context.models), interviewees=context.survey.stats.interviewees,
        answers=context.survey.stats.answers, domains=sum(len(m.domains) for m in context.models),
        not_assessed=tuple(n for m in context.models for n in m.not_assessed), notices=context.notices,
        template=str(path) if path.is_file() else f"built-in {kind}.{lang}.docx",
        sheets=sheets if fmt == ".xlsx" else (),
    )
