"""A firm's own model in the reports: its titles and subject, and charts that fit its number of domains.

``tests/fixtures/scale10`` is a two-domain security model on a 1-10 scale.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from app.content import load_content
from app.services import content_for_services
from app.services.reports import build_report
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository

FIXTURES = Path(__file__).parent.parent / "fixtures"
TODAY = date(2026, 12, 3)


def docx_text(path: Path) -> str:
    """Every text of the document: body, tables, headers, footers and the file's properties."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            parts += [p.text for p in part.paragraphs]
    props = document.core_properties
    parts += [props.title or "", props.subject or "", props.keywords or "", props.comments or ""]
    return "\n".join(parts)


def captions(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Caption"]


def pictures(path: Path) -> int:
    document = docx.Document(str(path))
    return len(document.element.body.xpath(".//w:drawing"))


@pytest.fixture
def firm10(tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    library = load_content(FIXTURES / "scale10")
    assert library.ok, library.problems
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Firm customer")
    services = [ServiceChoice("firm-assessment")]
    e = repo.create_engagement(customer.id, "Firm engagement", services=services,
                               content=content_for_services(library, services), consultant="Dana")
    ann = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id="firm10-q")
    bob = repo.add_interviewee(e.id, "Bob", "executive", questionnaire_id="firm10-q")
    for person, values in ((ann, {"a1": "5", "a2": "most", "a3": "4", "d1": "3"}),
                           (bob, {"a1": "6", "a2": "all", "d1": "7"})):
        for question, value in values.items():
            repo.save_answer(e.id, person.id, "firm10-q", question, "given", value)
    yield library, repo, e
    repo.db.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_domains_show_the_domain_bar_chart_once(firm10, tmp_path, lang):
    library, repo, e = firm10
    out = build_report(library, repo, e.id, "maturity", tmp_path / f"m-{lang}.docx", lang, today=TODAY)
    found = captions(out)
    radar = {"en": "Maturity by domain: current", "zh": "各领域成熟度：现状"}[lang]
    bars = {"en": "Current and target level per domain", "zh": "各领域现状与目标等级"}[lang]
    assert not [c for c in found if radar in c], found  # with 2 domains the radar would be the bars again
    assert len([c for c in found if bars in c]) == 1, found
    figures = [c for c in found if c.startswith({"en": "Figure", "zh": "图"}[lang])]
    assert pictures(out) == len(figures) + 1  # one picture per figure caption, and the cover's logo


@pytest.fixture
def shipped(tmp_path, monkeypatch, shipped_library):
    """An engagement on the shipped O&M model: a few answers in every domain."""
    from app.content.schema import LevelsAnswer

    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    library = shipped_library
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Harbour Bank")
    services = [ServiceChoice("diagnosis-professional")]
    e = repo.create_engagement(customer.id, "Harbour Bank 2026", services=services,
                               content=content_for_services(library, services), consultant="Elena")
    ann = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id="diagnosis-professional")
    for i, section in enumerate(library.questionnaire("diagnosis-professional").sections):
        question = next((q for q in section.questions if isinstance(q.answer, LevelsAnswer)), None)
        if question is not None:
            repo.save_answer(e.id, ann.id, "diagnosis-professional", question.id, "given", str(1 + i % 4))
    yield library, repo, e
    repo.db.close()


def test_three_or_more_domains_keep_the_radar(tmp_path, shipped):
    library, repo, e = shipped
    out = build_report(library, repo, e.id, "maturity", tmp_path / "m.docx", "en", today=TODAY)
    found = captions(out)
    assert len([c for c in found if "Maturity by domain: current and target" in c]) == 1, found
    assert len([c for c in found if "Current and target level per domain" in c]) == 1, found


