"""``omm signoff`` and ``omm snapshot``: review before a report is final, and the frozen snapshots.

  omm signoff ENG [--json]                                    the checklist: what is still open
  omm signoff ENG --lead NAME [--note N] [--accept-open]      sign off: a snapshot, recorded with the lead
  omm snapshot list ENG [--json]                              the engagement's snapshots
  omm snapshot create ENG [--label L] [--by NAME]             freeze it as it is now (unsigned)
  omm snapshot show ENG ID [--json]                           what a snapshot holds; its hash checked
  omm snapshot reassess ENG ID --name NAME                    a re-assessment starting from the snapshot
  omm snapshot marks ENG [--json]                             a re-assessment's answers: new, changed, carried over

A report of a snapshot: ``omm report ENG --kind KIND --out FILE --snapshot ID``.
"""

from __future__ import annotations

import argparse
import json

from app.cli.common import content, repository
from app.errors import UserError

CHECK_WORDS = {
    "unanswered": "questions in scope nobody answered",
    "follow_ups": "answers flagged for follow-up",
    "low_confidence": "capabilities scored with low confidence",
    "disagreement": "questions with unresolved disagreement (no override)",
    "evidence_requested": "documents still requested",
    "draft_findings": "findings still in draft",
}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("signoff", parents=[common], help="the review checklist, and the lead consultant's sign-off")
    p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    p.add_argument("--lead", metavar="NAME", help="sign off as this lead consultant (freezes a snapshot)")
    p.add_argument("--note", default="", help="a note recorded with the sign-off")
    p.add_argument("--label", default="", help="a label for the snapshot, e.g. 'steering committee 12 Dec'")
    p.add_argument("--accept-open", action="store_true", help="sign off although checklist items are still open")
    p.add_argument("--json", action="store_true", help="the checklist (or the sign-off) as JSON")
    p.set_defaults(func=_signoff)

    s = sub.add_parser("snapshot", help="frozen snapshots of an engagement: list, create, show, reassess, marks")
    ssub = s.add_subparsers(dest="snapshot_command", metavar="ACTION", required=True)
    s.set_defaults(func=lambda args: s.print_help() or 1)  # replaced by the action's
    ls = ssub.add_parser("list", parents=[common], help="the engagement's snapshots")
    ls.add_argument("engagement", metavar="ENGAGEMENT")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)
    cr = ssub.add_parser("create", parents=[common], help="freeze the engagement as it is now (unsigned)")
    cr.add_argument("engagement", metavar="ENGAGEMENT")
    cr.add_argument("--label", default="", help="what it is for, e.g. 'presented 12 Dec'")
    cr.add_argument("--by", default="", help="who made it")
    cr.set_defaults(func=_create)
    sh = ssub.add_parser("show", parents=[common], help="what a snapshot holds, its hash checked")
    sh.add_argument("engagement", metavar="ENGAGEMENT")
    sh.add_argument("snapshot", metavar="ID")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=_show)
    ra = ssub.add_parser("reassess", parents=[common], help="start a re-assessment from a snapshot")
    ra.add_argument("engagement", metavar="ENGAGEMENT")
    ra.add_argument("snapshot", metavar="ID")
    ra.add_argument("--name", required=True, help="the new engagement's name")
    ra.set_defaults(func=_reassess)
    mk = ssub.add_parser("marks", parents=[common], help="a re-assessment's answers: new, changed, carried over")
    mk.add_argument("engagement", metavar="ENGAGEMENT")
    mk.add_argument("--json", action="store_true")
    mk.set_defaults(func=_marks)


def _info_json(info) -> dict:
    return {"id": info.id, "label": info.label, "created_at": info.created_at.isoformat(),
            "created_by": info.created_by, "report_date": info.report_date.isoformat(), "hash": info.content_hash,
            "signed_off_by": info.signed_off_by or None,
            "signed_off_at": info.signed_off_at.isoformat() if info.signed_off_at else None, "note": info.note,
            "open_items": list(info.open_items), "overall": dict(info.overall)}


