"""Killing the app in the middle of an interview loses nothing that was acknowledged."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from app.services import content_for_services
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository

FIXTURE = Path(__file__).parents[1] / "fixtures" / "content"
WORKER = Path(__file__).parent / "interview_worker.py"


def _start(tmp_path: Path, mini_library) -> tuple[str, str, str, subprocess.Popen]:
    url = f"sqlite:///{tmp_path / 'omm.db'}"
    db = open_database(url)
    repo = Repository(db)
    c = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-basic")]
    e = repo.create_engagement(c.id, "Acme", services=services, content=content_for_services(mini_library, services))
    person = repo.add_interviewee(e.id, "Ann", "sre")
    db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OMM_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, str(WORKER), url, str(FIXTURE), e.id, person.id],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return url, e.id, person.id, proc


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


def _check(url: str, engagement_id: str, acknowledged: dict[str, str]) -> None:
    db = open_database(url)
    saved = {a.question_id: a.value for a in Repository(db).list_answers(engagement_id) if a.status == "given"}
    db.close()
    # Every answer the screen acknowledged is there with its value. At most one may
    # differ: the answer committed just before the kill, whose acknowledgement it cut off.
    assert acknowledged and set(acknowledged) <= set(saved)
    differing = [q for q, level in acknowledged.items() if saved[q] != level]
    assert len(differing) <= 1, differing
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_kill_mid_interview_keeps_every_given_answer(tmp_path, mini_library):
    url, engagement_id, _, proc = _start(tmp_path, mini_library)
    acknowledged: dict[str, str] = {}
    try:
        for _ in range(25):  # let it answer for a while, then pull the plug mid-stream
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            question_id, level = line.split()
            acknowledged[question_id] = level
    finally:
        _kill(proc)
    _check(url, engagement_id, acknowledged)


def test_kill_while_a_write_waits_for_a_lock_loses_nothing_acknowledged(tmp_path, mini_library):
    url, engagement_id, _, proc = _start(tmp_path, mini_library)
    acknowledged: dict[str, str] = {}
    other_program = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        for _ in range(10):
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            question_id, level = line.split()
            acknowledged[question_id] = level
        other_program.execute("BEGIN IMMEDIATE")  # another program takes the write lock
        while True:  # answers go on; the screen acknowledges none until the database refuses
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            if line.strip() == "stalled":
                break
            question_id, level = line.split()  # committed just before the lock was taken
            acknowledged[question_id] = level
        time.sleep(1.0)  # the retry is now waiting for the lock in the writer thread
    finally:
        _kill(proc)
        other_program.execute("ROLLBACK")
        other_program.close()
    _check(url, engagement_id, acknowledged)
