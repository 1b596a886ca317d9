"""What the organisation checks say, in English and Simplified Chinese.

The messages are formatted from the numbers a check compared, so the screen, the
command line and both reports show the same figures with the same words.
"""

from __future__ import annotations

from typing import Any

_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "staffing.oncall_rotation_single_site": {
        "message": ("The 24/7 rotation {subject} has {size} engineers on one site; it needs at least {minimum}.",
                    "7×24值班排班 {subject} 在单一站点只有 {size} 名工程师，至少需要 {minimum} 名。"),
        "action": ("Add {missing} engineers to the rotation (from a neighbouring team or by hiring), or split "
                   "the day with a second site.",
                   "为该排班增加 {missing} 名工程师（从相邻团队调入或招聘），或引入第二站点分担全天值班。"),
    },
    "staffing.oncall_rotation_dual_site": {
        "message": ("The two-site rotation {subject} has {size} engineers at site {site}; each site needs at "
                    "least {minimum}.",
                    "双站点值班排班 {subject} 在站点 {site} 只有 {size} 名工程师，每个站点至少需要 {minimum} 名。"),
        "action": ("Add {missing} engineers at site {site}, or run the rotation from one site with at least "
                   "eight people.",
                   "在站点 {site} 增加 {missing} 名工程师，或改为单站点排班并保证至少8人。"),
    },
    "staffing.oncall_time_cap": {
        "message": ("Team {subject} spends {share} % of its working time on call ({source}); the cap is {limit} %.",
                    "团队 {subject} 值班时间占工作时间的 {share}%（{source}），上限为 {limit}%。"),
        "action": ("Enlarge the rotation or cut the pages (noisy alerts, recurring incidents) until on-call "
                   "stays within {limit} %.",
                   "扩大值班排班或减少呼叫（噪声告警、重复事件），使值班时间不超过 {limit}%。"),
    },
    "staffing.toil_cap": {
        "message": ("Team {subject} spends {share} % of its time on operational work (toil {toil} %, on-call "
                    "{oncall} %); the cap is {limit} %.",
                    "团队 {subject} 的运维类工作占 {share}%（琐事 {toil}%、值班 {oncall}%），上限为 {limit}%。"),
        "action": ("Automate the largest toil sources, hand operational work back to the delivery teams or add "
                   "staff until operational work is at most {limit} %.",
                   "自动化最大的琐事来源，将部分运维工作回退给交付团队或增加人手，使运维类工作不超过 {limit}%。"),
    },
    "staffing.incidents_per_shift": {
        "message": ("Rotation {subject} handles {incidents} incidents per 12-hour shift; at most {limit} can be "
                    "handled properly.",
                    "值班排班 {subject} 每个12小时班次处理 {incidents} 起事件，最多只能妥善处理 {limit} 起。"),
        "action": ("Remove the causes of the most frequent incidents (problem management), tune alerts, or split "
                   "the services over two rotations.",
                   "通过问题管理消除高频事件根因、优化告警，或将服务拆分到两个值班排班。"),
    },
    "staffing.oncall_min_frequency": {
        "message": ("In rotation {subject} of {size} engineers each takes {shifts} primary shifts a quarter; at "
                    "least {minimum} keeps them familiar with the systems.",
                    "在 {size} 人的值班排班 {subject} 中，每人每季度只担任 {shifts} 次主值班，至少 {minimum} "
                    "次才能保持对系统的熟悉。"),
        "action": ("Split the rotation by service area, or shorten the shifts, so each engineer is on call at "
                   "least once or twice a quarter.",
                   "按服务领域拆分排班或缩短班次，使每名工程师每季度至少值班一到两次。"),
    },
    "staffing.team_size_min": {
        "message": ("Team {subject} has {size} people; a stable team needs at least {minimum}.",
                    "团队 {subject} 只有 {size} 人，稳定的团队至少需要 {minimum} 人。"),
        "action": ("Merge the team with a neighbouring one or attach it to one, so leave is covered and knowledge "
                   "sits in more than one head.",
                   "将该团队与相邻团队合并或挂靠，以覆盖休假并避免知识集中在个别人身上。"),
    },
    "staffing.team_size_max": {
        "message": ("Team {subject} has {size} people; above {maximum} a team loses its shared context.",
                    "团队 {subject} 有 {size} 人，超过 {maximum} 人的团队难以共享上下文。"),
        "action": ("Split the team along services or platform domains.",
                   "按服务或平台领域拆分该团队。"),
    },
    "staffing.incident_commander_pool": {
        "message": ("{size} people are trained incident commanders; at least {minimum} are needed so one is "
                    "always reachable.",
                    "受训事件指挥官只有 {size} 人，至少需要 {minimum} 人才能确保始终有人可担任指挥。"),
        "action": ("Train senior engineers as incident commanders and practise in drills.",
                   "培训资深工程师担任事件指挥官，并通过演练加以实践。"),
    },
    "process_no_owner": {
        "message": ("Process {process} has no owner {owner}.",
                    "流程 {process} 没有负责人{owner}。"),
        "action": ("Name the role that owns the process and make sure someone holds it.",
                   "明确负责该流程的角色，并确保有人担任该角色。"),
    },
    "role_no_holder": {
        "message": ("Role {role} is {letter} in the RACI but nobody in the organisation holds it.",
                    "角色 {role} 在RACI中为 {letter}，但组织中无人担任。"),
        "action": ("Give the role to a named person (as a post or a duty), or move its RACI letters to a role "
                   "that is staffed.",
                   "将该角色指派给具体人员（专职或兼任），或将其RACI职责转给有人担任的角色。"),
    },
    "raci.no_accountable": {
        "message": ("Activity {activity} has no Accountable role; it needs exactly one.",
                    "活动 {activity} 没有负责人(A)，必须且只能有一个。"),
    },
    "raci.several_accountable": {
        "message": ("Activity {activity} has {count} Accountable roles ({roles}); it needs exactly one.",
                    "活动 {activity} 有 {count} 个负责人(A)（{roles}），必须且只能有一个。"),
    },
    "raci.no_responsible": {
        "message": ("Activity {activity} has no Responsible role; it needs at least one.",
                    "活动 {activity} 没有执行人(R)，至少需要一个。"),
    },
    "raci.too_many_consulted": {
        "message": ("Activity {activity} consults {count} roles; more than {limit} slows every decision.",
                    "活动 {activity} 需征询 {count} 个角色，超过 {limit} 个会拖慢决策。"),
    },
    "raci.unknown_role": {
        "message": ("Role {role} in activity {activity} is not in the role catalogue.",
                    "活动 {activity} 中的角色 {role} 不在角色目录中。"),
    },
    "raci.no_headcount": {
        "message": ("Role {role} is {letter} for activity {activity} but has no headcount in the target "
                    "organisation.",
                    "角色 {role} 在活动 {activity} 中为 {letter}，但目标组织中没有该角色的人员。"),
    },
    "raci.accountable_overload": {
        "message": ("Role {role} is Accountable for {count} activities; more than {limit} makes it a bottleneck.",
                    "角色 {role} 是 {count} 项活动的负责人(A)，超过 {limit} 项会成为瓶颈。"),
    },
}

