"""Writing a report from what was read for it: checks, context, charts, Word or Excel, atomic save.

The reading is a use case (``app.services.reports.build_report`` reads everything the kind
needs from storage first, through ``app.services.report_inputs``, so a background thread
holds no session while drawing); from those plain inputs this module builds the context,
draws the charts and renders Word or Excel in memory, then saves it atomically: a failure
or a cancel never leaves a half-written report.

Qt-free by contract: progress and cancellation are plain callables, which the UI
wraps in its own background-task helper.
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.content.loader import ContentLibrary
from app.errors import UserError
from app.files import check_writable_target, save_bytes
from app.reports import registry
from app.reports.branding import Branding, brand_docx
from app.reports.context import ChartSpec, ReportContext
from app.reports.i18n import LANGUAGES
from app.reports.registry import ReportOutline

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


SHIPPED_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "report_templates"


def template_dir() -> Path:
    """The shipped ``report_templates/``, unless ``OMM_TEMPLATE_DIR`` names a consultancy's own."""
    env = os.environ.get("OMM_TEMPLATE_DIR")
    return Path(env) if env else SHIPPED_TEMPLATES


def template_path(kind: str, lang: str, directory: Path | None = None) -> Path:
    return (directory or template_dir()) / f"{kind}.{lang}.docx"


def check_kind(kind_id: str, lang: str, out_suffix: str | None = None) -> registry.ReportKind:
    """The kind, once it is known to be written in this language and format; else one clear line."""
    kind = registry.get(kind_id)
    if not kind.available:
        raise UserError(f"the {kind_id} report is not available yet; available: {', '.join(registry.available_ids())}")
    if lang not in LANGUAGES:
        raise UserError(f"unknown language {lang!r}; choose en or zh")
    if out_suffix is not None and out_suffix not in FORMATS:
        raise UserError(f"the output file must end in .docx (Word) or .xlsx (Excel), not {out_suffix or 'nothing'!r}")
    if out_suffix is not None and out_suffix not in kind.formats:
        raise UserError(f"the {kind_id} report is written as {' or '.join(kind.formats)}, not {out_suffix}")
    return kind


def offered_kinds(library: ContentLibrary, services: Any) -> dict[str, str]:
    """Each available report kind -> "" when a service the engagement bought delivers it, else why not.

    Which service delivers which report is content (the service catalogue); with no catalogue
    every kind is offered.
    """
    catalogue = library.catalogue
    bought = {getattr(s, "service_id", s) for s in services}
    out = {}
    for kind in registry.kinds():
        if not kind.available:
            continue
        offering = kind.offered_by(catalogue)
        # a kind no service lists (an interview guide, a working paper) is a tool, offered to every engagement
        if catalogue is None or not offering or bought & set(offering):
            out[kind.id] = ""
            continue
        names = {s.id: s.name.en for s in catalogue.services}
        which = " or ".join(names[i] for i in offering)
        out[kind.id] = f"the report '{kind.name('en')}' belongs to {which}, which this engagement did not buy"
    return out


def check_offered(library: ContentLibrary, services: Any, kind: str) -> None:
    reason = offered_kinds(library, services).get(kind, "")
    if reason:
        raise UserError(reason)


def check_fonts(lang: str) -> None:
    """Stop before drawing Chinese charts that would come out as boxes.

    matplotlib keeps a font cache: a CJK font installed after the cache was written is
    not seen. Rebuild the cache once before concluding no font is there.
    """
    if lang != "zh":
        return
    from app.reports import charts

    if charts.cjk_font() is not None:
        return
    from matplotlib import font_manager

    font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
    charts.cjk_font.cache_clear()
    if charts.cjk_font() is None:
        raise UserError("Chinese charts need a Chinese font that matplotlib can use, and none is installed: "
                        "install Noto Sans CJK SC (Debian/Ubuntu: apt install fonts-noto-cjk) or Microsoft YaHei "
                        "(Windows), then write the report again")


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
                  progress: Callable[[int, int], None] | None = None,
                  draw: Callable[[ChartSpec], bytes] | None = None) -> dict[str, bytes]:
    """PNG bytes of each chart in the context (at print resolution), keyed by chart id."""
    draw = draw or chart_png
    specs = [s for s in context.charts() if wanted is None or s.id in wanted]
    images: dict[str, bytes] = {}
    for i, spec in enumerate(specs):
        if is_cancelled is not None and is_cancelled():
            raise ReportCancelled("report cancelled")
        images[spec.id] = draw(spec)
        if progress:
            progress(i + 1, len(specs))
    return images


def charts_used(context: Any, kind: str, suffix: str) -> set[str]:
    """The ids of the charts the kind shows in this format (declared with the kind)."""
    return registry.get(kind).charts(context, suffix)


