"""What the executive planning workshop decided, read from its answers.

- Objectives: the choice questions whose options are the objective ids of the planning
  library, in questionnaire order, give rank 1, 2, 3 (an objective already ranked is not
  ranked again). Several people answering one question: the answer most of them gave,
  ties to the option listed first.
- Targets: the unscored "levels" questions give a target for the domain of their
  capability (the median of the answers, halves rounded up).
- Constraints: the questions listed in ``CONSTRAINT_QUESTIONS`` (budget, headcount,
  regulation, tooling, appetite for change, first results, plan length).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.content.schema import ChoiceAnswer, LevelsAnswer, MaturityModel, PlanningLibrary, Questionnaire
from app.planning.model import Constraints, PlanObjective
from app.scoring import AnswerStatus, Response

CONSTRAINT_QUESTIONS = {"w.con.01": "budget", "w.con.02": "headcount", "w.con.03": "regulation",
                        "w.con.04": "tooling", "w.app.01": "appetite", "w.app.02": "first_results",
                        "w.app.03": "horizon"}
HORIZON_MONTHS = {"y1": 12, "y2": 24, "y3": 36}


@dataclass(frozen=True)
class WorkshopDecisions:
    objectives: tuple[PlanObjective, ...] = ()
    constraints: Constraints = Constraints()
    domain_targets: dict[str, int] = field(default_factory=dict)


def _given(responses: Iterable[Response], questionnaire_id: str, question_id: str) -> list[str]:
    return [r.value for r in responses if r.questionnaire_id == questionnaire_id and r.question_id == question_id
            and r.status is AnswerStatus.GIVEN and r.value not in (None, "")]


def _most_common(values: list[str], order: list[str]) -> str | None:
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next((o for o in order if counts.get(o) == best), None) or counts.most_common(1)[0][0]


def read_workshop(questionnaire: Questionnaire | None, model: MaturityModel, library: PlanningLibrary | None,
                  responses: Iterable[Response]) -> WorkshopDecisions:
    if questionnaire is None:
        return WorkshopDecisions()
    responses = [r for r in responses if r.questionnaire_id == questionnaire.id]
    library_objectives = {o.id: o for o in library.objectives} if library else {}
    domain_of = {c.id: d.id for d in model.domains for c in d.capabilities}
    ranked: list[PlanObjective] = []
    targets: dict[str, int] = {}
    constraint_values: dict[str, str] = {}
    for section in questionnaire.sections:
        for q in section.questions:
            values = _given(responses, questionnaire.id, q.id)
            if isinstance(q.answer, ChoiceAnswer):
                options = [o.id for o in q.answer.options]
                if library_objectives and all(o in library_objectives for o in options):
                    pick = _most_common(values, options)
                    if pick and all(o.id != pick for o in ranked):
                        lib = library_objectives[pick]
                        ranked.append(PlanObjective(lib.id, {"en": lib.name.en, "zh": lib.name.zh},
                                                    len(ranked) + 1, tuple(lib.domains), tuple(lib.kpis),
                                                    {"en": lib.description.en, "zh": lib.description.zh}))
                elif q.id in CONSTRAINT_QUESTIONS:
                    pick = _most_common(values, options)
                    if pick:
                        constraint_values[CONSTRAINT_QUESTIONS[q.id]] = pick
            elif isinstance(q.answer, LevelsAnswer) and not q.scored and q.capability in domain_of:
                levels = [float(v) for v in values if _is_number(v)]
                if levels:
                    targets[domain_of[q.capability]] = int(math.floor(statistics.median(levels) + 0.5))
    horizon = HORIZON_MONTHS.get(constraint_values.pop("horizon", ""), 24)
    return WorkshopDecisions(tuple(ranked), Constraints(horizon_months=horizon, **constraint_values), targets)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
