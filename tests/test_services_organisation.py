"""Organisation use cases on a real database: seeded until saved, checked on save (a bad
design writes nothing), versions guard concurrent edits; ``omm org check --json``; the
organisation report through ``omm report``."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.errors import UserError
from app.planning.organisation import OrganisationInputError, Rotation, RotationMember, Team
from app.services import organisation, reports
from app.storage.database import open_database
from app.storage.documents import VersionConflict
from app.storage.records import ServiceChoice
from app.storage.repository import Repository


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    url = new_database()
    db = open_database(url)
    repository = Repository(db)
    repository.url = url  # for the CLI tests
    yield repository
    db.close()


@pytest.fixture
def engagement(repo):
    customer = repo.create_customer("Harbour Bank", "Banking", 300)
    return repo.create_engagement(customer.id, "Harbour Bank organisation 2026",
                                  services=(ServiceChoice("organisation-optimisation", "large"),))


def test_an_unsaved_engagement_gets_the_template_of_its_size(shipped_library, repo, engagement):
    stored = organisation.load_design(shipped_library, repo, engagement.id)
    assert stored.version == 0 and stored.design.size == "large"
    assert stored.design.template_id == "om-org-large"
    assert repo.documents.get(engagement.id, organisation.DOCUMENT_KIND, "main") is None  # nothing written


def test_save_and_load_round_trip_with_versions(shipped_library, repo, engagement):
    design = organisation.load_design(shipped_library, repo, engagement.id).design
    design.current.teams.append(Team(id="ops", name="Operations", posts={"om_engineer": 12}, toil_pct=70))
    assert organisation.save_design(repo, engagement.id, design, expected_version=0) == 1
    again = organisation.load_design(shipped_library, repo, engagement.id)
    assert again.version == 1 and again.design.to_dict() == design.to_dict()
    assert organisation.save_design(repo, engagement.id, design, expected_version=1) == 2
    with pytest.raises(VersionConflict):  # someone saved version 2 meanwhile
        organisation.save_design(repo, engagement.id, design, expected_version=1)


def test_a_bad_design_is_refused_and_nothing_is_written(shipped_library, repo, engagement, database_dump):
    design = organisation.load_design(shipped_library, repo, engagement.id).design
    organisation.save_design(repo, engagement.id, design)
    before = database_dump(repo)
    design.current.teams.append(Team(id="ops", posts={"om_engineer": 4}))
    design.current.rotations.append(Rotation(id="night", members=[RotationMember("ops", "HQ", 6)]))
    with pytest.raises(OrganisationInputError) as err:
        organisation.save_design(repo, engagement.id, design)
    assert err.value.field == "current.rotations[night].members[ops].count"
    design.current.rotations.clear()
    design.target.teams[0].posts = {"om_manager": 0}
    with pytest.raises(OrganisationInputError, match=r"target\.teams\[lg\.governance\]\.posts"):
        organisation.save_design(repo, engagement.id, design)
    assert database_dump(repo) == before


def test_org_check_json(shipped_library, repo, engagement, capsys):
    design = organisation.load_design(shipped_library, repo, engagement.id).design
    design.current.teams.append(Team(id="ops", name="Operations", posts={"om_engineer": 12}, toil_pct=45,
                                     oncall_pct=20))
    design.current.rotations.append(Rotation(id="night", name="Night pager",
                                             members=[RotationMember("ops", "HQ", 5)], incidents_per_shift=3))
    design.raci["change.assess"]["service_owner"] = "A"  # a second Accountable
    organisation.save_design(repo, engagement.id, design)
    rc = main(["org", "check", "Harbour Bank organisation 2026", "--db", repo.url, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0 and out["saved"] is True
    assert out["headcount"] == {"current": 12, "target": design.target.headcount}
    for finding in out["findings"]:
        assert {"rule", "severity", "subject", "message"} <= set(finding)
    rules = {(f["organisation"], f["rule"], f["subject"]) for f in out["findings"]}
    assert ("current", "staffing.oncall_rotation_single_site", "night") in rules
    assert ("current", "staffing.incidents_per_shift", "night") in rules
    assert ("current", "staffing.toil_cap", "ops") in rules
    night = next(f for f in out["findings"] if f["rule"] == "staffing.oncall_rotation_single_site")
    assert night["message"].startswith("The 24/7 rotation Night pager has 5 engineers")
    errors = [p for p in out["raci_problems"] if p["severity"] == "error"]
    assert [p["activity"] for p in errors] == ["change.assess"]  # one cell named: the second A of the row
    assert errors[0]["role"] in ("service_owner", "change_manager")
    assert "2 Accountable roles" in errors[0]["problem"] and "Service owner" in errors[0]["problem"]


def test_org_check_unknown_engagement_is_one_line(repo, capsys):
    rc = main(["org", "check", "Nobody", "--db", repo.url])
    err = capsys.readouterr().err
    assert rc == 1 and err.startswith("omm: error:") and err.count("\n") == 1


@pytest.mark.parametrize("kind", ["organisation", "organization"])
def test_omm_report_writes_the_organisation_report(shipped_library, repo, engagement, tmp_path, capsys, kind):
    out = tmp_path / "org.xlsx"
    rc = main(["report", engagement.id, "--kind", kind, "--out", str(out), "--db", repo.url, "--lang", "zh",
               "--quiet"])
    assert rc == 0, capsys.readouterr().err
    wb = load_workbook(out)
    assert wb.sheetnames == ["团队", "角色与人数", "RACI", "检查结果", "过渡计划"]


def test_report_to_a_missing_folder_is_a_user_error(shipped_library, repo, engagement, tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        reports.write_report(shipped_library, repo, engagement.id, "organization", tmp_path / "no" / "x.docx", "en")
