"""``omm screenshots``: every main screen rendered offscreen to PNG, to look at what we build.

Each screen is grabbed at 1366x768 (a consultant's laptop) and 1920x1080, in English
and Chinese, to ``<screen>-<lang>-<w>x<h>.png``: the engagement list, then every tab
registered in ``app.ui.tabs`` (in the page's order, named by its id) for the fullest
engagement. Settings go to a temporary folder, so the user's window state and language
are untouched; ``--demo`` without ``--db`` renders a fresh temporary database filled with
the sample engagements. The same database gives the same pictures, byte for byte.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

SIZES: tuple[tuple[int, int], ...] = ((1366, 768), (1920, 1080))
LANGUAGES: tuple[str, ...] = ("en", "zh")
# A tab's pictures are named by its id, except where the README already links another name.
SCREEN_NAMES = {"results": "dashboard"}


def cmd_screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.content.loader import load_content
    from app.errors import UserError
    from app.services.workspace import close_workspace, open_repository
    from app.ui.settings import use_settings_folder

    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create {out}: {exc.strerror}") from None
    if args.content is not None and not Path(args.content).is_dir():
        raise UserError(f"content directory {args.content} does not exist")
    with tempfile.TemporaryDirectory(prefix="omm-screenshots-") as tmp:
        use_settings_folder(tmp)
        library = load_content(args.content)
        url = args.db or (f"sqlite:///{Path(tmp) / 'demo.db'}" if args.demo else None)
        # a database is made only for --demo (which fills it); any other path must hold one
        repo = open_repository(url, create=bool(args.demo))
        try:
            if args.demo:
                from app.demo import create_demo

                create_demo(library, repo)
            if library.problems:
                print(f"warning: {len(library.problems)} content problems (omm validate lists them)", file=sys.stderr)
            # the temporary folder's random name would change every picture on every run
            label = "demo.db" if args.demo and not args.db else None
            written = render_screens(library, repo, out, database_label=label)
        finally:
            close_workspace(repo)
    for path in written:
        print(path)
    return 0


def _settle() -> None:
    """Let the posted events (a language change, layouts) and a screen's background work land before a grab.

    Three waits, never a loop of ``processEvents``/``sendPostedEvents``: PySide6 6.12.0 drops a
    reference to None on each call of a static void function (``qWait`` too), and a few
    thousand abort the interpreter ("none_dealloc"); each ``qWait`` runs Qt's event loop for
    its whole time in one call, so a full run of every screen makes a few hundred calls.
    """
    from PySide6.QtTest import QTest

    from app.ui.tasks import wait_for_tasks

    for _ in range(2):  # a delivered result may start the next piece of work (scores, then charts)
        QTest.qWait(40)
        wait_for_tasks(15000)
    QTest.qWait(40)


def _fullest(rows):
    # The fullest engagement shows the most: long names, many people, answers.
    return max(rows, key=lambda r: (r.interviewee_count, r.answer_count, r.updated_at), default=None)


def _engagement_for(report_kinds: Sequence[str], rows, library):
    """The fullest engagement that bought a service delivering one of ``report_kinds``, if any."""
    if not report_kinds:
        return None
    catalogue = library.catalogue
    selling = {service.id for service in (catalogue.services if catalogue else ())
               if set(report_kinds) & {str(kind) for kind in service.reports}}
    return _fullest([r for r in rows if selling & set(r.service_ids)])


def render_screens(library, repo, out: Path, sizes: Sequence[tuple[int, int]] = SIZES,
                   languages: Sequence[str] = LANGUAGES, *, database_label: str | None = None) -> list[Path]:
    """Grab each main screen of a window over ``repo``; returns the files written.

    ``database_label`` is what the status bar shows for the database (a temporary
    database's path would make every run's pictures differ).
    """
    from app.services.engagements import list_engagements
    from app.storage.records import EngagementFilter
    from app.ui.application import create_application
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    create_application()
    settings = Settings()
    settings.reopen_last = False
    window = MainWindow(settings)
    window.database_display = database_label
    window.set_context(AppContext(library, repo, languages[0], settings.consultant))
    window.show()
    rows = list_engagements(repo, EngagementFilter())
    subject = _fullest(rows)

    screens: list[tuple[str, Callable[[], None]]] = [("engagements", window.show_list)]
    if subject is not None:
        window.open_engagement(subject.id)  # also fills the "recent" strip of the list
        window.show_list()
        window.list_page.select(subject.id)
        page = window.engagement_page
        assert page is not None
        for tab in page.tab_specs:  # every registered tab; one that failed to build shows its problem
            index = page.tab_index(tab.id)
            shown = _engagement_for(tab.for_reports, rows, library) or subject
            screens.append((SCREEN_NAMES.get(tab.id, tab.id),
                            lambda index=index, shown=shown: window.open_engagement(shown.id, index)))
    else:
        print("warning: no engagement to show; only the list is rendered (try --demo)", file=sys.stderr)

    written: list[Path] = []
    for lang in languages:
        window.apply_language(lang)
        for width, height in sizes:
            window.resize(width, height)
            for name, show in screens:
                show()
                _settle()
                window.resize(width, height)
                _settle()
                path = out / f"{name}-{lang}-{width}x{height}.png"
                if not window.grab().save(str(path)):
                    raise OSError(f"could not write {path}")
                written.append(path)
    window.show_list()
    window.close()
    window.deleteLater()
    _settle()
    return written
