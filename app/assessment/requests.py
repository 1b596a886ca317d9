"""The evidence request list: the documents and records to ask the customer for.

Generated from the evidence each question in scope names (content, both languages),
one item per distinct document however many questions name it, then edited by the
consultant: owner, due date, status, notes, items added by hand, items removed.
Regenerating (after the scope changed) adds only what is new; an item the consultant
removed stays removed, an item they edited keeps their words.

Pure: plain data in, plain data out (``to_dict``/``from_dict`` for the engagement's
``evidence_requests`` document). The services store it; the request-list workbook and
the survey report read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from app.content.schema import Questionnaire
from app.errors import UserError
from app.storage.records import AnswerRecord, EvidenceRecord

DOCUMENT_KIND = "evidence_requests"
DOCUMENT_KEY = "main"
STATUSES = ("requested", "received", "reviewed", "not_available")
OPEN_STATUSES = ("requested",)
MAX_TEXT = 500


def _key(text: str) -> str:
    """Two questions asking for "Change records (last 3 months)" ask for one document."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


@dataclass(frozen=True)
class RequestItem:
    id: str  # R1, R2 ... stable within the engagement (never reused)
    title: Mapping[str, str]  # {"en": ..., "zh": ...}; an edit sets both to the consultant's words
    questions: tuple[tuple[str, str], ...] = ()  # (questionnaire id, question id) that name it
    owner: str = ""
    due: date | None = None
    status: str = "requested"
    note: str = ""
    evidence_ids: tuple[str, ...] = ()  # the evidence register's records that answer it
    generated: bool = True  # from the content (False: added by hand)
    key: str = ""  # what regenerating recognises it by

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get("en") or next(iter(self.title.values()), "")

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": dict(self.title), "questions": [list(q) for q in self.questions],
                "owner": self.owner, "due": self.due.isoformat() if self.due else None, "status": self.status,
                "note": self.note, "evidence_ids": list(self.evidence_ids), "generated": self.generated,
                "key": self.key}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RequestItem:
        due = data.get("due")
        return cls(id=str(data["id"]), title={str(k): str(v) for k, v in dict(data.get("title") or {}).items()},
                   questions=tuple((str(a), str(b)) for a, b in data.get("questions") or ()),
                   owner=str(data.get("owner") or ""), due=date.fromisoformat(due) if due else None,
                   status=str(data.get("status") or "requested"), note=str(data.get("note") or ""),
                   evidence_ids=tuple(str(x) for x in data.get("evidence_ids") or ()),
                   generated=bool(data.get("generated", True)), key=str(data.get("key") or ""))


@dataclass(frozen=True)
class RequestList:
    items: tuple[RequestItem, ...] = ()
    dismissed: frozenset[str] = frozenset()  # keys of generated items the consultant removed
    next_number: int = 1

    def item(self, item_id: str) -> RequestItem:
        for i in self.items:
            if i.id == item_id:
                return i
        ids = [i.id for i in self.items]
        has = "no items" if not ids else ", ".join(ids) if len(ids) <= 6 else f"{ids[0]} to {ids[-1]}, some removed" \
            if len(ids) < self.next_number - 1 else f"{ids[0]} to {ids[-1]}"
        raise UserError(f"no request {item_id!r} in this list; the list has {has}")

    @property
    def open_items(self) -> tuple[RequestItem, ...]:
        return tuple(i for i in self.items if i.open)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for i in self.items:
            out[i.status] = out.get(i.status, 0) + 1
        return out

    def to_dict(self, engagement_id: str) -> dict[str, Any]:
        return {"engagement_id": engagement_id, "items": [i.to_dict() for i in self.items],
                "dismissed": sorted(self.dismissed), "next_number": self.next_number}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RequestList:
        items = tuple(RequestItem.from_dict(x) for x in data.get("items") or ())
        return cls(items, frozenset(str(x) for x in data.get("dismissed") or ()),
                   int(data.get("next_number") or len(items) + 1))


@dataclass(frozen=True)
class NamedEvidence:
    """One evidence text a question in scope names."""

    key: str
    title: Mapping[str, str]
    questions: tuple[tuple[str, str], ...] = field(default=())


def named_evidence(questionnaires: Iterable[Questionnaire]) -> list[NamedEvidence]:
    """Each distinct document the questions name, in questionnaire order, with the questions naming it."""
    found: dict[str, NamedEvidence] = {}
    for q in questionnaires:
        for section in q.sections:
            for question in section.questions:
                for text in question.evidence:
                    key = _key(text.en)
                    if not key:
                        continue
                    ref = (q.id, question.id)
                    if key in found:
                        if ref not in found[key].questions:
                            found[key] = replace(found[key], questions=found[key].questions + (ref,))
                    else:
                        found[key] = NamedEvidence(key, {"en": text.en, "zh": text.zh}, (ref,))
    return list(found.values())


