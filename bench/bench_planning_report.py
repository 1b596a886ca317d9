"""The planning report (Word and Excel) for every demo engagement that bought the planning service.

Creates the demo engagements in a temporary database and times ``build_report`` with
kind ``planning`` stage by stage: reading, scoring and analysing the plan, building the
context, drawing the charts (matrix, Gantt parts, evolution) and rendering. Target:
under 3 s for each report. The CPU seconds of the process are printed too: on a shared
machine the wall clock says more about the neighbours than about the report.
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
from app.services.planning import planning_size  # noqa: E402
from app.services.reports import Timings, build_report  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.repository import EngagementFilter, Repository  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
TARGET_SECONDS = 3.0


def main() -> None:
    library = load_content(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(open_database(f"sqlite:///{Path(tmp) / 'bench.db'}"))
        create_demo(library, repo)
        for summary in repo.list_engagements(EngagementFilter(include_archived=True)):
            engagement = repo.get_engagement(summary.id)
            size = planning_size(engagement)
            if size is None:
                continue
            for lang in ("en", "zh"):
                for suffix in (".docx", ".xlsx"):
                    runs: list[Timings] = []
                    cpu: list[float] = []
                    for i in range(RUNS):
                        timings = Timings()
                        started = time.process_time()
                        out = build_report(library, repo, engagement.id, "planning",
                                           Path(tmp) / f"planning-{i}{suffix}", lang, timings=timings)
                        cpu.append(time.process_time() - started)
                        runs.append(timings)
                    best = min(runs, key=lambda t: t.total)
                    median = statistics.median(t.total for t in runs)
                    verdict = "ok" if median < TARGET_SECONDS else "SLOW"
                    print(f"{engagement.name[:44]:<44} {size:<6} {lang} {suffix:<5}  median {median:5.2f} s  "
                          f"(read+plan {best.gather:.2f}, context {best.context:.2f}, charts {best.charts:.2f} "
                          f"[{best.chart_count}], render {best.render:.2f}; CPU {min(cpu):.2f} s)  "
                          f"{out.stat().st_size / 1024:.0f} KB  "
                          f"target < {TARGET_SECONDS:g} s: {verdict}")


if __name__ == "__main__":
    main()
