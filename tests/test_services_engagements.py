"""Engagement use cases (app.services.engagements): each is one unit of work, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import UserError
from app.services.engagements import (
    CustomerDraft,
    EngagementDraft,
    content_for_services,
    delete_engagement,
    duplicate_engagement,
    save_engagement,
)
from app.storage.database import open_database
from app.storage.records import EngagementStatus, ServiceChoice
from app.storage.repository import Repository, StorageUnavailable, UnitOfWork


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    db = open_database(new_database())
    yield Repository(db)
    db.close()


def _draft(**changes) -> EngagementDraft:
    values = dict(name="Acme - diagnosis 2026", customer=CustomerDraft("Acme", "Banking", 120, 12),
                  services=(ServiceChoice("diagnosis-basic"),), consultant=" Elena ", start_date=date(2026, 3, 1),
                  status=EngagementStatus.IN_PROGRESS, scope_notes="Two sites", language="zh")
    return EngagementDraft(**{**values, **changes})


def _fail_after(monkeypatch, method: str):
    """The real write runs, then the step fails: the unit of work must undo it with the rest."""
    real = getattr(UnitOfWork, method)

    def write_then_fail(self, *args, **kwargs):
        real(self, *args, **kwargs)
        raise StorageUnavailable("the database is locked by another program; the change was not saved")

    monkeypatch.setattr(UnitOfWork, method, write_then_fail)
    return real


def test_creation_writes_customer_engagement_services_and_content(repo, mini_library):
    record = save_engagement(repo, mini_library, _draft())
    assert record.customer.name == "Acme" and record.customer.it_headcount == 120
    assert record.consultant == "Elena" and record.language == "zh" and record.status == EngagementStatus.IN_PROGRESS
    assert record.services == (ServiceChoice("diagnosis-basic"),)
    assert sorted(record.content, key=str) == sorted(content_for_services(mini_library, record.services), key=str)


def test_creation_failing_at_the_second_write_leaves_the_database_as_it_was(repo, mini_library, monkeypatch,
                                                                              database_dump):
    save_engagement(repo, mini_library, _draft(name="Existing", customer=CustomerDraft("Other")))
    before = database_dump(repo)
    real = _fail_after(monkeypatch, "create_engagement")
    draft = _draft()
    with pytest.raises(StorageUnavailable):
        save_engagement(repo, mini_library, draft)
    assert database_dump(repo) == before  # no customer "Acme" left behind
    monkeypatch.setattr(UnitOfWork, "create_engagement", real)
    assert save_engagement(repo, mini_library, draft).customer.name == "Acme"  # the same draft, retried


def test_editing_failing_after_the_customer_update_changes_nothing(repo, mini_library, monkeypatch, database_dump):
    record = save_engagement(repo, mini_library, _draft())
    before = database_dump(repo)
    _fail_after(monkeypatch, "update_engagement")
    edited = _draft(name="Acme - renamed", customer=CustomerDraft("Acme Holding", "Banking", 150, 12,
                                                                  id=record.customer.id),
                    services=(ServiceChoice("diagnosis-basic", "large"),))
    with pytest.raises(StorageUnavailable):
        save_engagement(repo, mini_library, edited, record)
    assert database_dump(repo) == before


def test_editing_keeps_recorded_versions_and_updates_the_customer(repo, mini_library):
    record = save_engagement(repo, mini_library, _draft())
    edited = save_engagement(repo, mini_library, _draft(
        name="Acme - renamed", customer=CustomerDraft("Acme  Holding", "Banking", 150, 12, id=record.customer.id)),
        record)
    assert edited.id == record.id and edited.name == "Acme - renamed"
    assert edited.customer.name == "Acme Holding" and edited.customer.it_headcount == 150
    assert edited.content == record.content
    with pytest.raises(UserError, match="no longer exists"):
        save_engagement(repo, mini_library, _draft(name="X", customer=CustomerDraft("Gone", id="no-such-id")))


def test_duplicate_and_delete_through_the_services(repo, mini_library, monkeypatch, database_dump):
    record = save_engagement(repo, mini_library, _draft())
    repo.add_interviewee(record.id, "Ann", "sre")
    repo.documents.put(record.id, "plan", "main", {"phases": 3})
    before = database_dump(repo)
    _fail_after(monkeypatch, "add_interviewee")
    with pytest.raises(StorageUnavailable):
        duplicate_engagement(repo, record.id, "Acme - 2027")
    assert database_dump(repo) == before
    monkeypatch.undo()
    copy = duplicate_engagement(repo, record.id, "Acme - 2027")
    assert copy.previous_engagement_id == record.id
    assert repo.documents.get(copy.id, "plan", "main").payload == {"phases": 3}
    before = database_dump(repo)
    _fail_after(monkeypatch, "delete_engagement")
    with pytest.raises(StorageUnavailable):
        delete_engagement(repo, copy.id)
    assert database_dump(repo) == before
    monkeypatch.undo()
    delete_engagement(repo, copy.id)
    assert [e.name for e in repo.list_engagements()] == ["Acme - diagnosis 2026"]
