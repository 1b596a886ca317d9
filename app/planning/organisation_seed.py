"""Start an organisation design from the content: role catalogue, RACI and a target
organisation seeded from the Medium or Large template.

The templates describe one team per kind ("one per product line"); seeding repeats
those for the product lines and platform domains the consultant names, and for Large
spreads the on-call rotations over the sites so the dual-site rule can apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.content.schema import MaturityModel, OrganisationModel, OrganisationTemplate, Text
from app.planning.organisation import (
    Interaction,
    Organisation,
    OrganisationDesign,
    RoleEntry,
    Rotation,
    RotationMember,
    Team,
)

ONCALL_DUTY = "oncall_primary"


@dataclass(frozen=True)
class ActivityRef:
    """One RACI row: an activity of one of the seven processes, named from the process model."""

    process: str
    id: str
    name: Text
    process_name: Text


def activities(org_model: OrganisationModel, process_model: MaturityModel | None) -> list[ActivityRef]:
    """RACI rows in process order, named from the process model where it has them."""
    names: dict[str, tuple[Text, Text]] = {}
    order: list[tuple[str, str]] = []
    if process_model is not None:
        for domain in process_model.domains:
            if domain.process is None:
                continue
            for act in domain.process.activities:
                names[act.id] = (act.name, domain.name)
                order.append((domain.id, act.id))
    known = {a for _, a in order}
    for entry in org_model.raci:
        if entry.activity not in known:
            order.append((entry.process, entry.activity))
            known.add(entry.activity)
    out = []
    for process, act_id in order:
        name, process_name = names.get(act_id, (Text(en=act_id, zh=act_id), Text(en=process, zh=process)))
        out.append(ActivityRef(process, act_id, name, process_name))
    return out


def template_for(org_model: OrganisationModel, size: str) -> OrganisationTemplate:
    for template in org_model.templates:
        if template.size.value == size:
            return template
    raise LookupError(f"organisation model {org_model.id} has no {size} template")


def role_catalogue(org_model: OrganisationModel) -> list[RoleEntry]:
    """One entry per content role; texts stay empty so the content's (both languages) show."""
    return [RoleEntry(id=role.id) for role in org_model.roles]


def seed_raci(org_model: OrganisationModel) -> dict[str, dict[str, str]]:
    return {entry.activity: dict(entry.assignments) for entry in org_model.raci}


def default_process_owners(org_model: OrganisationModel) -> dict[str, str]:
    """The role Accountable for most of a process's activities owns it (first such role on a tie)."""
    tally: dict[str, dict[str, int]] = {}
    for entry in org_model.raci:
        for role, letter in entry.assignments.items():
            if letter == "A":
                per = tally.setdefault(entry.process, {})
                per[role] = per.get(role, 0) + 1
    return {process: max(per, key=lambda r: per[r]) for process, per in tally.items()}


def seed_target(org_model: OrganisationModel, size: str, *, lines: tuple[str, ...] = ("1", "2"),
                sites: tuple[str, ...] = ("",)) -> Organisation:
    """The target organisation as the template draws it.

    ``lines`` names the product lines (Large) or product areas (Medium): teams marked
    "one per ..." are repeated once per line. ``sites`` lists the sites; repeated teams
    alternate between them, each with its own single-site rotation.
    """
    template = template_for(org_model, size)
    org = Organisation(process_owners=default_process_owners(org_model))
    head: str | None = None
    for tt in template.teams:
        copies = lines if is_repeated(tt.name) else ("",)
        for n, line in enumerate(copies):
            team_id = f"{tt.id}.{line}" if line else tt.id
            team = Team(
                id=team_id,
                type=tt.type,
                # Repeated teams alternate between the sites; the rest sit at the first.
                site=sites[n % len(sites)],
                posts={rc.role: rc.count for rc in tt.roles if not rc.duty and rc.count},
                duties={rc.role: rc.count for rc in tt.roles if rc.duty and rc.count},
                template=tt.id,
            )
            if head is None and tt.type == "governance":
                head = team.id
            else:
                team.reports_to = head
            org.teams.append(team)
    _seed_rotations(org, size, sites)
    if size == "large":
        _seed_interactions(org)
    return org


def is_repeated(name: Text) -> bool:
    """Template teams named '... (one per product line)' stand for several teams."""
    return " per " in name.en and "(" in name.en


def template_team_name(name: Text, lang: str) -> str:
    """'Product delivery team (one per product line)' -> 'Product delivery team'."""
    text = name.get(lang)
    for bracket in (" (", "（"):
        text = text.split(bracket)[0]
    return text.strip()


def _seed_rotations(org: Organisation, size: str, sites: tuple[str, ...]) -> None:
    on_call = [t for t in org.teams if t.duties.get(ONCALL_DUTY)]
    if not on_call:
        return
    if size == "medium":
        # One shared rotation: the template's operations team and the platform engineers on it.
        org.rotations.append(Rotation(
            id="production", name="Production on-call", coverage="24x7",
            members=[RotationMember(t.id, sites[0], t.duties[ONCALL_DUTY]) for t in on_call]))
        return
    for team in on_call:
        # One rotation per team at the team's own site: the template staffs it for one site.
        org.rotations.append(Rotation(id=f"rota.{team.id}", name="", coverage="24x7",
                                      members=[RotationMember(team.id, team.site, team.duties[ONCALL_DUTY])]))


def _seed_interactions(org: Organisation) -> None:
    """Team Topologies modes the Large template implies between its kinds of teams."""
    by_template: dict[str, list[Team]] = {}
    for t in org.teams:
        by_template.setdefault(t.template or "", []).append(t)
    sre = by_template.get("lg.sre_product_line", [])
    product = by_template.get("lg.product", [])
    for a, b in zip(sre, product, strict=False):
        org.interactions.append(Interaction(a.id, b.id, "collaboration"))
    for platform in by_template.get("lg.platform", []) + by_template.get("lg.tooling", []) \
            + by_template.get("lg.data", []):
        for consumer in sre + product:
            org.interactions.append(Interaction(platform.id, consumer.id, "x_as_a_service"))
    for enabling in by_template.get("lg.enablement", []):
        for learner in sre + product:
            org.interactions.append(Interaction(enabling.id, learner.id, "facilitating"))
    for noc in by_template.get("lg.noc", []):
        for sre_team in sre:
            org.interactions.append(Interaction(noc.id, sre_team.id, "x_as_a_service"))


def new_design(org_model: OrganisationModel, size: str, *, lines: tuple[str, ...] = ("1", "2"),
               sites: tuple[str, ...] = ("",)) -> OrganisationDesign:
    """A fresh design: the template as target, the content's roles and RACI, an empty current organisation."""
    template = template_for(org_model, size)
    return OrganisationDesign(
        size=size,
        model_id=org_model.id,
        model_version=org_model.version,
        template_id=template.id,
        target=seed_target(org_model, size, lines=lines, sites=sites),
        roles=role_catalogue(org_model),
        raci=seed_raci(org_model),
    )
