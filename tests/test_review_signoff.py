"""Review and sign-off: the checklist, the sign-off in one unit of work, frozen snapshots, re-assessment marks."""

from __future__ import annotations

import zipfile
from datetime import date

import docx
import openpyxl
import pytest

from app.cli import main
from app.errors import UserError
from app.services import evidence_requests, review
from app.services.engagements import content_for_services
from app.services.findings import load_diagnosis, save_diagnosis
from app.services.interviews import save_answer_changes
from app.services.reports import write_report
from app.services.results import score_engagement
from app.storage.database import open_database
from app.storage.records import EngagementStatus, ServiceChoice
from app.storage.repository import Repository, StorageUnavailable, UnitOfWork


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    db = open_database(new_database())
    yield Repository(db)
    db.close()


@pytest.fixture
def engagement(repo, mini_library):
    customer = repo.create_customer("Acme")
    services = [ServiceChoice("diagnosis-professional")]
    e = repo.create_engagement(customer.id, "Acme 2026", services=services, consultant="Elena",
                               content=content_for_services(mini_library, services), start_date=date(2026, 3, 2))
    ann = repo.add_interviewee(e.id, "Ann", "sre")
    bob = repo.add_interviewee(e.id, "Bob", "sre")
    for person, values in ((ann, {"q1": "1", "q2": "yes", "q4": "ic"}), (bob, {"q1": "4", "q4": "ic"})):
        for question, value in values.items():
            save_answer_changes(repo, e.id, person.id, "mini-q", question,
                                {"status": "given", "value": value, "confidence": "high"})
    save_answer_changes(repo, e.id, bob.id, "mini-q", "q2", {"follow_up": True})
    return e


def test_the_checklist_names_what_is_still_open(repo, mini_library, engagement):
    items = review.review_checklist(mini_library, repo, engagement.id)
    by_key = {i.key: i for i in items.items}
    assert by_key["unanswered"].examples == ("mini-q/q3", "mini-q/q5")  # on the sre track, nobody answered
    assert by_key["follow_ups"].examples == ("mini-q/q2",)
    assert by_key["disagreement"].examples == ("mini-q/q1",)  # 1 and 4: spread 3
    assert by_key["evidence_requested"].count == 0  # no request list saved yet
    assert by_key["draft_findings"].count == len(load_diagnosis(
        mini_library, repo, score_engagement(mini_library, repo, engagement.id)).findings) > 0
    assert not items.clear
    # an override settles the disagreement; a saved request list shows what is still requested
    repo.set_override(engagement.id, "mini", "change.approval", 2, "records show a weak CAB", "Elena")
    evidence_requests.generate_requests(mini_library, repo, engagement.id)
    by_key = {i.key: i for i in review.review_checklist(mini_library, repo, engagement.id).items}
    assert by_key["disagreement"].count == 0
    assert by_key["evidence_requested"].examples == ("R1",)
    evidence_requests.update_request(mini_library, repo, engagement.id, "R1", status="reviewed")
    assert review.review_checklist(mini_library, repo, engagement.id).item("evidence_requested").count == 0


def test_low_confidence_is_listed(repo, mini_library, engagement):
    person = repo.add_interviewee(engagement.id, "Cy", "executive", questionnaire_id="mini-q")
    save_answer_changes(repo, engagement.id, person.id, "mini-q", "q4", {"status": "given", "value": "ic"})
    by_key = {i.key: i for i in review.review_checklist(mini_library, repo, engagement.id).items}
    assert "change.rollback" not in by_key["low_confidence"].examples  # not assessed: listed as unanswered


