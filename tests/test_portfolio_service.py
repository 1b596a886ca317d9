"""The portfolio service: levels from the one scoring path, cached per engagement, fresh after every change.

Runs on SQLite and, when OMM_TEST_POSTGRES_URL is set, on PostgreSQL (the staleness triggers
are the database's own, so both must keep them).
"""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import create_engine

from app.errors import UserError
from app.services.portfolio import (
    compare_engagements,
    customer_trend,
    load_portfolio,
    portfolio_benchmark,
)
from app.services.results import score_engagement
from app.storage.database import _alembic_config, open_database
from app.storage.records import ContentRef, ScoreSummaryRecord, ServiceChoice
from app.storage.repository import Repository


@pytest.fixture
def repo(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    db = open_database(new_database())
    yield Repository(db)
    db.close()


CONTENT = (ContentRef("model", "mini", "1.0"), ContentRef("questionnaire", "mini-q", "1.0"))


def _engagement(repo, customer: str, name: str, when: date, answers: dict[str, str], *, industry="Banking",
                headcount=120):
    found = repo.find_customer(customer)
    cust = found or repo.create_customer(customer, industry, headcount)
    e = repo.create_engagement(cust.id, name, services=(ServiceChoice("diagnosis-basic"),), content=CONTENT,
                               start_date=when)
    person = repo.add_interviewee(e.id, "Ann", "sre")
    for question, value in answers.items():
        repo.save_answer(e.id, person.id, "mini-q", question, "given", value)
    return e, person


def test_levels_are_the_scoring_engines_and_the_second_load_scores_nothing(repo, mini_library):
    e1, _ = _engagement(repo, "Acme", "Acme 2025", date(2025, 3, 1), {"q1": "2", "q2": "yes", "q4": "ic"})
    e2, _ = _engagement(repo, "Bolt", "Bolt 2025", date(2025, 6, 1), {"q1": "4", "q3": "90", "q4": "manager"},
                        industry="零售", headcount=30)
    first = load_portfolio(mini_library, repo)
    assert first.scored == 2 and [r.engagement_name for r in first.rows] == ["Bolt 2025", "Acme 2025"]
    for engagement in (e1, e2):
        score = score_engagement(mini_library, repo, engagement.id).primary
        row = first.row(engagement.id)
        assert row.primary.level == score.level and row.primary.coverage == score.coverage
        assert row.primary.domains == {d.domain_id: d.level for d in score.domains}
        assert row.primary.capabilities == {c.capability_id: c.level for c in score.capabilities}
    bolt = first.row(e2.id)
    assert (bolt.industry_code, bolt.industry_text, bolt.size_code) == ("retail", "零售", "medium")
    second = load_portfolio(mini_library, repo)
    assert second.scored == 0 and second.rows == first.rows


def test_a_changed_answer_or_override_rescores_that_engagement_only_a_note_does_not(repo, mini_library):
    e1, ann = _engagement(repo, "Acme", "Acme 2025", date(2025, 3, 1), {"q1": "2"})
    _engagement(repo, "Bolt", "Bolt 2025", date(2025, 6, 1), {"q1": "4"})
    assert load_portfolio(mini_library, repo).scored == 2
    repo.set_answer_note(e1.id, ann.id, "mini-q", "q1", "they said so")
    repo.save_answer(e1.id, ann.id, "mini-q", "q1", "given", "2")  # the same answer again
    assert load_portfolio(mini_library, repo).scored == 0
    repo.save_answer(e1.id, ann.id, "mini-q", "q1", "given", "5")
    after = load_portfolio(mini_library, repo)
    assert after.scored == 1 and after.row(e1.id).primary.capabilities["change.approval"] == 5.0
    repo.set_override(e1.id, "mini", "change.approval", 1.0, "seen the log")
    after = load_portfolio(mini_library, repo)
    assert after.scored == 1 and after.row(e1.id).primary.capabilities["change.approval"] == 1.0
    repo.clear_answer(ann.id, "mini-q", "q1")
    repo.set_override(e1.id, "mini", "change.approval", None)
    after = load_portfolio(mini_library, repo)
    assert after.scored == 1 and after.row(e1.id).primary.capabilities["change.approval"] is None
    repo.save_answer(e1.id, ann.id, "mini-q", "q4", "given", "ic")
    assert load_portfolio(mini_library, repo).row(e1.id).primary.capabilities["incident.response"] == 4.0
    repo.remove_interviewee(ann.id)  # its answers go with it
    after = load_portfolio(mini_library, repo)
    assert after.scored == 1 and after.row(e1.id).primary.capabilities["incident.response"] is None


def test_a_summary_computed_before_a_change_is_not_stored_as_fresh(repo, mini_library):
    e1, ann = _engagement(repo, "Acme", "Acme 2025", date(2025, 3, 1), {"q1": "2"})
    stamp = repo.portfolio.stamp(e1.id)
    repo.save_answer(e1.id, ann.id, "mini-q", "q1", "given", "4")  # lands while the old data is being scored
    stale = ScoreSummaryRecord(e1.id, "mini", "1.0", 0, stamp, 1, 2.0, 1.0, {"domains": {}, "capabilities": {}})
    assert repo.portfolio.put([stale]) == 0
    assert load_portfolio(mini_library, repo).row(e1.id).primary.capabilities["change.approval"] == 4.0


def test_missing_content_is_a_reason_not_a_failure(repo, mini_library):
    e1, _ = _engagement(repo, "Acme", "Acme 2025", date(2025, 3, 1), {"q1": "2"})
    repo.update_engagement(e1.id, content=(ContentRef("model", "mini", "9.9"), CONTENT[1]))
    row = load_portfolio(mini_library, repo).row(e1.id)
    assert row.models == () and "version 9.9" in row.problem


def test_comparison_trend_and_benchmark_through_the_service(repo, mini_library):
    a, _ = _engagement(repo, "Acme", "Acme 2024", date(2024, 3, 1), {"q1": "1", "q4": "nobody"})
    b, _ = _engagement(repo, "Acme", "Acme 2025", date(2025, 3, 1), {"q1": "4", "q4": "ic"})
    c = compare_engagements(mini_library, repo, [b.id, a.id], anonymise=True)
    assert c.labels == ["Customer A 2025-03", "Customer A 2024-03"] and c.overlap.same_model
    with pytest.raises(UserError, match="at least two"):
        compare_engagements(mini_library, repo, [a.id, a.id])
    portfolio = load_portfolio(mini_library, repo)
    t = customer_trend(portfolio, portfolio.row(a.id).customer_id)
    assert [e.row.engagement_id for e in t.comparison.engagements] == [a.id, b.id]
    assert [(x.capability_id, x.before, x.after) for x in t.improved] == [("change.approval", 1.0, 4.0),
                                                                            ("incident.response", 1.0, 4.0)]
    bench = portfolio_benchmark(portfolio, subject_id=b.id, min_group=1)
    assert bench.group == 1 and bench.overall.n == 1


def test_customers_get_their_industry_and_size_entries_and_unknown_ones_are_refused(repo, database_dump):
    mapped = repo.create_customer("Acme", "retail banking", 30)
    odd = repo.create_customer("Odd", "Quantum widgets", None)
    chosen = repo.create_customer("Chosen", "Quantum widgets", 600, industry_code="manufacturing")
    assert (mapped.industry_code, mapped.size_code) == ("banking", "medium")
    assert (odd.industry_code, odd.size_code, odd.industry) == ("", "", "Quantum widgets")
    assert (chosen.industry_code, chosen.size_code) == ("manufacturing", "enterprise")
    before = database_dump(repo)
    with pytest.raises(UserError, match="unknown industry 'widgets'"):
        repo.update_customer(odd.id, industry_code="widgets")
    assert database_dump(repo) == before
    assert repo.update_customer(odd.id, industry_code="other", size_code="small").size_code == "small"


def test_upgrade_maps_free_text_industries_and_adds_the_triggers(new_database, tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    url = new_database()
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0005")
        for cid, industry, headcount in (("c1", "Retail", 30), ("c2", "银行", 600), ("c3", "Fintech things", None)):
            connection.exec_driver_sql(
                "insert into customers (id, name, industry, it_headcount, notes, created_at, updated_at) "
                f"values ('{cid}', 'Co {cid}', '{industry}', {headcount or 'NULL'}, '', '2025-01-01', '2025-01-01')")
        connection.exec_driver_sql(
            "insert into engagements (id, customer_id, name, consultant, status, scope_notes, archived, language, "
            "created_at, updated_at) values ('e1', 'c1', 'Old engagement', '', 'planned', '', false, 'en', "
            "'2025-01-01', '2025-01-02')")
    engine.dispose()
    db = open_database(url)
    repo = Repository(db)
    codes = {c.id: (c.industry_code, c.size_code, c.industry) for c in repo.list_customers()}
    assert codes == {"c1": ("retail", "medium", "Retail"), "c2": ("banking", "enterprise", "银行"),
                     "c3": ("", "", "Fintech things")}
    before = repo.portfolio.stamp("e1")
    person = repo.add_interviewee("e1", "Ann", "sre")
    repo.save_answer("e1", person.id, "q", "q1", "given", "3")
    assert repo.portfolio.stamp("e1") > before
    db.close()
