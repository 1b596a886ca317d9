"""The organisation report in Word and Excel, from an :class:`OrganisationView`.

Word: current against target charts, team missions, rotations and interaction modes,
role descriptions, the RACI grid, staffing findings, RACI problems and the phased
transition plan. Excel: teams, roles and headcount, the RACI grid with a drop-down of
R/A/C/I on every cell and a live count of Accountables per row, the findings and the
transition plan. Both are written to a temporary file beside the target and moved
into place, so a failure never leaves half a report; customer text is never turned
into a formula.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from PIL import Image

from app.content.wording import with_subject
from app.planning.organisation import OrganisationDesign
from app.reports.charts import figure_png
from app.reports.organisation_charts import chart_teams, organisation_chart
from app.reports.organisation_context import OrganisationView
from app.reports.xlsx_render import HEADER_FILL, HEADER_FONT, _print_setup, put

KINDS = ("organisation", "organization")
NAVY = RGBColor(0x1F, 0x38, 0x64)
EAST_ASIAN_FONT = "Microsoft YaHei"
SEVERITY_FILL = {"high": "F4CCCC", "error": "F4CCCC", "medium": "FCE5CD", "warning": "FCE5CD", "low": "FFF2CC"}

W = {
    "en": {
        "title": "Organisation optimisation", "subtitle": "Target {subject} organisation, roles and responsibilities",
        "engagement": "Engagement", "size": "Service size", "date": "Report date",
        "summary": "Summary", "charts": "Current and target organisation", "teams": "Teams and missions",
        "current_teams": "Current teams", "target_teams": "Target teams", "team": "Team", "type": "Type",
        "site": "Site", "people": "People", "mission": "Mission", "posts": "Posts", "duties": "Duties (held by team members)",
        "reports_to": "Reports to", "rotations": "On-call rotations", "rotation": "Rotation", "coverage": "Coverage",
        "sites": "People per site", "size_col": "Size", "oncall_share": "On-call share (%)",
        "incidents": "Incidents per 12-hour shift", "interactions": "Interaction modes between teams",
        "from": "From", "mode": "Mode", "to": "To", "owners": "Process owners", "process": "Process",
        "owner": "Owner role", "roles": "Role descriptions", "responsibilities": "Responsibilities",
        "skills": "Skills", "career": "Career path", "headcount": "Holders: current {c}, target {t}",
        "raci": "RACI", "raci_intro": "R responsible, A accountable, C consulted, I informed. Every activity "
        "has exactly one A and at least one R.", "activity": "Activity", "variant": "RACI variant: {name}",
        "findings": "Staffing findings", "severity": "Severity", "rule": "Rule", "organisation": "Organisation",
        "subject": "Subject", "finding": "Finding", "action": "What to do", "no_findings": "No staffing rule is broken.",
        "raci_problems": "RACI problems", "cell": "Cell", "problem": "Problem", "no_raci": "The RACI has no problems.",
        "transition": "Transition plan", "phase": "Phase", "kind": "Step", "role": "Role", "count": "Number",
        "description": "Description", "no_transition": "No transition steps recorded yet.",
        "no_current": "The current organisation has not been recorded yet.",
        "summary_text": "Current organisation: {cn} people in {ct} teams. Target organisation: {tn} people in {tt} "
        "teams. {hf} high, {mf} medium and {lf} low staffing findings; {re} RACI errors and {rw} RACI warnings; "
        "{steps} transition steps in {phases} phases.",
        "career_none": "To be agreed with the customer.",
        "sheet_teams": "Teams", "sheet_roles": "Roles and headcount", "sheet_raci": "RACI",
        "sheet_findings": "Findings", "sheet_transition": "Transition", "current": "Current", "target": "Target",
        "a_count": "Number of A", "toil": "Toil (%)", "oncall": "On-call (%)", "project": "Project (%)",
    },
    "zh": {
        "title": "组织优化", "subtitle": "目标{subject}组织、角色与岗位职责", "engagement": "项目", "size": "服务规模",
        "date": "报告日期", "summary": "概要", "charts": "现状组织与目标组织", "teams": "团队与使命",
        "current_teams": "现状团队", "target_teams": "目标团队", "team": "团队", "type": "类型", "site": "站点",
        "people": "人数", "mission": "使命", "posts": "岗位", "duties": "兼任职责（由团队成员担任）",
        "reports_to": "汇报至", "rotations": "值班排班", "rotation": "排班", "coverage": "覆盖时段",
        "sites": "各站点人数", "size_col": "人数", "oncall_share": "值班时间占比(%)",
        "incidents": "每12小时班次事件数", "interactions": "团队间交互模式", "from": "提供方", "mode": "模式",
        "to": "接收方", "owners": "流程负责人", "process": "流程", "owner": "负责角色", "roles": "角色说明",
        "responsibilities": "职责", "skills": "技能要求", "career": "职业发展路径",
        "headcount": "任职人数：现状 {c}，目标 {t}", "raci": "RACI矩阵",
        "raci_intro": "R 执行，A 负责，C 征询，I 知会。每项活动有且只有一个A，且至少有一个R。", "activity": "活动",
        "variant": "RACI变体：{name}", "findings": "人员配置检查结果", "severity": "严重程度", "rule": "规则",
        "organisation": "组织", "subject": "对象", "finding": "发现", "action": "建议措施",
        "no_findings": "未违反任何人员配置规则。", "raci_problems": "RACI问题", "cell": "单元格", "problem": "问题",
        "no_raci": "RACI矩阵没有问题。", "transition": "过渡计划", "phase": "阶段", "kind": "步骤", "role": "角色",
        "count": "人数", "description": "说明", "no_transition": "尚未制定过渡步骤。",
        "no_current": "尚未记录现状组织。",
        "summary_text": "现状组织：{ct}个团队共{cn}人。目标组织：{tt}个团队共{tn}人。人员配置检查发现高{hf}项、中{mf}项、"
        "低{lf}项；RACI错误{re}项、警告{rw}项；过渡计划分{phases}个阶段共{steps}个步骤。",
        "career_none": "待与客户商定。", "sheet_teams": "团队", "sheet_roles": "角色与人数", "sheet_raci": "RACI",
        "sheet_findings": "检查结果", "sheet_transition": "过渡计划", "current": "现状", "target": "目标",
        "a_count": "A的数量", "toil": "琐事(%)", "oncall": "值班(%)", "project": "项目(%)",
    },
}


def words(lang: str) -> dict[str, str]:
    return W["zh"] if lang == "zh" else W["en"]


def normalise_kind(kind: str) -> str:
    """``organization`` is accepted as the American spelling of the same report."""
    return "organisation" if kind in KINDS else kind


def chart_pngs(view: OrganisationView, design: OrganisationDesign, dpi: int = 150) -> dict[str, bytes]:
    """Both organisation charts as PNG; 150 dpi is plenty for an A4 page (200 cost a third more to draw)."""
    out = {}
    for key, side, org in (("current", view.current, design.current), ("target", view.target, design.target)):
        if org.teams:
            fig = organisation_chart(chart_teams(side, org, view.lang), title=side.title, lang=view.lang)
            out[key] = figure_png(fig, dpi=dpi)
    return out


def atomic_write(out: Path, write: Callable[[io.BufferedWriter], None]) -> None:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- Word ---------------------------------------------------------------------------


def _fonts(doc) -> None:
    for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle", "List Bullet",
                       "Table Grid"):
        try:
            style = doc.styles[style_name]
        except KeyError:
            continue
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    doc.styles["Normal"].font.size = Pt(10)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _vertical(cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "btLr")
    tc_pr.append(direction)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _set_widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths that Word and LibreOffice both keep (grid, cells and a fixed layout)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _table(doc, headers: list[str], rows: list[list[str]], widths_mm: list[float] | None = None,
           size: float = 8.5, fills: list[str | None] | None = None):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, "1F3864")
    _repeat_header(table.rows[0])
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for i, value in enumerate(values):
            cells[i].text = ""
            run = cells[i].paragraphs[0].add_run("" if value is None else str(value))
            run.font.size = Pt(size)
            if fills and fills[r]:
                _shade(cells[0], fills[r])
    if widths_mm:
        _set_widths(table, widths_mm)
    return table


def _png_width_mm(png: bytes) -> float:
    """The chart's own width at its dpi, so a small organisation is not blown up to the page width."""
    with Image.open(io.BytesIO(png)) as image:
        dpi = image.info.get("dpi", (200, 200))[0] or 200
        return image.width / float(dpi) * 25.4


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def write_docx(view: OrganisationView, pngs: dict[str, bytes], out: Path | io.BufferedWriter) -> None:
    w = words(view.lang)
    doc = Document()
    _fonts(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    doc.add_heading(f"{w['title']}: {view.customer}" if view.customer else w["title"], level=0)
    doc.add_paragraph(view.subtitle or with_subject(w["subtitle"], None, view.lang))
    doc.add_paragraph(f"{w['engagement']}: {view.engagement}\n{w['size']}: {view.size}\n"
                      f"{w['date']}: {date.today().isoformat()}")

    doc.add_heading(w["summary"], level=1)
    sev = [f.severity_key for f in view.findings]
    errors = sum(1 for p in view.raci_problems if p.severity_key == "error")
    doc.add_paragraph(w["summary_text"].format(
        cn=view.current.headcount, ct=len(view.current.teams), tn=view.target.headcount, tt=len(view.target.teams),
        hf=sev.count("high"), mf=sev.count("medium"), lf=sev.count("low"), re=errors,
        rw=len(view.raci_problems) - errors, steps=len(view.transition),
        phases=len({s.phase for s in view.transition})))

    doc.add_heading(w["charts"], level=1)
    for key in ("current", "target"):
        if key in pngs:
            doc.add_picture(io.BytesIO(pngs[key]), width=Mm(min(170.0, _png_width_mm(pngs[key]))))
        elif key == "current":
            doc.add_paragraph(w["no_current"])

    doc.add_heading(w["teams"], level=1)
    for side, heading in ((view.target, w["target_teams"]), (view.current, w["current_teams"])):
        if not side.teams:
            continue
        doc.add_heading(heading, level=2)
        for t in side.teams:
            doc.add_heading(t.name, level=3)
            facts = [f"{w['type']}: {t.type}", f"{w['people']}: {t.headcount}"]
            if t.site:
                facts.append(f"{w['site']}: {t.site}")
            if t.reports_to:
                facts.append(f"{w['reports_to']}: {t.reports_to}")
            shares = [(w["toil"], t.toil_pct), (w["oncall"], t.oncall_pct), (w["project"], t.project_pct)]
            facts += [f"{name}: {_pct(v)}" for name, v in shares if v is not None]
            doc.add_paragraph(" · ".join(facts))
            if t.mission:
                doc.add_paragraph(t.mission)
            doc.add_paragraph(f"{w['posts']}: {t.posts}")
            if t.duties:
                doc.add_paragraph(f"{w['duties']}: {t.duties}")
        if side.rotations:
            doc.add_heading(f"{w['rotations']} ({side.title})", level=3)
            _table(doc, [w["rotation"], w["coverage"], w["sites"], w["size_col"], w["oncall_share"], w["incidents"]],
                   [[r.name, r.coverage, r.sites, r.size, _pct(r.oncall_share), _pct(r.incidents_per_shift)]
                    for r in side.rotations], [48, 22, 36, 14, 24, 26])
        if side.interactions:
            doc.add_heading(f"{w['interactions']} ({side.title})", level=3)
            _table(doc, [w["from"], w["mode"], w["to"]], [list(i) for i in side.interactions], [65, 35, 70])
        if side.process_owners:
            doc.add_heading(f"{w['owners']} ({side.title})", level=3)
            _table(doc, [w["process"], w["owner"]], [list(p) for p in side.process_owners], [85, 85])

    doc.add_heading(w["roles"], level=1)
    for role in view.roles:
        if not (role.target or role.current or any(role.id == c for c, _ in view.raci_columns)):
            continue
        doc.add_heading(role.name, level=2)
        doc.add_paragraph(w["headcount"].format(c=role.current, t=role.target)).runs[0].italic = True
        if role.mission:
            doc.add_paragraph(role.mission)
        for heading, items in ((w["responsibilities"], role.responsibilities), (w["skills"], role.skills)):
            if items:
                doc.add_paragraph(heading).runs[0].bold = True
                for item in items:
                    doc.add_paragraph(item, style="List Bullet")
        p = doc.add_paragraph()
        p.add_run(f"{w['career']}: ").bold = True
        p.add_run(role.career_path or w["career_none"])

    # The RACI grid needs the width of a landscape page.
    landscape = doc.add_section()
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(297), Mm(210)
    landscape.left_margin = landscape.right_margin = Mm(12)
    doc.add_heading(w["raci"], level=1)
    doc.add_paragraph(w["raci_intro"])
    _raci_table(doc, view, view.raci_rows, w)
    for name, rows in view.raci_variants:
        doc.add_heading(w["variant"].format(name=name), level=2)
        _raci_table(doc, view, rows, w)

    doc.add_heading(w["findings"], level=1)
    if view.findings:
        _table(doc, [w["severity"], w["organisation"], w["rule"], w["finding"], w["action"]],
               [[f.severity, f.scope, f.rule, f.message, f.action] for f in view.findings],
               [18, 20, 40, 95, 95], fills=[SEVERITY_FILL.get(f.severity_key) for f in view.findings])
    else:
        doc.add_paragraph(w["no_findings"])
    doc.add_heading(w["raci_problems"], level=2)
    if view.raci_problems:
        _table(doc, [w["severity"], w["cell"], w["problem"]],
               [[p.severity, p.cell, p.problem] for p in view.raci_problems], [20, 90, 158],
               fills=[SEVERITY_FILL.get(p.severity_key) for p in view.raci_problems])
    else:
        doc.add_paragraph(w["no_raci"])

    doc.add_heading(w["transition"], level=1)
    if view.transition:
        _table(doc, [w["phase"], w["kind"], w["role"], w["count"], w["from"], w["to"], w["description"]],
               [[s.phase_name, s.kind, s.role, s.count, s.from_team, s.to_team, s.description]
                for s in view.transition], [42, 22, 40, 17, 40, 40, 72])
    else:
        doc.add_paragraph(w["no_transition"])
    doc.save(out)


def _raci_table(doc, view: OrganisationView, rows, w) -> None:
    headers = [w["activity"]] + [name for _, name in view.raci_columns]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for i, text in enumerate(headers):
        cell = table.rows[0].cells[i]
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(6.5)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, "1F3864")
        if i:
            _vertical(cell)
    table.rows[0].height = Mm(34)
    _repeat_header(table.rows[0])
    process = None
    for row in rows:
        if row.process != process:
            process = row.process
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            run = merged.paragraphs[0].add_run(process)
            run.bold = True
            run.font.size = Pt(7.5)
            _shade(merged, "D9E2F3")
        cells = table.add_row().cells
        run = cells[0].paragraphs[0].add_run(row.activity)
        run.font.size = Pt(7)
        for i, letter in enumerate(row.cells, start=1):
            if letter:
                r = cells[i].paragraphs[0].add_run(letter)
                r.font.size = Pt(7)
                r.bold = letter == "A"
                if letter == "A":
                    _shade(cells[i], "FBE5D6")
                elif letter == "R":
                    _shade(cells[i], "E2EFDA")
    first = 58.0
    rest = max(6.0, (272 - first) / max(1, len(view.raci_columns)))
    _set_widths(table, [first] + [rest] * len(view.raci_columns))


