"""The organisation design of one engagement: current and target organisation, role
catalogue, RACI and transition plan, as plain objects.

Pure data, no storage and no Qt. ``OrganisationDesign.to_dict``/``from_dict`` is the
versioned JSON document the engagement documents store keeps; ``from_dict`` is also
the gate for bad input: every value that cannot be right (a headcount that is not a
whole number, a team of nobody, a rotation larger than its team) raises one
``OrganisationInputError`` that names the field, so nothing half-valid is ever saved.

Headcount is kept apart from duties on purpose: a team *has* people in posts (three
SREs, four O&M engineers) and some of them *hold duties* (seven of them take the
on-call primary shift, three are trained incident commanders). Only posts add up
to headcount; a duty can never need more people than the team has.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from app.errors import UserError

DOCUMENT_KIND = "organisation_design"
DOCUMENT_VERSION = 1

TEAM_TYPES = ("stream_aligned", "platform", "enabling", "complicated_subsystem", "operations", "governance")
# Team Topologies interaction modes between two teams.
INTERACTION_MODES = ("collaboration", "x_as_a_service", "facilitating")
COVERAGES = ("24x7", "business_hours", "extended_hours")
RACI_LETTERS = ("R", "A", "C", "I")
SIZES = ("medium", "large")
TRANSITION_KINDS = ("new_role", "hire", "move", "training", "reduce")


class OrganisationInputError(UserError):
    """A value in an organisation design that cannot be right; ``field`` says where."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"{field_path}: {message}")
        self.field = field_path
        self.problem = message


# --- the organisation ---------------------------------------------------------


@dataclass
class Team:
    id: str
    # Empty name or mission with a ``template`` set: the content's text, in the report's language.
    name: str = ""
    type: str = "operations"
    mission: str = ""
    site: str = ""
    posts: dict[str, int] = field(default_factory=dict)  # role id -> people in that post
    duties: dict[str, int] = field(default_factory=dict)  # role id -> people qualified for the duty
    reports_to: str | None = None  # team id of the line manager's team
    # Share of the team's working time, in %; None when not measured.
    toil_pct: float | None = None
    oncall_pct: float | None = None
    project_pct: float | None = None
    template: str | None = None  # the content template team it was seeded from
    becomes: str | None = None  # current teams: the target team its people move to

    @property
    def headcount(self) -> int:
        return sum(self.posts.values())

    def holders(self, role: str) -> int:
        """People in the team who hold ``role``, as a post or as a duty."""
        return self.posts.get(role, 0) + self.duties.get(role, 0)

    @property
    def operational_pct(self) -> float | None:
        """Toil plus on-call: the share the operational-work cap limits."""
        if self.toil_pct is None and self.oncall_pct is None:
            return None
        return (self.toil_pct or 0.0) + (self.oncall_pct or 0.0)


@dataclass
class RotationMember:
    team: str
    site: str
    count: int


