"""The engagement's documents made fit for an anonymised package: structure and numbers kept, people gone.

An anonymised copy is for benchmarking: its findings, policies, plan, organisation design,
process specifications, request list and sign-off snapshots are worth keeping, but they
quote interviewees, name the customer, its departments and sites, and hold the
consultant's own words. Each document kind has a scrubber that knows which of its fields
are free text (blanked, or replaced by a neutral label such as "Department 2" or the
customer's alias) and which are structure (ids, levels, scores, dates, statuses,
content-library texts: kept). Ids of people and of the engagement are mapped to the
copy's new ones; links to evidence go (the evidence does). A kind without a scrubber
is left out: what it holds is not known, so it cannot be known to be clean.

Last, every string left is checked against everything sensitive the engagement holds
(names, contacts, notes, evidence titles, the consultant's words): a name left in a
drafted sentence is replaced by its stand-in, anything else containing sensitive text
is emptied.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# What an edited or typed-in text becomes (the field is kept so that screens and reports still read it).
REMOVED = {"en": "(text left out of the anonymised copy)", "zh": "（匿名副本不含此文字）"}
# The neutral names that replace the customer's own (departments, sites, teams ...), per language.
STAND_INS = {
    "Deadline {n}": {"zh": "截止事项{n}"}, "Department {n}": {"zh": "部门{n}"}, "Rotation {n}": {"zh": "值班轮值{n}"},
    "Site {n}": {"zh": "地点{n}"}, "Variant {n}": {"zh": "变体{n}"}, "Role {n}": {"zh": "角色{n}"},
    "Team {n}": {"zh": "团队{n}"},
}


@dataclass
class Scrub:
    """What the anonymised copy maps: old ids to new, sensitive words to their stand-ins."""

    old_engagement_id: str
    engagement_id: str
    engagement_name: str
    customer_alias: str
    people: dict[str, str]  # old interviewee id -> new
    ids: dict[str, str] = field(default_factory=dict)  # every other old id -> new ("" drops it)
    replace: dict[str, str] = field(default_factory=dict)  # a name -> its stand-in
    secrets: set[str] = field(default_factory=set)  # texts that empty any string holding them
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)  # (what, original) -> its stand-in's n
    lang: str = "en"  # the engagement's: the language of the stand-ins

    def label(self, what: str, original: str, template: str, lang: str | None = None) -> str:
        """The same stand-in for the same original within the package ("Site 1" twice for "Shanghai"),
        in the engagement's language unless ``lang`` says which."""
        if not original:
            return original
        key = (what, original)
        if key not in self.numbers:
            self.numbers[key] = sum(1 for k in self.numbers if k[0] == what) + 1
        words = STAND_INS.get(template, {}).get(lang or self.lang, template)
        return words.format(n=self.numbers[key])

    def person(self, old: str) -> str:
        return self.people.get(old, "") if old else old

    def __post_init__(self) -> None:
        self._secret = _pattern(self.secrets)
        self._names = [(_pattern([name]), stand_in) for name, stand_in in self.replace.items() if _meaningful(name)]

    def holds_secret(self, text: str) -> bool:
        return self._secret is not None and self._secret.search(text) is not None

    def replaced(self, text: str) -> str:
        for pattern, stand_in in self._names:
            if pattern is not None:
                text = pattern.sub(stand_in, text)
        return text


def _pattern(terms) -> re.Pattern | None:
    """One pattern for these terms, case-insensitive; a Latin-script term only as a whole word
    ("Ann" is not in "planning"), a Chinese one anywhere (Chinese has no spaces between words)."""
    parts = []
    # (a term without a letter, such as a number, would empty every date and figure that holds it)
    for term in sorted({t.strip() for t in terms if t and any(c.isalpha() for c in t)}, key=len, reverse=True):
        escaped = re.escape(term)
        # (Latin letters only around it: in Chinese text "顾问Elena的" the name still counts)
        parts.append(rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])" if term.isascii() else escaped)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def sensitive_terms(data: dict[str, Any], customer_alias: str) -> tuple[dict[str, str], set[str]]:
    """(name -> stand-in, other sensitive texts) from the engagement as the package holds it.

    Names count from three letters (two Chinese characters); notes and other prose from
    twelve (six): a note that says "yes" must not empty every sentence with "yes" in it.
    """
    customer, engagement = data["customer"], data["engagement"]
    replace: dict[str, str] = {}
    if _meaningful(str(customer.get("name") or "")):
        replace[customer["name"]] = customer_alias
    names: set[str] = {str(engagement.get("consultant") or ""), str(engagement.get("name") or "")}
    prose: set[str] = {str(customer.get("notes") or ""), str(engagement.get("scope_notes") or "")}
    for n, person in enumerate(data["interviewees"], start=1):
        if _meaningful(str(person.get("name") or "")):
            replace[person["name"]] = f"Interviewee {n}"
        names.add(str(person.get("contact") or ""))
        prose.add(str(person.get("notes") or ""))
    for answer in data["answers"]:
        names.add(str(answer.get("answered_by") or ""))
        prose.add(str(answer.get("note") or ""))
    for item in data["evidence"]:  # (titles are often the content's own words: the documents drop them instead)
        names.add(str(item.get("original_name") or ""))
        prose.add(str(item.get("description") or ""))
    for override in data["overrides"]:
        names.add(str(override.get("author") or ""))
        prose.add(str(override.get("rationale") or ""))
    for doc in data["documents"]:
        names.add(str(doc.get("updated_by") or ""))
    secrets = {x.strip() for x in names if _meaningful(x)} | {x.strip() for x in prose if _meaningful(x, prose=True)}
    return replace, secrets - set(replace.values())


