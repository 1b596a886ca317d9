"""``omm compare`` / ``omm portfolio`` and the comparison report in Word and Excel, read back."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from app.cli import build_parser, main
from app.content import load_content
from app.services.results import score_engagement
from app.storage.database import open_database
from app.storage.records import ContentRef, ServiceChoice
from app.storage.repository import Repository

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"
CONTENT = (ContentRef("model", "mini", "1.0"), ContentRef("questionnaire", "mini-q", "1.0"))


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'omm.db'}"
    database = open_database(url)
    repo = Repository(database)
    acme = repo.create_customer("Acme Secret Bank", "Banking", 120)
    evil = repo.create_customer("=HYPERLINK(\"http://x\")", "Quantum widgets", 10)
    for customer, name, when, values in (
            (acme, "Acme Secret Bank 2024", date(2024, 3, 1), {"q1": "1", "q4": "nobody"}),
            (acme, "Acme Secret Bank 2025", date(2025, 3, 1), {"q1": "4", "q4": "ic"}),
            (evil, "Widgets 2025", date(2025, 5, 1), {"q1": "2", "q3": "60"})):
        e = repo.create_engagement(customer.id, name, services=(ServiceChoice("diagnosis-basic"),),
                                   content=CONTENT, start_date=when, consultant="Elena Consultant")
        person = repo.add_interviewee(e.id, "Interviewee Ivan", "sre")
        for q, v in values.items():
            repo.save_answer(e.id, person.id, "mini-q", q, "given", v)
    database.close()
    return url


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def xlsx_values(path: Path) -> list[object]:
    wb = load_workbook(path)
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_compare_writes_word_with_overlap_tables_charts_and_trend(db, tmp_path, capsys):
    out = tmp_path / "cmp.docx"
    code, stdout, err = run(capsys, "compare", "Acme Secret Bank 2024", "Acme Secret Bank 2025", "Widgets 2025",
                            "--out", str(out), "--db", db, "--content", str(FIXTURE))
    assert code == 0 and "written" in stdout and err == ""
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Every engagement was assessed with Mini model 1.0: all 3 capabilities compare." in text
    assert len(doc.inline_shapes) == 1  # the domain bars; with two domains a radar would be the same bars again
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["Engagement", "Customer", "Industry", "Size", "Assessed",
                                                     "Model", "Overall", "Coverage"]
    assert [c.text for c in first.rows[1].cells][:4] == ["Acme Secret Bank 2024", "Acme Secret Bank", "Banking",
                                                        "Large (51-500 IT staff)"]
    assert [c.text for c in first.rows[3].cells][2:4] == ["unmapped", "Small (under 20 IT staff)"]
    capabilities = doc.tables[2]
    assert [c.text for c in capabilities.rows[1].cells] == ["Change approval", "1.00", "4.00", "2.00"]


def test_anonymised_excel_and_word_carry_no_name(db, tmp_path, capsys):
    for suffix in ("xlsx", "docx"):
        for lang in ("en", "zh"):
            out = tmp_path / f"anon-{lang}.{suffix}"
            code, _, err = run(capsys, "compare", "Acme Secret Bank 2024", "Widgets 2025", "Acme Secret Bank 2025",
                               "--out", str(out), "--anonymise", "--lang", lang, "--db", db, "--content",
                               str(FIXTURE))
            assert code == 0, err
            blob = docx_text(out)
            if suffix == "xlsx":  # Excel's XML holds Chinese as character references: read the values
                blob += "\n".join(str(v) for v in xlsx_values(out))
            for secret in ("Acme", "Secret", "Widgets", "HYPERLINK", "Elena", "Ivan", "Quantum"):
                assert secret not in blob, (suffix, lang, secret)
            assert ("Customer A 2024-03" if lang == "en" else "客户A 2024-03") in blob


def test_excel_in_chinese_has_numbers_and_no_formula_from_customer_text(db, tmp_path, capsys):
    out = tmp_path / "cmp-zh.xlsx"
    code, _, err = run(capsys, "compare", "Widgets 2025", "Acme Secret Bank 2025", "--out", str(out), "--lang",
                       "zh", "--db", db, "--content", str(FIXTURE))
    assert code == 0, err
    wb = load_workbook(out)
    assert [ws.title for ws in wb.worksheets] == ["说明", "项目", "领域", "能力", "图表"]
    projects = wb["项目"]
    assert projects["A1"].value == "项目" and projects["B2"].value == "=HYPERLINK(\"http://x\")"
    assert projects["B2"].data_type == "s"  # text, never a formula
    capabilities = wb["能力"]
    assert capabilities["A2"].value == "变更审批" and capabilities["B2"].value == 2.0
    assert capabilities["C2"].value == 4.0
    assert "所有评估均使用" in wb["说明"]["A3"].value


@pytest.mark.parametrize("args, message", [
    (["Acme Secret Bank 2024"], "at least two"),
    (["Acme Secret Bank 2024", "Acme Secret Bank 2024"], "named twice"),
    (["Acme Secret Bank 2024", "Nobody"], "no engagement matches 'Nobody'"),
])
def test_bad_arguments_are_one_line_and_write_nothing(db, tmp_path, capsys, args, message):
    out = tmp_path / "x.docx"
    code, stdout, err = run(capsys, "compare", *args, "--out", str(out), "--db", db, "--content", str(FIXTURE))
    assert code == 1 and message in err and err.count("\n") == 1 and err.startswith("omm: error: ")
    assert not out.exists() and list(tmp_path.glob("*.docx")) == []


def test_bad_output_is_refused_before_any_work(db, tmp_path, capsys):
    for target, message in ((tmp_path / "x.pdf", ".docx (Word) or .xlsx (Excel)"),
                            (tmp_path / "missing" / "x.xlsx", "does not exist")):
        code, _, err = run(capsys, "compare", "Acme Secret Bank 2024", "Widgets 2025", "--out", str(target),
                           "--db", db, "--content", str(FIXTURE))
        assert code == 1 and message in err and err.count("\n") == 1
        assert not target.exists()


def test_portfolio_text_and_json(db, capsys):
    code, stdout, _ = run(capsys, "portfolio", "--db", db, "--content", str(FIXTURE))
    assert code == 0
    lines = stdout.splitlines()
    assert len(lines) == 3 and lines[0].startswith("2025-05-01") and "unmapped" in lines[0]
    code, stdout, _ = run(capsys, "portfolio", "--json", "--db", db, "--content", str(FIXTURE))
    rows = json.loads(stdout)
    assert [r["engagement"] for r in rows] == ["Widgets 2025", "Acme Secret Bank 2025", "Acme Secret Bank 2024"]
    acme = rows[1]
    assert acme["industry"] == "banking" and acme["size"] == "large" and acme["model"] == {"id": "mini",
                                                                                           "version": "1.0"}
    repo = Repository(open_database(db))
    score = score_engagement(load_content(FIXTURE), repo, acme["id"]).primary  # one number everywhere
    repo.db.close()
    assert acme["domains"] == {"change": 4.0, "incident": 4.0} == {d.domain_id: d.level for d in score.domains}
    assert acme["coverage"] == score.coverage and acme["overall"] == score.level
    code, stdout, _ = run(capsys, "portfolio", "--json", "--anonymise", "--db", db, "--content", str(FIXTURE))
    for secret in ("Acme", "Widgets", "Quantum", *(r["id"] for r in rows)):
        assert secret not in stdout


def _options(parser: argparse.ArgumentParser) -> dict[str, tuple]:
    return {(a.option_strings[-1] if a.option_strings else a.dest): (a.required, tuple(a.choices or ()), a.default)
            for a in parser._actions if not isinstance(a, argparse._SubParsersAction | argparse._HelpAction)}


def test_contract_of_compare_and_portfolio():
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    common = {"--db": (False, (), None), "--content": (False, (), None), "--create": (False, (), False)}
    assert _options(action.choices["compare"]) == {
        **common, "engagements": (True, (), None), "--out": (True, (), None), "--anonymise": (False, (), False),
        "--lang": (False, ("en", "zh"), "en"), "--consultancy-name": (False, (), None), "--logo": (False, (), None)}
    assert _options(action.choices["portfolio"]) == {
        **common, "--json": (False, (), False), "--anonymise": (False, (), False),
        "--lang": (False, ("en", "zh"), "en"), "--model": (False, (), None)}
    bad = subprocess.run([sys.executable, "-m", "app.cli", "compare", "a", "b"], capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 1 and "--out" in bad.stderr and "Traceback" not in bad.stderr


def test_compare_puts_the_consultancys_name_and_logo_on_top_and_refuses_a_bad_logo(db, tmp_path, capsys):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 80), "teal").save(buffer, format="PNG")
    logo = tmp_path / "logo.png"
    logo.write_bytes(buffer.getvalue())
    args = ["Acme Secret Bank 2024", "Widgets 2025", "--db", db, "--content", str(FIXTURE),
            "--consultancy-name", "Northwind Advisory", "--logo", str(logo)]
    code, _, err = run(capsys, "compare", *args, "--out", str(tmp_path / "cmp.docx"))
    assert code == 0, err
    doc = Document(str(tmp_path / "cmp.docx"))
    assert doc.paragraphs[1].text == "Northwind Advisory" and doc.paragraphs[2].style.name == "Title"
    assert doc.part.related_parts[doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed].blob \
        == logo.read_bytes()
    code, _, err = run(capsys, "compare", *args, "--out", str(tmp_path / "cmp.xlsx"))
    assert code == 0, err
    about = load_workbook(tmp_path / "cmp.xlsx").worksheets[0]
    assert about["A2"].value == "Northwind Advisory" and len(about._images) == 1
    bad = tmp_path / "bad.png"
    bad.write_text("no", encoding="utf-8")
    code, _, err = run(capsys, "compare", *args[:-1], str(bad), "--out", str(tmp_path / "bad.docx"))
    assert code == 1 and err.strip() == f"omm: error: the logo {bad} is not a PNG or JPEG image"
    assert not (tmp_path / "bad.docx").exists()
