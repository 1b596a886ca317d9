"""An anonymised package keeps the engagement's documents, scrubbed: no name, note or quote in any byte.

The demo engagements (findings, policies, executive summaries, plans, organisation designs,
process specifications) plus what the demo does not make (a request list with owners and
notes, a sign-off snapshot, a survey form record, quotable marks) are exported anonymised;
every string of the package's JSON is searched for every name and note the engagements
hold; the packages are imported into a fresh database and every document opens there as
the screens open it.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date

import pytest

from app.exchange.scrub import REMOVED, snapshot_hash
from app.services import packages
from app.storage.database import open_database
from app.storage.repository import EngagementFilter, Repository

EVERY = EngagementFilter(include_archived=True)
REVIEWED = "Harbour Bank - O&M maturity assessment 2025"


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _add_review_documents(library, repo: Repository, engagement_id: str) -> None:
    """What the demo does not hold: a request list edited by hand, quotable notes, a survey form, a sign-off."""
    from app.services import evidence_requests, findings, review

    state = evidence_requests.load_requests(library, repo, engagement_id)
    first = state.requests.items[0]
    evidence_requests.update_request(library, repo, engagement_id, first.id, owner="Mr Tobias Quill",
                                     note="Tobias will send the CAB minutes after the audit", due=date(2026, 3, 1))
    evidence_requests.add_request(library, repo, engagement_id, "Quill's private escalation spreadsheet")
    person = repo.list_interviewees(engagement_id)[0]
    noted = next(a for a in repo.list_answers(engagement_id) if a.note)
    findings.write_quotable(repo, engagement_id, (noted.questionnaire_id, noted.question_id, noted.interviewee_id),
                            True)
    repo.documents.put(engagement_id, "survey_form", person.id,
                       {"form_id": "f-1", "file": f"Survey - {person.name}.xlsx", "title": f"Survey for {person.name}",
                        "role": person.role, "answered": 3, "answers": 3, "digest": "abc",
                        "exported_at": "2026-02-01T10:00:00", "imported_at": "2026-02-03T10:00:00"},
                       updated_by="Elena Quill")
    review.sign_off(library, repo, engagement_id, "Lead Consultant Oriana Vex", note="Signed by Oriana after the "
                    "steering meeting with the CIO", accept_open=True, label="Steering committee of Harbour Bank")


@pytest.fixture(scope="module")
def demo(shipped_library, tmp_path_factory):
    from app.demo import create_demo

    folder = tmp_path_factory.mktemp("anon-demo")
    repo = Repository(open_database(f"sqlite:///{folder / 'demo.db'}"))
    create_demo(shipped_library, repo)
    _add_review_documents(shipped_library, repo, repo.find_engagement(REVIEWED).id)
    yield shipped_library, repo, folder
    repo.db.close()


def _sensitive(repo: Repository) -> tuple[set[str], set[str]]:
    """(names, prose) every demo engagement holds: people, customers, consultants, notes, typed-in texts."""
    names: set[str] = {"Tobias", "Quill", "Oriana", "Vex"}
    prose: set[str] = {"CAB minutes after the audit", "private escalation spreadsheet", "steering meeting with the"}
    for summary in repo.list_engagements(EVERY):
        e = repo.get_engagement(summary.id)
        names |= {e.customer.name, e.consultant, e.name}
        prose |= {e.customer.notes, e.scope_notes}
        for p in repo.list_interviewees(e.id):
            names |= {p.name, p.contact}
            prose.add(p.notes)
        for a in repo.list_answers(e.id):
            names.add(a.answered_by)
            prose.add(a.note)
        for o in repo.list_overrides(e.id):
            prose.add(o.rationale)
        for d in repo.documents.list(e.id):
            names.add(d.updated_by)
            payload = d.payload if isinstance(d.payload, dict) else {}
            if d.kind == "plan":
                prose.add(payload.get("constraints", {}).get("notes", ""))
                names |= {x["label"] for x in payload.get("constraints", {}).get("deadlines", [])}
                names |= {x["name"] for x in payload.get("departments", [])}
            if d.kind == "organisation_design":
                for side in ("current", "target"):
                    prose.add(payload.get(side, {}).get("notes", ""))
                    prose |= {t.get("mission", "") for t in payload.get(side, {}).get("teams", [])}
                prose |= {t.get("description", "") for t in payload.get("transition", [])}
                prose |= {r.get("career_path", "") for r in payload.get("roles", [])}
            if d.kind == "process_spec":
                prose |= {v.get("note", {}).get(lang, "") for v in payload.get("variants", []) for lang in ("en", "zh")}
            if d.kind == "diagnosis" and d.key == "summary" and payload["items"].get("edited"):
                prose |= set(payload["items"]["texts"].values())
    names = {x.strip() for x in names if x and len(x.strip()) >= (3 if x.isascii() else 2)}
    prose = {x.strip() for x in prose if x and len(x.strip()) >= (12 if x.isascii() else 6)}
    return names, prose


@pytest.fixture(scope="module")
def exported(demo):
    library, repo, folder = demo
    out = {}
    for e in repo.list_engagements(EVERY):
        path = folder / f"anon-{e.id}.omm"
        packages.export_engagement(repo, e.id, path, anonymise=True)
        out[e.id] = path
    return out


def test_no_name_note_or_quote_is_left_in_any_anonymised_package(demo, exported):
    _library, repo, _folder = demo
    names, prose = _sensitive(repo)
    assert len(names) > 40 and len(prose) > 40  # the search has something to find
    for engagement_id, path in exported.items():
        with zipfile.ZipFile(path) as archive:
            entries = {n: archive.read(n) for n in archive.namelist()}
        strings = [s.casefold() for raw in entries.values() for s in _strings(json.loads(raw))]
        strings += [n.casefold() for n in entries]
        for secret in names | prose:
            hit = next((s for s in strings if secret.casefold() in s), None)
            assert hit is None, f"{secret!r} left in the package of {repo.get_engagement(engagement_id).name}: {hit!r}"


def test_the_documents_are_kept_not_dropped(demo, exported):
    _library, repo, _folder = demo
    for engagement_id, path in exported.items():
        with zipfile.ZipFile(path) as archive:
            data = json.loads(archive.read("engagement.json"))
        kinds = sorted((d["kind"], d["key"]) for d in data["documents"])
        original = repo.documents.list(engagement_id)
        expected = sorted((d.kind, d.key if d.kind != "survey_form" else None) for d in original
                          if d.kind != "omm.exchange")
        assert [k for k, _ in kinds] == [k for k, _ in expected]
        for doc in data["documents"]:  # written for the copy: a diagnosis of another engagement is not loaded
            if isinstance(doc["payload"], dict) and "engagement_id" in doc["payload"]:
                assert doc["payload"]["engagement_id"] == data["engagement"]["id"]


def test_the_anonymised_documents_import_and_open(demo, exported, tmp_path):
    from app.services import evidence_requests, organisation, planning, processes, review
    from app.services.findings import load_diagnosis
    from app.services.results import score_engagement

    library, repo, _folder = demo
    target = Repository(open_database(f"sqlite:///{tmp_path / 'bench.db'}"))
    try:
        for engagement_id, path in exported.items():
            copy = packages.import_package(target, path).engagement_id
            original = repo.documents.list(engagement_id)
            kinds = {d.kind for d in original}
            diagnosis = load_diagnosis(library, target, score_engagement(library, target, copy))
            if "diagnosis" in kinds:
                before = load_diagnosis(library, repo, score_engagement(library, repo, engagement_id))
                assert diagnosis.stored
                assert [(f.id, f.status, f.severity) for f in diagnosis.findings] == \
                    [(f.id, f.status, f.severity) for f in before.findings]
                assert [p.id for p in diagnosis.policies] == [p.id for p in before.policies]
                quotes = [s for f in diagnosis.findings for s in f.support if s.kind.value in ("note", "quote")]
                assert quotes == [] and diagnosis.quotable == frozenset()
                if before.summary is not None and before.summary.edited:
                    # what is stored (a language nobody wrote reads as a fresh draft when loaded)
                    stored = target.documents.get(copy, "diagnosis", "summary").payload["items"]["texts"]
                    assert stored and all(text == REMOVED[lang] for lang, text in stored.items())
            if "plan" in kinds:
                state = planning.load_planning(library, target, copy)
                before = planning.load_planning(library, repo, engagement_id)
                assert state.saved
                assert [i.id for i in state.plan.initiatives] == [i.id for i in before.plan.initiatives]
                assert [t.level for t in state.plan.targets] == [t.level for t in before.plan.targets]
                word = "部门{n}" if repo.get_engagement(engagement_id).language == "zh" else "Department {n}"
                assert [d.name for d in state.plan.departments] == \
                    [word.format(n=n) for n in range(1, len(before.plan.departments) + 1)]
            if "organisation_design" in kinds:
                design = organisation.load_design(library, target, copy).design
                before = organisation.load_design(library, repo, engagement_id).design
                assert [t.id for t in design.target.teams] == [t.id for t in before.target.teams]
                # the customer's own teams by number (their names, such as "IT management", can be the content's
                # words too, so they are not searched for above)
                assert {t.name.rstrip("0123456789") for t in design.current.teams} <= {"Team ", "团队"}
                assert sum(sum(t.posts.values()) for t in design.target.teams) == \
                    sum(sum(t.posts.values()) for t in before.target.teams)
            if "process_spec" in kinds:
                book = processes.load_book(library, target, copy)
                before = processes.load_book(library, repo, engagement_id)
                assert sorted(book.specs) == sorted(before.specs)
            if "evidence_requests" in kinds:
                requests = evidence_requests.load_requests(library, target, copy).requests
                assert len(requests.items) == len(evidence_requests.load_requests(library, repo,
                                                                                  engagement_id).requests.items)
                assert {i.owner for i in requests.items} == {""}
            if "snapshot" in kinds:
                [info] = review.list_snapshots(target, copy)
                assert review.verify_snapshot(target, copy, info.id)
                doc = target.documents.get(copy, "snapshot", info.id)
                assert doc.payload["hash"] == snapshot_hash(doc.payload["frozen"])
                assert {p["name"] for p in doc.payload["frozen"]["data"]["interviewees"]} <= \
                    {p.name for p in target.list_interviewees(copy)}
                # a report of the anonymised snapshot is written from what it froze
                from app.services.reports import write_report

                out = write_report(library, target, copy, "diagnosis", tmp_path / f"{copy}.docx", "en",
                                   snapshot=info.id)
                assert out.stat().st_size > 10_000
    finally:
        target.db.close()


def test_the_snapshot_hash_is_the_reviews_own(demo):
    from app.services.review import content_hash

    frozen = {"b": [1, 2.5, "张伟"], "a": {"x": None}}
    assert snapshot_hash(frozen) == content_hash(frozen)


def test_a_name_left_in_a_drafted_sentence_is_replaced_and_a_quoted_note_emptied():
    from app.exchange.snapshot import anonymised

    note = "We approve changes by email, says the CIO"
    data = {
        "customer": {"id": "c1", "name": "Harbour Bank", "industry": "banking", "it_headcount": 80,
                     "business_departments": 5, "notes": ""},
        "engagement": {"id": "e1", "name": "Harbour 2026", "consultant": "Elena Ruiz", "scope_notes": "",
                       "previous_engagement_id": None},
        "interviewees": [{"id": "p1", "name": "王芳", "role": "cio", "questionnaire_id": "q", "contact": "",
                          "notes": "", "department": ""},
                         {"id": "p2", "name": "Ann", "role": "sre", "questionnaire_id": "q", "contact": "",
                          "notes": "", "department": ""}],
        "answers": [{"id": "a1", "interviewee_id": "p1", "questionnaire_id": "q", "question_id": "q1",
                     "status": "given", "value": "3", "note": note, "answered_by": "Elena Ruiz",
                     "follow_up": False, "evidence_ids": []}],
        "sessions": [], "evidence": [], "targets": [], "overrides": [],
        "documents": [
            {"kind": "diagnosis", "key": "findings", "updated_by": "Elena Ruiz", "payload": {
                "engagement_id": "e1", "items": [{
                    "id": "f1", "rule": "perception", "edited": False,
                    "title": {"en": "Harbour Bank: change approval", "zh": "王芳认为变更审批不足"},
                    "statement": {"en": f"As noted: {note}.", "zh": "按顾问Elena Ruiz的记录"},
                    "support": [{"kind": "answer", "interviewee_id": "p1", "text": "3"},
                                {"kind": "quote", "interviewee_id": "p1", "text": note}]}]}},
            {"kind": "plan", "key": "main", "updated_by": "", "payload": {
                "objectives": [{"id": "o1", "source": "library", "name": {"en": "Annual planning by Ann's team"}}]}},
            {"kind": "someone.elses", "key": "x", "payload": {"who": "王芳"}, "updated_by": ""},
        ],
    }
    copy = anonymised(data, engagement_id="e2")
    doc, plan = copy["documents"]  # a kind nobody knows how to scrub is left out
    # a name is replaced as a whole word only: "Ann" is not in "Annual planning"
    assert plan["payload"]["objectives"][0]["name"] == {"en": "Annual planning by Interviewee 2's team"}
    [finding] = doc["payload"]["items"]
    alias = copy["customer"]["name"]
    assert finding["title"] == {"en": f"{alias}: change approval", "zh": "Interviewee 1认为变更审批不足"}
    assert finding["statement"] == {"en": "", "zh": ""}  # held a note, and the consultant's name
    assert finding["support"] == [{"kind": "answer", "interviewee_id": copy["interviewees"][0]["id"], "text": "3"}]
    assert doc["payload"]["engagement_id"] == "e2" and doc["updated_by"] == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_findings_and_planning_tabs_open_an_anonymised_copy(qtbot, demo, exported, tmp_path, lang):
    """The screens load the copy's stored findings and plan (pictures for a person to look at)."""
    import os
    from pathlib import Path

    from app.ui.context import AppContext
    from app.ui.findings import FindingsView
    from app.ui.i18n import set_language
    from app.ui.planning import PlanningView

    library, repo, _folder = demo
    set_language(lang)
    original = repo.find_engagement(REVIEWED)
    target = Repository(open_database(f"sqlite:///{tmp_path / 'bench.db'}"))
    try:
        copy = packages.import_package(target, exported[original.id]).engagement_id
        context = AppContext(library, target, lang)
        findings = FindingsView(context)
        qtbot.addWidget(findings)
        findings.resize(1366, 768)
        findings.load(copy)
        assert findings.diagnosis.stored and findings.model.rowCount() == len(findings.diagnosis.findings) > 5
        assert "Harbour" not in findings.summary_edit.toPlainText() if hasattr(findings, "summary_edit") else True
        plan = PlanningView(context)
        qtbot.addWidget(plan)
        plan.resize(1366, 768)
        plan.load(copy)
        assert plan.state is not None and plan.state.saved
        assert plan.models["initiatives"].rowCount() == len(plan.plan.initiatives) > 3
        folder = Path(os.environ.get("OMM_PACKAGE_SHOTS", tmp_path))
        findings.show()
        plan.show()
        qtbot.wait(50)
        assert findings.grab().save(str(folder / f"anonymised-findings-{lang}.png"))
        assert plan.grab().save(str(folder / f"anonymised-planning-{lang}.png"))
    finally:
        set_language("en")
        target.db.close()
