"""Merging an incoming engagement (a package, a team repository) into the local one, item by item.

Each side of an exchange remembers the exchanges it took part in (``SyncState``: the
ids, and the item fingerprints of the last few). A package carries its sender's
history and the fingerprints of its last exchange, so the receiver can find their
most recent common exchange: the common ancestor. Against it, per item:

- the same on both sides, or changed only locally: nothing to do;
- changed only in the package: the package's value is taken;
- changed on both sides to different values: a conflict the consultant settles.

With no common ancestor an item both sides hold with different values is a conflict.
Nothing is ever deleted by a merge, and an empty value (an unanswered question, an
empty note) never replaces a real one. A package whose id the receiver has already
seen is its own ancestor: importing it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.exchange.snapshot import fingerprint, fingerprints, merge_items

HISTORY_LIMIT = 500  # exchange ids remembered per engagement
BASES_LIMIT = 8  # fingerprint sets remembered (the last few exchanges)


@dataclass
class SyncState:
    """What one repository remembers of an engagement's exchanges (stored as a document)."""

    history: list[str] = field(default_factory=list)
    bases: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, payload: dict[str, Any] | None) -> SyncState:
        if not payload:
            return cls()
        return cls(list(payload.get("history", [])), dict(payload.get("bases", {})))

    def to_dict(self) -> dict[str, Any]:
        return {"history": self.history, "bases": self.bases}

    @property
    def last(self) -> str | None:
        return self.history[-1] if self.history else None

    def recorded(self, sync_id: str, prints: dict[str, str], adopted: list[str] = ()) -> SyncState:
        """After an exchange ``sync_id`` (whose content had ``prints``); ``adopted``: the sender's history."""
        history = [x for x in self.history if x != sync_id]
        seen = set(history)
        history += [x for x in adopted if x not in seen and x != sync_id]
        history.append(sync_id)
        bases = {k: v for k, v in self.bases.items() if k != sync_id}
        bases[sync_id] = prints
        keep = list(bases)[-BASES_LIMIT:]
        return SyncState(history[-HISTORY_LIMIT:], {k: bases[k] for k in keep})


def outgoing_sync(state: SyncState, sync_id: str) -> dict[str, Any]:
    """What a package (or a push) carries about its ancestry."""
    base_id = state.last
    return {"package_id": sync_id, "history": [*state.history, sync_id], "base_id": base_id,
            "base": state.bases.get(base_id) if base_id else None}


def common_ancestor(local: SyncState, sync: dict[str, Any] | None, incoming: dict[str, Any],
                    people: dict[str, str] | None = None) -> tuple[str | None, dict[str, str] | None]:
    """The most recent exchange both sides took part in, and its fingerprints (None, None when there is none).

    This side's own record of that exchange is used when it has one; else the sender's,
    with its keys renamed to this side's people (``people``: the sender's interviewee id ->
    this side's, for a person both registered), as the incoming data was.
    """
    if not sync:
        return None, None
    package_id = sync.get("package_id")
    known = set(local.history)
    if package_id and package_id in known:
        return package_id, fingerprints(incoming)
    for candidate in reversed(sync.get("history") or []):
        if candidate == package_id or candidate not in known:
            continue
        if candidate in local.bases:
            return candidate, local.bases[candidate]
        if candidate == sync.get("base_id") and isinstance(sync.get("base"), dict):
            return candidate, renamed_base(sync["base"], people or {})
    return None, None


_PERSON_KEYS = ("answer", "note", "flag", "links", "interviewee")


def renamed_base(base: dict[str, str], people: dict[str, str]) -> dict[str, str]:
    """The sender's fingerprints with the interviewee in each item key renamed to this side's id."""
    if not people:
        return base
    out = {}
    for key, value in base.items():
        kind, sep, rest = key.partition("/")
        if sep and kind in _PERSON_KEYS:
            person, slash, tail = rest.partition("/")
            key = f"{kind}/{people.get(person, person)}{slash}{tail}"
        out[key] = value
    return out


@dataclass(frozen=True)
class Conflict:
    """One item changed on both sides: the consultant keeps the local value or takes the package's."""

    key: str
    kind: str  # answer | note | flag | links | interviewee | evidence | target | override | document | ...
    local: Any
    incoming: Any
    local_by: str = ""
    local_at: str | None = None
    incoming_by: str = ""
    incoming_at: str | None = None
    interviewee: str = ""  # whose answer (name), for answers and their notes
    questionnaire_id: str = ""
    question_id: str = ""


@dataclass
class MergePlan:
    take: set[str]  # item keys whose package value is written
    conflicts: list[Conflict]
    ancestor: str | None  # the common exchange the merge was made against
    unchanged: int  # items already the same on both sides

    @property
    def changes(self) -> int:
        return len(self.take)


CHOICES = ("local", "package")


