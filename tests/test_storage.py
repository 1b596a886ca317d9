"""Storage on real databases: round trips, migrations, bad databases.

Every test taking ``backend`` (through the ``repo`` or ``new_database`` fixtures) runs
on a SQLite file and, when OMM_TEST_POSTGRES_URL is set (.ci/run sets it), on a fresh
schema of that PostgreSQL database too.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect

from app.errors import UserError
from app.storage.database import _alembic_config, head_revision, open_database
from app.storage.records import ContentRef, EngagementStatus, ServiceChoice
from app.storage.repository import EngagementFilter, Repository


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))  # a shared repository's evidence cache
    db = open_database(new_database())
    yield Repository(db)
    db.close()


@pytest.fixture
def sqlite_repo(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'omm.db'}")
    yield Repository(db)
    db.close()


def _engagement(repo: Repository, name: str = "Acme - diagnosis", customer: str = "Acme", **kwargs):
    c = repo.find_customer(customer) or repo.create_customer(customer, "Banking", 120, 12)
    options = dict(services=[ServiceChoice("diagnosis-basic")],
                   content=[ContentRef("model", "mini", "1.0"), ContentRef("questionnaire", "mini-q", "1.0")],
                   consultant="Elena", start_date=date(2026, 1, 5), end_date=date(2026, 2, 5))
    return repo.create_engagement(c.id, name, **{**options, **kwargs})


def _raw(repo: Repository, sql: str) -> list[tuple]:
    """What another program (or a colleague's omm) reads, on a connection of its own."""
    engine = create_engine(repo.db.engine.url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.exec_driver_sql(sql)]
    finally:
        engine.dispose()


def test_engagement_round_trip_with_unicode_and_content_versions(repo):
    c = repo.create_customer("翠湖零售 <R&D> \"Ltd\" 🚀 'quote' 100%_x", "Retail", 38, 7, notes="备注\nline 2\t✓")
    e = repo.create_engagement(c.id, "翠湖 - 诊断", services=[ServiceChoice("process-optimisation", "medium")],
                               content=[ContentRef("model", "om-sre", "1.0.0")], language="zh",
                               scope_notes="范围: ops & SRE — «all» 🚀", start_date=date(2026, 2, 28))
    again = repo.find_engagement("翠湖 - 诊断")
    assert again.id == e.id and again.customer.name == "翠湖零售 <R&D> \"Ltd\" 🚀 'quote' 100%_x"
    assert again.customer.notes == "备注\nline 2\t✓" and again.scope_notes == "范围: ops & SRE — «all» 🚀"
    assert again.services == (ServiceChoice("process-optimisation", "medium"),)
    assert again.content_version("model", "om-sre") == "1.0.0"
    assert again.language == "zh" and again.status is EngagementStatus.PLANNED
    assert again.start_date == date(2026, 2, 28) and again.end_date is None and again.archived is False
    assert isinstance(again.created_at, datetime) and again.created_at.tzinfo is None
    assert abs(again.created_at - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=5)
    assert repo.find_customer("翠湖零售 <r&d> \"LTD\" 🚀 'QUOTE' 100%_X").id == c.id


def test_datetimes_booleans_and_numbers_round_trip(repo):
    e = _engagement(repo)
    planned = datetime(2026, 3, 1, 9, 30, 15, 123456)
    p = repo.add_interviewee(e.id, "Zoë Åström", "sre", planned_at=planned, notes="Müller's team")
    assert repo.list_interviewees(e.id)[0].planned_at == planned
    # an aware time is kept as the same instant in local wall-clock time, on every backend
    aware = datetime(2026, 3, 2, 10, 0, tzinfo=timezone(timedelta(hours=8)))
    repo.update_interviewee(p.id, planned_at=aware)
    assert repo.list_interviewees(e.id)[0].planned_at == aware.astimezone().replace(tzinfo=None)
    repo.set_follow_up(e.id, p.id, "mini-q", "q1", True)
    repo.set_follow_up(e.id, p.id, "mini-q", "q2", False)
    flags = {a.question_id: a.follow_up for a in repo.list_answers(e.id)}
    assert flags == {"q1": True, "q2": False} and all(type(f) is bool for f in flags.values())
    repo.set_target(e.id, "mini", "change", 3.25)
    assert repo.list_targets(e.id)[0].level == 3.25
    session = repo.start_session(e.id, p.id, "mini-q")
    repo.touch_session(session.id, "q2", 95)
    repo.end_session(session.id, 120)
    (s,) = repo.list_sessions(e.id)
    assert s.elapsed_seconds == 120 and s.last_question_id == "q2" and s.ended_at >= s.started_at
    repo.mark_opened(e.id)
    assert [x.id for x in repo.recent_engagements()] == [e.id]


def test_duplicate_and_empty_names_rejected_and_nothing_written(repo):
    _engagement(repo)
    with pytest.raises(UserError, match="already exists"):
        _engagement(repo, name="  acme -   DIAGNOSIS ")
    with pytest.raises(UserError, match="must not be empty"):
        repo.create_customer("   ")
    assert len(repo.list_engagements()) == 1 and len(repo.list_customers()) == 1


def test_case_insensitive_names_beyond_ascii(repo):
    c = repo.create_customer("Ärzte Bank Ωμέγα")
    with pytest.raises(UserError, match="already exists"):
        repo.create_customer("ÄRZTE BANK ΩΜΈΓΑ")
    assert repo.find_customer("ärzte bank ωμέγα").id == c.id
    e = _engagement(repo, name="Émile — ÉTUDE", customer="Ärzte Bank Ωμέγα")
    with pytest.raises(UserError, match="already exists"):
        _engagement(repo, name="émile — étude", customer="Ärzte Bank Ωμέγα")
    assert repo.find_engagement("ÉMILE — étude").id == e.id
    assert repo.find_engagement("étude").id == e.id  # part of a name, any case
    other = repo.create_customer("Other")
    with pytest.raises(UserError, match="already exists"):
        repo.update_customer(other.id, name="ärzte BANK ωμέγα")
    p = repo.add_interviewee(e.id, "Åsa Öberg", "sre")
    with pytest.raises(UserError, match="already registered"):
        repo.add_interviewee(e.id, "åsa öberg", "dev")
    assert [x.id for x in repo.list_interviewees(e.id)] == [p.id]


def test_end_before_start_rejected(repo):
    c = repo.create_customer("Acme")
    with pytest.raises(UserError, match="end date"):
        repo.create_engagement(c.id, "x", start_date=date(2026, 3, 1), end_date=date(2026, 2, 1))


def test_answer_saved_in_its_own_transaction_and_visible_to_a_new_connection(repo):
    e = _engagement(repo)
    person = repo.add_interviewee(e.id, "Ann", "sre", department="Ops")
    repo.save_answer(e.id, person.id, "mini-q", "q1", "given", "3", confidence="high", answered_by="Elena")
    # a separate connection sees it at once: nothing waits for a Save button
    assert _raw(repo, "select status, value, confidence from answers") == [("given", "3", "high")]


def test_answer_upsert_keeps_note_flag_and_evidence(repo, tmp_path):
    e = _engagement(repo)
    p = repo.add_interviewee(e.id, "Ann", "sre")
    repo.set_answer_note(e.id, p.id, "mini-q", "q1", "Change log is a spreadsheet — 变更记录 📄")
    repo.set_follow_up(e.id, p.id, "mini-q", "q1", True)
    file = tmp_path / "cab-minutes.txt"
    file.write_text("CAB minutes", encoding="utf-8")
    ev = repo.add_evidence_file(e.id, file)
    repo.link_evidence(e.id, p.id, "mini-q", "q1", ev.id)
    repo.link_evidence(e.id, p.id, "mini-q", "q1", ev.id)  # twice: still one link
    repo.save_answer(e.id, p.id, "mini-q", "q1", "given", "2", confidence="low", answered_by="Elena")
    first = repo.get_answer(p.id, "mini-q", "q1")
    repo.save_answer(e.id, p.id, "mini-q", "q1", "given", "4")
    (a,) = repo.list_answers(e.id)
    assert (a.status, a.value, a.note, a.follow_up, a.evidence_ids) == (
        "given", "4", "Change log is a spreadsheet — 变更记录 📄", True, (ev.id,))
    assert a.id == first.id and a.confidence == "low" and a.answered_by == "Elena"  # not given: kept
    assert a.answered_at >= first.answered_at
    repo.save_answer(e.id, p.id, "mini-q", "q1", "not_applicable", "3")
    a = repo.get_answer(p.id, "mini-q", "q1")
    assert (a.status, a.value, a.evidence_ids) == ("not_applicable", None, (ev.id,))
    repo.clear_answer(p.id, "mini-q", "q1")
    a = repo.get_answer(p.id, "mini-q", "q1")
    assert a.status is None and a.note == "Change log is a spreadsheet — 变更记录 📄" and a.follow_up
    repo.unlink_evidence(p.id, "mini-q", "q1", ev.id)
    assert repo.get_answer(p.id, "mini-q", "q1").evidence_ids == ()
    assert _raw(repo, "select count(*) from answers") == [(1,)]


def test_answer_for_a_removed_interviewee_is_refused(repo):
    from app.storage.repository import NotFound

    e = _engagement(repo)
    p = repo.add_interviewee(e.id, "Ann", "sre")
    repo.remove_interviewee(p.id)
    with pytest.raises(NotFound, match="no longer exists"):
        repo.save_answer(e.id, p.id, "mini-q", "q1", "given", "3")
    repo.save_answer(e.id, repo.add_interviewee(e.id, "Bob", "sre").id, "mini-q", "q1", "given", "3")


def test_evidence_copied_with_checksum(repo, tmp_path):
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


def test_evidence_opens_on_another_machine(repo, tmp_path, monkeypatch):
    """A shared repository holds the bytes; a colleague's omm fetches them into its own cache."""
    from app.storage import repository

    monkeypatch.setattr(repository, "EVIDENCE_CHUNK_BYTES", 1000)  # several chunks, in order
    e = _engagement(repo)
    src = tmp_path / "Änderungsprotokoll 变更.csv"
    payload = bytes(range(256)) * 20 + "日志".encode()
    src.write_bytes(payload)
    ev = repo.add_evidence_file(e.id, src)
    src.unlink()
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "colleague"))
    colleague = open_database(str(repo.db.engine.url.render_as_string(hide_password=False)))
    try:
        theirs = Repository(colleague)
        (record,) = theirs.list_evidence(e.id)
        path = theirs.evidence_path(record)
        assert path.read_bytes() == payload and record.original_name == "Änderungsprotokoll 变更.csv"
        if repo.db.is_sqlite:
            assert path == repo.evidence_path(ev)  # next to the database file, as before
        else:
            assert path.is_relative_to(tmp_path / "colleague")
            assert _raw(repo, "select count(*) from evidence_chunks") == [(6,)]
            path.write_bytes(b"truncated")  # a damaged cache is fetched again
            assert theirs.evidence_path(record).read_bytes() == payload
        theirs.delete_engagement(e.id)
    finally:
        colleague.close()
    assert _raw(repo, "select count(*) from evidence") == [(0,)]
    if not repo.db.is_sqlite:
        assert _raw(repo, "select count(*) from evidence_chunks") == [(0,)]


