"""Excel output: the same report context as sheets a consultant can filter and sort.

Every sheet has a frozen, filtered header row, column widths that fit the text
(Chinese counted double), number formats, and a colour scale on level columns.
Text that Excel would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is stored as a string with Excel's quote prefix, so it is
shown and never evaluated, even after the user edits the cell.
"""

from __future__ import annotations

import io
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.branding import add_excel_logo
from app.reports.context import ModelSection, ReportContext
from app.reports.i18n import column, sheet_name

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F3864")
FORMATS = {"level": "0.00", "gap": "0.00", "pct": "0%", "int": "0", "num": "General", "text": "@", "wrap": "@"}


@dataclass(frozen=True)
class Col:
    key: str  # a COLUMNS key in i18n, or a literal header when ``literal``
    kind: str = "text"  # text | wrap | int | level | gap | pct | num
    literal: bool = False


@dataclass(frozen=True)
class SheetSpec:
    key: str
    columns: Sequence[Col]
    rows: Sequence[Sequence[Any]]
    freeze: str = "A2"
    level_range: tuple[float, float] = (0, 5)


def safe_value(value: Any) -> tuple[Any, bool]:
    """The value to store, and whether it is text that must never run as a formula."""
    if isinstance(value, str):
        return value, value.startswith(FORMULA_PREFIXES)
    return value, False


def put(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    value, guarded = safe_value(value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if guarded:
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


WIDEST = 64  # no column is wider than 60 characters: the rest of a long line does not change its width


def _width(value: Any) -> int:
    text = f"{value:.2f}" if isinstance(value, float) else str(value if value is not None else "")
    if text.isascii():
        return min(WIDEST, max((len(line) for line in text.split("\n")), default=0))
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line[:WIDEST])
                for line in text.split("\n")), default=0)


