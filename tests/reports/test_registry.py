"""The report-kind registry: a kind is declared once, and the menu, the CLI, the preview and the build read it."""

from __future__ import annotations

from dataclasses import dataclass, field

import docx
import openpyxl
import pytest

from app.cli import build_parser
from app.errors import UserError
from app.reports import registry
from app.reports.context import Meta, report_meta
from app.reports.registry import ReportKind, ReportOption
from app.services.reports import build_report, describe_report


def test_the_shipped_kinds_are_declared_with_both_names_and_their_formats():
    assert registry.kind_ids() == ("survey", "diagnosis", "maturity", "planning", "organization", "processes",
                                   "process-templates", "guide", "requests")
    assert registry.available_ids() == ("survey", "diagnosis", "maturity", "planning", "organization", "processes",
                                        "process-templates", "guide", "requests")
    assert registry.get("organisation") is registry.get("organization")  # the other spelling, one kind
    for kind in registry.kinds():
        assert kind.names["en"] and kind.names["zh"] and kind.names["en"] != kind.names["zh"]
        printed = kind.id == "guide"  # the interview guide is printed: Word only
        if kind.writes_folder:  # the process templates: a set of files into a folder
            assert kind.formats == () and kind.available
            continue
        sheets = kind.id == "requests"  # the request list goes to the customer to fill in: Excel only
        formats = (".docx",) if printed else (".xlsx",) if sheets else (".docx", ".xlsx")
        assert kind.formats == (formats if kind.available else ())
    survey = registry.get("survey")
    assert survey.menu_text("en") == "&Survey report..." and survey.menu_text("zh") == "调研报告(&S)…"
    assert registry.get("processes").menu_text("en") == "P&rocess specifications..."
    with pytest.raises(UserError, match="unknown report kind 'nope'; choose one of survey, diagnosis"):
        registry.get("nope")


def test_which_services_offer_a_kind_comes_from_the_catalogue(library):
    catalogue = library.catalogue
    for kind in registry.kinds():
        assert kind.offered_by(catalogue) == tuple(
            s.id for s in catalogue.services if kind.id in {r.value for r in s.reports})
    assert registry.get("survey").offered_by(catalogue)  # the fixture's service reports the survey
    assert registry.get("survey").offered_by(None) == ()


def test_cli_kind_choices_are_the_registry(capsys):
    parser = build_parser()
    report = next(a for a in parser._actions if a.dest == "command").choices["report"]
    kind = next(a for a in report._actions if a.dest == "kind")
    assert list(kind.choices) == list(registry.kind_ids())
    assert "one of: survey, diagnosis, maturity, planning, organization, processes, process-templates, guide, requests" in " ".join(report.format_help().split())


# --- a throw-away kind: one registration, and everything picks it up -----------------


@dataclass(frozen=True)
class _Context:
    meta: Meta
    people: tuple[str, ...]
    notices: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    def charts(self):
        return []

    def as_template_dict(self):
        return {"meta": self.meta, "people": self.people}


def _context(inputs, lang):
    role = inputs.options.get("role", "")
    people = tuple(p.name for p in inputs.scores.interviewees if not role or p.role == role)
    return _Context(report_meta(inputs, "attendance", lang), people)


def _word(lang, target) -> None:
    from app.reports.template_builder import TemplateWriter

    writer = TemplateWriter(lang, lambda key: key)
    writer.p("{{ meta.title }}: {{ meta.customer }}")
    writer.tag("{%p for name in people %}")
    writer.p("{{ name }}")
    writer.tag("{%p endfor %}")
    writer.save(target)


def _excel(context, images, out) -> float:
    wb = openpyxl.Workbook()
    wb.active.append([context.meta.title])
    for name in context.people:
        wb.active.append([name])
    wb.save(out)
    return 0.0


@pytest.fixture
def attendance(monkeypatch):
    kinds = dict(registry._KINDS)
    monkeypatch.setattr(registry, "_KINDS", kinds)
    registry.kinds()  # the shipped ones first
    return registry.register(ReportKind(
        "attendance", {"en": "Attendance list", "zh": "出席名单"}, "A", build_context=_context,
        word_template=_word, excel_writer=_excel, options=(ReportOption("role", "only this role"),)))


def test_a_kind_registered_once_is_offered_built_and_previewed(attendance, library, repo, engagements, tmp_path):
    assert registry.kind_ids()[-1] == "attendance" and "attendance" in registry.available_ids()
    parser = build_parser()
    args = parser.parse_args(["report", "x", "--kind", "attendance", "--out", "a.xlsx", "--role", "sre"])
    assert (args.kind, args.role) == ("attendance", "sre")
    engagement = engagements["tricky"]
    everyone = build_report(library, repo, engagement, "attendance", tmp_path / "a.xlsx", "en")
    rows = [r[0] for r in openpyxl.load_workbook(everyone).active.iter_rows(values_only=True)]
    assert rows[0] == "Attendance list" and len(rows) > 2
    only_sre = build_report(library, repo, engagement, "attendance", tmp_path / "sre.docx", "zh",
                            options={"role": "sre"})
    text = "\n".join(p.text for p in docx.Document(str(only_sre)).paragraphs)
    assert "出席名单: " in text
    expected = {p.name for p in repo.list_interviewees(engagement) if p.role == "sre"}
    assert expected and expected <= set(text.splitlines())
    assert len([line for line in text.splitlines() if line in {p.name for p in repo.list_interviewees(engagement)}]) \
        == len(expected)
    outline = describe_report(library, repo, engagement, "attendance", "en", ".docx")
    assert (outline.title, outline.kind, outline.template) == ("Attendance list", "attendance",
                                                               "built-in attendance.en.docx")
    with pytest.raises(UserError, match="takes no --colour"):
        build_report(library, repo, engagement, "attendance", tmp_path / "x.xlsx", "en", options={"colour": "red"})


def test_a_kind_without_excel_refuses_xlsx_and_a_declared_kind_is_not_available(monkeypatch, library, repo,
                                                                               engagements, tmp_path):
    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))
    registry.register(ReportKind("words", {"en": "Words only", "zh": "仅文字"}, build_context=_context,
                                 word_template=_word))
    with pytest.raises(UserError, match="written as .docx, not .xlsx"):
        build_report(library, repo, engagements["tricky"], "words", tmp_path / "w.xlsx", "en")
    registry.register(ReportKind("later", {"en": "Declared only", "zh": "仅声明"}))
    with pytest.raises(UserError, match="the later report is not available yet"):
        build_report(library, repo, engagements["tricky"], "later", tmp_path / "p.docx", "en")
    assert not list(tmp_path.iterdir())


def test_every_kind_is_read_by_the_services_and_a_source_nobody_reads_is_a_bug(monkeypatch, library, repo,
                                                                              engagements):
    from app.services.report_inputs import READERS, gather_for

    assert {k.reads for k in registry.kinds()} == set(READERS)  # each reader serves a shipped kind
    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))
    registry.register(ReportKind("odd", {"en": "Odd", "zh": "怪"}, build_context=_context, word_template=_word,
                                 reads="the weather"))
    with pytest.raises(ValueError, match="built from 'the weather', which no reader reads"):
        gather_for("odd", library, repo, engagements["tricky"], None, None)
