"""The templates a customer adopts with its process standards (``process-templates``): editable
Word forms and Excel registers, filled from the engagement's process specifications.

Eight files, each declared once in :data:`TEMPLATES` (the process it belongs to, its format,
its fields and the activities whose procedure it carries): change request, alarm rule,
incident record, war-room bulletin, post-incident review, problem record, capacity plan and
handover checklist. A form has blank fields to fill, then what the specification says about
it: the procedure (the SOP steps of its activities, in order), who does and who answers for
each activity (the RACI), the records kept and the KPIs the record feeds. A register has
one row per entry to fill, drop-downs where the values are fixed, and the same procedure
and KPIs on sheets of their own.

Rendering is pure and in memory (:func:`render_templates`): nothing is written until every
file is built, and then each is saved atomically (:func:`write_templates`), so a failure
leaves no half-written file.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.errors import UserError
from app.reports.charts import _display_width as display_width
from app.reports.organisation_report import _fonts, _set_widths, _shade
from app.reports.processes_context import ProcessChapter, ProcessesView
from app.reports.processes_report import clean, fast_table, fit_rows
from app.reports.xlsx_render import HEADER_FILL, HEADER_FONT, _print_setup, put

GREY = RGBColor(0x59, 0x59, 0x59)
LABEL_FILL = "E7ECF5"

T = {
    "en": {
        "from_standard": "Template of the {process} standard ({status}) for {customer}. Fill in the fields; the "
                         "sections below say what the standard requires.",
        "procedure": "Procedure", "who": "Who does what", "activity": "Activity", "responsible": "Responsible",
        "accountable": "Accountable", "sign": "Name, date and signature", "records": "Records",
        "record": "Record", "owner": "Owner", "retention": "Retention", "kpis": "KPIs this record feeds",
        "kpi": "KPI", "formula": "Formula", "target": "Target", "triggers": "When a review is required",
        "timeline": "Timeline", "time": "Time", "event": "Event", "by": "Who", "actions": "Action items",
        "action": "Action", "type": "Type", "priority": "Priority", "due": "Due", "ticket": "Ticket",
        "step": "Step", "sheet_procedure": "Procedure", "sheet_kpis": "KPIs", "definition": "Definition",
        "status": "Status", "evidence": "Evidence or link", "notes": "Notes", "item": "Item", "no": "#",
        "outputs": "What the handover delivers", "output": "Deliverable", "baseline": "Baseline",
        "none": "None recorded in the standard yet.",
        "register_intro": "Register of the {process} standard ({status}) for {customer}: one row per entry; the "
                          "other sheets hold the procedure and the KPIs the standard sets.",
    },
    "zh": {
        "from_standard": "{customer}《{process}规范》（{status}）配套模板。请填写各字段；以下各节为规范的要求。",
        "procedure": "操作规程", "who": "职责分工", "activity": "活动", "responsible": "执行(R)",
        "accountable": "负责(A)", "sign": "姓名、日期及签字", "records": "记录", "record": "记录",
        "owner": "负责人", "retention": "保存期限", "kpis": "本记录支撑的指标", "kpi": "指标", "formula": "计算公式",
        "target": "目标值", "triggers": "需要复盘的情形", "timeline": "时间线", "time": "时间", "event": "事件",
        "by": "人员", "actions": "改进措施", "action": "措施", "type": "类型", "priority": "优先级",
        "due": "完成期限", "ticket": "工单号", "step": "步骤", "sheet_procedure": "操作规程", "sheet_kpis": "指标",
        "definition": "定义", "status": "状态", "evidence": "证据或链接", "notes": "备注", "item": "检查项",
        "no": "序号", "outputs": "转维交付物", "output": "交付物", "baseline": "基线",
        "none": "规范中尚未记录。",
        "register_intro": "{customer}《{process}规范》（{status}）配套登记表：每行登记一条；其他工作表为规范规定的操作规程和指标。",
    },
}


@dataclass(frozen=True)
class Template:
    id: str  # the file's name without suffix
    process: str  # the specification it is filled from
    format: str  # .docx | .xlsx
    title: tuple[str, str]  # en, zh
    fields: tuple[tuple[str, str], ...] = ()  # a form's fields (en, zh), or a register's columns
    activities: tuple[str, ...] = ()  # whose SOP steps and RACI it carries (suffix of the activity id); () = all
    choices: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = ()  # register column -> drop-down (en, zh)
    extra: str = ""  # a section of its own: timeline | actions | triggers
    widths: tuple[int, ...] = ()  # a register's column widths (default: from the headers)

    def name(self, lang: str) -> str:
        return self.title[1] if lang == "zh" else self.title[0]

    @property
    def filename(self) -> str:
        return f"{self.id}{self.format}"


def _f(*pairs: str) -> tuple[tuple[str, str], ...]:
    return tuple((pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))


TEMPLATES: tuple[Template, ...] = (
    Template("change-request", "change", ".docx", ("Change request", "变更申请单"), _f(
        "Change id", "变更编号", "Title", "变更标题", "Initiator", "发起人",
        "Change type (standard / normal / emergency)", "变更类型（标准 / 常规 / 紧急）",
        "Affected services and configuration items", "受影响的服务和配置项",
        "Reason and driving ticket (release, problem, incident, capacity plan)", "变更原因及关联工单（发布、问题、事件、容量计划）",
        "Risk level and assessment notes", "风险等级及评估意见", "Proposed window", "计划实施窗口",
        "Implementer", "实施人", "Implementation steps", "实施步骤", "Verification (metrics to watch)",
        "验证方法（观察指标）", "Rollback plan and rollback trigger", "回滚方案及回滚触发条件",
        "Decision (approve / approve with conditions / reject) and reason", "审批结论（批准 / 有条件批准 / 驳回）及理由",
        "Outcome (successful / failed / rolled back / partially implemented)", "变更结果（成功 / 失败 / 已回滚 / 部分完成）"),
        activities=("register", "assess", "authorize", "schedule")),
    Template("alarm-rule", "monitoring", ".xlsx", ("Alarm rules", "告警规则"), _f(
        "Rule id", "规则编号", "Service", "服务", "Signal (latency, traffic, errors, saturation, SLO burn)",
        "信号（延迟、流量、错误、饱和度、SLO消耗）", "Condition and threshold", "条件与阈值", "For (duration)", "持续时间",
        "Severity", "级别", "Route to (rotation or queue)", "通知对象（值班组或队列）", "Runbook link", "处置手册链接",
        "Owner", "负责人", "Last reviewed", "最近评审日期", "Actionable? (yes / no)", "是否可处置（是 / 否）"),
        activities=("define", "route", "tune"),
        choices=((6, ("page", "ticket", "log only"), ("呼叫", "工单", "仅记录")), (11, ("yes", "no"), ("是", "否")))),
    Template("incident-record", "incident", ".docx", ("Incident record", "事件记录单"), _f(
        "Incident id", "事件编号", "Title", "事件标题", "Detected at and by (monitoring / user / other)",
        "发现时间及发现方式（监控 / 用户 / 其他）", "Severity", "事件级别", "Affected services", "受影响的服务",
        "Customer impact", "客户影响", "Incident commander", "事件指挥官", "Operations lead", "技术处置负责人",
        "Communications lead", "通报负责人", "Scribe", "记录员", "Mitigation and resolution", "止损与恢复措施",
        "Linked changes", "关联变更", "Linked problem", "关联问题", "Resolved at / closed at", "恢复时间 / 关闭时间"),
        activities=("detect", "triage", "declare", "resolve", "close"), extra="timeline"),
    Template("war-room-bulletin", "incident", ".docx", ("War-room bulletin", "作战室通报"), _f(
        "Incident and bulletin number", "事件及通报序号", "Severity", "事件级别",
        "Status (investigating / identified / mitigating / monitoring / resolved)",
        "状态（排查中 / 已定位 / 止损中 / 观察中 / 已恢复）", "Time of this update", "本次通报时间",
        "Impact: who and what is affected", "影响：受影响的用户和业务", "What we know", "已知情况",
        "What we are doing", "正在采取的措施", "Workaround for users", "用户可用的临时方案",
        "Next update by", "下次通报时间", "Incident commander", "事件指挥官", "Communications lead", "通报负责人"),
        activities=("warroom", "communicate")),
    Template("post-incident-review", "pir", ".docx", ("Post-incident review", "故障复盘报告"), _f(
        "Incident", "事件", "Review date and participants", "复盘日期及参会人员", "Authors", "撰写人",
        "Summary", "概述", "Impact (users, duration, error budget consumed)", "影响（用户、时长、消耗的错误预算）",
        "Detection (how and how fast)", "发现方式及时效", "Root cause", "根本原因",
        "Contributing factors", "促成因素", "What went well", "做得好的地方", "What went wrong", "存在的不足",
        "Where we got lucky", "侥幸之处"),
        extra="triggers"),
    Template("problem-record", "problem", ".docx", ("Problem record", "问题记录单"), _f(
        "Problem id", "问题编号", "Title", "问题标题", "Source (incident trend / review / proactive)",
        "来源（事件趋势 / 复盘 / 主动发现）", "Linked incidents", "关联事件", "Priority", "优先级",
        "Status (new / investigating / known error / resolved / closed)", "状态（新建 / 分析中 / 已知错误 / 已解决 / 已关闭）",
        "Symptoms", "现象", "Root cause", "根本原因", "Workaround", "临时解决方案", "Known error id", "已知错误编号",
        "Permanent fix and its change id", "永久解决方案及变更编号", "Problem owner", "问题负责人",
        "Verified fixed on", "验证解决日期")),
    Template("capacity-plan", "capacity", ".xlsx", ("Capacity plan", "容量规划"), _f(
        "Service", "服务", "Tier", "服务等级", "Binding resource", "瓶颈资源", "Current peak utilisation (%)",
        "当前峰值利用率(%)", "Safe threshold (%)", "安全水位(%)", "Forecast peak (%)", "预测峰值(%)",
        "Runway (months)", "剩余可用时长(月)", "Provisioning lead time (months)", "交付周期(月)",
        "Action (scale out / buy / optimise / re-architect / shape demand)", "行动（扩容 / 采购 / 优化 / 架构改造 / 需求调控）",
        "Owner", "负责人", "Due date", "完成日期", "Cost", "成本", "Change id", "变更编号"),
        choices=((9, ("scale out", "buy", "optimise", "re-architect", "shape demand"),
                  ("扩容", "采购", "优化", "架构改造", "需求调控")),)),
    Template("handover-checklist", "handover", ".xlsx", ("Handover checklist", "交付转维检查单"), _f(
        "#", "序号", "Activity", "活动", "Item", "检查项", "Responsible", "执行(R)", "Accountable", "负责(A)",
        "Status", "状态", "Evidence or link", "证据或链接", "Notes", "备注"),
        choices=((6, ("not started", "in progress", "done", "not applicable"), ("未开始", "进行中", "已完成", "不适用")),),
        widths=(5, 22, 70, 24, 18, 14, 26, 26)),
)


def words(lang: str) -> dict[str, str]:
    return T["zh"] if lang == "zh" else T["en"]


TALL_WORDS = ("steps", "plan", "summary", "cause", "factors", "went", "lucky", "know", "doing", "impact",
              "symptoms", "workaround", "mitigation", "fix", "verification")


def _tall(label_en: str) -> bool:
    """A field that takes a paragraph (steps, plans, causes), not a name or a date."""
    lowered = label_en.lower()
    return any(word in lowered for word in TALL_WORDS)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def _activities(chapter: ProcessChapter, template: Template):
    if not template.activities:
        return chapter.activities
    wanted = set(template.activities)
    return tuple(a for a in chapter.activities if a.id.rsplit(".", 1)[-1] in wanted)


def _intro(view: ProcessesView, chapter: ProcessChapter, lang: str) -> str:
    return words(lang)["from_standard"].format(process=chapter.name, status=chapter.status,
                                               customer=view.customer or "—")


# --- Word forms ---------------------------------------------------------------------------------------


def _docx(view: ProcessesView, chapter: ProcessChapter, template: Template) -> bytes:
    lang = view.lang
    w = words(lang)
    doc = Document()
    _fonts(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    doc.add_heading(template.name(lang), level=0)
    p = doc.add_paragraph()
    run = p.add_run(clean(_intro(view, chapter, lang)))
    run.italic = True
    run.font.size = Pt(8.5)
    run.font.color.rgb = GREY

    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for field in template.fields:
        cells = table.add_row().cells
        label = cells[0].paragraphs[0].add_run(_pick(field, lang))
        label.bold = True
        label.font.size = Pt(9)
        _shade(cells[0], LABEL_FILL)
        cells[1].paragraphs[0].add_run("")
    _set_widths(table, [58, 112])
    for row, field in zip(table.rows, template.fields, strict=True):  # room to write by hand on a printout
        row.height = Mm(22 if _tall(field[0]) else 9)

    if template.extra == "timeline":
        doc.add_heading(w["timeline"], level=1)
        fast_table(doc, [w["time"], w["event"], w["by"]], [["", "", ""] for _ in range(8)], [30, 105, 35])
    if template.extra == "triggers":
        doc.add_heading(w["actions"], level=1)
        fast_table(doc, [w["action"], w["type"], w["owner"], w["priority"], w["due"], w["ticket"]],
               [["", "", "", "", "", ""] for _ in range(6)], [62, 22, 28, 18, 20, 20])
        doc.add_heading(w["triggers"], level=1)
        if chapter.triggers:
            for trigger in chapter.triggers:
                doc.add_paragraph(clean(trigger), style="List Bullet")
        else:
            doc.add_paragraph(w["none"])

    activities = _activities(chapter, template)
    doc.add_heading(w["procedure"], level=1)
    for a in activities:
        heading = doc.add_paragraph()
        heading.add_run(clean(f"{a.number}. {a.name}")).bold = True
        steps = a.steps or ((a.description,) if a.description else ())
        for i, step in enumerate(steps, start=1):
            para = doc.add_paragraph(clean(f"{i}.\t{step}"))
            para.paragraph_format.left_indent = Mm(7)
            para.paragraph_format.first_line_indent = Mm(-7)
            para.paragraph_format.space_after = Pt(2)
    if not activities:
        doc.add_paragraph(w["none"])

    doc.add_heading(w["who"], level=1)
    fast_table(doc, [w["activity"], w["responsible"], w["accountable"], w["sign"]],
           [[a.name, a.responsible, a.accountable, ""] for a in activities], [45, 45, 35, 45])

    doc.add_heading(w["records"], level=1)
    if chapter.records:
        fast_table(doc, [w["record"], w["owner"], w["retention"]], [list(r) for r in chapter.records], [80, 45, 45])
    else:
        doc.add_paragraph(w["none"])
    if chapter.kpis:
        doc.add_heading(w["kpis"], level=1)
        fast_table(doc, [w["kpi"], w["formula"], w["target"]], [[k.name, k.formula, k.target] for k in chapter.kpis],
               [55, 85, 30])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- Excel registers ---------------------------------------------------------------------------------


def _header(ws, row: int, headers: list[str]) -> None:
    for i, label in enumerate(headers, start=1):
        cell = put(ws, row, i, label)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _xlsx(view: ProcessesView, chapter: ProcessChapter, template: Template) -> bytes:
    lang = view.lang
    w = words(lang)
    wb = Workbook()
    ws = wb.active
    ws.title = template.name(lang)[:31]
    put(ws, 1, 1, template.name(lang)).font = Font(bold=True, size=14, color="1F3864")
    put(ws, 2, 1, clean(w["register_intro"].format(process=chapter.name, status=chapter.status,
                                                   customer=view.customer or "—"))).font = Font(italic=True, color="595959")
    headers = [_pick(f, lang) for f in template.fields]
    _header(ws, 4, headers)
    top = Alignment(wrap_text=True, vertical="top")
    if template.id == "handover-checklist":
        rows = [[n, a.name, step, a.responsible, a.accountable, "", "", ""]
                for n, (a, step) in enumerate(((a, s) for a in chapter.activities
                                               for s in (a.steps or (a.description,))), start=1)]
        rows += [[len(rows) + i, w["outputs"], output, "", "", "", "", ""]
                 for i, output in enumerate(chapter.outputs, start=1)]
        blank = 0
    else:
        rows, blank = [], 20  # a register: rows to fill
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, clean(value) if isinstance(value, str) else value).alignment = top
    last = 4 + max(len(rows), blank)
    widths = template.widths or tuple(min(30, max(12, display_width(h) // 2 + 4)) for h in headers)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[4].height = 42
    fit_rows(ws, 5, 4 + len(rows))
    thin = Side(style="thin", color="BFBFBF")
    for r in range(5, last + 1):  # ruled rows: the printout is a form to fill by hand too
        for c in range(1, len(headers) + 1):
            ws.cell(row=r, column=c).border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if r > 4 + len(rows):
            ws.row_dimensions[r].height = 22
    for column_index, en, zh in template.choices:
        options = zh if lang == "zh" else en
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                                    showErrorMessage=True, error=", ".join(options))
        ws.add_data_validation(validation)
        letter = get_column_letter(column_index)
        validation.add(f"{letter}5:{letter}{max(last, 5)}")
    ws.freeze_panes = "B5"
    ws.auto_filter.ref = f"A4:{get_column_letter(len(headers))}{max(last, 5)}"
    _print_setup(ws)
    ws.print_title_rows = "4:4"

    activities = _activities(chapter, template)
    proc = wb.create_sheet(w["sheet_procedure"][:31])
    _header(proc, 1, [w["activity"], w["no"], w["step"], w["responsible"], w["accountable"]])
    r = 2
    for a in activities:
        for i, step in enumerate(a.steps or ((a.description,) if a.description else ()), start=1):
            for c, value in enumerate((a.name, i, step, a.responsible, a.accountable), start=1):
                put(proc, r, c, clean(value) if isinstance(value, str) else value).alignment = top
            r += 1
    for c, width in enumerate((26, 5, 80, 26, 20), start=1):
        proc.column_dimensions[get_column_letter(c)].width = width
    fit_rows(proc, 2, r - 1)
    proc.freeze_panes = "A2"
    proc.auto_filter.ref = f"A1:E{max(2, r - 1)}"
    _print_setup(proc)

    kpis = wb.create_sheet(w["sheet_kpis"][:31])
    _header(kpis, 1, [w["kpi"], w["definition"], w["formula"], w["baseline"], w["target"]])
    for r, k in enumerate(chapter.kpis, start=2):
        for c, value in enumerate((k.name, k.definition, k.formula, k.baseline, k.target), start=1):
            put(kpis, r, c, clean(value) if isinstance(value, str) else value).alignment = top
    for c, width in enumerate((28, 60, 40, 12, 12), start=1):
        kpis.column_dimensions[get_column_letter(c)].width = width
    fit_rows(kpis, 2, len(chapter.kpis) + 1)
    kpis.freeze_panes = "A2"
    kpis.auto_filter.ref = f"A1:E{max(2, len(chapter.kpis) + 1)}"
    _print_setup(kpis)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- the set -----------------------------------------------------------------------------------------


def render_templates(view: ProcessesView, progress: Callable[[int, int], None] | None = None,
                     is_cancelled: Callable[[], bool] | None = None) -> dict[str, bytes]:
    """Every template file's name and bytes; the specifications the view lacks are left out."""
    have = {c.id: c for c in view.chapters}
    out: dict[str, bytes] = {}
    wanted = [t for t in TEMPLATES if t.process in have]
    for i, template in enumerate(wanted, start=1):
        if is_cancelled is not None and is_cancelled():
            from app.reports.api import ReportCancelled

            raise ReportCancelled("report cancelled")
        chapter = have[template.process]
        out[template.filename] = (_docx if template.format == ".docx" else _xlsx)(view, chapter, template)
        if progress is not None:
            progress(i, len(wanted))
    return out


