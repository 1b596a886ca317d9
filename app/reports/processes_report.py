"""The process specifications report (``processes``) in Word and Excel, from a :class:`ProcessesView`.

Word: a summary of the seven processes, then one chapter per process that the customer
can adopt as its standard: the assessment, purpose, scope and triggers, the RACI, the
flow diagram, the activities with their SOP steps, inputs and outputs, tools,
interfaces, records, the specification's sections, the KPI table and the rollout plan
(and, for a Large engagement, how each business line differs). Excel: KPIs with
targets, the RACI, the activities, the rollout plan and the assessment, as filterable
sheets with frozen headers; customer text never becomes a formula.
"""

from __future__ import annotations

import io
import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.oxml import parse_xml
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.reports.charts import _display_width as display_width
from app.reports.context import ChartSpec
from app.reports.organisation_report import _fonts
from app.reports.processes_context import ProcessChapter, ProcessesView, number, words
from app.reports.xlsx_render import HEADER_FILL, HEADER_FONT, _print_setup, put

FLOW_BUILDER = "process_flow_figure"
FLOW_DPI = 200
GREY = RGBColor(0x59, 0x59, 0x59)


# --- the context the registry expects ------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessesMeta:
    title: str
    lang: str
    customer: str
    engagement: str


@dataclass
class ProcessesContext:
    """``meta``, ``notices``, ``charts()`` (one flow diagram per process) and ``as_template_dict()``."""

    view: ProcessesView
    meta: ProcessesMeta
    notices: tuple[str, ...] = ()

    def charts(self) -> list[ChartSpec]:
        return [flow_chart_spec(c, self.view.lang) for c in self.view.chapters]

    def as_template_dict(self) -> dict[str, Any]:
        return {"meta": self.meta, "view": self.view}


def flow_chart_spec(chapter: ProcessChapter, lang: str) -> ChartSpec:
    return ChartSpec(f"flow-{chapter.id}", FLOW_BUILDER, chapter.name,
                     {"steps": chapter.flow, "title": chapter.name, "lang": lang})


def flow_png(spec: ChartSpec) -> bytes:
    from app.reports.charts import figure_png
    from app.reports.process_flow import process_flow_figure

    return figure_png(process_flow_figure(**spec.params), dpi=FLOW_DPI)


def context_from_view(view: ProcessesView) -> ProcessesContext:
    w = words(view.lang)
    return ProcessesContext(view, ProcessesMeta(w["title"], view.lang, view.customer, view.engagement),
                            view.notices)


# --- Word ------------------------------------------------------------------------------------------------


# python-docx resolves a style by name through every style of the document on each call and builds a
# table cell by cell with an XPath per element: seven chapters of tables took most of the report's
# time. These write the same XML directly (text escaped, characters XML cannot hold dropped).

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADING_STYLES = {0: "Title", 1: "Heading1", 2: "Heading2", 3: "Heading3"}


def clean(value: Any) -> str:
    return _ILLEGAL.sub("", "" if value is None else str(value))


def _p(doc, text: str = "", style_id: str | None = None):
    """A paragraph in the style with this id (no lookup by name)."""
    paragraph = doc.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    if text:
        paragraph.add_run(clean(text))
    return paragraph


def _heading(doc, text: str, level: int):
    return _p(doc, text, HEADING_STYLES[level])


