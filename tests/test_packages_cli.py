"""``omm export`` / ``omm import`` as a consultant runs them: files, password files, conflicts, refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "content"


def omm(*args: str, data_dir: Path, rc: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMM_DATA_DIR": str(data_dir), "PYTHONWARNINGS": "error"}
    env.pop("OMM_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "app.cli", *args, "--content", str(FIXTURE)], capture_output=True,
                          text=True, env=env, timeout=300)
    assert proc.returncode == rc, proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    """Laptop A with the demo engagements; laptop B with an empty database."""
    root = tmp_path_factory.mktemp("cli-packages")
    a, b = root / "a", root / "b"
    a.mkdir()
    b.mkdir()
    omm("demo", "--db", str(a / "omm.db"), data_dir=root)
    rows = json.loads(omm("list", "--db", str(a / "omm.db"), "--json", data_dir=root).stdout)
    return root, a / "omm.db", b / "omm.db", max(rows, key=lambda r: r["answers"])


def test_export_and_import_with_a_password_file(two):
    root, a, b, row = two
    secret = root / "password.txt"
    secret.write_text("a long enough password\n")
    out = root / "moved.omm"
    done = omm("export", row["id"], "--out", str(out), "--password-file", str(secret), "--db", str(a), data_dir=root)
    assert "password-protected" in done.stdout and out.exists()
    wrong = root / "wrong.txt"
    wrong.write_text("not the password at all\n")
    refused = omm("import", str(out), "--password-file", str(wrong), "--db", str(b), "--create", data_dir=root, rc=1)
    assert refused.stderr.strip().splitlines() == ["omm: error: moved.omm: wrong password for this package"]
    added = omm("import", str(out), "--password-file", str(secret), "--db", str(b), "--create", data_dir=root)
    assert "added" in added.stdout
    listed = json.loads(omm("list", "--db", str(b), "--json", data_dir=root).stdout)
    assert [r["name"] for r in listed] == [row["name"]] and listed[0]["answers"] == row["answers"]
    again = omm("import", str(out), "--password-file", str(secret), "--db", str(b), data_dir=root)
    assert "nothing changed" in again.stdout
    short = root / "short.txt"
    short.write_text("short\n")
    omm("export", row["id"], "--out", str(root / "x.omm"), "--password-file", str(short), "--db", str(a),
        data_dir=root, rc=1)


def test_conflicts_are_listed_then_settled(two):
    root, a, b, row = two
    base = root / "base.omm"
    omm("export", row["id"], "--out", str(base), "--db", str(a), data_dir=root)
    c = root / "c.db"
    omm("import", str(base), "--db", str(c), "--create", data_dir=root)
    from app.services.workspace import open_repository

    for db, value in ((a, "not_applicable"), (c, "unknown")):
        repo = open_repository(str(db), create=False)
        answer = next(x for x in repo.list_answers(row["id"]) if x.status == "given")
        repo.save_answer(row["id"], answer.interviewee_id, answer.questionnaire_id, answer.question_id, value)
        repo.db.close()
    theirs = root / "theirs.omm"
    omm("export", row["id"], "--out", str(theirs), "--db", str(c), data_dir=root)
    pending = omm("import", str(theirs), "--db", str(a), data_dir=root, rc=1)
    assert "1 conflict(s)" in pending.stdout and "not applicable" in pending.stdout and "don't know" in pending.stdout
    assert len(pending.stderr.strip().splitlines()) == 1
    listed = json.loads(omm("import", str(theirs), "--conflicts", "--json", "--db", str(a), data_dir=root).stdout)
    [conflict] = listed
    choices = root / "choices.json"
    choices.write_text(json.dumps({conflict["key"]: "package"}))
    merged = omm("import", str(theirs), "--choices", str(choices), "--db", str(a), data_dir=root)
    assert "1 conflict(s) settled" in merged.stdout


def test_bad_packages_are_one_line(two):
    root, _a, b, _row = two
    junk = root / "junk.omm"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    out = omm("import", str(junk), "--db", str(b), "--create", data_dir=root, rc=1)
    assert len(out.stderr.strip().splitlines()) == 1 and "damaged or truncated" in out.stderr
    missing = omm("import", str(root / "nothing.omm"), "--db", str(b), "--create", data_dir=root, rc=1)
    assert "no package at" in missing.stderr
    wrong_suffix = omm("export", "x", "--out", str(root / "x.zip"), "--db", str(b), data_dir=root, rc=1)
    assert len(wrong_suffix.stderr.strip().splitlines()) == 1
