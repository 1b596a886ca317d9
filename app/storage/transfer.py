"""Writing an engagement received from elsewhere (a package, a team repository), item by item.

The merge (``app.exchange.merge``) decides which items of the incoming snapshot to
take; ``apply_items`` writes exactly those, keeping every id the other side gave (they
are UUIDs), inside the caller's unit of work: all of it is committed, or none. Evidence
files are moved in from a staging folder; a rollback removes the ones it added.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select

from app.errors import UserError
from app.storage import orm
from app.storage.database import make_private_folder
from app.storage.paths import checked_id, engagement_folder
from app.storage.records import RESPONDENT_KINDS, ContentRef, EngagementStatus, ServiceChoice


def _dt(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def interviewee_created(uow, engagement_id: str) -> dict[str, datetime]:
    """When each interviewee was registered (the plain record leaves it out)."""
    with uow._session() as s:
        return dict(s.execute(select(orm.Interviewee.id, orm.Interviewee.created_at)
                              .where(orm.Interviewee.engagement_id == engagement_id)).all())


def find_customer_id(uow, customer_id: str, name: str) -> str | None:
    """The local customer that is the incoming one: the same id, else the same name (case-insensitive)."""
    with uow._session() as s:
        if s.get(orm.Customer, customer_id) is not None:
            return customer_id
        return s.scalar(select(orm.Customer.id).where(func.lower(orm.Customer.name) == name.strip().lower()))


def engagement_exists(uow, engagement_id: str) -> bool:
    with uow._session() as s:
        return s.get(orm.Engagement, engagement_id) is not None


def _checked_ids(data: dict[str, Any]) -> None:
    from app.storage.repository import ANSWER_STATUSES, CONFIDENCES, EVIDENCE_STRENGTHS

    for a in data["answers"]:
        if a.get("status") not in ANSWER_STATUSES | {None} or a.get("confidence") not in CONFIDENCES | {None}:
            raise UserError(f"the package holds an answer with an unknown status or confidence "
                            f"({a.get('status')!r}, {a.get('confidence')!r}); nothing was imported")
        if a.get("evidence_strength") not in EVIDENCE_STRENGTHS | {None}:
            raise UserError(f"the package holds an answer with an unknown evidence strength "
                            f"({a.get('evidence_strength')!r}); nothing was imported")
    EngagementStatus(data["engagement"].get("status") or "planned")
    checked_id(data["engagement"]["id"])
    checked_id(data["customer"]["id"], "customer")
    for p in data["interviewees"]:
        checked_id(p["id"], "interviewee")
    for x in data["evidence"]:
        checked_id(x["id"], "evidence")


def apply_items(uow, data: dict[str, Any], take: set[str], files: dict[str, Path], *, move_files: bool = True) -> None:
    """Write the items ``take`` names from ``data`` (a snapshot, ids already matched to local ones).

    ``files``: evidence id -> its file; staged files are moved in (``move_files``), others copied.
    """
    _checked_ids(data)
    engagement_id = data["engagement"]["id"]
    new = not engagement_exists(uow, engagement_id)
    if new or "customer" in take:
        _customer(uow, data["customer"], create=new)
    if new:
        _create_engagement(uow, data)
    elif "engagement" in take:
        _update_engagement(uow, data)
    for p in data["interviewees"]:
        if f"interviewee/{p['id']}" in take:
            _interviewee(uow, engagement_id, p)
    for x in data["sessions"]:
        if f"session/{x['id']}" in take and _exists(uow, orm.Interviewee, x["interviewee_id"]):
            _session(uow, engagement_id, x)
    for x in data["evidence"]:
        if f"evidence/{x['id']}" in take:
            _evidence(uow, engagement_id, x, files.get(x["id"]), move_files)
    people = {p["id"]: p for p in data["interviewees"]}
    wanted = []
    for a in data["answers"]:
        key = f"{a['interviewee_id']}/{a['questionnaire_id']}/{a['question_id']}"
        parts = {part for part in ("answer", "note", "flag", "links") if f"{part}/{key}" in take}
        if parts:
            wanted.append((a, parts))
    with uow._session() as s:
        here = set(s.scalars(select(orm.Interviewee.id).where(orm.Interviewee.engagement_id == engagement_id)))
    for person_id in sorted({a["interviewee_id"] for a, _parts in wanted} - here):  # removed here, answered there
        _interviewee(uow, engagement_id, people[person_id])
    _answers(uow, engagement_id, wanted)
    for t in data["targets"]:
        if f"target/{t['model_id']}/{t['subject_id']}" in take:
            uow.set_target(engagement_id, t["model_id"], t["subject_id"], t["level"])
    for o in data["overrides"]:
        if f"override/{o['model_id']}/{o['capability_id']}" in take:
            _override(uow, engagement_id, o)
    for d in data["documents"]:
        if f"document/{d['kind']}/{d['key']}" in take:
            uow.documents.put(engagement_id, d["kind"], d["key"], d["payload"], updated_by=d.get("updated_by", ""))


def _exists(uow, table, row_id: str) -> bool:
    with uow._session() as s:
        return s.get(table, row_id) is not None


def _customer(uow, c: dict[str, Any], *, create: bool) -> None:
    with uow._session() as s:
        row = s.get(orm.Customer, c["id"])
        name = " ".join(str(c["name"]).split())
        if not name:
            raise UserError("the package's customer has no name")
        clash = s.scalar(select(orm.Customer.id).where(func.lower(orm.Customer.name) == name.lower(),
                                                       orm.Customer.id != c["id"]))
        if clash is not None:
            raise UserError(f"another customer here is already named {name!r}; rename one of them first")
        if row is not None and create:
            return  # a new engagement of a customer already here: the customer stays as it is
        if row is None:
            if not create:
                return
            row = orm.Customer(id=c["id"])
            s.add(row)
        row.name = name
        row.industry = c.get("industry") or ""
        row.it_headcount = c.get("it_headcount")
        row.business_departments = c.get("business_departments")
        row.notes = c.get("notes") or ""
        s.flush()


def _engagement_name_free(s, engagement_id: str, name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise UserError("the package's engagement has no name")
    clash = s.scalar(select(orm.Engagement.id).where(func.lower(orm.Engagement.name) == name.lower(),
                                                     orm.Engagement.id != engagement_id))
    if clash is not None:
        raise UserError(f"another engagement here is already named {name!r} (a different engagement, not a copy "
                        "of this one); rename it first, then import again")
    return name


def _create_engagement(uow, data: dict[str, Any]) -> None:
    e = data["engagement"]
    with uow._session() as s:
        name = _engagement_name_free(s, e["id"], e["name"])
        previous = e.get("previous_engagement_id")
        if previous and s.get(orm.Engagement, previous) is None:
            previous = None  # the earlier engagement is not in this repository
        row = orm.Engagement(
            id=e["id"], customer_id=data["customer"]["id"], name=name, consultant=e.get("consultant") or "",
            start_date=_d(e.get("start_date")), end_date=_d(e.get("end_date")),
            status=EngagementStatus(e.get("status") or "planned").value, scope_notes=e.get("scope_notes") or "",
            previous_engagement_id=previous, archived=bool(e.get("archived")), language=e.get("language") or "en",
            created_at=_dt(e.get("created_at")) or orm.utcnow(), updated_at=_dt(e.get("updated_at")) or orm.utcnow(),
        )
        row.services = [orm.EngagementService(service_id=x["service_id"], size=x.get("size") or "standard")
                        for x in e.get("services", [])]
        row.content = [orm.EngagementContent(kind=x["kind"], content_id=x["content_id"], version=x["version"])
                       for x in e.get("content", [])]
        s.add(row)
        s.flush()


def _update_engagement(uow, data: dict[str, Any]) -> None:
    e = data["engagement"]
    with uow._session() as s:
        _engagement_name_free(s, e["id"], e["name"])
    uow.update_engagement(
        e["id"], name=e["name"], consultant=e.get("consultant") or "", start_date=_d(e.get("start_date")),
        end_date=_d(e.get("end_date")), status=e.get("status") or "planned", scope_notes=e.get("scope_notes") or "",
        archived=bool(e.get("archived")), language=e.get("language") or "en",
        services=[ServiceChoice(x["service_id"], x.get("size") or "standard") for x in e.get("services", [])],
        content=[ContentRef(x["kind"], x["content_id"], x["version"]) for x in e.get("content", [])])


def _interviewee(uow, engagement_id: str, p: dict[str, Any]) -> None:
    with uow._session() as s:
        name = " ".join(str(p["name"]).split())
        kind = p.get("kind") if p.get("kind") in RESPONDENT_KINDS else "interview"  # older packages: interviews
        clash = s.scalar(select(orm.Interviewee.id).where(
            orm.Interviewee.engagement_id == engagement_id, func.lower(orm.Interviewee.name) == name.lower(),
            orm.Interviewee.kind == kind, orm.Interviewee.id != p["id"]))
        if clash is not None:
            raise UserError(f"two different interviewees are named {name!r}; rename one and import again")
        row = s.get(orm.Interviewee, p["id"])
        if row is None:
            row = orm.Interviewee(id=p["id"], engagement_id=engagement_id,
                                  created_at=_dt(p.get("created_at")) or orm.utcnow())
            s.add(row)
        elif row.engagement_id != engagement_id:
            raise UserError("the package's interviewee belongs to another engagement here; refused")
        row.name = name
        row.role = p["role"]
        row.department = p.get("department") or ""
        row.contact = p.get("contact") or ""
        row.questionnaire_id = p.get("questionnaire_id")
        row.planned_at = _dt(p.get("planned_at"))
        row.notes = p.get("notes") or ""
        row.kind = kind
        s.flush()


def _session(uow, engagement_id: str, x: dict[str, Any]) -> None:
    with uow._session() as s:
        row = s.get(orm.InterviewSession, x["id"])
        if row is None:
            row = orm.InterviewSession(id=x["id"], engagement_id=engagement_id)
            s.add(row)
        elif row.engagement_id != engagement_id:
            return
        row.interviewee_id = x["interviewee_id"]
        row.questionnaire_id = x["questionnaire_id"]
        row.started_at = _dt(x.get("started_at")) or orm.utcnow()
        row.ended_at = _dt(x.get("ended_at"))
        row.last_question_id = x.get("last_question_id")
        row.elapsed_seconds = int(x.get("elapsed_seconds") or 0)
        s.flush()


def _place_file(uow, engagement_id: str, staged: Path, sha: str, original_name: str, move: bool) -> str:
    """Move a staged evidence file into the engagement's folder; its stored path."""
    folder = engagement_folder(uow.db.evidence_dir, engagement_id)
    make_private_folder(folder)
    safe_name = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in (original_name or "file"))[-120:]
    stored = f"{sha[:16]}-{safe_name}"
    target = folder / stored
    if target.exists() and target.stat().st_size == staged.stat().st_size:
        return f"{engagement_id}/{stored}"  # the same bytes are already there (same checksum prefix and size)
    try:
        if not move:
            raise OSError("copy")
        os.replace(staged, target)
    except OSError:  # another disk, or a file that stays where it is: copy beside the target, then rename
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, staged.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    os.chmod(target, 0o600)
    uow._on_rollback(lambda: target.unlink(missing_ok=True))
    return f"{engagement_id}/{stored}"


