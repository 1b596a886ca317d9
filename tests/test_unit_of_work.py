"""The unit of work and the engagement documents store, on real databases.

Each test runs on a SQLite file and, when OMM_TEST_POSTGRES_URL is set, on a fresh
PostgreSQL schema too. "Nothing changed" is checked on a dump of the whole database.
"""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import create_engine

from app.errors import UserError
from app.storage.database import _alembic_config, open_database
from app.storage.documents import VersionConflict
from app.storage.records import ContentRef, DocumentRecord, ServiceChoice
from app.storage.repository import NotFound, Repository, StorageUnavailable, UnitOfWork


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    db = open_database(new_database())
    yield Repository(db)
    db.close()


def _engagement(repo, name="Acme 2026", customer="Acme"):
    c = repo.find_customer(customer) or repo.create_customer(customer, "Banking", 120, 12)
    return repo.create_engagement(c.id, name, services=[ServiceChoice("diagnosis-basic")],
                                  content=[ContentRef("model", "mini", "1.0"),
                                           ContentRef("questionnaire", "mini-q", "1.0")],
                                  consultant="Elena", start_date=date(2026, 1, 5))


def _rows(repo, sql):
    engine = create_engine(repo.db.engine.url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.exec_driver_sql(sql)]
    finally:
        engine.dispose()


# --- unit of work -------------------------------------------------------------------


def test_unit_of_work_commits_once_at_the_end(repo):
    with repo.unit_of_work() as uow:
        assert isinstance(uow, UnitOfWork)
        c = uow.create_customer("Acme")
        e = uow.create_engagement(c.id, "Acme 2026", services=[ServiceChoice("diagnosis-basic")])
        p = uow.add_interviewee(e.id, "Ann", "sre")
        uow.save_answer(e.id, p.id, "mini-q", "q1", "given", "2")
        uow.documents.put(e.id, "plan", "main", {"phases": []})
        # inside the unit: its own reads see the writes, another connection sees nothing yet
        assert uow.get_engagement(e.id).customer.name == "Acme"
        assert [a.value for a in uow.list_answers(e.id)] == ["2"]
        assert _rows(repo, "select count(*) from customers") == [(0,)]
    assert _rows(repo, "select count(*) from customers") == [(1,)]
    assert [a.value for a in repo.list_answers(e.id)] == ["2"]
    assert repo.documents.get(e.id, "plan", "main").payload == {"phases": []}


def test_an_error_in_the_block_rolls_everything_back(repo, database_dump):
    _engagement(repo, "Before")
    before = database_dump(repo)
    with pytest.raises(RuntimeError, match="boom"):
        with repo.unit_of_work() as uow:
            c = uow.create_customer("Beta")
            e = uow.create_engagement(c.id, "Beta 2026")
            p = uow.add_interviewee(e.id, "Bo", "cio")
            uow.save_answer(e.id, p.id, "mini-q", "q1", "given", "3")  # the one-statement upsert path
            uow.documents.put(e.id, "findings", "draft", [1, 2, 3])
            raise RuntimeError("boom")
    assert database_dump(repo) == before


def test_a_failed_step_dooms_the_unit_even_when_its_error_is_caught(repo, database_dump):
    _engagement(repo)
    before = database_dump(repo)
    with pytest.raises(UserError, match="already exists"):
        with repo.unit_of_work() as uow:
            uow.create_customer("Gamma")
            try:
                uow.create_customer("ACME")  # a clash: the step fails
            except UserError:
                pass  # swallowed by a careless caller: the unit still must not commit half
    assert database_dump(repo) == before


def test_storage_errors_are_translated_at_the_end_of_the_unit(repo, database_dump, monkeypatch):
    e = _engagement(repo)
    before = database_dump(repo)

    def full_disk(self, *args, **kwargs):
        from sqlalchemy.exc import OperationalError

        raise OperationalError("insert", {}, Exception("database or disk is full"))

    monkeypatch.setattr(UnitOfWork, "add_interviewee", full_disk)
    with pytest.raises(StorageUnavailable, match="disk is full"):
        with repo.unit_of_work() as uow:
            uow.update_engagement(e.id, consultant="Someone else")
            uow.add_interviewee(e.id, "Ann", "sre")
    assert database_dump(repo) == before


