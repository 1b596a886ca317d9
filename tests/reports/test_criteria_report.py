"""The survey report lists the questions that have answer criteria, what had to hold, and the answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from app.content import load_content
from app.services import content_for_services
from app.services.reports import build_report
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def firm(tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    library = load_content(FIXTURES / "scale03")
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Firm customer")
    services = [ServiceChoice("firm-assessment")]
    e = repo.create_engagement(customer.id, "Firm engagement", services=services,
                               content=content_for_services(library, services))
    ann = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id="firm03-q")
    bob = repo.add_interviewee(e.id, "Bob", "executive", questionnaire_id="firm03-q")
    repo.save_answer(e.id, ann.id, "firm03-q", "m1", "given", "most")
    repo.save_answer(e.id, bob.id, "firm03-q", "m1", "given", "most")
    yield library, repo, e
    repo.db.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_survey_report_lists_answer_criteria_with_the_answers(firm, tmp_path, lang):
    library, repo, e = firm
    question = next(q for s in library.questionnaire("firm03-q").sections for q in s.questions if q.criteria)
    out = build_report(library, repo, e.id, "survey", tmp_path / f"survey-{lang}.docx", lang, today=date(2026, 12, 3))
    text = _text(out)
    assert {"en": "Answer criteria", "zh": "作答标准"}[lang] in text
    assert all(c.get(lang) in text for c in question.criteria)
    assert question.text.get(lang) in text
    option = next(o for o in question.answer.options if o.id == "most")
    assert f"{option.text.get(lang)} × 2" in text
    xlsx = build_report(library, repo, e.id, "survey", tmp_path / f"survey-{lang}.xlsx", lang, today=date(2026, 12, 3))
    book = openpyxl.load_workbook(xlsx)
    sheet = book[{"en": "Answer criteria", "zh": "作答标准"}[lang]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in rows if r[0]] == [q.text.get(lang) for s in library.questionnaire("firm03-q").sections
                                              for q in s.questions if q.criteria]
    assert rows[0][2] == 2


def test_a_model_without_criteria_gets_no_criteria_section_or_sheet(tmp_path, monkeypatch, mini_library):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(customer.id, "Acme", services=services,
                               content=content_for_services(mini_library, services))
    out = build_report(mini_library, repo, e.id, "survey", tmp_path / "s.docx", "en", today=date(2026, 12, 3))
    assert "Answer criteria" not in _text(out)
    xlsx = build_report(mini_library, repo, e.id, "survey", tmp_path / "s.xlsx", "en", today=date(2026, 12, 3))
    assert "Answer criteria" not in openpyxl.load_workbook(xlsx).sheetnames
    repo.db.close()


def test_a_basic_diagnosis_workbook_shows_no_levels_like_its_word_report(tmp_path, monkeypatch, mini_library):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(customer.id, "Acme", services=services,
                               content=content_for_services(mini_library, services))
    ann = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id="mini-q")
    repo.save_answer(e.id, ann.id, "mini-q", "q1", "given", "3")
    xlsx = build_report(mini_library, repo, e.id, "diagnosis", tmp_path / "d.xlsx", "en", today=date(2026, 12, 3))
    book = openpyxl.load_workbook(xlsx)
    assert "Gaps" not in book.sheetnames
    headers = {name: [c.value for c in book[name][1]] for name in book.sheetnames}
    assert headers["Domains"][-2:] == ["Domain", "Position"]
    assert not any(h in ("Level", "Target", "Gap", "From -> to") for row in headers.values() for h in row), headers
    summary = [r[0] for r in book["Summary"].iter_rows(values_only=True) if r[0]]
    assert not any(label.endswith(("– Level", "– Target", "– Gap")) for label in summary), summary
    matrix = [[c.value for c in row] for row in book["Answers by interviewee"].iter_rows(min_row=2)]
    assert any(r[-1] == "3 · Defined" or (isinstance(r[-1], str) and r[-1].startswith("3")) for r in matrix), matrix
    repo.db.close()