def _meaningful(text: str, *, prose: bool = False) -> bool:
    """Long enough to recognise: a name from three letters or two Chinese characters, prose from 12 or 6."""
    text = text.strip()
    if not text:
        return False
    return len(text) >= ((12 if prose else 3) if text.isascii() else (6 if prose else 2))


# --- per document kind ----------------------------------------------------------------------

def _removed() -> dict[str, str]:
    return dict(REMOVED)


def _diagnosis(key: str, payload: Any, s: Scrub) -> Any:
    if not isinstance(payload, dict):
        return None
    items = payload.get("items")
    out = {**payload, "engagement_id": s.engagement_id}
    if key == "quotable":  # marks on notes: the notes are gone
        out["items"] = []
    elif key == "findings":
        out["items"] = [_finding(f) | {"support": _support(f.get("support") or [], s)} for f in items or []]
    elif key == "policies":
        out["items"] = [_policy(p) for p in items or []]
    elif key == "summary":
        if isinstance(items, dict) and items.get("edited"):
            items = {**items, "texts": {lang: REMOVED.get(lang, REMOVED["en"]) for lang in items.get("texts") or {}}}
        out["items"] = items
    else:
        return None
    return out


def _finding(f: dict[str, Any]) -> dict[str, Any]:
    """A drafted finding is the model's words with levels and roles; one the consultant wrote or edited is not."""
    if f.get("edited") or f.get("rule") in ("manual", "merged"):
        return {**f, "title": _removed(), "statement": _removed()}
    return dict(f)


def _support(support: list[dict[str, Any]], s: Scrub) -> list[dict[str, Any]]:
    """Answers and KPI values stay (as the role that gave them); notes, quotes and evidence titles go."""
    kept = []
    for item in support:
        if item.get("kind") in ("answer", "kpi"):
            kept.append({**item, "interviewee_id": s.person(str(item.get("interviewee_id") or ""))})
    return kept


def _policy(p: dict[str, Any]) -> dict[str, Any]:
    if p.get("edited") or not str(p.get("id", "")).startswith("rec."):
        return {**p, "title": _removed(), "description": _removed()}
    return dict(p)


def _plan(key: str, payload: Any, s: Scrub) -> Any:
    if not isinstance(payload, dict):
        return None
    out = dict(payload)
    constraints = dict(out.get("constraints") or {})
    if constraints:
        constraints["notes"] = ""
        constraints["deadlines"] = [{**d, "label": s.label("deadline", str(d.get("label", "")), "Deadline {n}")}
                                    for d in constraints.get("deadlines") or []]
        out["constraints"] = constraints
    out["departments"] = [{**d, "name": s.label("department", str(d.get("name", "")), "Department {n}")}
                          for d in out.get("departments") or []]
    out["objectives"] = [o if o.get("source", "library") == "library" else
                         {**o, "name": {"en": f"Objective {n}", "zh": f"目标{n}"}, "description": {}}
                         for n, o in enumerate(out.get("objectives") or [], start=1)]
    out["initiatives"] = [i if i.get("source", "library") in ("library", "recommendation") else
                          {**i, "name": {"en": f"Initiative {n}", "zh": f"举措{n}"}, "description": {}}
                          for n, i in enumerate(out.get("initiatives") or [], start=1)]
    return out


