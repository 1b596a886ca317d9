"""The README's promises about which database `make run` opens and how to call omm (issue 9, new users)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _dry_run(*args: str) -> str:
    # -n prints the recipe without running it
    out = subprocess.run(["make", "-n", "-s", "run", *args], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_make_run_opens_the_demo_unless_a_database_is_named():
    assert _dry_run().endswith("omm --demo")
    assert _dry_run("DB=default").endswith(".venv/bin/omm")
    assert _dry_run("DB=/tmp/acme.db").endswith('omm --db "/tmp/acme.db"')


def test_readme_says_how_to_reach_omm_and_ones_own_database():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run DB=default" in readme and "make run DB=" in readme
    assert ".venv/bin/omm" in readme  # omm is not on the PATH after make run
