"""Survey workbooks: a fillable .xlsx form for one role track, and reading a filled one back.

Pure: a :class:`SurveyForm` (plain data the survey service builds from the content) in,
workbook bytes out; a workbook in, a :class:`FilledWorkbook` (what the respondent typed,
each value with its sheet and cell) out. Checking the answers against the content is the
service's job (:func:`check_filled`), so that every problem of every file is listed before
anything is written.

Layout, chosen so that a respondent cannot break it by accident:

- a cover sheet with the engagement, the form version, instructions in the respondent's
  language and three cells to fill in (name, job title, department), found again through
  workbook-level defined names rather than fixed addresses;
- a questions sheet, one row per question: a hidden id column, the question, guidance,
  the answer scale (level descriptions, or the options with their values and criteria),
  the evidence to have ready, an answer cell with a drop-down of the allowed answers in
  the respondent's language (N/A and "don't know" included) and a notes cell. Rows are
  found again by the hidden id (questionnaire, content version, question and a check
  token), never by position: sorting rows or inserting one does no harm;
- a very hidden "omm" sheet with the form's metadata, and a hidden sheet with the lists
  the drop-downs draw from.

Every sheet is protected and only the answer, notes and respondent cells are unlocked;
the workbook structure is locked so sheets cannot be deleted or unhidden. Text from the
content or the customer is always written as a string, never as a formula.
"""

from __future__ import annotations

import hashlib
import io
import math
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.exchange.xlsx_read import XlsxBook, XlsxError, open_book

FORMAT = "omm-survey"
FORM_VERSION = "1"  # the layout of the workbook; a reader refuses a layout it does not know
META_SHEET = "omm"
LISTS_SHEET = "lists"
HEADER_ROW = 4  # the questions sheet: title, instructions, blank, header
FIRST_ROW = HEADER_ROW + 1
ID_PREFIX = "omm1"

# The questions sheet's columns (letters fixed: inserting columns is not allowed).
COL_ID, COL_NO, COL_SECTION, COL_QUESTION, COL_GUIDANCE, COL_SCALE, COL_EVIDENCE, COL_ANSWER, COL_NOTES = (
    "A", "B", "C", "D", "E", "F", "G", "H", "I")
WIDTHS = {COL_ID: 12, COL_NO: 6, COL_SECTION: 18, COL_QUESTION: 48, COL_GUIDANCE: 40, COL_SCALE: 54,
          COL_EVIDENCE: 26, COL_ANSWER: 26, COL_NOTES: 40}
