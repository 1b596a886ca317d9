"""The current organisation as the organisation survey describes it: a first draft to edit.

The survey asks for numbers, not an org chart, so the draft is what those numbers allow
and no more (the consultant renames, splits and re-parents the teams afterwards):

- ``o.team.02`` people in O&M, of whom ``o.team.03`` work mainly on reliability,
  automation or the platform and ``o.team.04`` staff the NOC and service desk. The rest
  are O&M engineers; one of them is counted as the O&M manager when there are at least two.
- ``o.team.07`` the structure: "service-aligned teams backed by a platform or SRE team"
  gives the reliability engineers a platform team of their own; any other answer keeps
  them in the operations team.
- ``o.work.01`` toil and ``o.call.03`` on-call share of working time (operations team and,
  for on-call, the SRE team); ``o.call.01`` the on-call rotation (its size band and sites);
  ``o.call.02`` incidents per 12-hour shift.

Several interviewees: the median of the numbers (rounded to whole people), the answer most
of them chose. Nothing answered: no draft (None). Team names come from the content's
template teams of the same kind, so they read in the report's language.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence

from app.planning.organisation import Organisation, Rotation, RotationMember, Team

SURVEY_ID = "organisation-survey"
QUESTIONS = ("o.team.02", "o.team.03", "o.team.04", "o.team.07", "o.work.01", "o.call.01", "o.call.02", "o.call.03")
# o.call.01 bands -> engineers per site (the band's usual middle)
ROTATION_BANDS = {"lt3": (2,), "single_3_7": (5,), "dual_under_6": (4, 4), "single_8": (8,), "dual_6": (6, 6)}


def _number(values: Sequence[str]) -> float | None:
    numbers = []
    for v in values:
        try:
            numbers.append(float(v))
        except (TypeError, ValueError):
            continue
    return statistics.median(numbers) if numbers else None


def _choice(values: Sequence[str]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def current_from_survey(answers: Mapping[str, Sequence[str]], sites: Sequence[str] = ("",)) -> Organisation | None:
    """``answers``: question id -> the values given (one per interviewee who answered)."""
    om = _number(answers.get("o.team.02", ()))
    if om is None or om < 1:
        return None
    om_people = int(round(om))
    sre = min(int(round(_number(answers.get("o.team.03", ())) or 0)), om_people)
    noc = min(int(round(_number(answers.get("o.team.04", ())) or 0)), om_people - sre)
    engineers = om_people - sre - noc
    structure = _choice(answers.get("o.team.07", ()))
    toil = _pct(_number(answers.get("o.work.01", ())))
    oncall = _pct(_number(answers.get("o.call.03", ())))
    if toil is not None and oncall is not None and toil + oncall > 100:
        oncall = 100 - toil  # shares of one working week: the survey's two answers cannot both hold
    site = sites[0] if sites else ""

    org = Organisation()
    head = None
    if engineers >= 2:
        engineers -= 1
        org.teams.append(Team(id="cur.management", type="governance", site=site, posts={"om_manager": 1},
                              template="med.management"))
        head = "cur.management"
    ops_posts = {"om_engineer": engineers} if engineers else {}
    separate_sre = structure == "platform" and sre > 0
    if sre and not separate_sre:
        ops_posts["sre"] = sre
    if ops_posts:
        org.teams.append(Team(id="cur.operations", type="operations", site=site, posts=ops_posts, reports_to=head,
                              toil_pct=toil, oncall_pct=oncall, template="med.ops_sre"))
    if separate_sre:
        org.teams.append(Team(id="cur.platform", type="platform", site=site, posts={"sre": sre}, reports_to=head,
                              oncall_pct=oncall, template="med.platform"))
    if noc:
        org.teams.append(Team(id="cur.noc", type="operations", site=site, posts={"noc_operator": noc},
                              reports_to=head, toil_pct=toil, template="lg.noc"))
    if not org.teams:
        return None
    band = _choice(answers.get("o.call.01", ()))
    on_call = next((t for t in org.teams if t.id in ("cur.operations", "cur.platform")), None)
    if band in ROTATION_BANDS and on_call is not None:
        per_site = ROTATION_BANDS[band]
        rotation_sites = list(sites) if len(per_site) > 1 and len(sites) > 1 else [site] * len(per_site)
        members: list[RotationMember] = []
        left = on_call.headcount
        for count, where in zip(per_site, rotation_sites, strict=False):
            take = min(count, left)
            if take:
                members.append(RotationMember(on_call.id, where, take))
                left -= take
        if members:
            incidents = _number(answers.get("o.call.02", ()))
            org.rotations.append(Rotation(id="cur.oncall", name="", coverage="24x7", members=members,
                                          incidents_per_shift=incidents))
    return org


def _pct(value: float | None) -> float | None:
    return None if value is None else max(0.0, min(100.0, float(value)))


__all__ = ["QUESTIONS", "SURVEY_ID", "current_from_survey"]
