"""What a customer deliverable may and must contain: approved findings only, roles not names,
three reports with three jobs, no stray English in a Chinese report, and no silent boxes."""

from __future__ import annotations

import itertools
import re
from functools import partial
from pathlib import Path

import docx
import openpyxl
import pytest

from app.diagnosis.findings import Finding, FindingStatus, FindingType, Severity, add, set_status
from app.diagnosis.text import Bilingual
from app.errors import UserError
from app.reports import api, charts
from app.reports.deliverables import ReportOptions
from app.services import findings as service
from app.services import reports

from .conftest import PEOPLE

ROOT = Path(__file__).resolve().parent.parent.parent


def _texts(path: Path) -> list[str]:
    document = docx.Document(path)
    out = [p.text for p in document.paragraphs]
    out += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [x.strip() for x in out if x.strip()]


def test_only_approved_findings_reach_the_diagnosis(library, repo, engagements, tmp_path):
    e = engagements["tricky"]
    service.redraft_diagnosis(library, repo, e)
    mine = Finding(id="manual:1", type=FindingType.RISK, title=Bilingual("Backups are never restored", "备份从未恢复"),
                   statement=Bilingual("Seen on site.", "现场所见。"), model_id="mini", domain_id="change",
                   capability_ids=("change.rollback",), severity=Severity.HIGH)
    d = service.update_findings(library, repo, e, partial(add, finding=mine))
    approved, waiting = next(f for f in d.findings if f.rule == "perception"), next(
        f for f in d.findings if f.id == "manual:1")
    service.update_findings(library, repo, e, partial(set_status, finding_id=approved.id,
                                                       status=FindingStatus.APPROVED))
    text = "\n".join(_texts(reports.build_report(library, repo, e, "diagnosis", tmp_path / "d.docx", "en")))
    assert approved.title.en in text and waiting.title.en not in text
    assert f"{len(d.findings) - 1} drafted findings" not in text  # some are approved: no "none approved" notice
    # nothing approved: the report says so instead of showing drafts
    service.update_findings(library, repo, e, partial(set_status, finding_id=approved.id,
                                                       status=FindingStatus.DRAFT))
    text = "\n".join(_texts(reports.build_report(library, repo, e, "diagnosis", tmp_path / "d.docx", "en")))
    assert approved.title.en not in text
    assert f"No finding has been approved yet: {len(d.findings)} drafted findings" in text


def test_interviewees_are_named_by_role_unless_chosen_at_export(built, library, repo, engagements, tmp_path):
    names = [clean_name for clean_name, _, _ in PEOPLE]
    for (kind, _lang, suffix), path in built.items():
        if suffix == ".docx":
            text = "\n".join(_texts(path))
        else:
            wb = openpyxl.load_workbook(path)
            text = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                             if c.value is not None)
        for name in names:
            assert name.replace("\x07", "") not in text, (kind, suffix, name)
    named = reports.build_report(library, repo, engagements["tricky"], "survey", tmp_path / "named.docx", "en",
                             export=ReportOptions(show_names=True))
    text = "\n".join(_texts(named))
    assert "张伟" in text and 'Ann <admin> & "Co" 🚀' in text


def test_a_note_is_quoted_only_when_marked_quotable(library, repo, engagements, tmp_path):
    e = engagements["tricky"]
    survey = tmp_path / "s.docx"
    assert "We <never> test & pray" not in "\n".join(_texts(reports.build_report(library, repo, e, "survey", survey)))
    scores = service.score_engagement(library, repo, e)
    answer = next(a for a in scores.answers if a.note.startswith("Quote:"))
    service.set_quotable(repo, e, (answer.questionnaire_id, answer.question_id, answer.interviewee_id), True)
    try:
        text = "\n".join(_texts(reports.build_report(library, repo, e, "survey", survey)))
        assert '“We <never> test & pray” 🙏' in text or "We <never> test & pray" in text
        assert "— Executive" in text  # the speaker by role
    finally:
        service.set_quotable(repo, e, (answer.questionnaire_id, answer.question_id, answer.interviewee_id), False)


def test_document_control_on_the_cover_and_in_the_properties(library, repo, engagements, tmp_path):
    from datetime import datetime

    path = reports.build_report(library, repo, engagements["tricky"], "maturity", tmp_path / "m.docx", "en",
                            export=ReportOptions(version="2.1", status="final", reviewer="Li Wei"))
    document = docx.Document(path)
    text = "\n".join(_texts(path))
    assert "2.1 · Final" in text and "Li Wei" in text
    props = document.core_properties
    assert props.version == "2.1" and props.content_status == "Final" and "Li Wei" in props.comments
    assert props.created.year == datetime.now().year  # not the date of Word's blank template


