"""Exporting and importing an engagement with 500 MB of evidence, against a plain copy of the same files.

Targets (issue 17): peak memory under 200 MB; time within 2x a plain copy of the files
(3x with a password). Each measured step runs in a subprocess of its own, so its peak
resident memory (``ru_maxrss``) is its own; "baseline" is the same subprocess doing
nothing but the imports and opening the database. The evidence is generated under a
temporary folder and removed at the end.

    .venv/bin/python bench/bench_packages.py [--mb 500]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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
        started = time.perf_counter()
        if step == "export":
            packages.export_engagement(repo, args["engagement"], Path(args["out"]), password=args.get("password"))
        elif step == "import":
            packages.import_package(repo, Path(args["package"]), password=args.get("password"))
        elif step != "baseline":
            raise SystemExit(f"unknown step {step}")
        repo.db.close()
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=500)
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
        copy = _child("copy", {"files": stored, "target": str(tmp / "plain-copy"), "data": str(data)})
        shutil.rmtree(tmp / "plain-copy")
        synced = _child("copy+fsync", {"files": stored, "target": str(tmp / "plain-copy"), "data": str(data)})
        shutil.rmtree(tmp / "plain-copy")
        print(f"baseline process (imports + open database): peak {base['peak_mb']:.0f} MB")
        print(f"plain copy of the evidence files: {copy['seconds']:.2f} s, peak {copy['peak_mb']:.0f} MB")
        print(f"plain copy + fsync: {synced['seconds']:.2f} s")
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
                ratio = figures["seconds"] / copy["seconds"]
                print(f"{step:<6} {label:<8}: {figures['seconds']:.2f} s = {ratio:.2f}x the plain copy, "
                      f"{figures['seconds'] / synced['seconds']:.2f}x copy+fsync "
                      f"(target <= {limit}x: {'ok' if ratio <= limit else 'OVER'}), peak {figures['peak_mb']:.0f} MB "
                      f"(target < 200 MB: {'ok' if figures['peak_mb'] < 200 else 'OVER'})")
            print(f"package {label}: {out.stat().st_size / 1e6:.0f} MB")
            out.unlink()
            shutil.rmtree(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
