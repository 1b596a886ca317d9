"""The report kinds omm ships, each declared once with ``register(...)``.

To add a kind: write its module (context builder, Word template body, Excel writer)
and add one ``register(ReportKind(...))`` line below; the export menu, the Export
dialog's preview, ``omm report --kind`` and the tests pick it up. Import heavy modules
inside the functions you register: this module is read whenever the menu or the CLI
lists the kinds.

The three assessment kinds share one machinery (app.reports.context, template_content,
xlsx_render); they differ in their sections, sheets and charts, listed there per kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from app.reports.registry import ReportKind, ReportOption, ReportOutline, register


def _assessment(kind_id: str, names: Mapping[str, str], mnemonic: str, *, docx_charts: tuple[str, ...],
                xlsx_charts: tuple[str, ...]) -> ReportKind:
    """A kind built from the engagement's scores and answers (survey, diagnosis, maturity)."""

    def build_context(inputs, lang: str):
        from app.reports.context import build_context

        return build_context(inputs, kind_id, lang)

    def word_template(lang: str, target) -> None:
        from app.reports.templates import write_assessment_template

        write_assessment_template(kind_id, lang, target)

    def excel_writer(context, images: Mapping[str, bytes], out: BinaryIO | Path) -> float:
        from app.reports.xlsx_render import render_xlsx

        return render_xlsx(context, kind_id, images, out)

    def charts(context, suffix: str) -> set[str]:
        keys = set(docx_charts if suffix == ".docx" else xlsx_charts)
        if kind_id == "survey":  # the survey's charts are about the answers, not a model
            out = {s.id for k, s in context.survey.charts.items() if k in keys}
            if suffix == ".docx" and context.model is not None and "progress" in context.model.charts:
                out.add(context.model.charts["progress"].id)
            return out
        out = {s.id for m in context.models for k, s in m.charts.items()
               if k in keys and not (k == "disagreement" and not m.disagreements)
               and not (k == "radar" and "bars" in keys and not m.has_radar)}  # it would be the bars again
        lead = context.model
        if suffix == ".docx" and lead is not None and "progress" in lead.charts and \
                (kind_id != "diagnosis" or context.meta.scored):  # a Basic diagnosis shows no 0-5 chart
            out.add(lead.charts["progress"].id)
        return out

    def outline(context: Any, fmt: str, template: str) -> ReportOutline:
        from app.reports.api import assessment_outline

        return assessment_outline(context, kind_id, fmt, template, charts(context, fmt))

    return ReportKind(kind_id, names, mnemonic, build_context=build_context, word_template=word_template,
                      excel_writer=excel_writer, charts=charts, outline=outline)


register(_assessment("survey", {"en": "Survey report", "zh": "调研报告"}, "S",
                     docx_charts=("distribution",), xlsx_charts=("distribution",)))
register(_assessment("diagnosis", {"en": "Diagnosis report", "zh": "诊断报告"}, "D",
                     docx_charts=("radar",), xlsx_charts=()))
register(_assessment("maturity", {"en": "Maturity assessment report", "zh": "成熟度评估报告"}, "M",
                     docx_charts=("radar", "bars", "heatmap", "disagreement"),
                     xlsx_charts=("heatmap", "distribution", "disagreement")))


def _planning() -> ReportKind:
    """The roadmap of an assessment-and-planning engagement, from its stored (or drafted) plan."""

    def build_context(inputs, lang: str):
        from app.reports.planning_report import planning_context

        return planning_context(inputs.state, lang, inputs.today)

    def word_template(lang: str, target) -> None:
        from app.reports.planning_report import write_planning_template

        write_planning_template(lang, target)

    def excel_writer(context, images: Mapping[str, bytes], out: BinaryIO | Path) -> float:
        from app.reports.planning_report import render_planning_xlsx

        render_planning_xlsx(context, out)
        return 0.0

    def chart_png(spec) -> bytes:
        from app.reports.planning_report import chart_png

        return chart_png(spec)

    def charts(context, suffix: str) -> set[str]:  # Word shows the charts; Excel draws its own Gantt sheet
        return {s.id for s in context.charts()} if suffix == ".docx" else set()

    return ReportKind("planning", {"en": "Planning report", "zh": "规划报告"}, "P", build_context=build_context,
                      word_template=word_template, excel_writer=excel_writer, charts=charts, reads="plan",
                      chart_png=chart_png)


register(_planning())