def _runs_xml(text: str, size: float, *, bold: bool = False, colour: str | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:color w:val="{colour}"/>' if colour else "") + \
        f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    out = []
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            out.append(f"<w:r><w:rPr>{props}</w:rPr><w:br/></w:r>")
        out.append(f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{xml_escape(line)}</w:t></w:r>')
    return "".join(out)


def _cell_xml(text: str, width: int, size: float, *, bold: bool = False, colour: str | None = None,
              fill: str | None = None, vertical: bool = False) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    if vertical:
        props += '<w:textDirection w:val="btLr"/>'
    return (f'<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f"{_runs_xml(text, size, bold=bold, colour=colour)}</w:p></w:tc>")


def fast_table(doc, headers: list[str], rows: list[list[Any]], widths_mm: list[float], size: float = 8.5,
               cell_fills: list[list[str | None]] | None = None, bold_cells: list[list[bool]] | None = None,
               vertical_headers: bool = False, header_height_mm: float | None = None) -> None:
    """A bordered table with a repeated navy header row and fixed column widths, appended to the body."""
    widths = [int(Mm(w).twips) for w in widths_mm]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    height = f'<w:trHeight w:val="{int(Mm(header_height_mm).twips)}"/>' if header_height_mm else ""
    head = "".join(_cell_xml(h, widths[i], size, bold=True, colour="FFFFFF", fill="1F3864",
                             vertical=vertical_headers and i > 0) for i, h in enumerate(headers))
    body = []
    for r, row in enumerate(rows):
        cells = []
        for i, value in enumerate(row):
            fill = cell_fills[r][i] if cell_fills else None
            bold = bold_cells[r][i] if bold_cells else False
            cells.append(_cell_xml("" if value is None else str(value), widths[i], size, fill=fill, bold=bold))
        body.append(f"<w:tr>{''.join(cells)}</w:tr>")
    xml = (f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" '
           'w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
           f"<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:tblHeader/>{height}</w:trPr>{head}</w:tr>"
           f"{''.join(body)}</w:tbl>")
    doc.element.body._insert_tbl(parse_xml(xml))


def colon(label: str) -> str:
    """"：" after a Chinese label, ": " after any other."""
    return "：" if label and "\u3000" <= label[-1] <= "\u9fff" or label.endswith(")") and re.search(
        r"[\u3000-\u9fff]", label) else ": "


def _para(doc, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
          colour: RGBColor | None = None, style: str | None = None):
    p = doc.add_paragraph()
    if style:
        p._p.style = style
    run = p.add_run(clean(text))
    run.bold = bold
    run.italic = italic
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return p


def _bullets(doc, items, empty: str) -> None:
    if not items:
        _para(doc, empty, italic=True, colour=GREY)
        return
    for item in items:
        _p(doc, item, "ListBullet")


def _numbered(doc, n: int, text: str) -> None:
    """An SOP step "n. text" with a hanging indent: plain paragraphs, so every activity's steps start
    at 1 in Word and LibreOffice alike and stay editable as text."""
    p = _p(doc, f"{n}.\t{text}")
    p.paragraph_format.left_indent = Mm(7)
    p.paragraph_format.first_line_indent = Mm(-7)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(7))
    p.paragraph_format.space_after = Pt(2)


def _label_line(doc, label: str, value: str) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{label}{colon(label)}").bold = True
    p.add_run(clean(value))


def write_docx(view: ProcessesView, images: Mapping[str, bytes], out: BinaryIO | Path) -> None:
    w = words(view.lang)
    doc = Document()
    _fonts(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    _heading(doc, f"{w['title']}{colon(w['title'])}{view.customer}" if view.customer else w["title"], level=0)
    _p(doc, view.subtitle)
    facts = [f"{w['engagement']}{colon(w['engagement'])}{view.engagement}"]
    if view.size:
        facts.append(f"{w['size']}{colon(w['size'])}{view.size}")
    facts.append(f"{w['date']}{colon(w['date'])}{view.report_date}")
    _p(doc, "\n".join(facts))

    _heading(doc, w["summary"], level=1)
    fast_table(doc, [w["process"], w["owner"], w["status"], w["current"], w["target"], w["activities"], w["kpis"]],
           [[f"{c.number}. {c.name}", c.owner, c.status, number(c.assessment.level) or w["not_assessed"],
             number(c.assessment.target), str(len(c.activities)), str(len(c.kpis))] for c in view.chapters],
           [52, 38, 16, 18, 16, 15, 15])
    for chapter in view.chapters:
        _chapter(doc, chapter, images.get(f"flow-{chapter.id}"), w)
    doc.save(out)


def _chapter(doc, c: ProcessChapter, flow: bytes | None, w: dict[str, str]) -> None:
    heading = _heading(doc, f"{c.number}. {c.name}", level=1)
    heading.paragraph_format.page_break_before = True
    _para(doc, f"{w['owner']}{colon(w['owner'])}{c.owner} · {w['status']}{colon(w['status'])}{c.status}", italic=True, colour=GREY)
    n = 0

    def sub(title: str) -> None:
        nonlocal n
        n += 1
        _heading(doc, f"{c.number}.{n} {title}", level=2)

    a = c.assessment
    sub(w["assessment"])
    _p(doc, a.summary)
    if a.capabilities:
        fast_table(doc, [w["capability"], w["current"], w["target"], w["gap"]],
               [[r.name, number(r.level) or w["not_assessed"], number(r.target), number(r.gap)]
                for r in a.capabilities], [98, 24, 24, 24])
    if a.assessed or a.findings:
        _para(doc, w["findings"], bold=True)
        _bullets(doc, a.findings, w["no_findings"])

    sub(w["purpose_scope"])
    _para(doc, w["purpose"], bold=True)
    _p(doc, c.purpose or w["not_written"])
    _para(doc, w["scope"], bold=True)
    _p(doc, c.scope or w["not_written"])
    _para(doc, w["triggers"], bold=True)
    _bullets(doc, c.triggers, w["none"])

    sub(w["roles"])
    _p(doc, w["raci_intro"])
    _raci_table(doc, c, w)

    sub(w["flow"])
    if flow:
        doc.add_picture(io.BytesIO(flow), width=Mm(170))
    _para(doc, w["flow_intro"], italic=True, size=8.5, colour=GREY)

    sub(w["activities_h"])
    for row in c.activities:
        _heading(doc, f"{c.number}.{n}.{row.number} {row.name}", level=3)
        parts = [(w["responsible"], row.responsible), (w["accountable"], row.accountable),
                 (w["consulted"], row.consulted), (w["informed"], row.informed)]
        p = doc.add_paragraph()
        for i, (label, value) in enumerate((lbl, v) for lbl, v in parts if v):
            if i:
                p.add_run("  ·  ")
            p.add_run(f"{label}{colon(label)}").bold = True
            p.add_run(clean(value))
        if row.description and not row.steps:  # the steps say it, one by one
            _p(doc, row.description)
        if row.steps:
            _para(doc, w["steps"], bold=True)
            for i, step in enumerate(row.steps, start=1):
                _numbered(doc, i, step)
        if row.inputs:
            _label_line(doc, w["inputs"], "; ".join(row.inputs))
        if row.outputs:
            _label_line(doc, w["outputs"], "; ".join(row.outputs))

    sub(w["io"])
    _para(doc, w["inputs"], bold=True)
    _bullets(doc, c.inputs, w["none"])
    _para(doc, w["outputs"], bold=True)
    _bullets(doc, c.outputs, w["none"])

    sub(w["tools"])
    if c.tools:
        fast_table(doc, [w["tool"], w["tool_purpose"]], [list(t) for t in c.tools], [60, 110])
    else:
        _para(doc, w["none"], italic=True, colour=GREY)

    sub(w["interfaces"])
    if c.interfaces:
        fast_table(doc, [w["this_activity"], w["direction"], w["other_process"], w["other_activity"], w["description"]],
               [[i.activity, i.direction, i.process, i.other_activity, i.description] for i in c.interfaces],
               [32, 20, 32, 28, 58])
    else:
        _para(doc, w["none"], italic=True, colour=GREY)

    sub(w["records"])
    if c.records:
        fast_table(doc, [w["record"], w["step_owner"], w["retention"]], [list(r) for r in c.records], [80, 45, 45])
    else:
        _para(doc, w["none"], italic=True, colour=GREY)

    written = [(h, t) for h, t in c.sections if t.strip()]
    if written:
        sub(w["sections"])
        for heading_text, body in written:
            _para(doc, heading_text, bold=True)
            for line in body.split("\n"):
                if line.strip():
                    _p(doc, line)

    sub(w["kpi_h"])
    if c.kpis:
        fast_table(doc, [w["kpi"], w["definition"], w["formula"], w["source"], w["baseline"], w["kpi_target"]],
               [[k.name, k.definition, k.formula, " · ".join(x for x in (k.source, k.frequency) if x), k.baseline,
                 k.target] for k in c.kpis], [26, 50, 32, 26, 18, 18], size=7.5)
        notes = [(k.name, k.note) for k in c.kpis if k.note]
        for name, note in notes:
            p = doc.add_paragraph()
            r = p.add_run(f"{name}{colon(name)}")
            r.bold = True
            r.font.size = Pt(8)
            r = p.add_run(clean(note.replace("\n", " ")))
            r.font.size = Pt(8)
            r.font.color.rgb = GREY
    else:
        _para(doc, w["no_kpis"], italic=True, colour=GREY)

    sub(w["rollout"])
    if c.rollout:
        fast_table(doc, [w["phase"], w["step"], w["step_owner"], w["start_short"], w["duration"], w["text"]],
               [[str(r.phase), r.title, r.owner, str(r.start_month), str(r.duration), r.description]
                for r in c.rollout], [15, 36, 25, 16, 17, 61])
    else:
        _para(doc, w["no_rollout"], italic=True, colour=GREY)

    if c.variants:
        sub(w["variants"])
        for v in c.variants:
            _heading(doc, v.name, level=3)
            if v.note:
                _p(doc, v.note)
            if v.differences:
                fast_table(doc, [w["difference"], w["base"], w["tailored"]], [list(d) for d in v.differences],
                       [40, 65, 65])


def _raci_table(doc, c: ProcessChapter, w: dict[str, str]) -> None:
    fills = {"A": "FBE5D6", "R": "E2EFDA"}
    first = 50.0
    rest = min(14.0, (170 - first) / max(1, len(c.raci.roles)))
    fast_table(doc, [w["activity"], *c.raci.roles], [[activity, *letters] for activity, letters in c.raci.rows],
               [first] + [rest] * len(c.raci.roles), size=7.5,
               cell_fills=[[None, *(fills.get(x) for x in letters)] for _, letters in c.raci.rows],
               bold_cells=[[False, *(x in ("A", "R") for x in letters)] for _, letters in c.raci.rows],
               vertical_headers=True, header_height_mm=30)


# --- Excel --------------------------------------------------------------------------------------------


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list[Any]], widths: list[int],
           freeze: str = "B2"):
    ws = wb.create_sheet(title[:31])
    for i, label in enumerate(headers, start=1):
        cell = put(ws, 1, i, label)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, clean(value) if isinstance(value, str) else value).alignment = wrap
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    fit_rows(ws, 2, len(rows) + 1)
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    _print_setup(ws)
    return ws