def _evidence(uow, engagement_id: str, x: dict[str, Any], staged: Path | None, move: bool) -> None:
    with uow._session() as s:
        row = s.get(orm.Evidence, x["id"])
        if row is not None and row.engagement_id != engagement_id:
            raise UserError("the package's evidence belongs to another engagement here; refused")
        same_file = row is not None and row.sha256 == x.get("sha256") and row.stored_path
        stored_path = row.stored_path if row is not None else None
        if staged is not None and not same_file:
            stored_path = _place_file(uow, engagement_id, staged, x["sha256"], x.get("original_name") or "", move)
        if row is None:
            row = orm.Evidence(id=x["id"], engagement_id=engagement_id,
                               added_at=_dt(x.get("added_at")) or orm.utcnow())
            s.add(row)
        row.title = x.get("title") or x.get("original_name") or "evidence"
        row.stored_path = stored_path
        row.original_name = x.get("original_name") or ""
        row.sha256 = x.get("sha256") if stored_path else row.sha256
        row.size_bytes = x.get("size_bytes") if stored_path else row.size_bytes
        row.requested = bool(x.get("requested"))
        row.received = bool(x.get("received"))
        row.description = x.get("description") or ""
        s.flush()
        if staged is not None and not same_file and uow.db.evidence_in_database:
            s.execute(delete(orm.EvidenceChunk).where(orm.EvidenceChunk.evidence_id == row.id))
            path = uow.db.evidence_dir.joinpath(*stored_path.split("/"))
            uow._store_evidence_bytes(s, row.id, path)