def test_nested_units_join_the_outer_one(repo, database_dump):
    before = database_dump(repo)
    with pytest.raises(RuntimeError):
        with repo.unit_of_work() as outer:
            c = outer.create_customer("Delta")
            with outer.unit_of_work() as inner:
                assert inner is outer
                inner.create_engagement(c.id, "Delta 2026")
            assert _rows(repo, "select count(*) from engagements") == [(0,)]  # the inner end commits nothing
            raise RuntimeError("later failure")
    assert database_dump(repo) == before


def test_a_unit_cannot_be_used_after_its_end(repo):
    with repo.unit_of_work() as uow:
        uow.create_customer("Epsilon")
    with pytest.raises(RuntimeError, match="has ended"):
        uow.create_customer("Zeta")
    assert [c.name for c in repo.list_customers()] == ["Epsilon"]


def test_single_calls_still_commit_each_on_their_own(repo):
    e = _engagement(repo)
    p = repo.add_interviewee(e.id, "Ann", "sre")
    repo.save_answer(e.id, p.id, "mini-q", "q1", "given", "1")
    with pytest.raises(UserError):
        repo.add_interviewee(e.id, "ann", "cio")  # fails alone; what came before stays
    assert _rows(repo, "select value from answers") == [("1",)]
    assert [x.name for x in repo.list_interviewees(e.id)] == ["Ann"]


