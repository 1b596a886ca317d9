"""Engagement packages: round trips, anonymisation, merging, refusals, older formats, the team repository.

Two laptops are two SQLite databases in folders of their own (each with its evidence
folder). "Nothing changed" is a dump of the whole database and every file of the
evidence folder, byte for byte, before and after.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.errors import UserError
from app.exchange import package as package_format
from app.exchange.snapshot import SYNC_KIND
from app.services import packages
from app.services.packages import ConflictsPending, PackageError
from app.storage.database import open_database
from app.storage.records import ContentRef, ServiceChoice
from app.storage.repository import Repository

PASSWORD = "correct horse battery"


# --- helpers ---------------------------------------------------------------------------

def _open(url: str) -> Repository:
    return Repository(open_database(url))


@pytest.fixture
def laptops(tmp_path, monkeypatch):
    """A factory of repositories, each a SQLite file in its own folder (its own evidence folder)."""
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    made: list[Repository] = []

    def laptop(name: str) -> Repository:
        folder = tmp_path / name
        folder.mkdir()
        repo = _open(f"sqlite:///{folder / 'omm.db'}")
        made.append(repo)
        return repo

    yield laptop
    for repo in made:
        repo.db.close()


def _build(repo: Repository, tmp_path: Path, *, evidence_bytes: bytes = b"change log\n" * 1000) -> str:
    """An engagement with everything a package carries; its id."""
    customer = repo.create_customer("Acme Bank", "Banking", 120, 12, notes="Customer secret note")
    e = repo.create_engagement(customer.id, "Acme 2026", services=[ServiceChoice("diagnosis-basic")],
                               content=[ContentRef("model", "mini", "1.0"), ContentRef("questionnaire", "mini-q", "1.0")],
                               consultant="Elena Consultant", start_date=date(2026, 1, 5),
                               scope_notes="Scope mentions Zhang Wei")
    ann = repo.add_interviewee(e.id, "Ann Smith", "sre", department="Ops", contact="ann@acme.example",
                               notes="Ann prefers mornings")
    bob = repo.add_interviewee(e.id, "Bob 张伟", "executive")
    repo.save_answer(e.id, ann.id, "mini-q", "q1", "given", "3", confidence="high", answered_by="Elena Consultant")
    repo.set_answer_note(e.id, ann.id, "mini-q", "q1", "Ann said: we approve changes by email")
    repo.save_answer(e.id, ann.id, "mini-q", "q2", "given", "yes", answered_by="Elena Consultant")
    repo.save_answer(e.id, bob.id, "mini-q", "q4", "given", "manager", answered_by="Elena Consultant")
    repo.set_follow_up(e.id, bob.id, "mini-q", "q4", True)
    source = tmp_path / "change-log.txt"
    source.write_bytes(evidence_bytes)
    evidence = repo.add_evidence_file(e.id, source, title="Change log of Acme")
    repo.link_evidence(e.id, ann.id, "mini-q", "q1", evidence.id)
    repo.request_evidence(e.id, "On-call rota")
    repo.set_target(e.id, "mini", "change.approval", 4.0)
    repo.set_override(e.id, "mini", "incident.response", 2.0, "Bob described ad-hoc escalation", author="Elena")
    repo.documents.put(e.id, "findings", "main", {"findings": [{"text": "Ann: 'nobody reviews changes'"}]},
                       updated_by="Elena Consultant")
    session = repo.start_session(e.id, ann.id, "mini-q")
    repo.end_session(session.id, 600)
    return e.id


def _state(repo: Repository, engagement_id: str) -> dict:
    """What the engagement holds, ids kept, the exchange's own memory left out."""
    with repo.unit_of_work() as uow:
        data = packages._snapshot(uow, engagement_id)
    data["engagement"].pop("updated_at")
    data["documents"] = [{k: v for k, v in d.items() if k != "updated_at"} for d in data["documents"]
                         if d["kind"] != SYNC_KIND]
    data["answers"] = sorted(({k: v for k, v in a.items() if k != "id"} for a in data["answers"]),
                             key=lambda a: (a["interviewee_id"], a["question_id"]))
    return data


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _snapshot_all(repo: Repository, database_dump) -> tuple[str, dict[str, bytes]]:
    return database_dump(repo), _files(repo.db.evidence_dir)


def _answer(repo, engagement_id, question_id, name="Ann Smith"):
    person = next(p for p in repo.list_interviewees(engagement_id) if p.name == name)
    return repo.get_answer(person.id, "mini-q", question_id), person


