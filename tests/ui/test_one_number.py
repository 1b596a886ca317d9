"""Every number of the largest demo engagement, the same on the Results screen, in
``omm score --json``, in the Word report and in the Excel report.

Per-role heatmap, domain and capability levels, targets, gaps and coverage: each is
computed and rounded once (half-up, 2 decimals) in ``app.scoring``; here they are read
back from each output and compared as the reader sees them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from app.scoring.rounding import round_score

ROOT = Path(__file__).resolve().parent.parent.parent


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory, shipped_library):
    from app.demo import create_demo
    from app.storage.database import open_database
    from app.storage.repository import Repository

    tmp = tmp_path_factory.mktemp("one-number")
    repo = Repository(open_database(f"sqlite:///{tmp / 'omm.db'}"))
    create_demo(shipped_library, repo)
    from app.services import score_engagement

    largest = max(repo.list_engagements(), key=lambda e: len(score_engagement(shipped_library, repo, e.id).answers))
    return repo, largest.id, tmp


def test_results_screen_score_json_word_and_excel_show_the_same_numbers(qtbot, demo, shipped_library,
                                                                        monkeypatch):
    from app.reports import charts
    from app.services.reports import build_report
    from app.ui.context import AppContext
    from app.ui.dashboard import DashboardView

    repo, engagement_id, tmp = demo
    env = {**os.environ, "OMM_DATA_DIR": str(tmp / "data"), "PYTHONWARNINGS": "error"}
    env.pop("OMM_DATABASE_URL", None)
    proc = subprocess.run([sys.executable, "-m", "app.cli", "score", engagement_id, "--json",
                           "--db", str(repo.db.url), "--content", str(ROOT)],
                          capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    scored = json.loads(proc.stdout)["models"]
    lead = scored[0]
    model = shipped_library.model(lead["id"])
    cap_names = {c.id: c.name.en for d in model.domains for c in d.capabilities}
    dom_names = {d.id: d.name.en for d in model.domains}

    # Every number in the JSON is already rounded: what is stored is what is shown.
    def walk(obj):
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key in ("level", "target", "gap", "coverage", "computed_level") and isinstance(value, float):
                    assert value == round_score(value), (key, value)
                walk(value)
        elif isinstance(obj, list):
            for value in obj:
                walk(value)

    walk(scored)

    # --- the Results screen: its Qt models, and the values its heatmap draws
    drawn: list[list[list[float | None]]] = []
    real = charts.heatmap_chart

    def spy(row_labels, column_labels, values, **kw):
        drawn.append(values)
        return real(row_labels, column_labels, values, **kw)

    monkeypatch.setattr(charts, "heatmap_chart", spy)
    context = AppContext(shipped_library, repo, "en", consultant="Elena")
    screen = DashboardView(context)
    qtbot.addWidget(screen)
    screen.load(engagement_id)
    qtbot.waitUntil(lambda: screen.scores is not None and bool(drawn), timeout=60000)
    index = screen.model_combo.findData(lead["id"])
    if index != screen.model_combo.currentIndex():
        screen.model_combo.setCurrentIndex(index)
    display = screen.capability_model.data
    shown_caps = {screen.capability_model.keys[r]: [display(screen.capability_model.index(r, col))
                                                    for col in range(screen.capability_model.columnCount())]
                  for r in range(screen.capability_model.rowCount())}
    shown_domains = {screen.domain_model.keys[r]: [screen.domain_model.data(screen.domain_model.index(r, col))
                                                   for col in range(screen.domain_model.columnCount())]
                     for r in range(screen.domain_model.rowCount())}
    caps = [c for d in lead["domains"] for c in d["capabilities"]]
    roles = sorted({role for c in caps for role in c["by_role"]})
    assert roles, "the demo engagement has per-role answers"
    assert drawn[-1] == [[c["by_role"].get(r) for r in roles] + [c["level"]] for c in caps]
    for d in lead["domains"]:
        assert shown_domains[d["id"]][1:4] == [_f(d["level"]), _f(d["target"]), _f(d["gap"])]
    for c in caps:
        # domain, capability, level, computed, target, gap
        assert shown_caps[c["id"]][2:6] == [_f(c["level"]), _f(c["computed_level"]), _f(c["target"]), _f(c["gap"])]
        if c["level"] is not None:
            assert _f(c["target"] - c["level"]) == _f(c["gap"])  # Target - Level == Gap as printed

    # --- Word
    word = build_report(shipped_library, repo, engagement_id, "maturity", tmp / "m.docx", "en")
    # an asterisk marks a level that includes a consultant's override
    rows = [[cell.text.removesuffix("*") for cell in row.cells]
            for t in docx.Document(word).tables for row in t.rows]
    for d in lead["domains"]:
        level = "not assessed" if d["level"] is None else _f(d["level"])
        assert any(r[:4] == [dom_names[d["id"]], level, _f(d["target"]), _f(d["gap"])] for r in rows), \
            (d, [r for r in rows if r and r[0] == dom_names[d["id"]]])
    for c in caps:
        if c["level"] is None:
            continue
        texts = [r for r in rows if cap_names[c["id"]] in r]
        assert any(_f(c["level"]) in r and _f(c["target"]) in r and _f(c["gap"]) in r for r in texts), \
            (c["id"], texts)

    # the Word heatmap is drawn from the report's chart data: the same per-role figures
    from app.reports.context import build_context
    from app.services.reports import gather_inputs

    report = build_context(gather_inputs(shipped_library, repo, engagement_id), "maturity", "en")
    section = next(m for m in report.models if m.id == lead["id"])
    by_cap = dict(zip((cv.id for cv in section.capabilities), section.heatmap_values, strict=True))
    role_columns = len(section.heatmap_roles) - 2
    for c in caps:
        values = by_cap[c["id"]]
        assert sorted(v for v in values[:role_columns] if v is not None) == sorted(c["by_role"].values())
        assert values[-2:] == (c["level"], c["target"])

    # --- Excel: cells hold the value as shown
    excel = build_report(shipped_library, repo, engagement_id, "maturity", tmp / "m.xlsx", "en")
    wb = openpyxl.load_workbook(excel)
    multiple = len(scored) > 1
    skip = 1 if multiple else 0
    domain_rows = {(r[0] if multiple else model.name.en, r[skip]): r[skip:]
                   for r in wb["Domains"].iter_rows(min_row=2, values_only=True)}
    for d in lead["domains"]:
        row = domain_rows[(model.name.en, dom_names[d["id"]])]
        assert [_f(v) for v in row[1:4]] == [_f(d["level"]), _f(d["target"]), _f(d["gap"])]
        assert list(row[1:4]) == [d["level"], d["target"], d["gap"]]
    cap_rows = {r[skip + 1]: r[skip:] for r in wb["Capabilities"].iter_rows(min_row=2, values_only=True)
                if not multiple or r[0] == model.name.en}
    gap_rows = {r[skip]: r[skip:] for r in wb["Gaps"].iter_rows(min_row=2, values_only=True)
                if not multiple or r[0] == model.name.en}
    heat = wb["Levels by role"]
    header = [cell.value for cell in heat[1]]
    heat_rows = {r[1]: dict(zip(header, r, strict=True)) for r in heat.iter_rows(min_row=2, values_only=True)}
    role_names = {r.id: r.name.en for r in shipped_library.catalogue.roles}
    for c in caps:
        name = cap_names[c["id"]]
        row = cap_rows[name]
        assert [row[2], row[3], row[4], row[5]] == [c["level"], c["computed_level"], c["target"], c["gap"]]
        if c["level"] is not None:
            assert list(gap_rows[name][2:5]) == [c["level"], c["target"], c["gap"]]
        for role, level in c["by_role"].items():
            assert heat_rows[name][role_names.get(role, role)] == level
