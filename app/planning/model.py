"""The plan of an assessment-and-planning engagement, as plain data.

A plan is what the consultant agrees with the customer's executives: the objectives
(ranked), the constraints, a target level per domain and capability, the initiatives
and the phases of the roadmap. Everything derived from it (gaps, the schedule, the
evolution path) is recomputed by pure functions and never stored, so a stored plan
cannot disagree with its own roadmap.

``to_dict``/``from_dict`` give the JSON document the engagement documents store keeps;
``SCHEMA_VERSION`` is written into it so an older document can be upgraded on read.

Texts that come from the content library keep both languages (``{"en": ..., "zh": ...}``);
a text the consultant typed is stored as typed and shown in either language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from app.errors import UserError
from app.planning.messages import Message

SCHEMA_VERSION = 1

Label = dict[str, str]
RATINGS = ("low", "medium", "high")


def text(label: Mapping[str, str] | str | None, lang: str) -> str:
    """A label in ``lang``, falling back to the other language rather than to nothing."""
    if label is None:
        return ""
    if isinstance(label, str):
        return label
    return label.get(lang) or label.get("en") or label.get("zh") or next(iter(label.values()), "")


def _label(value: Any) -> Label:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": value, "zh": value}
    return {str(k): str(v) for k, v in dict(value).items()}


class PlanError(UserError):
    """A plan that cannot be scheduled or saved as it is; every problem is named at once."""

    def __init__(self, problems: list[Message]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.render("en") for p in self.problems))

    def render(self, lang: str) -> str:
        return "; ".join(p.render(lang) for p in self.problems)


@dataclass(frozen=True)
class PlanObjective:
    id: str
    name: Label
    rank: int  # 1 is the objective the executives put first
    domains: tuple[str, ...]
    kpis: tuple[str, ...] = ()
    description: Label = field(default_factory=dict)
    # The level this objective needs in its domains; None: the model's default target.
    target_level: int | None = None
    source: str = "library"  # "library" (from om-planning) or "custom" (typed in the workshop)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": dict(self.name), "rank": self.rank, "domains": list(self.domains),
                "kpis": list(self.kpis), "description": dict(self.description),
                "target_level": self.target_level, "source": self.source}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PlanObjective:
        return cls(str(d["id"]), _label(d.get("name")), int(d.get("rank", 1)), tuple(d.get("domains") or ()),
                   tuple(d.get("kpis") or ()), _label(d.get("description")), d.get("target_level"),
                   str(d.get("source", "library")))


@dataclass(frozen=True)
class Deadline:
    """A date the plan must meet, in months from the start (an audit finding, a peak season)."""

    label: str
    month: float

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "month": self.month}


@dataclass(frozen=True)
class Constraints:
    """What the plan must live within, as the workshop stated it (option ids of its questions)."""

    budget: str = ""
    headcount: str = ""
    regulation: str = ""
    tooling: str = ""
    appetite: str = ""
    first_results: str = ""
    horizon_months: int = 24
    deadlines: tuple[Deadline, ...] = ()
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"budget": self.budget, "headcount": self.headcount, "regulation": self.regulation,
                "tooling": self.tooling, "appetite": self.appetite, "first_results": self.first_results,
                "horizon_months": self.horizon_months, "deadlines": [d.to_dict() for d in self.deadlines],
                "notes": self.notes}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Constraints:
        return cls(str(d.get("budget", "")), str(d.get("headcount", "")), str(d.get("regulation", "")),
                   str(d.get("tooling", "")), str(d.get("appetite", "")), str(d.get("first_results", "")),
                   int(d.get("horizon_months", 24)),
                   tuple(Deadline(str(x["label"]), float(x["month"])) for x in d.get("deadlines") or ()),
                   str(d.get("notes", "")))


@dataclass(frozen=True)
class PlanTarget:
    """The agreed level for a domain or a capability, with the proposal it started from."""

    subject_id: str
    kind: str  # "domain" | "capability"
    level: int
    proposed: int
    reason: Message

    @property
    def edited(self) -> bool:
        return self.level != self.proposed

    def to_dict(self) -> dict[str, Any]:
        return {"subject_id": self.subject_id, "kind": self.kind, "level": self.level,
                "proposed": self.proposed, "reason": self.reason.to_dict()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PlanTarget:
        return cls(str(d["subject_id"]), str(d["kind"]), int(d["level"]), int(d.get("proposed", d["level"])),
                   Message.from_dict(d.get("reason") or {"code": "edited"}))


@dataclass(frozen=True)
class PlanInitiative:
    id: str
    name: Label
    capabilities: tuple[str, ...]
    effort: float  # person-months
    duration_months: float
    description: Label = field(default_factory=dict)
    objectives: tuple[str, ...] = ()
    owner_role: str = ""
    impact: str = "medium"  # low | medium | high
    cost_build: str = "medium"  # cost band of building it: low | medium | high
    cost_run: str = "low"  # cost band of running it each year
    # Initiative ids, or capability ids: see app.planning.roadmap for what a capability means here.
    depends_on: tuple[str, ...] = ()
    programme: str = ""
    scope: str = ""  # "" for the whole IT organisation, else a business department id (Large)
    source: str = "library"  # library | recommendation | custom
    pinned_start: float | None = None  # a month the consultant fixed by hand
    deadline_month: float | None = None
    to_level: int | None = None  # the level a recommendation brings its capability to, when known

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": dict(self.name), "description": dict(self.description),
                "capabilities": list(self.capabilities), "objectives": list(self.objectives),
                "owner_role": self.owner_role, "effort": self.effort, "duration_months": self.duration_months,
                "impact": self.impact, "cost_build": self.cost_build, "cost_run": self.cost_run,
                "depends_on": list(self.depends_on), "programme": self.programme, "scope": self.scope,
                "source": self.source, "pinned_start": self.pinned_start, "deadline_month": self.deadline_month,
                "to_level": self.to_level}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PlanInitiative:
        return cls(
            id=str(d["id"]), name=_label(d.get("name")), capabilities=tuple(d.get("capabilities") or ()),
            effort=float(d.get("effort", 0)), duration_months=float(d.get("duration_months", 1)),
            description=_label(d.get("description")), objectives=tuple(d.get("objectives") or ()),
            owner_role=str(d.get("owner_role", "")), impact=str(d.get("impact", "medium")),
            cost_build=str(d.get("cost_build", "medium")), cost_run=str(d.get("cost_run", "low")),
            depends_on=tuple(d.get("depends_on") or ()), programme=str(d.get("programme", "")),
            scope=str(d.get("scope", "")), source=str(d.get("source", "library")),
            pinned_start=None if d.get("pinned_start") is None else float(d["pinned_start"]),
            deadline_month=None if d.get("deadline_month") is None else float(d["deadline_month"]),
            to_level=None if d.get("to_level") is None else int(d["to_level"]),
        )


@dataclass(frozen=True)
class Phase:
    id: str
    name: Label
    start_month: float
    end_month: float
    capacity: float  # person-months available for improvement work in this phase

    @property
    def months(self) -> float:
        return self.end_month - self.start_month

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": dict(self.name), "start_month": self.start_month,
                "end_month": self.end_month, "capacity": self.capacity}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Phase:
        return cls(str(d["id"]), _label(d.get("name")), float(d["start_month"]), float(d["end_month"]),
                   float(d["capacity"]))


@dataclass(frozen=True)
class Department:
    """A business department of a Large engagement: a scope with its own gaps and roadmap."""

    id: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


# Improvement staff (full-time equivalents) a customer can usually free per size; the
# consultant edits the phase capacities, these only seed them.
DEFAULT_IMPROVEMENT_FTE = {"medium": 4.0, "large": 10.0, "standard": 3.0}
DEFAULT_PHASES = ((0, 3, {"en": "Quick wins (0-3 months)", "zh": "速赢阶段（0-3个月）"}),
                  (3, 12, {"en": "Foundations (3-12 months)", "zh": "夯实基础（3-12个月）"}),
                  (12, 24, {"en": "Scale and optimise (12-24 months)", "zh": "规模化与优化（12-24个月）"}))


def default_phases(size: str = "medium", horizon_months: int = 24) -> list[Phase]:
    """0-3, 3-12 and 12-24 months; a plan over more than two years gets yearly phases after that."""
    fte = DEFAULT_IMPROVEMENT_FTE.get(size, DEFAULT_IMPROVEMENT_FTE["medium"])
    bounds: list[tuple[float, float, Label]] = [(s, e, dict(n)) for s, e, n in DEFAULT_PHASES if s < horizon_months]
    last = bounds[-1]
    if last[1] > horizon_months:
        bounds[-1] = (last[0], float(horizon_months), last[2])
    start = bounds[-1][1]
    while start < horizon_months:
        end = min(start + 12, horizon_months)
        bounds.append((start, end, {"en": f"Sustain ({start:g}-{end:g} months)",
                                    "zh": f"持续改进（{start:g}-{end:g}个月）"}))
        start = end
    return [Phase(f"P{i + 1}", name, float(s), float(e), round(fte * (e - s), 1))
            for i, (s, e, name) in enumerate(bounds)]


@dataclass(frozen=True)
class Plan:
    model_id: str
    objectives: tuple[PlanObjective, ...] = ()
    constraints: Constraints = Constraints()
    targets: tuple[PlanTarget, ...] = ()
    initiatives: tuple[PlanInitiative, ...] = ()
    phases: tuple[Phase, ...] = ()
    departments: tuple[Department, ...] = ()
    size: str = "medium"
    library_id: str = ""
    library_version: str = ""

    def target(self, subject_id: str) -> PlanTarget | None:
        return next((t for t in self.targets if t.subject_id == subject_id), None)

    def initiative(self, initiative_id: str) -> PlanInitiative:
        return next(i for i in self.initiatives if i.id == initiative_id)

    def with_initiative(self, initiative: PlanInitiative) -> Plan:
        """The plan with ``initiative`` replacing the one of the same id, or added at the end."""
        items = list(self.initiatives)
        for n, item in enumerate(items):
            if item.id == initiative.id:
                items[n] = initiative
                break
        else:
            items.append(initiative)
        return replace(self, initiatives=tuple(items))

    def with_target(self, subject_id: str, level: int) -> Plan:
        targets = [replace(t, level=int(level)) if t.subject_id == subject_id else t for t in self.targets]
        return replace(self, targets=tuple(targets))

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA_VERSION, "model_id": self.model_id, "size": self.size,
                "library_id": self.library_id, "library_version": self.library_version,
                "objectives": [o.to_dict() for o in self.objectives], "constraints": self.constraints.to_dict(),
                "targets": [t.to_dict() for t in self.targets],
                "initiatives": [i.to_dict() for i in self.initiatives],
                "phases": [p.to_dict() for p in self.phases],
                "departments": [d.to_dict() for d in self.departments]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Plan:
        schema = int(d.get("schema", SCHEMA_VERSION))
        if schema > SCHEMA_VERSION:
            raise UserError(f"this plan was saved by a newer version of the tool (plan schema {schema}); "
                            "update the tool to open it")
        return cls(
            model_id=str(d["model_id"]),
            objectives=tuple(PlanObjective.from_dict(o) for o in d.get("objectives") or ()),
            constraints=Constraints.from_dict(d.get("constraints") or {}),
            targets=tuple(PlanTarget.from_dict(t) for t in d.get("targets") or ()),
            initiatives=tuple(PlanInitiative.from_dict(i) for i in d.get("initiatives") or ()),
            phases=tuple(Phase.from_dict(p) for p in d.get("phases") or ()),
            departments=tuple(Department(str(x["id"]), str(x["name"])) for x in d.get("departments") or ()),
            size=str(d.get("size", "medium")), library_id=str(d.get("library_id", "")),
            library_version=str(d.get("library_version", "")),
        )


def objective_weights(objectives: tuple[PlanObjective, ...] | list[PlanObjective]) -> dict[str, float]:
    """Rank -> weight: with n objectives the first weighs n, the last 1, normalised to sum 1.

    Three objectives weigh 3/6, 2/6 and 1/6: the first counts for as much as the other
    two together, which is how executives usually describe "the one that matters most".
    """
    ordered = sorted(objectives, key=lambda o: (o.rank, o.id))
    n = len(ordered)
    total = n * (n + 1) / 2
    return {o.id: (n - i) / total for i, o in enumerate(ordered)} if n else {}
