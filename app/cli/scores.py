"""``omm score``: scores per domain and capability, with coverage; ``--json`` gives every input."""

from __future__ import annotations

import argparse
import json

from app.cli.common import content, repository


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("score", parents=[common], help="scores per domain and capability, coverage")
    p.add_argument("engagement", metavar="ENGAGEMENT", help="an engagement id or a unique name")
    p.add_argument("--json", action="store_true", help="every number with the inputs it came from")
    p.add_argument("--lang", choices=["en", "zh"], default="en")
    p.set_defaults(func=cmd_score)


def _fmt(level: float | None) -> str:
    return "  -  " if level is None else f"{level:4.2f}"


def cmd_score(args: argparse.Namespace) -> int:
    from app.services import score_engagement

    library = content(args)
    repo = repository(args)
    from app.services.engagements import find_engagement
    engagement = find_engagement(repo, args.engagement)
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
            print(f"  {len(score.disagreements)} questions where interviewees {_disagree_rule(model)}")
    return 0


def _disagree_rule(model) -> str:
    """The model's own threshold (the Word report's method section says the same)."""
    from app.content.schema import ScoringMethod

    if model.scoring.method == ScoringMethod.STAGED:
        return "disagree on whether a criterion is met"
    return f"differ by {model.scoring.disagreement_spread:g} levels or more"


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
            "coverage": c.coverage, "not_applicable": c.not_applicable, "by_role": dict(c.by_role),
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
