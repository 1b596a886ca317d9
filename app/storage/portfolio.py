"""The portfolio's reads and its cache of score summaries, in bulk.

A thousand engagements are read in a handful of queries (engagements with customers,
services, content, summaries), never one engagement at a time. Summaries are a cache
(orm.ScoreSummary): ``put`` stores one only if the engagement has not changed since it
was read (its ``scores_stamp``), so a summary never claims to be fresh when it is not.

Reach it as ``repo.portfolio`` (one transaction per call) or ``uow.portfolio``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager

from sqlalchemy import Text, cast, delete, insert, select, update
from sqlalchemy.orm import Session

from app.storage import orm
from app.storage.records import (
    ContentRef,
    EngagementStatus,
    PortfolioEngagement,
    ScoreSummaryRecord,
    ServiceChoice,
)


class PortfolioStore:
    def __init__(self, session: Callable[[], AbstractContextManager[Session]]) -> None:
        self._session = session

    def engagements(self, *, include_archived: bool = True, ids: Sequence[str] | None = None,
                    customer_id: str | None = None) -> list[PortfolioEngagement]:
        """Every engagement (or these ``ids``, or one customer's) with its customer, services, content and
        cached summaries, in one transaction.

        Built for 10,000 engagements: plain (Core) rows, the
        summaries ordered by the database, identical service and content references shared, and each
        summary's payload left as the JSON text it is stored as (``ModelLevels.from_payload``
        decodes it when a figure of it is first read).
        """
        e, c = orm.Engagement, orm.Customer
        query = (select(e.id, e.name, c.id, c.name, c.industry, c.industry_code, c.size_code, e.status,
                        e.archived, e.start_date, e.end_date, e.created_at, e.previous_engagement_id,
                        e.scores_stamp)
                 .join(c, e.customer_id == c.id))
        if not include_archived:
            query = query.where(e.archived.is_(False))
        if ids is not None:
            query = query.where(e.id.in_(list(ids)))
        if customer_id is not None:
            query = query.where(e.customer_id == customer_id)
        s_ = orm.ScoreSummary
        with self._session() as s:
            connection = s.connection()
            rows = connection.execute(query).all()
            chosen = None if ids is None and customer_id is None else [r[0] for r in rows]

            def only(stmt, column):
                return stmt if chosen is None else stmt.where(column.in_(chosen))

            services: dict[str, list[ServiceChoice]] = {}
            shared_services: dict[tuple[str, str], ServiceChoice] = {}
            es, ec = orm.EngagementService, orm.EngagementContent
            for eng_id, service_id, size in connection.execute(only(
                    select(es.engagement_id, es.service_id, es.size), es.engagement_id)).all():
                choice = shared_services.get((service_id, size))
                if choice is None:
                    choice = shared_services[(service_id, size)] = ServiceChoice(service_id, size)
                services.setdefault(eng_id, []).append(choice)
            content: dict[str, list[ContentRef]] = {}
            shared_content: dict[tuple[str, str, str], ContentRef] = {}
            for eng_id, kind, content_id, version in connection.execute(only(
                    select(ec.engagement_id, ec.kind, ec.content_id, ec.version), ec.engagement_id)).all():
                ref = shared_content.get((kind, content_id, version))
                if ref is None:
                    ref = shared_content[(kind, content_id, version)] = ContentRef(kind, content_id, version)
                content.setdefault(eng_id, []).append(ref)
            summaries: dict[str, list[ScoreSummaryRecord]] = {}
            for row in connection.execute(only(select(
                    s_.engagement_id, s_.model_id, s_.model_version, s_.rank, s_.stamp, s_.format, s_.level,
                    s_.coverage, cast(s_.payload, Text)), s_.engagement_id).order_by(s_.rank)).all():
                summaries.setdefault(row[0], []).append(ScoreSummaryRecord(*row))
        statuses = {x.value: x for x in EngagementStatus}
        return [PortfolioEngagement(
            eng_id, name, customer_id, customer_name, industry or "", industry_code or "", size_code or "",
            statuses.get(status) or EngagementStatus(status), bool(archived), start, end, created, previous,
            int(stamp or 0), _by_service(services.get(eng_id, ())), tuple(content.get(eng_id, ())),
            tuple(summaries.get(eng_id, ())))
            for (eng_id, name, customer_id, customer_name, industry, industry_code, size_code, status, archived,
                 start, end, created, previous, stamp) in rows]

    def stamp(self, engagement_id: str) -> int | None:
        """The engagement's current scores stamp (None: no such engagement). Read it before the data."""
        with self._session() as s:
            value = s.scalar(select(orm.Engagement.scores_stamp).where(orm.Engagement.id == engagement_id))
            return None if value is None else int(value)

    def put(self, summaries: Iterable[ScoreSummaryRecord]) -> int:
        """Store each engagement's summaries if its stamp is still the one they were computed at.

        Returns how many engagements were stored. The conditional no-op update takes the
        engagement's row lock first, so an answer saved at the same moment either waits for
        this transaction or has already moved the stamp (and the summaries are not stored).
        """
        by_engagement: dict[str, list[ScoreSummaryRecord]] = {}
        for summary in summaries:
            by_engagement.setdefault(summary.engagement_id, []).append(summary)
        stored = 0
        with self._session() as s:
            for engagement_id, items in by_engagement.items():
                stamp = items[0].stamp
                result = s.execute(update(orm.Engagement)
                                   .where(orm.Engagement.id == engagement_id, orm.Engagement.scores_stamp == stamp)
                                   .values(scores_stamp=orm.Engagement.scores_stamp))
                if result.rowcount != 1:
                    continue
                s.execute(delete(orm.ScoreSummary).where(orm.ScoreSummary.engagement_id == engagement_id))
                s.execute(insert(orm.ScoreSummary), [
                    {"engagement_id": x.engagement_id, "model_id": x.model_id, "model_version": x.model_version,
                     "rank": x.rank, "stamp": x.stamp, "format": x.format, "level": x.level,
                     "coverage": x.coverage, "payload": x.payload, "computed_at": orm.utcnow()} for x in items])
                stored += 1
        return stored

    def forget(self, engagement_ids: Sequence[str] | None = None) -> None:
        """Drop cached summaries (all of them, or these engagements'): they are recomputed when next read."""
        with self._session() as s:
            stmt = delete(orm.ScoreSummary)
            if engagement_ids is not None:
                stmt = stmt.where(orm.ScoreSummary.engagement_id.in_(list(engagement_ids)))
            s.execute(stmt)


def _by_service(choices: Sequence[ServiceChoice]) -> tuple[ServiceChoice, ...]:
    return tuple(sorted(choices, key=lambda x: x.service_id)) if len(choices) > 1 else tuple(choices)
