"""The process specifications report (Word, then Excel) and the template set on the demo engagement.

Creates the demo engagements from the shipped content in a temporary database, picks the
process-optimisation engagement with the most answers (the fully worked demo) and times
``build_report`` stage by stage: reading the process book (specifications, assessment),
building the view, drawing the seven flow diagrams, rendering and saving. Then the Excel
workbook and the eight templates. Prints figures; asserts nothing.
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
from app.services.reports import Timings, build_report  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.repository import EngagementFilter, Repository  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
SERVICE = "process-optimisation"


def _line(label: str, runs: list[Timings], out: Path) -> str:
    best = min(runs, key=lambda t: t.total)
    median = statistics.median(t.total for t in runs)
    size = (sum(p.stat().st_size for p in out.iterdir()) if out.is_dir() else out.stat().st_size) / 1024
    return (f"{label:<28} median {median:6.2f} s  best {best.total:6.2f} s  (gather {best.gather:.2f}, "
            f"context {best.context:.2f}, charts {best.charts:.2f} for {best.chart_count}, render {best.render:.2f}, "
            f"save {best.save:.2f})  {size:,.0f} KB")


def main() -> None:
    library = load_content(ROOT)
    if not library.ok:
        print("the shipped content has problems:", *library.problems[:5], sep="\n  ")
        raise SystemExit(1)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(open_database(f"sqlite:///{Path(tmp) / 'bench.db'}"))
        started = time.perf_counter()
        create_demo(library, repo)
        print(f"demo data: {time.perf_counter() - started:.1f} s")
        candidates = [e for e in repo.list_engagements(EngagementFilter(include_archived=True))
                      if SERVICE in {s.service_id for s in repo.get_engagement(e.id).services}]
        if not candidates:
            print("no demo engagement buys process optimisation")
            raise SystemExit(1)
        engagement = max(candidates, key=lambda e: e.answer_count)
        print(f"engagement: {engagement.name} ({engagement.interviewee_count} interviewees, "
              f"{engagement.answer_count} answers)")
        for lang in ("en", "zh"):
            for label, kind, suffix in (("Word report", "processes", ".docx"), ("Excel workbook", "processes", ".xlsx"),
                                        ("template set (8 files)", "process-templates", "")):
                runs: list[Timings] = []
                out = Path(tmp)
                for i in range(RUNS):
                    timings = Timings()
                    out = build_report(library, repo, engagement.id, kind, Path(tmp) / f"{kind}-{lang}-{i}{suffix}",
                                       lang, timings=timings)
                    runs.append(timings)
                print(_line(f"{label} [{lang}]", runs, out))
        repo.db.close()


if __name__ == "__main__":
    main()
