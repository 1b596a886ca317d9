"""The command-line contract, run as a subprocess like a user or a script would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.scoring.rounding import round_score

FIXTURE = Path(__file__).parent / "fixtures" / "content"


def omm(*args: str, data_dir: Path, check_rc: int | None = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMM_DATA_DIR": str(data_dir), "OMM_CACHE_DIR": str(data_dir / "cache"),
           "PYTHONWARNINGS": "error"}
    env.pop("OMM_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120)
    if check_rc is not None:
        assert proc.returncode == check_rc, proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> tuple[str, Path]:
    data = tmp_path_factory.mktemp("data")
    url = f"sqlite:///{data / 'demo.db'}"
    out = omm("demo", "--db", url, "--content", str(FIXTURE), data_dir=data)
    assert "created" in out.stdout
    return url, data


def test_validate_ok_and_json_listing(tmp_path):
    out = omm("validate", "--content", str(FIXTURE), "--json", data_dir=tmp_path)
    listing = json.loads(out.stdout)
    assert listing["ok"] and listing["problems"] == []
    model = next(f for f in listing["files"] if f["kind"] == "maturity_model")
    assert model["id"] == "mini" and model["version"] == "1.0"
    assert model["counts"]["domains"] == 2 and model["counts"]["capabilities"] == 3
    assert model["languages"] == ["en", "zh"]
    q = next(f for f in listing["files"] if f["kind"] == "questionnaire")
    assert q["counts"]["questions"] == 5


def test_validate_broken_content_exit_1_with_file_and_line(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (root / "questionnaires" / "bad.yaml").write_text("kind: questionnaire\nid: [x\n", "utf-8")
    out = omm("validate", "--content", str(root), data_dir=tmp_path, check_rc=1)
    assert out.returncode == 1
    assert "questionnaires/bad.yaml:3: malformed YAML" in out.stderr


def test_demo_creates_realistic_engagements_idempotently(demo_db):
    url, data = demo_db
    listing = json.loads(omm("list", "--db", url, "--json", data_dir=data).stdout)
    assert len(listing) >= 3
    assert {e["customer"] for e in listing} >= {"Northwind Logistics & Freight Forwarding International", "翠湖零售集团"}
    assert any(e["answers"] > 0 for e in listing) and all(e["interviewees"] >= 2 for e in listing)
    again = omm("demo", "--db", url, "--content", str(FIXTURE), data_dir=data)
    assert "already exist" in again.stdout


def test_score_json_matches_engine_and_carries_inputs(demo_db):
    url, data = demo_db
    out = omm("score", "Northwind", "--db", url, "--content", str(FIXTURE), "--json", data_dir=data)
    result = json.loads(out.stdout)
    (model,) = result["models"]
    assert model["id"] == "mini" and {d["id"] for d in model["domains"]} == {"change", "incident"}
    # the domain level is the weighted mean of its capability levels, with the weights shown
    for domain in model["domains"]:
        levels = {c["id"]: c["level"] for c in domain["capabilities"]}
        weights = domain["weights"]
        if domain["level"] is not None:
            expected = sum(levels[c] * w for c, w in weights.items() if levels[c] is not None)
            # the printed figure: the weighted mean rounded once, half-up to 2 decimals
            assert domain["level"] == round_score(expected)
    cap = model["domains"][0]["capabilities"][0]
    assert cap["questions"] and "responses" in cap["questions"][0]
    text = omm("score", "Northwind", "--db", url, "--content", str(FIXTURE), data_dir=data).stdout
    assert "Change approval" in text


def test_unknown_engagement_and_bad_arguments(demo_db):
    url, data = demo_db
    out = omm("score", "Nonexistent Co", "--db", url, "--content", str(FIXTURE), data_dir=data, check_rc=1)
    assert out.stderr.strip() == "omm: error: no engagement matches 'Nonexistent Co' (try 'omm list')"
    out = omm("score", "--db", url, data_dir=data, check_rc=1)
    assert "required" in out.stderr
    out = omm("frobnicate", data_dir=data, check_rc=1)
    assert "invalid choice" in out.stderr


def test_unreadable_and_foreign_database_files(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database", "utf-8")
    out = omm("list", "--db", str(bad), data_dir=tmp_path, check_rc=1)
    assert out.stderr.count("\n") == 1 and "not an omm database" in out.stderr
    out = omm("list", "--db", "postgresql+nodriver://x/y", data_dir=tmp_path, check_rc=1)
    assert out.stderr.startswith("omm: error: cannot open database")
    assert bad.read_text("utf-8") == "not a database"


def test_default_database_in_data_dir(tmp_path):
    out = omm("list", data_dir=tmp_path)
    assert "no engagements yet" in out.stdout
    assert out.stdout.startswith(f"database: {tmp_path / 'omm.db'} (not created yet)")
    assert not (tmp_path / "omm.db").exists()  # looking creates nothing
    omm("demo", "--content", str(FIXTURE), data_dir=tmp_path)
    assert (tmp_path / "omm.db").exists()
    assert omm("list", data_dir=tmp_path).stdout.startswith(f"database: {tmp_path / 'omm.db'}\n")