_SOURCES = {"measured": ("measured", "实测"), "rotation": ("from the rotation size", "按排班人数推算")}

LABELS: dict[str, tuple[str, str]] = {
    "stream_aligned": ("Stream-aligned", "业务流团队"),
    "platform": ("Platform", "平台团队"),
    "enabling": ("Enabling", "赋能团队"),
    "complicated_subsystem": ("Complicated subsystem", "复杂子系统团队"),
    "operations": ("Operations", "运维团队"),
    "governance": ("Governance", "治理团队"),
    "collaboration": ("Collaboration", "协作"),
    "x_as_a_service": ("X-as-a-service", "服务化提供"),
    "facilitating": ("Facilitating", "引导赋能"),
    "24x7": ("24/7", "7×24小时"),
    "business_hours": ("Business hours", "工作时间"),
    "extended_hours": ("Extended hours", "延长工作时间"),
    "high": ("High", "高"),
    "medium": ("Medium", "中"),
    "low": ("Low", "低"),
    "error": ("Error", "错误"),
    "warning": ("Warning", "警告"),
    "new_role": ("New role", "新设角色"),
    "hire": ("Hire", "招聘"),
    "move": ("Move", "调动"),
    "training": ("Training", "培训"),
    "reduce": ("Reduce", "缩减"),
    "current": ("Current", "现状"),
    "target": ("Target", "目标"),
}


def label(key: str, lang: str) -> str:
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "zh" else pair[0]


def message(key: str, part: str, lang: str, numbers: dict[str, Any],
            names: dict[str, str] | None = None) -> str:
    """The text of one finding; ``names`` turns ids (teams, roles, activities) into display names."""
    texts = _TEXTS.get(key, {}).get(part)
    if texts is None:
        return ""
    names = names or {}
    values: dict[str, Any] = {}
    for k, v in numbers.items():
        if isinstance(v, list | tuple):
            values[k] = "、".join(names.get(x, x) for x in v) if lang == "zh" else ", ".join(names.get(x, x) for x in v)
        elif isinstance(v, str) and k != "source":
            values[k] = names.get(v, v)
        else:
            values[k] = v
    if "source" in values:
        src = _SOURCES.get(values["source"], (values["source"], values["source"]))
        values["source"] = src[1] if lang == "zh" else src[0]
    if key == "process_no_owner":
        owner = values.get("owner") or ""  # already a display name
        if lang == "zh":
            values["owner"] = f"（{owner} 无人担任）" if owner else ""
        else:
            values["owner"] = f"(nobody holds {owner})" if owner else "named"
    template = texts[1] if lang == "zh" else texts[0]
    try:
        return template.format(**values)
    except KeyError:  # a finding built without every number: say what there is
        return template
