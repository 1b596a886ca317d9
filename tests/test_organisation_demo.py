"""The demo holds a fully worked Medium and a fully worked Large organisation engagement."""

from __future__ import annotations

import pytest

from app.demo import LARGE_ORG_ENGAGEMENT, create_organisation_demo, large_organisation_design
from app.services import organisation
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import EngagementFilter, Repository


@pytest.fixture(scope="module")
def demo(shipped_library, tmp_path_factory):
    from app.demo import create_demo

    repo = Repository(open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"))
    create_demo(shipped_library, repo)
    yield shipped_library, repo
    repo.db.close()


@pytest.mark.parametrize(("name", "size"), [("Northwind - organisation optimisation & basic diagnosis", "medium"),
                                            (LARGE_ORG_ENGAGEMENT, "large")])
def test_demo_design_is_fully_worked(demo, name, size):
    library, repo = demo
    engagement = repo.find_engagement(name)
    stored = organisation.load_design(library, repo, engagement.id)
    design = stored.design
    assert stored.version == 1 and design.size == size
    assert len(design.current.teams) >= 5 and design.current.rotations
    assert len(design.target.teams) >= 5 and design.target.rotations
    result = organisation.check(library, design)
    assert result.raci_errors == []
    target = [f for f in result.findings if f.scope == "target"]
    current = [f for f in result.findings if f.scope == "current"]
    assert target == [], [f.message() for f in target]  # the target meets every staffing rule
    assert {"staffing.toil_cap", "staffing.incidents_per_shift", "process_no_owner"} <= {f.rule for f in current}
    assert {s.kind for s in design.transition} >= {"new_role", "training", "move", "hire"}
    assert {s.phase for s in design.transition} == {1, 2, 3}
    assert all(s.description for s in design.transition)
    if size == "large":
        assert len(design.target.sites) == 2 and design.target.interactions and design.raci_variants


def test_demo_organisations_are_created_once(demo):
    library, repo = demo
    names = sorted(e.name for e in repo.list_engagements(EngagementFilter(include_archived=True)))
    assert create_organisation_demo(library, repo) == []
    assert sorted(e.name for e in repo.list_engagements(EngagementFilter(include_archived=True))) == names


def test_the_large_engagement_and_its_design_are_one_unit_of_work(shipped_library, tmp_path, monkeypatch,
                                                                   database_dump):
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Harbour Bank")
    repo.create_engagement(customer.id, "Northwind - organisation optimisation & basic diagnosis",
                           services=(ServiceChoice("organisation-optimisation", "medium"),))
    before = database_dump(repo)

    def broken(org_model):
        design = large_organisation_design(org_model)
        design.target.teams[0].posts = {"om_manager": 1.5}  # the design save fails after the engagement write
        return design

    monkeypatch.setattr("app.demo.large_organisation_design", broken)
    monkeypatch.setattr("app.demo.medium_organisation_design", lambda m: (_ for _ in ()).throw(RuntimeError))
    with pytest.raises(RuntimeError):
        create_organisation_demo(shipped_library, repo)
    assert database_dump(repo) == before
    monkeypatch.setattr("app.demo.medium_organisation_design", lambda m: large_organisation_design(m))
    with pytest.raises(Exception, match="not a whole number"):
        create_organisation_demo(shipped_library, repo)
    assert repo.documents.get(repo.find_engagement("Northwind - organisation optimisation & basic diagnosis").id,
                              "organisation_design", "main") is not None  # the medium one was saved
    assert "organisation optimisation 2026" not in database_dump(repo)  # the large one left nothing behind
    repo.db.close()