def test_requested_evidence_tracked(repo):
    e = _engagement(repo)
    req = repo.request_evidence(e.id, "Last three post-incident reviews")
    assert not req.received and req.requested and repo.evidence_path(req) is None
    repo.set_evidence_received(req.id, True)
    assert repo.list_evidence(e.id)[0].received


def test_list_filters_and_counts(repo):
    a = _engagement(repo, "Acme - diagnosis")
    b = _engagement(repo, "Beta - planning 100%", customer="Beta Corp", consultant="Zhang Wei",
                    services=[ServiceChoice("process-optimisation")], start_date=date(2026, 6, 1), end_date=None,
                    status=EngagementStatus.IN_PROGRESS)
    p = repo.add_interviewee(a.id, "Ann", "sre")
    q = repo.add_interviewee(a.id, "Bob", "dev")
    repo.save_answer(a.id, p.id, "mini-q", "q1", "given", "3")
    repo.save_answer(a.id, q.id, "mini-q", "q1", "unknown")
    repo.set_answer_note(a.id, p.id, "mini-q", "q2", "note only: not an answer")
    rows = {r.name: r for r in repo.list_engagements()}
    assert (rows["Acme - diagnosis"].answer_count, rows["Acme - diagnosis"].interviewee_count) == (2, 2)
    assert (rows[b.name].answer_count, rows[b.name].interviewee_count) == (0, 0)
    assert rows[b.name].service_ids == ("process-optimisation",) and rows[b.name].customer_name == "Beta Corp"

    def names(**kwargs):
        return [r.name for r in repo.list_engagements(EngagementFilter(**kwargs))]

    assert names(text="beta") == [b.name] == names(text="  BETA ")
    assert names(text="zhang") == [b.name] == names(text="100%")
    assert names(text="%") == [b.name] and names(text="_") == []  # LIKE wildcards are plain text
    assert names(text="banking") == [b.name, a.name]  # the most recently changed first
    assert names(customer="Acme") == [a.name] and names(industry="Banking", status="planned") == []
    # Acme was planned: its first answer moved it to in progress
    assert names(industry="Banking", status="in_progress") == [b.name, a.name]
    assert names(service_id="diagnosis-basic") == [a.name]
    assert names(started_after=date(2026, 3, 1)) == [b.name] and names(started_before=date(2026, 3, 1)) == [a.name]
    repo.update_engagement(a.id, archived=True)
    assert [r.name for r in repo.list_engagements()] == [b.name]
    assert len(repo.list_engagements(EngagementFilter(include_archived=True))) == 2
    repo.update_engagement(b.id, consultant="Li")
    assert names(include_archived=True) == [b.name, a.name]