# --- Excel --------------------------------------------------------------------------


def _header(ws, row: int, headers: list[str]) -> None:
    for i, text in enumerate(headers, start=1):
        cell = put(ws, row, i, text)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _rows(ws, start: int, rows: list[list], widths: list[int]) -> int:
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=start):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value).alignment = wrap
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    return start + len(rows)


def write_xlsx(view: OrganisationView, out: Path | io.BufferedWriter) -> None:
    w = words(view.lang)
    wb = Workbook()
    wb.remove(wb.active)

    ws = wb.create_sheet(w["sheet_teams"][:31])
    headers = [w["organisation"], w["team"], w["type"], w["site"], w["people"], w["reports_to"], w["posts"],
               w["duties"], w["toil"], w["oncall"], w["project"], w["mission"]]
    _header(ws, 1, headers)
    rows = [[side.title, t.name, t.type, t.site, t.headcount, t.reports_to, t.posts, t.duties, t.toil_pct,
             t.oncall_pct, t.project_pct, t.mission]
            for side in (view.current, view.target) for t in side.teams]
    _rows(ws, 2, rows, [14, 30, 16, 12, 8, 24, 40, 40, 9, 9, 9, 80])
    ws.freeze_panes = "C2"
    _print_setup(ws)

    ws = wb.create_sheet(w["sheet_roles"][:31])
    _header(ws, 1, [w["role"], w["current"], w["target"], w["mission"], w["responsibilities"], w["skills"],
                    w["career"]])
    _rows(ws, 2, [[r.name, r.current, r.target, r.mission, "\n".join(r.responsibilities), "\n".join(r.skills),
                   r.career_path] for r in view.roles], [28, 9, 9, 50, 70, 45, 30])
    ws.freeze_panes = "B2"
    _print_setup(ws)

    ws = wb.create_sheet(w["sheet_raci"][:31])
    _raci_sheet(ws, view, view.raci_rows, w)
    for name, rows_ in view.raci_variants:
        _raci_sheet(wb.create_sheet(f"{w['sheet_raci']} {name}"[:31]), view, rows_, w)

    ws = wb.create_sheet(w["sheet_findings"][:31])
    _header(ws, 1, [w["severity"], w["organisation"], w["rule"], w["subject"], w["finding"], w["action"]])
    end = _rows(ws, 2, [[f.severity, f.scope, f.rule, f.subject, f.message, f.action] for f in view.findings],
                [10, 12, 30, 28, 70, 70])
    for r, f in enumerate(view.findings, start=2):
        fill = SEVERITY_FILL.get(f.severity_key)
        if fill:
            ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor=fill)
    _header(ws, end + 1, [w["severity"], w["cell"], w["problem"]])
    _rows(ws, end + 2, [[p.severity, p.cell, p.problem] for p in view.raci_problems], [10, 12, 30, 28, 70, 70])
    _print_setup(ws)

    ws = wb.create_sheet(w["sheet_transition"][:31])
    _header(ws, 1, [w["phase"], w["kind"], w["role"], w["count"], w["from"], w["to"], w["description"]])
    _rows(ws, 2, [[s.phase_name, s.kind, s.role, s.count, s.from_team, s.to_team, s.description]
                  for s in view.transition], [34, 14, 28, 8, 28, 28, 60])
    _print_setup(ws)
    wb.save(out)