def _package_text(path: Path) -> str:
    """Every entry of a plain package, decompressed, as one text (to search for names)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()) \
            + "\n".join(archive.namelist())


# --- round trips ------------------------------------------------------------------------

@pytest.mark.parametrize("password", [None, PASSWORD])
def test_round_trip_moves_everything_with_and_without_password(laptops, tmp_path, password):
    a, b = laptops("a"), laptops("b")
    eid = _build(a, tmp_path)
    out = tmp_path / "acme.omm"
    result = packages.export_engagement(a, eid, out, password=password)
    assert result.evidence_files == 1 and result.answers == 3 and result.encrypted == bool(password)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    if password:
        assert not zipfile.is_zipfile(out)
        assert b"Acme" not in out.read_bytes()  # sealed: no name readable in the file
    imported = packages.import_package(b, out, password=password)
    assert imported.created and imported.engagement_id == eid
    assert _state(b, eid) == _state(a, eid)
    [evidence] = [x for x in b.list_evidence(eid) if x.stored_path]
    path = b.evidence_path(evidence)
    assert path.is_relative_to(b.db.evidence_dir)
    assert path.read_bytes() == b"change log\n" * 1000
    assert hashlib.sha256(path.read_bytes()).hexdigest() == evidence.sha256
    assert not list(b.db.evidence_dir.parent.glob(".omm-import-*"))  # the staging folder is gone


def test_manifest_names_format_app_content_and_checksums(laptops, tmp_path):
    a = laptops("a")
    eid = _build(a, tmp_path)
    out = tmp_path / "acme.omm"
    packages.export_engagement(a, eid, out)
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read("engagement.json")
        assert manifest["format"] == "omm-engagement-package" and manifest["format_version"] == 1
        assert manifest["app_version"]
        assert {(c["kind"], c["id"], c["version"]) for c in manifest["content"]} == {
            ("model", "mini", "1.0"), ("questionnaire", "mini-q", "1.0")}
        assert manifest["data_sha256"] == hashlib.sha256(data).hexdigest()
        [item] = manifest["evidence"]
        assert hashlib.sha256(archive.read(item["entry"])).hexdigest() == item["sha256"]


def test_anonymised_copy_keeps_scores_and_drops_every_name_note_and_file(laptops, tmp_path):
    a, b = laptops("a"), laptops("b")
    eid = _build(a, tmp_path)
    out = tmp_path / "anon.omm"
    result = packages.export_engagement(a, eid, out, anonymise=True)
    assert result.anonymised and result.evidence_files == 0
    text = _package_text(out)
    for secret in ("Acme", "Ann", "Smith", "张伟", "Bob", "Elena", "ann@acme", "Ops", "email", "mornings",
                   "Zhang Wei", "Customer secret", "Change log", "change log", "On-call rota", "ad-hoc",
                   "nobody reviews", "change-log.txt"):
        assert secret not in text, secret
    with zipfile.ZipFile(out) as archive:
        assert [n for n in archive.namelist() if n.startswith("evidence/")] == []
    imported = packages.import_package(b, out)
    assert imported.created and imported.engagement_id != eid  # a new engagement, never merged into the original
    original = sorted((a_.question_id, a_.status, a_.value, a_.confidence) for a_ in a.list_answers(eid))
    copy = sorted((x.question_id, x.status, x.value, x.confidence) for x in b.list_answers(imported.engagement_id))
    assert copy == original
    assert b.list_targets(imported.engagement_id) == a.list_targets(eid)
    assert [o.level for o in b.list_overrides(imported.engagement_id)] == [2.0]
    assert {p.role for p in b.list_interviewees(imported.engagement_id)} == {"sre", "executive"}
    assert _files(b.db.evidence_dir) == {}
    record = b.get_engagement(imported.engagement_id)
    assert record.customer.industry == "Banking" and record.customer.it_headcount == 120


# --- merging --------------------------------------------------------------------------

def _two_laptops(laptops, tmp_path):
    a, b = laptops("a"), laptops("b")
    eid = _build(a, tmp_path)
    p1 = tmp_path / "p1.omm"
    packages.export_engagement(a, eid, p1)
    packages.import_package(b, p1)
    return a, b, eid


def test_merge_without_conflicts_takes_each_sides_change(laptops, tmp_path, database_dump):
    a, b, eid = _two_laptops(laptops, tmp_path)
    ann = _answer(a, eid, "q1")[1]
    a.save_answer(eid, ann.id, "mini-q", "q1", "given", "4", answered_by="Elena")  # A changes q1
    b.save_answer(eid, ann.id, "mini-q", "q2", "given", "no", answered_by="Li")  # B changes q2 ...
    b.save_answer(eid, ann.id, "mini-q", "q3", "given", "60", answered_by="Li")  # ... and answers q3
    b.add_interviewee(eid, "Carol", "sre")
    b.clear_answer(_answer(b, eid, "q4", "Bob 张伟")[1].id, "mini-q", "q4")  # B clears q4: a default
    p2 = tmp_path / "p2.omm"
    packages.export_engagement(b, eid, p2)
    result = packages.import_package(a, p2)
    assert not result.created and result.changed >= 3 and result.conflicts_resolved == 0
    assert _answer(a, eid, "q1")[0].value == "4"  # A's own change kept
    assert _answer(a, eid, "q2")[0].value == "no"  # B's change taken
    assert _answer(a, eid, "q2")[0].answered_by == "Li"
    assert _answer(a, eid, "q3")[0].value == "60"
    assert _answer(a, eid, "q4", "Bob 张伟")[0].value == "manager"  # the cleared answer does not overwrite
    assert "Carol" in {p.name for p in a.list_interviewees(eid)}
    # and back: B takes A's change to q1, nothing conflicts
    p3 = tmp_path / "p3.omm"
    packages.export_engagement(a, eid, p3)
    packages.import_package(b, p3)
    assert _answer(b, eid, "q1")[0].value == "4"


def test_conflict_is_listed_and_nothing_written_until_chosen(laptops, tmp_path, database_dump):
    a, b, eid = _two_laptops(laptops, tmp_path)
    ann = _answer(a, eid, "q1")[1]
    a.save_answer(eid, ann.id, "mini-q", "q1", "given", "4", answered_by="Elena")
    b.save_answer(eid, ann.id, "mini-q", "q1", "given", "2", answered_by="Li")
    b.save_answer(eid, ann.id, "mini-q", "q3", "given", "90", answered_by="Li")  # no conflict
    p2 = tmp_path / "p2.omm"
    packages.export_engagement(b, eid, p2)
    before = _snapshot_all(a, database_dump)
    with pytest.raises(ConflictsPending) as caught:
        packages.import_package(a, p2)
    assert _snapshot_all(a, database_dump) == before
    [conflict] = caught.value.conflicts
    assert conflict.kind == "answer" and conflict.question_id == "q1" and conflict.interviewee == "Ann Smith"
    assert conflict.local["value"] == "4" and conflict.incoming["value"] == "2"
    assert conflict.local_by == "Elena" and conflict.incoming_by == "Li" and conflict.incoming_at
    with pytest.raises(UserError, match="no conflict"):
        packages.import_package(a, p2, choices={"answer/nonsense": "local"})
    assert _snapshot_all(a, database_dump) == before
    packages.import_package(a, p2, choices={conflict.key: "local"})
    assert _answer(a, eid, "q1")[0].value == "4" and _answer(a, eid, "q3")[0].value == "90"


def test_conflict_resolved_for_the_package(laptops, tmp_path):
    a, b, eid = _two_laptops(laptops, tmp_path)
    ann = _answer(a, eid, "q1")[1]
    a.save_answer(eid, ann.id, "mini-q", "q1", "given", "4")
    b.save_answer(eid, ann.id, "mini-q", "q1", "given", "2")
    p2 = tmp_path / "p2.omm"
    packages.export_engagement(b, eid, p2)
    result = packages.import_package(a, p2, choices={"all": "package"})
    assert result.conflicts_resolved == 1 and _answer(a, eid, "q1")[0].value == "2"


def test_importing_the_same_package_twice_changes_nothing(laptops, tmp_path, database_dump):
    a, b, eid = _two_laptops(laptops, tmp_path)
    ann = _answer(a, eid, "q1")[1]
    a.save_answer(eid, ann.id, "mini-q", "q1", "given", "4")
    b.save_answer(eid, ann.id, "mini-q", "q1", "given", "2")
    p2 = tmp_path / "p2.omm"
    packages.export_engagement(b, eid, p2)
    packages.import_package(a, p2, choices={"all": "local"})
    before = _snapshot_all(a, database_dump)
    again = packages.import_package(a, p2)  # no conflict the second time, and nothing written
    assert again.already_imported and again.changed == 0
    assert _snapshot_all(a, database_dump) == before
    # the first package, imported again into B, changes nothing either
    before_b = _snapshot_all(b, database_dump)
    packages.import_package(b, tmp_path / "p1.omm")
    assert _snapshot_all(b, database_dump) == before_b


def test_without_a_common_ancestor_differences_are_conflicts_and_blanks_are_filled(laptops, tmp_path):
    a, b, eid = _two_laptops(laptops, tmp_path)
    c = laptops("c")
    packages.import_package(c, tmp_path / "p1.omm")
    ann = _answer(a, eid, "q1")[1]
    b.save_answer(eid, ann.id, "mini-q", "q1", "given", "1")
    b.save_answer(eid, ann.id, "mini-q", "q3", "given", "10")
    c.save_answer(eid, ann.id, "mini-q", "q1", "given", "5")
    pb = tmp_path / "pb.omm"
    packages.export_engagement(b, eid, pb)
    # C knows p1, so p1 is the ancestor: q1 conflicts (both changed), q3 is simply taken
    with pytest.raises(ConflictsPending) as caught:
        packages.import_package(c, pb)
    assert [x.key.split("/")[-1] for x in caught.value.conflicts] == ["q1"]


def test_a_re_export_after_matching_a_person_by_name_merges_without_false_conflicts(laptops, tmp_path):
    """B matched A's "Carol" to its own Carol (other ids) when importing A's package; B's re-export
    carries its memory of that exchange under B's ids. A changed Carol's answer since, B did not:
    A keeps its change, takes B's, and nothing is a conflict."""
    a, b, eid = _two_laptops(laptops, tmp_path)
    carol_a = a.add_interviewee(eid, "Carol", "sre")
    carol_b = b.add_interviewee(eid, "Carol", "sre")  # registered on both laptops: two ids, one person
    assert carol_a.id != carol_b.id
    a.save_answer(eid, carol_a.id, "mini-q", "q1", "given", "3", answered_by="Elena")
    p2 = tmp_path / "p2.omm"
    packages.export_engagement(a, eid, p2)
    assert packages.import_package(b, p2).conflicts_resolved == 0
    assert b.get_answer(carol_b.id, "mini-q", "q1").value == "3"  # onto B's own Carol
    a.save_answer(eid, carol_a.id, "mini-q", "q1", "given", "5", answered_by="Elena")  # A changes it since
    ann = _answer(b, eid, "q1")[1]
    b.save_answer(eid, ann.id, "mini-q", "q3", "given", "45", answered_by="Li")  # B changes something else
    p3 = tmp_path / "p3.omm"
    packages.export_engagement(b, eid, p3)  # B's first export of its own
    result = packages.import_package(a, p3)  # no ConflictsPending: B did not change Carol's answer
    assert result.conflicts_resolved == 0
    assert a.get_answer(carol_a.id, "mini-q", "q1").value == "5"
    assert _answer(a, eid, "q3")[0].value == "45"
    # and A's change reaches B the same way
    p4 = tmp_path / "p4.omm"
    packages.export_engagement(a, eid, p4)
    assert packages.import_package(b, p4).conflicts_resolved == 0
    assert b.get_answer(carol_b.id, "mini-q", "q1").value == "5"


