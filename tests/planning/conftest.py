from __future__ import annotations

import pytest

from app.planning.model import Phase, PlanInitiative


def item(item_id: str, effort: float = 2.0, months: float = 2.0, deps: tuple[str, ...] = (),
         caps: tuple[str, ...] = ("change.approval",), **kw) -> PlanInitiative:
    return PlanInitiative(item_id, {"en": item_id.upper(), "zh": item_id}, caps, effort, months, depends_on=deps, **kw)


def phases(*spec: tuple[float, float, float]) -> list[Phase]:
    return [Phase(f"P{n + 1}", {"en": f"Phase {n + 1}"}, s, e, c) for n, (s, e, c) in enumerate(spec)]


@pytest.fixture
def mini_model(mini_library):
    return mini_library.model("mini")