@dataclass
class Rotation:
    """One on-call rotation; it may draw on several teams and span several sites."""

    id: str
    name: str = ""
    coverage: str = "24x7"
    members: list[RotationMember] = field(default_factory=list)
    shift_days: int = 7  # length of one primary shift in days
    incidents_per_shift: float | None = None  # average per 12-hour shift, measured

    @property
    def size(self) -> int:
        return sum(m.count for m in self.members)

    def per_site(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for m in self.members:
            sizes[m.site] = sizes.get(m.site, 0) + m.count
        return sizes


@dataclass
class Interaction:
    source: str  # team id
    target: str  # team id
    mode: str


@dataclass
class Organisation:
    teams: list[Team] = field(default_factory=list)
    rotations: list[Rotation] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    # process id -> role id of its owner
    process_owners: dict[str, str] = field(default_factory=dict)
    # Incidents per 12-hour shift and the like are per rotation; this is the organisation's own note.
    notes: str = ""

    def team(self, team_id: str) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    @property
    def headcount(self) -> int:
        return sum(t.headcount for t in self.teams)

    def holders(self, role: str) -> int:
        return sum(t.holders(role) for t in self.teams)

    def posts(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for t in self.teams:
            for role, n in t.posts.items():
                totals[role] = totals.get(role, 0) + n
        return totals

    @property
    def sites(self) -> list[str]:
        seen: dict[str, None] = {}
        for t in self.teams:
            if t.site:
                seen.setdefault(t.site, None)
        for r in self.rotations:
            for m in r.members:
                if m.site:
                    seen.setdefault(m.site, None)
        return list(seen)


# --- role catalogue, RACI, transition --------------------------------------------


@dataclass
class RoleEntry:
    """A role as this engagement describes it; empty texts fall back to the content's."""

    id: str
    name: str = ""
    mission: str = ""
    responsibilities: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    career_path: str = ""
    custom: bool = False  # a role the consultant added, not in the content


@dataclass
class RaciVariant:
    """A business line whose process differs: its cells replace the base RACI's row."""

    name: str
    cells: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class TransitionStep:
    phase: int
    kind: str
    role: str = ""
    count: int = 0
    from_team: str = ""
    to_team: str = ""
    description: str = ""


@dataclass
class RaciSettings:
    max_accountable: int = 12  # warn above this many activities Accountable for one role
    max_consulted: int = 4  # warn above this many Consulted on one activity


@dataclass
class OrganisationDesign:
    size: str = "medium"
    model_id: str = ""
    model_version: str = ""
    template_id: str = ""
    current: Organisation = field(default_factory=Organisation)
    target: Organisation = field(default_factory=Organisation)
    roles: list[RoleEntry] = field(default_factory=list)
    # activity id -> role id -> letter
    raci: dict[str, dict[str, str]] = field(default_factory=dict)
    raci_variants: list[RaciVariant] = field(default_factory=list)
    raci_settings: RaciSettings = field(default_factory=RaciSettings)
    transition: list[TransitionStep] = field(default_factory=list)

    def role(self, role_id: str) -> RoleEntry | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def copy(self) -> OrganisationDesign:
        return copy.deepcopy(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": DOCUMENT_KIND,
            "version": DOCUMENT_VERSION,
            "size": self.size,
            "model": {"id": self.model_id, "version": self.model_version},
            "template": self.template_id,
            "current": _org_to_dict(self.current),
            "target": _org_to_dict(self.target),
            "roles": [
                {"id": r.id, "name": r.name, "mission": r.mission, "responsibilities": list(r.responsibilities),
                 "skills": list(r.skills), "career_path": r.career_path, "custom": r.custom}
                for r in self.roles
            ],
            "raci": {a: dict(cells) for a, cells in self.raci.items()},
            "raci_variants": [{"name": v.name, "cells": {a: dict(c) for a, c in v.cells.items()}}
                              for v in self.raci_variants],
            "raci_settings": {"max_accountable": self.raci_settings.max_accountable,
                              "max_consulted": self.raci_settings.max_consulted},
            "transition": [
                {"phase": s.phase, "kind": s.kind, "role": s.role, "count": s.count, "from_team": s.from_team,
                 "to_team": s.to_team, "description": s.description}
                for s in self.transition
            ],
        }

    @classmethod
    def from_dict(cls, data: Any) -> OrganisationDesign:
        """Read a design back, refusing anything that cannot be right (see module docstring)."""
        r = _Reader()
        d = r.mapping(data, "design")
        if d.get("kind", DOCUMENT_KIND) != DOCUMENT_KIND:
            raise OrganisationInputError("kind", f"expected {DOCUMENT_KIND!r}, got {d.get('kind')!r}")
        version = d.get("version", DOCUMENT_VERSION)
        if not isinstance(version, int) or version > DOCUMENT_VERSION:
            raise OrganisationInputError("version", f"this tool reads versions up to {DOCUMENT_VERSION}, got {version!r}")
        size = r.choice(d.get("size", "medium"), "size", SIZES)
        model = r.mapping(d.get("model", {}), "model")
        design = cls(
            size=size,
            model_id=r.text(model.get("id", ""), "model.id"),
            model_version=r.text(model.get("version", ""), "model.version"),
            template_id=r.text(d.get("template", ""), "template"),
            current=_org_from_dict(r, d.get("current", {}), "current"),
            target=_org_from_dict(r, d.get("target", {}), "target"),
        )
        seen_roles: set[str] = set()
        for i, item in enumerate(r.sequence(d.get("roles", []), "roles")):
            where = f"roles[{i}]"
            m = r.mapping(item, where)
            role_id = r.identifier(m.get("id"), f"{where}.id")
            if role_id in seen_roles:
                raise OrganisationInputError(f"{where}.id", f"role {role_id!r} is listed twice")
            seen_roles.add(role_id)
            design.roles.append(RoleEntry(
                id=role_id,
                name=r.text(m.get("name", ""), f"{where}.name"),
                mission=r.text(m.get("mission", ""), f"{where}.mission"),
                responsibilities=[r.text(x, f"{where}.responsibilities[{j}]")
                                  for j, x in enumerate(r.sequence(m.get("responsibilities", []),
                                                                   f"{where}.responsibilities"))],
                skills=[r.text(x, f"{where}.skills[{j}]")
                        for j, x in enumerate(r.sequence(m.get("skills", []), f"{where}.skills"))],
                career_path=r.text(m.get("career_path", ""), f"{where}.career_path"),
                custom=bool(m.get("custom", False)),
            ))
        design.raci = _raci_from_dict(r, d.get("raci", {}), "raci")
        for i, item in enumerate(r.sequence(d.get("raci_variants", []), "raci_variants")):
            m = r.mapping(item, f"raci_variants[{i}]")
            name = r.text(m.get("name", ""), f"raci_variants[{i}].name")
            if not name.strip():
                raise OrganisationInputError(f"raci_variants[{i}].name", "a RACI variant needs a business-line name")
            design.raci_variants.append(
                RaciVariant(name, _raci_from_dict(r, m.get("cells", {}), f"raci_variants[{name}]")))
        settings = r.mapping(d.get("raci_settings", {}), "raci_settings")
        design.raci_settings = RaciSettings(
            max_accountable=r.count(settings.get("max_accountable", 12), "raci_settings.max_accountable", minimum=1),
            max_consulted=r.count(settings.get("max_consulted", 4), "raci_settings.max_consulted", minimum=1),
        )
        for i, item in enumerate(r.sequence(d.get("transition", []), "transition")):
            where = f"transition[{i}]"
            m = r.mapping(item, where)
            design.transition.append(TransitionStep(
                phase=r.count(m.get("phase", 1), f"{where}.phase", minimum=1),
                kind=r.choice(m.get("kind"), f"{where}.kind", TRANSITION_KINDS),
                role=r.text(m.get("role", ""), f"{where}.role"),
                count=r.count(m.get("count", 0), f"{where}.count"),
                from_team=r.text(m.get("from_team", ""), f"{where}.from_team"),
                to_team=r.text(m.get("to_team", ""), f"{where}.to_team"),
                description=r.text(m.get("description", ""), f"{where}.description"),
            ))
        return design


def validate_design(design: OrganisationDesign) -> OrganisationDesign:
    """Check an edited design the way a saved one is checked; raises on the first bad field."""
    return OrganisationDesign.from_dict(design.to_dict())


# --- serialisation helpers ----------------------------------------------------------


def _org_to_dict(org: Organisation) -> dict[str, Any]:
    return {
        "teams": [
            {"id": t.id, "name": t.name, "type": t.type, "mission": t.mission, "site": t.site,
             "posts": dict(t.posts), "duties": dict(t.duties), "reports_to": t.reports_to,
             "toil_pct": t.toil_pct, "oncall_pct": t.oncall_pct, "project_pct": t.project_pct,
             "template": t.template, "becomes": t.becomes}
            for t in org.teams
        ],
        "rotations": [
            {"id": r.id, "name": r.name, "coverage": r.coverage, "shift_days": r.shift_days,
             "incidents_per_shift": r.incidents_per_shift,
             "members": [{"team": m.team, "site": m.site, "count": m.count} for m in r.members]}
            for r in org.rotations
        ],
        "interactions": [{"source": i.source, "target": i.target, "mode": i.mode} for i in org.interactions],
        "process_owners": dict(org.process_owners),
        "notes": org.notes,
    }


def _org_from_dict(r: _Reader, data: Any, where: str) -> Organisation:
    d = r.mapping(data, where)
    org = Organisation(notes=r.text(d.get("notes", ""), f"{where}.notes"))
    for i, item in enumerate(r.sequence(d.get("teams", []), f"{where}.teams")):
        m = r.mapping(item, f"{where}.teams[{i}]")
        team_id = r.identifier(m.get("id"), f"{where}.teams[{i}].id")
        at = f"{where}.teams[{team_id}]"
        if org.team(team_id) is not None:
            raise OrganisationInputError(f"{at}.id", f"team id {team_id!r} is used twice")
        team = Team(
            id=team_id,
            name=r.text(m.get("name", ""), f"{at}.name"),
            type=r.choice(m.get("type", "operations"), f"{at}.type", TEAM_TYPES),
            mission=r.text(m.get("mission", ""), f"{at}.mission"),
            site=r.text(m.get("site", ""), f"{at}.site"),
            posts=r.counts(m.get("posts", {}), f"{at}.posts"),
            duties=r.counts(m.get("duties", {}), f"{at}.duties"),
            reports_to=r.optional_text(m.get("reports_to"), f"{at}.reports_to"),
            toil_pct=r.percent(m.get("toil_pct"), f"{at}.toil_pct"),
            oncall_pct=r.percent(m.get("oncall_pct"), f"{at}.oncall_pct"),
            project_pct=r.percent(m.get("project_pct"), f"{at}.project_pct"),
            template=r.optional_text(m.get("template"), f"{at}.template"),
            becomes=r.optional_text(m.get("becomes"), f"{at}.becomes"),
        )
        if team.headcount == 0:
            raise OrganisationInputError(f"{at}.posts", "a team needs at least one person in a post")
        for role, n in team.duties.items():
            if n > team.headcount:
                raise OrganisationInputError(
                    f"{at}.duties.{role}", f"{n} people hold this duty but the team has only {team.headcount}")
        shares = [x for x in (team.toil_pct, team.oncall_pct, team.project_pct) if x is not None]
        if sum(shares) > 100:
            raise OrganisationInputError(
                f"{at}.toil_pct", f"toil, on-call and project work add up to {sum(shares):g} %, more than 100 %")
        org.teams.append(team)
    for team in org.teams:
        if team.reports_to is not None and org.team(team.reports_to) is None:
            raise OrganisationInputError(f"{where}.teams[{team.id}].reports_to",
                                         f"no team {team.reports_to!r} in this organisation")
        if team.reports_to == team.id:
            raise OrganisationInputError(f"{where}.teams[{team.id}].reports_to", "a team cannot report to itself")
    _no_reporting_cycle(org, where)
    for i, item in enumerate(r.sequence(d.get("rotations", []), f"{where}.rotations")):
        m = r.mapping(item, f"{where}.rotations[{i}]")
        rot_id = r.identifier(m.get("id"), f"{where}.rotations[{i}].id")
        at = f"{where}.rotations[{rot_id}]"
        rotation = Rotation(
            id=rot_id,
            name=r.text(m.get("name", ""), f"{at}.name"),
            coverage=r.choice(m.get("coverage", "24x7"), f"{at}.coverage", COVERAGES),
            shift_days=r.count(m.get("shift_days", 7), f"{at}.shift_days", minimum=1),
            incidents_per_shift=r.number(m.get("incidents_per_shift"), f"{at}.incidents_per_shift"),
        )
        for j, mem in enumerate(r.sequence(m.get("members", []), f"{at}.members")):
            mm = r.mapping(mem, f"{at}.members[{j}]")
            team_id = r.text(mm.get("team", ""), f"{at}.members[{j}].team")
            team = org.team(team_id)
            if team is None:
                raise OrganisationInputError(f"{at}.members[{j}].team", f"no team {team_id!r} in this organisation")
            count = r.count(mm.get("count", 0), f"{at}.members[{team_id}].count", minimum=1)
            if count > team.headcount:
                raise OrganisationInputError(
                    f"{at}.members[{team_id}].count",
                    f"a rotation of {count} from team {team_id!r} is larger than the team ({team.headcount} people)")
            rotation.members.append(RotationMember(team_id, r.text(mm.get("site", ""), f"{at}.members[{j}].site"),
                                                   count))
        org.rotations.append(rotation)
    for i, item in enumerate(r.sequence(d.get("interactions", []), f"{where}.interactions")):
        m = r.mapping(item, f"{where}.interactions[{i}]")
        inter = Interaction(r.text(m.get("source", ""), f"{where}.interactions[{i}].source"),
                            r.text(m.get("target", ""), f"{where}.interactions[{i}].target"),
                            r.choice(m.get("mode"), f"{where}.interactions[{i}].mode", INTERACTION_MODES))
        for end in ("source", "target"):
            if org.team(getattr(inter, end)) is None:
                raise OrganisationInputError(f"{where}.interactions[{i}].{end}",
                                             f"no team {getattr(inter, end)!r} in this organisation")
        org.interactions.append(inter)
    owners = r.mapping(d.get("process_owners", {}), f"{where}.process_owners")
    org.process_owners = {str(k): r.text(v, f"{where}.process_owners.{k}") for k, v in owners.items()}
    return org


def _no_reporting_cycle(org: Organisation, where: str) -> None:
    for team in org.teams:
        seen = {team.id}
        up = team.reports_to
        while up is not None:
            if up in seen:
                raise OrganisationInputError(f"{where}.teams[{team.id}].reports_to",
                                             "the reporting lines go round in a circle")
            seen.add(up)
            parent = org.team(up)
            up = parent.reports_to if parent else None


def _raci_from_dict(r: _Reader, data: Any, where: str) -> dict[str, dict[str, str]]:
    raci: dict[str, dict[str, str]] = {}
    for activity, cells in r.mapping(data, where).items():
        row = r.mapping(cells, f"{where}[{activity}]")
        out: dict[str, str] = {}
        for role, letter in row.items():
            if letter in ("", None):
                continue
            if letter not in RACI_LETTERS:
                raise OrganisationInputError(f"{where}[{activity}][{role}]",
                                             f"expected one of R, A, C, I or empty, got {letter!r}")
            out[str(role)] = letter
        raci[str(activity)] = out
    return raci


class _Reader:
    """Typed reads of untrusted JSON that fail with the field's path."""

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise OrganisationInputError(where, f"expected a mapping, got {type(value).__name__}")
        return value

    def sequence(self, value: Any, where: str) -> list:
        if not isinstance(value, list):
            raise OrganisationInputError(where, f"expected a list, got {type(value).__name__}")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise OrganisationInputError(where, f"expected text, got {value!r}")
        return value

    def optional_text(self, value: Any, where: str) -> str | None:
        return None if value in (None, "") else self.text(value, where)

    def identifier(self, value: Any, where: str) -> str:
        text = self.text(value, where).strip()
        if not text:
            raise OrganisationInputError(where, "an id cannot be empty")
        return text

    def choice(self, value: Any, where: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise OrganisationInputError(where, f"expected one of {', '.join(allowed)}, got {value!r}")
        return value

    def count(self, value: Any, where: str, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise OrganisationInputError(where, f"expected a whole number, got {value!r}")
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise OrganisationInputError(where, f"expected a whole number, got {value!r}") from None
        if value != int(value):
            raise OrganisationInputError(where, f"{value:g} is not a whole number of people")
        if int(value) < minimum:
            raise OrganisationInputError(where, f"must be at least {minimum}, got {int(value)}")
        return int(value)

    def counts(self, value: Any, where: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for role, n in self.mapping(value, where).items():
            n = self.count(n, f"{where}.{role}")
            if n:
                out[str(role)] = n
        return out

    def number(self, value: Any, where: str) -> float | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise OrganisationInputError(where, f"expected a number, got {value!r}")
        if value < 0:
            raise OrganisationInputError(where, f"cannot be negative, got {value:g}")
        return float(value)

    def percent(self, value: Any, where: str) -> float | None:
        number = self.number(value, where)
        if number is not None and number > 100:
            raise OrganisationInputError(where, f"a share of working time cannot exceed 100 %, got {number:g}")
        return number