def test_a_re_export_through_a_third_laptop_finds_the_common_ancestor(laptops, tmp_path):
    """A -> B -> C (C never exchanged before); C changes one answer, A another: C's package merges into A
    without a conflict, through the exchange A and B took part in."""
    a, b, eid = _two_laptops(laptops, tmp_path)
    c = laptops("c")
    pb = tmp_path / "pb.omm"
    packages.export_engagement(b, eid, pb)
    packages.import_package(c, pb)
    ann = _answer(a, eid, "q1")[1]
    a.save_answer(eid, ann.id, "mini-q", "q1", "given", "5")
    c.save_answer(eid, ann.id, "mini-q", "q3", "given", "30")
    pc = tmp_path / "pc.omm"
    packages.export_engagement(c, eid, pc)
    result = packages.import_package(a, pc)
    assert result.conflicts_resolved == 0
    assert _answer(a, eid, "q1")[0].value == "5" and _answer(a, eid, "q3")[0].value == "30"


def test_a_senders_memory_is_read_under_this_sides_people():
    """Known here only through the sender's history (no fingerprints of our own), the sender's record of the
    exchange is used with its interviewee ids renamed as the incoming data was."""
    from app.exchange.merge import SyncState, common_ancestor

    sync = {"package_id": "p9", "history": ["x1", "p9"], "base_id": "x1",
            "base": {"answer/their-carol/mini-q/q1": "f1", "note/their-carol/mini-q/q1": "f2",
                     "interviewee/their-carol": "f3", "answer/ann/mini-q/q1": "f4", "customer": "f5"}}
    ancestor, base = common_ancestor(SyncState(history=["x1"]), sync, {}, {"their-carol": "our-carol"})
    assert ancestor == "x1"
    assert base == {"answer/our-carol/mini-q/q1": "f1", "note/our-carol/mini-q/q1": "f2",
                    "interviewee/our-carol": "f3", "answer/ann/mini-q/q1": "f4", "customer": "f5"}
    own = SyncState(history=["x1"], bases={"x1": {"customer": "mine"}})
    assert common_ancestor(own, sync, {}, {"their-carol": "our-carol"}) == ("x1", {"customer": "mine"})


