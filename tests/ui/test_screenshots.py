"""omm screenshots: each main screen at each size and language, as PNG files of the right size."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage
from shell_helpers import make_engagement

from app.cli import build_parser
from app.ui.screenshots import SCREEN_NAMES, render_screens
from app.ui.tabs import tabs


def test_every_screen_in_both_languages(qtbot, tmp_path, ui_context, monkeypatch):
    make_engagement(ui_context, "Acme diagnosis", people=(("Ann Lee", "sre"), ("Bob Stone", "executive")))
    pumped = []  # each call of a static void function leaks a reference to None in PySide6 6.12
    for name in ("processEvents", "sendPostedEvents"):
        real = getattr(QCoreApplication, name)
        monkeypatch.setattr(QCoreApplication, name, staticmethod(lambda *a, real=real: pumped.append(a) or real(*a)))
    written = render_screens(ui_context.library, ui_context.repo, tmp_path, sizes=[(1366, 768)])
    assert len(pumped) <= 2  # one per language switch; the waits run the event loop inside Qt (QTest.qWait)
    names = sorted(p.name for p in written)
    screens = ["engagements"] + [SCREEN_NAMES.get(t.id, t.id) for t in tabs()]  # every registered tab
    assert {"dashboard", "interview", "planning", "organisation", "findings", "processes", "requests",
            "review"} <= set(screens)
    assert names == sorted(f"{s}-{lang}-1366x768.png" for s in screens for lang in ("en", "zh"))
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1366, 768), path.name


def test_command_is_registered_and_the_cli_stays_free_of_qt():
    args = build_parser().parse_args(["screenshots", "--out", "shots", "--demo"])
    assert args.out == "shots" and args.demo and callable(args.func)
    probe = "import sys, app.cli; app.cli.build_parser(); print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_screenshots_of_two_demo_runs_are_identical(qtbot, tmp_path, mini_library):
    """`make screenshots` rewrites no committed picture when nothing changed (issue 9).

    Both runs show the same demo database, each from its own randomly named folder as the
    command has: the demo stamps its records with the minute it was made ("Last change"),
    and two runs a minute apart would differ by that alone.
    """
    import shutil

    from app.demo import create_demo
    from app.storage.database import open_database
    from app.storage.repository import Repository

    made = tmp_path / "made" / "demo.db"
    repo = Repository(open_database(str(made)))
    create_demo(mini_library, repo)
    repo.db.close()
    pictures = []
    for run in ("first", "second"):
        folder = tmp_path / f"omm-screenshots-{run}-x8Zq"  # a random temporary folder, as the command has
        folder.mkdir()
        shutil.copyfile(made, folder / "demo.db")
        repo = Repository(open_database(str(folder / "demo.db")))
        (tmp_path / run).mkdir()
        written = render_screens(mini_library, repo, tmp_path / run, sizes=[(1366, 768)], languages=["en"],
                                 database_label="demo.db")
        pictures.append({p.name: p.read_bytes() for p in written})
        repo.db.close()
    assert pictures[0].keys() == pictures[1].keys() and len(pictures[0]) == 1 + len(tabs())
    differing = [name for name in pictures[0] if pictures[0][name] != pictures[1][name]]
    assert differing == []


def test_a_service_tab_is_shown_on_an_engagement_that_bought_the_service(shipped_library):
    from types import SimpleNamespace

    from app.ui.screenshots import _engagement_for

    def row(name, services, people):
        return SimpleNamespace(id=name, service_ids=services, interviewee_count=people, answer_count=0,
                               updated_at=0)

    rows = [row("diagnosis", ("diagnosis-professional", "assessment-planning"), 9),
            row("processes", ("process-optimisation",), 4),
            row("organisation", ("organisation-optimisation",), 3)]
    tab = {t.id: t for t in tabs()}
    assert _engagement_for(tab["processes"].for_reports, rows, shipped_library).id == "processes"
    assert _engagement_for(tab["organisation"].for_reports, rows, shipped_library).id == "organisation"
    assert _engagement_for(tab["planning"].for_reports, rows, shipped_library).id == "diagnosis"
    assert _engagement_for(tab["findings"].for_reports, rows, shipped_library) is None  # the fullest one
