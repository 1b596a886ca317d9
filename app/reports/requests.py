"""The evidence request list and the interview plan, as a workbook to send to the customer.

Sheet one lists the documents and records to prepare (reference, what, why we ask,
owner, due date, status with a drop-down, notes, what has arrived); sheet two the
interview plan by day with each interview's planned length, and the roles nobody has
been named for yet. Built from the engagement's stored request list (or the list the
questions in scope would generate, when none is stored yet) and its interviewees.

Customer text is written through ``xlsx_render.put``: a title beginning with "=" stays
text, never a formula.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.assessment.interview_plan import interview_plan, planned_minutes
from app.assessment.requests import DOCUMENT_KEY, DOCUMENT_KIND, STATUSES, RequestList, generate
from app.reports.context import Meta, ReportInputs, clean, fmt_date, report_meta
from app.reports.request_words import WORDS, status_from_word, status_word, words  # noqa: F401  (re-exported)
from app.reports.xlsx_render import HEADER_FILL, HEADER_FONT, TITLE_FONT, _print_setup, _width, put


@dataclass(frozen=True)
class RequestRow:
    ref: str
    document: str
    why: str
    owner: str
    due: date | None
    status: str  # in the report's language
    note: str
    received: str  # titles of the register's records linked to it


@dataclass(frozen=True)
class PlanRow:
    day: str
    time: str
    minutes: int | None
    name: str
    role: str
    department: str


@dataclass
class RequestsContext:
    meta: Meta
    rows: list[RequestRow]
    plan: list[PlanRow]
    missing_roles: list[str]
    counts: Mapping[str, int]
    notices: tuple[str, ...] = ()
    stored: bool = True

    def charts(self) -> list:
        return []

    def as_template_dict(self) -> dict[str, Any]:
        return {"meta": self.meta, "rows": self.rows, "plan": self.plan, "missing_roles": self.missing_roles}


def stored_list(inputs: ReportInputs) -> tuple[RequestList, bool]:
    """The engagement's saved request list, or the one its questions would generate (not saved)."""
    doc = next((d for d in inputs.documents if d.kind == DOCUMENT_KIND and d.key == DOCUMENT_KEY), None)
    if doc is not None and isinstance(doc.payload, dict):
        return RequestList.from_dict(doc.payload), True
    scores = inputs.scores
    return generate(RequestList(), scores.questionnaires, scores.answers, inputs.evidence), False


def requests_context(inputs: ReportInputs, lang: str) -> RequestsContext:
    w = words(lang)
    scores = inputs.scores
    requests, stored = stored_list(inputs)
    capability_names: dict[str, str] = {}
    for model in scores.model_content.values():
        for domain in model.domains:
            for cap in domain.capabilities:
                capability_names[cap.id] = cap.name.get(lang)
    capability_of = {(q.id, question.id): question.capability
                     for q in scores.questionnaires for s in q.sections for question in s.questions}
    titles = {e.id: e.original_name or e.title for e in inputs.evidence}
    rows = []
    for item in requests.items:
        caps = dict.fromkeys(capability_names.get(capability_of.get(ref, ""), capability_of.get(ref, ""))
                             for ref in item.questions)
        joiner = "、" if lang == "zh" else ", "
        rows.append(RequestRow(item.id, clean(item.title_in(lang)), clean(joiner.join(c for c in caps if c)),
                               clean(item.owner), item.due, status_word(item.status, lang), clean(item.note),
                               clean(joiner.join(titles[e] for e in item.evidence_ids if e in titles))))
    catalogue = inputs.catalogue
    role_names = {r.id: r.name.get(lang) for r in catalogue.roles} if catalogue else {}
    order = [r.id for r in catalogue.roles] if catalogue else []
    interviewed = [p for p in scores.interviewees if p.kind != "survey"]  # survey respondents are not interviewed
    plan = interview_plan(interviewed, scores.questionnaires, order)
    plan_rows = []
    for day in plan.days:
        for person in day.people:
            plan_rows.append(PlanRow(
                fmt_date(day.day, lang) if day.day else w["not_planned"],
                person.planned_at.strftime("%H:%M") if person.planned_at else "",
                planned_minutes(person, scores.questionnaires), clean(person.name),
                clean(role_names.get(person.role, person.role)), clean(person.department)))
    counts = requests.counts()
    notices = () if stored else (w["generated"],)
    return RequestsContext(report_meta(inputs, "requests", lang), rows, plan_rows,
                           [clean(role_names.get(r, r)) for r in plan.missing_roles], counts, notices, stored)


