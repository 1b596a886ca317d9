"""Storage on a real SQLite file: round trips, migrations, bad databases."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from app.errors import UserError
from app.storage.database import _alembic_config, head_revision, open_database
from app.storage.records import ContentRef, EngagementStatus, ServiceChoice
from app.storage.repository import EngagementFilter, Repository


@pytest.fixture
def repo(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'omm.db'}")
    yield Repository(db)
    db.close()


def _engagement(repo: Repository, name: str = "Acme - diagnosis", customer: str = "Acme"):
    c = repo.find_customer(customer) or repo.create_customer(customer, "Banking", 120, 12)
    return repo.create_engagement(
        c.id, name, services=[ServiceChoice("diagnosis-basic")],
        content=[ContentRef("model", "mini", "1.0"), ContentRef("questionnaire", "mini-q", "1.0")],
        consultant="Elena", start_date=date(2026, 1, 5), end_date=date(2026, 2, 5),
    )


def test_engagement_round_trip_with_unicode_and_content_versions(repo):
    c = repo.create_customer("翠湖零售 <R&D> \"Ltd\" 🚀", "Retail", 38, 7)
    e = repo.create_engagement(c.id, "翠湖 - 诊断", services=[ServiceChoice("process-optimisation", "medium")],
                               content=[ContentRef("model", "om-sre", "1.0.0")], language="zh")
    again = repo.find_engagement("翠湖 - 诊断")
    assert again.id == e.id and again.customer.name == "翠湖零售 <R&D> \"Ltd\" 🚀"
    assert again.services == (ServiceChoice("process-optimisation", "medium"),)
    assert again.content_version("model", "om-sre") == "1.0.0"
    assert again.language == "zh" and again.status is EngagementStatus.PLANNED


def test_duplicate_and_empty_names_rejected_and_nothing_written(repo):
    _engagement(repo)
    with pytest.raises(UserError, match="already exists"):
        _engagement(repo, name="  acme -   DIAGNOSIS ")
    with pytest.raises(UserError, match="must not be empty"):
        repo.create_customer("   ")
    assert len(repo.list_engagements()) == 1 and len(repo.list_customers()) == 1


def test_end_before_start_rejected(repo):
    c = repo.create_customer("Acme")
    with pytest.raises(UserError, match="end date"):
        repo.create_engagement(c.id, "x", start_date=date(2026, 3, 1), end_date=date(2026, 2, 1))


def test_answer_saved_in_its_own_transaction_and_visible_to_a_new_connection(repo, tmp_path):
    e = _engagement(repo)
    person = repo.add_interviewee(e.id, "Ann", "sre", department="Ops")
    repo.save_answer(e.id, person.id, "mini-q", "q1", "given", "3", confidence="high", answered_by="Elena")
    # a separate, raw connection sees it at once: nothing waits for a Save button
    raw = sqlite3.connect(tmp_path / "omm.db")
    assert raw.execute("select status, value, confidence from answers").fetchall() == [("given", "3", "high")]
    raw.close()


def test_answer_upsert_keeps_note_flag_and_evidence(repo, tmp_path):
    e = _engagement(repo)
    p = repo.add_interviewee(e.id, "Ann", "sre")
    repo.set_answer_note(e.id, p.id, "mini-q", "q1", "Change log is a spreadsheet")
    repo.set_follow_up(e.id, p.id, "mini-q", "q1", True)
    file = tmp_path / "cab-minutes.txt"
    file.write_text("CAB minutes", encoding="utf-8")
    ev = repo.add_evidence_file(e.id, file)
    repo.link_evidence(e.id, p.id, "mini-q", "q1", ev.id)
    repo.save_answer(e.id, p.id, "mini-q", "q1", "given", "2")
    repo.save_answer(e.id, p.id, "mini-q", "q1", "given", "4")
    (a,) = repo.list_answers(e.id)
    assert (a.status, a.value, a.note, a.follow_up, a.evidence_ids) == (
        "given", "4", "Change log is a spreadsheet", True, (ev.id,))
    repo.clear_answer(p.id, "mini-q", "q1")
    a = repo.get_answer(p.id, "mini-q", "q1")
    assert a.status is None and a.note == "Change log is a spreadsheet"


def test_evidence_copied_with_checksum(repo, tmp_path):
    import hashlib

    e = _engagement(repo)
    src = tmp_path / "rota.pdf"
    src.write_bytes(b"%PDF-1.4 on-call rota" * 100)
    ev = repo.add_evidence_file(e.id, src, title="On-call rota")
    stored = repo.evidence_path(ev)
    assert stored.read_bytes() == src.read_bytes()
    assert ev.sha256 == hashlib.sha256(src.read_bytes()).hexdigest() and ev.received
    assert not list(stored.parent.glob(".incoming-*"))
    with pytest.raises(UserError, match="cannot read"):
        repo.add_evidence_file(e.id, tmp_path / "missing.pdf")


def test_requested_evidence_tracked(repo):
    e = _engagement(repo)
    req = repo.request_evidence(e.id, "Last three post-incident reviews")
    assert not req.received and req.requested
    repo.set_evidence_received(req.id, True)
    assert repo.list_evidence(e.id)[0].received


def test_list_filters_and_counts(repo):
    a = _engagement(repo, "Acme - diagnosis")
    _engagement(repo, "Beta - planning", customer="Beta Corp")
    p = repo.add_interviewee(a.id, "Ann", "sre")
    repo.save_answer(a.id, p.id, "mini-q", "q1", "given", "3")
    repo.set_answer_note(a.id, p.id, "mini-q", "q2", "note only: not an answer")
    rows = {r.name: r for r in repo.list_engagements()}
    assert rows["Acme - diagnosis"].answer_count == 1 and rows["Acme - diagnosis"].interviewee_count == 1
    assert [r.name for r in repo.list_engagements(EngagementFilter(text="beta"))] == ["Beta - planning"]
    assert [r.name for r in repo.list_engagements(EngagementFilter(customer="Acme"))] == ["Acme - diagnosis"]
    repo.update_engagement(a.id, archived=True)
    assert [r.name for r in repo.list_engagements()] == ["Beta - planning"]
    assert len(repo.list_engagements(EngagementFilter(include_archived=True))) == 2


def test_find_engagement_by_prefix_and_ambiguity(repo):
    a = _engagement(repo, "Acme - diagnosis 2025")
    _engagement(repo, "Acme - diagnosis 2026")
    assert repo.find_engagement(a.id[:8]).id == a.id
    with pytest.raises(UserError, match="matches several"):
        repo.find_engagement("acme")
    with pytest.raises(UserError, match="no engagement matches"):
        repo.find_engagement("zeta")


def test_duplicate_as_reassessment_copies_setup(repo):
    a = _engagement(repo)
    repo.add_interviewee(a.id, "Ann", "sre")
    copy = repo.duplicate_engagement(a.id, "Acme - re-assessment")
    assert copy.previous_engagement_id == a.id and copy.content == a.content
    assert [p.name for p in repo.list_interviewees(copy.id)] == ["Ann"]


def test_override_requires_rationale_and_targets_round_trip(repo):
    e = _engagement(repo)
    with pytest.raises(UserError, match="rationale"):
        repo.set_override(e.id, "mini", "change.approval", 3, "")
    repo.set_override(e.id, "mini", "change.approval", 3, "Saw the CAB minutes", "Elena")
    repo.set_target(e.id, "mini", "change.approval", 4)
    repo.set_target(e.id, "mini", "change.approval", 5)
    assert [(t.subject_id, t.level) for t in repo.list_targets(e.id)] == [("change.approval", 5)]
    assert repo.list_overrides(e.id)[0].rationale == "Saw the CAB minutes"


def test_deleting_engagement_cascades(repo):
    e = _engagement(repo)
    p = repo.add_interviewee(e.id, "Ann", "sre")
    repo.save_answer(e.id, p.id, "mini-q", "q1", "given", "1")
    repo.delete_engagement(e.id)
    assert repo.list_answers(e.id) == [] and repo.list_interviewees(e.id) == []


def test_migration_from_empty_database_to_head_matches_models(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    with engine.connect() as connection:
        migrated = {t: {c["name"] for c in inspect(connection).get_columns(t)}
                    for t in inspect(connection).get_table_names()}
    engine.dispose()
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    with fresh.engine.connect() as connection:
        created = {t: {c["name"] for c in inspect(connection).get_columns(t)}
                   for t in inspect(connection).get_table_names()}
    fresh.close()
    assert migrated == created


def test_older_database_is_backed_up_then_upgraded(tmp_path):
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
        connection.exec_driver_sql("insert into customers (id, name, industry, notes, created_at, updated_at) "
                                   "values ('c1', 'Old Co', '', '', '2025-01-01', '2025-01-01')")
    engine.dispose()
    db = open_database(f"sqlite:///{path}")
    assert db.backup_path is not None and db.backup_path.exists()
    backup = sqlite3.connect(db.backup_path)
    assert backup.execute("select version_num from alembic_version").fetchone() == ("0001",)
    backup.close()
    assert [c.name for c in Repository(db).list_customers()] == ["Old Co"]
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("select version_num from alembic_version").scalar() == head_revision()
    db.close()


def test_database_from_newer_app_refused_untouched(tmp_path):
    path = tmp_path / "new.db"
    open_database(f"sqlite:///{path}").close()
    raw = sqlite3.connect(path)
    raw.execute("update alembic_version set version_num = '9999_future'")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="newer version of omm"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_not_a_database_file(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database", encoding="utf-8")
    with pytest.raises(UserError, match="not an omm database"):
        open_database(str(path))
    assert path.read_text(encoding="utf-8") == "these are my notes, not a database"


def test_foreign_sqlite_database_refused(tmp_path):
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("create table stuff (x)")
    raw.commit()
    raw.close()
    with pytest.raises(UserError, match="not an omm repository"):
        open_database(str(path))


def test_locked_database_gives_clear_error(repo, tmp_path):
    e = _engagement(repo)
    p = repo.add_interviewee(e.id, "Ann", "sre")
    blocker = sqlite3.connect(tmp_path / "omm.db", timeout=0)
    blocker.execute("begin exclusive")
    repo.db.engine.dispose()
    try:
        from sqlalchemy import event

        event.listen(repo.db.engine, "connect", lambda c, r: c.execute("PRAGMA busy_timeout=50"))
        from app.storage.repository import StorageUnavailable

        with pytest.raises(StorageUnavailable, match="locked"):
            repo.save_answer(e.id, p.id, "mini-q", "q1", "given", "3")
    finally:
        blocker.rollback()
        blocker.close()
    repo.save_answer(e.id, p.id, "mini-q", "q1", "given", "3")  # retry succeeds once the lock is gone
    assert repo.get_answer(p.id, "mini-q", "q1").value == "3"