def test_evidence_added_in_a_rolled_back_unit_leaves_no_file(repo, tmp_path):
    e = _engagement(repo)
    source = tmp_path / "cab-minutes.txt"
    source.write_text("minutes", encoding="utf-8")
    kept = repo.add_evidence_file(e.id, source, title="kept")  # outside any unit: stays
    other = tmp_path / "runbook.txt"
    other.write_text("runbook", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with repo.unit_of_work() as uow:
            added = uow.add_evidence_file(e.id, other, title="rolled back")
            assert (repo.db.evidence_dir / added.stored_path).exists()
            uow.add_evidence_file(e.id, source, title="same bytes as the kept file")
            raise RuntimeError("stop")
    assert not (repo.db.evidence_dir / added.stored_path).exists()
    assert (repo.db.evidence_dir / kept.stored_path).exists()  # a file another record uses is left alone
    assert [x.title for x in repo.list_evidence(e.id)] == ["kept"]


# --- duplicate and delete, all or nothing ---------------------------------------------


def _filled(repo, tmp_path):
    e = _engagement(repo)
    ann = repo.add_interviewee(e.id, "Ann", "sre")
    bob = repo.add_interviewee(e.id, "Bob", "cio")
    repo.save_answer(e.id, ann.id, "mini-q", "q1", "given", "2", confidence="high")
    repo.save_answer(e.id, bob.id, "mini-q", "q1", "given", "4")
    repo.documents.put(e.id, "plan", "main", {"phases": ["stabilise", "automate"]}, updated_by="Elena")
    repo.documents.put(e.id, "plan", "main", {"phases": ["stabilise", "automate", "optimise"]})
    repo.documents.put(e.id, "findings", "f-1", {"text": "变更评审 <b>&</b>"})
    source = tmp_path / "org-chart.txt"
    source.write_text("chart", encoding="utf-8")
    repo.add_evidence_file(e.id, source)
    return e


def test_duplicate_copies_interviewees_answers_and_documents(repo, tmp_path):
    e = _filled(repo, tmp_path)
    copy = repo.duplicate_engagement(e.id, "Acme 2027", with_answers=True)
    assert copy.previous_engagement_id == e.id
    assert sorted(p.name for p in repo.list_interviewees(copy.id)) == ["Ann", "Bob"]
    assert sorted(a.value for a in repo.list_answers(copy.id)) == ["2", "4"]
    docs = repo.documents.list(copy.id)
    assert [(d.kind, d.key, d.version) for d in docs] == [("findings", "f-1", 1), ("plan", "main", 1)]
    assert docs[0].payload == {"text": "变更评审 <b>&</b>"}
    assert docs[1].payload == {"phases": ["stabilise", "automate", "optimise"]}
    assert repo.documents.get(e.id, "plan", "main").version == 2  # the source is untouched


def test_duplicate_failing_at_its_second_write_changes_nothing(repo, tmp_path, database_dump, monkeypatch):
    e = _filled(repo, tmp_path)
    before = database_dump(repo)
    calls = []
    original = UnitOfWork.add_interviewee

    def second_fails(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise StorageUnavailable("the database is locked by another program; the change was not saved")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(UnitOfWork, "add_interviewee", second_fails)
    with pytest.raises(StorageUnavailable):
        repo.duplicate_engagement(e.id, "Acme 2027", with_answers=True)
    assert len(calls) == 2
    assert database_dump(repo) == before
    monkeypatch.setattr(UnitOfWork, "add_interviewee", original)
    copy = repo.duplicate_engagement(e.id, "Acme 2027", with_answers=True)  # the retry works
    assert len(repo.list_interviewees(copy.id)) == 2


def test_duplicate_failing_at_the_documents_changes_nothing(repo, tmp_path, database_dump, monkeypatch):
    e = _filled(repo, tmp_path)
    before = database_dump(repo)
    from app.storage.documents import DocumentStore

    def broken(self, *args, **kwargs):
        raise StorageUnavailable("the disk is full; the change was not saved")

    monkeypatch.setattr(DocumentStore, "copy_all", broken)
    with pytest.raises(StorageUnavailable):
        repo.duplicate_engagement(e.id, "Acme 2027", with_answers=True)
    assert database_dump(repo) == before


def test_delete_removes_documents_and_evidence_only_once_committed(repo, tmp_path, database_dump, monkeypatch):
    e = _filled(repo, tmp_path)
    folder = repo.db.evidence_dir / e.id
    assert any(folder.iterdir())
    before = database_dump(repo)
    with pytest.raises(RuntimeError):
        with repo.unit_of_work() as uow:
            uow.delete_engagement(e.id)
            raise RuntimeError("a later step of the use case failed")
    assert database_dump(repo) == before and any(folder.iterdir())  # evidence files kept too
    repo.delete_engagement(e.id)
    assert repo.documents.list(e.id) == []
    assert _rows(repo, "select count(*) from engagement_documents") == [(0,)]
    assert not folder.exists()
    with pytest.raises(NotFound):
        repo.get_engagement(e.id)


# --- the documents store ---------------------------------------------------------------


def test_documents_put_get_list_delete_with_versions(repo):
    e = _engagement(repo)
    other = _engagement(repo, "Other 2026")
    payload = {"title": "路线图 \"2026\" <x>", "items": [{"id": 1, "weeks": 2.5, "done": False, "owner": None}]}
    first = repo.documents.put(e.id, "roadmap", "main", payload, updated_by="Elena")
    assert isinstance(first, DocumentRecord)
    assert (first.engagement_id, first.kind, first.key, first.version, first.updated_by) == \
        (e.id, "roadmap", "main", 1, "Elena")
    payload["items"].append("changed by the caller afterwards")
    assert repo.documents.get(e.id, "roadmap", "main").payload["items"] == [
        {"id": 1, "weeks": 2.5, "done": False, "owner": None}]  # stored as it was put, not by reference
    second = repo.documents.put(e.id, "roadmap", "main", {"title": "v2"}, updated_by="Li")
    assert second.version == 2 and second.id == first.id and second.updated_at >= first.updated_at
    third = repo.documents.put(e.id, "roadmap", "main", {"title": "v3"})
    assert third.version == 3 and third.updated_by == ""
    repo.documents.put(e.id, "roadmap", "alt", ["a"])
    repo.documents.put(e.id, "org", "design", {"units": []})
    repo.documents.put(other.id, "roadmap", "main", {"title": "someone else's"})
    assert [d.key for d in repo.documents.list(e.id, "roadmap")] == ["alt", "main"]
    assert [(d.kind, d.key) for d in repo.documents.list(e.id)] == [("org", "design"), ("roadmap", "alt"),
                                                                     ("roadmap", "main")]
    got = repo.documents.get(e.id, "roadmap", "main")
    assert got == third
    assert repo.documents.get(e.id, "roadmap", "missing") is None
    assert repo.documents.delete(e.id, "roadmap", "main") is True
    assert repo.documents.delete(e.id, "roadmap", "main") is False
    assert repo.documents.get(e.id, "roadmap", "main") is None
    again = repo.documents.put(e.id, "roadmap", "main", {"title": "new"})
    assert again.version == 1  # a deleted document starts over
    assert repo.documents.get(other.id, "roadmap", "main").payload == {"title": "someone else's"}


def test_document_version_check_refuses_a_stale_save(repo):
    e = _engagement(repo)
    with pytest.raises(VersionConflict):
        repo.documents.put(e.id, "plan", "main", {}, expected_version=1)  # there is none yet
    opened = repo.documents.put(e.id, "plan", "main", {"v": 1}, expected_version=0)
    repo.documents.put(e.id, "plan", "main", {"v": "colleague"})  # saved in between
    with pytest.raises(VersionConflict, match="version 2, not 1"):
        repo.documents.put(e.id, "plan", "main", {"v": "mine"}, expected_version=opened.version)
    assert repo.documents.get(e.id, "plan", "main").payload == {"v": "colleague"}
    assert repo.documents.put(e.id, "plan", "main", {"v": "mine"}, expected_version=2).version == 3


def test_bad_documents_are_refused_and_nothing_is_written(repo, database_dump):
    e = _engagement(repo)
    before = database_dump(repo)
    with pytest.raises(ValueError, match="not plain JSON"):
        repo.documents.put(e.id, "plan", "main", {"when": date(2026, 1, 1)})
    with pytest.raises(ValueError, match="not plain JSON"):
        repo.documents.put(e.id, "plan", "main", {"score": float("nan")})
    with pytest.raises(ValueError, match="kind"):
        repo.documents.put(e.id, "", "main", {})
    with pytest.raises(ValueError, match="key"):
        repo.documents.put(e.id, "plan", "k" * 201, {})
    with pytest.raises(NotFound):
        repo.documents.put("no-such-engagement", "plan", "main", {})
    assert database_dump(repo) == before


def test_documents_in_a_unit_of_work_commit_with_it(repo, database_dump):
    e = _engagement(repo)
    repo.documents.put(e.id, "plan", "main", {"v": 1})
    before = database_dump(repo)
    with pytest.raises(RuntimeError):
        with repo.unit_of_work() as uow:
            assert uow.documents.put(e.id, "plan", "main", {"v": 2}).version == 2
            uow.documents.put(e.id, "plan", "second", {"v": 1})
            uow.documents.delete(e.id, "plan", "main")
            raise RuntimeError("stop")
    assert database_dump(repo) == before
    with repo.unit_of_work() as uow:
        uow.documents.put(e.id, "plan", "main", {"v": 2})
        uow.documents.put(e.id, "plan", "second", {"v": 1})
    assert [(d.key, d.version) for d in repo.documents.list(e.id, "plan")] == [("main", 2), ("second", 1)]


def test_a_database_at_0003_upgrades_and_keeps_its_engagements(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    OLD = "0f0e0d0c-0b0a-4908-8706-050403020100"  # noqa: N806 - ids are UUIDs: omm refuses others as paths
    url = new_database()
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0003")
        connection.exec_driver_sql("insert into customers (id, name, industry, notes, created_at, updated_at) "
                                   "values ('c1', 'Old Co', '', '', '2025-01-01', '2025-01-01')")
        connection.exec_driver_sql(
            "insert into engagements (id, customer_id, name, consultant, status, scope_notes, archived, "
            "created_at, updated_at, language) values ('" + OLD + "', 'c1', 'Old', '', 'planned', '', false, "
            "'2025-01-01', '2025-01-02', 'en')")
    engine.dispose()
    db = open_database(url)
    repo = Repository(db)
    assert repo.documents.list(OLD) == []
    assert repo.documents.put(OLD, "plan", "main", {"ok": True}).version == 1
    repo.delete_engagement(OLD)
    assert _rows(repo, "select count(*) from engagement_documents") == [(0,)]  # the cascade is in the schema
    db.close()