def templates_outline(context):
    """The Export dialog's preview: the files the set holds."""
    from app.reports.registry import ReportOutline

    view = context.view
    have = {c.id for c in view.chapters}
    files = tuple(f"{t.filename} ({t.name(view.lang)})" for t in TEMPLATES if t.process in have)
    return ReportOutline(kind="process-templates", lang=view.lang, format="folder", title=context.meta.title,
                         customer=view.customer, engagement=view.engagement, sections=files, charts=(), models=(),
                         interviewees=0, answers=0, domains=len(view.chapters), not_assessed=(),
                         notices=context.notices, template="", sheets=())


def check_folder(out_dir: Path) -> None:
    """One line, before any work, when the folder cannot hold the templates."""
    out_dir = Path(out_dir)
    if out_dir.suffix.lower() in (".docx", ".xlsx"):
        raise UserError(f"the process templates are a set of files: give a folder for --out, not {out_dir}")
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"cannot write the templates to {out_dir}: it is a file, not a folder")
    probe = out_dir
    while not probe.exists():  # the nearest existing ancestor must let us create the folder
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise UserError(f"cannot create the folder {out_dir}: {probe} is a file")


def write_templates(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Save each file atomically into ``out_dir`` (created if needed); one clear line on failure."""
    from app.files import check_writable_target, save_bytes

    out_dir = Path(out_dir)
    check_folder(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder {out_dir}: {exc.strerror or exc}") from None
    for name in files:
        check_writable_target(out_dir / name)
    return [save_bytes(out_dir / name, data) for name, data in files.items()]