def _raci_sheet(ws, view: OrganisationView, rows, w) -> None:
    """The grid with a drop-down of R/A/C/I in every cell and the count of A per row, red unless 1."""
    headers = [w["process"], w["activity"]] + [name for _, name in view.raci_columns] + [w["a_count"]]
    _header(ws, 1, headers)
    for c in range(3, len(headers)):
        ws.cell(row=1, column=c).alignment = Alignment(text_rotation=90, vertical="bottom", horizontal="center")
    ws.row_dimensions[1].height = 150
    first_col, last_col = 3, 2 + len(view.raci_columns)
    count_col = last_col + 1
    centre = Alignment(horizontal="center")
    for r, row in enumerate(rows, start=2):
        put(ws, r, 1, row.process)
        put(ws, r, 2, row.activity)
        for c, letter in enumerate(row.cells, start=first_col):
            cell = ws.cell(row=r, column=c, value=letter or None)
            cell.alignment = centre
            if letter == "A":
                cell.font = Font(bold=True)
        span = f"{get_column_letter(first_col)}{r}:{get_column_letter(last_col)}{r}"
        ws.cell(row=r, column=count_col, value=f'=COUNTIF({span},"A")').alignment = centre
    last_row = 1 + len(rows)
    if rows:
        grid = f"{get_column_letter(first_col)}2:{get_column_letter(last_col)}{last_row}"
        validation = DataValidation(type="list", formula1='"R,A,C,I"', allow_blank=True, showErrorMessage=True,
                                    errorTitle="RACI", error="R, A, C or I")
        ws.add_data_validation(validation)
        validation.add(grid)
        letter = get_column_letter(count_col)
        ws.conditional_formatting.add(f"{letter}2:{letter}{last_row}",
                                      FormulaRule(formula=[f"{letter}2<>1"], fill=PatternFill("solid",
                                                                                              fgColor="F4CCCC")))
        ws.conditional_formatting.add(grid, FormulaRule(formula=[f'{get_column_letter(first_col)}2="A"'],
                                                        fill=PatternFill("solid", fgColor="FBE5D6")))
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 36
    for c in range(first_col, count_col + 1):
        ws.column_dimensions[get_column_letter(c)].width = 4.5
    ws.column_dimensions[get_column_letter(count_col)].width = 6
    ws.freeze_panes = "C2"
    _print_setup(ws)