RESPONDENT_FIELDS = ("name", "title", "department")
LINE_POINTS = 14.5  # one wrapped line of 11-point text
MAX_FILE_BYTES = 50 * 2**20  # a filled form is well under 1 MB

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F3864")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "cover": "Cover", "questions": "Questions", "title": "Self-assessment survey",
        "engagement": "Engagement", "customer": "Customer", "role": "Role track", "questionnaires": "Questionnaires",
        "form": "Form version", "exported": "Prepared on", "count": "Questions",
        "respondent": "About you (please fill in the yellow cells)", "name": "Your name",
        "title_field": "Your job title", "department": "Your department",
        "instructions": "How to fill in this survey",
        "steps": "1. Fill in your name, job title and department above.\n"
                 "2. On the Questions sheet, pick one answer per question from the drop-down in the yellow "
                 "Answer column. The Answer scale column says what each answer means.\n"
                 "3. Choose “Not applicable” when the question does not concern your work, and “Don't know” "
                 "when you cannot tell; both are fine answers.\n"
                 "4. For a number, type the number only (without its unit).\n"
                 "5. Add anything you want us to know in the Notes column.\n"
                 "6. Save the file and send it back as it is: do not copy the questions into another file. "
                 "You may sort or filter the rows.",
        "h_no": "No.", "h_section": "Section", "h_question": "Question", "h_guidance": "Guidance",
        "h_scale": "Answer scale", "h_evidence": "Evidence to have ready", "h_answer": "Answer",
        "h_notes": "Notes", "h_id": "id",
        "q_hint": "Pick an answer in the yellow column; notes are welcome.",
        "na": "Not applicable", "unknown": "Don't know", "yes": "Yes", "no": "No",
        "number": "A number", "between": "between {lo} and {hi}", "at_least": "at least {lo}",
        "at_most": "at most {hi}", "value": "value", "criteria": "Counts only when",
        "threshold_least": "level {level} from {value}", "threshold_most": "level {level} up to {value}",
        "prompt_title": "Answer", "prompt": "Pick an answer from the list.",
        "prompt_number": "Type a number, or “{na}” or “{unknown}”.",
        "error_title": "Not an allowed answer", "error": "Please pick one of the answers in the list.",
        "error_number": "Please type a number in range, or “{na}” or “{unknown}”.",
    },
    "zh": {
        "cover": "封面", "questions": "问题", "title": "自评调查问卷",
        "engagement": "项目", "customer": "客户", "role": "角色", "questionnaires": "问卷",
        "form": "表单版本", "exported": "生成日期", "count": "问题数",
        "respondent": "填写人信息（请填写黄色单元格）", "name": "姓名",
        "title_field": "职务", "department": "部门",
        "instructions": "填写说明",
        "steps": "1. 请在上方填写您的姓名、职务和部门。\n"
                 "2. 在“问题”工作表中，从黄色“回答”列的下拉列表为每个问题选择一个回答；“回答说明”列解释每个选项的含义。\n"
                 "3. 问题与您的工作无关时请选“不适用”，无法判断时请选“不清楚”，这两种回答都可以。\n"
                 "4. 数值题只填写数字（不含单位）。\n"
                 "5. 如需补充说明，请写在“备注”列。\n"
                 "6. 保存后原样发回此文件，请勿把问题复制到其他文件。可以对行进行排序或筛选。",
        "h_no": "序号", "h_section": "部分", "h_question": "问题", "h_guidance": "说明",
        "h_scale": "回答说明", "h_evidence": "可备查的证据", "h_answer": "回答",
        "h_notes": "备注", "h_id": "编号",
        "q_hint": "请在黄色列选择回答，欢迎填写备注。",
        "na": "不适用", "unknown": "不清楚", "yes": "是", "no": "否",
        "number": "数值", "between": "介于 {lo} 与 {hi} 之间", "at_least": "不小于 {lo}",
        "at_most": "不大于 {hi}", "value": "分值", "criteria": "满足以下条件才计入",
        "threshold_least": "达到 {value} 为 {level} 级", "threshold_most": "不超过 {value} 为 {level} 级",
        "prompt_title": "回答", "prompt": "请从列表中选择一个回答。",
        "prompt_number": "请填写数字，或“{na}”“{unknown}”。",
        "error_title": "不是允许的回答", "error": "请从列表中选择一个回答。",
        "error_number": "请填写范围内的数字，或“{na}”“{unknown}”。",
    },
}


# --- the form, as the survey service builds it --------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One allowed answer: what is stored (``status``, ``value``) and the label the respondent picks."""

    status: str  # given | not_applicable | unknown
    value: str | None
    label: str


@dataclass(frozen=True)
class NumberRule:
    unit: str
    minimum: float | None
    maximum: float | None


@dataclass(frozen=True)
class FormQuestion:
    questionnaire_id: str
    questionnaire_version: str
    question_id: str
    number: str
    section: str
    text: str
    guidance: str
    scale: str  # what each answer means, one line each
    evidence: str
    choices: tuple[Choice, ...]  # the drop-down (with N/A and don't know); for a number only those two
    number_rule: NumberRule | None = None


@dataclass(frozen=True)
class SurveyForm:
    form_id: str  # new for every export: tells two forms of one respondent apart
    engagement_id: str
    engagement_name: str
    customer_name: str
    role_id: str
    role_name: str
    lang: str
    exported_at: str  # ISO date and time
    questionnaires: tuple[tuple[str, str, str], ...]  # (id, version, name)
    questions: tuple[FormQuestion, ...]

    @property
    def version_label(self) -> str:
        content = ", ".join(f"{qid} {version}" for qid, version, _ in self.questionnaires)
        return f"{FORMAT} {FORM_VERSION} · {content}"


def row_token(engagement_id: str, questionnaire_id: str, version: str, question_id: str) -> str:
    """A short check on a row id: an id edited by hand (or copied from another engagement's form) fails it."""
    digest = hashlib.sha256(f"{engagement_id}|{questionnaire_id}|{version}|{question_id}".encode()).hexdigest()
    return digest[:10]


def row_id(engagement_id: str, q: FormQuestion) -> str:
    token = row_token(engagement_id, q.questionnaire_id, q.questionnaire_version, q.question_id)
    return f"{ID_PREFIX}:{q.questionnaire_id}@{q.questionnaire_version}:{q.question_id}:{token}"


@dataclass(frozen=True)
class RowId:
    questionnaire_id: str
    version: str
    question_id: str
    token: str