def fit_rows(ws, first: int, last: int, line_height: float = 13.0) -> None:
    """Row heights that show every wrapped line: Excel grows a row by itself only when it is edited,
    and LibreOffice not at all for a file that says nothing."""
    widths = {}
    for r in range(first, last + 1):
        lines = 1
        for cell in ws[r]:
            if cell.value is None or not isinstance(cell.value, str):
                continue
            letter = cell.column_letter
            if letter not in widths:
                widths[letter] = ws.column_dimensions[letter].width or 10
            chars = max(1.0, widths[letter] * 1.1 - 1)
            lines = max(lines, sum(max(1, math.ceil(display_width(part) / chars))
                                   for part in cell.value.split("\n")))
        ws.row_dimensions[r].height = min(409, line_height * lines + 2)


def write_xlsx(view: ProcessesView, out: BinaryIO | Path) -> None:
    w = words(view.lang)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, w["sheet_kpis"],
           [w["process"], w["kpi"], w["definition"], w["formula"], w["unit"], w["kpi_direction"], w["source"],
            w["frequency"], w["baseline"], w["kpi_target"], w["note"]],
           [[c.name, k.name, k.definition, k.formula, k.unit, k.direction, k.source, k.frequency, k.baseline,
             k.target, k.note] for c in view.chapters for k in c.kpis],
           [22, 28, 50, 36, 10, 10, 28, 10, 12, 12, 50], freeze="C2")

    # The RACI: one column per role any process uses, in the order they first appear.
    columns: dict[str, str] = {}
    for c in view.chapters:
        for role_id, name in zip(c.raci.role_ids, c.raci.roles, strict=True):
            columns.setdefault(role_id, name)
    role_ids = list(columns)
    rows = []
    for c in view.chapters:
        for activity, letters in c.raci.rows:
            by_role = dict(zip(c.raci.role_ids, letters, strict=True))
            rows.append([c.name, activity, *(by_role.get(r, "") for r in role_ids)])
    ws = _sheet(wb, w["sheet_raci"], [w["process"], w["activity"], *columns.values()], rows,
                [22, 32] + [5] * len(role_ids), freeze="C2")
    ws.row_dimensions[1].height = 140
    centre = Alignment(horizontal="center", vertical="center")
    for col in range(3, 3 + len(role_ids)):
        ws.cell(row=1, column=col).alignment = Alignment(text_rotation=90, vertical="bottom", horizontal="center")
        for r in range(2, 2 + len(rows)):
            cell = ws.cell(row=r, column=col)
            cell.alignment = centre
            if cell.value == "A":
                cell.font = Font(bold=True)

    _sheet(wb, w["sheet_activities"],
           [w["process"], "#", w["activity"], w["responsible"], w["accountable"], w["consulted"], w["informed"],
            w["description"], w["steps"], w["inputs"], w["outputs"]],
           [[c.name, a.number, a.name, a.responsible, a.accountable, a.consulted, a.informed, a.description,
             "\n".join(f"{i}. {s}" for i, s in enumerate(a.steps, 1)), "\n".join(a.inputs), "\n".join(a.outputs)]
            for c in view.chapters for a in c.activities],
           [22, 4, 26, 22, 18, 22, 22, 60, 70, 36, 36], freeze="D2")
    _sheet(wb, w["sheet_rollout"],
           [w["process"], w["phase"], w["step"], w["step_owner"], w["start"], w["duration"], w["end"], w["text"]],
           [[c.name, r.phase, r.title, r.owner, r.start_month, r.duration, r.end_month, r.description]
            for c in view.chapters for r in c.rollout],
           [22, 8, 36, 22, 10, 8, 10, 70], freeze="C2")
    _sheet(wb, w["sheet_assessment"], [w["process"], w["capability"], w["current"], w["target"], w["gap"]],
           [[c.name, r.name, r.level, r.target, r.gap] for c in view.chapters for r in c.assessment.capabilities],
           [22, 50, 12, 12, 10], freeze="C2")
    wb.save(out)


