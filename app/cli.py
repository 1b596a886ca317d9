"""The ``omm`` command line: the same services as the desktop app, with no Qt.

The options and exit codes are a contract (see DESIGN.md): exit 0 on success, 1 on
a user error with one clear line on stderr, never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app.content.loader import ContentLibrary, load_content, load_content_cached
from app.errors import UserError


def _content(args: argparse.Namespace, *, fresh: bool = False) -> ContentLibrary:
    """The content library; ``fresh`` skips the start-up cache (``omm validate`` always checks)."""
    if args.content is not None and not Path(args.content).is_dir():
        raise UserError(f"content directory {args.content} does not exist")
    return load_content(args.content) if fresh else load_content_cached(args.content)


def cmd_validate(args: argparse.Namespace) -> int:
    library = _content(args, fresh=True)
    if args.json:
        print(json.dumps({
            "root": str(library.root),
            "ok": library.ok,
            "files": [
                {"path": f.path, "kind": f.kind, "id": f.id, "version": f.version,
                 "counts": f.counts, "languages": list(f.languages)}
                for f in library.files
            ],
            "problems": [
                {"file": p.file, "line": p.line, "field": p.field, "message": p.message, "text": str(p)}
                for p in library.problems
            ],
        }, ensure_ascii=False, indent=2))
    else:
        for f in library.files:
            counts = ", ".join(f"{v} {k}" for k, v in f.counts.items())
            print(f"ok     {f.path}  ({f.kind} {f.id} {f.version}: {counts})")
        for p in library.problems:
            print(f"error  {p}", file=sys.stderr)
        print(f"{len(library.files)} files valid, {len(library.problems)} problems")
    return 0 if library.ok else 1


def _repository(args: argparse.Namespace):
    from app.storage.database import open_database
    from app.storage.repository import Repository

    return Repository(open_database(args.db))


def _fmt(level: float | None) -> str:
    return "  -  " if level is None else f"{level:4.2f}"


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import create_demo

    library = _content(args)
    if not library.models:
        raise UserError(f"no maturity models in {library.root}; run 'omm validate' to see why")
    repo = _repository(args)
    created = create_demo(library, repo)
    for name in created:
        print(f"created  {name}")
    if not created:
        print("the demo engagements already exist")
    print(f"database: {repo.db.url}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.storage.repository import EngagementFilter

    repo = _repository(args)
    rows = repo.list_engagements(EngagementFilter(include_archived=args.all))
    if args.json:
        print(json.dumps([
            {"id": r.id, "name": r.name, "customer": r.customer_name, "industry": r.industry,
             "consultant": r.consultant, "status": r.status.value, "archived": r.archived,
             "start_date": r.start_date.isoformat() if r.start_date else None,
             "updated_at": r.updated_at.isoformat(), "services": list(r.service_ids),
             "interviewees": r.interviewee_count, "answers": r.answer_count}
            for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no engagements yet (create one in the app, or run 'omm demo')")
        return 0
    for r in rows:
        print(f"{r.id[:8]}  {r.status.value:<11}  {r.customer_name[:30]:<30}  {r.name}")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from app.services import score_engagement

    library = _content(args)
    repo = _repository(args)
    engagement = repo.find_engagement(args.engagement)
    scores = score_engagement(library, repo, engagement.id)
    if args.json:
        print(json.dumps(scores_as_json(scores), ensure_ascii=False, indent=2))
        return 0
    lang = args.lang
    print(f"{engagement.name}  ({engagement.customer.name})")
    for model_id, score in scores.models.items():
        model = scores.model_content[model_id]
        print(f"\n{model.name.get(lang)} {model.version}: overall {_fmt(score.level)}  "
              f"target {_fmt(score.target)}  coverage {_pct(score.coverage)}")
        for domain, d in zip(model.domains, score.domains, strict=True):
            print(f"  {_fmt(d.level)}  target {_fmt(d.target)}  coverage {_pct(d.coverage)}  {domain.name.get(lang)}")
            for cap, c in zip(domain.capabilities, d.capabilities, strict=True):
                flag = " (override)" if c.override else ""
                print(f"      {_fmt(c.level)}{flag:<11} cov {_pct(c.coverage)}  conf {c.confidence.label.value:<6}"
                      f"  {cap.name.get(lang)}")
        if score.disagreements:
            print(f"  {len(score.disagreements)} questions where interviewees differ by 2 levels or more")
    return 0


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value * 100:4.0f}%"


def scores_as_json(scores) -> dict:
    """The machine-readable score of an engagement (omm score --json): every number with its inputs."""
    def cap(c):
        return {
            "id": c.capability_id, "level": c.level, "computed_level": c.computed_level,
            "override": None if c.override is None else {"level": c.override.level,
                                                         "rationale": c.override.rationale},
            "target": c.target, "gap": c.gap, "percent_to_target": c.percent_to_target,
            "coverage": c.coverage, "not_applicable": c.not_applicable,
            "confidence": {"label": c.confidence.label.value, "value": c.confidence.value,
                           "components": dict(c.confidence.components)},
            "questions": [{"questionnaire": q.questionnaire_id, "question": q.question_id, "level": q.level,
                           "weight": q.weight, "effective_weight": q.effective_weight, "spread": q.spread,
                           "disagreement": q.disagreement, "not_applicable": q.not_applicable,
                           "responses": [{"interviewee": r.interviewee_name, "role": r.role,
                                          "status": r.status.value, "value": r.value, "level": r.level}
                                         for r in q.responses]}
                          for q in c.questions],
        }

    return {
        "engagement": {"id": scores.engagement.id, "name": scores.engagement.name,
                       "customer": scores.engagement.customer.name},
        "models": [
            {"id": m.model_id, "version": m.model_version, "level": m.level, "target": m.target, "gap": m.gap,
             "percent_to_target": m.percent_to_target, "coverage": m.coverage,
             "domains": [{"id": d.domain_id, "level": d.level, "target": d.target, "gap": d.gap,
                          "percent_to_target": d.percent_to_target, "coverage": d.coverage,
                          "weights": {i: w for i, _, w in d.inputs},
                          "capabilities": [cap(c) for c in d.capabilities]} for d in m.domains],
             "disagreements": [{"question": x.question_id, "capability": x.capability_id, "spread": x.spread,
                                "responses": [{"interviewee": r.interviewee_name, "role": r.role, "level": r.level}
                                              for r in x.responses]} for x in m.disagreements],
             "invalid_answers": list(m.invalid_answers)}
            for m in scores.models.values()
        ],
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="omm", description="O&M Maturity Workbench")
    parser.add_argument("--db", metavar="URL", help="database URL for the desktop app")
    parser.add_argument("--content", metavar="DIR", help="content directory for the desktop app")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on the demo database (created with sample engagements on first start)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", help="database URL (default: SQLite file in the user data directory)")
    common.add_argument("--content", metavar="DIR", help="content directory (maturity_models/, questionnaires/)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", parents=[common], help="check every content file")
    p.add_argument("--json", action="store_true", help="machine-readable listing")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("demo", parents=[common], help="create realistic sample engagements")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("list", parents=[common], help="list engagements")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include archived engagements")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("score", parents=[common], help="scores per domain and capability, coverage")
    p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    p.add_argument("--json", action="store_true", help="every number with the inputs it came from")
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.set_defaults(func=cmd_score)

    for register in _EXTRA_COMMANDS:
        register(sub, common)
    return parser


# Other modules add their commands here so this file stays a thin dispatcher.
_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction, argparse.ArgumentParser], None]] = []


def _register_screenshots(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("screenshots", parents=[common], help="render each main screen to PNG, offscreen")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for <screen>-<lang>-<w>x<h>.png")
    p.add_argument("--demo", action="store_true",
                   help="add the sample engagements (to a temporary database unless --db is given)")

    def run(args: argparse.Namespace) -> int:
        import importlib

        # Imported by name so that importing app.cli never loads Qt.
        return int(importlib.import_module("app.ui.screenshots").cmd_screenshots(args))

    p.set_defaults(func=run)


_EXTRA_COMMANDS.append(_register_screenshots)


def _register_report(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from app.reports.cli import register

    register(sub, common)


_EXTRA_COMMANDS.append(_register_report)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed one line of usage error
        return int(exc.code or 0) and 1
    if args.command is None:
        return _open_desktop(args)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"omm: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("omm: interrupted", file=sys.stderr)
        return 1


def demo_database_url() -> str:
    from app.storage.database import data_dir

    return f"sqlite:///{data_dir() / 'demo.db'}"


def _open_desktop(args: argparse.Namespace) -> int:
    import importlib

    db_url = args.db
    if args.demo:
        db_url = db_url or demo_database_url()
        args.db = db_url
        try:
            repo = _repository(args)
            if not repo.list_engagements():
                from app.demo import create_demo

                create_demo(_content(args), repo)
            repo.db.close()
        except UserError as exc:
            print(f"omm: error: {exc}", file=sys.stderr)
            return 1
    # Imported by name: the command line must not load Qt unless the window opens.
    desktop = importlib.import_module("app.ui.application")
    return int(desktop.run(db_url=db_url, content_dir=args.content))


if __name__ == "__main__":
    sys.exit(main())
