"""Every reason and problem the planning functions give, in English and Chinese.

A problem says what is wrong and what to change. Ids in the parameters are shown as
names when the caller passes them (``names``), so a report reads "Runbooks ..." where
the command line prints ``ini.incident.runbooks``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """A reason or a problem in both languages: a code plus the values it names.

    Kept as data (not a finished sentence) so the command line, the screen and both
    report languages say the same thing; ``app.planning.messages`` renders it.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        return render(self, lang)

    def __str__(self) -> str:
        return self.render("en")

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        return cls(str(data["code"]), dict(data.get("params") or {}))


NAMED = ("item", "prerequisite", "objective", "capability", "domain")

TEMPLATES: dict[str, tuple[str, str]] = {
    # --- target proposals
    "target_workshop": ("proposed {level} because the executive workshop set {level} for this domain",
                        "建议{level}级：高管研讨会为该领域设定了{level}级"),
    "target_objective": ("proposed {level} because objective '{objective}' needs change at {level}",
                         "建议{level}级：目标“{objective}”需要该领域达到{level}级"),
    "target_hold": ("proposed {level}: no objective needs change here, so the current level is held",
                    "建议{level}级：没有目标要求该领域改进，保持现有水平"),
    "target_default": ("proposed {level}: not assessed and no objective or workshop answer; the model's default target",
                       "建议{level}级：未评估，也无目标或研讨会答案，采用模型默认目标"),
    "target_raised_to_current": ("proposed {level}: the rule gave {rule} but the current level is already {current}",
                                 "建议{level}级：规则得出{rule}级，但现状已达{current}级"),
    "target_from_domain": ("proposed {level} from the domain's target", "建议{level}级：沿用所属领域的目标"),
    "edited": ("set by the consultant", "由顾问设定"),
    # --- initiatives
    "from_library": ("from the initiative library for the gap in {capability}",
                     "根据{capability}的差距，取自举措库"),
    "from_recommendation": ("from the model's recommendation for {capability}",
                            "根据{capability}的差距，取自模型改进建议"),
    "added_as_prerequisite": ("added because {prerequisite} needs it first",
                              "因{prerequisite}需要以其为前提而加入"),
    # --- scheduler results
    "capability_prerequisite_unraised": (
        "{item} waits for capability {capability}, which no initiative in the plan raises: treated as met; "
        "add an initiative for it or remove the prerequisite",
        "{item}以能力{capability}为前提，但规划中没有举措提升该能力：视为已满足；请为其增加举措或删除该前提"),
    "prerequisite_unscheduled": ("{item} waits for {prerequisite}, which is not scheduled",
                                 "{item}依赖的{prerequisite}未能排入路线图"),
    "ends_after_plan": (
        "{item} could start at month {earliest:g} at the earliest and takes {duration:g} months, past the plan's "
        "end at month {horizon:g}: shorten it, extend the last phase or drop a prerequisite",
        "{item}最早第{earliest:g}个月开始，需{duration:g}个月，超出规划期末（第{horizon:g}个月）：请缩短工期、"
        "延长最后阶段或去掉某个前提"),
    "no_capacity": (
        "{item} needs {need:g} person-months over {duration:g} months, but from month {earliest:g} on no start "
        "leaves room in every phase it would touch (person-months still free: {free}): raise a phase's capacity, "
        "lower the effort or drop another initiative",
        "{item}需要{need:g}人月、工期{duration:g}个月，但从第{earliest:g}个月起找不到各相关阶段都有余量的开始时间"
        "（各阶段剩余人月：{free}）：请提高阶段产能、降低工作量或删减其他举措"),
    "pinned_before_prerequisite": (
        "{item} is pinned to start at month {start:g}, before its prerequisite {prerequisite} finishes at month "
        "{ready:g}: move it to month {ready:g} or later, or remove the dependency",
        "{item}被固定在第{start:g}个月开始，早于其前提{prerequisite}的完成时间（第{ready:g}个月）：请移至第{ready:g}个月"
        "或以后，或删除该依赖"),
    "pinned_prerequisite_unscheduled": ("{item} is pinned but its prerequisite {prerequisite} is not scheduled",
                                        "{item}已固定，但其前提{prerequisite}未能排入路线图"),
    "pinned_over_capacity": (
        "{item} is pinned into {phase}, which now carries {load:g} person-months for a capacity of {capacity:g}: "
        "move an initiative out of {phase} or raise its capacity",
        "{item}被固定在{phase}，该阶段负荷{load:g}人月，超过产能{capacity:g}人月：请移出部分举措或提高该阶段产能"),
    "pinned_past_end": ("{item} is pinned to end at month {end:g}, after the plan's end at month {horizon:g}",
                        "{item}被固定后于第{end:g}个月结束，晚于规划期末（第{horizon:g}个月）"),
    "past_deadline": ("{item} ends at month {end:g}, after its deadline at month {deadline:g}",
                      "{item}于第{end:g}个月结束，晚于其截止时间（第{deadline:g}个月）"),
    # --- bad input
    "no_phases": ("the plan has no phases: add at least one", "规划没有阶段：请至少添加一个"),
    "phase_empty": ("phase {phase} ends at month {end:g}, not after its start at month {start:g}: make it at least "
                    "one month long", "阶段{phase}结束于第{end:g}个月，不晚于其开始（第{start:g}个月）：请至少设为一个月"),
    "phase_not_contiguous": ("phase {phase} starts at month {start:g} but the phase before ends at month "
                             "{expected:g}: phases must follow each other without holes or overlaps",
                             "阶段{phase}从第{start:g}个月开始，但上一阶段在第{expected:g}个月结束：各阶段须首尾相接、不重叠"),
    "phase_no_capacity": ("phase {phase} has no capacity: give it the person-months the customer can free",
                          "阶段{phase}产能为零：请填写客户可投入的人月数"),
    "unknown_prerequisite": (
        "{item} depends on '{prerequisite}', which is neither an initiative of the plan nor a capability of the "
        "model: correct the name or remove it",
        "{item}依赖“{prerequisite}”，它既不是规划中的举措，也不是模型中的能力：请更正名称或删除"),
    "cycle": ("the dependencies go round in a circle: {cycle_text}; remove one of these dependencies",
              "依赖关系形成循环：{cycle_text}；请删除其中一个依赖"),
    "duration_not_positive": ("{item} has no duration: give it at least one month",
                              "{item}没有工期：请至少设为一个月"),
    "longer_than_plan": ("{item} takes {duration:g} months, longer than the whole plan ({horizon:g} months): split it "
                         "or extend the phases", "{item}需要{duration:g}个月，超过整个规划期（{horizon:g}个月）：请拆分举措或延长阶段"),
    "effort_negative": ("{item} has a negative effort: enter the person-months it needs",
                        "{item}的工作量为负数：请填写所需人月"),
    "pinned_before_start": ("{item} is pinned before month 0: pin it at month 0 or later",
                            "{item}被固定在第0个月之前：请固定在第0个月或以后"),
    "target_below_current": (
        "the target {level} for {domain} is below its current level {current:g}: set it to {minimum} or higher",
        "{domain}的目标{level}级低于现状{current:g}级：请设为{minimum}级或更高"),
    "target_outside_scale": ("the target {level} for {domain} is outside the scale {low}-{high}",
                             "{domain}的目标{level}级超出等级范围{low}-{high}"),
}


def render(message: Message, lang: str = "en", names: Mapping[str, str] | None = None) -> str:
    template = TEMPLATES.get(message.code)
    if template is None:
        return f"{message.code}: {dict(message.params)}"
    params: dict[str, Any] = dict(message.params)
    if names:
        for key in NAMED:
            if key in params and params[key] in names:
                params[key] = names[params[key]]
    cycle = params.get("cycle")
    if isinstance(cycle, list | tuple):
        params["cycle_text"] = " -> ".join(names.get(c, c) if names else c for c in cycle)
    return (template[1] if lang == "zh" else template[0]).format(**params)
TEMPLATES["unknown_scope"] = ("{item} belongs to department '{scope}', which the plan does not list: add the "
                              "department or clear the initiative's scope",
                              "{item}归属的业务部门“{scope}”不在规划的部门列表中：请添加该部门或清空举措的范围")