def _organisation(key: str, payload: Any, s: Scrub) -> Any:
    if not isinstance(payload, dict):
        return None
    out = dict(payload)
    for side in ("current", "target"):
        state = out.get(side)
        if not isinstance(state, dict):
            continue
        state = {**state, "notes": ""}
        state["teams"] = [_team(t, s, side) for t in state.get("teams") or []]
        state["rotations"] = [
            {**r, "name": s.label("rotation", str(r.get("name", "")), "Rotation {n}"),
             "members": [{**m, "site": s.label("site", str(m.get("site", "")), "Site {n}")}
                         for m in r.get("members") or []]}
            for r in state.get("rotations") or []]
        out[side] = state
    out["raci_variants"] = [{**v, "name": s.label("variant", str(v.get("name", "")), "Variant {n}")}
                            for v in out.get("raci_variants") or []]
    out["roles"] = [{**r, "mission": "", "career_path": "",
                     **({"name": s.label("role", str(r.get("name", "")), "Role {n}")} if r.get("custom") else {})}
                    for r in out.get("roles") or []]
    out["transition"] = [{**t, "description": ""} for t in out.get("transition") or []]
    return out


def _team(team: dict[str, Any], s: Scrub, side: str) -> dict[str, Any]:
    """A team from a template keeps the template's name; the customer's own teams become "Team 3"."""
    name = str(team.get("name", ""))
    if side == "current" or not team.get("template"):
        name = s.label("team", name, "Team {n}")
    return {**team, "name": name, "mission": "", "site": s.label("site", str(team.get("site") or ""), "Site {n}")}


def _process(key: str, payload: Any, s: Scrub) -> Any:
    """The specification's structure, RACI, KPIs and rollout stay; the sections' body text and variants' notes go."""
    if not isinstance(payload, dict):
        return None
    out = dict(payload)
    out["sections"] = [{**x, "text": {lang: "" for lang in (x.get("text") or {})}} if isinstance(x.get("text"), dict)
                       else {**x, "text": ""} for x in out.get("sections") or []]
    out["variants"] = [
        {**v, "name": {lang: s.label("process-variant", str(v.get("id", "")), "Variant {n}", lang)
                       for lang in (v.get("name") or {})}
         if isinstance(v.get("name"), dict) else s.label("process-variant", str(v.get("id", "")), "Variant {n}"),
         "note": {lang: "" for lang in (v.get("note") or {})} if isinstance(v.get("note"), dict) else "",
         "overrides": {k: x for k, x in (v.get("overrides") or {}).items() if not str(k).startswith("section:")}}
        for v in out.get("variants") or []]
    return out


def _requests(key: str, payload: Any, s: Scrub) -> Any:
    if not isinstance(payload, dict):
        return None
    items = []
    for item in payload.get("items") or []:
        title = item.get("title") or {}
        generated = item.get("generated", True) and _request_key(str(title.get("en", ""))) == item.get("key")
        items.append({**item, "title": dict(title) if generated else {"en": f"Request {item.get('id', '')}",
                                                                       "zh": f"资料请求{item.get('id', '')}"},
                      "owner": "", "note": "", "evidence_ids": []})
    return {**payload, "engagement_id": s.engagement_id, "items": items}


def _request_key(text: str) -> str:  # as app.assessment.requests recognises a generated item's title
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _survey_form(key: str, payload: Any, s: Scrub) -> Any:
    if not isinstance(payload, dict):
        return None
    return {**payload, "file": "", "title": ""}


def _snapshot(key: str, payload: Any, s: Scrub) -> Any:
    """A frozen report state, anonymised like the engagement itself; its hash is of what it now holds."""
    if not isinstance(payload, dict) or not isinstance(payload.get("frozen"), dict):
        return None
    frozen = dict(payload["frozen"])
    data = frozen.get("data") or {}
    frozen["data"] = _frozen_data(data, s)
    frozen["evidence"] = []
    frozen["sessions"] = []
    frozen["baseline"] = None  # another engagement's records: not in this package
    frozen["documents"] = [d for d in (_document(doc, s) for doc in frozen.get("documents") or []) if d is not None]
    signed = payload.get("signed_off")
    if isinstance(signed, dict):
        signed = {**signed, "by": "", "note": ""}
    return {**payload, "label": "", "created_by": "", "signed_off": signed, "frozen": frozen,
            "hash": snapshot_hash(frozen)}