def test_the_three_reports_have_three_jobs(built):
    """Overlap of the distinct paragraphs and cells (Jaccard), cover and engagement table included."""
    texts = {kind: set(_texts(built[(kind, "en", ".docx")])) for kind in ("survey", "diagnosis", "maturity")}
    overlap = {(a, b): len(texts[a] & texts[b]) / len(texts[a] | texts[b])
               for a, b in itertools.combinations(texts, 2)}
    print({f"{a}/{b}": round(v, 3) for (a, b), v in overlap.items()})
    assert all(v < 0.35 for v in overlap.values()), overlap
    # the diagnosis is no longer a subset of the maturity report: most of it is its own
    assert len(texts["diagnosis"] - texts["maturity"]) > 0.5 * len(texts["diagnosis"])
    # and the Professional scores stay in the maturity report
    assert "Capability levels" in "\n".join(texts["maturity"]) and "Capability levels" not in "\n".join(
        texts["diagnosis"])


def test_a_basic_diagnosis_shows_no_maturity_scores(library, repo, engagements, tmp_path):
    from dataclasses import replace

    from app.storage.records import ServiceChoice

    e = repo.get_engagement(engagements["tricky"])
    inputs = reports.gather_inputs(library, repo, e.id)
    basic = replace(inputs, scores=replace(inputs.scores, engagement=replace(
        e, services=(ServiceChoice("diagnosis-basic"),))))
    from app.reports.context import build_context

    ctx = build_context(basic, "diagnosis", "en")
    assert not ctx.meta.scored
    positions = [d.position for d in ctx.model.diagnosis.domains]
    assert positions and not any(re.search(r"\d\.\d\d", p) for p in positions)
    pro = build_context(inputs, "diagnosis", "en")
    assert any(re.search(r"\d\.\d\d", d.position) for d in pro.model.diagnosis.domains)


def test_a_report_for_a_service_not_bought_is_refused_with_the_reason(library, repo, engagements, tmp_path):
    from app.content.schema import ServiceCatalogue
    from app.storage.records import ServiceChoice

    assert api.offered_kinds(library, [ServiceChoice("diagnosis-basic")])["maturity"].startswith(
        "the report 'Maturity assessment report' belongs to Professional diagnosis")
    assert api.offered_kinds(library, [ServiceChoice("diagnosis-professional")])["maturity"] == ""
    assert isinstance(library.catalogue, ServiceCatalogue)


def test_chinese_charts_stop_with_the_font_to_install(library, repo, engagements, tmp_path, monkeypatch):
    from matplotlib import font_manager

    charts.cjk_font.cache_clear()
    monkeypatch.setattr(charts, "CJK_FONT_CANDIDATES", ("No Such Font",))
    rebuilt: list[bool] = []
    current = font_manager.fontManager
    monkeypatch.setattr(font_manager, "_load_fontmanager", lambda try_read_cache=True: rebuilt.append(
        try_read_cache) or current)
    try:
        with pytest.raises(UserError, match="install Noto Sans CJK SC"):
            reports.build_report(library, repo, engagements["tricky"], "survey", tmp_path / "zh.docx", "zh")
        assert rebuilt == [False]  # the font cache was rebuilt once before giving up
        assert not list(tmp_path.iterdir())  # nothing written
        reports.build_report(library, repo, engagements["tricky"], "survey", tmp_path / "en.docx", "en")  # English: fine
    finally:
        charts.cjk_font.cache_clear()


# Acronyms and terms a Chinese O&M report keeps in Latin letters (as the glossary does).
ACRONYMS = {"SRE", "CIO", "CTO", "SLO", "SLA", "SLI", "PRR", "CMDB", "P", "CPU", "IT", "MTTR", "MTTA", "MTTD",
            "DORA", "RTO", "RPO", "RACI", "KPI", "NOC", "DR", "PAM", "IaC", "CI", "CD", "API", "ITIL", "ITSM",
            "OKR", "DevOps", "SOP", "DNS", "CDN", "OS", "DB", "AIOps", "toil", "ping", "grep", "Excel", "Word", "x",
            "IM", "VPN", "Wiki", "APM", "SSO", "MFA", "GPU", "IO", "TPS", "QPS", "UAT", "SQL", "ID", "AI", "PPT", "PDF"}