def load_template(kind: str, lang: str, directory: Path | None = None) -> tuple[bytes, str]:
    """The template's bytes and a name for messages; the built-in default when the file is missing."""
    path = template_path(kind, lang, directory)
    if path.is_file():
        try:
            return path.read_bytes(), str(path)
        except OSError as exc:
            raise UserError(f"cannot read template {path}: {exc.strerror}") from None
    from app.reports.templates import template_bytes

    return template_bytes(kind, lang), f"built-in {kind}.{lang}.docx"


def fixed_package(data: bytes, when: datetime, identifier: str = "") -> bytes:
    """The Office file with every timestamp set to ``when`` (and ``identifier`` in its properties).

    python-docx and openpyxl stamp the zip entries and the core properties with the time of
    writing; a report made from a snapshot must be the same bytes whenever it is made.
    """
    import zipfile

    from lxml import etree

    stamp = when.replace(microsecond=0, tzinfo=None)
    iso = stamp.isoformat() + "Z"
    ns = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
          "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                root = etree.fromstring(body)
                for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
                    for element in root.findall(tag, ns):
                        element.text = iso
                if identifier:
                    element = root.find("dc:identifier", ns)
                    if element is None:
                        element = etree.SubElement(root, f"{{{ns['dc']}}}identifier")
                    element.text = identifier
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def check_folder_target(out: Path) -> None:
    """Fail now, in one line, when ``out`` cannot become the folder a set of files is written into."""
    if out.suffix.lower() in FORMATS:
        raise UserError(f"this report is a set of files: give a folder for --out, not the file {out}")
    if out.exists() and not out.is_dir():
        raise UserError(f"cannot write into {out}: it is a file, not a folder")
    existing = out
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise UserError(f"cannot create the folder {out}: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"cannot write into {out}: the folder {existing} is not writable (permission denied)")


def stepper(progress: Progress | None, is_cancelled: Cancelled | None) -> Callable[[int, str], None]:
    """``step(percent, message)``: stop with ReportCancelled if the user cancelled, else report progress."""

    def step(percent: int, message: str) -> None:
        if is_cancelled is not None and is_cancelled():
            raise ReportCancelled("report cancelled")
        if progress is not None:
            progress(percent, message)

    return step


def render_folder(inputs: Any, kind: str, out: Path, lang: str, step: Callable[[int, str], None],
                  is_cancelled: Cancelled | None, *, timings: Timings, progress_only: Progress | None = None) -> Path:
    """Write a kind that is a set of files into the folder ``out`` (created if needed).

    Every file is rendered in memory first; only then is the folder created and each file
    saved atomically, so bad input or a cancel leaves nothing behind.
    """
    declared = check_kind(kind, lang)
    assert declared.folder_files is not None and declared.build_context is not None
    step(20, "building the content")
    started = time.perf_counter()
    context = declared.build_context(inputs, lang)
    timings.context = time.perf_counter() - started
    step(30, "writing the files")
    started = time.perf_counter()
    files = declared.folder_files(context, is_cancelled)
    timings.render = time.perf_counter() - started
    step(90, "saving")
    started = time.perf_counter()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {out}: {exc.strerror or exc}") from None
    for name in files:
        check_writable_target(out / name)
    for name, data in files.items():
        save_bytes(out / name, data)
    timings.save = time.perf_counter() - started
    if progress_only is not None:
        progress_only(100, "done")
    return out


def render_report(inputs: Any, kind: str, out: Path, lang: str, step: Callable[[int, str], None],
                  is_cancelled: Cancelled | None, *, templates: Path | None, timings: Timings,
                  progress_only: Progress | None = None, fixed_time: datetime | None = None,
                  identifier: str = "", branding: Branding | None = None) -> Path:
    suffix = out.suffix.lower()
    declared = check_kind(kind, lang, suffix)
    step(10, "building the report content")
    started = time.perf_counter()
    branding = branding or Branding()
    context = with_branding(declared.build_context(inputs, lang), branding)
    timings.context = time.perf_counter() - started

    template = name = None
    if suffix == ".docx" and declared.word_writer is None:
        template, name = load_template(kind, lang, templates)
        from app.reports.docx_render import open_template

        open_template(template, name)  # fail on a broken file before the slow part

    started = time.perf_counter()
    wanted = charts_used(context, kind, suffix)

    def chart_progress(done: int, total: int) -> None:
        step(15 + int(55 * done / max(1, total)), f"drawing charts ({done}/{total})")

    images = render_charts(context, wanted, is_cancelled=is_cancelled, progress=chart_progress,
                           draw=declared.chart_png or chart_png)
    timings.charts = time.perf_counter() - started
    timings.chart_count = len(images)

    step(75, "writing the document")
    # Rendered in memory, then saved in one short atomic write: a run killed while
    # rendering leaves nothing beside the target (and save_bytes sweeps what an older
    # run left there).
    buffer = io.BytesIO()
    started = time.perf_counter()
    if suffix == ".docx" and declared.word_writer is not None:
        writing = declared.word_writer(context, images, buffer)
    elif suffix == ".docx":
        from app.reports.docx_render import render_docx

        assert template is not None and name is not None
        writing = render_docx(context, template, name, images, buffer)
    else:
        assert declared.excel_writer is not None
        writing = declared.excel_writer(context, images, buffer)
    timings.render = time.perf_counter() - started - writing
    timings.save = writing
    step(95, "saving")
    started = time.perf_counter()
    data = buffer.getvalue()
    # A template whose context carries the name and logo (context.Meta) is branded as it renders (docx_render).
    if suffix == ".docx" and (declared.word_writer is not None or not hasattr(context.meta, "consultancy")):
        data = brand_docx(data, branding)
    if fixed_time is not None:
        data = fixed_package(data, fixed_time, identifier)
    save_bytes(out, data)
    timings.save += time.perf_counter() - started
    if progress_only is not None:
        progress_only(100, "done")  # past the point of no return: no cancel check
    return out


def with_branding(context: Any, branding: Branding) -> Any:
    """The context with the consultancy's name and logo in its ``meta``, when the kind's meta has room."""
    from dataclasses import fields, is_dataclass, replace

    meta = getattr(context, "meta", None)
    if not branding or not is_dataclass(context) or not is_dataclass(meta) or \
            "consultancy" not in {f.name for f in fields(meta)}:
        return context
    return replace(context, meta=replace(meta, consultancy=branding.name, logo=branding.logo))


def check_options(kind: str, options: Mapping[str, str] | None) -> None:
    """One clear line for an option the kind does not take or a required one missing."""
    declared = registry.get(kind)
    given = {k: v for k, v in (options or {}).items() if v is not None}
    known = {o.name for o in declared.options}
    for name in given:
        if name not in known:
            raise UserError(f"the {kind} report takes no --{name}")
    for option in declared.options:
        if option.required and not given.get(option.name):
            raise UserError(f"the {kind} report needs --{option.name}: {option.help}")


def outline(context: Any, kind: str, fmt: str, templates: Path | None = None) -> ReportOutline:
    """The preview of a report: the kind's own outline, else what any context tells."""
    lang = context.meta.lang
    path = template_path(kind, lang, templates)
    template = str(path) if path.is_file() else f"built-in {kind}.{lang}.docx"
    declared = registry.get(kind)
    if declared.outline is not None:
        return declared.outline(context, fmt, template)
    used = declared.charts(context, fmt)
    return ReportOutline(
        kind=kind, lang=lang, format=fmt, title=context.meta.title, customer=context.meta.customer,
        engagement=context.meta.engagement, sections=(), charts=tuple(s.title for s in context.charts()
                                                                      if s.id in used),
        models=(), interviewees=0, answers=0, domains=0, not_assessed=(), notices=tuple(context.notices),
        template=template if fmt == ".docx" else "", sheets=(),
    )


def assessment_outline(context: ReportContext, kind: str, fmt: str, template: str,
                       used: set[str]) -> ReportOutline:
    """The preview of the survey, diagnosis and maturity reports: their sections, charts and sheets."""
    from app.reports.i18n import sheet_name
    from app.reports.template_content import HEADINGS, SECTIONS, WORDS
    from app.reports.xlsx_render import SHEETS

    lang = context.meta.lang
    names = [f for f in SECTIONS[kind]
             if f.__name__ != "_progress" or (context.model is not None and context.model.progress is not None)]
    lead = (WORDS[lang]["h_exec"],) if kind == "diagnosis" else ()
    sections = lead + (WORDS[lang]["h_intro"],) + tuple(
        WORDS[lang][HEADINGS[f]].replace("{{ meta.customer }}", context.meta.customer) for f in names)
    charts = tuple(s.title for s in context.charts() if s.id in used)
    sheets = (sheet_name(lang, "summary"),) + tuple(sheet_name(lang, f(context).key) for f in SHEETS[kind]) + (
        sheet_name(lang, "charts"),)
    return ReportOutline(
        kind=kind, lang=lang, format=fmt, title=context.meta.title, customer=context.meta.customer,
        engagement=context.meta.engagement, sections=sections if fmt == ".docx" else (), charts=charts,
        models=tuple(m.name for m in context.models), interviewees=context.survey.stats.interviewees,
        answers=context.survey.stats.answers, domains=sum(len(m.domains) for m in context.models),
        not_assessed=tuple(n for m in context.models for n in m.not_assessed), notices=context.notices,
        template=template, sheets=sheets if fmt == ".xlsx" else (),
    )
