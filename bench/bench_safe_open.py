"""What the safety checks cost: opening a database (read-only inspection and quick_check before
WAL) as it grows, and reading the content cache (JSON validated by the schemas, no pickle)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.content.loader import load_content, load_content_cached  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.repository import Repository  # noqa: E402


def median_ms(action, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "omm.db"
        repo = Repository(open_database(str(path)))
        customer = repo.create_customer("Bench Co")
        engagement = repo.create_engagement(customer.id, "Bench")
        people = [repo.add_interviewee(engagement.id, f"Person {i}", "sre") for i in range(20)]
        written = 0
        for target in (1_000, 20_000, 100_000):
            while written < target:
                person = people[written % len(people)]
                repo.save_answer(engagement.id, person.id, "q", f"question-{written:06d}", "given", "3",
                                 confidence="high", answered_by="Bench")
                written += 1
            size = path.stat().st_size / 1e6
            ms = median_ms(lambda: open_database(str(path), create=False).close())
            print(f"open_database with {target:>7,} answers ({size:5.1f} MB): {ms:7.1f} ms median")
        repo.db.close()
        cache = Path(tmp) / "cache"
        load_content_cached(None, cache_dir=cache)  # writes the cache
        fresh = median_ms(lambda: load_content(None), runs=3)
        cached = median_ms(lambda: load_content_cached(None, cache_dir=cache))
        print(f"content: parsed and validated {fresh:7.1f} ms; from the JSON cache {cached:7.1f} ms (median)")


if __name__ == "__main__":
    main()
