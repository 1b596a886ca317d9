"""Saving one answer through the repository vs a raw sqlite3 insert+commit of the same row.

Both run in the same process on files in the same temporary directory, with the same
pragmas (WAL, synchronous=NORMAL), so the ratio measures our overhead, not the disk.
Target: ratio <= 3 at the median.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.storage.database import open_database  # noqa: E402
from app.storage.repository import Repository  # noqa: E402

N = 2000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="omm-bench-"))
    db = open_database(f"sqlite:///{tmp / 'omm.db'}")
    repo = Repository(db)
    customer = repo.create_customer("Bench Co")
    engagement = repo.create_engagement(customer.id, "Bench")
    person = repo.add_interviewee(engagement.id, "Ann", "sre")

    raw = sqlite3.connect(tmp / "raw.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=NORMAL")
    raw.execute("PRAGMA foreign_keys=ON")
    raw.execute(
        "create table answers (id text primary key, engagement_id text, interviewee_id text, questionnaire_id text,"
        " question_id text, status text, value text, note text, confidence text, follow_up int,"
        " answered_by text, answered_at text, unique (interviewee_id, questionnaire_id, question_id))")

    ours: list[float] = []
    baseline: list[float] = []
    for i in range(N):
        qid = f"q{i % 400}"  # both inserts and updates, as in a real interview
        t0 = time.perf_counter()
        repo.save_answer(engagement.id, person.id, "diagnosis-basic", qid, "given", str(i % 6),
                         confidence="medium", answered_by="Elena")
        t1 = time.perf_counter()
        raw.execute("begin")
        raw.execute(
            "insert into answers values (?,?,?,?,?,?,?,?,?,?,?,?) on conflict (interviewee_id, questionnaire_id,"
            " question_id) do update set status=excluded.status, value=excluded.value,"
            " confidence=excluded.confidence, answered_at=excluded.answered_at",
            (str(uuid.uuid4()), engagement.id, person.id, "diagnosis-basic", qid, "given", str(i % 6), "",
             "medium", 0, "Elena", datetime.now().isoformat()))
        raw.execute("commit")
        t2 = time.perf_counter()
        ours.append((t1 - t0) * 1000)
        baseline.append((t2 - t1) * 1000)
    ours, baseline = ours[100:], baseline[100:]  # drop warm-up (statement caches, page cache)
    med_ours, med_raw = statistics.median(ours), statistics.median(baseline)
    print(f"save one answer ({len(ours)} saves, SQLite WAL, synchronous=NORMAL)")
    print(f"  omm repository : median {med_ours:.3f} ms   p99 {percentile(ours, 99):.3f} ms")
    print(f"  raw sqlite3    : median {med_raw:.3f} ms   p99 {percentile(baseline, 99):.3f} ms")
    print(f"  ratio (median) : {med_ours / med_raw:.2f}   (target <= 3)")
    print(f"  ratio (p99)    : {percentile(ours, 99) / percentile(baseline, 99):.2f}")
    db.close()


if __name__ == "__main__":
    main()