def _answers(uow, engagement_id: str, wanted: list[tuple[dict[str, Any], set[str]]]) -> None:
    """Write the taken parts of many answers: a few queries and one flush, not a round trip per answer."""
    if not wanted:
        return
    with uow._session() as s:
        rows = {(r.interviewee_id, r.questionnaire_id, r.question_id): r
                for r in s.scalars(select(orm.Answer).where(orm.Answer.engagement_id == engagement_id))}
        taken_ids = set(s.scalars(select(orm.Answer.id).where(orm.Answer.id.in_(
            [a["id"] for a, _parts in wanted if a.get("id")]))))
        evidence = set(s.scalars(select(orm.Evidence.id).where(orm.Evidence.engagement_id == engagement_id)))
        links: dict[str, set[str]] = {}
        for answer_id, evidence_id in s.execute(
                select(orm.AnswerEvidence.answer_id, orm.AnswerEvidence.evidence_id)
                .join(orm.Answer, orm.Answer.id == orm.AnswerEvidence.answer_id)
                .where(orm.Answer.engagement_id == engagement_id)):
            links.setdefault(answer_id, set()).add(evidence_id)
        new_links: list[orm.AnswerEvidence] = []
        new_rows: dict[tuple[str, str, str], dict[str, Any]] = {}  # inserted in one executemany, not row objects
        for a, parts in wanted:
            key = (a["interviewee_id"], a["questionnaire_id"], a["question_id"])
            row = rows.get(key)
            if row is None:
                values = new_rows.get(key)
                if values is None:
                    answer_id = a["id"] if a.get("id") and a["id"] not in taken_ids else orm.new_id()
                    taken_ids.add(answer_id)
                    values = new_rows[key] = {
                        "id": answer_id, "engagement_id": engagement_id, "interviewee_id": key[0],
                        "questionnaire_id": key[1], "question_id": key[2], "status": None, "value": None,
                        "note": "", "confidence": None, "evidence_strength": None, "follow_up": False,
                        "answered_by": "", "answered_at": _dt(a.get("answered_at")) or orm.utcnow()}
                values.update(_answer_parts(a, parts))
                answer_id = values["id"]
            else:
                for name, value in _answer_parts(a, parts).items():
                    setattr(row, name, value)
                answer_id = row.id
            if "links" in parts:
                have = links.setdefault(answer_id, set())
                for evidence_id in sorted(set(a.get("evidence_ids") or []) & evidence - have):
                    new_links.append(orm.AnswerEvidence(answer_id=answer_id, evidence_id=evidence_id))
                    have.add(evidence_id)  # links are added, never removed by a merge
        s.flush()
        if new_rows:
            s.execute(insert(orm.Answer), list(new_rows.values()))
        s.add_all(new_links)
        s.flush()


