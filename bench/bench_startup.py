"""Start-up: process start to the first painted main window, against a bare PySide6 window.

Both are started the same way, in the same run: a fresh interpreter running this file
with ``--child``, several times, alternating, after one discarded warm-up each. The
parent notes the wall-clock time just before starting the process; the child prints
the time its window has painted once. The workbench opens the demo database
(created beforehand). Byte code is cached (in a temporary folder) as it would be on
a user's machine, even where PYTHONDONTWRITEBYTECODE is set. Printed: the median of each, their ratio (target <= 1.5) and,
for the workbench, the time until the engagement list is filled (database and
content loaded in the background after the first paint).

    .venv/bin/python bench/bench_startup.py [--runs 7] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _watch_first_paint(window, on_painted) -> None:
    """Call ``on_painted`` once, when the event loop is idle after the window's first paint."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        done = False

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, on_painted)
            return False

    watcher = Watcher(window)
    window.installEventFilter(watcher)


def child(kind: str, db_url: str | None, settings_dir: str) -> int:
    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1280, 800)

        def painted() -> None:
            print(f"painted {time.time():.6f}", flush=True)
            app.quit()

        _watch_first_paint(window, painted)
        window.show()
        return app.exec()

    sys.path.insert(0, str(ROOT))
    from app.ui.settings import use_settings_folder

    use_settings_folder(settings_dir)
    from PySide6.QtCore import QTimer

    from app.ui.application import create_application, start

    create_application()
    app, window = start(db_url, None)

    def painted() -> None:
        print(f"painted {time.time():.6f}", flush=True)

    def ready() -> None:
        print(f"ready {time.time():.6f} {window.list_page.model.rowCount()}", flush=True)
        app.quit()

    _watch_first_paint(window, painted)
    window.context_ready.connect(ready)
    QTimer.singleShot(60_000, app.quit)
    code = app.exec()
    if window.context is not None:
        window.context.repo.db.close()
    return code


def measure(kind: str, db_url: str, settings_dir: str, env: dict[str, str]) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--db", db_url,
               "--settings", settings_dir]
    started = time.time()
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    times: dict[str, float] = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in ("painted", "ready"):
            times[parts[0]] = float(parts[1]) - started
            if parts[0] == "ready":
                times["rows"] = float(parts[2])
    if "painted" not in times:
        raise SystemExit(f"{kind} child failed:\n{result.stdout}\n{result.stderr}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="database to open (default: a demo database made for the bench)")
    parser.add_argument("--child", choices=["bare", "omm"], help=argparse.SUPPRESS)
    parser.add_argument("--settings", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.child:
        return child(args.child, args.db, args.settings)

    with tempfile.TemporaryDirectory(prefix="omm-bench-startup-") as tmp:
        db_url = args.db or f"sqlite:///{Path(tmp) / 'demo.db'}"
        # Children run as on a user's machine: byte code cached (here in the bench's own folder,
        # whatever PYTHONDONTWRITEBYTECODE says), content cache warm after the first start.
        env = dict(os.environ, OMM_DATA_DIR=tmp, OMM_CACHE_DIR=str(Path(tmp) / "cache"),
                   PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if not args.db:
            made = subprocess.run([sys.executable, "-m", "app.cli", "demo", "--db", db_url], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=600)
            if made.returncode != 0:
                print(f"warning: omm demo failed, timing an empty database:\n{made.stderr}", file=sys.stderr)
        settings = str(Path(tmp) / "settings")
        measure("bare", db_url, settings, env)  # warm-up: disk cache, .pyc files, the content cache
        measure("omm", db_url, settings, env)
        bare: list[float] = []
        painted: list[float] = []
        ready: list[float] = []
        rows = 0.0
        for _ in range(args.runs):
            bare.append(measure("bare", db_url, settings, env)["painted"])
            run = measure("omm", db_url, settings, env)
            painted.append(run["painted"])
            if "ready" in run:
                ready.append(run["ready"])
                rows = run["rows"]
    m_bare, m_omm = statistics.median(bare), statistics.median(painted)
    print(f"start-up to first painted window, median of {args.runs} runs ({os.environ['QT_QPA_PLATFORM']}):")
    print(f"  bare PySide6 QMainWindow   {m_bare * 1000:7.0f} ms   (min {min(bare) * 1000:.0f}, "
          f"max {max(bare) * 1000:.0f})")
    print(f"  omm main window            {m_omm * 1000:7.0f} ms   (min {min(painted) * 1000:.0f}, "
          f"max {max(painted) * 1000:.0f})")
    print(f"  ratio                      {m_omm / m_bare:7.2f}      (target <= 1.5)")
    if ready:
        print(f"  omm list filled            {statistics.median(ready) * 1000:7.0f} ms   "
              f"({rows:.0f} engagements; database and content loaded after the first paint)")
    else:
        print("  omm list filled            never: the workspace did not open (see omm --demo)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