def _organisation() -> ReportKind:
    """The organisation design: charts, teams, roles, RACI, findings and transition (python-docx, openpyxl)."""

    def build_context(inputs, lang: str):
        from app.reports.organisation_report import organisation_context

        return organisation_context(inputs, lang)

    def word_writer(context, images: Mapping[str, bytes], out: BinaryIO | Path) -> float:
        from app.reports.organisation_report import write_context_docx

        return write_context_docx(context, out)

    def excel_writer(context, images: Mapping[str, bytes], out: BinaryIO | Path) -> float:
        from app.reports.organisation_report import write_context_xlsx

        return write_context_xlsx(context, out)

    def outline(context, fmt: str, template: str) -> ReportOutline:
        from app.reports.organisation_report import organisation_outline

        return organisation_outline(context, fmt)

    return ReportKind("organization", {"en": "Organisation design", "zh": "组织设计"}, "O", reads="organisation",
                      build_context=build_context, word_writer=word_writer, excel_writer=excel_writer,
                      outline=outline, aliases=("organisation",))


register(_organisation())


def _processes() -> ReportKind:
    """The seven process specifications, one chapter each, ready to hand over (python-docx, openpyxl)."""

    def build_context(inputs, lang: str):
        from app.reports.processes_report import processes_context

        return processes_context(inputs, lang)

    def word_writer(context, images: Mapping[str, bytes], out: BinaryIO | Path) -> float:
        from app.reports.processes_report import write_context_docx

        return write_context_docx(context, images, out)

    def excel_writer(context, images: Mapping[str, bytes], out: BinaryIO | Path) -> float:
        from app.reports.processes_report import write_context_xlsx

        return write_context_xlsx(context, out)

    def charts(context, suffix: str) -> set[str]:  # a flow diagram per process, in Word
        return {s.id for s in context.charts()} if suffix == ".docx" else set()

    def chart_png(spec) -> bytes:
        from app.reports.processes_report import flow_png

        return flow_png(spec)

    def outline(context, fmt: str, template: str) -> ReportOutline:
        from app.reports.processes_report import processes_outline

        return processes_outline(context, fmt)

    return ReportKind("processes", {"en": "Process specifications", "zh": "流程规范"}, "R", reads="process-book",
                      build_context=build_context, word_writer=word_writer, excel_writer=excel_writer,
                      charts=charts, chart_png=chart_png, outline=outline)


def _process_templates() -> ReportKind:
    """The templates of the seven processes as editable Word and Excel files, into a folder (``--out DIR``)."""

    def build_context(inputs, lang: str):
        from app.reports.processes_report import processes_context

        return processes_context(inputs, lang)

    def folder_files(context, is_cancelled) -> Mapping[str, bytes]:
        from app.reports.process_templates import render_templates

        return render_templates(context.view, is_cancelled=is_cancelled)

    def outline(context, fmt: str, template: str) -> ReportOutline:
        from app.reports.process_templates import templates_outline

        return templates_outline(context)

    return ReportKind("process-templates", {"en": "Process templates", "zh": "流程模板"}, "T", reads="process-book",
                      build_context=build_context, folder_files=folder_files, outline=outline)


register(_processes())
register(_process_templates())


def _guide() -> ReportKind:
    """A printable interview guide for one role (``--role``): questions, guidance, follow-ups, scale, notes."""

    def build_context(inputs, lang: str):
        from app.reports.guide import guide_context

        return guide_context(inputs, lang)

    def word_template(lang: str, target) -> None:
        from app.reports.guide import write_guide_template

        write_guide_template(lang, target)

    def outline(context: Any, fmt: str, template: str) -> ReportOutline:
        meta = context.meta
        return ReportOutline(
            kind="guide", lang=meta.lang, format=fmt, title=f"{meta.title} · {context.role}",
            customer=meta.customer, engagement=meta.engagement,
            sections=tuple(f"{t.name} ({t.count})" for t in context.tracks), charts=(), models=(),
            interviewees=0, answers=0, domains=0, not_assessed=(), notices=context.notices, template=template)

    return ReportKind("guide", {"en": "Interview guide", "zh": "访谈提纲"}, "G", build_context=build_context,
                      word_template=word_template, outline=outline,
                      options=(ReportOption("role", "the interviewee role the guide is for, e.g. sre", required=True),))


register(_guide())


def _requests() -> ReportKind:
    """The evidence request list and the interview plan, as a workbook to send to the customer (Excel only)."""

    def build_context(inputs, lang: str):
        from app.reports.requests import requests_context

        return requests_context(inputs, lang)

    def excel_writer(context, images: Mapping[str, bytes], out: BinaryIO | Path) -> float:
        from app.reports.requests import write_requests_xlsx

        return write_requests_xlsx(context, out)

    return ReportKind("requests", {"en": "Evidence request list", "zh": "资料索取清单"}, "E",
                      build_context=build_context, excel_writer=excel_writer)


register(_requests())