def test_merge_is_one_unit_of_work(laptops, tmp_path, database_dump, monkeypatch):
    a, b, eid = _two_laptops(laptops, tmp_path)
    ann = _answer(a, eid, "q1")[1]
    b.save_answer(eid, ann.id, "mini-q", "q3", "given", "70")
    extra = tmp_path / "new-evidence.txt"
    extra.write_bytes(b"new file from B")
    b.add_evidence_file(eid, extra, title="B's file")
    b.documents.put(eid, "plan", "main", {"phases": [1]})
    p2 = tmp_path / "p2.omm"
    packages.export_engagement(b, eid, p2)
    before = _snapshot_all(a, database_dump)
    from app.storage import transfer
    real_put = type(a.documents).put

    def failing_put(self, engagement_id, kind, key, *args, **kwargs):
        if kind == "plan":
            raise OSError("disk failed on the last write")
        return real_put(self, engagement_id, kind, key, *args, **kwargs)

    monkeypatch.setattr(type(a.documents), "put", failing_put)
    with pytest.raises(OSError):
        packages.import_package(a, p2)
    assert _snapshot_all(a, database_dump) == before  # no answer, no evidence row, no file
    monkeypatch.undo()
    assert transfer  # the real writer again
    packages.import_package(a, p2)
    assert _answer(a, eid, "q3")[0].value == "70"
    assert {x.title for x in a.list_evidence(eid)} >= {"B's file"}