def test_sign_off_refuses_with_open_items_unless_accepted(repo, mini_library, engagement, database_dump):
    before = database_dump(repo)
    with pytest.raises(UserError, match="still open: 2 unanswered questions, 1 follow-ups, 1 disagreements"):
        review.sign_off(mini_library, repo, engagement.id, "Elena Ma")
    with pytest.raises(UserError, match="needs the lead consultant's name"):
        review.sign_off(mini_library, repo, engagement.id, "  ", accept_open=True)
    assert database_dump(repo) == before
    info = review.sign_off(mini_library, repo, engagement.id, "Elena Ma", note="as presented", accept_open=True)
    assert info.id == "S1" and info.signed_off_by == "Elena Ma" and len(info.content_hash) == 64
    assert {i["key"] for i in info.open_items} >= {"unanswered", "follow_ups", "disagreement"}
    assert repo.get_engagement(engagement.id).status is EngagementStatus.REPORTING
    assert [s.id for s in review.list_snapshots(repo, engagement.id)] == ["S1"]
    assert review.verify_snapshot(repo, engagement.id, "S1")


def test_sign_off_is_one_unit_of_work(repo, mini_library, engagement, monkeypatch, database_dump):
    before = database_dump(repo)
    real = UnitOfWork.update_engagement

    def then_fail(self, *args, **kwargs):
        real(self, *args, **kwargs)
        raise StorageUnavailable("the database is locked by another program; the change was not saved")

    monkeypatch.setattr(UnitOfWork, "update_engagement", then_fail)
    with pytest.raises(StorageUnavailable):
        review.sign_off(mini_library, repo, engagement.id, "Elena Ma", accept_open=True)
    assert database_dump(repo) == before  # no snapshot, no sign-off record, status unchanged


