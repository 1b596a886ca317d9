"""Exporting and importing an engagement with 500 MB of evidence, against a plain copy of the same files.

Targets (issue 17): peak memory under 200 MB; time within 2x a plain copy of the files
(3x with a password). The copy that counts is "copy + fsync": the same bytes copied
file by file (shutil.copyfile, the kernel's own copy) and flushed to disk, as a package
and an imported evidence folder are. Each measured step runs in a subprocess of its
own, so its peak resident memory (``ru_maxrss``) and CPU seconds are its own; "baseline"
is the same subprocess doing nothing but the imports and opening the database. Before
each step the disk is synced (no earlier step's writes pending) and every input is in
the page cache (the evidence was just written; each package is read right after it
was written). Each round measures the copies and the four steps one after the other,
so that they share the machine's load; the last lines give the median over the rounds.
The evidence is generated under a temporary folder and removed at the end.

    .venv/bin/python bench/bench_packages.py [--mb 500] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench password 2026"
FILE_MB = 100  # the repository takes files up to 200 MB each


def _child(step: str, args: dict) -> dict:
    """Run one step in a fresh interpreter; its seconds and peak RSS."""
    proc = subprocess.run([sys.executable, __file__, "--child", step, json.dumps(args)], capture_output=True,
                          text=True, env={**os.environ, "OMM_DATA_DIR": args["data"]})
    if proc.returncode != 0:
        raise SystemExit(f"{step} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def child(step: str, args: dict) -> None:
    from app.services import packages
    from app.storage.database import open_database
    from app.storage.repository import Repository

    os.sync()  # no earlier step's writes still on their way to the disk
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    if step in ("copy", "copy+fsync"):
        target = Path(args["target"])
        target.mkdir()
        for name in args["files"]:
            shutil.copyfile(name, target / Path(name).name)
            if step == "copy+fsync":  # as the package is written: on disk before it is renamed into place
                fd = os.open(target / Path(name).name, os.O_RDONLY)
                os.fsync(fd)
                os.close(fd)
    else:
        repo = Repository(open_database(args["db"], create=step == "import"))
        os.sync()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu_before = usage.ru_utime + usage.ru_stime
        started = time.perf_counter()
        if step == "export":
            packages.export_engagement(repo, args["engagement"], Path(args["out"]), password=args.get("password"))
        elif step == "import":
            packages.import_package(repo, Path(args["package"]), password=args.get("password"))
        elif step != "baseline":
            raise SystemExit(f"unknown step {step}")
        repo.db.close()
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime - cpu_before,
                      "peak_mb": usage.ru_maxrss / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2)
    options = parser.parse_args()
    if options.child:
        child(options.child[0], json.loads(options.child[1]))
        return

    from app.storage.database import open_database
    from app.storage.records import ContentRef, ServiceChoice
    from app.storage.repository import Repository

    tmp = Path(tempfile.mkdtemp(prefix="omm-bench-packages-", dir="/tmp"))
    data = tmp / "data"
    os.environ["OMM_DATA_DIR"] = str(data)
    try:
        source = tmp / "laptop-a"
        source.mkdir()
        db_a = f"sqlite:///{source / 'omm.db'}"
        repo = Repository(open_database(db_a))
        customer = repo.create_customer("Bench Bank", "Banking", 200, 20)
        engagement = repo.create_engagement(customer.id, "Bench 2026", services=[ServiceChoice("diagnosis-basic")],
                                            content=[ContentRef("model", "mini", "1.0")])
        people = [repo.add_interviewee(engagement.id, f"Person {i}", "sre") for i in range(5)]
        for person in people:
            for q in range(150):
                repo.save_answer(engagement.id, person.id, "mini-q", f"q{q}", "given", str(q % 5 + 1))
        incoming = tmp / "incoming"
        incoming.mkdir()
        remaining = options.mb
        n = 0
        block = os.urandom(1 << 20)  # incompressible, like the scans and exports consultants collect
        while remaining > 0:
            size = min(FILE_MB, remaining)
            path = incoming / f"evidence-{n:02d}.bin"
            with path.open("wb") as out:
                for i in range(size):
                    out.write(bytes([i % 256, n]) + block[2:])
            repo.add_evidence_file(engagement.id, path, title=path.name)
            path.unlink()
            remaining -= size
            n += 1
        stored = [str(repo.evidence_path(x)) for x in repo.list_evidence(engagement.id)]
        total_mb = sum(Path(x).stat().st_size for x in stored) / 1e6
        repo.db.close()
        print(f"engagement: 5 interviewees, 750 answers, {len(stored)} evidence files, {total_mb:.0f} MB of evidence")
        load = os.getloadavg()[0]
        print(f"(page cache warm: the files were just written; {os.cpu_count()} CPUs, load average {load:.1f})")

        base = _child("baseline", {"db": db_a, "data": str(data)})
        print(f"baseline process (imports + open database): peak {base['peak_mb']:.0f} MB")
        ratios: dict[str, list[float]] = {}
        seconds: dict[str, list[float]] = {}
        peaks: dict[str, float] = {}
        for round_no in range(1, options.rounds + 1):
            copy = _child("copy", {"files": stored, "target": str(tmp / "plain-copy"), "data": str(data)})
            shutil.rmtree(tmp / "plain-copy")
            synced = _child("copy+fsync", {"files": stored, "target": str(tmp / "plain-copy"), "data": str(data)})
            shutil.rmtree(tmp / "plain-copy")
            print(f"round {round_no}: plain copy {copy['seconds']:.2f} s (cpu {copy['cpu']:.2f} s), "
                  f"copy + fsync {synced['seconds']:.2f} s (cpu {synced['cpu']:.2f} s), "
                  f"load average {os.getloadavg()[0]:.1f}")
            seconds.setdefault("copy", []).append(copy["seconds"])
            seconds.setdefault("copy+fsync", []).append(synced["seconds"])
            for label, password in (("plain", None), ("password", PASSWORD)):
                out = tmp / f"bench-{label}.omm"
                exported = _child("export", {"db": db_a, "engagement": engagement.id, "out": str(out),
                                             "password": password, "data": str(data)})
                target = tmp / f"laptop-b-{label}"
                target.mkdir()
                imported = _child("import", {"db": f"sqlite:///{target / 'omm.db'}", "package": str(out),
                                             "password": password, "data": str(data)})
                limit = 2 if password is None else 3
                for step, figures in (("export", exported), ("import", imported)):
                    key = f"{step} {label}"
                    ratio = figures["seconds"] / synced["seconds"]
                    ratios.setdefault(key, []).append(ratio)
                    seconds.setdefault(key, []).append(figures["seconds"])
                    peaks[key] = max(peaks.get(key, 0.0), figures["peak_mb"])
                    print(f"round {round_no}: {step:<6} {label:<8}: {figures['seconds']:.2f} s "
                          f"(cpu {figures['cpu']:.2f} s) = {ratio:.2f}x copy+fsync "
                          f"(target <= {limit}x: {'ok' if ratio <= limit else 'OVER'}), "
                          f"{figures['seconds'] / copy['seconds']:.2f}x the copy without fsync, "
                          f"peak {figures['peak_mb']:.0f} MB")
                if round_no == 1:
                    print(f"package {label}: {out.stat().st_size / 1e6:.0f} MB")
                out.unlink()
                shutil.rmtree(target)
        print(f"median of {options.rounds} round(s): plain copy {statistics.median(seconds['copy']):.2f} s, "
              f"copy + fsync {statistics.median(seconds['copy+fsync']):.2f} s")
        for key, values in ratios.items():
            limit = 3 if "password" in key else 2
            ratio = statistics.median(values)
            print(f"median of {options.rounds} round(s): {key:<15}: {statistics.median(seconds[key]):.2f} s = "
                  f"{ratio:.2f}x copy+fsync (target <= {limit}x: {'ok' if ratio <= limit else 'OVER'}), "
                  f"peak {peaks[key]:.0f} MB (target < 200 MB: {'ok' if peaks[key] < 200 else 'OVER'})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
