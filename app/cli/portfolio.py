"""``omm portfolio`` and ``omm compare``: engagements across customers, side by side."""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.common import content, repository
from app.errors import UserError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("portfolio", parents=[common], help="every engagement with its overall and domain levels",
                       description="Every engagement with its industry, size, services, date, overall and "
                                   "per-domain levels and coverage (scores cached per engagement).")
    p.add_argument("--json", action="store_true", help="one JSON object per engagement")
    p.add_argument("--anonymise", action="store_true", help="customers as letters, no engagement names")
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.add_argument("--model", metavar="ID", help="only engagements scored on this model, with its levels "
                                                 "(default: the model most engagements use; 'all': every "
                                                 "engagement on its own primary model)")
    p.set_defaults(func=cmd_portfolio)
    c = sub.add_parser("compare", parents=[common], help="engagements side by side in Word or Excel",
                       description="Compare engagements side by side; the suffix of FILE picks Word (.docx) "
                                   "or Excel (.xlsx). Engagements scored with different model versions compare "
                                   "only on capabilities with the same id and scale; the report says how much.")
    c.add_argument("engagements", nargs="+", metavar="ENGAGEMENT", help="two or more engagement ids or names")
    c.add_argument("--out", required=True, metavar="FILE", help="FILE.docx or FILE.xlsx")
    c.add_argument("--anonymise", action="store_true", help="customers as letters (Customer A, B ...)")
    c.add_argument("--lang", choices=["en", "zh"], default="en", help="report language")
    c.add_argument("--consultancy-name", metavar="NAME", default=None,
                   help="your consultancy's name at the top (default: none)")
    c.add_argument("--logo", metavar="FILE", default=None,
                   help="your consultancy's logo at the top: PNG or JPEG, at most 2 MB (default: none)")
    c.set_defaults(func=cmd_compare)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\rscoring {done}/{total} engagements", end="" if done < total else "\n", file=sys.stderr,
              flush=True)


def cmd_portfolio(args: argparse.Namespace) -> int:
    from app.analytics import PortfolioFilter, filter_rows
    from app.content.classification import industry_name, size_name
    from app.services.portfolio import chosen_model, hidden_by_model, load_portfolio, portfolio_as_json

    library = content(args)
    repo = repository(args)
    portfolio = load_portfolio(library, repo, progress=_progress)
    model = chosen_model(portfolio, args.model)
    hidden = hidden_by_model(portfolio, model, args.lang)
    note = None
    if hidden:
        counted = ", ".join(f"{h.model_id} ({h.engagements})" for h in hidden)
        note = (f"{sum(h.engagements for h in hidden)} engagement(s) scored on other models not listed: {counted}; "
                f"--model ID lists them, --model all lists every engagement")
    if args.json:
        print(json.dumps(portfolio_as_json(portfolio, anonymise=args.anonymise, lang=args.lang, model_id=args.model),
                         ensure_ascii=False, indent=2))
        if note:
            print(f"note: {note}", file=sys.stderr)  # stdout stays one JSON document
        return 0
    from app.analytics import Names

    names = Names(portfolio.rows, anonymise=args.anonymise, lang=args.lang)
    unmapped = "unmapped" if args.lang == "en" else "未归类"
    rows = filter_rows(portfolio.rows, PortfolioFilter(model_id=model, include_archived=True))
    for r in rows:
        m = r.levels_for(model) if model else r.primary
        level = "  -  " if m is None or m.level is None else f"{m.level:4.2f}"
        coverage = "  - " if m is None or m.coverage is None else f"{round(100 * m.coverage):3d}%"
        industry = industry_name(r.industry_code, args.lang) or unmapped
        size = size_name(r.size_code, args.lang) or unmapped
        when = r.assessed_on.isoformat() if r.assessed_on else "-"
        print(f"{when}  {level}  {coverage}  {names.customer(r)[:28]:<28}  {industry[:24]:<24}  "
              f"{_short(size):<10}  {names.engagement(r)}"
              + (f"  [{m.model_id}]" if m is not None and model is None else "")
              + (f"  ({r.problem})" if r.problem else ""))
    if not portfolio.rows:
        print("no engagements")
    if note:
        print(note)
    return 0


def _short(name: str) -> str:
    """"Medium (20-50 IT staff)" -> "Medium": the column is narrow."""
    return name.split("(")[0].split("(")[0].strip()


def cmd_compare(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.services.engagements import find_engagement
    from app.services.portfolio import export_comparison

    if len(args.engagements) < 2:
        raise UserError("give at least two engagements to compare")
    out = Path(args.out)
    if out.suffix.lower() not in (".docx", ".xlsx"):
        raise UserError(f"{args.out}: the comparison is written as .docx (Word) or .xlsx (Excel)")
    library = content(args)
    repo = repository(args)
    ids = [find_engagement(repo, key).id for key in args.engagements]
    if len(set(ids)) < len(ids):
        raise UserError("an engagement is named twice; give each one once")
    from app.services.reports import load_branding

    branding = load_branding(args.consultancy_name or "", args.logo)  # checked before anything is read
    path = export_comparison(library, repo, ids, out, anonymise=args.anonymise, lang=args.lang, branding=branding)
    print(f"written {path}")
    return 0
