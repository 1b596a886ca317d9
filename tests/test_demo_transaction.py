"""`omm demo` writes each sample engagement whole or not at all, and a later run fills in what is missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from app.demo import create_demo, demo_engagements
from app.errors import UserError
from app.storage.database import open_database
from app.storage.repository import EngagementFilter, Repository, UnitOfWork

FIXTURE = Path(__file__).parent / "fixtures" / "content"


def _complete(repo: Repository) -> dict[str, tuple[int, int, int]]:
    """Per engagement: interviewees, evidence items, overrides (the last thing the demo writes)."""
    out = {}
    for e in repo.list_engagements(EngagementFilter(include_archived=True)):
        out[e.name] = (e.interviewee_count, len(repo.list_evidence(e.id)), len(repo.list_overrides(e.id)))
    return out


def test_a_failure_half_way_leaves_no_half_engagement_and_the_next_run_repairs(tmp_path, mini_library,
                                                                                monkeypatch):
    scratch = Repository(open_database(str(tmp_path / "scratch" / "demo.db")))
    order = create_demo(mini_library, scratch)
    whole = _complete(scratch)
    scratch.db.close()
    assert len(order) >= 3
    victim = order[1]
    repo = Repository(open_database(str(tmp_path / "demo.db")))
    real = UnitOfWork.set_target

    def fail_late_in_the_victim(self, engagement_id, *args, **kwargs):
        if self.get_engagement(engagement_id).name == victim:  # after its people, answers and evidence
            raise OSError("killed")
        return real(self, engagement_id, *args, **kwargs)

    monkeypatch.setattr(UnitOfWork, "set_target", fail_late_in_the_victim)
    with pytest.raises(OSError):
        create_demo(mini_library, repo)
    assert _complete(repo) == {order[0]: whole[order[0]]}  # the first whole, the second not there at all
    assert {c.name for c in repo.list_customers()} == {
        s.customer for s in demo_engagements() if s.name == order[0]}
    # evidence files only for the engagement that exists
    holders = {p.parent.name for p in repo.db.evidence_dir.rglob("*") if p.is_file()}
    assert holders == {e.id for e in repo.list_engagements(EngagementFilter(include_archived=True))}

    monkeypatch.setattr(UnitOfWork, "set_target", real)
    assert create_demo(mini_library, repo) == order[1:]
    assert _complete(repo) == whole
    repo.db.close()


def test_demo_leaves_no_temporary_folder(tmp_path, mini_library, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    repo = Repository(open_database(str(tmp_path / "demo.db")))
    assert create_demo(mini_library, repo)
    repo.db.close()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_killed_omm_demo_is_repaired_by_the_next(tmp_path):
    path = tmp_path / "demo.db"
    env = {**os.environ, "OMM_DATA_DIR": str(tmp_path), "OMM_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "app.cli", "demo", "--db", str(path), "--content", str(FIXTURE)]
    subprocess.run(command, env=env, capture_output=True, timeout=120, check=True)  # warm the content cache
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    seen_partial_runs = 0
    for delay in (0.8, 1.2, 1.6):
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not path.exists():
            continue
        try:
            repo = Repository(open_database(str(path), create=False))
        except UserError as exc:  # killed before the schema was written: nothing half-written either
            assert "holds no tables" in str(exc), exc
            state = {}
        else:
            state = _complete(repo)
            repo.db.close()
        specs = {s.name: s for s in demo_engagements()}
        for name, (people, evidence, overrides) in state.items():
            assert people == len(specs[name].people) and evidence >= 1, name  # whole, never half
            assert overrides == (1 if specs[name].answer_share > 0 else 0), name
        seen_partial_runs += len(state) < len(specs)
        out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        repo = Repository(open_database(str(path), create=False))
        assert len(_complete(repo)) == len(_complete(repo)) and set(_complete(repo)) >= set(state)
        repo.db.close()
        path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