def _docx_text(path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_a_report_from_a_snapshot_is_the_same_file_after_later_edits(repo, mini_library, engagement, tmp_path):
    info = review.create_snapshot(mini_library, repo, engagement.id, label="steering committee")
    first = write_report(mini_library, repo, engagement.id, "maturity", tmp_path / "a.docx", "en", snapshot="S1")
    first_xlsx = write_report(mini_library, repo, engagement.id, "maturity", tmp_path / "a.xlsx", "zh",
                              snapshot="S1")
    live_before = write_report(mini_library, repo, engagement.id, "maturity", tmp_path / "live-a.docx", "en")
    # later edits: an answer changed, an override, the findings approved, a new interviewee
    ann = repo.list_interviewees(engagement.id)[0]
    save_answer_changes(repo, engagement.id, ann.id, "mini-q", "q1", {"value": "5", "status": "given"})
    repo.set_override(engagement.id, "mini", "incident.response", 1, "on reflection", "Elena")
    scores = score_engagement(mini_library, repo, engagement.id)
    diagnosis = load_diagnosis(mini_library, repo, scores)
    from dataclasses import replace

    from app.diagnosis.findings import FindingStatus
    save_diagnosis(repo, engagement.id, [replace(f, status=FindingStatus.APPROVED) for f in diagnosis.findings],
                   diagnosis.policies, diagnosis.summary)
    repo.add_interviewee(engagement.id, "Dee", "executive")
    second = write_report(mini_library, repo, engagement.id, "maturity", tmp_path / "b.docx", "en", snapshot="S1")
    second_xlsx = write_report(mini_library, repo, engagement.id, "maturity", tmp_path / "b.xlsx", "zh",
                               snapshot="S1")
    assert first.read_bytes() == second.read_bytes()
    assert first_xlsx.read_bytes() == second_xlsx.read_bytes()
    live_after = write_report(mini_library, repo, engagement.id, "maturity", tmp_path / "live-b.docx", "en")
    assert _docx_text(live_before) != _docx_text(live_after)  # today's report did move
    text = _docx_text(first)
    assert info.describe("en") in text and "Snapshot S1" in text
    with zipfile.ZipFile(first) as z:
        core = z.read("docProps/core.xml").decode()
        assert "SHA-256 " + info.content_hash[:12] in core
        assert {i.date_time for i in z.infolist()} == {(info.report_date.year, info.report_date.month,
                                                        info.report_date.day, 12, 0, 0)}
    ws = openpyxl.load_workbook(first_xlsx).worksheets[0]
    assert any(info.describe("zh") == c for row in ws.iter_rows(values_only=True) for c in row)
    assert review.verify_snapshot(repo, engagement.id, "S1")


def test_unknown_snapshot_is_one_clear_error(repo, mini_library, engagement, tmp_path):
    with pytest.raises(UserError, match="no snapshot 'S4' in this engagement; it has none yet"):
        write_report(mini_library, repo, engagement.id, "survey", tmp_path / "x.docx", "en", snapshot="S4")
    assert not (tmp_path / "x.docx").exists()


def test_a_reassessment_marks_each_answer_new_changed_or_carried_over(repo, mini_library, engagement,
                                                                     database_dump):
    review.create_snapshot(mini_library, repo, engagement.id)
    ann = repo.list_interviewees(engagement.id)[0]
    save_answer_changes(repo, engagement.id, ann.id, "mini-q", "q4", {"value": "nobody", "status": "given"})
    copy = review.start_reassessment(mini_library, repo, engagement.id, "S1", "Acme 2027")
    assert copy.previous_engagement_id == engagement.id
    marks = review.answer_marks(repo, copy.id)
    assert marks.snapshot == "S1" and marks.counts() == {"new": 0, "changed": 0, "carried_over": 5}
    people = {p.name: p for p in repo.list_interviewees(copy.id)}
    # the snapshot's ic, not the later "nobody": it starts from what was presented
    assert repo.get_answer(people["Ann"].id, "mini-q", "q4").value == "ic"
    save_answer_changes(repo, copy.id, people["Ann"].id, "mini-q", "q1", {"value": "3", "status": "given"})
    save_answer_changes(repo, copy.id, people["Bob"].id, "mini-q", "q3", {"value": "60", "status": "given"})
    save_answer_changes(repo, copy.id, people["Bob"].id, "mini-q", "q4", {"status": None})
    marks = review.answer_marks(repo, copy.id)
    assert marks.counts() == {"new": 1, "changed": 1, "carried_over": 3} and marks.withdrawn == 1
    assert marks.marks[(people["Ann"].id, "mini-q", "q1")] == "changed"
    assert marks.marks[(people["Bob"].id, "mini-q", "q3")] == "new"
    assert review.answer_marks(repo, engagement.id) is None
    before = database_dump(repo)
    with pytest.raises(UserError, match="already exists"):
        review.start_reassessment(mini_library, repo, engagement.id, "S1", "Acme 2027")
    assert database_dump(repo) == before


def test_cli_signoff_and_snapshot(repo, mini_library, engagement, tmp_path, capsys):
    url = repo.db.engine.url.render_as_string(hide_password=False)
    common = ["--db", url, "--content", "tests/fixtures/content"]
    assert main(["signoff", "Acme 2026", *common]) == 0
    assert "OPEN" in capsys.readouterr().out
    assert main(["signoff", "Acme 2026", "--lead", "Elena", *common]) == 1
    assert "--accept-open" in capsys.readouterr().err
    assert main(["signoff", "Acme 2026", "--lead", "Elena", "--accept-open", *common]) == 0
    assert "snapshot S1" in capsys.readouterr().out
    assert main(["snapshot", "list", "Acme 2026", *common]) == 0
    assert "signed off by Elena" in capsys.readouterr().out
    assert main(["snapshot", "show", "Acme 2026", "S1", *common]) == 0
    assert "intact" in capsys.readouterr().out
    assert main(["report", "Acme 2026", "--kind", "survey", "--out", str(tmp_path / "s.docx"), "--snapshot", "S1",
                 "--quiet", *common]) == 0
    assert main(["report", "Acme 2026", "--kind", "survey", "--out", str(tmp_path / "s.docx"), "--snapshot", "S9",
                 "--quiet", *common]) == 1
    assert "no snapshot 'S9'" in capsys.readouterr().err
    assert main(["snapshot", "reassess", "Acme 2026", "S1", "--name", "Acme 2027", *common]) == 0
    assert main(["snapshot", "marks", "Acme 2027", *common]) == 0
    assert "5 carried over" in capsys.readouterr().out
    assert main(["snapshot", "marks", "Acme 2026", *common]) == 1
