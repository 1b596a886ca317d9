"""Survey workbooks: exported, filled in with openpyxl as a respondent would, imported all or nothing."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.errors import UserError
from app.services.engagements import content_for_services
from app.services.results import score_engagement
from app.services.surveys import SURVEY_DOC, export_survey, import_surveys, role_tracks
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository, UnitOfWork

FIXTURE = Path(__file__).parent / "fixtures" / "content"
# What the respondent picks, by question id: the label in the drop-down (English form)
EN_ANSWERS = {"q1": "3 – Defined", "q2": "Yes", "q3": 80, "q4": "A trained incident commander", "q5": 6}
ZH_ANSWERS = {"q1": "3 – 已定义", "q2": "是", "q3": 80, "q4": "受训的事件指挥官", "q5": 6}


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    db = open_database(new_database())
    yield Repository(db)
    db.close()


def _engagement(repo, library, name="Acme survey"):
    customer = repo.find_customer("Acme") or repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    return repo.create_engagement(customer.id, name, services=services,
                                  content=content_for_services(library, services)).id


@pytest.fixture
def engagement(repo, mini_library):
    return _engagement(repo, mini_library)


def _rows(ws):
    """Question id -> row number, found by the hidden id as the importer does."""
    return {str(ws[f"A{r}"].value).split(":")[2]: r for r in range(5, ws.max_row + 1) if ws[f"A{r}"].value}


def fill(src: Path, out: Path, answers: dict, *, name="Ann Lee", title="SRE lead", department="Platform",
         notes: dict | None = None, sort=True, insert=True) -> Path:
    """Fill a form as a respondent would: cover cells, answers, notes; then sort the rows and insert one."""
    wb = load_workbook(src)
    cover, ws = wb.worksheets[0], wb.worksheets[1]
    for key, value in (("name", name), ("title", title), ("department", department)):
        sheet, ref = next(iter(wb.defined_names[f"omm_respondent_{key}"].destinations))
        wb[sheet][ref.replace("$", "")] = value
    assert cover.title in ("Cover", "封面")
    rows = _rows(ws)
    for qid, value in answers.items():
        ws[f"H{rows[qid]}"] = value
    for qid, note in (notes or {}).items():
        ws[f"I{rows[qid]}"] = note
    if sort:  # the respondent sorts by question text, descending: every row moves
        first, last = 5, ws.max_row
        values = [[ws.cell(r, c).value for c in range(1, 10)] for r in range(first, last + 1)]
        values.sort(key=lambda v: str(v[3]), reverse=True)
        for r, row in enumerate(values, start=first):
            for c, value in enumerate(row, start=1):
                ws.cell(r, c).value = value
    if insert:  # and inserts a row of their own between two questions
        ws.insert_rows(7)
        ws["D7"] = "my own heading"
    wb.save(out)
    return out


@pytest.fixture
def form(repo, mini_library, engagement, tmp_path):
    return export_survey(mini_library, repo, engagement, "sre", tmp_path / "sre.xlsx", "en")


def test_the_exported_form_has_a_cover_drop_downs_protection_and_hidden_ids(repo, mini_library, engagement, form):
    wb = load_workbook(form)
    assert wb.sheetnames == ["Cover", "Questions", "lists", "omm"]
    assert wb["omm"].sheet_state == "veryHidden" and wb["lists"].sheet_state == "hidden"
    assert wb.security.lockStructure
    cover, ws = wb["Cover"], wb["Questions"]
    assert cover.protection.sheet and ws.protection.sheet
    assert not ws.protection.sort and not ws.protection.insertRows  # sorting and inserting rows allowed
    texts = [c.value for row in cover.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Acme survey" in texts and any("omm-survey 1 · mini-q 1.0" in t for t in texts)
    assert any("Not applicable" in t for t in texts)  # the instructions
    name_sheet, name_ref = next(iter(wb.defined_names["omm_respondent_name"].destinations))
    assert name_sheet == "Cover" and cover[name_ref.replace("$", "")].protection.locked is False
    assert ws.column_dimensions["A"].hidden
    rows = _rows(ws)
    assert list(rows) == ["q1", "q2", "q3", "q4", "q5"]  # the sre track, in order
    assert ws["A5"].value.startswith("omm1:mini-q@1.0:q1:")
    for r in rows.values():  # only the answer and notes cells are open
        assert ws[f"H{r}"].protection.locked is False and ws[f"I{r}"].protection.locked is False
        assert ws[f"D{r}"].protection.locked is not False and ws[f"A{r}"].protection.locked is not False
    assert "3 – Defined: Change models per type" in ws[f"F{rows['q1']}"].value
    assert "value 4" in ws[f"F{rows['q4']}"].value and "level 4 from 80" in ws[f"F{rows['q3']}"].value
    lists = wb["lists"]
    by_cell = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_cell[rng.coord] = dv
    q1 = by_cell[f"H{rows['q1']}"]
    assert q1.type == "list" and q1.showErrorMessage
    column = q1.formula1.split("!")[1].split(":")[0].replace("$", "")[0]
    labels = [c.value for c in lists[column] if c.value]
    assert labels == ["0 – Not performed", "1 – Initial", "2 – Managed", "3 – Defined", "4 – Measured",
                      "5 – Optimizing", "Not applicable", "Don't know"]
    q3 = by_cell[f"H{rows['q3']}"]
    assert q3.type == "custom" and ">=0" in q3.formula1 and '"Don\'t know"' in q3.formula1
    assert wb["omm"]["B1"].value == "omm-survey" and wb["omm"]["B4"].value == engagement


def test_the_chinese_form_speaks_chinese(repo, mini_library, engagement, tmp_path):
    path = export_survey(mini_library, repo, engagement, "SRE", tmp_path / "zh.xlsx", "zh")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["封面", "问题"]
    lists = [c.value for col in wb["lists"].iter_cols() for c in col if c.value]
    assert "3 – 已定义" in lists and "不适用" in lists and "不清楚" in lists and "受训的事件指挥官" in lists


def test_a_filled_form_sorted_and_with_an_inserted_row_imports_and_scores(repo, mini_library, engagement, form,
                                                                          tmp_path):
    filled = fill(form, tmp_path / "ann.xlsx", EN_ANSWERS, notes={"q1": "=SUM(A1:A9) is how we count",
                                                                  "q4": "rotation of 6"})
    result = import_surveys(mini_library, repo, engagement, [filled])
    assert result.ok and result.imported, result.problem_lines()
    (person,) = repo.list_interviewees(engagement)
    assert (person.name, person.role, person.kind, person.department) == ("Ann Lee", "sre", "survey", "Platform")
    answers = {a.question_id: a for a in repo.list_answers(engagement)}
    assert {k: (a.status, a.value) for k, a in answers.items()} == {
        "q1": ("given", "3"), "q2": ("given", "yes"), "q3": ("given", "80"), "q4": ("given", "ic"),
        "q5": ("given", "6")}
    assert answers["q1"].note == "=SUM(A1:A9) is how we count"  # text, never a formula
    scores = score_engagement(mini_library, repo, engagement).models["mini"]
    caps = {c.capability_id: c for c in scores.capabilities}
    # hand-computed: approval = (3*1 + 3*2)/3 (q2 yes -> 3); rollback: 80 % -> 4; response: ic -> 4
    assert caps["change.approval"].level == 3.0
    assert caps["change.rollback"].level == 4.0
    assert caps["incident.response"].level == 4.0
    kinds = {r.kind for q in caps["change.approval"].questions for r in q.responses}
    assert kinds == {"survey"}


def test_survey_and_interview_scores_come_from_the_one_engine(repo, mini_library, engagement, form, tmp_path):
    """The same answers given in an interview score the same; the filter scores either kind alone."""
    import_surveys(mini_library, repo, engagement, [fill(form, tmp_path / "ann.xlsx", EN_ANSWERS)])
    ben = repo.add_interviewee(engagement, "Ben", "sre")
    repo.save_answer(engagement, ben.id, "mini-q", "q1", "given", "1")
    both = score_engagement(mini_library, repo, engagement).models["mini"]
    surveys = score_engagement(mini_library, repo, engagement, respondents="survey").models["mini"]
    interviews = score_engagement(mini_library, repo, engagement, respondents="interview").models["mini"]

    def level(score, cap):
        return next(c for c in score.capabilities if c.capability_id == cap)

    q1 = next(q for q in level(both, "change.approval").questions if q.question_id == "q1")
    assert sorted((r.interviewee_name, r.kind) for r in q1.responses) == [("Ann Lee", "survey"), ("Ben", "interview")]
    assert level(surveys, "change.approval").level == 3.0
    assert level(interviews, "change.approval").level == 1.0
    assert level(interviews, "incident.response").level is None


def test_importing_the_same_file_twice_changes_nothing(repo, mini_library, engagement, form, tmp_path,
                                                      database_dump):
    filled = fill(form, tmp_path / "ann.xlsx", EN_ANSWERS)
    assert import_surveys(mini_library, repo, engagement, [filled]).imported
    before = database_dump(repo)
    again = import_surveys(mini_library, repo, engagement, [filled])
    assert again.ok and [f.file for f in again.unchanged] == ["ann.xlsx"] and not again.replacements
    assert database_dump(repo) == before
    resaved = tmp_path / "ann-resaved.xlsx"  # opened and saved again, rows in another order: the same form
    fill(filled, resaved, {}, sort=True, insert=False)
    assert import_surveys(mini_library, repo, engagement, [resaved]).unchanged
    assert database_dump(repo) == before


def test_a_newer_form_from_the_same_respondent_replaces_the_older_after_confirmation(
        repo, mini_library, engagement, form, tmp_path, database_dump):
    assert import_surveys(mini_library, repo, engagement, [fill(form, tmp_path / "v1.xlsx", EN_ANSWERS)]).imported
    before = database_dump(repo)
    newer = export_survey(mini_library, repo, engagement, "sre", tmp_path / "sre2.xlsx", "zh")
    v2 = fill(newer, tmp_path / "v2.xlsx", {**ZH_ANSWERS, "q1": "5 – 持续优化", "q5": "不清楚"}, name=" ann  LEE ",
              department="Platform")
    unconfirmed = import_surveys(mini_library, repo, engagement, [v2])
    assert unconfirmed.ok and not unconfirmed.imported
    assert [f.name for f in unconfirmed.replacements] == ["ann LEE"]
    assert database_dump(repo) == before
    confirmed = import_surveys(mini_library, repo, engagement, [v2], replace=True)
    assert confirmed.imported
    (person,) = repo.list_interviewees(engagement)
    answers = {a.question_id: (a.status, a.value) for a in repo.list_answers(engagement)}
    assert answers["q1"] == ("given", "5") and answers["q5"] == ("unknown", None)
    doc = repo.documents.get(engagement, SURVEY_DOC, person.id)
    assert doc.payload["file"] == "v2.xlsx" and doc.version == 2


def _problems(result) -> list[str]:
    return result.problem_lines()


@pytest.mark.parametrize("damage, expected", [
    ("other_engagement", "omm!B4: the form belongs to engagement 'Other'"),
    ("changed_id", "Questions!A"),
    ("removed_row", "the row of question 3 (q3) is missing"),
    ("bad_value", "question 1: 'Level three' is not an allowed answer"),
    ("out_of_range", "question 3: 120 is above the maximum 100"),
    ("formula", "is not an allowed answer"),
    ("other_version", "omm!B11: the form was made from questionnaire mini-q version 0.9"),
    ("empty", "the form is empty"),
    ("no_name", "Cover!C12: the respondent's name is empty"),
    ("not_a_workbook", "not an Excel workbook"),
    ("not_ours", "not a survey form made by omm"),
    ("duplicate_row", "question 1 appears twice"),
])
def test_each_refusal_names_sheet_and_cell_and_changes_nothing(repo, mini_library, engagement, form, tmp_path,
                                                               database_dump, damage, expected):
    good = fill(form, tmp_path / "good.xlsx", EN_ANSWERS, name="Good Person")
    import_surveys(mini_library, repo, engagement, [good])  # something already there
    bad = tmp_path / "bad.xlsx"
    if damage == "other_engagement":
        other = _engagement(repo, mini_library, "Other")
        fill(export_survey(mini_library, repo, other, "sre", tmp_path / "o.xlsx"), bad, EN_ANSWERS)
    elif damage == "not_a_workbook":
        bad.write_text("name,answer\nAnn,3\n", encoding="utf-8")
    elif damage == "not_ours":
        from openpyxl import Workbook
        Workbook().save(bad)
    else:
        answers = {} if damage == "empty" else dict(EN_ANSWERS)
        if damage == "bad_value":
            answers["q1"] = "Level three"
        if damage == "out_of_range":
            answers["q3"] = 120
        if damage == "formula":
            answers["q2"] = "=1+2"
        fill(form, bad, answers, name="" if damage == "no_name" else "Cy", sort=False, insert=False)
        wb = load_workbook(bad)
        ws = wb["Questions"]
        rows = _rows(ws)
        if damage == "changed_id":
            ws[f"A{rows['q2']}"] = ws[f"A{rows['q2']}"].value.replace(":q2:", ":q5:")
        if damage == "removed_row":
            ws.delete_rows(rows["q3"])
        if damage == "duplicate_row":
            ws[f"A{rows['q2']}"] = ws[f"A{rows['q1']}"].value
        if damage == "other_version":
            meta = wb["omm"]
            row = next(r for r in range(1, meta.max_row + 1) if meta[f"A{r}"].value == "questionnaire:mini-q")
            assert row == 11
            meta[f"B{row}"] = "0.9"
        wb.save(bad)
    before = database_dump(repo)
    # a good file beside the bad one is not imported either: all or nothing
    other_good = fill(form, tmp_path / "dee.xlsx", EN_ANSWERS, name="Dee")
    result = import_surveys(mini_library, repo, engagement, [other_good, bad])
    assert not result.ok and not result.imported
    lines = _problems(result)
    assert any(expected in line and line.startswith("bad.xlsx") for line in lines), lines
    assert database_dump(repo) == before


def test_every_problem_of_every_file_is_listed(repo, mini_library, engagement, form, tmp_path):
    one = fill(form, tmp_path / "one.xlsx", {**EN_ANSWERS, "q1": "nine", "q4": "maybe"}, sort=False)
    two = tmp_path / "two.docx"
    two.write_bytes(b"PK\x03\x04 not really")
    result = import_surveys(mini_library, repo, engagement, [one, two])
    lines = _problems(result)
    assert len([x for x in lines if x.startswith("one.xlsx: Questions!H")]) == 2
    assert any(x.startswith("two.docx: not") for x in lines)


def test_two_forms_of_one_respondent_in_one_import_are_refused(repo, mini_library, engagement, form, tmp_path):
    a = fill(form, tmp_path / "a.xlsx", EN_ANSWERS)
    b = fill(form, tmp_path / "b.xlsx", {**EN_ANSWERS, "q1": "1 – Initial"})
    result = import_surveys(mini_library, repo, engagement, [a, b])
    assert any("also answered a.xlsx" in x for x in _problems(result))
    assert repo.list_interviewees(engagement) == []


def test_a_failing_last_write_leaves_nothing(repo, mini_library, engagement, form, tmp_path, monkeypatch,
                                            database_dump):
    files = [fill(form, tmp_path / f"p{i}.xlsx", EN_ANSWERS, name=f"Person {i}") for i in range(3)]
    before = database_dump(repo)
    real = UnitOfWork.replace_answers
    calls = []

    def fail_on_third(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise UserError("the disk is full; nothing was written")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(UnitOfWork, "replace_answers", fail_on_third)
    with pytest.raises(UserError):
        import_surveys(mini_library, repo, engagement, files)
    assert database_dump(repo) == before


def test_a_survey_respondent_may_share_a_name_with_an_interviewee(repo, mini_library, engagement, form, tmp_path):
    repo.add_interviewee(engagement, "Ann Lee", "sre")
    assert import_surveys(mini_library, repo, engagement, [fill(form, tmp_path / "ann.xlsx", EN_ANSWERS)]).imported
    assert sorted((p.name, p.kind) for p in repo.list_interviewees(engagement)) == [
        ("Ann Lee", "interview"), ("Ann Lee", "survey")]
    with pytest.raises(UserError):
        repo.add_interviewee(engagement, "ann lee", "sre")


def test_customer_text_in_the_form_is_never_a_formula(repo, mini_library, tmp_path):
    customer = repo.create_customer("=HYPERLINK(\"http://x\")")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(customer.id, "+cmd|' /C calc'!A0", services=services,
                               content=content_for_services(mini_library, services))
    path = export_survey(mini_library, repo, e.id, "sre", tmp_path / "f.xlsx")
    with zipfile.ZipFile(path) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets
    wb = load_workbook(path)
    assert wb["Cover"]["C3"].data_type == "s" and wb["Cover"]["C3"].value == "+cmd|' /C calc'!A0"


def test_role_tracks_and_bad_export_arguments(repo, mini_library, engagement, tmp_path):
    assert role_tracks(mini_library, repo, engagement) == ["executive", "sre"]
    with pytest.raises(UserError, match="roles: executive, sre"):
        export_survey(mini_library, repo, engagement, "janitor", tmp_path / "x.xlsx")
    with pytest.raises(UserError, match=r"\.xlsx"):
        export_survey(mini_library, repo, engagement, "sre", tmp_path / "x.docx")
    with pytest.raises(UserError, match="does not exist"):
        export_survey(mini_library, repo, engagement, "sre", tmp_path / "nowhere" / "x.xlsx")
    assert not list(tmp_path.glob("*.xlsx"))


# --- the command line ---------------------------------------------------------------------------


def omm(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMM_DATA_DIR": str(data_dir), "OMM_CACHE_DIR": str(data_dir / "cache"),
           "PYTHONWARNINGS": "error"}
    env.pop("OMM_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_cli_contract(tmp_path, mini_library, capsys):
    from app.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    db = open_database(url)
    _engagement(Repository(db), mini_library, "Cli Co 2026")
    db.close()
    common = ("--db", url, "--content", str(FIXTURE))
    listing = omm("survey", "export", "Cli Co", *common, data_dir=tmp_path)  # as a script runs it
    assert listing.returncode == 1 and listing.stdout.splitlines() == ["executive", "sre"]
    assert "--role" in listing.stderr

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["survey", *args, *common])
        out, err = capsys.readouterr()
        return code, out, err

    out = tmp_path / "sre.xlsx"
    code, stdout, _ = run("export", "Cli Co", "--role", "sre", "--out", str(out), "--lang", "zh")
    assert code == 0 and out.exists() and f"wrote {out}" in stdout
    filled = fill(out, tmp_path / "filled.xlsx", ZH_ANSWERS)
    bad = tmp_path / "bad.xlsx"
    fill(out, bad, {**ZH_ANSWERS, "q1": "七"}, name="Zed", sort=False, insert=False)
    code, _, err = run("import", "Cli Co", str(filled), str(bad))
    assert code == 1 and "bad.xlsx: 问题!H5: question 1: '七' is not an allowed answer" in err
    assert "nothing was imported" in err.splitlines()[-1]
    code, stdout, _ = run("import", "Cli Co", str(filled))
    assert code == 0 and "imported filled.xlsx: Ann Lee, 5 answers" in stdout
    code, stdout, _ = run("import", "Cli Co", str(filled))
    assert code == 0 and "unchanged filled.xlsx" in stdout
    newer = fill(out, tmp_path / "newer.xlsx", {**ZH_ANSWERS, "q2": "否"})
    code, _, err = run("import", "Cli Co", str(newer))
    assert code == 1 and "--replace" in err
    code, stdout, _ = run("import", "Cli Co", str(newer), "--replace")
    assert code == 0 and "replaced Ann Lee's earlier form with newer.xlsx" in stdout
    code, _, err = run("import", "Cli Co", str(tmp_path / "nope.xlsx"))
    assert code == 1 and "nope.xlsx: cannot read the file" in err
    code, _, err = run("export", "Cli Co", "--role", "sre")
    assert code == 1 and err.strip() == "omm: error: give --out FILE.xlsx"


def test_read_workbook_takes_bytes_of_anything(tmp_path):
    from app.exchange.survey_workbook import read_workbook

    for data in (b"", b"\x00" * 10, b"PK\x05\x06" + b"\x00" * 18, io.BytesIO().getvalue()):
        found = read_workbook(tmp_path / "x.xlsx", data)
        assert found.problems and not found.rows


def test_the_survey_report_tells_surveys_from_interviews(repo, mini_library, engagement, form, tmp_path):
    from app.services.reports import write_report

    import_surveys(mini_library, repo, engagement, [fill(form, tmp_path / "ann.xlsx", EN_ANSWERS)])
    ben = repo.add_interviewee(engagement, "Ben", "sre")
    repo.save_answer(engagement, ben.id, "mini-q", "q1", "given", "1")
    for lang, survey_word, interview_word in (("en", "Survey form", "Interview"), ("zh", "调查问卷", "访谈")):
        out = write_report(mini_library, repo, engagement, "survey", tmp_path / f"survey-{lang}.xlsx", lang)
        wb = load_workbook(out)
        sheet = wb["Interviewees" if lang == "en" else "受访者"]
        header = [c.value for c in sheet[1]]
        kind = header.index("Answered in" if lang == "en" else "回答方式")
        kinds = {row[0].value: row[kind].value for row in sheet.iter_rows(min_row=2) if row[0].value}
        assert set(kinds.values()) == {survey_word, interview_word}, kinds


def test_a_survey_respondent_travels_in_an_engagement_package(repo, mini_library, engagement, form, tmp_path,
                                                              new_database):
    """Moved to another laptop, the survey respondent stays a survey respondent beside an interviewee of the
    same name, and a second import of the same package changes nothing."""
    from app.services import packages

    repo.add_interviewee(engagement, "Ann Lee", "sre")
    import_surveys(mini_library, repo, engagement, [fill(form, tmp_path / "ann.xlsx", EN_ANSWERS)])
    out = tmp_path / "acme.omm"
    packages.export_engagement(repo, engagement, out)
    other_db = open_database(new_database())
    other = Repository(other_db)
    try:
        packages.import_package(other, out)
        assert sorted((p.name, p.kind) for p in other.list_interviewees(engagement)) == [
            ("Ann Lee", "interview"), ("Ann Lee", "survey")]
        again = packages.import_package(other, out)
        assert not again.created
        assert score_engagement(mini_library, other, engagement, respondents="survey").models["mini"].level == \
            score_engagement(mini_library, repo, engagement, respondents="survey").models["mini"].level
    finally:
        other_db.close()
