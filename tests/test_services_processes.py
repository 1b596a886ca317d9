"""Process use cases on a real database: specifications seeded from the answers until saved
(reading writes nothing), several specifications in one unit of work (a failing last write
leaves the database unchanged), bad input refused with where to fix it, versions guarding
concurrent edits, and the ``omm process`` commands."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.errors import UserError
from app.planning.processes import PROCESS_IDS, BiText, Interface
from app.services import processes
from app.services.engagements import content_for_services
from app.storage.database import open_database
from app.storage.documents import DocumentStore, VersionConflict
from app.storage.records import ServiceChoice
from app.storage.repository import Repository


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    url = new_database()
    db = open_database(url)
    repository = Repository(db)
    repository.url = url
    yield repository
    db.close()


@pytest.fixture
def engagement(shipped_library, repo):
    customer = repo.create_customer("Jade Lake Retail", "Retail", 40)
    services = (ServiceChoice("process-optimisation", "medium"),)
    engagement = repo.create_engagement(customer.id, "Jade Lake processes 2026", services=services,
                                        content=content_for_services(shipped_library, services))
    owner = repo.add_interviewee(engagement.id, "Lin Wei", "process_owner")
    sre = repo.add_interviewee(engagement.id, "Zhao Min", "sre")
    for person, level, emergency in ((owner, "3", "10"), (sre, "2", "30")):
        repo.save_answer(engagement.id, person.id, "process-change", "proc.change.01", "given", level)
        repo.save_answer(engagement.id, person.id, "process-change", "proc.change.02", "given", emergency)
    return repo.get_engagement(engagement.id)


def test_reading_seeds_from_the_answers_and_writes_nothing(shipped_library, repo, engagement):
    book = processes.load_book(shipped_library, repo, engagement.id)
    assert book.order == ["change", "monitoring", "incident", "pir", "problem", "capacity", "handover"]
    assert all(s.version == 0 for s in book.specs.values())
    change = book.specs["change"].spec
    assert change.kpi("kpi.change.emergency_share").baseline == 20.0  # median of 10 and 30
    assert book.assessments["change"].level is not None and book.assessments["pir"].level is None
    assert book.raci_origin == "organisation_model" and book.size == "medium"
    assert book.role_name("change_manager", "zh") == "变更经理"
    assert [p for p in book.problems if p.is_error] == []
    assert repo.documents.list(engagement.id, processes.DOCUMENT_KIND) == []


def test_seed_stores_all_seven_in_one_unit_of_work(shipped_library, repo, engagement, database_dump, monkeypatch):
    before = database_dump(repo)
    original = DocumentStore.put
    calls = []

    def last_fails(self, *args, **kwargs):
        calls.append(args[2])
        if len(calls) == 7:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DocumentStore, "put", last_fails)
    with pytest.raises(OSError):
        processes.seed(shipped_library, repo, engagement.id)
    assert len(calls) == 7 and database_dump(repo) == before  # the first six were rolled back too
    monkeypatch.setattr(DocumentStore, "put", original)
    assert processes.seed(shipped_library, repo, engagement.id) == {p: 1 for p in calls}
    assert processes.seed(shipped_library, repo, engagement.id) == {}  # stored ones are left alone
    assert processes.seed(shipped_library, repo, engagement.id, ["pir"], replace=True) == {"pir": 2}
    with pytest.raises(UserError, match="no process 'payroll'"):
        processes.seed(shipped_library, repo, engagement.id, ["payroll"])


def test_save_edits_with_versions(shipped_library, repo, engagement):
    stored = processes.load_spec(shipped_library, repo, engagement.id, "incident")
    spec = stored.spec
    spec.purpose = spec.purpose.with_lang("en", "Restore service fast.")
    assert processes.save_spec(shipped_library, repo, engagement.id, spec, expected_version=0) == 1
    again = processes.load_spec(shipped_library, repo, engagement.id, "incident")
    assert again.version == 1 and again.spec.purpose.en == "Restore service fast."
    assert again.spec.purpose.zh == stored.spec.purpose.zh
    with pytest.raises(VersionConflict):
        processes.save_spec(shipped_library, repo, engagement.id, spec, expected_version=0)


def test_a_malformed_spec_is_refused_and_nothing_is_written(shipped_library, repo, engagement, database_dump):
    processes.seed(shipped_library, repo, engagement.id)
    before = database_dump(repo)
    spec = processes.load_spec(shipped_library, repo, engagement.id, "change").spec
    spec.activities[0].raci["sre"] = "X"
    with pytest.raises(UserError, match=r"activities\[change.register\].raci\[sre\]: 'X' is not one of R, A, C, I"):
        processes.save_spec(shipped_library, repo, engagement.id, spec)
    assert database_dump(repo) == before


def test_approval_is_refused_while_a_spec_has_errors(shipped_library, repo, engagement, database_dump):
    processes.seed(shipped_library, repo, engagement.id)
    spec = processes.load_spec(shipped_library, repo, engagement.id, "problem").spec
    spec.kpis[0].formula = ""
    spec.activities[1].raci = {"problem_manager": "A"}
    spec.activities[2].raci["ghost"] = "R"
    processes.save_spec(shipped_library, repo, engagement.id, spec)  # a draft may be unfinished
    codes = {p.code for p in processes.check(shipped_library, repo, engagement.id, "problem")}
    assert {"kpi_no_formula", "no_responsible", "unknown_role"} <= codes
    before = database_dump(repo)
    with pytest.raises(UserError) as err:
        processes.approve(shipped_library, repo, engagement.id, "problem")
    assert "3 problem(s) must be fixed first" in str(err.value) and "kpis[" in str(err.value)
    assert database_dump(repo) == before
    assert processes.approve(shipped_library, repo, engagement.id, "change") == 2


def test_a_circular_interface_blocks_approval(shipped_library, repo, engagement):
    processes.seed(shipped_library, repo, engagement.id)
    spec = processes.load_spec(shipped_library, repo, engagement.id, "problem").spec
    spec.interfaces.append(Interface("change", "out", "problem.log", "change.review", BiText("back", "回")))
    processes.save_spec(shipped_library, repo, engagement.id, spec)
    problems = processes.check(shipped_library, repo, engagement.id)
    assert {p.process_id for p in problems if p.code == "circular_interface"} == {"change", "problem"}
    with pytest.raises(UserError, match="circular interface"):
        processes.approve(shipped_library, repo, engagement.id, "change")


def test_import_is_all_or_nothing(shipped_library, repo, engagement, database_dump, tmp_path):
    out = processes.export_specs(shipped_library, repo, engagement.id, tmp_path / "specs.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["process_id"] for s in data["specifications"]] == processes.load_book(
        shipped_library, repo, engagement.id).order
    data["specifications"][0]["purpose"]["en"] = "Imported purpose"
    data["specifications"][-1]["kpis"][0]["target"] = "high"  # the last one is malformed
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = database_dump(repo)
    with pytest.raises(UserError, match=r"bad.json: specifications\[7\]: kpis\[.*\].target: 'high' is not a number"):
        processes.import_specs(shipped_library, repo, engagement.id, bad)
    assert database_dump(repo) == before
    data["specifications"][-1]["kpis"][0]["target"] = 80
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert processes.import_specs(shipped_library, repo, engagement.id, bad) == {p: 1 for p in
                                                                                 PROCESS_IDS}
    assert processes.load_spec(shipped_library, repo, engagement.id, "change").spec.purpose.en == "Imported purpose"
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="junk.json is not a JSON file"):
        processes.import_specs(shipped_library, repo, engagement.id, tmp_path / "junk.json")


def test_the_commands(shipped_library, repo, engagement, capsys, tmp_path):
    db = ["--db", repo.url]
    assert main(["process", "list", engagement.name, "--json", *db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["process"] for r in listed["processes"]][0] == "change" and listed["size"] == "medium"
    assert main(["process", "seed", engagement.name, *db]) == 0
    assert "seeded handover (version 1)" in capsys.readouterr().out
    assert main(["process", "show", engagement.name, "change", "--lang", "zh", *db]) == 0
    assert "变更管理" in capsys.readouterr().out
    assert main(["process", "check", engagement.name, *db]) == 0
    spec = processes.load_spec(shipped_library, repo, engagement.id, "capacity").spec
    spec.kpis[0].formula = ""
    processes.save_spec(shipped_library, repo, engagement.id, spec)
    capsys.readouterr()
    assert main(["process", "check", engagement.name, "capacity", *db]) == 1
    out = capsys.readouterr().out
    assert f"capacity: kpis[{spec.kpis[0].id}].formula: the KPI" in out
    assert main(["process", "show", engagement.name, "payroll", *db]) == 1
    assert capsys.readouterr().err.strip() == (
        "omm: error: there is no process 'payroll'; the processes are change, monitoring, incident, pir, problem, "
        "capacity, handover")
    assert main(["process", "approve", engagement.name, "capacity", *db]) == 1
    assert capsys.readouterr().err.count("\n") == 1  # one line
