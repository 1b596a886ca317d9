"""The organisation report written and read back: Word and Excel, both languages."""

from __future__ import annotations

import pytest
from docx import Document
from openpyxl import load_workbook

from app.planning.organisation import Organisation, Rotation, RotationMember, Team
from app.planning.organisation_seed import new_design
from app.planning.organisation_transition import propose_transition
from app.reports.organisation_charts import chart_teams, organisation_chart
from app.reports.organisation_context import build_organisation_view
from app.reports.organisation_report import normalise_kind, write_report


@pytest.fixture(scope="module")
def models(shipped_library):
    return shipped_library.organisation_models[0], shipped_library.model("om-processes")


@pytest.fixture(scope="module")
def design(models):
    org_model, _ = models
    design = new_design(org_model, "large", lines=("Retail", "Corporate"), sites=("Shanghai", "Chengdu"))
    design.current = Organisation(teams=[
        Team(id="mgmt", name="=IT management", type="governance", posts={"om_manager": 1, "change_manager": 1}),
        Team(id="infra", name="Infrastructure <R&D>", type="operations", site="Shanghai", reports_to="mgmt",
             posts={"om_engineer": 14, "platform_engineer": 3}, duties={"oncall_primary": 6}, toil_pct=60,
             oncall_pct=20, becomes="lg.platform.Retail"),
    ], rotations=[Rotation(id="night", name="Night pager", members=[RotationMember("infra", "Shanghai", 6)],
                           incidents_per_shift=3.4)])
    design.transition = propose_transition(design.current, design.target)
    return design


def test_organization_is_the_same_report():
    assert normalise_kind("organization") == normalise_kind("organisation") == "organisation"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_excel_raci_sheet_has_exactly_one_a_per_activity_row(tmp_path, models, design, lang):
    view = build_organisation_view(design, *models, lang, engagement="E", customer="C")
    out = tmp_path / f"org.{lang}.xlsx"
    write_report(view, design, out)
    wb = load_workbook(out)
    names = wb.sheetnames
    assert len(names) == 5
    raci = wb[names[2]]
    header = [c.value for c in raci[1]]
    letters_from, letters_to = 2, len(header) - 1  # process, activity, roles..., count of A
    rows = list(raci.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 44
    for row in rows:
        letters = [v for v in row[letters_from:letters_to] if v]
        assert letters.count("A") == 1, row
        assert "R" in letters
        assert set(letters) <= {"R", "A", "C", "I"}
        assert row[-1].startswith("=COUNTIF(")
    assert any(dv.formula1 == '"R,A,C,I"' for dv in raci.data_validations.dataValidation)
    teams = wb[names[0]]
    cells = {c.value: c for row in teams.iter_rows() for c in row if isinstance(c.value, str)}
    # customer text that looks like a formula stays text
    assert cells["=IT management"].data_type == "s" and cells["=IT management"].quotePrefix
    findings = [r for r in wb[names[3]].iter_rows(min_row=2, values_only=True) if r[0]]
    assert any("3.4" in (r[4] or "") for r in findings)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_word_report_has_charts_raci_findings_and_plan(tmp_path, models, design, lang):
    view = build_organisation_view(design, *models, lang, engagement="E", customer="Harbour <Bank>")
    out = tmp_path / f"org.{lang}.docx"
    write_report(view, design, out)
    doc = Document(out)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    expected = {"en": ["Current and target organisation", "Teams and missions", "Role descriptions", "RACI",
                       "Staffing findings", "Transition plan"],
                "zh": ["现状组织与目标组织", "团队与使命", "角色说明", "RACI矩阵", "人员配置检查结果", "过渡计划"]}[lang]
    assert [h for h in headings if h in expected] == expected
    assert len(doc.inline_shapes) == 2  # the current and the target chart
    raci = next(t for t in doc.tables if t.rows[0].cells[0].text in ("Activity", "活动"))
    activity_rows = [r for r in raci.rows[1:] if len({id(c._tc) for c in r.cells}) > 1]
    assert len(activity_rows) == 44
    for row in activity_rows:
        letters = [c.text for c in row.cells[1:]]
        assert letters.count("A") == 1, row.cells[0].text
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Harbour <Bank>" in text
    tables = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    if lang == "en":
        assert "Night pager handles 3.4 incidents per 12-hour shift" in tables
        assert "Infrastructure <R&D>" in tables
    else:
        assert "每个12小时班次处理 3.4 起事件" in tables


def test_a_failed_write_leaves_no_file(tmp_path, models, design, monkeypatch):
    from app.reports import organisation_report

    view = build_organisation_view(design, *models, "en")
    out = tmp_path / "org.xlsx"
    out.write_bytes(b"the old report")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(organisation_report, "write_xlsx", broken)
    with pytest.raises(RuntimeError):
        write_report(view, design, out)
    assert out.read_bytes() == b"the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["org.xlsx"]


def test_chart_draws_every_team_once(models, design):
    view = build_organisation_view(design, *models, "en")
    fig = organisation_chart(chart_teams(view.target, design.target, "en"), title="T", lang="en")
    texts = [t.get_text() for t in fig.axes[0].texts]
    for team in view.target.teams:
        assert sum(1 for t in texts if t.replace("\n", " ") == team.name) == 1, team.name
    assert sum(1 for t in texts if t.endswith("people · Chengdu")) == 3
