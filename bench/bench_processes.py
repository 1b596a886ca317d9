"""Process specifications: what the Processes tab and ``omm process`` pay.

- an edit in the tab: validate the spec (the document round trip) + check all seven (the circular
  interface check spans them) — target under 30 ms at the median, so a keystroke never lags;
- opening the tab: ``load_book`` (score the engagement, the diagnosis findings, seven specs seeded or
  read, their checks) on the worked Large demo engagement — target under 1.5 s;
- seeding and storing all seven in one unit of work;
- one autosave (``save_spec``) of one process.

Run: ``.venv/bin/python bench/bench_processes.py`` (builds a demo database in a temporary folder).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.content import load_content  # noqa: E402
from app.demo import PROCESS_ENGAGEMENT, create_demo  # noqa: E402
from app.planning.process_checks import check_book  # noqa: E402
from app.planning.processes import validate_spec  # noqa: E402
from app.services import processes  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.repository import Repository  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(func, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    library = load_content(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(open_database(f"sqlite:///{Path(tmp) / 'omm.db'}", create=True))
        started = time.perf_counter()
        create_demo(library, repo)
        print(f"demo database built in {time.perf_counter() - started:.1f} s")
        engagement = next(e for e in repo.list_engagements() if e.name == PROCESS_ENGAGEMENT)
        book = processes.load_book(library, repo, engagement.id)
        specs = {pid: s.spec for pid, s in book.specs.items()}
        edit = timed(lambda: (validate_spec(specs["change"]), check_book(specs, book.catalogue)), 50)
        activities = sum(len(s.activities) for s in specs.values())
        kpis = sum(len(s.kpis) for s in specs.values())
        print(f"edit (validate + check 7 specs, {activities} activities, {kpis} KPIs): "
              f"{statistics.median(edit):6.1f} ms median, {max(edit):6.1f} ms max")
        load = timed(lambda: processes.load_book(library, repo, engagement.id), 5)
        print(f"load_book (Large, all seven deep dives answered): {statistics.median(load):6.0f} ms median, "
              f"{max(load):6.0f} ms max")
        other = next(e for e in repo.list_engagements() if e.name != PROCESS_ENGAGEMENT)
        seed = timed(lambda: processes.seed(library, repo, other.id, replace=True), 3)
        print(f"seed + store all seven in one unit of work: {statistics.median(seed):6.0f} ms median")
        version = processes.load_spec(library, repo, engagement.id, "incident").version
        draft = specs["incident"].copy()
        draft.status = "draft"  # what an edit in the tab saves (approved ones are checked in full first)

        def save() -> None:
            nonlocal version
            version = processes.save_spec(library, repo, engagement.id, draft,
                                          expected_version=version)

        saves = timed(save, 20)
        print(f"autosave of one specification: {statistics.median(saves):6.1f} ms median, {max(saves):6.1f} ms max")
        repo.db.close()


if __name__ == "__main__":
    main()
