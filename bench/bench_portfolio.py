"""The portfolio over 1,000 and 10,000 engagements: load, compare, benchmark (SQLite, and PostgreSQL).

Each engagement: the professional diagnosis (om-sre), 5 interviewees answering 150 questions
(750 answers; 7.5 million rows for 10,000 engagements), built straight as rows in one
transaction (the staleness triggers are dropped for the bulk insert and put back after,
as a restore would). Then, per repository:

- cold: ``load_portfolio`` scoring every engagement through the one scoring path and
  storing the summaries (1,000 only: the 10,000 reuse 1,000 answer patterns, so each
  pattern is scored once by the same path and its summary stored for every engagement
  that holds exactly those answers);
- warm: ``load_portfolio`` reading the cached summaries (targets: 1,000 < 0.5 s,
  10,000 < 2 s);
- a 10-engagement comparison from the database (target < 0.2 s);
- benchmark percentiles over the loaded portfolio (target < 0.5 s over 1,000);
- after one answer changes: the load that rescores that one engagement.

Prints every figure (median of several runs); asserts nothing.
``python bench/bench_portfolio.py [--sizes 1000,10000]``; with OMM_TEST_POSTGRES_URL set,
the same on PostgreSQL (in a schema of its own, dropped after).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, inspect, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.analytics import SUMMARY_FORMAT  # noqa: E402
from app.content import load_content_cached  # noqa: E402
from app.content.schema import ChoiceAnswer, LevelsAnswer, NumericAnswer, YesNoAnswer  # noqa: E402
from app.services import content_for_services  # noqa: E402
from app.services.portfolio import (  # noqa: E402
    compare_engagements,
    load_portfolio,
    portfolio_benchmark,
)
from app.storage.database import open_database  # noqa: E402
from app.storage.records import ScoreSummaryRecord, ServiceChoice  # noqa: E402
from app.storage.repository import Repository  # noqa: E402
from app.storage.score_triggers import create_score_triggers, drop_score_triggers  # noqa: E402

SERVICE = ServiceChoice("diagnosis-professional")
PEOPLE = 5
QUESTIONS = 150
PATTERNS = 1000  # distinct answer sets; engagement i holds pattern i % PATTERNS
INDUSTRIES = ["banking", "retail", "logistics", "energy", "telecom", "manufacturing", "healthcare", "public"]
SIZES = ["small", "medium", "large", "enterprise"]


CPU_MS: list[float] = []  # the CPU milliseconds (this process, all threads) of the last median_ms, median


def median_ms(fn, runs: int = 5, setup=None) -> tuple[float, object]:
    """The median of ``runs`` timings of ``fn``; ``setup()`` (untimed) gives ``fn`` its argument each time.

    The median CPU time of the same runs is left in ``CPU_MS`` (on a busy machine the wall
    clock also counts the time other processes had the CPUs).
    """
    result = None
    times, cpu = [], []
    for _ in range(runs):
        argument = setup() if setup else None
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn(argument) if setup else fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    CPU_MS[:] = [statistics.median(cpu)]
    return statistics.median(times), result


def cpu_note() -> str:
    return f", cpu {CPU_MS[0]:.0f} ms, load average {os.getloadavg()[0]:.1f}"


def _value(question, rng: random.Random) -> str:
    spec = question.answer
    if isinstance(spec, LevelsAnswer):
        return str(rng.choice([1, 2, 2, 3, 3, 4]))
    if isinstance(spec, YesNoAnswer):
        return rng.choice(["yes", "no"])
    if isinstance(spec, NumericAnswer):
        low = spec.minimum if spec.minimum is not None else 0
        high = spec.maximum if spec.maximum is not None else 100
        return f"{rng.uniform(low, high):.0f}"
    assert isinstance(spec, ChoiceAnswer)
    return rng.choice(spec.options).id


def build(repo: Repository, library, n: int) -> list[str]:
    """n engagements as rows in one transaction; returns their ids (pattern i % PATTERNS for the i-th)."""
    content = content_for_services(library, [SERVICE])
    questionnaires = [library.questionnaire(c.content_id, c.version) for c in content if c.kind == "questionnaire"]
    questions = [(q.id, x) for q in questionnaires for s in q.sections for x in s.questions][:QUESTIONS]
    rng = random.Random(7)
    # pattern -> question -> each person's answer
    pattern_values = [[[_value(x, rng) for _ in range(PEOPLE)] for _q, x in questions]
                      for _p in range(min(PATTERNS, n))]
    now = datetime(2026, 12, 1)
    customers = max(1, n // 3)
    customer_rows = [{"id": str(uuid.uuid4()), "name": f"Customer {c:05d}", "industry": INDUSTRIES[c % 8].title(),
                      "industry_code": INDUSTRIES[c % 8], "size_code": SIZES[c % 4], "it_headcount": 40,
                      "business_departments": 5, "notes": "", "created_at": now, "updated_at": now}
                     for c in range(customers)]
    ids: list[str] = []
    engagement_rows, service_rows, content_rows, people_rows = [], [], [], []
    for i in range(n):
        eid = str(uuid.uuid4())
        ids.append(eid)
        engagement_rows.append({
            "id": eid, "customer_id": customer_rows[i % customers]["id"], "name": f"Engagement {i:05d}",
            "consultant": "Bench", "start_date": date(2021, 1, 1) + timedelta(days=(i * 37) % 2000),
            "end_date": None, "status": "completed", "scope_notes": "", "previous_engagement_id": None,
            "archived": False, "created_at": now, "updated_at": now, "last_opened_at": None, "language": "en",
            "scores_stamp": 0})
        service_rows.append({"id": str(uuid.uuid4()), "engagement_id": eid, "service_id": SERVICE.service_id,
                             "size": SERVICE.size})
        content_rows += [{"id": str(uuid.uuid4()), "engagement_id": eid, "kind": c.kind, "content_id": c.content_id,
                          "version": c.version} for c in content]
        for p in range(PEOPLE):
            people_rows.append({"id": f"{eid[:30]}-p{p}", "engagement_id": eid, "name": f"Person {p}",
                                "role": "sre", "department": "", "contact": "", "questionnaire_id": None,
                                "planned_at": None, "notes": "", "created_at": now})
    from app.storage import orm

    def answers(start: int, stop: int):
        for i in range(start, stop):
            eid = ids[i]
            values = pattern_values[i % len(pattern_values)]
            for k, (qid, question) in enumerate(questions):
                for p in range(PEOPLE):
                    yield {"id": str(uuid.uuid4()), "engagement_id": eid, "interviewee_id": f"{eid[:30]}-p{p}",
                           "questionnaire_id": qid, "question_id": question.id, "status": "given",
                           "value": values[k][p], "note": "", "confidence": "medium", "evidence_strength": None,
                           "follow_up": False, "answered_by": "Bench", "answered_at": now}

    engine = repo.db.engine
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as connection:
        drop_score_triggers(connection)
        # as a restore would: the answers' plain indexes built once at the end, not row by row (the unique
        # ones stay); SQLite gets a page cache large enough for the random keys while it builds
        indexes = [ix for ix in inspect(connection).get_indexes("answers") if not ix["unique"]]
        for ix in indexes:
            connection.exec_driver_sql(f"DROP INDEX {ix['name']}")
        if sqlite:
            connection.exec_driver_sql("PRAGMA cache_size = -1000000")
        for table, rows in ((orm.Customer, customer_rows), (orm.Engagement, engagement_rows),
                            (orm.EngagementService, service_rows), (orm.EngagementContent, content_rows),
                            (orm.Interviewee, people_rows)):
            connection.execute(table.__table__.insert(), rows)
        columns = [c.name for c in orm.Answer.__table__.columns]
        first = min(n, PATTERNS)
        if not sqlite:
            cursor = connection.connection.driver_connection.cursor()
            with cursor.copy(f"COPY answers ({', '.join(columns)}) FROM STDIN") as copy:
                for row in answers(0, first):
                    copy.write_row([row[c] for c in columns])
        else:
            step = 200
            for start in range(0, first, step):
                connection.execute(orm.Answer.__table__.insert(), list(answers(start, min(first, start + step))))
        if n > first:
            # The rest hold the same answers as their pattern engagement: copied by the database itself.
            connection.exec_driver_sql("CREATE TEMPORARY TABLE bench_map (eid VARCHAR(36), pattern VARCHAR(36))")
            connection.execute(text("INSERT INTO bench_map (eid, pattern) VALUES (:e, :p)"),
                               [{"e": ids[i], "p": ids[i % first]} for i in range(first, n)])
            new_id = "gen_random_uuid()::text" if engine.dialect.name == "postgresql" else \
                "lower(hex(randomblob(16)))"
            others = ", ".join(c for c in columns if c not in ("id", "engagement_id", "interviewee_id"))
            connection.exec_driver_sql(
                f"INSERT INTO answers (id, engagement_id, interviewee_id, {others}) "
                f"SELECT {new_id}, m.eid, substr(m.eid, 1, 30) || substr(a.interviewee_id, 31), "
                f"{', '.join('a.' + c for c in others.split(', '))} "
                "FROM answers a JOIN bench_map m ON a.engagement_id = m.pattern")
            connection.exec_driver_sql("DROP TABLE bench_map")
        for ix in indexes:
            connection.exec_driver_sql(f"CREATE INDEX {ix['name']} ON answers ({', '.join(ix['column_names'])})")
        create_score_triggers(connection)
        if sqlite:
            connection.exec_driver_sql("PRAGMA cache_size = -2000")  # back to the default for the measurements
    return ids


_PATTERN_MODELS: dict[int, list] = {}  # pattern -> its scored models, once scored in this process


def remember_patterns(portfolio, ids: list[str]) -> None:
    """Keep what the one scoring path gave for each answer pattern (the same in every database)."""
    for i, eid in enumerate(ids[:PATTERNS]):
        _PATTERN_MODELS.setdefault(i, portfolio.row(eid).models)


def copy_summaries(repo: Repository, library, ids: list[str]) -> bool:
    """The 10,000 hold PATTERNS answer sets: score each set once (the one scoring path), store it for all.

    True when the patterns were scored here; False when they had been scored earlier in
    this process (by the 1,000's cold load) and their summaries are stored as they were.
    """
    scored = len(_PATTERN_MODELS) < PATTERNS
    if scored:
        remember_patterns(load_portfolio(library, repo, ids=ids[:PATTERNS]), ids)
    summaries = []
    for i, eid in enumerate(ids[PATTERNS:] if scored else ids, start=PATTERNS if scored else 0):
        for rank, m in enumerate(_PATTERN_MODELS[i % PATTERNS]):
            summaries.append(ScoreSummaryRecord(eid, m.model_id, m.model_version, rank, 0, SUMMARY_FORMAT, m.level,
                                                m.coverage, m.to_payload()))
    for start in range(0, len(summaries), 2000):
        repo.portfolio.put(summaries[start:start + 2000])
    return scored


def run(label: str, url: str, library, n: int) -> None:
    db = open_database(url)
    repo = Repository(db)
    try:
        t0 = time.perf_counter()
        ids = build(repo, library, n)
        built = time.perf_counter() - t0
        print(f"{label} {n:>6} engagements: built {n * PEOPLE * QUESTIONS:,} answers in {built:.1f} s")
        t0 = time.perf_counter()
        if n <= PATTERNS:
            portfolio = load_portfolio(library, repo)
            cold = time.perf_counter() - t0
            print(f"{label} {n:>6}: cold load, scoring all {portfolio.scored} through score_records: {cold:.1f} s "
                  f"({1000 * cold / n:.1f} ms per engagement)")
            if n == PATTERNS:
                remember_patterns(portfolio, ids)
        elif copy_summaries(repo, library, ids):
            print(f"{label} {n:>6}: summaries for {PATTERNS} answer patterns scored and stored for all "
                  f"{n}: {time.perf_counter() - t0:.1f} s")
        else:
            print(f"{label} {n:>6}: summaries seeded as the cache stores them, from the {PATTERNS} answer patterns "
                  f"scored by the cold load above (same answers, same scores): {time.perf_counter() - t0:.1f} s")
        warm_ms, portfolio = median_ms(lambda: load_portfolio(library, repo))
        assert portfolio.scored == 0 and len(portfolio.rows) == n
        target = 500 if n <= 1000 else 2000
        print(f"{label} {n:>6}: portfolio load (cached summaries, median of 5): {warm_ms:.0f} ms{cpu_note()}  "
              f"(target < {target} ms; a summary's domain and capability figures are decoded when first read)")
        chosen = ids[:: max(1, n // 10)][:10]
        compare_ms, comparison = median_ms(lambda: compare_engagements(library, repo, chosen))
        assert len(comparison.engagements) == 10
        print(f"{label} {n:>6}: 10-engagement comparison: {compare_ms:.0f} ms{cpu_note()}  (target < 200 ms)")
        # each on a portfolio just loaded (untimed): the figures of a summary are decoded when first read,
        # so the benchmark pays that, as it does on the screen
        def fresh():
            return load_portfolio(library, repo)

        bench_ms, bench = median_ms(lambda p: portfolio_benchmark(p, subject_id=ids[0]), 3, fresh)
        print(f"{label} {n:>6}: benchmark percentiles over {bench.group} engagements, on a portfolio just loaded: "
              f"{bench_ms:.0f} ms{cpu_note()}" + ("  (target < 500 ms)" if n <= 1000 else ""))
        filtered_ms, fb = median_ms(lambda p: portfolio_benchmark(p, subject_id=ids[0], industry="banking",
                                                                 size="small"), 3, fresh)
        print(f"{label} {n:>6}: benchmark of one industry and size ({fb.group} engagements): {filtered_ms:.0f} ms")
        people = repo.list_interviewees(ids[1])
        answer = repo.list_answers(ids[1], interviewee_id=people[0].id)[0]
        repo.save_answer(ids[1], people[0].id, answer.questionnaire_id, answer.question_id, "unknown")
        t0 = time.perf_counter()
        after = load_portfolio(library, repo)
        print(f"{label} {n:>6}: load after one answer changed (rescores {after.scored}): "
              f"{(time.perf_counter() - t0) * 1000:.0f} ms")
    finally:
        db.close()


def main() -> None:
    global PATTERNS
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--patterns", type=int, default=PATTERNS, help="distinct answer sets (fewer: a quick trial)")
    args = parser.parse_args()
    PATTERNS = args.patterns
    sizes = [int(s) for s in args.sizes.split(",")]
    library = load_content_cached()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    tmp = Path(tempfile.mkdtemp(prefix="omm-bench-portfolio-"))
    os.environ["OMM_DATA_DIR"] = str(tmp)
    try:
        for n in sizes:
            run("sqlite    ", f"sqlite:///{tmp / f'portfolio-{n}.db'}", library, n)
            for name in tmp.glob(f"portfolio-{n}.db*"):
                name.unlink()
        postgres = os.environ.get("OMM_TEST_POSTGRES_URL", "").strip()
        if not postgres:
            print("postgresql: not measured (set OMM_TEST_POSTGRES_URL)")
            return
        admin = create_engine(postgres)
        for n in sizes:
            schema = f"omm_bench_{uuid.uuid4().hex[:12]}"
            with admin.begin() as connection:
                connection.exec_driver_sql(f'create schema "{schema}"')
            try:
                url = make_url(postgres).update_query_dict({"options": f"-csearch_path={schema}"})
                run("postgresql", url.render_as_string(hide_password=False), library, n)
            finally:
                with admin.begin() as connection:
                    connection.exec_driver_sql(f'drop schema "{schema}" cascade')
        admin.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
