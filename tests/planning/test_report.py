"""The planning report written and read back: Word sections and numbers, Excel sheets and the month grid."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from app.cli import main
from app.services.planning import load_planning, save_plan


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_word_report_holds_every_section_and_the_plan(shipped_library, planning_db, tmp_path, lang):
    url, repo, engagement = planning_db
    state = load_planning(shipped_library, repo, engagement.id)
    out = tmp_path / f"plan-{lang}.docx"
    assert main(["report", engagement.name, "--kind", "planning", "--out", str(out), "--lang", lang,
                 "--db", url, "--quiet"]) == 0
    body = _text(out)
    headings = {"en": ["Executive summary", "Objectives and constraints", "Targets and gap analysis",
                       "Improvement initiatives", "Roadmap", "Maturity evolution path", "Risks and dependencies"],
                "zh": ["执行摘要", "业务目标与约束条件", "目标等级与差距分析", "改进举措", "实施路线图", "成熟度演进路径",
                       "风险与依赖"]}[lang]
    for heading in headings:
        assert heading in body
    for initiative in state.plan.initiatives:
        assert initiative.name[lang] in body
    assert state.plan.objectives[0].name[lang] in body
    # the numbers are the analysis's: total effort in the summary, each phase's capacity in the table
    total = sum(i.effort for i in state.plan.initiatives)
    assert f"{round(total, 1):g}" in body
    for phase in state.analysis.schedule.phases:
        assert f"{phase.load:.1f}" in body
    doc = Document(str(out))
    assert len(doc.inline_shapes) >= 3  # matrix, Gantt, evolution
    assert "Programme view" not in body  # a Medium engagement has no programme view
    assert "{{" not in body and "{%" not in body


def test_the_excel_report_has_a_month_per_column_gantt_and_safe_text(shipped_library, planning_db, tmp_path):
    url, repo, engagement = planning_db
    state = load_planning(shipped_library, repo, engagement.id)
    first = state.plan.initiatives[0]
    hostile = state.plan.with_initiative(type(first)(**{**first.__dict__, "name": {"en": "=SUM(A1:A9) evil",
                                                                                   "zh": "=SUM(A1:A9)"}}))
    save_plan(shipped_library, repo, engagement.id, hostile)
    out = tmp_path / "plan.xlsx"
    assert main(["report", engagement.name, "--kind", "planning", "--out", str(out), "--db", url, "--quiet"]) == 0
    wb = load_workbook(out)
    assert {"Initiatives", "Gantt", "Dependencies", "Evolution path"} <= set(wb.sheetnames)
    gantt = wb["Gantt"]
    horizon = int(state.analysis.schedule.phases[-1].end_month)
    months = [gantt.cell(row=2, column=6 + m).value for m in range(horizon)]
    assert months == list(range(1, horizon + 1))
    saved = load_planning(shipped_library, repo, engagement.id)
    by_name = {gantt.cell(row=r, column=2).value: r for r in range(3, gantt.max_row + 1)}
    for item in saved.analysis.schedule.items:
        row = by_name[saved.plan.initiative(item.id).name["en"]]
        filled = [m for m in range(horizon) if gantt.cell(row=row, column=6 + m).fill.fgColor.rgb not in
                  (None, "00000000")]
        assert filled[0] == int(item.start_month) and filled[-1] == int(item.end_month + 0.999) - 1
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
             and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
    deps = wb["Dependencies"]
    assert deps.max_row - 1 == sum(len(i.depends_on) for i in saved.analysis.schedule.items)


def test_a_large_engagement_gets_the_programme_view(shipped_library, planning_db, tmp_path):
    from dataclasses import replace

    from app.planning.model import Department

    url, repo, engagement = planning_db
    plan = load_planning(shipped_library, repo, engagement.id).plan
    ids = {i.id for i in plan.initiatives}
    b = next(i for i in plan.initiatives if any(d in ids for d in i.depends_on))
    a = plan.initiative(next(d for d in b.depends_on if d in ids))
    plan = replace(plan, size="large", departments=(Department("claims", "Claims"), Department("sales", "Sales")))
    plan = plan.with_initiative(replace(a, scope="claims")).with_initiative(replace(b, scope="sales"))
    save_plan(shipped_library, repo, engagement.id, plan)
    out = tmp_path / "large.docx"
    assert main(["report", engagement.name, "--kind", "planning", "--out", str(out), "--db", url, "--quiet"]) == 0
    body = _text(out)
    assert "Programme view by business department" in body
    assert "Claims" in body and "Sales" in body
    assert b.name["en"] in body and "Dependencies between departments" in body
