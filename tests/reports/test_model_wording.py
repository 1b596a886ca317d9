"""A firm's own model in the reports: its titles and subject, and charts that fit its number of domains.

``tests/fixtures/scale10`` is a two-domain security model on a 1-10 scale.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from app.content import load_content
from app.reports.api import build_report
from app.services import content_for_services
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
