"""The evidence request list: generated from the questions in scope, edited, linked, exported and read back."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from app.assessment import requests as rl
from app.cli import main
from app.errors import UserError
from app.services import evidence_requests as service
from app.services.engagements import content_for_services
from app.services.interviews import request_and_link_evidence
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository, StorageUnavailable, UnitOfWork


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    db = open_database(new_database())
    yield Repository(db)
    db.close()


@pytest.fixture
def engagement(repo, mini_library):
    customer = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(customer.id, "Acme 2026", services=services,
                               content=content_for_services(mini_library, services))
    return e


def test_generated_from_the_evidence_the_questions_name(repo, mini_library, engagement):
    state = service.load_requests(mini_library, repo, engagement.id)
    assert not state.stored
    assert [(i.id, i.title_in("en"), i.title_in("zh"), i.status) for i in state.items] == [
        ("R1", "Change records", "变更记录", "requested")]
    assert state.items[0].questions == (("mini-q", "q1"),)
    assert repo.documents.get(engagement.id, rl.DOCUMENT_KIND, rl.DOCUMENT_KEY) is None  # nothing saved by a look


def test_the_same_document_named_twice_is_one_item():
    from app.content.schema import Questionnaire

    def q(qid, evidence):
        return {"id": qid, "capability": "c", "text": {"en": "x", "zh": "x"}, "answer": {"type": "levels"},
                "roles": ["sre"], "evidence": [{"en": e, "zh": e} for e in evidence]}

    questionnaire = Questionnaire.model_validate({
        "kind": "questionnaire", "id": "qq", "version": "1", "name": {"en": "n", "zh": "n"},
        "description": {"en": "d", "zh": "d"}, "model": "m", "roles": ["sre"],
        "sections": [{"id": "s", "title": {"en": "s", "zh": "s"},
                      "questions": [q("a", ["Change records", "CAB minutes"]), q("b", ["change records."])]}]})
    made = rl.generate(rl.RequestList(), [questionnaire])
    assert [(i.title_in("en"), i.questions) for i in made.items] == [
        ("Change records", (("qq", "a"), ("qq", "b"))), ("CAB minutes", (("qq", "a"),))]


def test_edits_survive_regeneration_and_a_removed_item_stays_removed(repo, mini_library, engagement):
    service.generate_requests(mini_library, repo, engagement.id, due=date(2026, 12, 20))
    service.update_request(mini_library, repo, engagement.id, "R1", owner="Li Wei (change manager)",
                           status="received", note="sent by mail")
    state = service.add_request(mini_library, repo, engagement.id, "Org chart", owner="HR", due="2026-12-15")
    assert [(i.id, i.owner, i.status, i.due) for i in state.items] == [
        ("R1", "Li Wei (change manager)", "received", date(2026, 12, 20)),
        ("R2", "HR", "requested", date(2026, 12, 15))]
    state = service.generate_requests(mini_library, repo, engagement.id)
    assert [(i.id, i.owner, i.status, i.note) for i in state.items][0] == (
        "R1", "Li Wei (change manager)", "received", "sent by mail")
    assert len(state.items) == 2
    service.remove_request(mini_library, repo, engagement.id, "R1")
    state = service.generate_requests(mini_library, repo, engagement.id)
    assert [i.id for i in state.items] == ["R2"]  # not brought back
    state = service.add_request(mini_library, repo, engagement.id, "Runbooks")
    assert state.items[-1].id == "R3"  # numbers are never reused


def test_bad_input_is_one_clear_error_and_changes_nothing(repo, mini_library, engagement, database_dump):
    service.generate_requests(mini_library, repo, engagement.id)
    before = database_dump(repo)
    for fields, message in (({"status": "lost"}, "unknown request status"),
                            ({"due": "next week"}, "not a date"),
                            ({"owner": "x" * 600}, "at most"),
                            ({"evidence_ids": ["nope"]}, "not in this engagement's evidence register"),
                            ({"colour": "red"}, "has no colour")):
        with pytest.raises(UserError, match=message):
            service.update_request(mini_library, repo, engagement.id, "R1", **fields)
    with pytest.raises(UserError, match="no request 'R9'"):
        service.update_request(mini_library, repo, engagement.id, "R9", status="received")
    with pytest.raises(UserError, match="needs a title"):
        service.add_request(mini_library, repo, engagement.id, "  ")
    assert database_dump(repo) == before


def test_a_colleagues_save_in_between_is_a_conflict(repo, mini_library, engagement):
    state = service.generate_requests(mini_library, repo, engagement.id)
    service.update_request(mini_library, repo, engagement.id, "R1", owner="Ann")
    with pytest.raises(UserError, match="changed by someone else"):
        service.update_request(mini_library, repo, engagement.id, "R1", owner="Bob", expected_version=state.version)


def test_linked_to_the_register_and_received_marks_it_received_in_one_unit(repo, mini_library, engagement,
                                                                          monkeypatch, database_dump):
    person = repo.add_interviewee(engagement.id, "Ann", "sre")
    evidence = request_and_link_evidence(repo, engagement.id, person.id, "mini-q", "q1", "Change log Q3")
    state = service.generate_requests(mini_library, repo, engagement.id)
    assert state.items[0].evidence_ids == (evidence.id,)  # the answer's evidence, linked by its question
    assert state.evidence_title(evidence.id) == "Change log Q3"
    before = database_dump(repo)
    real = UnitOfWork.set_evidence_received

    def then_fail(self, *args, **kwargs):
        real(self, *args, **kwargs)
        raise StorageUnavailable("the database is locked by another program; the change was not saved")

    monkeypatch.setattr(UnitOfWork, "set_evidence_received", then_fail)
    with pytest.raises(StorageUnavailable):
        service.update_request(mini_library, repo, engagement.id, "R1", status="received")
    assert database_dump(repo) == before  # neither the list nor the register moved
    monkeypatch.undo()
    service.update_request(mini_library, repo, engagement.id, "R1", status="received")
    assert repo.list_evidence(engagement.id)[0].received


def test_exported_workbook_reads_back_with_a_status_drop_down_and_the_plan(repo, mini_library, engagement,
                                                                          tmp_path):
    from datetime import datetime

    repo.add_interviewee(engagement.id, "Ann", "sre", planned_at=datetime(2026, 12, 8, 9, 30))
    service.generate_requests(mini_library, repo, engagement.id, due=date(2026, 12, 20))
    service.add_request(mini_library, repo, engagement.id, "=HYPERLINK(\"http://x\")", owner="@ops")
    service.update_request(mini_library, repo, engagement.id, "R1", status="not_available")
    for lang, status in (("en", "not available"), ("zh", "无法提供")):
        out = service.export_requests(mini_library, repo, engagement.id, tmp_path / f"requests.{lang}.xlsx", lang)
        wb = openpyxl.load_workbook(out)
        ws = wb.worksheets[0]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=rl_header() + 1, values_only=False)]
        assert rows[0][0] == "R1" and rows[0][5] == status and rows[0][4].date() == date(2026, 12, 20)
        assert rows[1][1] == "=HYPERLINK(\"http://x\")" and ws.cell(rl_header() + 2, 2).data_type == "s"
        assert ws.cell(rl_header() + 2, 4).value == "@ops" and ws.cell(rl_header() + 2, 4).quotePrefix
        validations = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert validations and status in validations[0].formula1
        plan = wb.worksheets[1]
        values = [[c for c in row if c is not None] for row in plan.iter_rows(values_only=True)]
        assert any("Ann" in row and "09:30" in row for row in values)
        flat = [c for row in values for c in row]
        assert ("Executive" if lang == "en" else "高管") in flat  # the role nobody covers yet


def rl_header() -> int:
    from app.reports.requests import HEADER_ROW

    return HEADER_ROW


def test_cli_shows_edits_and_exports(repo, mini_library, engagement, tmp_path, capsys):
    url = repo.db.engine.url.render_as_string(hide_password=False)
    common = ["--db", url, "--content", "tests/fixtures/content"]
    assert main(["requests", "Acme 2026", *common]) == 0
    assert "generated from the questions, not saved yet" in capsys.readouterr().out
    assert main(["requests", "Acme 2026", "--set", "R1", "--status", "reviewed", "--owner", "Li", *common]) == 0
    assert "[reviewed]" in capsys.readouterr().out
    assert main(["requests", "Acme 2026", "--set", "R7", "--status", "reviewed", *common]) == 1
    assert "no request 'R7'" in capsys.readouterr().err
    assert main(["requests", "Acme 2026", "--out", str(tmp_path / "x.docx"), *common]) == 1
    assert ".xlsx" in capsys.readouterr().err
    assert main(["requests", "Acme 2026", "--owner", "x", *common]) == 1
    assert main(["requests", "Acme 2026", "--out", str(tmp_path / "r.xlsx"), "--lang", "zh", *common]) == 0
    assert (tmp_path / "r.xlsx").is_file()


def test_the_survey_report_has_the_saved_request_list(repo, mini_library, engagement, tmp_path):
    import docx

    from app.services.reports import write_report

    person = repo.add_interviewee(engagement.id, "Ann", "sre")
    repo.save_answer(engagement.id, person.id, "mini-q", "q1", "given", "3")
    out = write_report(mini_library, repo, engagement.id, "survey", tmp_path / "before.docx", "en")
    assert "Documents requested" not in "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    service.generate_requests(mini_library, repo, engagement.id)
    service.add_request(mini_library, repo, engagement.id, "On-call rota", owner="Li Wei", due="2026-12-20")
    service.update_request(mini_library, repo, engagement.id, "R1", status="reviewed", note="CAB minutes seen")
    for lang, heading, status in (("en", "Documents requested", "reviewed"), ("zh", "索取的资料", "已审阅")):
        out = write_report(mini_library, repo, engagement.id, "survey", tmp_path / f"survey.{lang}.docx", lang)
        document = docx.Document(str(out))
        assert heading in [p.text for p in document.paragraphs]
        cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
        assert any(r[0] == "R1" and ("Change records" in r[1] or "变更记录" in r[1]) and r[-1] == status
                   for r in cells if r)
        assert any(r[0] == "R2" and "On-call rota" in r[1] and r[2] == "Li Wei" for r in cells if r)
        workbook = write_report(mini_library, repo, engagement.id, "survey", tmp_path / f"survey.{lang}.xlsx", lang)
        sheet = openpyxl.load_workbook(workbook)["Documents requested" if lang == "en" else "索取的资料"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[1][0] == "R1" and rows[1][4] == status and rows[2][2] == "Li Wei"