def test_find_engagement_by_prefix_and_ambiguity(repo):
    a = _engagement(repo, "Acme - diagnosis 2025")
    _engagement(repo, "Acme - diagnosis 2026")
    assert repo.find_engagement(a.id[:8]).id == a.id
    with pytest.raises(UserError, match="matches several engagements: 'Acme - diagnosis 2025', 'Acme"):
        repo.find_engagement("acme")
    with pytest.raises(UserError, match="no engagement matches"):
        repo.find_engagement("zeta")
    with pytest.raises(UserError, match="no engagement matches"):
        repo.find_engagement("%")


def test_duplicate_as_reassessment_copies_setup(repo):
    a = _engagement(repo)
    p = repo.add_interviewee(a.id, "Ann", "sre")
    repo.save_answer(a.id, p.id, "mini-q", "q1", "given", "3", confidence="high")
    copy = repo.duplicate_engagement(a.id, "Acme - re-assessment", with_answers=True)
    assert copy.previous_engagement_id == a.id and copy.content == a.content
    assert [p.name for p in repo.list_interviewees(copy.id)] == ["Ann"]
    assert [(x.value, x.confidence) for x in repo.list_answers(copy.id)] == [("3", "high")]


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
    repo.start_session(e.id, p.id, "mini-q")
    repo.delete_engagement(e.id)
    assert repo.list_answers(e.id) == [] and repo.list_interviewees(e.id) == []
    assert _raw(repo, "select count(*) from interview_sessions") == [(0,)]
    with pytest.raises(UserError, match="no engagement"):
        repo.delete_engagement(e.id)