def xlsx_text(path: Path) -> str:
    import openpyxl

    book = openpyxl.load_workbook(str(path))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    return "\n".join([*book.sheetnames, *cells, book.properties.title or "", book.properties.subject or ""])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_security_model_gets_its_own_titles_and_never_says_om(firm10, tmp_path, lang):
    library, repo, e = firm10
    titles = {"survey": {"en": "Survey report", "zh": "调研报告"},
              "diagnosis": {"en": "Information security diagnosis report", "zh": "信息安全诊断报告"},
              "maturity": {"en": "Security maturity assessment", "zh": "信息安全成熟度评估"}}
    for kind, title in titles.items():
        word = build_report(library, repo, e.id, kind, tmp_path / f"{kind}-{lang}.docx", lang, today=TODAY)
        excel = build_report(library, repo, e.id, kind, tmp_path / f"{kind}-{lang}.xlsx", lang, today=TODAY)
        for text in (docx_text(word), xlsx_text(excel)):
            assert "O&M" not in text and "运维" not in text and "on-call" not in text and "值班" not in text, kind
            assert title[lang] in text, (kind, lang)
        document = docx.Document(str(word))
        assert document.core_properties.title == title[lang]
        assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [title[lang]]
        assert title[lang] in document.sections[0].header.paragraphs[0].text
    maturity = docx_text(tmp_path / f"maturity-{lang}.docx")
    assert {"en": "This report states the information security maturity of Firm customer",
            "zh": "本报告给出Firm customer各领域、各能力的信息安全成熟度"}[lang] in maturity
    assert {"en": "Interviewees from the CISO to the security analysts answered",
            "zh": "从首席信息安全官到安全分析师的受访者各自回答"}[lang] in maturity
    diagnosis = docx_text(tmp_path / f"diagnosis-{lang}.docx")
    assert {"en": "against established information security practice",
            "zh": "对照业界成熟的信息安全实践"}[lang] in diagnosis
    assert {"en": "overall information security maturity of", "zh": "整体信息安全成熟度为"}[lang] in diagnosis


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_shipped_model_keeps_its_om_wording(shipped, tmp_path, lang):
    library, repo, e = shipped
    word = build_report(library, repo, e.id, "maturity", tmp_path / f"m-{lang}.docx", lang, today=TODAY)
    excel = build_report(library, repo, e.id, "maturity", tmp_path / f"m-{lang}.xlsx", lang, today=TODAY)
    title = {"en": "O&M maturity assessment report", "zh": "运维成熟度评估报告"}[lang]
    assert docx.Document(str(word)).core_properties.title == title
    assert title in xlsx_text(excel)
    text = docx_text(word)
    assert {"en": "Interviewees from executives to on-call engineers answered",
            "zh": "从管理层到一线值班工程师的受访者各自回答"}[lang] in text
    assert {"en": "states the O&M maturity of Harbour Bank", "zh": "各领域、各能力的运维成熟度"}[lang] in text
    diagnosis = docx_text(build_report(library, repo, e.id, "diagnosis", tmp_path / f"d-{lang}.docx", lang,
                                       today=TODAY))
    assert {"en": "O&M diagnosis report", "zh": "运维诊断报告"}[lang] in diagnosis
    assert {"en": "against established SRE and O&M practice", "zh": "对照业界成熟的SRE与运维实践"}[lang] in diagnosis


def test_a_model_that_names_no_subject_gets_neutral_titles(tmp_path, monkeypatch):
    """tests/fixtures/scale03 declares no wording: nothing invented, no "O&M"."""
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    library = load_content(FIXTURES / "scale03")
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Firm customer")
    services = [ServiceChoice("firm-assessment")]
    e = repo.create_engagement(customer.id, "Firm engagement", services=services,
                               content=content_for_services(library, services))
    ann = repo.add_interviewee(e.id, "Ann", "sre", questionnaire_id="firm03-q")
    repo.save_answer(e.id, ann.id, "firm03-q", "m1", "given", "most")
    for lang, title, phrase in (("en", "Maturity assessment report", "This report states the maturity of Firm"),
                                ("zh", "成熟度评估报告", "各领域、各能力的成熟度")):
        word = build_report(library, repo, e.id, "maturity", tmp_path / f"m-{lang}.docx", lang, today=TODAY)
        excel = build_report(library, repo, e.id, "maturity", tmp_path / f"m-{lang}.xlsx", lang, today=TODAY)
        text = docx_text(word)
        assert docx.Document(str(word)).core_properties.title == title
        assert phrase in text and title in xlsx_text(excel)
        # the model and questionnaire are called "公司运维…": their own names may say so, the report's wording not
        rest = (text + xlsx_text(excel)).replace(library.model("firm03").name.get(lang), "").replace(
            library.questionnaire("firm03-q").name.get(lang), "")
        assert "O&M" not in rest and "运维" not in rest
        assert {"en": "Interviewees in every role answered", "zh": "各角色的受访者各自回答"}[lang] in text
    repo.db.close()


def test_the_organisation_and_process_reports_take_their_subtitles_from_the_process_model(tmp_path, monkeypatch,
                                                                                          shipped_library):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path))
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Harbour Bank")
    services = [ServiceChoice("organisation-optimisation", "medium"), ServiceChoice("process-optimisation", "medium")]
    e = repo.create_engagement(customer.id, "HB", services=services,
                               content=content_for_services(shipped_library, services))
    expected = {("organization", "en"): "Target O&M organisation, roles and responsibilities",
                ("organization", "zh"): "目标运维组织、角色与岗位职责",
                ("processes", "en"): "Seven standard O&M processes: assessment, specification, flow, RACI, KPIs "
                                     "and rollout",
                ("processes", "zh"): "七大标准运维流程：评估、规范、流程图、RACI、KPI与推行计划"}
    for (kind, lang), subtitle in expected.items():
        out = build_report(shipped_library, repo, e.id, kind, tmp_path / f"{kind}-{lang}.docx", lang, today=TODAY)
        assert docx.Document(str(out)).paragraphs[1].text == subtitle
    repo.db.close()