def _answer_parts(a: dict[str, Any], parts: set[str]) -> dict[str, Any]:
    """The columns of an answer that the taken parts (answer, note, flag) set."""
    values: dict[str, Any] = {}
    if "answer" in parts:
        values.update(status=a.get("status"), value=a.get("value") if a.get("status") == "given" else None,
                      confidence=a.get("confidence"), evidence_strength=a.get("evidence_strength"),
                      answered_by=a.get("answered_by") or "", answered_at=_dt(a.get("answered_at")) or orm.utcnow())
    if "note" in parts:
        values["note"] = a.get("note") or ""
    if "flag" in parts:
        values["follow_up"] = bool(a.get("follow_up"))
    return values


def _override(uow, engagement_id: str, o: dict[str, Any]) -> None:
    with uow._session() as s:
        s.execute(delete(orm.CapabilityOverride).where(
            orm.CapabilityOverride.engagement_id == engagement_id, orm.CapabilityOverride.model_id == o["model_id"],
            orm.CapabilityOverride.capability_id == o["capability_id"]))
        s.add(orm.CapabilityOverride(engagement_id=engagement_id, model_id=o["model_id"],
                                     capability_id=o["capability_id"], level=float(o["level"]),
                                     rationale=o.get("rationale") or "", author=o.get("author") or "",
                                     created_at=_dt(o.get("created_at")) or orm.utcnow()))
        s.flush()