@pytest.fixture(scope="module")
def chinese_demo(tmp_path_factory):
    from app.content import load_content
    from app.demo import create_demo
    from app.storage.database import open_database
    from app.storage.repository import EngagementFilter, Repository

    library = load_content(ROOT)
    assert library.ok, library.problems
    repo = Repository(open_database(f"sqlite:///{tmp_path_factory.mktemp('zh-demo') / 'demo.db'}"))
    create_demo(library, repo)
    (engagement,) = [e for e in repo.list_engagements(EngagementFilter(include_archived=True))
                     if e.name.startswith("翠湖")]
    yield library, repo, engagement
    repo.db.close()


@pytest.mark.parametrize("kind", ["survey", "diagnosis"])
def test_a_chinese_report_is_entirely_in_chinese(chinese_demo, kind, tmp_path):
    library, repo, engagement = chinese_demo
    path = reports.build_report(library, repo, engagement.id, kind, tmp_path / f"{kind}.docx", "zh")
    text = "\n".join(_texts(path))
    names = {engagement.customer_name, engagement.name, engagement.consultant}
    names |= {p.name for p in repo.list_interviewees(engagement.id)}
    names |= {x for e in repo.list_evidence(engagement.id) for x in (e.title, e.original_name)}  # file names
    for name in sorted(filter(None, names), key=len, reverse=True):
        text = text.replace(name, " ")
    latin = sorted({w for w in re.findall(r"[A-Za-z]+", text) if w not in ACRONYMS})
    assert latin == [], latin
    if kind == "diagnosis":  # the demo's diagnosis is there: the summary, approved findings and policies
        assert "管理摘要" in text and "可以依托的优势" in text and "#1" in text and "快速见效举措" in text


def test_the_appendix_names_a_role_once(built, library, repo, engagements, tmp_path):
    """By role, an answer's interviewee cell read "SRE 2 / SRE"; with names it is the name above the role."""
    def cells(path):
        document = docx.Document(path)
        (table,) = [t for t in document.tables if t.rows[0].cells[1].text in ("Interviewee", "受访者")]
        return {c.text for row in table.rows[1:] for c in row.cells[1:2]}

    anonymous = cells(built[("maturity", "en", ".docx")])
    assert "SRE 1" in anonymous and not any("\n" in c for c in anonymous), anonymous
    named = cells(reports.build_report(library, repo, engagements["tricky"], "maturity", tmp_path / "named.docx",
                                       "en", export=ReportOptions(show_names=True)))
    assert "张伟\nSRE" in named or any(c.startswith("张伟") and c.endswith("SRE") for c in named), named


def test_every_demo_diagnosis_carries_an_approved_summary_in_its_language(chinese_demo):
    # A diagnosis handed to a CIO opens with the consultant's own summary, not the tool's draft.
    from app.services.results import score_engagement
    from app.storage.repository import EngagementFilter

    library, repo, _ = chinese_demo
    selling = {s.id for s in library.catalogue.services if "diagnosis" in {str(k) for k in s.reports}}
    checked = []
    for row in repo.list_engagements(EngagementFilter(include_archived=True)):
        engagement = repo.get_engagement(row.id)
        if not selling & set(row.service_ids) or row.answer_count == 0:
            continue
        summary = service.load_diagnosis(library, repo, score_engagement(library, repo, row.id)).summary
        assert summary is not None and summary.status == "approved" and summary.edited, row.name
        assert len(summary.text(engagement.language)) > 300, row.name
        checked.append(row.name)
    assert any(name.startswith("明川") for name in checked) and len(checked) >= 4, checked


def test_a_demo_summary_quotes_the_targets_the_report_shows(chinese_demo):
    # The summary is written after the planning workshop set the targets, so its numbers are the report's.
    from app.services.results import score_engagement
    from app.storage.repository import EngagementFilter

    library, repo, _ = chinese_demo
    for row in repo.list_engagements(EngagementFilter(include_archived=True)):
        if not row.name.startswith(("明川", "Harbour Bank - O&M")):
            continue
        scores = score_engagement(library, repo, row.id)
        summary = service.load_diagnosis(library, repo, scores).summary
        text = summary.text(repo.get_engagement(row.id).language)
        assert f"{scores.primary.target:.2f}" in text and f"{scores.primary.level:.2f}" in text, row.name
