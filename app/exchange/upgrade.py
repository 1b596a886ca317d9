"""Older package formats, brought up to the current one on import.

Each step takes the manifest and the data of format N and returns them in format N+1;
``upgrade`` runs the steps in order. A new format adds one step here (and a fixture of
the old format to the tests), never a branch in the reader.

Format 0 (the first drafts of the exchange, before merging): answers named their
interviewee by name (``interviewee``), and there were no interview sessions, no
documents and no exchange history; the data's checksum was not in the manifest.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from app.exchange.snapshot import canonical_json

FORMAT_VERSION = 1

Step = Callable[[dict[str, Any], dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]


def _v0_to_v1(manifest: dict[str, Any], data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    people = []
    by_name: dict[str, str] = {}
    for person in data.get("interviewees", []):
        pid = person.get("id") or str(uuid.uuid4())
        by_name[person["name"]] = pid
        people.append({"id": pid, "name": person["name"], "role": person.get("role", ""),
                       "department": person.get("department", ""), "contact": person.get("contact", ""),
                       "questionnaire_id": person.get("questionnaire_id"), "planned_at": None,
                       "notes": person.get("notes", ""), "created_at": None})
    answers = []
    for a in data.get("answers", []):
        answers.append({"id": a.get("id") or str(uuid.uuid4()), "interviewee_id": by_name[a["interviewee"]],
                        "questionnaire_id": a["questionnaire_id"], "question_id": a["question_id"],
                        "status": a.get("status"), "value": a.get("value"), "note": a.get("note", ""),
                        "confidence": a.get("confidence"), "evidence_strength": a.get("evidence_strength"),
                        "follow_up": bool(a.get("follow_up", False)),
                        "answered_by": a.get("answered_by", ""), "answered_at": a.get("answered_at"),
                        "evidence_ids": list(a.get("evidence_ids", []))})
    engagement = dict(data["engagement"])
    engagement.setdefault("language", "en")
    engagement.setdefault("archived", False)
    engagement.setdefault("previous_engagement_id", None)
    new_data = {"customer": data["customer"], "engagement": engagement, "interviewees": people,
                "sessions": [], "answers": answers, "evidence": data.get("evidence", []),
                "targets": data.get("targets", []), "overrides": data.get("overrides", []), "documents": []}
    evidence = [{"id": x["id"], "title": x.get("title", ""), "original_name": x.get("original_name", ""),
                 "sha256": x.get("sha256"), "size_bytes": x.get("size_bytes"), "requested": bool(x.get("requested")),
                 "received": bool(x.get("received", True)), "description": x.get("description", ""),
                 "added_at": x.get("added_at"), "has_file": bool(x.get("sha256"))}
                for x in data.get("evidence", [])]
    new_data["evidence"] = evidence
    # the same old package gets the same id each time: importing it twice changes nothing
    digest = hashlib.sha256(canonical_json(data)).hexdigest()
    new_manifest = {**manifest, "format_version": 1,
                    "package_id": manifest.get("package_id") or str(uuid.uuid5(uuid.NAMESPACE_URL, f"omm:{digest}"))}
    return new_manifest, new_data


UPGRADES: dict[int, Step] = {0: _v0_to_v1}


def upgrade(version: int, manifest: dict[str, Any], data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Manifest and data of format ``version`` in the current format."""
    while version < FORMAT_VERSION:
        manifest, data = UPGRADES[version](manifest, data)
        version += 1
    return manifest, data
