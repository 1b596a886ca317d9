"""Excel reports read back: values, formats, and text that must never become a formula."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from app.reports.xlsx_render import FORMULA_PREFIXES, put, safe_value

KINDS = ("survey", "diagnosis", "maturity")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_cell_is_a_formula(built, kind, lang):
    path = built[(kind, lang, ".xlsx")]
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode("utf-8"), name
    wb = openpyxl.load_workbook(path)
    risky = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    risky += 1
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
    assert risky > 0  # the engagement is full of =, +, - and @; they are all there, as text


def test_formula_injection_unit(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    samples = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "plain", "a=b"]
    for i, text in enumerate(samples, start=1):
        put(ws, i, 1, text)
    put(ws, 20, 1, -3.5)
    wb.save(tmp_path / "x.xlsx")
    back = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    for i, text in enumerate(samples, start=1):
        assert back.cell(i, 1).value == text and back.cell(i, 1).data_type == "s"
    assert back.cell(20, 1).value == -3.5  # numbers stay numbers
    assert safe_value("=x") == ("=x", True) and safe_value("x") == ("x", False)


def test_scores_equal_score_json(built, score_json, library):
    wb = openpyxl.load_workbook(built[("maturity", "en", ".xlsx")])
    model = library.model("mini")
    (scored,) = score_json["models"]
    domains = wb["Domains"]
    names = {d.id: d.name.en for d in model.domains}
    rows = {r[0]: r for r in domains.iter_rows(min_row=2, values_only=True)}
    for d in scored["domains"]:
        row = rows[names[d["id"]]]
        assert row[1] == d["level"] and row[2] == pytest.approx(d["target"])
    caps = {r[1]: r for r in wb["Capabilities"].iter_rows(min_row=2, values_only=True)}
    cap_names = {c.id: c.name.en for d in model.domains for c in d.capabilities}
    for d in scored["domains"]:
        for c in d["capabilities"]:
            row = caps[cap_names[c["id"]]]
            assert row[2] == c["level"] and row[3] == c["computed_level"] and row[5] == c["gap"]
    summary = [r for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]]
    assert any(r[1] == scored["level"] for r in summary)


@pytest.mark.parametrize("kind", KINDS)
def test_sheets_are_usable(built, kind):
    wb = openpyxl.load_workbook(built[(kind, "zh", ".xlsx")])
    assert wb.sheetnames[0] == "概要" and wb.sheetnames[-1] == "图表"
    for ws in wb.worksheets[1:-1]:
        assert ws.freeze_panes is not None and ws.auto_filter.ref, ws.title
        assert ws["A1"].font.bold
        assert all((ws.column_dimensions[c].width or 0) >= 8 for c in "AB")
    answers = wb["回答明细"]
    levels = [c for c in answers[1] if c.value == "等级"]
    assert levels and answers.conditional_formatting  # colour scale on level columns
    charts = wb["图表"]
    if kind == "survey":
        assert len(charts._images) == 1
    else:
        assert len(charts._charts) == 2  # native bar and radar charts over the Domains sheet
    if kind == "maturity":
        assert len(charts._images) >= 2


def test_answers_per_interviewee_matrix(built):
    wb = openpyxl.load_workbook(built[("survey", "en", ".xlsx")])
    matrix = wb["Answers by interviewee"]
    header = [c.value for c in matrix[1]]
    # confidential by default: interviewees by role, numbered within it
    assert {"Executive", "SRE 1", "SRE 2"} <= set(header) and "张伟" not in header
    q1 = next(r for r in matrix.iter_rows(min_row=2, values_only=True) if r[1] == "q1")
    assert sorted(v for v in q1[4:] if isinstance(v, int | float)) == [1, 3, 4]
