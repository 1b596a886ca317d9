"""The evidence request list of an engagement: generate, edit, link to the register, export.

The list is one versioned document per engagement (``evidence_requests``/``main``).
Every change reads the stored version and writes the next one with
``expected_version``: a colleague's change in between is a clear conflict, never lost.
A status change that also moves the evidence register (an item received marks its
linked register records received) runs in one unit of work with the list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.assessment import engagement_questionnaires
from app.assessment import requests as rl
from app.assessment.requests import DOCUMENT_KEY, DOCUMENT_KIND, RequestItem, RequestList
from app.content.loader import ContentLibrary
from app.errors import UserError
from app.storage.records import EvidenceRecord
from app.storage.repository import Repository


@dataclass(frozen=True)
class RequestListState:
    engagement_id: str
    requests: RequestList
    version: int  # 0: nothing stored yet (the list shown is what the questions generate)
    evidence: tuple[EvidenceRecord, ...]  # the engagement's evidence register

    @property
    def stored(self) -> bool:
        return self.version > 0

    @property
    def items(self) -> tuple[RequestItem, ...]:
        return self.requests.items

    def evidence_title(self, evidence_id: str) -> str:
        e = next((x for x in self.evidence if x.id == evidence_id), None)
        return "" if e is None else (e.original_name or e.title)


def _stored(repo: Repository, engagement_id: str) -> tuple[RequestList | None, int]:
    doc = repo.documents.get(engagement_id, DOCUMENT_KIND, DOCUMENT_KEY)
    if doc is None:
        return None, 0
    if not isinstance(doc.payload, dict):
        raise UserError("the stored evidence request list is damaged; generate it again")
    return RequestList.from_dict(doc.payload), doc.version


def load_requests(library: ContentLibrary, repo: Repository, engagement_id: str) -> RequestListState:
    """The stored list, or (not saved) the one the questions in scope generate."""
    engagement = repo.get_engagement(engagement_id)
    current, version = _stored(repo, engagement.id)
    evidence = tuple(repo.list_evidence(engagement.id))
    if current is None:
        current = rl.generate(RequestList(), engagement_questionnaires(library, engagement),
                              repo.list_answers(engagement.id), evidence)
    return RequestListState(engagement.id, current, version, evidence)


def generate_requests(library: ContentLibrary, repo: Repository, engagement_id: str, *, due: date | None = None,
                      updated_by: str = "", expected_version: int | None = None) -> RequestListState:
    """Add what the questions in scope name and the list lacks (keeping every edit); store it."""
    engagement = repo.get_engagement(engagement_id)
    current, version = _stored(repo, engagement.id)
    merged = rl.generate(current or RequestList(), engagement_questionnaires(library, engagement),
                         repo.list_answers(engagement.id), repo.list_evidence(engagement.id))
    merged = rl.default_due(merged, due)
    repo.documents.put(engagement.id, DOCUMENT_KIND, DOCUMENT_KEY, merged.to_dict(engagement.id),
                       updated_by=updated_by, expected_version=version if expected_version is None else expected_version)
    return load_requests(library, repo, engagement.id)


def _change(library: ContentLibrary, repo: Repository, engagement_id: str,
            change: Callable[[RequestList], RequestList], *, updated_by: str, expected_version: int | None,
            received: Iterable[str] = ()) -> RequestListState:
    """Apply ``change`` to the stored list (generated first when none is stored) and store the result,
    with the register records in ``received`` marked received, in one unit of work."""
    state = load_requests(library, repo, engagement_id)
    expected = state.version if expected_version is None else expected_version
    changed = change(state.requests)  # bad input raises here, before anything is written
    received = list(received)
    known = {e.id for e in state.evidence}
    with repo.unit_of_work() as uow:
        uow.documents.put(state.engagement_id, DOCUMENT_KIND, DOCUMENT_KEY, changed.to_dict(state.engagement_id),
                          updated_by=updated_by, expected_version=expected)
        for evidence_id in received:
            if evidence_id in known:
                uow.set_evidence_received(evidence_id, True)
    return load_requests(library, repo, engagement_id)


def update_request(library: ContentLibrary, repo: Repository, engagement_id: str, item_id: str, *,
                   updated_by: str = "", expected_version: int | None = None, **fields) -> RequestListState:
    """Change an item's title, owner, due, status, note or linked evidence (``evidence_ids``).

    Linked evidence must be in the engagement's register. An item set to received or reviewed
    marks its linked register records received, in the same unit of work as the list.
    """
    state = load_requests(library, repo, engagement_id)
    if "evidence_ids" in fields:
        known = {e.id for e in state.evidence}
        wrong = [e for e in fields["evidence_ids"] if e not in known]
        if wrong:
            raise UserError(f"evidence {wrong[0]!r} is not in this engagement's evidence register")
    changed = rl.edit(state.requests, item_id, **fields)
    item = changed.item(item_id)
    received = item.evidence_ids if item.status in ("received", "reviewed") else ()
    return _change(library, repo, engagement_id, lambda _: changed, updated_by=updated_by,
                   expected_version=state.version if expected_version is None else expected_version,
                   received=received)


def add_request(library: ContentLibrary, repo: Repository, engagement_id: str, title: str, *, owner: str = "",
                due: object = None, note: str = "", updated_by: str = "",
                expected_version: int | None = None) -> RequestListState:
    return _change(library, repo, engagement_id, lambda r: rl.add(r, title, owner=owner, due=due, note=note),
                   updated_by=updated_by, expected_version=expected_version)


def remove_request(library: ContentLibrary, repo: Repository, engagement_id: str, item_id: str, *,
                   updated_by: str = "", expected_version: int | None = None) -> RequestListState:
    return _change(library, repo, engagement_id, lambda r: rl.remove(r, item_id), updated_by=updated_by,
                   expected_version=expected_version)


def export_requests(library: ContentLibrary, repo: Repository, engagement_id: str, out: Path, lang: str = "en",
                    progress=None, cancelled=None) -> Path:
    """The request list and interview plan workbook (the ``requests`` report kind)."""
    from app.services.reports import write_report

    return write_report(library, repo, engagement_id, "requests", out, lang, progress, cancelled)


def requests_as_json(state: RequestListState, lang: str = "en") -> dict:
    return {
        "engagement_id": state.engagement_id, "stored": state.stored, "version": state.version,
        "counts": state.requests.counts(),
        "items": [{"id": i.id, "title": i.title_in(lang), "status": i.status, "owner": i.owner,
                   "due": i.due.isoformat() if i.due else None, "note": i.note,
                   "questions": [f"{a}/{b}" for a, b in i.questions], "evidence": list(i.evidence_ids),
                   "generated": i.generated} for i in state.items],
    }
