"""The organisation design's live work: what every edit in the Organisation tab recomputes
(check a Large design: staffing rules and the 44-activity RACI, then the view the screen and
reports read) and what an export costs (both charts, the Word and the Excel report).

The CPU milliseconds are printed too: on a shared machine the wall clock says more about
the neighbours than about the work. Targets: an edit's recomputation (validate + check + view) under 50 ms at the median, so the
RACI grid answers a keystroke at once; a Word report in a few seconds.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.content import load_content  # noqa: E402
from app.demo import large_organisation_design, medium_organisation_design  # noqa: E402
from app.planning.organisation import validate_design  # noqa: E402
from app.planning.organisation_checks import check_design  # noqa: E402
from app.planning.organisation_seed import activities  # noqa: E402
from app.reports.organisation_context import build_organisation_view  # noqa: E402
from app.reports.organisation_report import chart_pngs, write_docx, write_xlsx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(func, repeat: int, clock=time.perf_counter) -> list[float]:
    out = []
    for _ in range(repeat):
        started = clock()
        func()
        out.append((clock() - started) * 1000)
    return out


def main() -> None:
    library = load_content(ROOT)
    org_model = library.organisation_models[0]
    processes = library.model(org_model.process_model)
    acts = [a.id for a in activities(org_model, processes)]
    for label, design in (("medium", medium_organisation_design(org_model)),
                          ("large", large_organisation_design(org_model))):
        validate = timed(lambda d=design: validate_design(d), 50)
        check = timed(lambda d=design: check_design(d, org_model, acts), 50)
        view = timed(lambda d=design: build_organisation_view(d, org_model, processes, "zh"), 50)
        edit = [a + b + c for a, b, c in zip(validate, check, view, strict=True)]
        v = build_organisation_view(design, org_model, processes, "zh")
        charts = timed(lambda d=design, vv=v: chart_pngs(vv, d), 3)
        charts_cpu = timed(lambda d=design, vv=v: chart_pngs(vv, d), 3, time.process_time)
        pngs = chart_pngs(v, design)
        docx = timed(lambda vv=v, pp=pngs: write_docx(vv, pp, io.BytesIO()), 3)
        docx_cpu = timed(lambda vv=v, pp=pngs: write_docx(vv, pp, io.BytesIO()), 3, time.process_time)
        xlsx = timed(lambda vv=v: write_xlsx(vv, io.BytesIO()), 3)
        print(f"{label:<6} teams {len(design.current.teams)}+{len(design.target.teams)}  "
              f"validate {statistics.median(validate):6.1f} ms  check {statistics.median(check):6.1f} ms  "
              f"view {statistics.median(view):6.1f} ms  edit total {statistics.median(edit):6.1f} ms (median), "
              f"{max(edit):6.1f} ms (max)")
        print(f"{'':<6} charts {statistics.median(charts):7.0f} ms  word {statistics.median(docx):6.0f} ms  "
              f"excel {statistics.median(xlsx):6.0f} ms  (CPU: charts {min(charts_cpu):5.0f} ms, "
              f"word without charts {min(docx_cpu):5.0f} ms)")


if __name__ == "__main__":
    main()
