"""The Processes tab opening an engagement: how long the window is held, and how long until the book shows.

Creates the demo engagements from the shipped content in a temporary database and opens the
process-optimisation engagement with the most answers in a ``ProcessesTab`` (offscreen):
the time ``load()`` keeps the UI thread (the book is read in the background), the time until
the book is on screen, and ``load_book`` itself for comparison. Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.content import load_content  # noqa: E402
from app.demo import create_demo  # noqa: E402
from app.services import processes as service  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.repository import EngagementFilter, Repository  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
SERVICE = "process-optimisation"


def main() -> None:
    from PySide6.QtCore import QEventLoop

    from app.ui.application import create_application
    from app.ui.context import AppContext
    from app.ui.processes import ProcessesTab
    from app.ui.settings import use_settings_folder

    library = load_content(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        use_settings_folder(tmp)
        repo = Repository(open_database(f"sqlite:///{Path(tmp) / 'demo.db'}"))
        create_demo(library, repo)
        rows = [r for r in repo.list_engagements(EngagementFilter())
                if any(s.service_id == SERVICE for s in repo.get_engagement(r.id).services)]
        engagement = max(rows, key=lambda r: r.answer_count)
        create_application()
        tab = ProcessesTab(AppContext(library, repo, "en"))
        tab.resize(1366, 768)
        tab.show()
        reads, held, shown = [], [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            service.load_book(library, repo, engagement.id)
            reads.append(time.perf_counter() - started)
        loop = QEventLoop()
        tab.loaded.connect(lambda _engagement_id: loop.quit())
        for _ in range(RUNS):
            started = time.perf_counter()
            tab.load(engagement.id)
            held.append(time.perf_counter() - started)
            loop.exec()  # the event loop runs inside Qt until the book is shown
            shown.append(time.perf_counter() - started)
        tab.close()
        repo.db.close()
    print(f"Processes tab, {engagement.name} ({engagement.answer_count} answers), {RUNS} runs, median (best):")
    for label, values in (("load_book (a worker's read)", reads), ("UI thread held by load()", held),
                          ("until the book is on screen", shown)):
        print(f"  {label:<30} {statistics.median(values) * 1000:8.1f} ms  ({min(values) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