# --- schema: creation, migrations, databases omm must not touch ---------------------


def _schema(url: str) -> dict:
    """Everything about the tables that matters: columns with types, keys, constraints, indexes."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            i = inspect(connection)
            return {
                t: {
                    "columns": {c["name"]: (str(c["type"]), c["nullable"], c.get("default")) for c in i.get_columns(t)},
                    "pk": tuple(i.get_pk_constraint(t)["constrained_columns"]),
                    "fks": sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]),
                                   f["options"].get("ondelete")) for f in i.get_foreign_keys(t)),
                    "unique": sorted(tuple(u["column_names"]) for u in i.get_unique_constraints(t)),
                    "indexes": sorted((x["name"], tuple(x["column_names"]), bool(x["unique"]))
                                      for x in i.get_indexes(t)),
                }
                for t in i.get_table_names()
            }
    finally:
        engine.dispose()


def test_migration_from_empty_database_to_head_matches_models(new_database):
    migrated_url = new_database()
    engine = create_engine(migrated_url)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    engine.dispose()
    fresh_url = new_database()
    open_database(fresh_url).close()  # create_all, then stamped at head
    migrated, created = _schema(migrated_url), _schema(fresh_url)
    assert set(created) >= {"answers", "evidence_chunks", "alembic_version"}
    assert migrated == created
    engine = create_engine(migrated_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("select version_num from alembic_version").scalar() == head_revision()
    engine.dispose()
    db = open_database(migrated_url)  # and omm opens it as is
    assert Repository(db).list_engagements() == [] and db.backup_path is None
    db.close()


def test_older_database_is_backed_up_then_upgraded(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    url = new_database()
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
        connection.exec_driver_sql("insert into customers (id, name, industry, notes, created_at, updated_at) "
                                   "values ('c1', 'Old Co', '', '', '2025-01-01', '2025-01-01')")
        connection.exec_driver_sql(
            "insert into engagements (id, customer_id, name, consultant, status, scope_notes, archived, "
            "created_at, updated_at) values ('e1', 'c1', 'Old engagement', '', 'planned', '', false, "
            "'2025-01-01', '2025-01-02')")
    engine.dispose()
    db = open_database(url)
    if db.is_sqlite:  # a file is copied before the upgrade; a server has its own backups
        assert db.backup_path is not None and db.backup_path.exists()
        backup = sqlite3.connect(db.backup_path)
        assert backup.execute("select version_num from alembic_version").fetchone() == ("0001",)
        backup.close()
    else:
        assert db.backup_path is None
    repo = Repository(db)
    assert [c.name for c in repo.list_customers()] == ["Old Co"]
    old = repo.get_engagement("e1")
    assert old.language == "en" and old.updated_at == datetime(2025, 1, 2) and old.archived is False
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("select version_num from alembic_version").scalar() == head_revision()
    db.close()


def test_database_from_newer_app_refused_untouched(new_database):
    url = new_database()
    open_database(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("update alembic_version set version_num = '9999_future'")
    before = _schema(url)
    with pytest.raises(UserError, match="newer version of omm") as info:
        open_database(url)
    assert "9999_future" in str(info.value)
    assert _schema(url) == before
    with engine.connect() as connection:
        assert connection.exec_driver_sql("select version_num from alembic_version").scalar() == "9999_future"
    engine.dispose()


def test_upgrade_can_be_declined(new_database):
    url = new_database()
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0002")
    engine.dispose()
    with pytest.raises(UserError, match="needs an upgrade from schema 0002"):
        open_database(url, upgrade=False)
    assert "evidence_chunks" not in _schema(url)


def test_foreign_database_refused(new_database):
    url = new_database()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("create table stuff (x integer)")
    engine.dispose()
    with pytest.raises(UserError, match="not an omm repository"):
        open_database(url)
    assert set(_schema(url)) == {"stuff"}


def test_not_a_database_file(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database", encoding="utf-8")
    with pytest.raises(UserError, match="not an omm database"):
        open_database(str(path))
    assert path.read_text(encoding="utf-8") == "these are my notes, not a database"


def test_unsupported_or_unreachable_servers_give_one_clear_line(tmp_path):
    with pytest.raises(UserError, match="SQLite and PostgreSQL databases only"):
        open_database("mysql+pymysql://omm:secret@localhost/omm")
    with pytest.raises(UserError, match="cannot open database"):
        open_database("postgresql+nodriver://x/y")
    # port 9 (discard) on the loopback: nothing listens, the connection is refused at once
    with pytest.raises(UserError) as info:
        open_database("postgresql://omm:s3cret-pw@127.0.0.1:9/omm")
    message = str(info.value)
    assert "s3cret-pw" not in message and "***" in message and "\n" not in message


def test_locked_database_gives_clear_error(sqlite_repo, tmp_path):
    repo = sqlite_repo
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


def test_update_engagement_keeps_resizes_and_replaces_services_and_content(repo):
    e = _engagement(repo)
    same = repo.update_engagement(e.id, services=list(e.services), content=list(e.content))
    assert same.services == e.services and same.content == e.content
    changed = repo.update_engagement(
        e.id, services=[ServiceChoice("diagnosis-basic", "large"), ServiceChoice("process-optimisation", "medium")],
        content=[ContentRef("model", "mini", "1.1")])
    assert set(changed.services) == {ServiceChoice("diagnosis-basic", "large"),
                                     ServiceChoice("process-optimisation", "medium")}
    assert changed.content == (ContentRef("model", "mini", "1.1"),)