# --- the report kind (app.reports.kinds declares it) ------------------------------------------------------


def _timed(save) -> float:
    started = time.perf_counter()
    save()
    return time.perf_counter() - started


def write_context_docx(context: ProcessesContext, images: Mapping[str, bytes], out: BinaryIO | Path) -> float:
    if not images:  # called without the registry's drawing stage (tests, the templates)
        images = {s.id: flow_png(s) for s in context.charts()}
    return _timed(lambda: write_docx(context.view, images, out))


def write_context_xlsx(context: ProcessesContext, out: BinaryIO | Path) -> float:
    return _timed(lambda: write_xlsx(context.view, out))


def processes_outline(context: ProcessesContext, fmt: str):
    from app.reports.registry import ReportOutline

    w = words(context.meta.lang)
    view = context.view
    sections = (w["summary"], *(f"{c.number}. {c.name}" for c in view.chapters))
    sheets = (w["sheet_kpis"], w["sheet_raci"], w["sheet_activities"], w["sheet_rollout"], w["sheet_assessment"])
    return ReportOutline(
        kind="processes", lang=context.meta.lang, format=fmt, title=context.meta.title,
        customer=context.meta.customer, engagement=context.meta.engagement,
        sections=sections if fmt == ".docx" else (),
        charts=tuple(s.title for s in context.charts()) if fmt == ".docx" else (), models=(),
        interviewees=0, answers=0, domains=len(view.chapters), not_assessed=tuple(
            c.name for c in view.chapters if not c.assessment.assessed),
        notices=context.notices, template="", sheets=sheets if fmt == ".xlsx" else ())


