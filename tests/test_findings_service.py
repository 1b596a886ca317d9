"""Findings stored per engagement: drafts, edits, approval, all-or-nothing saves, copies from a baseline,
quotable marks and ``omm findings``, on a real SQLite file with the fixture content."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from app.diagnosis.findings import FindingStatus, edit, merge, set_status
from app.diagnosis.summary import ExecutiveSummary
from app.diagnosis.text import Bilingual
from app.services import content_for_services
from app.services import findings as service
from app.services.results import score_engagement
from app.storage.database import open_database
from app.storage.records import ServiceChoice
from app.storage.repository import Repository

FIXTURE = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture
def setup(mini_library, tmp_path):
    repo = Repository(open_database(f"sqlite:///{tmp_path / 'omm.db'}"))
    customer = repo.create_customer("Acme", "Retail")
    services = [ServiceChoice("diagnosis-professional")]
    e = repo.create_engagement(customer.id, "Acme 2026", services=services,
                               content=content_for_services(mini_library, services), consultant="Elena")
    ann = repo.add_interviewee(e.id, "Ann Lee", "sre", questionnaire_id="mini-q")
    bob = repo.add_interviewee(e.id, "Bob Ray", "executive", questionnaire_id="mini-q")
    for who, q, value in ((ann, "q3", "10"), (bob, "q4", "ic"), (ann, "q4", "ic"), (ann, "q1", "1"),
                          (ann, "q2", "no")):
        repo.save_answer(e.id, who.id, "mini-q", q, "given", value, confidence="high")
    repo.set_answer_note(e.id, ann.id, "mini-q", "q3", "Nobody has tried a rollback this year.")
    return mini_library, repo, e, ann


def test_nothing_stored_is_a_draft_and_reading_writes_nothing(setup):
    library, repo, e, _ = setup
    d = service.load_diagnosis(library, repo, score_engagement(library, repo, e.id))
    assert not d.stored and d.findings and all(f.status is FindingStatus.DRAFT for f in d.findings)
    assert d.summary is not None and "Acme operates at" in d.summary.text("en")
    assert repo.documents.list(e.id) == []


def test_approve_edit_merge_are_stored_and_survive_a_redraft(setup):
    library, repo, e, _ = setup
    risk, weak = "weakness:mini:change.rollback", "weakness:mini:change.approval"
    service.redraft_diagnosis(library, repo, e.id)
    service.update_findings(library, repo, e.id, partial(set_status, finding_id=risk,
                                                           status=FindingStatus.APPROVED))
    service.update_findings(library, repo, e.id, partial(edit, finding_id=weak,
                                                           title=Bilingual("Approvals by e-mail", "邮件审批")))
    d = service.redraft_diagnosis(library, repo, e.id)
    by_id = {f.id: f for f in d.findings}
    assert d.stored and by_id[risk].status is FindingStatus.APPROVED and by_id[weak].title.en == "Approvals by e-mail"
    d = service.update_findings(library, repo, e.id, partial(merge, ids=[risk, weak], new_id="m1"))
    assert {f.id for f in d.findings} & {risk, weak} == set()
    d = service.redraft_diagnosis(library, repo, e.id)
    assert {f.id for f in d.findings} & {risk, weak} == set()  # merged ones stay merged
    assert repo.documents.get(e.id, "diagnosis", "findings").version == 6  # one version per save


def test_a_save_is_all_or_nothing(setup, monkeypatch):
    library, repo, e, _ = setup
    service.redraft_diagnosis(library, repo, e.id)
    before = {(d.key, d.version, json.dumps(d.payload, sort_keys=True)) for d in repo.documents.list(e.id)}
    from app.storage.documents import DocumentStore

    real_put = DocumentStore.put

    def put(self, engagement_id, kind, key, payload, **kw):
        if key == "summary":
            raise OSError("disk full")
        return real_put(self, engagement_id, kind, key, payload, **kw)

    monkeypatch.setattr(DocumentStore, "put", put)
    with pytest.raises(OSError):
        service.save_summary(library, repo, e.id, ExecutiveSummary({"en": "x"}))
    monkeypatch.undo()
    after = {(d.key, d.version, json.dumps(d.payload, sort_keys=True)) for d in repo.documents.list(e.id)}
    assert after == before  # findings and policies were written first, and rolled back


def test_a_re_assessment_does_not_inherit_last_years_findings(setup):
    library, repo, e, _ = setup
    service.redraft_diagnosis(library, repo, e.id)
    service.update_findings(library, repo, e.id, lambda fs: [set_status(fs, f.id, FindingStatus.APPROVED)[0]
                                                             for f in fs[:1]] + list(fs[1:]))
    copy = repo.duplicate_engagement(e.id, "Acme 2027", with_answers=True)
    assert repo.documents.get(copy.id, "diagnosis", "findings") is not None  # copied by storage ...
    d = service.load_diagnosis(library, repo, score_engagement(library, repo, copy.id))
    assert not d.stored and all(f.status is FindingStatus.DRAFT for f in d.findings)  # ... but not taken as this year's
    service.redraft_diagnosis(library, repo, copy.id)  # saving over the copy works (its version is expected)
    assert service.load_diagnosis(library, repo, score_engagement(library, repo, copy.id)).stored


def test_quotable_marks_decide_what_becomes_a_quote(setup):
    library, repo, e, ann = setup
    key = ("mini-q", "q3", ann.id)
    assert not service.is_quotable(repo, e.id, key)
    service.set_quotable(repo, e.id, key, True)
    d = service.load_diagnosis(library, repo, score_engagement(library, repo, e.id))
    risk = next(f for f in d.findings if f.id == "weakness:mini:change.rollback")
    assert [s.text for s in risk.support if s.kind.value == "quote"] == ["Nobody has tried a rollback this year."]
    service.set_quotable(repo, e.id, key, False)
    assert not service.is_quotable(repo, e.id, key)


def test_omm_findings_json(setup, tmp_path):
    library, repo, e, _ = setup
    service.redraft_diagnosis(library, repo, e.id)
    proc = subprocess.run([sys.executable, "-m", "app.cli", "findings", "Acme 2026", "--json", "--db", str(repo.db.url),
                           "--content", str(FIXTURE)], capture_output=True, text=True, timeout=120,
                          env={"OMM_DATA_DIR": str(tmp_path), "PATH": "", "PYTHONWARNINGS": "error"})
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["stored"] and data["engagement"]["name"] == "Acme 2026"
    risk = next(f for f in data["findings"] if f["id"] == "weakness:mini:change.rollback")
    assert risk["type"] == "risk" and risk["status"] == "draft" and risk["capabilities"][0]["name"] == "Rollback"
    assert {s["kind"] for s in risk["support"]} >= {"answer", "note"}
    assert data["policies"][0]["rank"] == 1 and data["summary"]["texts"]["en"]
    text = subprocess.run([sys.executable, "-m", "app.cli", "findings", "Nobody", "--db", str(repo.db.url),
                           "--content", str(FIXTURE)], capture_output=True, text=True, timeout=120,
                          env={"OMM_DATA_DIR": str(tmp_path), "PATH": ""})
    assert text.returncode == 1 and "Traceback" not in text.stderr and text.stderr.strip()


def test_a_language_the_consultant_did_not_write_reads_the_draft(setup):
    """The Chinese report of an English engagement showed "no record" where the summary belongs."""
    library, repo, e, _ = setup
    service.redraft_diagnosis(library, repo, e.id)
    service.save_summary(library, repo, e.id, ExecutiveSummary(texts={"en": "Written by Elena."}, edited=True))
    d = service.load_diagnosis(library, repo, score_engagement(library, repo, e.id))
    assert d.summary.text("en") == "Written by Elena."
    assert "Acme" in d.summary.text("zh") and d.summary.edited
    stored = repo.documents.get(e.id, "diagnosis", "summary").payload
    assert stored["items"]["texts"] == {"en": "Written by Elena."}  # reading stores nothing
