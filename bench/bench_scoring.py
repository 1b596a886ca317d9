"""Scoring an engagement of 200 questions x 15 interviewees (3,000 answers).

Builds a synthetic model (10 domains x 5 capabilities, 200 questions of every answer
type) in memory, so the figure does not depend on the shipped content. Target: < 50 ms.
Also times the shipped Professional diagnosis if the content is installed.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.content.schema import (  # noqa: E402
    Capability,
    ChoiceAnswer,
    ChoiceOption,
    Domain,
    Level,
    LevelsAnswer,
    MaturityModel,
    NumericAnswer,
    Question,
    Questionnaire,
    Scale,
    Section,
    Text,
    Threshold,
    YesNoAnswer,
)
from app.scoring import AnswerStatus, Confidence, Response, score_model  # noqa: E402

T = Text(en="text", zh="文本")


def synthetic() -> tuple[MaturityModel, Questionnaire]:
    scale = Scale(levels=tuple(Level(level=i, name=T, description=T) for i in range(6)))
    levels = {i: T for i in range(6)}
    domains = tuple(
        Domain(id=f"d{d}", name=T, description=T, weight=1 + d % 3,
               capabilities=tuple(Capability(id=f"d{d}.c{c}", name=T, description=T, weight=1 + c % 2,
                                             levels=levels) for c in range(5)))
        for d in range(10))
    model = MaturityModel(kind="maturity_model", id="bench", version="1", name=T, description=T, scale=scale,
                          domains=domains)
    answers = [
        LevelsAnswer(type="levels"),
        YesNoAnswer(type="yes_no", yes_level=3, no_level=1),
        NumericAnswer(type="numeric", unit="%", thresholds=tuple(Threshold(level=i, at_least=i * 20)
                                                                 for i in range(6))),
        ChoiceAnswer(type="choice", options=tuple(ChoiceOption(id=f"o{i}", text=T, level=i) for i in range(6))),
    ]
    questions = [Question(id=f"q{i}", capability=f"d{i % 10}.c{(i // 10) % 5}", text=T, answer=answers[i % 4],
                          roles=("sre",), weight=1 + i % 2) for i in range(200)]
    sections = tuple(Section(id=f"s{s}", title=T, questions=tuple(questions[s * 20:(s + 1) * 20]))
                     for s in range(10))
    q = Questionnaire(kind="questionnaire", id="bench-q", version="1", name=T, description=T, model="bench",
                      roles=("sre",), sections=sections)
    return model, q


def responses_for(questionnaire: Questionnaire, people: int, rng: random.Random) -> list[Response]:
    out = []
    for p in range(people):
        for section in questionnaire.sections:
            for q in section.questions:
                roll = rng.random()
                status = AnswerStatus.UNKNOWN if roll < 0.03 else AnswerStatus.NOT_APPLICABLE if roll < 0.05 \
                    else AnswerStatus.GIVEN
                level = rng.randint(0, 5)
                kind = q.answer.type
                value = {"levels": str(level), "yes_no": rng.choice(["yes", "no"]), "numeric": str(level * 19.5),
                         "choice": f"o{level}"}[kind]
                out.append(Response(questionnaire.id, q.id, f"p{p}", f"Person {p}", "sre", status,
                                    value if status is AnswerStatus.GIVEN else None,
                                    rng.choice(list(Confidence)), rng.randint(0, 1)))
    return out


def time_it(fn, runs: int = 30) -> list[float]:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    rng = random.Random(1)
    model, questionnaire = synthetic()
    responses = responses_for(questionnaire, 15, rng)
    times = time_it(lambda: score_model(model, [questionnaire], responses))
    print(f"score 200 questions x 15 interviewees ({len(responses)} answers), {len(times)} runs")
    print(f"  median {statistics.median(times):.1f} ms   max {max(times):.1f} ms   (target < 50 ms)")

    from app.content import load_content

    library = load_content()
    try:
        pro = library.questionnaire("diagnosis-professional")
        shipped_model = library.model(pro.model)
    except LookupError:
        print("  (shipped Professional diagnosis not installed; skipped)")
        return
    n_questions = sum(len(s.questions) for s in pro.sections)
    shipped = responses_for(pro, 15, rng)
    # shipped questions have their own answer types: use level answers only where valid
    shipped = [r for r in shipped if _fits(pro, r)]
    times = time_it(lambda: score_model(shipped_model, [pro], shipped))
    print(f"score shipped Professional diagnosis ({n_questions} questions, {len(shipped)} answers)")
    print(f"  median {statistics.median(times):.1f} ms   max {max(times):.1f} ms")


def _fits(questionnaire: Questionnaire, response: Response) -> bool:
    from app.scoring import InvalidAnswer, normalise_value

    q = next(q for s in questionnaire.sections for q in s.questions if q.id == response.question_id)
    if response.value is None:
        return True
    try:
        normalise_value(q, Scale(levels=tuple(Level(level=i, name=T, description=T) for i in range(6))),
                        response.value)
        return True
    except InvalidAnswer:
        return False


if __name__ == "__main__":
    main()
