"""Engagement documents: the versioned JSON artefacts services keep per engagement.

Plans, organisation designs, process specifications, findings, summaries and
snapshots are all stored here, in one table, as ``(engagement, kind, key) ->
payload``. A service owns its kinds and the shape of its payloads (with its own
``to_dict``/``from_dict``); storage only keeps them, counts the versions and copies
or deletes them with their engagement.

Reach the store as ``repo.documents`` (one transaction per call) or as
``uow.documents`` inside ``with repo.unit_of_work() as uow:`` (committed with the
rest of the unit of work, or not at all).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.storage import orm
from app.storage.errors import NotFound
from app.storage.records import DocumentRecord

MAX_KIND = 80
MAX_KEY = 200


class VersionConflict(UserError):
    """The document changed since the caller read it (a colleague saved in between)."""


def _record(row: orm.EngagementDocument, payload: Any) -> DocumentRecord:
    return DocumentRecord(row.id, row.engagement_id, row.kind, row.key, payload, row.version, row.updated_at,
                          row.updated_by)


def _plain_copy(payload: Any, kind: str, key: str) -> Any:
    """The payload as JSON would return it; anything JSON cannot hold is the caller's bug."""
    try:
        return json.loads(json.dumps(payload, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"document {kind}/{key}: the payload is not plain JSON ({exc})") from None


def _check_name(value: str, what: str, limit: int) -> None:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ValueError(f"a document {what} is a non-empty string of at most {limit} characters, not {value!r}")


class DocumentStore:
    """put / get / list / delete on one repository (or one unit of work)."""

    def __init__(self, session: Callable[[], AbstractContextManager[Session]]) -> None:
        self._session = session

    def put(self, engagement_id: str, kind: str, key: str, payload: Any, *, updated_by: str = "",
            expected_version: int | None = None) -> DocumentRecord:
        """Store ``payload`` (a new document at version 1, else the next version).

        ``expected_version``: the version the caller read; if the stored one moved on, or the
        document appeared or vanished in between, nothing is written and VersionConflict says so
        (0 means "I expect there is none yet").
        """
        _check_name(kind, "kind", MAX_KIND)
        _check_name(key, "key", MAX_KEY)
        payload = _plain_copy(payload, kind, key)
        with self._session() as s:
            if s.get(orm.Engagement, engagement_id) is None:
                raise NotFound(f"no engagement with id {engagement_id}")
            row = s.scalar(self._query(engagement_id, kind, key))
            current = 0 if row is None else row.version
            if expected_version is not None and expected_version != current:
                raise VersionConflict(f"the {kind} {key!r} was changed by someone else since it was opened "
                                      f"(version {current}, not {expected_version}); reload it and try again")
            now = orm.utcnow()
            if row is None:
                row = orm.EngagementDocument(engagement_id=engagement_id, kind=kind, key=key, payload=payload,
                                             version=1, created_at=now, updated_at=now, updated_by=updated_by)
                s.add(row)
            else:
                row.payload = payload
                # in SQL, so two savers on a shared repository cannot both write the same version
                row.version = orm.EngagementDocument.version + 1
                row.updated_at = now
                row.updated_by = updated_by
            s.flush()
            s.refresh(row, ["version"])
            return _record(row, _plain_copy(payload, kind, key))

    def get(self, engagement_id: str, kind: str, key: str) -> DocumentRecord | None:
        with self._session() as s:
            row = s.scalar(self._query(engagement_id, kind, key))
            return None if row is None else _record(row, row.payload)

    def list(self, engagement_id: str, kind: str | None = None) -> list[DocumentRecord]:
        """The engagement's documents of ``kind`` (every kind when None), by kind then key."""
        query = select(orm.EngagementDocument).where(orm.EngagementDocument.engagement_id == engagement_id)
        if kind is not None:
            query = query.where(orm.EngagementDocument.kind == kind)
        with self._session() as s:
            rows = s.scalars(query.order_by(orm.EngagementDocument.kind, orm.EngagementDocument.key))
            return [_record(r, r.payload) for r in rows]

    def delete(self, engagement_id: str, kind: str, key: str) -> bool:
        """Remove one document; True when there was one."""
        d = orm.EngagementDocument
        with self._session() as s:
            result = s.execute(delete(d).where(d.engagement_id == engagement_id, d.kind == kind, d.key == key))
            return bool(result.rowcount)

    def copy_all(self, source_id: str, target_id: str, kinds: Iterable[str] | None = None,
                 updated_by: str = "") -> int:
        """Copy the source engagement's documents to the target (version 1 there); how many."""
        wanted = None if kinds is None else set(kinds)
        with self._session() as s:
            rows = list(s.scalars(select(orm.EngagementDocument)
                                  .where(orm.EngagementDocument.engagement_id == source_id)))
            now = orm.utcnow()
            copies = [orm.EngagementDocument(engagement_id=target_id, kind=r.kind, key=r.key, payload=r.payload,
                                             version=1, created_at=now, updated_at=now,
                                             updated_by=updated_by or r.updated_by)
                      for r in rows if wanted is None or r.kind in wanted]
            s.add_all(copies)
            s.flush()
            return len(copies)

    @staticmethod
    def _query(engagement_id: str, kind: str, key: str):
        d = orm.EngagementDocument
        return select(d).where(d.engagement_id == engagement_id, d.kind == kind, d.key == key)
