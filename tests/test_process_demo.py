"""The demo holds a fully worked process optimisation engagement: every process assessed from its
deep dive and specified (no errors, every section written), a Large one with business-line variants."""

from __future__ import annotations

import pytest

from app.demo import PROCESS_ENGAGEMENT, create_demo
from app.planning.processes import variant_differences
from app.services import processes
from app.storage.database import open_database
from app.storage.repository import Repository


@pytest.fixture(scope="module")
def demo(shipped_library, tmp_path_factory):
    repo = Repository(open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'omm.db'}", create=True))
    create_demo(shipped_library, repo)
    yield repo
    repo.db.close()


def test_all_seven_processes_assessed_and_specified(shipped_library, demo):
    engagement = next(e for e in demo.list_engagements() if e.name == PROCESS_ENGAGEMENT)
    book = processes.load_book(shipped_library, demo, engagement.id)
    assert book.size == "large" and len(book.order) == 7
    for pid in book.order:
        assessment, stored = book.assessments[pid], book.specs[pid]
        assert assessment.assessed and all(c.level is not None for c in assessment.capabilities), pid
        assert stored.saved, pid
        assert all(not s.text.blank for s in stored.spec.sections), pid
        assert all(k.target is not None for k in stored.spec.kpis), pid
        assert sum(k.baseline is not None for k in stored.spec.kpis) >= 3, pid
    assert [p.line() for p in book.problems if p.is_error] == []
    assert {pid for pid in book.order if book.specs[pid].spec.status == "approved"} == {
        "change", "incident", "monitoring", "pir"}
    assert sum(len(a.findings) for a in book.assessments.values()) > 0
    change = book.specs["change"].spec
    assert [v.name.en for v in change.variants] == ["Corporate banking"]
    keys = [d.key for d in variant_differences(change, "corporate", book.role_names)]
    assert "section:7" in keys and "activity:change.authorize:raci" in keys
    assert book.specs["incident"].spec.variants[0].name.zh == "零售银行"


def test_running_the_demo_again_changes_nothing(shipped_library, demo, database_dump):
    before = database_dump(demo)
    assert PROCESS_ENGAGEMENT not in create_demo(shipped_library, demo)
    assert database_dump(demo) == before
