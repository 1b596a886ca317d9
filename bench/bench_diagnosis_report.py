"""The diagnosis report with findings, executive summary and baseline comparison, on the largest demo engagement.

Creates the demo engagements from the shipped content in a temporary database, picks the
re-assessment with the most answers (its baseline is in the same database) and times
``build_report(kind="diagnosis")`` stage by stage, with the diagnosis part of reading
(stored findings, policies and summary; scoring the baseline and comparing) shown apart.
Every run starts with an empty figure cache. Target: under 2 s for the Word report.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.content import load_content  # noqa: E402
from app.demo import create_demo  # noqa: E402
from app.reports.api import clear_chart_cache  # noqa: E402
from app.services import findings as diagnosis  # noqa: E402
from app.services.reports import Timings, build_report  # noqa: E402
from app.services.results import score_engagement  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.repository import EngagementFilter, Repository  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
TARGET_SECONDS = 2.0


def main() -> None:
    library = load_content(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(open_database(f"sqlite:///{Path(tmp) / 'bench.db'}"))
        create_demo(library, repo)
        rows = repo.list_engagements(EngagementFilter(include_archived=True))
        with_baseline = [e for e in rows if repo.get_engagement(e.id).previous_engagement_id]
        largest = max(with_baseline or rows, key=lambda e: e.answer_count)
        scores = score_engagement(library, repo, largest.id)
        stored = diagnosis.load_diagnosis(library, repo, scores)
        print(f"engagement: {largest.name} ({largest.interviewee_count} interviewees, {largest.answer_count} answers; "
              f"{len(stored.findings)} findings, {sum(f.approved for f in stored.findings)} approved, "
              f"{len(stored.policies)} policies, summary {'yes' if stored.summary else 'no'}, "
              f"baseline {'yes' if repo.get_engagement(largest.id).previous_engagement_id else 'no'})")
        parts: dict[str, list[float]] = {"diagnosis documents": [], "baseline scoring + deltas": []}
        runs: list[Timings] = []
        for i in range(RUNS):
            started = time.perf_counter()
            diagnosis.load_diagnosis(library, repo, scores)
            parts["diagnosis documents"].append(time.perf_counter() - started)
            started = time.perf_counter()
            diagnosis.baseline_comparisons(library, repo, scores)
            parts["baseline scoring + deltas"].append(time.perf_counter() - started)
            timings = Timings()
            clear_chart_cache()
            build_report(library, repo, largest.id, "diagnosis", Path(tmp) / f"diagnosis-{i}.docx", "en",
                         timings=timings)
            runs.append(timings)
        best = min(runs, key=lambda t: t.total)
        median = statistics.median(t.total for t in runs)
        print(f"\ndiagnosis report .docx: best {best.total:.2f} s, median {median:.2f} s over {RUNS} runs "
              f"({best.chart_count} charts)  target < {TARGET_SECONDS:.0f} s: "
              f"{'met' if best.total < TARGET_SECONDS else 'MISSED'}")
        for label, value in (("read + score", best.gather), ("context", best.context), ("charts", best.charts),
                             ("template render", best.render), ("save", best.save)):
            print(f"  {label:<26} {value:6.2f} s  {100 * value / best.total:5.1f} %")
        print("  of which, inside read + score:")
        for label, values in parts.items():
            print(f"    {label:<24} {min(values):6.3f} s")
        repo.db.close()


if __name__ == "__main__":
    main()