# --- refusals: one line, nothing changed ----------------------------------------------------

def _refused(repo, path, database_dump, match, **kwargs):
    before = _snapshot_all(repo, database_dump)
    with pytest.raises(UserError, match=match) as caught:
        packages.import_package(repo, path, **kwargs)
    assert "\n" not in str(caught.value)
    assert _snapshot_all(repo, database_dump) == before
    assert not list(repo.db.evidence_dir.parent.glob(".omm-import-*"))
    return str(caught.value)


def _rezip(source: Path, target: Path, change) -> None:
    """A copy of a plain package with its entries passed through ``change(name, bytes) -> [(info, bytes)]``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            for new_info, data in change(info, src.read(info)):
                out.writestr(new_info, data)


@pytest.fixture
def receiver(laptops, tmp_path):
    """A package of engagement A, and laptop B which already holds an earlier copy of it (so a refusal has
    something to leave alone)."""
    a, b, eid = _two_laptops(laptops, tmp_path)
    ann = _answer(a, eid, "q1")[1]
    a.save_answer(eid, ann.id, "mini-q", "q3", "given", "55")
    out = tmp_path / "p2.omm"
    packages.export_engagement(a, eid, out)
    return a, b, eid, out


def test_refuses_truncated_package(receiver, tmp_path, database_dump):
    _a, b, _eid, out = receiver
    cut = tmp_path / "cut.omm"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    _refused(b, cut, database_dump, "damaged or truncated")


def test_refuses_tampered_package(receiver, tmp_path, database_dump):
    _a, b, _eid, out = receiver
    bad = tmp_path / "tampered.omm"

    def change(info, data):
        if info.filename.startswith("evidence/"):
            data = data.replace(b"change log", b"change LOG", 1)
        return [(info, data)]

    _rezip(out, bad, change)
    _refused(b, bad, database_dump, "does not match its checksum")
    bad_data = tmp_path / "tampered-data.omm"

    def change_data(info, data):
        if info.filename == "engagement.json":
            data = data.replace(b'"55"', b'"99"')
        return [(info, data)]

    _rezip(out, bad_data, change_data)
    _refused(b, bad_data, database_dump, "does not match the checksum")


def test_refuses_wrong_password_and_tampered_or_truncated_encryption(receiver, tmp_path, database_dump):
    a, b, eid, _out = receiver
    sealed = tmp_path / "sealed.omm"
    packages.export_engagement(a, eid, sealed, password=PASSWORD)
    _refused(b, sealed, database_dump, "wrong password", password="not the password")
    _refused(b, sealed, database_dump, "password-protected")
    raw = bytearray(sealed.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    flipped = tmp_path / "flipped.omm"
    flipped.write_bytes(bytes(raw))
    _refused(b, flipped, database_dump, "altered|damaged", password=PASSWORD)
    from app.exchange import crypto
    header_end = sealed.read_bytes().index(b"}") + 1
    body = sealed.read_bytes()[header_end:]
    chunk = crypto.CHUNK + crypto.TAG
    if len(body) > chunk:  # cut after a whole chunk: the last one is missing
        cut = tmp_path / "cut-sealed.omm"
        cut.write_bytes(sealed.read_bytes()[: header_end + chunk])
        _refused(b, cut, database_dump, "truncated", password=PASSWORD)
    short = tmp_path / "short-sealed.omm"
    short.write_bytes(sealed.read_bytes()[:-100])
    _refused(b, short, database_dump, "truncated|damaged", password=PASSWORD)


def test_encrypted_chunks_cannot_be_reordered(tmp_path):
    from app.exchange import crypto

    plain = os.urandom(crypto.CHUNK * 2 + 10)
    sealed = io.BytesIO()
    writer = crypto.EncryptingWriter(sealed, PASSWORD)
    writer.write(plain)
    writer.close()
    raw = sealed.getvalue()
    header_end = raw.index(b"}") + 1
    size = crypto.CHUNK + crypto.TAG
    chunks = [raw[header_end + i * size: header_end + (i + 1) * size] for i in range(3)]
    assert crypto.DecryptingReader(io.BytesIO(raw), PASSWORD).read() == plain
    swapped = raw[:header_end] + chunks[1] + chunks[0] + chunks[2]
    reader = crypto.DecryptingReader(io.BytesIO(swapped), PASSWORD)
    with pytest.raises(crypto.PackageCryptoError, match="altered"):
        reader.read()


def test_refuses_zip_slip_symlink_and_unexpected_entries(receiver, tmp_path, database_dump):
    _a, b, _eid, out = receiver

    def slip(info, data):
        items = [(info, data)]
        if info.filename == "manifest.json":
            items.append((zipfile.ZipInfo("../../outside.txt"), b"escaped"))
        return items

    slipped = tmp_path / "slip.omm"
    _rezip(out, slipped, slip)
    _refused(b, slipped, database_dump, "outside its folder")
    assert not (tmp_path / "outside.txt").exists()

    def link(info, data):
        items = [(info, data)]
        if info.filename == "manifest.json":
            symlink = zipfile.ZipInfo("evidence/link")
            symlink.external_attr = (stat.S_IFLNK | 0o777) << 16
            items.append((symlink, b"/etc/passwd"))
        return items

    linked = tmp_path / "link.omm"
    _rezip(out, linked, link)
    _refused(b, linked, database_dump, "symbolic link")

    def absolute(info, data):
        return [(info, data), (zipfile.ZipInfo("/tmp/abs.txt"), b"x")] if info.filename == "manifest.json" \
            else [(info, data)]

    absolute_path = tmp_path / "abs.omm"
    _rezip(out, absolute_path, absolute)
    _refused(b, absolute_path, database_dump, "outside its folder")

    # an entry a ZIP tool encrypted with its own password: the flag set in its header and in the directory
    raw = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as archive:
        [info] = [i for i in archive.infolist() if i.filename.startswith("evidence/")]
    raw[info.header_offset + 6] |= 0x1
    directory = raw.index(info.filename.encode(), raw.index(b"PK\x01\x02")) - 46
    assert raw[directory:directory + 4] == b"PK\x01\x02"
    raw[directory + 8] |= 0x1
    sealed_entry = tmp_path / "zip-encrypted.omm"
    sealed_entry.write_bytes(bytes(raw))
    _refused(b, sealed_entry, database_dump, "encrypted by another program")


def test_refuses_oversized_package(receiver, tmp_path, database_dump, monkeypatch):
    _a, b, _eid, out = receiver
    monkeypatch.setattr(package_format, "MAX_EVIDENCE_FILE_BYTES", 100)
    _refused(b, out, database_dump, "over the limit")
    monkeypatch.undo()
    monkeypatch.setattr(package_format, "MAX_TOTAL_BYTES", 1000)
    _refused(b, out, database_dump, "over the limit")


def test_refuses_newer_format_and_not_a_package(receiver, tmp_path, database_dump):
    _a, b, _eid, out = receiver

    def newer(info, data):
        if info.filename == "manifest.json":
            manifest = json.loads(data)
            manifest["format_version"] = 99
            data = json.dumps(manifest).encode()
        return [(info, data)]

    future = tmp_path / "future.omm"
    _rezip(out, future, newer)
    message = _refused(b, future, database_dump, "newer omm")
    assert "format 99" in message
    junk = tmp_path / "junk.omm"
    junk.write_bytes(b"hello, not a package")
    _refused(b, junk, database_dump, "not an omm engagement package")


def test_refuses_a_new_engagement_whose_name_is_taken(laptops, tmp_path, database_dump):
    a, b = laptops("a"), laptops("b")
    eid = _build(a, tmp_path)
    out = tmp_path / "acme.omm"
    packages.export_engagement(a, eid, out)
    other = b.create_customer("Other")
    b.create_engagement(other.id, "Acme 2026")
    _refused(b, out, database_dump, "already named")


# --- older formats --------------------------------------------------------------------------

def _v0_package(path: Path) -> None:
    """A package as the first drafts wrote it (format 0): answers name their interviewee."""
    data = {
        "customer": {"id": "6f1c1f3e-0000-4000-8000-000000000001", "name": "Old Customer", "industry": "Retail",
                     "it_headcount": 30, "business_departments": 4, "notes": ""},
        "engagement": {"id": "6f1c1f3e-0000-4000-8000-000000000002", "name": "Old engagement",
                       "consultant": "Wang", "start_date": "2025-03-01", "end_date": None, "status": "in_progress",
                       "scope_notes": "", "services": [{"service_id": "diagnosis-basic", "size": "standard"}],
                       "content": [{"kind": "model", "content_id": "mini", "version": "1.0"},
                                   {"kind": "questionnaire", "content_id": "mini-q", "version": "1.0"}],
                       "created_at": "2025-03-01T09:00:00", "updated_at": "2025-03-02T09:00:00"},
        "interviewees": [{"name": "Old Person", "role": "sre"}],
        "answers": [{"interviewee": "Old Person", "questionnaire_id": "mini-q", "question_id": "q1",
                     "status": "given", "value": "2", "answered_at": "2025-03-01T10:00:00"}],
        "evidence": [], "targets": [{"model_id": "mini", "subject_id": "change", "level": 3.0}], "overrides": [],
    }
    manifest = {"format": "omm-engagement-package", "format_version": 0, "app_version": "0.0.1",
                "engagement_id": data["engagement"]["id"], "evidence": []}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("engagement.json", json.dumps(data))


def test_format_0_package_is_upgraded_on_import(laptops, tmp_path, database_dump):
    b = laptops("b")
    old = tmp_path / "old.omm"
    _v0_package(old)
    result = packages.import_package(b, old)
    assert result.created and result.upgraded_from == 0
    eid = result.engagement_id
    [person] = b.list_interviewees(eid)
    [answer] = b.list_answers(eid)
    assert person.name == "Old Person" and answer.interviewee_id == person.id and answer.value == "2"
    assert b.list_targets(eid)[0].level == 3.0
    before = _snapshot_all(b, database_dump)
    assert packages.import_package(b, old).changed == 0
    assert _snapshot_all(b, database_dump) == before


# --- the team repository ---------------------------------------------------------------------------

def test_push_and_pull_through_the_team_repository(laptops, tmp_path, new_database, database_dump):
    a, b = laptops("a"), laptops("b")
    team = _open(new_database())
    try:
        eid = _build(a, tmp_path)
        pushed = packages.push_engagement(a, team, eid)
        assert pushed.created
        assert _state(team, eid) == _state(a, eid)
        [evidence] = [x for x in team.list_evidence(eid) if x.stored_path]
        pulled = packages.pull_engagement(b, team, eid)
        assert pulled.created and _state(b, eid) == _state(a, eid)
        [local_copy] = [x for x in b.list_evidence(eid) if x.stored_path]
        assert b.evidence_path(local_copy).read_bytes() == b"change log\n" * 1000
        # both change different answers; push, pull, push: each side ends with both changes
        ann = _answer(a, eid, "q1")[1]
        a.save_answer(eid, ann.id, "mini-q", "q1", "given", "5")
        b.save_answer(eid, ann.id, "mini-q", "q3", "given", "40")
        packages.push_engagement(a, team, eid)
        packages.push_engagement(b, team, eid)
        packages.pull_engagement(a, team, eid)
        assert _answer(a, eid, "q3")[0].value == "40" and _answer(team, eid, "q1")[0].value == "5"
        # a conflict on push: nothing written to the team repository until chosen
        a.save_answer(eid, ann.id, "mini-q", "q3", "given", "20")
        packages.pull_engagement(b, team, eid)
        b.save_answer(eid, ann.id, "mini-q", "q3", "given", "80")
        packages.push_engagement(b, team, eid)
        before = database_dump(team)
        with pytest.raises(ConflictsPending):
            packages.push_engagement(a, team, eid)
        assert database_dump(team) == before
        packages.push_engagement(a, team, eid, choices={"all": "package"})  # the pushed value wins
        assert _answer(team, eid, "q3")[0].value == "20"
        before = database_dump(team)
        packages.push_engagement(a, team, eid)  # again: nothing to do
        assert database_dump(team) == before
        assert evidence.sha256 == local_copy.sha256
    finally:
        team.db.close()


def test_package_error_is_a_user_error():
    assert issubclass(PackageError, UserError)


def test_refuses_hand_edited_data_with_a_fresh_checksum(receiver, tmp_path, database_dump):
    """Someone edits engagement.json and fixes the manifest's checksum: the values are still checked."""
    _a, b, _eid, out = receiver
    with zipfile.ZipFile(out) as src:
        data = json.loads(src.read("engagement.json"))
    data["answers"][0]["status"] = "bogus"
    raw = json.dumps(data).encode()

    def change(info, content):
        if info.filename == "engagement.json":
            content = raw
        elif info.filename == "manifest.json":
            manifest = json.loads(content)
            manifest["data_sha256"] = hashlib.sha256(raw).hexdigest()
            content = json.dumps(manifest).encode()
        return [(info, content)]

    edited = tmp_path / "edited.omm"
    _rezip(out, edited, change)
    _refused(b, edited, database_dump, "unknown status")
    data["answers"][0]["status"] = "given"
    data["engagement"]["id"] = "../../etc"
    raw = json.dumps(data).encode()
    _rezip(out, edited, change)
    _refused(b, edited, database_dump, "invalid engagement id")