def write_sheet(wb: Workbook, spec: SheetSpec, lang: str) -> Worksheet:
    ws = wb.create_sheet(sheet_name(lang, spec.key)[:31])
    headers = [c.key if c.literal else column(lang, c.key) for c in spec.columns]
    for i, header in enumerate(headers, start=1):
        cell = put(ws, 1, i, header)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [_width(h) + 2 for h in headers]
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    # A cell's style is a row of ids into the workbook's style lists; setting alignment and
    # number format looks each object up by hashing it, which was most of a big sheet's time.
    # The first cell of each kind is styled, the others take its ids (as openpyxl's own cell copy does).
    styled: dict[tuple[str, bool, bool], Any] = {}
    for r, row in enumerate(spec.rows, start=2):
        for c, (value, col) in enumerate(zip(row, spec.columns, strict=True), start=1):
            cell = put(ws, r, c, value)
            number = col.kind in ("level", "gap", "pct", "int") and isinstance(value, int | float)
            key = (col.kind, number, bool(cell.quotePrefix))
            if key in styled:
                cell._style = copy(styled[key])
            else:
                if number:
                    cell.number_format = FORMATS[col.kind]
                cell.alignment = wrap if col.kind == "wrap" else top
                styled[key] = copy(cell._style)
            widths[c - 1] = max(widths[c - 1], _width(value) + 2)
    for c, col in enumerate(spec.columns, start=1):
        cap = 60 if col.kind == "wrap" else 45
        ws.column_dimensions[get_column_letter(c)].width = max(8, min(cap, widths[c - 1]))
    ws.freeze_panes = spec.freeze
    last = max(1, len(spec.rows) + 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{last}"
    low, high = spec.level_range
    for c, col in enumerate(spec.columns, start=1):
        if col.kind in ("level", "gap") and spec.rows:
            letter = get_column_letter(c)
            rule = level_scale(low, high) if col.kind == "level" else gap_scale(high - low)
            ws.conditional_formatting.add(f"{letter}2:{letter}{last}", rule)
    _print_setup(ws)
    return ws


def gap_scale(span: float) -> ColorScaleRule:
    """No gap (or ahead of target) is green, a gap of half the scale or more is red."""
    return ColorScaleRule(start_type="num", start_value=0, start_color="63BE7B",
                          mid_type="num", mid_value=span / 4, mid_color="FFEB84",
                          end_type="num", end_value=span / 2, end_color="F8696B")


def level_scale(low: float, high: float) -> ColorScaleRule:
    return ColorScaleRule(start_type="num", start_value=low, start_color="F8696B",
                          mid_type="num", mid_value=(low + high) / 2, mid_color="FFEB84",
                          end_type="num", end_value=high, end_color="63BE7B")


# --- sheets -------------------------------------------------------------------------------------------


SUMMARY = {
    "en": {"engagement": "Engagement", "interviewed": "Interviewed / planned", "consultant": "Lead consultant",
           "period": "Engagement period", "report_date": "Report date", "services": "Services",
           "consultancy": "Prepared by"},
    "zh": {"engagement": "项目", "interviewed": "已访谈/计划", "consultant": "主责顾问", "period": "项目周期",
           "report_date": "报告日期", "services": "服务内容", "consultancy": "咨询机构"},
}


def _print_setup(ws: Worksheet) -> None:
    """Landscape, as wide as one page, header row on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"


def _summary(wb: Workbook, ctx: ReportContext) -> Worksheet:
    lang, t = ctx.meta.lang, ctx.t
    ws = wb.active
    ws.title = sheet_name(lang, "summary")
    put(ws, 1, 1, ctx.meta.title).font = TITLE_FONT
    put(ws, 2, 1, ctx.meta.customer).font = Font(bold=True, size=12, color="C55A11")
    words = SUMMARY[lang if lang in SUMMARY else "en"]
    rows: list[tuple[str, Any]] = [
        (words["engagement"], ctx.meta.engagement),
        (words["interviewed"], f"{ctx.survey.stats.interviewed} / {ctx.survey.stats.interviewees}"),
        *([(words["consultancy"], ctx.meta.consultancy)] if ctx.meta.consultancy else []),
        (words["consultant"], ctx.meta.consultant),
        (words["period"], ctx.meta.period),
        (words["report_date"], ctx.meta.report_date),
        (words["services"], ctx.meta.services_text),
    ]
    levels = ctx.meta.kind != "diagnosis" or ctx.meta.scored  # a Basic diagnosis states no 0-5 level
    for m in ctx.models:
        if levels:
            rows.append((f"{m.name} – {t['level']}", m.overall.level))
            rows.append((f"{m.name} – {t['target']}", m.overall.target))
            rows.append((f"{m.name} – {t['gap']}", m.overall.gap))
        rows.append((f"{m.name} – {column(lang, 'coverage')}", m.overall.coverage_text))
    control = ctx.meta.control
    if control is not None and control.snapshot:
        from app.reports.deliverables import words as control_words

        rows.append((control_words(lang)["snapshot"], control.snapshot))
    for n in ctx.notices:
        rows.append(("!", n))
    for i, (label, value) in enumerate(rows, start=4):
        put(ws, i, 1, label).font = Font(bold=True)
        cell = put(ws, i, 2, value if value is not None else t["not_assessed"])
        if isinstance(value, float):
            cell.number_format = "0.00"
    ws.column_dimensions["A"].width = max(24, max(_width(r[0]) for r in rows) + 2)
    ws.column_dimensions["B"].width = min(80, max(30, max(_width(r[1]) for r in rows) + 2))
    if ctx.meta.logo:
        add_excel_logo(ws, ctx.meta.logo, "C1")
    # One page wide when printed: the values in column B belong beside their labels.
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    return ws


def _model_col(ctx: ReportContext) -> list[Col]:
    return [Col("model")] if ctx.multiple_models else []


def _with_model(ctx: ReportContext, m: ModelSection, row: Sequence[Any]) -> list[Any]:
    return ([m.name] if ctx.multiple_models else []) + list(row)


def _range(ctx: ReportContext) -> tuple[float, float]:
    return (ctx.model.method.scale_min, ctx.model.method.scale_max) if ctx.model else (0, 5)


def _interviewees(ctx: ReportContext) -> SheetSpec:
    return SheetSpec("interviewees", [
        Col("name"), Col("kind"), Col("role"), Col("department"), Col("date"), Col("questionnaire"),
        Col("answers", "int"), Col("track", "int"), Col("completion", "pct"), Col("minutes", "int")],
        [(r.name, r.kind, r.role, r.department, r.date, r.questionnaire, r.answers, r.track, r.completion, r.minutes)
         for r in ctx.survey.interviewees])


def _coverage(ctx: ReportContext) -> SheetSpec:
    return SheetSpec("coverage", [Col("model"), Col("domain"), Col("questions", "int"), Col("answered", "int"),
                                  Col("respondents", "int"), Col("coverage", "pct")],
                     [(r.model, r.domain, r.questions, r.answered, r.respondents, r.coverage)
                      for r in ctx.survey.coverage])


def _roles(ctx: ReportContext) -> SheetSpec:
    return SheetSpec("roles", [Col("role"), Col("interviewees", "int"), Col("track", "int"), Col("answers", "int"),
                               Col("completion", "pct")],
                     [(r.role, r.interviewees, r.track, r.answers, r.completion) for r in ctx.survey.roles])


def _quotes(ctx: ReportContext) -> SheetSpec:
    return SheetSpec("quotes", [Col("quote", "wrap"), Col("interviewee"), Col("role"), Col("topic")],
                     [(q.text, q.who, q.role, q.topic) for q in ctx.survey.quotes])


def _evidence(ctx: ReportContext) -> SheetSpec:
    return SheetSpec("evidence", [Col("title"), Col("file"), Col("status"), Col("size", "num"), Col("linked", "int"),
                                  Col("description", "wrap")],
                     [(e.title, e.file, e.status, e.size_kb, e.linked, e.description) for e in ctx.survey.evidence])


def _criteria(ctx: ReportContext) -> SheetSpec:
    return SheetSpec("criteria", [Col("question", "wrap"), Col("criteria", "wrap"), Col("answered", "int"),
                                  Col("answers_given", "wrap")],
                     [(c.question, "\n".join(c.criteria), c.answered, c.answers_text) for c in ctx.survey.criteria])


def _requests(ctx: ReportContext) -> SheetSpec:
    return SheetSpec("requests", [Col("ref"), Col("title", "wrap"), Col("owner"), Col("due"), Col("status"),
                                  Col("note", "wrap")],
                     [(r.ref, r.title, r.owner, r.due, r.status, r.note) for r in ctx.survey.requests])


def _answers(ctx: ReportContext) -> SheetSpec:
    if not ctx.meta.scored:
        # a Basic diagnosis is not a 0-5 evaluation: its workbook, like its Word report, shows no levels
        plain = [(a.model, a.questionnaire, a.section, a.question_id, a.question, a.capability, a.domain,
                  a.interviewee, a.role, a.department, a.answer, a.confidence, a.note, a.evidence)
                 for m in ctx.models for a in m.answers]
        return SheetSpec("answers", [
            Col("model"), Col("questionnaire"), Col("section"), Col("question_id"), Col("question", "wrap"),
            Col("capability"), Col("domain"), Col("interviewee"), Col("role"), Col("department"), Col("answer"),
            Col("confidence"), Col("note", "wrap"), Col("evidence", "int")], plain, freeze="F2")
    rows = [(a.model, a.questionnaire, a.section, a.question_id, a.question, a.capability, a.domain, a.interviewee,
             a.kind, a.role, a.department, a.answer, a.level, a.confidence, a.note, a.evidence)
            for m in ctx.models for a in m.answers]
    return SheetSpec("answers", [
        Col("model"), Col("questionnaire"), Col("section"), Col("question_id"), Col("question", "wrap"),
        Col("capability"), Col("domain"), Col("interviewee"), Col("kind"), Col("role"), Col("department"),
        Col("answer"),
        Col("level", "level"), Col("confidence"), Col("note", "wrap"), Col("evidence", "int")], rows,
        freeze="F2", level_range=_range(ctx))


def _matrix(ctx: ReportContext) -> SheetSpec:
    """One row per question, one column per interviewee: the level (or the answer) each gave."""
    people: list[str] = []
    for m in ctx.models:
        for a in m.answers:
            if a.interviewee not in people:
                people.append(a.interviewee)
    rows: dict[tuple[str, str], list[Any]] = {}
    for m in ctx.models:
        for a in m.answers:
            key = (a.questionnaire, a.question_id)
            if key not in rows:
                rows[key] = [a.questionnaire, a.question_id, a.question, a.capability] + [None] * len(people)
            shown = a.level if a.level is not None and ctx.meta.scored else a.answer
            rows[key][4 + people.index(a.interviewee)] = shown
    columns = [Col("questionnaire"), Col("question_id"), Col("question", "wrap"), Col("capability")] + [
        Col(p, "level" if ctx.meta.scored else "text", literal=True) for p in people]
    return SheetSpec("matrix", columns, list(rows.values()), freeze="E2", level_range=_range(ctx))


def _diagnosis_domains(ctx: ReportContext) -> SheetSpec:
    """Scored (Professional): the domains with levels; Basic: the qualitative position per domain, as in Word."""
    if ctx.meta.scored:
        return _domains(ctx)
    rows = [_with_model(ctx, m, (d.name, d.position))
            for m in ctx.models if m.diagnosis is not None for d in m.diagnosis.domains]
    return SheetSpec("domains", _model_col(ctx) + [Col("domain"), Col("position", "wrap")], rows)


def _diagnosis_gaps(ctx: ReportContext) -> SheetSpec | None:
    return _gaps(ctx) if ctx.meta.scored else None


def _domains(ctx: ReportContext) -> SheetSpec:
    rows = [_with_model(ctx, m, (d.name, d.level, d.target, d.gap, d.coverage, d.weight))
            for m in ctx.models for d in m.domains]
    return SheetSpec("domains", _model_col(ctx) + [Col("domain"), Col("level", "level"), Col("target", "level"),
                                                   Col("gap", "gap"), Col("coverage", "pct"),
                                                   Col("weight", "num")], rows, level_range=_range(ctx))


def _capabilities(ctx: ReportContext) -> SheetSpec:
    rows = [_with_model(ctx, m, (c.domain, c.name, c.level, c.computed_level, c.target, c.gap,
                                 c.coverage, c.confidence, c.confidence_value, c.weight))
            for m in ctx.models for c in m.capabilities]
    return SheetSpec("capabilities", _model_col(ctx) + [
        Col("domain"), Col("capability"), Col("level", "level"), Col("computed", "level"), Col("target", "level"),
        Col("gap", "gap"), Col("coverage", "pct"), Col("confidence"), Col("confidence_value", "num"),
        Col("weight", "num")], rows, freeze="C2" if not ctx.multiple_models else "D2", level_range=_range(ctx))


def _by_role(ctx: ReportContext) -> SheetSpec:
    """The heatmap's figures as numbers: each role's level per capability, consolidated and target."""
    m = ctx.model
    if m is None:
        return SheetSpec("by_role", [Col("domain"), Col("capability")], [])
    columns = [Col("domain"), Col("capability")] + [Col(name, "level", literal=True) for name in m.heatmap_roles]
    rows = [(c.domain, c.name, *values) for c, values in zip(m.capabilities, m.heatmap_values, strict=True)]
    return SheetSpec("by_role", columns, rows, freeze="C2", level_range=_range(ctx))


def _gaps(ctx: ReportContext) -> SheetSpec:
    rows = [_with_model(ctx, m, (c.name, c.domain, c.level, c.target, c.gap, c.confidence))
            for m in ctx.models for c in m.gaps]
    return SheetSpec("gaps", _model_col(ctx) + [Col("capability"), Col("domain"), Col("level", "level"),
                                                Col("target", "level"), Col("gap", "gap"), Col("confidence")],
                     rows, level_range=_range(ctx))


def _findings(ctx: ReportContext) -> SheetSpec:
    rows = [_with_model(ctx, m, (c.domain, c.name, c.level, c.observed, c.next_step,
                                 " | ".join(f"{q.text} ({q.who})" for q in c.notes), c.evidence_expected))
            for m in ctx.models for c in m.capabilities]
    return SheetSpec("findings", _model_col(ctx) + [
        Col("domain"), Col("capability"), Col("level", "level"), Col("observed", "wrap"), Col("next", "wrap"),
        Col("note", "wrap"), Col("evidence", "wrap")], rows, freeze="C2", level_range=_range(ctx))


def _recommendations(ctx: ReportContext) -> SheetSpec:
    rows = [_with_model(ctx, m, (r.rank, r.title, r.description, r.capability, r.domain, r.impact, r.effort,
                                 r.horizon, r.from_to, r.gap))
            for m in ctx.models for r in m.recommendations]
    return SheetSpec("recommendations", _model_col(ctx) + [
        Col("rank", "int"), Col("recommendation"), Col("description", "wrap"), Col("capability"), Col("domain"),
        Col("impact"), Col("effort"), Col("horizon"), Col("from_to"), Col("gap", "gap")], rows, freeze="C2",
        level_range=_range(ctx))


def _disagreements(ctx: ReportContext) -> SheetSpec:
    rows = [_with_model(ctx, m, (x.question_id, x.question, x.capability, x.domain, x.spread,
                                 x.consolidated, x.responses_text))
            for m in ctx.models for x in m.disagreements]
    return SheetSpec("disagreements", _model_col(ctx) + [
        Col("question_id"), Col("question", "wrap"), Col("capability"), Col("domain"), Col("spread", "num"),
        Col("level", "level"), Col("responses", "wrap")], rows, level_range=_range(ctx))


def _overrides(ctx: ReportContext) -> SheetSpec:
    rows = [_with_model(ctx, m, (o.capability, o.domain, o.computed, o.override,
                                 o.rationale, o.author))
            for m in ctx.models for o in m.overrides]
    return SheetSpec("overrides", _model_col(ctx) + [
        Col("capability"), Col("domain"), Col("computed", "level"), Col("override", "level"),
        Col("rationale", "wrap"), Col("author")], rows, level_range=_range(ctx))


def _kpis(ctx: ReportContext) -> SheetSpec:
    rows = [_with_model(ctx, m, (k.name, k.definition, k.unit, k.direction, k.baseline, k.answers,
                                 k.typical_target, k.capabilities))
            for m in ctx.models for k in m.kpis]
    return SheetSpec("kpis", _model_col(ctx) + [
        Col("kpi"), Col("definition", "wrap"), Col("unit"), Col("direction"), Col("baseline", "num"),
        Col("answers", "int"), Col("typical_target", "wrap"), Col("capability", "wrap")], rows)


def _approved_findings(ctx: ReportContext) -> SheetSpec:
    """The diagnosis workbook: approved findings only, with their support (as in the Word report)."""
    rows = [_with_model(ctx, m, (f.number, d.name, f.title, f.type_text, f.severity_text, f.statement,
                                 f.answers_text, f.kpis_text, "; ".join(f.evidence), "; ".join(f.recommendations)))
            for m in ctx.models if m.diagnosis is not None for d in m.diagnosis.domains for f in d.findings]
    return SheetSpec("findings", _model_col(ctx) + [
        Col("rank"), Col("domain"), Col("finding", "wrap"), Col("status"), Col("impact"), Col("description", "wrap"),
        Col("answers", "wrap"), Col("kpi", "wrap"), Col("evidence", "wrap"), Col("recommendation", "wrap")],
        rows, freeze="D2")


def _ranked_policies(ctx: ReportContext) -> SheetSpec:
    """Every optimisation policy, ranked as in the Word report (which lists the first fifteen)."""
    levels = ctx.meta.scored  # a Basic diagnosis names no levels to go from and to
    rows = [_with_model(ctx, m, (p.rank, p.title, p.description, p.capability, p.domain, p.impact, p.effort,
                                 p.start, p.objectives, p.findings) + ((p.from_to,) if levels else ()))
            for m in ctx.models if m.diagnosis is not None for p in m.diagnosis.policies]
    return SheetSpec("recommendations", _model_col(ctx) + [
        Col("rank", "int"), Col("recommendation"), Col("description", "wrap"), Col("capability"), Col("domain"),
        Col("impact"), Col("effort"), Col("horizon"), Col("topic", "wrap"), Col("finding")]
        + ([Col("from_to")] if levels else []), rows, freeze="C2")


OPTIONAL_SHEETS = frozenset({"criteria", "requests"})  # left out when they would be empty

SHEETS: dict[str, tuple[Callable[[ReportContext], SheetSpec | None], ...]] = {
    "survey": (_interviewees, _coverage, _roles, _quotes, _evidence, _criteria, _requests, _answers, _matrix),
    "diagnosis": (_diagnosis_domains, _approved_findings, _diagnosis_gaps, _ranked_policies, _answers, _matrix),
    "maturity": (_domains, _capabilities, _by_role, _gaps, _findings, _recommendations, _disagreements, _overrides, _kpis,
                 _interviewees, _answers, _matrix),
}

def _chart_sheet(wb: Workbook, ctx: ReportContext, images: Mapping[str, bytes], kind: str,
                 domains_ws: Worksheet | None) -> Worksheet:
    ws = wb.create_sheet(sheet_name(ctx.meta.lang, "charts"))
    row = 1
    model = ctx.model
    if domains_ws is not None and model is not None and any(d.level is not None for d in model.domains):
        offset = 1 if ctx.multiple_models else 0
        count = len(model.domains)
        labels = Reference(domains_ws, min_col=1 + offset, min_row=2, max_row=1 + count)
        data = Reference(domains_ws, min_col=2 + offset, max_col=3 + offset, min_row=1, max_row=1 + count)
        bar = BarChart()
        bar.type = "col"
        bar.title = ctx.t["chart_bars"]
        bar.y_axis.scaling.min = model.method.scale_min
        bar.y_axis.scaling.max = model.method.scale_max
        bar.y_axis.title = ctx.t["level"]
        bar.add_data(data, titles_from_data=True)
        bar.set_categories(labels)
        bar.width, bar.height = 24, 10
        ws.add_chart(bar, f"A{row}")
        radar = RadarChart()
        radar.type = "marker"
        radar.title = ctx.t["chart_radar"]
        radar.add_data(data, titles_from_data=True)
        radar.set_categories(labels)
        radar.y_axis.scaling.min = model.method.scale_min
        radar.y_axis.scaling.max = model.method.scale_max
        radar.width, radar.height = 16, 12
        # A domain without answers goes to the centre, as in the Word radar, not a gap in the outline.
        radar.display_blanks = "zero"
        ws.add_chart(radar, f"P{row}")
        missing = [d.name for d in model.domains if d.level is None]
        if missing:
            put(ws, row + 24, 16, ctx.t["chart_not_assessed"] + ("、" if ctx.meta.lang == "zh" else ", ").join(missing)
                ).font = Font(italic=True, size=9, color="595959")
        row += 26
    sources = list(ctx.survey.charts.values()) + [s for m in ctx.models for s in m.charts.values()]
    for spec in sources:
        if spec.id not in images:
            continue
        put(ws, row, 1, spec.title).font = Font(bold=True, size=12, color="1F3864")
        picture = Image(io.BytesIO(images[spec.id]))
        scale = 760 / picture.width  # about 20 cm wide on screen
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        ws.add_image(picture, f"A{row + 1}")
        row += int(picture.height / 20) + 4
    return ws


def render_xlsx(context: ReportContext, kind: str, images: Mapping[str, bytes], out: BinaryIO | Path) -> float:
    """Build and write the workbook; returns the seconds spent writing the file."""
    wb = Workbook()
    _summary(wb, context)
    domains_ws = None
    for build in SHEETS[kind]:
        spec = build(context)
        if spec is None:
            continue  # not for this engagement (a Basic diagnosis has no gaps in levels)
        if spec.key in OPTIONAL_SHEETS and not spec.rows:
            continue  # a model without answer criteria gets no empty criteria sheet
        ws = write_sheet(wb, spec, context.meta.lang)
        if spec.key == "domains":
            domains_ws = ws
    _chart_sheet(wb, context, images, kind, domains_ws)
    wb.properties.title = context.meta.title
    wb.properties.subject = context.meta.customer
    wb.properties.creator = context.meta.consultant or "omm"
    started = time.perf_counter()
    wb.save(out)
    return time.perf_counter() - started
