"""An engagement as plain JSON: what a package carries and what a merge compares.

``snapshot_from_records`` turns storage's plain records into one dict (format 1 of the
package's ``engagement.json``); ``anonymised`` strips everything that names or quotes
someone; ``merge_items`` cuts a snapshot into the units a merge decides on one by one
(an answer's value, its note, its follow-up flag, its evidence links, an interviewee,
an evidence record, a target, an override, a document ...).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from app.storage.records import (
    AnswerRecord,
    DocumentRecord,
    EngagementRecord,
    EvidenceRecord,
    IntervieweeRecord,
    OverrideRecord,
    SessionRecord,
    TargetRecord,
)

# Documents the exchange keeps for itself (what was last exported or imported): never exported.
SYNC_KIND = "omm.exchange"
SYNC_KEY = "sync"


def _time(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def snapshot_from_records(engagement: EngagementRecord, interviewees: Iterable[IntervieweeRecord],
                          answers: Iterable[AnswerRecord], evidence: Iterable[EvidenceRecord],
                          sessions: Iterable[SessionRecord], targets: Iterable[TargetRecord],
                          overrides: Iterable[OverrideRecord], documents: Iterable[DocumentRecord],
                          created_at: dict[str, datetime] | None = None) -> dict[str, Any]:
    """Everything an engagement holds, as JSON-ready plain values (ids kept: they are UUIDs)."""
    c = engagement.customer
    e = engagement
    return {
        "customer": {"id": c.id, "name": c.name, "industry": c.industry, "it_headcount": c.it_headcount,
                     "business_departments": c.business_departments, "notes": c.notes},
        "engagement": {
            "id": e.id, "name": e.name, "consultant": e.consultant, "start_date": _time(e.start_date),
            "end_date": _time(e.end_date), "status": e.status.value, "scope_notes": e.scope_notes,
            "previous_engagement_id": e.previous_engagement_id, "archived": e.archived, "language": e.language,
            # sorted: the database returns them in no particular order, and a merge compares them
            "services": [{"service_id": s.service_id, "size": s.size}
                         for s in sorted(e.services, key=lambda s: s.service_id)],
            "content": [{"kind": x.kind, "content_id": x.content_id, "version": x.version}
                        for x in sorted(e.content, key=lambda x: (x.kind, x.content_id))],
            "created_at": _time(e.created_at), "updated_at": _time(e.updated_at),
        },
        "interviewees": [
            {"id": p.id, "name": p.name, "role": p.role, "department": p.department, "contact": p.contact,
             "questionnaire_id": p.questionnaire_id, "planned_at": _time(p.planned_at), "notes": p.notes,
             "created_at": _time((created_at or {}).get(p.id)), "kind": p.kind}
            for p in interviewees],
        "sessions": [
            {"id": s.id, "interviewee_id": s.interviewee_id, "questionnaire_id": s.questionnaire_id,
             "started_at": _time(s.started_at), "ended_at": _time(s.ended_at),
             "last_question_id": s.last_question_id, "elapsed_seconds": s.elapsed_seconds}
            for s in sessions],
        "answers": [
            {"id": a.id, "interviewee_id": a.interviewee_id, "questionnaire_id": a.questionnaire_id,
             "question_id": a.question_id, "status": a.status, "value": a.value, "note": a.note,
             "confidence": a.confidence, "evidence_strength": a.evidence_strength, "follow_up": a.follow_up,
             "answered_by": a.answered_by,
             "answered_at": _time(a.answered_at), "evidence_ids": sorted(a.evidence_ids)}
            for a in answers],
        "evidence": [
            {"id": x.id, "title": x.title, "original_name": x.original_name, "sha256": x.sha256,
             "size_bytes": x.size_bytes, "requested": x.requested, "received": x.received,
             "description": x.description, "added_at": _time(x.added_at),
             "has_file": bool(x.stored_path)}
            for x in evidence],
        "targets": [{"model_id": t.model_id, "subject_id": t.subject_id, "level": t.level} for t in targets],
        "overrides": [
            {"model_id": o.model_id, "capability_id": o.capability_id, "level": o.level,
             "rationale": o.rationale, "author": o.author, "created_at": _time(o.created_at)}
            for o in overrides],
        "documents": [
            {"kind": d.kind, "key": d.key, "payload": d.payload, "updated_at": _time(d.updated_at),
             "updated_by": d.updated_by}
            for d in documents if d.kind != SYNC_KIND],
    }


def anonymised(data: dict[str, Any], *, engagement_id: str | None = None) -> dict[str, Any]:
    """A copy for benchmarking: scores, roles, sizes and dates kept; names, notes, quotes and files gone.

    The copy is a new engagement (a new id, no link to the original), so importing it
    next to the original never merges into it. Interviewees become "Interviewee 1" ...
    keeping their role; answers keep their value and confidence, lose their note and
    evidence links; the evidence register and the overrides' rationales go. The documents
    (findings, plan, organisation design, process specifications, request list, snapshots)
    stay, scrubbed of names, quotes and the consultant's words (``app.exchange.scrub``).
    """
    from app.exchange.scrub import Scrub, scrub_documents, sensitive_terms

    new_id = engagement_id or str(uuid.uuid4())
    code = hashlib.sha256(new_id.encode()).hexdigest()[:6].upper()
    customer = data["customer"]
    engagement = data["engagement"]
    people: dict[str, str] = {}
    interviewees = []
    for n, person in enumerate(data["interviewees"], start=1):
        people[person["id"]] = str(uuid.uuid4())
        interviewees.append({"id": people[person["id"]], "name": f"Interviewee {n}", "role": person["role"],
                             "department": "", "contact": "", "questionnaire_id": person["questionnaire_id"],
                             "planned_at": None, "notes": "", "created_at": person.get("created_at"),
                             "kind": person.get("kind", "interview")})
    alias, name = f"Customer {code}", f"Anonymised engagement {code}"
    customer_id = str(uuid.uuid4())
    answer_ids = {a["id"]: str(uuid.uuid4()) for a in data["answers"]}
    replace, secrets = sensitive_terms(data, alias)
    scrub = Scrub(engagement["id"], new_id, name, alias, people,
                  ids={**answer_ids, **{x["id"]: "" for x in data["evidence"]}, customer["id"]: customer_id},
                  replace=replace, secrets=secrets, lang="zh" if engagement.get("language") == "zh" else "en")
    return {
        "customer": {"id": customer_id, "name": alias, "industry": customer["industry"],
                     "it_headcount": customer["it_headcount"],
                     "business_departments": customer["business_departments"], "notes": ""},
        "engagement": {**engagement, "id": new_id, "name": name, "consultant": "",
                       "scope_notes": "", "previous_engagement_id": None},
        "interviewees": interviewees,
        "sessions": [],
        "answers": [{**a, "id": answer_ids[a["id"]], "interviewee_id": people[a["interviewee_id"]], "note": "",
                     "follow_up": False, "answered_by": "", "evidence_ids": []}
                    for a in data["answers"] if a["interviewee_id"] in people and a["status"] is not None],
        "evidence": [],
        "targets": [dict(t) for t in data["targets"]],
        "overrides": [{**o, "rationale": "(anonymised)", "author": ""} for o in data["overrides"]],
        "documents": scrub_documents(data["documents"], scrub),
    }


# --- what a merge decides on, one unit at a time ------------------------------------

def answer_key(a: dict[str, Any]) -> str:
    return f"{a['interviewee_id']}/{a['questionnaire_id']}/{a['question_id']}"


def merge_items(data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot as ``{item key: value}``; a value of None or a default is "nothing there".

    Times that only say when a row was written (answered_at, updated_at) are left out of
    the values, so that the same answer given on two laptops is the same item.
    """
    items: dict[str, Any] = {}
    c = data["customer"]
    items["customer"] = {k: c[k] for k in ("name", "industry", "it_headcount", "business_departments", "notes")}
    e = data["engagement"]
    # (the link to a previous engagement is kept where it is: that engagement may be missing on the other side)
    items["engagement"] = {k: e[k] for k in ("name", "consultant", "start_date", "end_date", "status",
                                             "scope_notes", "archived", "language", "services", "content")}
    for p in data["interviewees"]:
        items[f"interviewee/{p['id']}"] = {**{k: p[k] for k in ("name", "role", "department", "contact",
                                                                 "questionnaire_id", "planned_at", "notes")},
                                            "kind": p.get("kind", "interview")}  # packages before surveys: none
    for s in data["sessions"]:
        items[f"session/{s['id']}"] = {k: s[k] for k in ("interviewee_id", "questionnaire_id", "started_at",
                                                          "ended_at", "last_question_id", "elapsed_seconds")}
    for a in data["answers"]:
        key = answer_key(a)
        answer = {"status": a["status"], "value": a["value"], "confidence": a["confidence"]}
        if a.get("evidence_strength"):  # packages written before evidence strength have none
            answer["evidence_strength"] = a["evidence_strength"]
        items[f"answer/{key}"] = answer if a["status"] is not None else None
        items[f"note/{key}"] = a["note"] or None
        items[f"flag/{key}"] = True if a["follow_up"] else None
        items[f"links/{key}"] = sorted(a["evidence_ids"]) or None
    for x in data["evidence"]:
        items[f"evidence/{x['id']}"] = {k: x[k] for k in ("title", "original_name", "sha256", "size_bytes",
                                                           "requested", "received", "description", "has_file")}
    for t in data["targets"]:
        items[f"target/{t['model_id']}/{t['subject_id']}"] = t["level"]
    for o in data["overrides"]:
        items[f"override/{o['model_id']}/{o['capability_id']}"] = {k: o[k] for k in ("level", "rationale",
                                                                                        "author")}
    for d in data["documents"]:
        items[f"document/{d['kind']}/{d['key']}"] = d["payload"]
    return {k: v for k, v in items.items() if v is not None}


def fingerprint(value: Any) -> str:
    """A short, stable digest of an item's value (what a package keeps of its common ancestor)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def fingerprints(data: dict[str, Any]) -> dict[str, str]:
    return {k: fingerprint(v) for k, v in merge_items(data).items()}


def data_digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
