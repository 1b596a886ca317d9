"""``omm export``, ``omm import``, ``omm push`` and ``omm pull``: engagements between laptops and the team.

A conflict (an item changed on both sides) is never decided by the tool: the import
writes nothing, lists the conflicts on stdout and says how to choose
(``--resolve KEY=local|package``, ``--resolve all=...``, or ``--choices FILE.json``
holding ``{"KEY": "local"|"package"}``). ``local`` keeps what the receiving repository
has (the team repository's, for a push); ``package`` takes the incoming value.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from app.cli.common import content, repository
from app.errors import UserError

TEAM_ENV = "OMM_TEAM_DATABASE_URL"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="write an engagement as one .omm package")
    p.add_argument("engagement", metavar="ENGAGEMENT")
    p.add_argument("--out", required=True, metavar="FILE.omm")
    p.add_argument("--password-file", metavar="F", help="seal the package with the password in F (first line)")
    p.add_argument("--anonymize", "--anonymise", dest="anonymise", action="store_true",
                   help="a copy for benchmarking: no names, notes, quotes or evidence files")
    p.set_defaults(func=cmd_export)

    resolve = argparse.ArgumentParser(add_help=False)
    resolve.add_argument("--resolve", action="append", default=[], metavar="KEY=local|package",
                         help="settle a conflict (KEY 'all' settles every one); repeatable")
    resolve.add_argument("--choices", metavar="FILE.json", help='{"KEY": "local"|"package", ...}')
    resolve.add_argument("--conflicts", action="store_true", help="only list the conflicts; write nothing")
    resolve.add_argument("--json", action="store_true", help="the conflicts and the result as JSON")

    p = sub.add_parser("import", parents=[common, resolve], help="merge a .omm package into the database")
    p.add_argument("package", metavar="FILE.omm")
    p.add_argument("--password-file", metavar="F", help="the package's password, in F (first line)")
    p.set_defaults(func=cmd_import)

    for name, helptext in (("push", "merge a local engagement into the team repository"),
                           ("pull", "merge the team repository's engagement into the local database")):
        p = sub.add_parser(name, parents=[common, resolve], help=helptext)
        p.add_argument("engagement", metavar="ENGAGEMENT")
        p.add_argument("--team", metavar="URL", help=f"the team repository (default: ${TEAM_ENV}); keep its "
                                                     "password out of the URL: ~/.pgpass, PGPASSFILE or ?service=NAME")
        p.set_defaults(func=cmd_push if name == "push" else cmd_pull)


def read_password_file(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read the password file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"the password file {path} is not UTF-8 text") from None
    password = (text.splitlines() or [""])[0]
    if not password:
        raise UserError(f"the password file {path} is empty")
    return password


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.packages import check_password, export_engagement

    password = read_password_file(args.password_file)
    check_password(password)
    repo = repository(args)
    from app.services.engagements import find_engagement

    engagement = find_engagement(repo, args.engagement)
    result = export_engagement(repo, engagement.id, Path(args.out), password=password, anonymise=args.anonymise)
    what = "anonymised copy of" if result.anonymised else "package of"
    print(f"wrote {result.path} ({result.size_bytes / 1e6:.1f} MB): {what} {engagement.name!r}, "
          f"{result.interviewees} interviewees, {result.answers} answers, {result.evidence_files} evidence files"
          f"{', password-protected' if result.encrypted else ''}")
    for name in result.missing_files:
        print(f"warning: evidence file {name} is not on this machine; the package lists it without the file",
              file=sys.stderr)
    return 0


def _choices(args: argparse.Namespace) -> dict[str, str]:
    choices: dict[str, str] = {}
    if args.choices:
        try:
            loaded = json.loads(Path(args.choices).read_text(encoding="utf-8"))
        except OSError as exc:
            raise UserError(f"cannot read {args.choices}: {exc.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UserError(f"{args.choices} is not JSON ({exc})") from None
        if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
            raise UserError(f'{args.choices}: expected {{"KEY": "local" or "package", ...}}')
        choices.update(loaded)
    for item in args.resolve:
        key, sep, choice = item.rpartition("=")
        if not sep or not key:
            raise UserError(f"--resolve {item!r}: expected KEY=local or KEY=package")
        choices[key] = choice
    for key, choice in choices.items():
        if choice not in ("local", "package"):
            raise UserError(f"conflict {key}: choose 'local' or 'package', not {choice!r}")
    return choices


def _print_conflicts(args: argparse.Namespace, preview, receiver: str, incoming: str) -> None:
    from app.services.packages import conflict_subject, shown_value

    try:
        library = content(args)
    except UserError:
        library = None
    if args.json:
        print(json.dumps([
            {"key": c.key, "kind": c.kind, "interviewee": c.interviewee, "question_id": c.question_id,
             "question": conflict_subject(library, c), "local": c.local, "package": c.incoming,
             "local_by": c.local_by, "local_at": c.local_at, "package_by": c.incoming_by,
             "package_at": c.incoming_at}
            for c in preview.conflicts], ensure_ascii=False, indent=2))
        return
    print(f"{len(preview.conflicts)} conflict(s) in {preview.engagement_name!r} "
          f"(local = {receiver}, package = {incoming}):")
    for c in preview.conflicts:
        who = f" - {c.interviewee}" if c.interviewee else ""
        print(f"  {c.key}{who}")
        print(f"      {conflict_subject(library, c)}")
        print(f"      local:   {shown_value(library, c, c.local)}  [{c.local_by or '?'}, {c.local_at or '?'}]")
        print(f"      package: {shown_value(library, c, c.incoming)}  [{c.incoming_by or '?'}, {c.incoming_at or '?'}]")


def _finish(args: argparse.Namespace, repo, preview, receiver: str, incoming: str) -> int:
    from app.services.packages import ConflictsPending, apply_import

    if args.conflicts:
        if preview.conflicts:
            _print_conflicts(args, preview, receiver, incoming)
        elif not args.json:
            print(f"no conflicts: {preview.plan.changes} item(s) would change")
        else:
            print("[]")
        return 0
    try:
        result = apply_import(repo, preview, _choices(args))
    except ConflictsPending:
        _print_conflicts(args, preview, receiver, incoming)
        raise
    if args.json:
        print(json.dumps({"engagement_id": result.engagement_id, "engagement": result.engagement_name,
                          "created": result.created, "changed": result.changed, "unchanged": result.unchanged,
                          "conflicts_resolved": result.conflicts_resolved,
                          "already_imported": result.already_imported, "upgraded_from": result.upgraded_from},
                         ensure_ascii=False, indent=2))
        return 0
    if result.created:
        print(f"added {result.engagement_name!r} ({result.engagement_id})")
    elif result.changed:
        print(f"merged into {result.engagement_name!r}: {result.changed} item(s) changed, "
              f"{result.conflicts_resolved} conflict(s) settled")
    else:
        print(f"{result.engagement_name!r} already holds everything in it; nothing changed")
    if result.upgraded_from is not None:
        print(f"(the package was in the older format {result.upgraded_from}; read as the current one)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.packages import prepare_import

    password = read_password_file(args.password_file)
    repo = repository(args)
    with prepare_import(repo, Path(args.package), password=password) as preview:
        return _finish(args, repo, preview, "this database", Path(args.package).name)


def _team(args: argparse.Namespace):
    from app.services.packages import open_team_repository

    url = args.team or os.environ.get(TEAM_ENV, "")
    if not url:
        raise UserError(f"no team repository: give --team URL or set {TEAM_ENV}")
    return open_team_repository(url)


def cmd_push(args: argparse.Namespace) -> int:
    from app.services.engagements import find_engagement
    from app.services.packages import prepare_push

    local = repository(args)
    engagement = find_engagement(local, args.engagement)
    team = _team(args)
    preview = prepare_push(local, team, engagement.id)
    return _finish(args, team, preview, "the team repository", "this database")


def cmd_pull(args: argparse.Namespace) -> int:
    from app.services.engagements import find_engagement
    from app.services.packages import prepare_pull

    local = repository(args)
    team = _team(args)
    engagement = find_engagement(team, args.engagement)
    preview = prepare_pull(local, team, engagement.id)
    return _finish(args, local, preview, "this database", "the team repository")