# --- large evidence: the one-pass copy ------------------------------------------------------

@pytest.mark.parametrize("password", [None, PASSWORD])
def test_evidence_larger_than_the_copy_buffers_and_chunks_round_trips(laptops, tmp_path, monkeypatch, password):
    """9 MiB and a bit: crosses the 4 MiB copy buffers, the 1 MiB encrypted chunks and the early flushes."""
    monkeypatch.setattr(package_format, "FLUSH_STEP", 1 << 20)
    content = os.urandom((9 << 20) + 123)
    a, b = laptops("a"), laptops("b")
    eid = _build(a, tmp_path, evidence_bytes=content)
    out = tmp_path / "big.omm"
    seen: list[tuple[int, int]] = []
    packages.export_engagement(a, eid, out, password=password, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] and [d for d, _t in seen] == sorted(d for d, _t in seen)
    packages.import_package(b, out, password=password)
    [evidence] = [x for x in b.list_evidence(eid) if x.stored_path]
    assert b.evidence_path(evidence).read_bytes() == content
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()


def test_evidence_compressed_by_another_tool_is_read_and_still_checked(receiver, tmp_path, database_dump):
    """A package re-zipped by another tool (its evidence deflated) imports; a changed byte is still refused."""
    _a, b, eid, out = receiver
    deflated = tmp_path / "deflated.omm"

    def deflate(info, data):
        info.compress_type = zipfile.ZIP_DEFLATED
        return [(info, data)]

    _rezip(out, deflated, deflate)
    with zipfile.ZipFile(deflated) as archive:
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
    tampered = tmp_path / "deflated-tampered.omm"

    def deflate_and_change(info, data):
        if info.filename.startswith("evidence/"):
            data = data.replace(b"change log", b"change LOG", 1)
        return deflate(info, data)

    _rezip(out, tampered, deflate_and_change)
    _refused(b, tampered, database_dump, "does not match its checksum")
    packages.import_package(b, deflated)
    [evidence] = [x for x in b.list_evidence(eid) if x.stored_path]
    assert b.evidence_path(evidence).read_bytes() == b"change log\n" * 1000