def _frozen_data(data: dict[str, Any], s: Scrub) -> dict[str, Any]:
    engagement = dict(data.get("engagement") or {})
    if engagement:
        customer = {**(engagement.get("customer") or {}), "name": s.customer_alias, "notes": ""}
        if "id" in customer:
            customer["id"] = s.ids.get(customer["id"], customer["id"])
        engagement.update(id=s.engagement_id, name=s.engagement_name, consultant="",
                          scope_notes="", previous_engagement_id=None, customer=customer)
    people = [{**p, "id": s.person(p["id"]), "name": s.replace.get(p.get("name", ""), ""), "department": "",
               "contact": "", "notes": "", "planned_at": None}
              for p in data.get("interviewees") or [] if p.get("id") in s.people]
    answers = [{**a, "id": s.ids.get(a.get("id", ""), ""), "engagement_id": s.engagement_id,
                "interviewee_id": s.person(a["interviewee_id"]), "note": "", "follow_up": False,
                "answered_by": "", "evidence_ids": []}
               for a in data.get("answers") or [] if a.get("interviewee_id") in s.people]
    overrides = [{**o, "rationale": "(anonymised)", "author": ""} for o in data.get("overrides") or []]
    return {**data, "engagement": engagement, "interviewees": people, "answers": answers, "overrides": overrides}


def _signoff(key: str, payload: Any, s: Scrub) -> Any:
    if not isinstance(payload, dict):
        return None
    return {**payload, "by": "", "note": "", "hash": s.ids.get(f"snapshot-hash/{key}", payload.get("hash"))}


def _reassessment(key: str, payload: Any, s: Scrub) -> Any:
    """Which answers a re-assessment started from: kept, for the copy's own answers (by its new people)."""
    if not isinstance(payload, dict):
        return None
    answers = {}
    for answer_key, value in (payload.get("answers") or {}).items():
        person, sep, rest = str(answer_key).partition("|")
        if sep and person in s.people:
            answers[f"{s.people[person]}|{rest}"] = value
    return {**payload, "source_engagement": "", "hash": "", "answers": answers}


SCRUBBERS: dict[str, Callable[[str, Any, Scrub], Any]] = {
    "diagnosis": _diagnosis,
    "plan": _plan,
    "organisation_design": _organisation,
    "process_spec": _process,
    "evidence_requests": _requests,
    "survey_form": _survey_form,
    "snapshot": _snapshot,
    "signoff": _signoff,
    "reassessment": _reassessment,
}


def _document(doc: dict[str, Any], s: Scrub) -> dict[str, Any] | None:
    scrubber = SCRUBBERS.get(str(doc.get("kind")))
    if scrubber is None:
        return None
    key = str(doc.get("key", ""))
    payload = scrubber(key, doc.get("payload"), s)
    if payload is None:
        return None
    if doc.get("kind") == "survey_form":  # keyed by the respondent
        key = s.person(key)
        if not key:
            return None
    return {**doc, "key": key, "payload": _safe(payload, s), "updated_by": ""}


def scrub_documents(documents: list[dict[str, Any]], s: Scrub) -> list[dict[str, Any]]:
    """The package's documents, anonymised (a kind without a scrubber is left out)."""
    ordered = sorted(documents, key=lambda d: 0 if d.get("kind") == "snapshot" else 1)  # hashes before sign-offs
    out = []
    for doc in ordered:
        scrubbed = _document(doc, s)
        if scrubbed is None:
            continue
        if scrubbed["kind"] == "snapshot":
            s.ids[f"snapshot-hash/{scrubbed['key']}"] = snapshot_hash(scrubbed["payload"]["frozen"])
            scrubbed["payload"]["hash"] = s.ids[f"snapshot-hash/{scrubbed['key']}"]
        out.append(scrubbed)
    order = {(d.get("kind"), d.get("key")): n for n, d in enumerate(documents)}
    return sorted(out, key=lambda d: order.get((d["kind"], d["key"]), len(order)))


def snapshot_hash(frozen: Any) -> str:
    """As ``app.services.review.content_hash``: SHA-256 of the canonical JSON (a test keeps them equal)."""
    text = json.dumps(frozen, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- the last check: every string ---------------------------------------------------------

def _safe(value: Any, s: Scrub) -> Any:
    """Every string: old ids mapped; names replaced by their stand-ins; anything holding a secret emptied."""
    if isinstance(value, dict):
        return {(_safe(k, s) if isinstance(k, str) else k): _safe(v, s) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v, s) for v in value]
    if not isinstance(value, str) or not value:
        return value
    if value in s.people:
        return s.people[value]
    if value == s.old_engagement_id:
        return s.engagement_id
    if value in s.ids:
        return s.ids[value]
    if _STRUCTURAL.fullmatch(value):  # an id, a role, a status, a date: structure, never a name in it
        return value
    if s.holds_secret(value):
        return ""
    return s.replaced(value)


# ids ("change.approval", "rec.proc.incident.2-3", "sre"), option codes and ISO dates and times
_STRUCTURAL = re.compile(r"[a-z0-9]+(?:[._:\-/][a-z0-9]+)*|\d{4}-\d{2}-\d{2}(?:[T ][\d:.+\-]+)?")
