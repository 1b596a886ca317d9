"""The comparison report: engagements side by side in Word and Excel, in English or Chinese.

Built from an ``app.analytics.Comparison`` (and, when every engagement is one customer's,
its ``Trend``): the figures are the comparison's own, never recomputed here. The overlap
statement says how much of the models compares; anonymised, customers are letters and no
engagement name, consultant or interviewee appears anywhere (the comparison carries none).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.drawing.image import Image as XlImage
from openpyxl.styles import Alignment, Font

from app.analytics.compare import Comparison
from app.analytics.trend import Trend
from app.content.classification import industry_name, size_name
from app.files import check_writable_target, save_bytes
from app.reports.branding import Branding, add_excel_logo, brand_docx
from app.reports.charts import (
    PALETTE,
    _finish,
    _new_figure,
    _style,
    align_spoke_labels,
    figure_png,
    grouped_bar_chart,
    wrap_label,
)
from app.reports.xlsx_render import HEADER_FILL, HEADER_FONT, put

EAST_ASIAN_FONT = "Microsoft YaHei"
NAVY = RGBColor(0x1F, 0x38, 0x64)

WORDS = {
    "en": {
        "title": "Maturity comparison", "anonymised": "Anonymised: customers are shown as letters.",
        "generated": "Generated on {date}", "engagements": "Engagements compared", "overlap": "What compares",
        "engagement": "Engagement", "customer": "Customer", "industry": "Industry", "size": "Size",
        "date": "Assessed", "model": "Model", "overall": "Overall", "coverage": "Coverage",
        "domains": "Domains", "domain": "Domain", "capabilities": "Capabilities compared",
        "capability": "Capability", "radar": "Domain levels, overlaid", "bars": "Levels per domain",
        "cap_radar": "Capability levels, overlaid", "left_out": "Not compared", "why": "Why",
        "unmapped": "unmapped", "na": "-", "trend": "Change over time",
        "improved": "Improved most", "fell_back": "Fell back", "from": "From", "to": "To", "change": "Change",
        "none": "None.", "not_comparable": "not comparable", "levels_note":
        "Levels on the model's scale {lo}-{hi}; '-' means not assessed.",
        "sheet_engagements": "Engagements", "sheet_domains": "Domains", "sheet_capabilities": "Capabilities",
        "sheet_charts": "Charts", "sheet_trend": "Trend", "sheet_about": "About",
    },
    "zh": {
        "title": "成熟度对比", "anonymised": "已匿名：客户以字母代称。",
        "generated": "生成日期：{date}", "engagements": "参与对比的项目", "overlap": "可比较的范围",
        "engagement": "项目", "customer": "客户", "industry": "行业", "size": "规模",
        "date": "评估日期", "model": "模型", "overall": "总体", "coverage": "覆盖率",
        "domains": "领域", "domain": "领域", "capabilities": "参与对比的能力",
        "capability": "能力", "radar": "各领域等级叠加对比", "bars": "各领域等级",
        "cap_radar": "各能力等级叠加对比", "left_out": "未参与对比", "why": "原因",
        "unmapped": "未归类", "na": "-", "trend": "随时间的变化",
        "improved": "提升最多", "fell_back": "有所回落", "from": "起", "to": "止", "change": "变化",
        "none": "无。", "not_comparable": "不可比较", "levels_note": "等级为模型量表 {lo}-{hi}；“-”表示未评估。",
        "sheet_engagements": "项目", "sheet_domains": "领域", "sheet_capabilities": "能力",
        "sheet_charts": "图表", "sheet_trend": "趋势", "sheet_about": "说明",
    },
}


def words(lang: str) -> Mapping[str, str]:
    return WORDS["zh" if lang == "zh" else "en"]


def _level(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)} %"


# --- charts: shared by the screen and both documents --------------------------------------------


def overlay_radar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *,
                        scale_min: float, scale_max: float, title: str = "", lang: str = "en") -> Figure:
    """One outline per engagement on the same axes; fewer than three axes fall back to bars.

    A value not assessed is drawn at the scale's floor with a hollow marker, never filled.
    """
    if len(labels) < 3:
        return grouped_bar_chart(labels, series, title=title, lang=lang, scale_min=scale_min, scale_max=scale_max)
    with _style():
        fig = _new_figure(6.4, 5.6)
        ax = fig.add_subplot(projection="polar")
        n = len(labels)
        angles = [2 * math.pi * i / n for i in range(n)]
        closed = [*angles, angles[0]]
        colours = PALETTE["series"]
        handles = []
        for i, (name, values) in enumerate(series.items()):
            colour = colours[i % len(colours)]
            ys = [scale_min if v is None else v for v in values]
            line, = ax.plot(closed, [*ys, ys[0]], color=colour, linewidth=1.8, marker="o", markersize=3.5,
                            label=wrap_label(name, 28, 2))
            missing = [a for a, v in zip(angles, values, strict=True) if v is None]
            if missing:
                ax.plot(missing, [scale_min] * len(missing), linestyle="none", marker="o", markersize=6,
                        markerfacecolor="white", markeredgecolor=colour)
            if len(series) <= 3:
                ax.fill(closed, [*ys, ys[0]], color=colour, alpha=0.07)
            handles.append(line)
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        ax.set_xticks(angles)
        ax.set_xticklabels([wrap_label(lbl, 18) for lbl in labels], fontsize=8)
        ax.set_ylim(scale_min, scale_max)
        ax.set_yticks(list(range(int(scale_min), int(scale_max) + 1)))
        ax.set_yticklabels([str(v) for v in range(int(scale_min), int(scale_max) + 1)], color="#7F7F7F",
                           fontsize=7)
        ax.set_rlabel_position(180 / n)
        ax.grid(color=PALETTE["grid"], linewidth=0.6)
        ax.tick_params(axis="x", pad=5)
        align_spoke_labels(ax, angles)
        fig.legend(handles=handles, loc="outside lower center", ncols=min(3, len(handles)), frameon=False,
                   fontsize=8)
        if title:
            ax.set_title(title, pad=20)
        return _finish(fig)


def overlay_bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *,
                      scale_min: float, scale_max: float, title: str = "", lang: str = "en") -> Figure:
    """Per-domain bars, one colour per engagement, wide enough for a landscape page; n/a where not assessed."""
    with _style():
        count = max(1, len(series))
        fig = _new_figure(10.0, 4.6)
        ax = fig.add_subplot()
        width = 0.84 / count
        colours = PALETTE["series"]
        for i, (name, values) in enumerate(series.items()):
            xs = [x - 0.42 + width * (i + 0.5) for x in range(len(labels))]
            ys = [scale_min if v is None else v for v in values]
            ax.bar(xs, [y - scale_min for y in ys], width * 0.9, bottom=scale_min, color=colours[i % len(colours)],
                   label=wrap_label(name, 30, 2))
            for x, v in zip(xs, values, strict=True):
                if v is None:
                    ax.text(x, scale_min + 0.05, words(lang)["na"] if lang != "zh" else "未评估", rotation=90,
                            ha="center", va="bottom", fontsize=6, color="#7F7F7F")
                elif count <= 4:
                    ax.text(x, v + 0.04, f"{v:.2f}", ha="center", va="bottom", fontsize=6, rotation=90)
        ax.set_xticks(list(range(len(labels))))
        ax.set_xticklabels([wrap_label(lbl, 12 if lang != "zh" else 8, 3) for lbl in labels], fontsize=7.5)
        ax.set_ylim(scale_min, scale_max + 0.5)
        ax.set_yticks(list(range(int(scale_min), int(scale_max) + 1)))
        ax.grid(axis="y", color=PALETTE["grid"], linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.legend(loc="outside lower center", ncols=min(4, count), frameon=False, fontsize=8)
        if title:
            ax.set_title(title)
        return _finish(fig)


@dataclass(frozen=True)
class ChartData:
    labels: tuple[str, ...]  # axes: domains (or capabilities when no domain compares)
    series: dict[str, tuple[float | None, ...]]  # engagement label -> values
    by_capability: bool


def chart_data(comparison: Comparison, lang: str) -> ChartData:
    if comparison.domains:
        labels = tuple(d.name(lang) for d, _ in comparison.domains)
        series = {e.label: tuple(values[i] for _, values in comparison.domains)
                  for i, e in enumerate(comparison.engagements)}
        return ChartData(labels, series, False)
    labels = tuple(c.name(lang) for c in comparison.capabilities)
    series = {e.label: tuple(c.levels[i] for c in comparison.capabilities) for i, e in enumerate(comparison.engagements)}
    return ChartData(labels, series, True)


def comparison_charts(comparison: Comparison, lang: str) -> dict[str, bytes]:
    """PNG of the overlaid radar and of the per-domain bars (empty when nothing compares)."""
    w = words(lang)
    data = chart_data(comparison, lang)
    if not data.labels or not data.series:
        return {}
    lo, hi = comparison.scale
    bars = overlay_bar_chart(list(data.labels), data.series, scale_min=lo, scale_max=hi, lang=lang,
                             title=w["bars"] if not data.by_capability else w["capabilities"])
    out = {"bars": figure_png(bars, dpi=160)}
    if len(data.labels) >= 3:  # with fewer the radar is drawn as these same bars: show them once
        radar = overlay_radar_chart(data.labels, data.series, scale_min=lo, scale_max=hi, lang=lang,
                                    title=w["cap_radar" if data.by_capability else "radar"])
        out = {"radar": figure_png(radar, dpi=160), **out}
    return out


# --- rows shared by Word and Excel ---------------------------------------------------------------


def _industry(code: str, lang: str) -> str:
    return industry_name(code, lang) or words(lang)["unmapped"]


def _size(code: str, lang: str) -> str:
    return size_name(code, lang) or words(lang)["unmapped"]


def engagement_rows(comparison: Comparison, lang: str) -> tuple[list[str], list[list[str]]]:
    w = words(lang)
    header = [w["engagement"], w["customer"], w["industry"], w["size"], w["date"], w["model"], w["overall"],
              w["coverage"]]
    rows = []
    for i, e in enumerate(comparison.engagements):
        overall = comparison.overall[i] if comparison.overall is not None else None
        rows.append([e.label, e.customer, _industry(e.row.industry_code, lang), _size(e.row.size_code, lang),
                     e.row.assessed_on.isoformat() if e.row.assessed_on else "-", e.shape.label(lang),
                     _level(overall) if comparison.overall is not None else w["not_comparable"],
                     _pct(e.levels.coverage)])
    return header, rows


def domain_rows(comparison: Comparison, lang: str) -> tuple[list[str], list[list[str]]]:
    header = [words(lang)["domain"], *comparison.labels]
    return header, [[d.name(lang), *(_level(v) for v in values)] for d, values in comparison.domains]


def capability_rows(comparison: Comparison, lang: str) -> tuple[list[str], list[list[str]]]:
    header = [words(lang)["capability"], *comparison.labels]
    return header, [[c.name(lang), *(_level(v) for v in c.levels)] for c in comparison.capabilities]


def left_out_rows(comparison: Comparison, lang: str) -> list[list[str]]:
    # A left-out engagement is not in the comparison's names: anonymised, it gets no name at all.
    return [["-" if comparison.anonymised else row.engagement_name, why] for row, why in comparison.left_out]


def trend_rows(trend: Trend, lang: str) -> tuple[list[str], list[list[str]], list[list[str]]]:
    w = words(lang)
    header = [w["capability"], w["from"], w["to"], w["change"]]

    def rows(changes):
        return [[c.name(lang), _level(c.before), _level(c.after), f"{c.delta:+.2f}"] for c in changes]

    return header, rows(trend.improved), rows(trend.fell_back)


# --- Word ----------------------------------------------------------------------------------------


def _fonts(doc, lang: str) -> None:
    for style_name in ("Normal", "Heading 1", "Heading 2", "Title", "Caption", "Table Grid"):
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
        if style_name.startswith("Heading") or style_name == "Title":
            style.font.color.rgb = NAVY
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.language = "zh-CN" if lang == "zh" else "en-GB"


def _table(doc, header: Sequence[str], rows: Sequence[Sequence[str]], *, first_width: float | None = None) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(9)
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:fill"), "D9E2F3")
        cell._tc.get_or_add_tcPr().append(shd)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(text))
            run.font.size = Pt(9)
    if first_width:
        for row in table.rows:
            row.cells[0].width = Cm(first_width)
    doc.add_paragraph()


def comparison_docx(comparison: Comparison, lang: str, images: Mapping[str, bytes], *,
                    trend: Trend | None = None, today: date | None = None) -> bytes:
    w = words(lang)
    doc = Document()
    _fonts(doc, lang)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    doc.add_heading(w["title"], level=0)
    doc.add_paragraph(w["generated"].format(date=(today or date.today()).isoformat()))
    if comparison.anonymised:
        doc.add_paragraph(w["anonymised"]).runs[0].italic = True
    doc.add_heading(w["overlap"], level=1)
    doc.add_paragraph(comparison.overlap.statement(lang))
    lo, hi = comparison.scale
    doc.add_paragraph(w["levels_note"].format(lo=lo, hi=hi))
    doc.add_heading(w["engagements"], level=1)
    _table(doc, *engagement_rows(comparison, lang))
    for key in ("radar", "bars"):
        if key in images:
            doc.add_picture(io.BytesIO(images[key]), width=Cm(15 if key == "radar" else 25))
    if comparison.domains:
        doc.add_heading(w["domains"], level=1)
        _table(doc, *domain_rows(comparison, lang), first_width=6)
    doc.add_heading(w["capabilities"], level=1)
    header, rows = capability_rows(comparison, lang)
    if rows:
        _table(doc, header, rows, first_width=7)
    else:
        doc.add_paragraph(w["none"])
    if trend is not None and (trend.improved or trend.fell_back):
        doc.add_heading(w["trend"], level=1)
        header, improved, fell = trend_rows(trend, lang)
        for title, rows in ((w["improved"], improved), (w["fell_back"], fell)):
            doc.add_heading(title, level=2)
            if rows:
                _table(doc, header, rows, first_width=7)
            else:
                doc.add_paragraph(w["none"])
    if comparison.left_out:
        doc.add_heading(w["left_out"], level=1)
        _table(doc, [w["engagement"], w["why"]], left_out_rows(comparison, lang), first_width=7)
    doc.core_properties.title = w["title"]
    doc.core_properties.author = ""
    doc.core_properties.comments = ""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- Excel ---------------------------------------------------------------------------------------


def _sheet(wb: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    ws = wb.create_sheet(title[:31])
    for col, text in enumerate(header, start=1):
        cell = put(ws, 1, col, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            put(ws, r, col, value)
            if isinstance(value, float):
                ws.cell(row=r, column=col).number_format = "0.00"
    for col in range(1, len(header) + 1):
        longest = max([len(str(header[col - 1]))] + [len(str(v[col - 1])) for v in rows if col - 1 < len(v)])
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = min(60, max(10, longest + 2))
    ws.freeze_panes = "B2"


def _numbers(rows: Sequence[Sequence[str]]) -> list[list[object]]:
    """Levels as numbers in Excel (sortable, chartable); '-' stays text."""
    out = []
    for values in rows:
        converted: list[object] = [values[0]]
        for v in values[1:]:
            try:
                converted.append(float(v))
            except ValueError:
                converted.append(v)
        out.append(converted)
    return out


def comparison_xlsx(comparison: Comparison, lang: str, images: Mapping[str, bytes], *,
                    trend: Trend | None = None, today: date | None = None, branding: Branding | None = None) -> bytes:
    w = words(lang)
    wb = Workbook()
    about = wb.active
    about.title = w["sheet_about"][:31]
    lines = [w["title"], w["generated"].format(date=(today or date.today()).isoformat()),
             comparison.overlap.statement(lang), w["levels_note"].format(lo=comparison.scale[0],
                                                                          hi=comparison.scale[1])]
    if comparison.anonymised:
        lines.insert(2, w["anonymised"])
    if branding is not None and branding.name:
        lines.insert(1, branding.name)  # the consultancy's name and logo from the settings
    for r, text in enumerate(lines, start=1):
        put(about, r, 1, text)
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 120
    if branding is not None and branding.logo:
        add_excel_logo(about, branding.logo, "A1", offset_px=430)
    header, rows = engagement_rows(comparison, lang)
    for i, (values, e) in enumerate(zip(rows, comparison.engagements, strict=True)):
        overall = comparison.overall[i] if comparison.overall is not None else None
        values[6] = overall if overall is not None else values[6]  # a number Excel can sort and chart
        values[7] = e.levels.coverage if e.levels.coverage is not None else values[7]
    _sheet(wb, w["sheet_engagements"], header, rows)
    engagements = wb[w["sheet_engagements"][:31]]
    for r in range(2, len(rows) + 2):
        engagements.cell(row=r, column=8).number_format = "0%"
    if comparison.domains:
        header, rows = domain_rows(comparison, lang)
        _sheet(wb, w["sheet_domains"], header, _numbers(rows))
    header, rows = capability_rows(comparison, lang)
    _sheet(wb, w["sheet_capabilities"], header, _numbers(rows))
    if trend is not None and (trend.improved or trend.fell_back):
        header, improved, fell = trend_rows(trend, lang)
        _sheet(wb, w["sheet_trend"], [w["change"], *header],
               [[w["improved"], *r] for r in improved] + [[w["fell_back"], *r] for r in fell])
    if comparison.left_out:
        _sheet(wb, w["left_out"], [w["engagement"], w["why"]], left_out_rows(comparison, lang))
    if images:
        ws = wb.create_sheet(w["sheet_charts"][:31])
        row = 1
        for key in ("radar", "bars"):
            if key in images:
                picture = XlImage(io.BytesIO(images[key]))
                picture.anchor = f"A{row}"
                ws.add_image(picture)
                row += int(picture.height / 20) + 2
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_comparison(comparison: Comparison, out: Path, lang: str, *, trend: Trend | None = None,
                     branding: Branding | None = None) -> Path:
    """Word or Excel by the suffix of ``out``, written atomically."""
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        from app.errors import UserError

        raise UserError(f"{out.name}: the comparison is written as .docx (Word) or .xlsx (Excel)")
    check_writable_target(out, "the comparison")
    images = comparison_charts(comparison, lang)
    branding = branding or Branding()
    data = brand_docx(comparison_docx(comparison, lang, images, trend=trend), branding) if suffix == ".docx" else \
        comparison_xlsx(comparison, lang, images, trend=trend, branding=branding)
    return save_bytes(out, data)