def _header(ws, row: int, headers: Sequence[str]) -> None:
    for i, header in enumerate(headers, start=1):
        cell = put(ws, row, i, header)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _widths(ws, rows: Sequence[Sequence[Any]], caps: Sequence[int]) -> list[float]:
    widths = []
    for c, cap in enumerate(caps, start=1):
        longest = max((_width(r[c - 1]) for r in rows if len(r) >= c), default=8)
        widths.append(max(8, min(cap, longest + 2)))
        ws.column_dimensions[get_column_letter(c)].width = widths[-1]
    return widths


def _row_heights(ws, first: int, rows: Sequence[Sequence[Any]], widths: Sequence[float]) -> None:
    """Rows tall enough for their wrapped text: spreadsheet programs do not all grow them on opening."""
    for r, values in enumerate(rows, start=first):
        # a column W wide shows about 1.15 W characters of proportional text
        lines = max((math.ceil(_width(v) / max(1.0, 1.15 * w - 1)) for v, w in zip(values, widths, strict=False)
                     if isinstance(v, str) and v), default=1)
        if lines > 1:
            ws.row_dimensions[r].height = 15 * lines


HEADER_ROW = 4  # title, introduction, counts, then the header


def write_requests_xlsx(context: RequestsContext, out: BinaryIO | Path) -> float:
    """The two sheets; returns the seconds spent saving."""
    w = words(context.meta.lang)
    lang = context.meta.lang
    wb = Workbook()
    ws = wb.active
    ws.title = w["sheet_requests"]
    put(ws, 1, 1, f"{context.meta.title} · {context.meta.customer} · {context.meta.engagement}").font = TITLE_FONT
    if context.meta.control is not None and context.meta.control.snapshot:
        put(ws, 1, 4, context.meta.control.snapshot)
    put(ws, 2, 1, w["intro"])
    put(ws, 3, 1, w["counts"].format(total=sum(context.counts.values()), **context.counts))
    headers = [w[k] for k in ("ref", "document", "why", "owner", "due", "status", "note", "received_files")]
    _header(ws, HEADER_ROW, headers)
    wrap = Alignment(wrap_text=True, vertical="top")
    table: list[list[Any]] = [headers]
    for r, row in enumerate(context.rows, start=HEADER_ROW + 1):
        values = [row.ref, row.document, row.why, row.owner, row.due, row.status, row.note, row.received]
        table.append(values)
        for c, value in enumerate(values, start=1):
            cell = put(ws, r, c, value)
            cell.alignment = wrap
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    last = HEADER_ROW + max(1, len(context.rows))
    # the customer picks a status from the list, in the workbook's language
    choices = ",".join(status_word(s, lang) for s in STATUSES)
    status_list = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    status_list.error = w["status"]
    ws.add_data_validation(status_list)
    status_list.add(f"F{HEADER_ROW + 1}:F{last + 200}")
    due_dates = DataValidation(type="date", operator="greaterThan", formula1="1")
    ws.add_data_validation(due_dates)
    due_dates.add(f"E{HEADER_ROW + 1}:E{last + 200}")
    widths = _widths(ws, table, (8, 55, 35, 20, 12, 14, 35, 30))
    _row_heights(ws, HEADER_ROW + 1, table[1:], widths)
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _print_setup(ws)

    plan = wb.create_sheet(w["sheet_plan"])
    put(plan, 1, 1, w["sheet_plan"]).font = TITLE_FONT
    put(plan, 2, 1, w["plan_intro"])
    plan_headers = [w[k] for k in ("day", "time", "minutes", "interviewee", "role", "department")]
    _header(plan, HEADER_ROW, plan_headers)
    plan_table: list[list[Any]] = [plan_headers]
    row_number = HEADER_ROW
    for row_number, p in enumerate(context.plan, start=HEADER_ROW + 1):
        values = [p.day, p.time, p.minutes, p.name, p.role, p.department]
        plan_table.append(values)
        for c, value in enumerate(values, start=1):
            put(plan, row_number, c, value)
    if not context.plan:
        row_number += 1
        put(plan, row_number, 1, w["nobody"])
    row_number += 2
    put(plan, row_number, 1, w["missing"]).font = Font(bold=True)
    if context.missing_roles:
        for role in context.missing_roles:
            row_number += 1
            put(plan, row_number, 1, role)
    else:
        put(plan, row_number + 1, 1, w["none_missing"])
    _widths(plan, plan_table, (16, 8, 14, 28, 28, 24))
    plan.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(plan)

    wb.properties.title = f"{context.meta.title} · {context.meta.engagement}"
    wb.properties.subject = context.meta.customer
    wb.properties.creator = context.meta.consultant or "omm"
    started = time.perf_counter()
    wb.save(out)
    return time.perf_counter() - started