def _signoff(args: argparse.Namespace) -> int:
    from app.services import review

    library = content(args)
    repo = repository(args)
    engagement = repo.find_engagement(args.engagement)
    if args.lead is None:
        checklist = review.review_checklist(library, repo, engagement.id)
        if args.json:
            print(json.dumps({"engagement_id": engagement.id, "clear": checklist.clear,
                              "items": checklist.to_dict()}, ensure_ascii=False, indent=2))
            return 0
        print(f"{engagement.name}  ({engagement.customer.name})  before sign-off:")
        for item in checklist.items:
            mark = "  ok " if not item.open else "OPEN "
            more = f"  e.g. {', '.join(item.examples)}" if item.examples else ""
            print(f"  {mark} {item.count:4d}  {CHECK_WORDS[item.key]}{more}")
        print("nothing open: ready to sign off" if checklist.clear else
              "sign off with --lead NAME (and --accept-open to accept what is still open)")
        return 0
    try:
        info = review.sign_off(library, repo, engagement.id, args.lead, note=args.note,
                               accept_open=args.accept_open, label=args.label)
    except review.OpenItems as exc:
        raise UserError(f"{exc} (--accept-open)") from None
    if args.json:
        print(json.dumps(_info_json(info), ensure_ascii=False, indent=2))
    else:
        print(f"signed off by {info.signed_off_by}: snapshot {info.id}, SHA-256 {info.content_hash}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from app.services import review

    repo = repository(args)
    engagement = repo.find_engagement(args.engagement)
    snapshots = review.list_snapshots(repo, engagement.id)
    if args.json:
        print(json.dumps([_info_json(s) for s in snapshots], ensure_ascii=False, indent=2))
        return 0
    if not snapshots:
        print(f"{engagement.name}: no snapshots yet")
    for s in snapshots:
        signed = f"signed off by {s.signed_off_by}" if s.signed_off else "unsigned"
        print(f"{s.id:>4}  {s.report_date}  {signed:<30}  {s.content_hash[:12]}  {s.label}")
    return 0


def _create(args: argparse.Namespace) -> int:
    from app.services import review

    library = content(args)
    repo = repository(args)
    engagement = repo.find_engagement(args.engagement)
    info = review.create_snapshot(library, repo, engagement.id, label=args.label, created_by=args.by)
    print(f"snapshot {info.id} of {engagement.name}: SHA-256 {info.content_hash}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from app.services import review

    repo = repository(args)
    engagement = repo.find_engagement(args.engagement)
    info = review.get_snapshot(repo, engagement.id, args.snapshot)
    intact = review.verify_snapshot(repo, engagement.id, info.id)
    if args.json:
        print(json.dumps({**_info_json(info), "intact": intact}, ensure_ascii=False, indent=2))
        return 0 if intact else 1
    print(info.describe())
    print(f"  hash {'checked: intact' if intact else 'DOES NOT MATCH: the snapshot was altered'}")
    for model_id, level in info.overall:
        print(f"  {model_id}: overall {'not assessed' if level is None else f'{level:.2f}'}")
    for item in info.open_items:
        print(f"  open at sign-off: {item['count']} {CHECK_WORDS.get(item['key'], item['key'])}")
    return 0 if intact else 1


def _reassess(args: argparse.Namespace) -> int:
    from app.services import review

    library = content(args)
    repo = repository(args)
    engagement = repo.find_engagement(args.engagement)
    copy = review.start_reassessment(library, repo, engagement.id, args.snapshot, args.name)
    print(f"created {copy.name} ({copy.id}) from {engagement.name} snapshot {args.snapshot}")
    return 0


def _marks(args: argparse.Namespace) -> int:
    from app.services import review

    repo = repository(args)
    engagement = repo.find_engagement(args.engagement)
    marks = review.answer_marks(repo, engagement.id)
    if marks is None:
        raise UserError(f"{engagement.name} did not start from a snapshot ('omm snapshot reassess')")
    if args.json:
        print(json.dumps({"snapshot": marks.snapshot, "source_engagement": marks.source_engagement,
                          "counts": marks.counts(), "withdrawn": marks.withdrawn,
                          "answers": [{"interviewee": k[0], "questionnaire": k[1], "question": k[2], "mark": m}
                                      for k, m in sorted(marks.marks.items())]}, ensure_ascii=False, indent=2))
        return 0
    counts = marks.counts()
    print(f"{engagement.name}: started from snapshot {marks.snapshot}")
    print(f"  {counts['new']} new, {counts['changed']} changed, {counts['carried_over']} carried over, "
          f"{marks.withdrawn} withdrawn")
    return 0
