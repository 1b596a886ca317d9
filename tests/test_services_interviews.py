"""Interview use cases (app.services.interviews): one answer's changes are one unit of work."""

from __future__ import annotations

import pytest

from app.services.engagements import content_for_services
from app.services.interviews import remove_evidence, request_evidence_for_answer, save_answer_changes
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
def answer(repo, mini_library):
    customer = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(customer.id, "Acme", services=services,
                               content=content_for_services(mini_library, services))
    person = repo.add_interviewee(e.id, "Ann", "sre")
    return e.id, person.id, "mini-q", "q1"


def test_every_field_and_attachment_of_one_answer_is_saved(repo, answer, tmp_path):
    file = tmp_path / "cab.txt"
    file.write_text("minutes", encoding="utf-8")
    (evidence_id,) = save_answer_changes(repo, *answer, {"status": "given", "value": "3", "confidence": "medium",
                                                         "follow_up": True, "note": "weekly CAB"},
                                         answered_by="Elena", attach=[str(file)])
    a = repo.get_answer(answer[1], "mini-q", "q1")
    assert (a.status, a.value, a.confidence, a.follow_up, a.note, a.answered_by) == (
        "given", "3", "medium", True, "weekly CAB", "Elena")
    assert a.evidence_ids == (evidence_id,)
    save_answer_changes(repo, *answer, {"status": None})  # undo of the answer keeps note and flag
    a = repo.get_answer(answer[1], "mini-q", "q1")
    assert (a.status, a.value, a.note, a.follow_up) == (None, None, "weekly CAB", True)
    with pytest.raises(ValueError):
        save_answer_changes(repo, *answer, {"colour": "red"})


def test_a_failing_link_leaves_the_database_and_the_evidence_folder_unchanged(repo, answer, tmp_path, monkeypatch,
                                                                              database_dump):
    save_answer_changes(repo, *answer, {"status": "given", "value": "2"})
    before = database_dump(repo)
    file = tmp_path / "runbook.txt"
    file.write_text("steps", encoding="utf-8")
    real = UnitOfWork.link_evidence

    def link_then_fail(self, *args, **kwargs):
        real(self, *args, **kwargs)
        raise StorageUnavailable("the database is locked by another program; the change was not saved")

    monkeypatch.setattr(UnitOfWork, "link_evidence", link_then_fail)
    with pytest.raises(StorageUnavailable):
        save_answer_changes(repo, *answer, {"status": "given", "value": "4", "note": "new"}, attach=[str(file)])
    assert database_dump(repo) == before
    assert not list((repo.db.evidence_dir / answer[0]).glob("*runbook.txt"))  # no copy without a record
    monkeypatch.undo()
    save_answer_changes(repo, *answer, {"status": "given", "value": "4", "note": "new"}, attach=[str(file)])
    a = repo.get_answer(answer[1], "mini-q", "q1")
    assert (a.value, a.note, len(a.evidence_ids)) == ("4", "new", 1)


def test_request_and_remove_evidence(repo, answer, monkeypatch, database_dump):
    before = database_dump(repo)
    monkeypatch.setattr(UnitOfWork, "link_evidence", lambda *a, **k: (_ for _ in ()).throw(
        StorageUnavailable("the database is locked by another program; the change was not saved")))
    with pytest.raises(StorageUnavailable):
        request_evidence_for_answer(repo, *answer, "Change records")
    assert database_dump(repo) == before  # no request without its link
    monkeypatch.undo()
    evidence_id = request_evidence_for_answer(repo, *answer, "Change records")
    assert repo.get_answer(answer[1], "mini-q", "q1").evidence_ids == (evidence_id,)
    remove_evidence(repo, evidence_id)
    assert repo.list_evidence(answer[0]) == [] and repo.get_answer(answer[1], "mini-q", "q1").evidence_ids == ()