def test_refuses_an_entry_whose_own_header_names_another_file(receiver, tmp_path, database_dump):
    """The evidence bytes are read from behind the entry's local header: that header must be the entry's."""
    _a, b, _eid, out = receiver
    with zipfile.ZipFile(out) as archive:
        [entry] = [n for n in archive.namelist() if n.startswith("evidence/")]
    raw = out.read_bytes()
    at = raw.index(entry.encode())  # the local header comes before the directory at the end
    bad = tmp_path / "renamed.omm"
    bad.write_bytes(raw[:at] + b"evidencX" + raw[at + 8:])
    _refused(b, bad, database_dump, "another name in its header")


def test_encrypted_stream_reads_back_whatever_the_write_and_read_sizes(tmp_path):
    from app.exchange import crypto

    chunk = crypto.CHUNK
    sizes = [1, chunk - 1, chunk, 0, chunk + 1, 3 * chunk + 5, 7, 2 * chunk]
    plain = os.urandom(sum(sizes))
    sealed = io.BytesIO()
    writer = crypto.EncryptingWriter(sealed, PASSWORD)
    at = 0
    for size in sizes:
        assert writer.write(memoryview(plain)[at:at + size]) == size
        at += size
    assert writer.tell() == len(plain)
    writer.close()
    reader = crypto.DecryptingReader(io.BytesIO(sealed.getvalue()), PASSWORD)
    assert reader.read() == plain
    for offset, size in [(0, 10), (chunk - 3, 7), (chunk, chunk), (5 * chunk + 2, 3 * chunk), (len(plain) - 4, 100)]:
        reader.seek(offset)
        buffer = bytearray(size)
        n = reader.readinto(buffer)
        assert bytes(buffer[:n]) == plain[offset:offset + size]
        reader.seek(offset)
        assert reader.read(size) == plain[offset:offset + size]