def generate(current: RequestList, questionnaires: Sequence[Questionnaire],
             answers: Iterable[AnswerRecord] = (), evidence: Iterable[EvidenceRecord] = ()) -> RequestList:
    """The list with every document the questions in scope name: new ones added, nothing edited lost.

    An item already there keeps the consultant's owner, due date, status and words (its
    questions are brought up to date); one they removed stays removed. Evidence already
    linked to an answer of a question that names only this document is linked to the item,
    and a new item whose linked evidence has arrived starts as received.
    """
    received = {e.id: e for e in evidence}
    # An answer's evidence answers the document its question names only when the question names
    # one: with several, nobody can tell which of them the file is (the consultant links it).
    single = {(q.id, question.id) for q in questionnaires for section in q.sections
              for question in section.questions if len(question.evidence) == 1}
    by_question: dict[tuple[str, str], set[str]] = {}
    for a in answers:
        if a.evidence_ids and (a.questionnaire_id, a.question_id) in single:
            by_question.setdefault((a.questionnaire_id, a.question_id), set()).update(a.evidence_ids)
    items = list(current.items)
    index = {i.key: n for n, i in enumerate(items) if i.key}
    number = current.next_number
    for named in named_evidence(questionnaires):
        if named.key in current.dismissed:
            continue
        linked = sorted({e for ref in named.questions for e in by_question.get(ref, ()) if e in received})
        if named.key in index:
            n = index[named.key]
            old = items[n]
            items[n] = replace(old, questions=named.questions,
                               evidence_ids=tuple(dict.fromkeys(old.evidence_ids + tuple(linked))))
            continue
        arrived = any(received[e].stored_path for e in linked)
        items.append(RequestItem(f"R{number}", dict(named.title), named.questions,
                                 status="received" if arrived else "requested", evidence_ids=tuple(linked),
                                 generated=True, key=named.key))
        index[named.key] = len(items) - 1
        number += 1
    return RequestList(tuple(items), current.dismissed, number)


def _clean(text: object, what: str) -> str:
    value = str(text or "").strip()
    if len(value) > MAX_TEXT:
        raise UserError(f"the {what} is {len(value)} characters; at most {MAX_TEXT}")
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise UserError(f"the {what} holds control characters")
    return value


def parse_due(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"due date {text!r} is not a date like 2026-12-31") from None


def edit(current: RequestList, item_id: str, **fields: Any) -> RequestList:
    """The list with one item changed (title, owner, due, status, note, evidence_ids); bad input raises."""
    allowed = {"title", "owner", "due", "status", "note", "evidence_ids"}
    unknown = set(fields) - allowed
    if unknown:
        raise UserError(f"a request has no {', '.join(sorted(unknown))}; it has {', '.join(sorted(allowed))}")
    current.item(item_id)  # an unknown id is one clear error
    changes: dict[str, Any] = {}
    if "title" in fields:
        title = _clean(fields["title"], "document title")
        if not title:
            raise UserError(f"request {item_id} needs a title")
        changes["title"] = {"en": title, "zh": title}
    if "owner" in fields:
        changes["owner"] = _clean(fields["owner"], "owner")
    if "note" in fields:
        changes["note"] = _clean(fields["note"], "note")
    if "due" in fields:
        changes["due"] = parse_due(fields["due"])
    if "status" in fields:
        status = str(fields["status"]).strip().replace(" ", "_").replace("-", "_")
        if status not in STATUSES:
            raise UserError(f"unknown request status {fields['status']!r}; choose {', '.join(STATUSES)}")
        changes["status"] = status
    if "evidence_ids" in fields:
        changes["evidence_ids"] = tuple(dict.fromkeys(str(x) for x in fields["evidence_ids"]))
    items = tuple(replace(i, **changes) if i.id == item_id else i for i in current.items)
    return replace(current, items=items)


def add(current: RequestList, title: str, *, owner: str = "", due: object = None, note: str = "") -> RequestList:
    """A document asked for by hand (not named by any question)."""
    text = _clean(title, "document title")
    if not text:
        raise UserError("a request needs a title")
    item = RequestItem(f"R{current.next_number}", {"en": text, "zh": text}, owner=_clean(owner, "owner"),
                       due=parse_due(due), note=_clean(note, "note"), generated=False)
    return RequestList(current.items + (item,), current.dismissed, current.next_number + 1)


def remove(current: RequestList, item_id: str) -> RequestList:
    """Without the item; a generated one is remembered so regenerating does not bring it back."""
    item = current.item(item_id)
    dismissed = current.dismissed | ({item.key} if item.generated and item.key else set())
    return RequestList(tuple(i for i in current.items if i.id != item_id), frozenset(dismissed), current.next_number)


def default_due(items: RequestList, due: date | None) -> RequestList:
    """Items with no due date get ``due`` (what 'generate --due' sets)."""
    if due is None:
        return items
    return replace(items, items=tuple(i if i.due else replace(i, due=due) for i in items.items))
