"""Bad input on the command line (issue 9): one clear line on stderr, exit 1, no traceback, nothing changed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import FIXTURE, omm


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    data = tmp_path_factory.mktemp("data")
    path = data / "demo.db"
    omm("demo", "--db", str(path), "--content", str(FIXTURE), data_dir=data)
    return path, data


def _one_line(out: subprocess.CompletedProcess, *words: str) -> None:
    assert out.returncode == 1
    assert out.stderr.startswith("omm: error: ") and out.stderr.count("\n") == 1, out.stderr
    for word in words:
        assert word in out.stderr, out.stderr


def test_a_mistyped_db_path_creates_nothing(tmp_path):
    typo = tmp_path / "no" / "such" / "dir" / "x.db"
    _one_line(omm("list", "--db", str(typo), data_dir=tmp_path, check_rc=1), "no omm database at")
    assert not (tmp_path / "no").exists()
    empty = tmp_path / "zero.db"
    empty.touch()
    _one_line(omm("list", "--db", str(empty), data_dir=tmp_path, check_rc=1), "no omm database at", "empty")
    assert empty.stat().st_size == 0
    _one_line(omm("score", "X", "--db", str(tmp_path / "typo.db"), data_dir=tmp_path, check_rc=1), "no omm database")
    assert not (tmp_path / "typo.db").exists()
    out = omm("list", "--db", str(tmp_path / "new" / "mine.db"), "--create", data_dir=tmp_path)
    assert out.stdout.startswith(f"database: {tmp_path / 'new' / 'mine.db'}")
    assert (tmp_path / "new" / "mine.db").exists()


def test_a_foreign_sqlite_file_is_left_as_it_was(tmp_path):
    path = tmp_path / "other-app.db"
    with sqlite3.connect(path) as connection:
        connection.execute("create table notes (text)")
    before = path.read_bytes()
    _one_line(omm("list", "--db", str(path), data_dir=tmp_path, check_rc=1), "not an omm repository")
    assert path.read_bytes() == before and not Path(f"{path}-wal").exists()


def test_a_damaged_database(demo, tmp_path):
    source, data = demo
    path = tmp_path / "damaged.db"
    with sqlite3.connect(source) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    with sqlite3.connect(path) as connection:
        connection.execute("pragma journal_mode=delete")
    with sqlite3.connect(path) as connection:
        roots = dict(connection.execute("select name, rootpage from sqlite_master where type = 'table'"))
    first, end = roots["engagement_services"], roots["interviewees"]
    with path.open("r+b") as fh:  # the schema's pages intact, the engagements' services and content not
        fh.seek((first - 1) * 4096)
        fh.write(os.urandom((end - first) * 4096))
    for args in (("list",), ("score", "Northwind"), ("screenshots", "--out", str(tmp_path / "shots"))):
        _one_line(omm(*args, "--db", str(path), data_dir=data, check_rc=1), "damaged")


@pytest.mark.parametrize("url", ["http://[::1", "postgresql://omm:secret@db.example:port/omm",
                                 "postgresql://omm:se@cret@db.example:x/omm"])
def test_a_malformed_url(tmp_path, url):
    out = omm("list", "--db", url, data_dir=tmp_path, check_rc=1)
    _one_line(out, "not a valid database URL")
    assert "secret" not in out.stderr and "cret@" not in out.stderr


def test_credentials_never_printed(tmp_path):
    for url in ("postgresql://omm@127.0.0.1:9/omm?password=s3cret-pw", "postgresql://omm:s3c@ret-pw@127.0.0.1:9/omm"):
        out = omm("list", "--db", url, data_dir=tmp_path, check_rc=1)
        assert "s3c" not in out.stderr and "ret-pw" not in out.stderr and out.stderr.count("\n") == 1, out.stderr


def test_output_into_a_closed_pipe(demo):
    path, data = demo
    env = {**os.environ, "OMM_DATA_DIR": str(data), "OMM_CACHE_DIR": str(data / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "score", "Northwind", "--json", "--db", str(path),
                             "--content", str(FIXTURE)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # like `| head -0`: the reader is gone before the first line
    with proc.stderr:
        stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert stderr == "", stderr


def test_report_into_a_read_only_folder_fails_before_rendering(demo, tmp_path):
    path, data = demo
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o500)
    if os.geteuid() == 0:  # permissions do not stop root; a read-only file system does
        folder = Path("/sys")
    try:
        before = sorted(folder.iterdir())
        started = time.perf_counter()
        out = omm("report", "Northwind", "--kind", "survey", "--out", str(folder / "r.docx"), "--db", str(path),
                  "--content", str(FIXTURE), data_dir=data, check_rc=1)
        _one_line(out, "not writable")
        assert sorted(folder.iterdir()) == before
        assert time.perf_counter() - started < 30
    finally:
        os.chmod(tmp_path / "ro", 0o700)


def test_report_write_errors_are_one_message_and_leave_nothing(demo, tmp_path, monkeypatch):
    import errno

    from app.content import load_content
    from app.errors import UserError
    from app.services.reports import build_report
    from app.storage.database import open_database
    from app.storage.repository import Repository

    path, _data = demo
    repo = Repository(open_database(str(path), create=False))
    engagement = repo.find_engagement("Northwind")
    real_write = os.write

    def full_disk(fd, data):
        if len(data) > 1000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(UserError, match="the disk is full; nothing was written"):
        build_report(load_content(FIXTURE), repo, engagement.id, "survey", tmp_path / "r.docx")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(os, "write", real_write)
    # a temporary file a killed run left beside the target is swept by the next save
    (tmp_path / ".r.docx.omm-partial-1-999999999").write_bytes(b"half")
    build_report(load_content(FIXTURE), repo, engagement.id, "survey", tmp_path / "r.docx")
    assert [p.name for p in tmp_path.iterdir()] == ["r.docx"]
    repo.db.close()


def test_no_display_gives_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(OMM_DATA_DIR=str(tmp_path), OMM_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "app.cli"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.startswith("omm: error: no display") and proc.stderr.count("\n") == 1, proc.stderr
    assert not (tmp_path / "omm.db").exists()