def plan_merge(local: dict[str, Any] | None, incoming: dict[str, Any],
               base: dict[str, str] | None, ancestor: str | None = None) -> MergePlan:
    """Decide item by item (pure: nothing is written); ``local`` None means the engagement is new here."""
    mine = merge_items(local) if local else {}
    theirs = merge_items(incoming)
    take: set[str] = set()
    conflicts: list[Conflict] = []
    unchanged = 0
    for key, value in theirs.items():
        current = mine.get(key)
        theirs_print = fingerprint(value)
        mine_print = None if current is None else fingerprint(current)
        if theirs_print == mine_print:
            unchanged += 1
            continue
        if base is not None:
            if base.get(key) == theirs_print:  # only the local side changed (or removed) it
                continue
            if current is None or base.get(key) == mine_print:  # only the package changed it
                take.add(key)
                continue
        elif current is None:
            take.add(key)
            continue
        conflicts.append(_conflict(key, current, value, local or {}, incoming))
    return MergePlan(take, conflicts, ancestor, unchanged)


def resolved(plan: MergePlan, choices: dict[str, str]) -> set[str]:
    """The items to write once every conflict has a choice ("local" or "package"); ValueError otherwise."""
    missing = [c.key for c in plan.conflicts if c.key not in choices]
    if missing:
        raise ValueError(f"{len(missing)} conflict(s) still need a choice")
    bad = {k: v for k, v in choices.items() if v not in CHOICES}
    if bad:
        raise ValueError(f"a choice is 'local' or 'package', not {next(iter(bad.values()))!r}")
    return plan.take | {c.key for c in plan.conflicts if choices[c.key] == "package"}


def _answer(data: dict[str, Any], key: str) -> dict[str, Any] | None:
    for a in data.get("answers", ()):
        if f"{a['interviewee_id']}/{a['questionnaire_id']}/{a['question_id']}" == key:
            return a
    return None


def _conflict(key: str, local_value: Any, incoming_value: Any, local: dict[str, Any],
              incoming: dict[str, Any]) -> Conflict:
    kind, _, rest = key.partition("/")
    extra: dict[str, Any] = {}
    if kind in ("answer", "note", "flag", "links"):
        interviewee_id, questionnaire_id, question_id = rest.split("/", 2)
        mine, theirs = _answer(local, rest), _answer(incoming, rest)
        names = {p["id"]: p["name"] for p in (*incoming.get("interviewees", ()), *local.get("interviewees", ()))}
        extra = {"interviewee": names.get(interviewee_id, ""), "questionnaire_id": questionnaire_id,
                 "question_id": question_id,
                 "local_by": (mine or {}).get("answered_by", ""), "local_at": (mine or {}).get("answered_at"),
                 "incoming_by": (theirs or {}).get("answered_by", ""),
                 "incoming_at": (theirs or {}).get("answered_at")}
    elif kind == "document":
        doc_kind, _, doc_key = rest.partition("/")

        def doc(data):
            return next((d for d in data.get("documents", ()) if d["kind"] == doc_kind and d["key"] == doc_key), {})
        extra = {"local_by": doc(local).get("updated_by", ""), "local_at": doc(local).get("updated_at"),
                 "incoming_by": doc(incoming).get("updated_by", ""), "incoming_at": doc(incoming).get("updated_at")}
    elif kind == "engagement":
        extra = {"local_at": local.get("engagement", {}).get("updated_at"),
                 "incoming_at": incoming.get("engagement", {}).get("updated_at")}
    return Conflict(key, kind, local_value, incoming_value, **extra)


def remap_ids(data: dict[str, Any], *, customer_id: str | None = None,
              interviewees: dict[str, str] | None = None) -> dict[str, Any]:
    """The incoming snapshot with its customer and interviewees renamed to the local ids of the same ones.

    Two consultants who each registered "Li Wei" on their own laptop hold two ids for one
    person; the receiver matches by name and keeps its own id.
    """
    people = interviewees or {}
    if not people and customer_id in (None, data["customer"]["id"]):
        return data

    def person(pid: str) -> str:
        return people.get(pid, pid)

    return {
        **data,
        "customer": {**data["customer"], "id": customer_id or data["customer"]["id"]},
        "interviewees": [{**p, "id": person(p["id"])} for p in data["interviewees"]],
        "sessions": [{**s, "interviewee_id": person(s["interviewee_id"])} for s in data["sessions"]],
        "answers": [{**a, "interviewee_id": person(a["interviewee_id"])} for a in data["answers"]],
    }


def match_interviewees(local: dict[str, Any] | None, incoming: dict[str, Any]) -> dict[str, str]:
    """Incoming interviewee id -> local id, for people registered on both sides under different ids."""
    if not local:
        return {}
    local_ids = {p["id"] for p in local["interviewees"]}

    def key(p: dict[str, Any]) -> tuple[str, str]:  # one person may be interviewed and answer a survey
        return p["name"].casefold(), p.get("kind", "interview")

    by_name = {key(p): p["id"] for p in local["interviewees"]}
    return {p["id"]: by_name[key(p)] for p in incoming["interviewees"]
            if p["id"] not in local_ids and key(p) in by_name}