def parse_row_id(text: str) -> RowId | None:
    parts = text.strip().split(":")
    if len(parts) != 4 or parts[0] != ID_PREFIX or "@" not in parts[1]:
        return None
    questionnaire_id, _, version = parts[1].partition("@")
    if not questionnaire_id or not version or not parts[2] or not parts[3]:
        return None
    return RowId(questionnaire_id, version, parts[2], parts[3])


# --- writing --------------------------------------------------------------------------------


def _put(ws: Worksheet, ref: str, value: Any) -> Any:
    """A value in a cell; text is always text (quote-prefixed where a spreadsheet would compute it)."""
    cell = ws[ref]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (CJK counted double)."""
    total = 0
    for line in str(text).splitlines() or [""]:
        chars = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        total += max(1, math.ceil(chars / max(width - 2, 1)))
    return total


def _height(*cells: tuple[str, float]) -> float:
    """A row tall enough for its longest wrapped cell (Excel's limit is 409 points)."""
    return min(max(_lines(text, width) for text, width in cells) * LINE_POINTS + 4, 409)


def _protect(ws: Worksheet, *, rows: bool) -> None:
    """Locked cells stay as they are; ``rows``: the respondent may still sort, filter and insert rows."""
    p = ws.protection
    p.sheet = True
    p.selectLockedCells = False
    p.selectUnlockedCells = False
    p.formatColumns = False  # widen a column to read
    p.formatRows = False
    if rows:
        p.sort = False
        p.autoFilter = False
        p.insertRows = False


def _quote(text: str) -> str:
    return text.replace('"', '""')


def _cover(wb: Workbook, form: SurveyForm, w: dict[str, str]) -> Worksheet:
    ws = wb.active
    ws.title = w["cover"]
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 2
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 70
    _put(ws, "B1", f"{w['title']} · {form.role_name}").font = TITLE_FONT
    facts = [
        (w["engagement"], form.engagement_name), (w["customer"], form.customer_name),
        (w["role"], form.role_name),
        (w["questionnaires"], "; ".join(name for _, _, name in form.questionnaires)),
        (w["count"], str(len(form.questions))),
        (w["form"], form.version_label), (w["exported"], form.exported_at[:10]),
    ]
    row = 3
    for label, value in facts:
        _put(ws, f"B{row}", label).font = Font(bold=True)
        _put(ws, f"C{row}", value).alignment = Alignment(wrap_text=True, vertical="top")
        ws[f"B{row}"].alignment = Alignment(vertical="top")
        ws.row_dimensions[row].height = _height((value, 70))
        row += 1
    row += 1
    _put(ws, f"B{row}", w["respondent"]).font = Font(bold=True, size=12, color="1F3864")
    row += 1
    for key, label in zip(RESPONDENT_FIELDS, (w["name"], w["title_field"], w["department"]), strict=True):
        _put(ws, f"B{row}", label).font = Font(bold=True)
        cell = ws[f"C{row}"]
        cell.fill = INPUT_FILL
        cell.border = BOX
        cell.protection = UNLOCKED
        cell.number_format = "@"
        wb.defined_names[f"omm_respondent_{key}"] = DefinedName(
            f"omm_respondent_{key}", attr_text=f"{_sheet_ref(ws.title)}!$C${row}")
        row += 1
    row += 1
    _put(ws, f"B{row}", w["instructions"]).font = Font(bold=True, size=12, color="1F3864")
    row += 1
    steps = _put(ws, f"B{row}", w["steps"])
    steps.alignment = TOP_WRAP
    ws.merge_cells(f"B{row}:C{row}")
    ws.row_dimensions[row].height = _height((w["steps"], 98))
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    _protect(ws, rows=False)
    return ws


def _sheet_ref(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


class _Lists:
    """The drop-down lists, one column each on the hidden lists sheet, shared by equal lists."""

    def __init__(self, wb: Workbook) -> None:
        self.ws = wb.create_sheet(LISTS_SHEET)
        self.columns: dict[tuple[str, ...], str] = {}

    def range_for(self, labels: tuple[str, ...]) -> str:
        if labels not in self.columns:
            from openpyxl.utils import get_column_letter

            letter = get_column_letter(len(self.columns) + 1)
            for i, label in enumerate(labels, start=1):
                _put(self.ws, f"{letter}{i}", label)
            self.columns[labels] = f"{_sheet_ref(LISTS_SHEET)}!${letter}$1:${letter}${len(labels)}"
        return self.columns[labels]


def _questions(wb: Workbook, form: SurveyForm, w: dict[str, str], lists: _Lists) -> Worksheet:
    ws = wb.create_sheet(w["questions"], 1)
    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws.column_dimensions[COL_ID].hidden = True
    _put(ws, f"{COL_NO}1", f"{w['title']} · {form.role_name}").font = TITLE_FONT
    _put(ws, f"{COL_NO}2", w["q_hint"]).font = Font(italic=True, color="595959")
    headers = {COL_ID: w["h_id"], COL_NO: w["h_no"], COL_SECTION: w["h_section"], COL_QUESTION: w["h_question"],
               COL_GUIDANCE: w["h_guidance"], COL_SCALE: w["h_scale"], COL_EVIDENCE: w["h_evidence"],
               COL_ANSWER: w["h_answer"], COL_NOTES: w["h_notes"]}
    for letter, text in headers.items():
        cell = _put(ws, f"{letter}{HEADER_ROW}", text)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, Alignment(wrap_text=True, vertical="center")
    validations: dict[str, DataValidation] = {}
    for offset, q in enumerate(form.questions):
        row = FIRST_ROW + offset
        values = {COL_ID: row_id(form.engagement_id, q), COL_NO: q.number, COL_SECTION: q.section,
                  COL_QUESTION: q.text, COL_GUIDANCE: q.guidance, COL_SCALE: q.scale, COL_EVIDENCE: q.evidence}
        for letter, value in values.items():
            cell = _put(ws, f"{letter}{row}", value)
            cell.alignment = TOP_WRAP
            cell.border = BOX
        ws[f"{COL_QUESTION}{row}"].font = Font(bold=True)
        for letter in (COL_ANSWER, COL_NOTES):
            cell = ws[f"{letter}{row}"]
            cell.fill, cell.border, cell.protection, cell.alignment = INPUT_FILL, BOX, UNLOCKED, TOP_WRAP
            cell.number_format = "@" if letter == COL_NOTES or q.number_rule is None else "General"
        ws.row_dimensions[row].height = _height((q.text, WIDTHS[COL_QUESTION]), (q.guidance, WIDTHS[COL_GUIDANCE]),
                                                (q.scale, WIDTHS[COL_SCALE]), (q.evidence, WIDTHS[COL_EVIDENCE]),
                                                (q.section, WIDTHS[COL_SECTION]))
        target = f"{COL_ANSWER}{row}"
        if q.number_rule is not None:
            ws.add_data_validation(_number_validation(target, q, w))
        else:
            source = lists.range_for(tuple(c.label for c in q.choices))
            dv = validations.get(source)
            if dv is None:
                dv = validations[source] = DataValidation(
                    type="list", formula1=source, allow_blank=True, showDropDown=False,
                    showErrorMessage=True, errorStyle="stop", errorTitle=w["error_title"], error=w["error"],
                    showInputMessage=True, promptTitle=w["prompt_title"], prompt=w["prompt"])
                ws.add_data_validation(dv)
            dv.add(target)
    last = FIRST_ROW + len(form.questions) - 1
    ws.freeze_panes = f"{COL_NO}{FIRST_ROW}"
    ws.auto_filter.ref = f"{COL_ID}{HEADER_ROW}:{COL_NOTES}{max(last, HEADER_ROW)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(ws, rows=True)
    return ws


def _number_validation(target: str, q: FormQuestion, w: dict[str, str]) -> DataValidation:
    rule = q.number_rule
    assert rule is not None
    tests = [f"ISNUMBER({target})"]
    if rule.minimum is not None:
        tests.append(f"{target}>={rule.minimum:g}")
    if rule.maximum is not None:
        tests.append(f"{target}<={rule.maximum:g}")
    words = [c.label for c in q.choices]  # not applicable, don't know
    alternatives = [f'{target}="{_quote(label)}"' for label in words]
    formula = f"OR(AND({','.join(tests)}),{','.join(alternatives)})"
    return DataValidation(
        type="custom", formula1=formula, allow_blank=True, showErrorMessage=True, errorStyle="stop",
        errorTitle=w["error_title"], error=w["error_number"].format(na=w["na"], unknown=w["unknown"]),
        showInputMessage=True, promptTitle=w["prompt_title"],
        prompt=w["prompt_number"].format(na=w["na"], unknown=w["unknown"]), sqref=target)


def _meta(wb: Workbook, form: SurveyForm, questions_title: str) -> None:
    ws = wb.create_sheet(META_SHEET)
    rows = [("format", FORMAT), ("form_version", FORM_VERSION), ("form_id", form.form_id),
            ("engagement_id", form.engagement_id), ("engagement_name", form.engagement_name),
            ("role", form.role_id), ("lang", form.lang), ("exported_at", form.exported_at),
            ("questions_sheet", questions_title), ("question_count", str(len(form.questions)))]
    rows += [(f"questionnaire:{qid}", version) for qid, version, _ in form.questionnaires]
    for i, (key, value) in enumerate(rows, start=1):
        _put(ws, f"A{i}", key)
        _put(ws, f"B{i}", value)
    ws.sheet_state = "veryHidden"
    _protect(ws, rows=False)


def build_workbook(form: SurveyForm) -> bytes:
    """The fillable workbook, as the bytes of an .xlsx file."""
    w = WORDS[form.lang]
    wb = Workbook()
    _cover(wb, form, w)
    lists = _Lists(wb)
    questions = _questions(wb, form, w, lists)
    lists.ws.sheet_state = "hidden"
    _protect(lists.ws, rows=False)
    _meta(wb, form, questions.title)
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{w['title']} · {form.role_name}"
    wb.properties.creator = "omm"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: ``file``, ``sheet`` and ``cell`` as a person finds them."""

    file: str
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else self.sheet
        return f"{self.file}: {where + ': ' if where else ''}{self.message}"


@dataclass(frozen=True)
class FilledRow:
    row: int
    id_text: str
    answer: Any  # as the cell holds it: text, a number, None
    note: str


@dataclass
class FilledWorkbook:
    """What a filled workbook says, each value with the sheet and cell it came from."""

    path: str
    meta: dict[str, str] = field(default_factory=dict)
    meta_cells: dict[str, str] = field(default_factory=dict)  # key -> cell of its value
    respondent: dict[str, str] = field(default_factory=dict)
    respondent_cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (sheet, cell)
    questions_sheet: str = ""
    rows: list[FilledRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.path).name


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(path: Path | str, data: bytes | None = None) -> FilledWorkbook:
    """Everything the respondent could have typed, and the form's metadata; problems instead of exceptions."""
    path = Path(path)
    found = FilledWorkbook(str(path))
    fail = lambda message: found.problems.append(Problem(found.name, "", "", message))  # noqa: E731
    try:
        if data is None and path.stat().st_size > MAX_FILE_BYTES:
            fail(f"the file is {path.stat().st_size // 2**20} MB: far too large for a survey form")
            return found
        raw = data if data is not None else path.read_bytes()
    except OSError as exc:
        fail(f"cannot read the file ({exc.strerror or exc})")
        return found
    if not raw:
        fail("the file is empty: it is not a workbook")
        return found
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        fail("not an Excel workbook (.xlsx); was it saved in another format?")
        return found
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            _read_into(open_book(archive), found)
    except XlsxError as exc:
        fail(f"not a readable Excel workbook: {exc}")
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        fail(f"not a readable Excel workbook ({type(exc).__name__}: {str(exc)[:120]})")
    return found


def _read_into(book: XlsxBook, found: FilledWorkbook) -> None:
    if META_SHEET not in book.sheetnames:
        found.problems.append(Problem(found.name, "", "", "not a survey form made by omm (its hidden 'omm' sheet "
                                                          "is missing)"))
        return
    meta = book.cells(META_SHEET, ("A", "B"))
    for (row, letter), key in sorted(meta.items()):
        if letter == "A" and _text(key):
            found.meta[_text(key)] = _text(meta.get((row, "B")))
            found.meta_cells[_text(key)] = f"B{row}"
    sheets: dict[str, dict[tuple[int, str], Any]] = {}  # each sheet read once
    for key in RESPONDENT_FIELDS:
        where = book.defined_cell(f"omm_respondent_{key}")
        if where is None:
            found.respondent[key], found.respondent_cells[key] = "", ("", "")
            continue
        sheet, cell = where
        if sheet not in sheets:
            sheets[sheet] = book.cells(sheet, max_row=200)
        letters = cell.rstrip("0123456789")
        value = sheets[sheet].get((int(cell[len(letters):]), letters))
        found.respondent[key], found.respondent_cells[key] = _text(value), (sheet, cell)
    title = found.meta.get("questions_sheet", "")
    if title not in book.sheetnames:
        found.problems.append(Problem(found.name, "", "", f"the questions sheet {title!r} is missing"))
        return
    found.questions_sheet = title
    cells = book.cells(title, (COL_ID, COL_ANSWER, COL_NOTES))
    for number in sorted({row for row, _ in cells if row >= FIRST_ROW}):
        id_text, answer = _text(cells.get((number, COL_ID))), cells.get((number, COL_ANSWER))
        note = _text(cells.get((number, COL_NOTES)))
        if isinstance(answer, str):
            answer = answer.strip() or None
        if not id_text and answer is None and not note:
            continue  # an empty or inserted row
        found.rows.append(FilledRow(number, id_text, answer, note))
