"""The ``processes`` report and the ``process-templates`` set, written from a real engagement and read back:
seven chapters with their flow diagram and KPI table, every template file opening with the specification's
content, customer text kept as text (``<``, ``&``, formulas, Chinese) in both languages."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from app.errors import UserError
from app.planning.processes import PROCESS_IDS, BiText
from app.reports import registry
from app.reports.process_templates import TEMPLATES
from app.reports.processes_report import ProcessesInputs, processes_view, write_docx, write_xlsx
from app.services import processes
from app.services.engagements import content_for_services
from app.services.reports import build_report, describe_report
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository

HOSTILE_STEP = BiText('Check <b>rollback</b> & "freeze" window', "检查<回滚>与“封网”窗口 & 审批")
HOSTILE_PURPOSE = BiText("=SUM(A1) keeps <services> & changes safe", "=SUM(A1) 保障<服务>与变更安全")


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    db = open_database(new_database())
    yield Repository(db)
    db.close()


@pytest.fixture
def engagement(shipped_library, repo):
    customer = repo.create_customer("Jade <Lake> & Retail 翠湖", "Retail", 40)
    services = (ServiceChoice("process-optimisation", "medium"),)
    engagement = repo.create_engagement(customer.id, "Jade Lake processes 2026", services=services,
                                        content=content_for_services(shipped_library, services))
    owner = repo.add_interviewee(engagement.id, "Lin Wei", "process_owner")
    for question, value in (("proc.change.01", "2"), ("proc.change.02", "25")):
        repo.save_answer(engagement.id, owner.id, "process-change", question, "given", value)
    change = processes.load_book(shipped_library, repo, engagement.id).specs["change"].spec
    change.purpose = HOSTILE_PURPOSE
    change.activities[0].steps.append(HOSTILE_STEP)
    processes.save_spec(shipped_library, repo, engagement.id, change)
    return repo.get_engagement(engagement.id)


def _body(document) -> list:
    """The body in order: ("h1", text) for a chapter heading, ("img", None) per picture, ("table", header cells)."""
    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr"))
            style_id = style.find(qn("w:pStyle")).get(qn("w:val")) if style is not None and style.find(
                qn("w:pStyle")) is not None else ""
            if style_id == "Heading1":
                out.append(("h1", "".join(t.text or "" for t in child.iter(qn("w:t")))))
            if child.findall(".//" + qn("w:drawing")):
                out.append(("img", None))
        elif child.tag == qn("w:tbl"):
            first = child.find(qn("w:tr"))
            cells = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in first.findall(qn("w:tc"))]
            out.append(("table", cells))
    return out


def _chapters(document) -> dict[str, list]:
    chapters: dict[str, list] = {}
    current = None
    for kind, value in _body(document):
        if kind == "h1":
            current = value if value[:1].isdigit() else None
            if current:
                chapters[current] = []
        elif current is not None:
            chapters[current].append((kind, value))
    return chapters


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_word_report_has_seven_chapters_each_with_its_flow_diagram_and_kpi_table(
        shipped_library, repo, engagement, tmp_path, lang):
    out = build_report(shipped_library, repo, engagement.id, "processes", tmp_path / f"p-{lang}.docx", lang)
    document = docx.Document(str(out))
    chapters = _chapters(document)
    names = [d.name.get(lang) for d in shipped_library.model("om-processes").domains]
    assert list(chapters) == [f"{i}. {name}" for i, name in enumerate(names, start=1)]
    kpi_header = "KPI" if lang == "en" else "指标"
    for title, content in chapters.items():
        assert [k for k, _ in content].count("img") == 1, title  # the flow diagram
        tables = [cells for k, cells in content if k == "table"]
        assert any(cells[0] == kpi_header and len(cells) == 6 for cells in tables), title
    text = "\n".join(p.text for p in document.paragraphs)
    # customer text arrives as text: no markup, no formula, Chinese intact
    assert HOSTILE_STEP.get(lang) in text and HOSTILE_PURPOSE.get(lang) in text
    assert "Jade <Lake> & Retail 翠湖" in document.paragraphs[0].text


def test_the_word_report_shows_the_assessment_raci_kpis_and_rollout_of_the_book(shipped_library, repo, engagement):
    book = processes.load_book(shipped_library, repo, engagement.id)
    view = processes_view(ProcessesInputs(book), "en")
    change = view.chapter("change")
    assert change.assessment.assessed and change.assessment.level == book.assessments["change"].level
    assert not view.chapter("pir").assessment.assessed
    spec = book.specs["change"].spec
    assert [a.name for a in change.activities] == [a.name.en for a in spec.activities]
    assert change.raci.rows[0][1].count("A") == 1
    emergency = next(k for k in change.kpis if k.id == "kpi.change.emergency_share")
    assert emergency.baseline == "25%" and emergency.formula
    # interfaces name the other process's activity, not its id
    assert change.interfaces and all(i.other_activity and not i.other_activity.startswith(("incident.", "problem."))
                                     for i in change.interfaces)
    assert change.rollout and change.flow[0].lane == next(r for r, v in spec.activities[0].raci.items() if v == "R")
    assert any("drafted from the process model" in n for n in view.notices)  # six of seven never saved
    # a name with markup, an ampersand, a bell and Chinese lands in the tables as that text, the bell dropped
    spec.activities[1].name = BiText("Assess <risk> & \x07impact", "评估<风险>&影响")
    for lang in ("en", "zh"):
        buffer = io.BytesIO()
        write_docx(processes_view(ProcessesInputs(book), lang), {}, buffer)  # no images: the chapters still stand
        document = docx.Document(io.BytesIO(buffer.getvalue()))
        cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
        assert ("Assess <risk> & impact" if lang == "en" else "评估<风险>&影响") in cells
        buffer = io.BytesIO()
        write_xlsx(processes_view(ProcessesInputs(book), lang), buffer)
        values = {c.value for ws in openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets
                  for row in ws.iter_rows() for c in row}
        assert ("Assess <risk> & impact" if lang == "en" else "评估<风险>&影响") in values


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_workbook_holds_kpis_raci_activities_and_rollout_with_frozen_filtered_headers(
        shipped_library, repo, engagement, tmp_path, lang):
    out = build_report(shipped_library, repo, engagement.id, "processes", tmp_path / f"p-{lang}.xlsx", lang)
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 5
    kpis, raci, activities, rollout, _assessment = (wb[n] for n in wb.sheetnames)
    for ws in wb.worksheets:
        assert ws.freeze_panes and ws.auto_filter.ref
    processes_named = {ws_row[0].value for ws_row in kpis.iter_rows(min_row=2)}
    assert len(processes_named) == 7
    assert raci.max_row - 1 == sum(len(d.process.activities) for d in shipped_library.model("om-processes").domains)
    cells = [c.value for row in activities.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert any(HOSTILE_STEP.get(lang) in c for c in cells)
    assert rollout.max_row > 7
    # customer text that looks like a formula stays text
    assert all(not (isinstance(c.value, str) and c.value.startswith("=") and c.data_type == "f")
               for ws in wb.worksheets for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_template_opens_and_holds_the_specification(shipped_library, repo, engagement, tmp_path, lang):
    folder = tmp_path / "new" / f"templates-{lang}"  # created, parents too
    out = build_report(shipped_library, repo, engagement.id, "process-templates", folder, lang)
    assert out == folder
    assert sorted(p.name for p in folder.iterdir()) == sorted(t.filename for t in TEMPLATES)
    book = processes.load_book(shipped_library, repo, engagement.id)
    for template in TEMPLATES:
        spec = book.specs[template.process].spec
        path = folder / template.filename
        if template.format == ".docx":
            document = docx.Document(str(path))
            text = "\n".join([p.text for p in document.paragraphs] +
                             [c.text for t in document.tables for r in t.rows for c in r.cells])
            assert template.name(lang) in text
        else:
            wb = openpyxl.load_workbook(path)
            text = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                             if c.value is not None)
            assert template.name(lang) in text
            assert wb.worksheets[0].freeze_panes
        # filled from the specification: its activities' SOP steps and its KPIs
        wanted = [a for a in spec.activities if not template.activities
                  or a.id.rsplit(".", 1)[-1] in template.activities]
        assert wanted and all(a.steps[0].get(lang) in text for a in wanted), template.id
        assert all(k.name.get(lang) in text for k in spec.kpis), template.id
    change = docx.Document(str(folder / "change-request.docx"))
    all_text = "\n".join(p.text for p in change.paragraphs)
    assert HOSTILE_STEP.get(lang) in all_text  # the customer's own step, escaped and intact
    assert "Jade <Lake> & Retail 翠湖" in all_text


def test_templates_refuse_a_bad_folder_in_one_line_and_write_nothing(shipped_library, repo, engagement, tmp_path,
                                                                       monkeypatch):
    tmp_path = tmp_path / "out"  # the database lives beside it
    tmp_path.mkdir()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    for bad, message in ((a_file, "it is a file, not a folder"), (a_file / "sub", "is a file"),
                         (tmp_path / "set.docx", "give a folder for --out")):
        with pytest.raises(UserError, match=message) as caught:
            build_report(shipped_library, repo, engagement.id, "process-templates", bad, "en")
        assert "\n" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
    from pathlib import Path

    def refused(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refused)  # a read-only share (root ignores a chmod here)
    with pytest.raises(UserError, match="cannot create the folder .*Permission denied"):
        build_report(shipped_library, repo, engagement.id, "process-templates", tmp_path / "share" / "x", "en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_both_kinds_are_offered_only_to_a_process_optimisation_engagement(shipped_library, repo, engagement,
                                                                            tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    customer = repo.create_customer("Other", "Retail", 40)
    services = (ServiceChoice("diagnosis-basic", "standard"),)
    other = repo.create_engagement(customer.id, "Basic only", services=services,
                                   content=content_for_services(shipped_library, services))
    for kind, out in (("processes", tmp_path / "p.docx"), ("process-templates", tmp_path / "t")):
        assert "process-optimisation" in registry.get(kind).offered_by(shipped_library.catalogue)
        with pytest.raises(UserError, match="which this engagement did not buy"):
            build_report(shipped_library, repo, other.id, kind, out, "en")
    assert not list(tmp_path.iterdir())


def test_the_preview_lists_the_chapters_and_the_files(shipped_library, repo, engagement):
    outline = describe_report(shipped_library, repo, engagement.id, "processes", "zh", ".docx")
    assert len(outline.sections) == 8 and len(outline.charts) == 7  # the summary, seven chapters; seven flows
    sheets = describe_report(shipped_library, repo, engagement.id, "processes", "en", ".xlsx").sheets
    assert len(sheets) == 5
    files = describe_report(shipped_library, repo, engagement.id, "process-templates", "en", "folder").sections
    assert len(files) == len(TEMPLATES) and files[0].startswith("change-request.docx")


def test_a_process_the_book_lacks_is_left_out_not_invented(shipped_library, repo, engagement):
    book = processes.load_book(shipped_library, repo, engagement.id)
    book.order = [p for p in book.order if p != "capacity"]
    view = processes_view(ProcessesInputs(book), "en")
    assert [c.id for c in view.chapters] == [p for p in PROCESS_IDS if p != "capacity"]
    buffer = io.BytesIO()
    write_xlsx(view, buffer)
    assert openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
