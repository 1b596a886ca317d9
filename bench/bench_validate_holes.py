"""``omm validate`` on each kind of broken content: wall time and peak memory per case.

Each case of ``tests/test_content_holes.py`` (huge integers, .inf, duplicate keys, an
alias bomb...) is applied to a fresh copy of the fixture content, and ``omm validate
--content`` runs in a child process; printed: exit code, seconds and the child's peak
resident memory (target: exit 1, under 2 s and 200 MB each). The alias bomb once took
31 s and 4.2 GB.

    .venv/bin/python bench/bench_validate_holes.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_content_holes import CASES, FIXTURE  # noqa: E402


def run(root: Path) -> tuple[int, float, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "validate", "--content", str(root)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return os.waitstatus_to_exitcode(status), elapsed, cpu, usage.ru_maxrss / 1024


def main() -> int:
    print(f"{'case':<20} {'exit':>4} {'wall s':>7} {'CPU s':>6} {'peak MB':>8}")
    worst_time = worst_mem = 0.0
    for name, (breaks, *_rest) in [("(clean fixture)", (lambda root: None,)), *CASES.items()]:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "content"
            shutil.copytree(FIXTURE, root)
            breaks(root)
            code, seconds, cpu, mb = run(root)
        worst_time, worst_mem = max(worst_time, seconds), max(worst_mem, mb)
        print(f"{name:<20} {code:>4} {seconds:>7.2f} {cpu:>6.2f} {mb:>8.1f}")
    print(f"worst: {worst_time:.2f} s, {worst_mem:.0f} MB (target < 2 s, < 200 MB; the clean fixture's figure is the interpreter's own start)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