def today_iso(today: date | None) -> str:
    return (today or date.today()).isoformat()


# --- from the engagement's process book (``app.services.processes.load_book``) ----------------------------


@dataclass(frozen=True)
class ProcessesInputs:
    """What both process kinds are built from, read once: the book of the seven specifications."""

    book: Any  # app.services.processes.ProcessBook
    today: date | None = None


SIZE_WORDS = {"medium": ("Medium", "中型"), "large": ("Large", "大型")}


def processes_view(inputs: ProcessesInputs, lang: str) -> ProcessesView:
    """Pure: the book's specifications, assessments and role names turned into the report's rows."""
    from app.reports.processes_context import build_processes_view

    book = inputs.book
    w = words(lang)
    specs = [book.specs[pid].spec for pid in book.order if pid in book.specs]
    process_names = {d.id: d.name for d in book.model.domains}
    notices = []
    unsaved = [process_names[s.process_id].get(lang) for s in specs
               if not book.specs[s.process_id].saved and s.process_id in process_names]
    if unsaved:
        notices.append(w["notice_seeded"].format(names=("、" if lang == "zh" else ", ").join(unsaved)))
    drafts = sum(1 for s in specs if s.status != "approved")
    if drafts:
        notices.append(w["notice_drafts"].format(n=drafts))
    problems = [p for p in book.problems if p.severity == "error"]
    if problems:
        notices.append(w["notice_problems"].format(n=len(problems)))
    size = SIZE_WORDS.get(book.size)
    customer = getattr(getattr(book.engagement, "customer", None), "name", "") or ""
    return build_processes_view(specs, book.role_names, process_names, book.assessments, lang,
                                customer=customer, engagement=book.engagement.name,
                                size=(size[1] if lang == "zh" else size[0]) if size else "", today=inputs.today,
                                notices=notices, subtitle=w["subtitle"].format(model=clean(book.model.name.get(lang))))


def processes_context(inputs: ProcessesInputs, lang: str) -> ProcessesContext:
    return context_from_view(processes_view(inputs, lang))
