"""Engagements built to break reports: hostile names, an unanswered capability, nothing at all."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.content import load_content
from app.services import content_for_services
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"

CUSTOMER = 'R&D <Ops> "Quoted" 🚀 数据中心'
ENGAGEMENT = '=HYPERLINK("http://x") & <b>bold</b> 评估 ✓'
CONSULTANT = "@admin+1"
PEOPLE = (
    ('Ann <admin> & "Co" 🚀', "executive", "-Finance"),
    ("张伟", "sre", "运维中心"),
    ("=cmd|' /C calc'!A0", "sre", "+Ops"),
)
NOTES = {
    ("q1", 0): 'Quote: "We <never> test & pray" 🙏',
    ("q1", 1): "=SUM(A1:A9) was the change count",
    ("q4", 1): "-negative start \x07 with a bell",
    ("q2", 2): "原话：“变更日历在文件共享里。”",
}


@pytest.fixture(scope="session")
def library():
    lib = load_content(FIXTURE)
    assert lib.ok, lib.problems
    return lib


def _fill_tricky(library, repo: Repository, tmp: Path) -> str:
    customer = repo.create_customer(CUSTOMER, "Banking & <Finance>", 60, 12)
    services = [ServiceChoice("diagnosis-professional")]
    engagement = repo.create_engagement(
        customer.id, ENGAGEMENT, services=services, content=content_for_services(library, services),
        consultant=CONSULTANT, start_date=date(2026, 3, 2), end_date=date(2026, 4, 10),
        scope_notes="Scope & <limits>: 'core banking'", language="en")
    ids = [repo.add_interviewee(engagement.id, name, role, department=dept, questionnaire_id="mini-q").id
           for name, role, dept in PEOPLE]
    answers = {  # q3 (change.rollback) is never answered: that capability is "not assessed"
        "q1": ["1", "3", "4"],
        "q2": [None, "yes", "no"],
        "q4": ["ic", "manager", None],
        "q5": [None, "3", "4"],
    }
    for question, values in answers.items():
        for index, value in enumerate(values):
            if value is not None:
                repo.save_answer(engagement.id, ids[index], "mini-q", question, "given", value,
                                 confidence="high" if index else "medium")
    repo.save_answer(engagement.id, ids[2], "mini-q", "q4", "unknown")
    for (question, index), note in NOTES.items():
        repo.set_answer_note(engagement.id, ids[index], "mini-q", question, note)
    sample = tmp / "+plus change log.csv"
    sample.write_text("id,result\n1,ok\n", encoding="utf-8")
    evidence = repo.add_evidence_file(engagement.id, sample, title="+plus title & <log>")
    repo.link_evidence(engagement.id, ids[1], "mini-q", "q1", evidence.id)
    repo.request_evidence(engagement.id, "On-call rota")
    session = repo.start_session(engagement.id, ids[1], "mini-q")
    repo.end_session(session.id, 3600)
    repo.set_target(engagement.id, "mini", "change.approval", 4)
    repo.set_override(engagement.id, "mini", "incident.response", 3, "@author <reason> & more", "=Elena")
    return engagement.id


@pytest.fixture(scope="session")
def report_db(library, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reports-db")
    repo = Repository(open_database(f"sqlite:///{tmp / 'omm.db'}"))
    tricky = _fill_tricky(library, repo, tmp)
    customer = repo.create_customer("Empty Co")
    services = [ServiceChoice("diagnosis-professional")]
    empty = repo.create_engagement(customer.id, "Empty engagement", services=services,
                                   content=content_for_services(library, services), language="zh").id
    return repo, {"tricky": tricky, "empty": empty}


@pytest.fixture(scope="session")
def repo(report_db):
    return report_db[0]


@pytest.fixture(scope="session")
def engagements(report_db):
    return report_db[1]


@pytest.fixture(scope="session")
def score_json(repo, engagements, tmp_path_factory):
    """What `omm score ENGAGEMENT --json` prints, run as a user would run it."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "OMM_DATA_DIR": str(tmp_path_factory.mktemp("score-data")), "PYTHONWARNINGS": "error"}
    env.pop("OMM_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "app.cli", "score", engagements["tricky"], "--json",
                           "--db", str(repo.db.url), "--content", str(FIXTURE)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def built(library, repo, engagements, tmp_path_factory):
    """Every kind x language x format for the tricky engagement, built once."""
    from app.services.reports import build_report

    out = tmp_path_factory.mktemp("reports")
    files = {}
    for kind in ("survey", "diagnosis", "maturity"):
        for lang in ("en", "zh"):
            for suffix in (".docx", ".xlsx"):
                files[(kind, lang, suffix)] = build_report(library, repo, engagements["tricky"], kind,
                                                           out / f"{kind}-{lang}{suffix}", lang)
    return files
