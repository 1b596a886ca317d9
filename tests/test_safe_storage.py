"""A safer data folder (issue 9): databases opened only as asked, inspected before they are changed,
private file modes, ids and stored paths checked before any file operation, a cache that cannot
run code, and credentials masked however they were typed."""

from __future__ import annotations

import os
import pickle
import sqlite3
import stat
from pathlib import Path

import pytest

from app.errors import UserError
from app.storage.database import mask_url, open_database, shown_url
from app.storage.paths import UnsafePath, stored_file
from app.storage.repository import Repository


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _engagement(repo: Repository):
    customer = repo.create_customer("Acme", "Banking")
    return repo.create_engagement(customer.id, "Acme - diagnosis")


# --- a database is created only where asked -----------------------------------------------

def test_a_missing_path_is_not_created_unless_asked(tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    with pytest.raises(UserError, match=f"no omm database at {missing}"):
        open_database(str(missing), create=False)
    assert not (tmp_path / "no").exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(UserError, match="no omm database at .*empty"):
        open_database(str(empty), create=False)
    assert empty.stat().st_size == 0 and not Path(f"{empty}-wal").exists()
    db = open_database(str(missing), create=True)
    db.close()
    assert missing.stat().st_size > 0
    open_database(str(missing), create=False).close()  # now it is one


def test_a_foreign_sqlite_file_is_refused_before_anything_changes(tmp_path):
    path = tmp_path / "other-app.db"
    connection = sqlite3.connect(path)
    connection.execute("create table contacts (name text)")
    connection.execute("insert into contacts values ('Ann')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="not an omm repository"):
        open_database(str(path), create=True)
    assert path.read_bytes() == before  # still in rollback-journal mode: byte 18 says so
    assert before[18] == 1 and not Path(f"{path}-wal").exists()


def test_a_damaged_database_is_named_as_such_on_open(tmp_path):
    path = tmp_path / "omm.db"
    repo = Repository(open_database(str(path)))
    engagement = _engagement(repo)
    person = repo.add_interviewee(engagement.id, "Ann", "sre")
    for i in range(400):
        repo.save_answer(engagement.id, person.id, "q", f"question-{i:04d}", "given", str(i % 5),
                         confidence="high", answered_by="x" * 50)
    repo.db.close()
    with sqlite3.connect(path) as connection:
        connection.execute("pragma wal_checkpoint(truncate)")
    size = path.stat().st_size
    assert size > 20 * 4096
    with path.open("r+b") as fh:  # the first pages intact, later ones random
        fh.seek(12 * 4096)
        fh.write(os.urandom(6 * 4096))
    with pytest.raises(UserError, match="damaged") as info:
        open_database(str(path))
    assert "\n" not in str(info.value)


def test_malformed_urls_give_one_line(tmp_path):
    for url in ("http://[::1", "postgresql://omm:pw@db.example:notaport/omm"):
        with pytest.raises(UserError, match="not a valid database URL") as info:
            open_database(url)
        assert "pw@" not in str(info.value) and "\n" not in str(info.value)


# --- credentials -----------------------------------------------------------------------------

@pytest.mark.parametrize("url, secret", [
    ("postgresql://omm:s3cret@db.example/omm", "s3cret"),
    ("postgresql://omm@db.example/omm?password=s3cret", "s3cret"),
    ("postgresql://db.example/omm?user=omm&password=s3cret&sslmode=require", "s3cret"),
    ("postgresql://omm:p@ss:w0rd@db.example:5432/omm", "ss:w0rd"),
    ("postgresql://omm:p@ss@db.example:notaport/omm", "ss@"),
])
def test_every_credential_form_is_masked(url, secret):
    assert secret not in mask_url(url)
    assert secret not in shown_url(url) if "notaport" not in url else True
    assert "db.example" in mask_url(url)


def test_an_unencoded_at_sign_stays_in_the_password():
    from sqlalchemy.engine import make_url

    from app.storage.database import resolve_url

    parsed = make_url(resolve_url("postgresql://omm:p@ss@db.example/omm"))
    assert parsed.host == "db.example" and parsed.password == "p@ss"


# --- file modes --------------------------------------------------------------------------------

def test_database_backups_and_evidence_are_private_while_reports_follow_the_umask(tmp_path, umask_022,
                                                                                   monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    from app.storage.database import data_dir

    db = open_database(None, create=True)  # the default database in the data folder
    repo = Repository(db)
    engagement = _engagement(repo)
    source = tmp_path / "rota.csv"
    source.write_text("who,when\n", "utf-8")
    evidence = repo.add_evidence_file(engagement.id, source)
    path = data_dir() / "omm.db"
    assert _mode(data_dir()) == 0o700
    for name in ("omm.db", "omm.db-wal", "omm.db-shm"):
        assert _mode(data_dir() / name) == 0o600, name
    assert _mode(db.evidence_dir) == 0o700 and _mode(db.evidence_dir / engagement.id) == 0o700
    assert _mode(repo.evidence_path(evidence)) == 0o600
    db.close()

    from app.storage.database import _backup_sqlite

    _backup_sqlite(path, tmp_path / "omm.db.bak")
    assert _mode(tmp_path / "omm.db.bak") == 0o600

    from app.files import save_bytes

    save_bytes(tmp_path / "report.docx", b"PK...")
    assert _mode(tmp_path / "report.docx") == 0o644
    os.umask(0o027)
    save_bytes(tmp_path / "report.docx", b"PK...")
    assert _mode(tmp_path / "report.docx") == 0o640


def test_a_database_left_world_readable_is_made_private_on_open(tmp_path, umask_022):
    path = tmp_path / "old.db"
    open_database(str(path)).close()
    os.chmod(path, 0o644)
    (tmp_path / "evidence" / "x").mkdir(parents=True)
    os.chmod(tmp_path / "evidence", 0o755)
    open_database(str(path)).close()
    assert _mode(path) == 0o600 and _mode(tmp_path / "evidence") == 0o700
    assert _mode(tmp_path / "evidence" / "x") == 0o700


# --- ids and stored paths from a crafted database ------------------------------------------------

def _craft(path: Path, sql: str, *params) -> None:
    connection = sqlite3.connect(path)
    connection.execute("pragma foreign_keys=off")
    connection.execute(sql, params)
    connection.commit()
    connection.close()


@pytest.mark.parametrize("crafted", ["../victim", "/VICTIM", "..", "x/../../victim"])
def test_a_crafted_engagement_id_never_reaches_the_file_system(tmp_path, crafted):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me", "utf-8")
    crafted = crafted.replace("/VICTIM", str(victim))
    path = tmp_path / "data" / "omm.db"
    repo = Repository(open_database(str(path)))
    engagement = _engagement(repo)
    repo.db.close()
    _craft(path, "update engagements set id = ? where id = ?", crafted, engagement.id)
    repo = Repository(open_database(str(path)))
    with pytest.raises(UnsafePath, match="invalid engagement id"):
        repo.delete_engagement(crafted)
    assert (victim / "precious.txt").read_text("utf-8") == "keep me"
    assert [e.id for e in repo.list_engagements()] == [crafted]  # nothing changed
    with pytest.raises(UnsafePath):
        repo.add_evidence_file(crafted, victim / "precious.txt")
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]
    repo.db.close()


@pytest.mark.parametrize("crafted", ["../../victim/precious.txt", "/VICTIM/precious.txt", "ENG/../../x",
                                     "ENG/sub/../../../victim/precious.txt", "C:/victim", "ENG/"])
def test_a_crafted_evidence_path_is_refused(tmp_path, crafted):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me", "utf-8")
    path = tmp_path / "data" / "omm.db"
    repo = Repository(open_database(str(path)))
    engagement = _engagement(repo)
    source = tmp_path / "rota.csv"
    source.write_text("who,when\n", "utf-8")
    evidence = repo.add_evidence_file(engagement.id, source)
    crafted = crafted.replace("/VICTIM", str(victim)).replace("ENG", engagement.id)
    _craft(path, "update evidence set stored_path = ? where id = ?", crafted, evidence.id)
    stored = repo.list_evidence(engagement.id)[0]
    with pytest.raises(UnsafePath):
        repo.evidence_path(stored)
    repo.db.close()
    assert (victim / "precious.txt").read_text("utf-8") == "keep me"


def test_a_stored_path_through_a_symbolic_link_is_refused(tmp_path):
    evidence_dir = tmp_path / "evidence"
    engagement = "0b6c7f5e-1c1e-4d7a-9f39-0a8c2b1d5e6f"
    (evidence_dir).mkdir()
    (tmp_path / "elsewhere").mkdir()
    (evidence_dir / engagement).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UnsafePath, match="outside"):
        stored_file(evidence_dir, f"{engagement}/file.txt")
    real = "1b6c7f5e-1c1e-4d7a-9f39-0a8c2b1d5e6f"
    assert stored_file(evidence_dir, f"{real}/a.txt") == evidence_dir / real / "a.txt"


# --- the content cache -----------------------------------------------------------------------------

class _Payload:
    def __reduce__(self):
        return (os.system, (f"touch {os.environ['OMM_TEST_MARKER']}",))


def test_the_content_cache_cannot_run_code(tmp_path, monkeypatch, mini_library):
    from app.content import loader

    content = mini_library.root
    cache = tmp_path / "cache"
    marker = tmp_path / "ran"
    monkeypatch.setenv("OMM_TEST_MARKER", str(marker))
    fresh = loader.load_content_cached(content, cache_dir=cache)
    files = list(cache.iterdir())
    assert [f.suffix for f in files] == [".json"]
    assert loader.load_content_cached(content, cache_dir=cache) == fresh == loader.load_content(content)
    # whoever can write the folder plants a pickle under every name the cache could use
    for planted in [*files, cache / f"content-{loader._fingerprint(Path(content))}.pickle"]:
        planted.write_bytes(pickle.dumps(_Payload()))
    assert loader.load_content_cached(content, cache_dir=cache) == fresh
    assert not marker.exists()