def write_report(view: OrganisationView, design: OrganisationDesign, out: Path) -> None:
    """Word or Excel by the file's suffix, written atomically."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        atomic_write(out, lambda fh: write_xlsx(view, fh))
    else:
        pngs = chart_pngs(view, design)
        atomic_write(out, lambda fh: write_docx(view, pngs, fh))


# --- the report kind (app.reports.kinds declares it) --------------------------------------------


@dataclass(frozen=True)
class OrganisationInputs:
    design: OrganisationDesign
    org_model: Any
    process_model: Any
    engagement: Any  # EngagementRecord
    today: date | None = None
    roadmap: Any = None  # app.services.organisation.RoadmapLink, when the engagement has a planning roadmap


@dataclass(frozen=True)
class OrganisationMeta:
    title: str
    lang: str
    customer: str
    engagement: str


@dataclass
class OrganisationReportContext:
    """What the registry expects of a context: ``meta``, ``notices``, ``charts()``, ``as_template_dict()``."""

    view: OrganisationView
    design: OrganisationDesign
    meta: OrganisationMeta
    notices: tuple[str, ...] = ()

    def charts(self) -> list:
        return []  # the writer draws its two organisation charts itself

    def as_template_dict(self) -> dict[str, Any]:
        return {"meta": self.meta}


def organisation_context(inputs: OrganisationInputs, lang: str) -> OrganisationReportContext:
    from app.reports.organisation_context import build_organisation_view

    e = inputs.engagement
    roadmap = (inputs.roadmap.plan, inputs.roadmap.starts) if inputs.roadmap is not None else None
    view = build_organisation_view(inputs.design, inputs.org_model, inputs.process_model, lang,
                                   engagement=e.name, customer=e.customer.name, roadmap=roadmap)
    w = words(lang)
    # "Target O&M organisation ...": the subject of the process model the organisation runs
    view.subtitle = with_subject(w["subtitle"], inputs.process_model, lang)
    notices = []
    if not inputs.design.current.teams:
        notices.append(w["no_current"])
    if view.check.raci_errors:
        notices.append(f"{w['raci_problems']}: {len(view.check.raci_errors)}")
    return OrganisationReportContext(view, inputs.design,
                                     OrganisationMeta(w["title"], lang, e.customer.name, e.name), tuple(notices))


def _timed_save(save: Callable[[], None]) -> float:
    import time

    started = time.perf_counter()
    save()
    return time.perf_counter() - started


def write_context_docx(context: OrganisationReportContext, out) -> float:
    pngs = chart_pngs(context.view, context.design)
    return _timed_save(lambda: write_docx(context.view, pngs, out))


def write_context_xlsx(context: OrganisationReportContext, out) -> float:
    return _timed_save(lambda: write_xlsx(context.view, out))


def organisation_outline(context: OrganisationReportContext, fmt: str):
    from app.reports.registry import ReportOutline

    w = words(context.meta.lang)
    view = context.view
    sections = (w["summary"], w["charts"], w["teams"], w["roles"], w["raci"], w["findings"], w["transition"])
    sheets = (w["sheet_teams"], w["sheet_roles"], w["sheet_raci"], w["sheet_findings"], w["sheet_transition"])
    charts = tuple(side.title for side, org in ((view.current, context.design.current),
                                                (view.target, context.design.target)) if org.teams)
    return ReportOutline(
        kind="organization", lang=context.meta.lang, format=fmt, title=context.meta.title,
        customer=context.meta.customer, engagement=context.meta.engagement,
        sections=sections if fmt == ".docx" else (), charts=charts if fmt == ".docx" else (), models=(),
        interviewees=0, answers=0, domains=0, not_assessed=(), notices=context.notices, template="",
        sheets=sheets if fmt == ".xlsx" else ())
