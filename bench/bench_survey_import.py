"""Importing 50 filled survey workbooks of about 90 questions each, all or nothing.

The forms are exported from the shipped content (the largest role track of the
assessment-and-planning service, over 90 questions), filled with openpyxl as
respondents would (every answer picked from the drop-down's list, numbers typed, a
note on every fifth question, rows sorted), then imported with ``omm survey import``'s
use case. Filling is set-up, not timed. Target: the import of all 50 under 10 s. Wall and CPU time are both printed: on a
shared machine the wall time includes waiting for a processor.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import load_workbook  # noqa: E402

from app.content import load_content  # noqa: E402
from app.services.engagements import content_for_services  # noqa: E402
from app.services.surveys import check_surveys, export_survey, import_surveys  # noqa: E402
from app.storage.database import open_database  # noqa: E402
from app.storage.records import ServiceChoice  # noqa: E402
from app.storage.repository import Repository  # noqa: E402

FORMS = 50
TARGET_S = 10.0
ROOT = Path(__file__).resolve().parent.parent


def fill(form: Path, out: Path, n: int, rng: random.Random) -> None:
    wb = load_workbook(form)
    lists = wb["lists"]
    ws = wb.worksheets[1]
    for key, value in (("name", f"Respondent {n:02d}"), ("title", "Engineer"), ("department", "Operations")):
        sheet, ref = next(iter(wb.defined_names[f"omm_respondent_{key}"].destinations))
        wb[sheet][ref.replace("$", "")] = value
    choices: dict[str, list[str]] = {}
    for dv in ws.data_validations.dataValidation:
        for rng_ in dv.sqref.ranges:
            for row in range(rng_.min_row, rng_.max_row + 1):
                if dv.type == "list":
                    column = dv.formula1.split("!")[1].split(":")[0].replace("$", "")[0]
                    choices[f"H{row}"] = [c.value for c in lists[column] if c.value]
                else:  # a number within the bounds the validation states
                    low = re.search(r">=(-?[\d.]+)", dv.formula1)
                    high = re.search(r"<=(-?[\d.]+)", dv.formula1)
                    choices[f"H{row}"] = (float(low.group(1)) if low else 0.0,
                                          float(high.group(1)) if high else 20.0)
    for ref, options in choices.items():
        if isinstance(options, tuple):
            ws[ref] = round(rng.uniform(*options))
        else:
            ws[ref] = rng.choice(options)
        if int(ref[1:]) % 5 == 0:
            ws[f"I{ref[1:]}"] = f"note from respondent {n} on {ref}"
    rows = [[ws.cell(r, c).value for c in range(1, 10)] for r in range(5, ws.max_row + 1)]
    rng.shuffle(rows)
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value
    wb.save(out)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="omm-bench-survey-"))
    library = load_content(ROOT)
    db = open_database(f"sqlite:///{tmp / 'omm.db'}")
    repo = Repository(db)
    customer = repo.create_customer("Bench Co")
    services = [ServiceChoice("assessment-planning", "medium")]
    engagement = repo.create_engagement(customer.id, "Bench survey", services=services,
                                        content=content_for_services(library, services))
    started = time.perf_counter()
    form = export_survey(library, repo, engagement.id, "om_manager", tmp / "form.xlsx", "en")
    export_s = time.perf_counter() - started
    questions = load_workbook(form)["omm"]
    count = next(int(questions[f"B{r}"].value) for r in range(1, 20) if questions[f"A{r}"].value == "question_count")
    rng = random.Random(7)
    files = []
    for n in range(FORMS):
        out = tmp / f"filled-{n:02d}.xlsx"
        fill(form, out, n, rng)
        files.append(out)

    started, cpu = time.perf_counter(), time.process_time()
    checked = check_surveys(library, repo, engagement.id, files)
    check_s, check_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert checked.ok, checked.problem_lines()[:5]

    started, cpu = time.perf_counter(), time.process_time()
    result = import_surveys(library, repo, engagement.id, files)
    import_s, import_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert result.imported and len(result.new) == FORMS
    answers = len(repo.list_answers(engagement.id))

    started = time.perf_counter()
    again = import_surveys(library, repo, engagement.id, files)
    again_s = time.perf_counter() - started
    assert len(again.unchanged) == FORMS

    print(f"survey export: one form of {count} questions in {export_s * 1000:.0f} ms")
    print(f"survey import: {FORMS} workbooks x {count} questions ({answers} answers)")
    print(f"  check only (read + validate):  {check_s:6.2f} s wall, {check_cpu:.2f} s CPU  "
          f"({check_s / FORMS * 1000:.0f} ms a workbook)")
    print(f"  import (check + one unit of work): {import_s:6.2f} s wall, {import_cpu:.2f} s CPU  "
          f"target < {TARGET_S:.0f} s  {'OK' if import_s < TARGET_S else 'OVER'}")
    print(f"  write share: {max(import_s - check_s, 0):.2f} s")
    print(f"  re-import of the same 50 (nothing to change): {again_s:6.2f} s")
    db.close()


if __name__ == "__main__":
    main()
