"""The specification of one standard O&M process, as plain objects.

One ``ProcessSpec`` per process (change, monitoring, incident, pir, problem, capacity,
handover) and engagement: purpose, scope, triggers, roles and RACI per activity,
activities with their SOP steps, inputs and outputs, KPIs (definition, formula, data
source, baseline, target), tools, interfaces to the other six processes, records kept,
the twelve sections of the model's specification skeleton, a rollout plan and, for a
Large engagement, variants per business line. Every text is bilingual (``BiText``).

Pure data, no storage and no Qt. ``to_dict``/``from_dict`` is the versioned JSON
document the engagement documents store keeps (kind ``process_spec``, key = process
id). ``from_dict`` is the gate for malformed input: a value that cannot be right (a
RACI letter that is not R/A/C/I, two activities with one id, a baseline that is not a
number) raises one ``ProcessInputError`` naming the field, so nothing half-valid is
stored. Whether a well-formed specification is *sound* (every role known, every
activity with a Responsible, every KPI with a formula, no circular interface) is the
job of ``app.planning.process_checks``: those problems are listed with where to fix
them, and a specification with any of them cannot be approved.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from app.errors import UserError

DOCUMENT_KIND = "process_spec"
DOCUMENT_VERSION = 1
PROCESS_IDS = ("change", "monitoring", "incident", "pir", "problem", "capacity", "handover")
RACI_LETTERS = ("R", "A", "C", "I")
DIRECTIONS = ("higher_is_better", "lower_is_better")
INTERFACE_DIRECTIONS = ("out", "in")  # out: this process hands over to the other; in: it receives
STATUSES = ("draft", "approved")
FREQUENCIES = ("weekly", "monthly", "quarterly")
LANGS = ("en", "zh")


class ProcessInputError(UserError):
    """A value in a process specification that cannot be right; ``field`` says where."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"{field_path}: {message}")
        self.field = field_path
        self.problem = message


@dataclass(frozen=True)
class BiText:
    """A text in English and Simplified Chinese; either may be empty while a consultant writes."""

    en: str = ""
    zh: str = ""

    def get(self, lang: str) -> str:
        """The text in ``lang``; the other language only when this one was never written."""
        own = self.zh if lang == "zh" else self.en
        return own or (self.en if lang == "zh" else self.zh)

    def own(self, lang: str) -> str:
        """Exactly what was written in ``lang`` (no fallback): what an editor shows."""
        return self.zh if lang == "zh" else self.en

    def with_lang(self, lang: str, text: str) -> BiText:
        return replace(self, zh=text) if lang == "zh" else replace(self, en=text)

    @property
    def blank(self) -> bool:
        return not self.en.strip() and not self.zh.strip()

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}

    @classmethod
    def of(cls, text: Any) -> BiText:
        """From a content ``Text`` (anything with ``en`` and ``zh``)."""
        return cls(en=getattr(text, "en", "") or "", zh=getattr(text, "zh", "") or "")


@dataclass
class SpecRole:
    """A role the specification uses. ``name`` empty: the role catalogue's name shows."""

    id: str
    name: BiText = field(default_factory=BiText)
    custom: bool = False  # a role the consultant added, not in the organisation model


@dataclass
class Activity:
    id: str
    name: BiText
    description: BiText = field(default_factory=BiText)
    steps: list[BiText] = field(default_factory=list)  # the SOP, in order
    raci: dict[str, str] = field(default_factory=dict)  # role id -> R | A | C | I
    inputs: list[BiText] = field(default_factory=list)
    outputs: list[BiText] = field(default_factory=list)

    def roles_with(self, letter: str) -> list[str]:
        return [r for r, v in self.raci.items() if v == letter]


@dataclass
class Kpi:
    id: str
    name: BiText
    definition: BiText = field(default_factory=BiText)
    formula: str = ""
    unit: str = ""
    direction: str = "higher_is_better"
    data_source: BiText = field(default_factory=BiText)
    frequency: str = "monthly"
    baseline: float | None = None
    baseline_note: BiText = field(default_factory=BiText)  # where the baseline came from
    target: float | None = None
    target_note: BiText = field(default_factory=BiText)  # the model's typical target, or the consultant's reason

    def meets_target(self, value: float | None) -> bool | None:
        if value is None or self.target is None:
            return None
        return value >= self.target if self.direction == "higher_is_better" else value <= self.target


@dataclass
class Tool:
    name: BiText
    purpose: BiText = field(default_factory=BiText)


@dataclass
class Interface:
    """A hand-off between this process and another: ``activity`` of this process hands over to
    (``out``) or receives from (``in``) ``other_activity`` of ``process``."""

    process: str
    direction: str = "out"
    activity: str = ""
    other_activity: str = ""
    description: BiText = field(default_factory=BiText)


@dataclass
class Record:
    name: BiText
    owner: str = ""  # role id
    retention: BiText = field(default_factory=BiText)


@dataclass
class Section:
    """One of the twelve sections of the model's specification skeleton: the consultant's text
    under the model's heading, with the model's guidance on what it must say."""

    heading: BiText
    guidance: BiText = field(default_factory=BiText)
    text: BiText = field(default_factory=BiText)


@dataclass
class RolloutStep:
    id: str
    phase: int  # 1, 2, 3 ...
    title: BiText
    description: BiText = field(default_factory=BiText)
    owner: str = ""  # role id
    start_month: int = 0  # months after the specification is approved
    duration_months: int = 1
    recommendation: str = ""  # the model recommendation it carries out, if any

    @property
    def end_month(self) -> int:
        return self.start_month + self.duration_months


# What a variant may override: ``kind`` -> how the key is built. The value's JSON shape is the
# base field's.
VARIANT_FIELDS = ("purpose", "scope", "triggers", "owner")


@dataclass
class Variant:
    """The process as one business line runs it: the base specification with some fields replaced.

    ``overrides`` keys: ``purpose``, ``scope``, ``triggers``, ``owner``, ``section:<n>`` (the
    text of skeleton section n, 1-based), ``activity:<id>:steps``, ``activity:<id>:raci``,
    ``kpi:<id>:target``. Values have the base field's JSON shape.
    """

    id: str
    name: BiText
    note: BiText = field(default_factory=BiText)  # why this business line differs
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProcessSpec:
    process_id: str
    name: BiText
    owner: str = ""  # role id of the process owner (Accountable for the process as a whole)
    status: str = "draft"
    target_level: float | None = None
    purpose: BiText = field(default_factory=BiText)
    scope: BiText = field(default_factory=BiText)
    triggers: list[BiText] = field(default_factory=list)
    roles: list[SpecRole] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    inputs: list[BiText] = field(default_factory=list)
    outputs: list[BiText] = field(default_factory=list)
    kpis: list[Kpi] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)
    interfaces: list[Interface] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    rollout: list[RolloutStep] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    model_id: str = ""
    model_version: str = ""
    # Where seeded values came from ("raci": "organisation_design" | "organisation_model" | "process_model").
    provenance: dict[str, str] = field(default_factory=dict)

    # -- lookups -------------------------------------------------------------------------------
    def activity(self, activity_id: str) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    def kpi(self, kpi_id: str) -> Kpi | None:
        return next((k for k in self.kpis if k.id == kpi_id), None)

    def role(self, role_id: str) -> SpecRole | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def variant(self, variant_id: str) -> Variant | None:
        return next((v for v in self.variants if v.id == variant_id), None)

    @property
    def role_ids(self) -> list[str]:
        return [r.id for r in self.roles]

    def lanes(self) -> list[str]:
        """The roles of the flow diagram's swim lanes, in roster order: every role Responsible or
        Accountable for some activity (roles only consulted or informed draw no lane)."""
        used = {r for a in self.activities for r, v in a.raci.items() if v in ("R", "A")}
        ordered = [r for r in self.role_ids if r in used]
        return ordered + sorted(used - set(ordered))

    def copy(self) -> ProcessSpec:
        """A deep copy. Through the document (a round trip costs ~2 ms where ``deepcopy`` of the
        dataclass tree costs ~70 ms, and every keystroke in the tab copies); a spec that would
        not read back (an edit in progress) is deep-copied instead."""
        try:
            return ProcessSpec.from_dict(self.to_dict())
        except ProcessInputError:
            return copy.deepcopy(self)

    # -- the document --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "document_version": DOCUMENT_VERSION,
            "process_id": self.process_id,
            "name": self.name.to_dict(),
            "owner": self.owner,
            "status": self.status,
            "target_level": self.target_level,
            "purpose": self.purpose.to_dict(),
            "scope": self.scope.to_dict(),
            "triggers": _texts(self.triggers),
            "roles": [{"id": r.id, "name": r.name.to_dict(), "custom": r.custom} for r in self.roles],
            "activities": [{
                "id": a.id, "name": a.name.to_dict(), "description": a.description.to_dict(),
                "steps": _texts(a.steps), "raci": dict(a.raci), "inputs": _texts(a.inputs),
                "outputs": _texts(a.outputs)} for a in self.activities],
            "inputs": _texts(self.inputs),
            "outputs": _texts(self.outputs),
            "kpis": [{
                "id": k.id, "name": k.name.to_dict(), "definition": k.definition.to_dict(), "formula": k.formula,
                "unit": k.unit, "direction": k.direction, "data_source": k.data_source.to_dict(),
                "frequency": k.frequency, "baseline": k.baseline, "baseline_note": k.baseline_note.to_dict(),
                "target": k.target, "target_note": k.target_note.to_dict()} for k in self.kpis],
            "tools": [{"name": t.name.to_dict(), "purpose": t.purpose.to_dict()} for t in self.tools],
            "interfaces": [{"process": i.process, "direction": i.direction, "activity": i.activity,
                            "other_activity": i.other_activity, "description": i.description.to_dict()}
                           for i in self.interfaces],
            "records": [{"name": r.name.to_dict(), "owner": r.owner, "retention": r.retention.to_dict()}
                        for r in self.records],
            "sections": [{"heading": s.heading.to_dict(), "guidance": s.guidance.to_dict(), "text": s.text.to_dict()}
                         for s in self.sections],
            "rollout": [{"id": s.id, "phase": s.phase, "title": s.title.to_dict(),
                         "description": s.description.to_dict(), "owner": s.owner, "start_month": s.start_month,
                         "duration_months": s.duration_months, "recommendation": s.recommendation}
                        for s in self.rollout],
            "variants": [{"id": v.id, "name": v.name.to_dict(), "note": v.note.to_dict(),
                          "overrides": copy.deepcopy(v.overrides)} for v in self.variants],
            "model_id": self.model_id,
            "model_version": self.model_version,
            "provenance": dict(self.provenance),
        }

    @classmethod
    def from_dict(cls, data: Any) -> ProcessSpec:
        """The specification a document holds; malformed input raises ``ProcessInputError``."""
        r = _Reader()
        d = r.mapping(data, "specification")
        version = d.get("document_version", DOCUMENT_VERSION)
        if version != DOCUMENT_VERSION:
            raise ProcessInputError("document_version", f"this tool reads version {DOCUMENT_VERSION}, not {version!r}")
        process_id = r.choice(d.get("process_id"), "process_id", PROCESS_IDS)
        spec = cls(process_id=process_id, name=r.bitext(d.get("name"), "name"))
        spec.owner = r.optional_id(d.get("owner", ""), "owner")
        spec.status = r.choice(d.get("status", "draft"), "status", STATUSES)
        spec.target_level = r.number(d.get("target_level"), "target_level")
        spec.purpose = r.bitext(d.get("purpose"), "purpose")
        spec.scope = r.bitext(d.get("scope"), "scope")
        spec.triggers = r.bitexts(d.get("triggers", []), "triggers")
        for role_id, m, _ in r.keyed(d.get("roles", []), "roles", "the role is listed twice"):
            spec.roles.append(SpecRole(role_id, r.bitext(m.get("name"), f"roles[{role_id}].name"),
                                       bool(m.get("custom", False))))
        for act_id, m, where in r.keyed(d.get("activities", []), "activities", "two activities have this id"):
            spec.activities.append(Activity(
                id=act_id, name=r.bitext(m.get("name"), f"{where}.name"),
                description=r.bitext(m.get("description"), f"{where}.description"),
                steps=r.bitexts(m.get("steps", []), f"{where}.steps"),
                raci=r.raci(m.get("raci", {}), f"{where}.raci"),
                inputs=r.bitexts(m.get("inputs", []), f"{where}.inputs"),
                outputs=r.bitexts(m.get("outputs", []), f"{where}.outputs")))
        spec.inputs = r.bitexts(d.get("inputs", []), "inputs")
        spec.outputs = r.bitexts(d.get("outputs", []), "outputs")
        for kpi_id, m, where in r.keyed(d.get("kpis", []), "kpis", "two KPIs have this id"):
            spec.kpis.append(Kpi(
                id=kpi_id, name=r.bitext(m.get("name"), f"{where}.name"),
                definition=r.bitext(m.get("definition"), f"{where}.definition"),
                formula=r.text(m.get("formula", ""), f"{where}.formula"),
                unit=r.text(m.get("unit", ""), f"{where}.unit"),
                direction=r.choice(m.get("direction", "higher_is_better"), f"{where}.direction", DIRECTIONS),
                data_source=r.bitext(m.get("data_source"), f"{where}.data_source"),
                frequency=r.choice(m.get("frequency", "monthly"), f"{where}.frequency", FREQUENCIES),
                baseline=r.number(m.get("baseline"), f"{where}.baseline"),
                baseline_note=r.bitext(m.get("baseline_note"), f"{where}.baseline_note"),
                target=r.number(m.get("target"), f"{where}.target"),
                target_note=r.bitext(m.get("target_note"), f"{where}.target_note")))
        for i, item in enumerate(r.sequence(d.get("tools", []), "tools")):
            m = r.mapping(item, f"tools[{i}]")
            spec.tools.append(Tool(r.bitext(m.get("name"), f"tools[{i}].name"),
                                   r.bitext(m.get("purpose"), f"tools[{i}].purpose")))
        for i, item in enumerate(r.sequence(d.get("interfaces", []), "interfaces")):
            m = r.mapping(item, f"interfaces[{i}]")
            spec.interfaces.append(Interface(
                process=r.choice(m.get("process"), f"interfaces[{i}].process", PROCESS_IDS),
                direction=r.choice(m.get("direction", "out"), f"interfaces[{i}].direction", INTERFACE_DIRECTIONS),
                activity=r.optional_id(m.get("activity", ""), f"interfaces[{i}].activity"),
                other_activity=r.optional_id(m.get("other_activity", ""), f"interfaces[{i}].other_activity"),
                description=r.bitext(m.get("description"), f"interfaces[{i}].description")))
        for i, item in enumerate(r.sequence(d.get("records", []), "records")):
            m = r.mapping(item, f"records[{i}]")
            spec.records.append(Record(r.bitext(m.get("name"), f"records[{i}].name"),
                                       r.optional_id(m.get("owner", ""), f"records[{i}].owner"),
                                       r.bitext(m.get("retention"), f"records[{i}].retention")))
        for i, item in enumerate(r.sequence(d.get("sections", []), "sections")):
            m = r.mapping(item, f"sections[{i + 1}]")
            spec.sections.append(Section(r.bitext(m.get("heading"), f"sections[{i + 1}].heading"),
                                         r.bitext(m.get("guidance"), f"sections[{i + 1}].guidance"),
                                         r.bitext(m.get("text"), f"sections[{i + 1}].text")))
        for step_id, m, where in r.keyed(d.get("rollout", []), "rollout", "two rollout steps have this id"):
            spec.rollout.append(RolloutStep(
                id=step_id, phase=r.count(m.get("phase", 1), f"{where}.phase", minimum=1),
                title=r.bitext(m.get("title"), f"{where}.title"),
                description=r.bitext(m.get("description"), f"{where}.description"),
                owner=r.optional_id(m.get("owner", ""), f"{where}.owner"),
                start_month=r.count(m.get("start_month", 0), f"{where}.start_month"),
                duration_months=r.count(m.get("duration_months", 1), f"{where}.duration_months", minimum=1),
                recommendation=r.text(m.get("recommendation", ""), f"{where}.recommendation")))
        for variant_id, m, where in r.keyed(d.get("variants", []), "variants", "two variants have this id"):
            name = r.bitext(m.get("name"), f"{where}.name")
            if name.blank:
                raise ProcessInputError(f"{where}.name", "a variant needs the name of its business line")
            overrides = r.mapping(m.get("overrides", {}), f"{where}.overrides")
            variant = Variant(variant_id, name, r.bitext(m.get("note"), f"{where}.note"), copy.deepcopy(overrides))
            spec.variants.append(variant)
        spec.model_id = r.text(d.get("model_id", ""), "model_id")
        spec.model_version = r.text(d.get("model_version", ""), "model_version")
        spec.provenance = {str(k): str(v) for k, v in r.mapping(d.get("provenance", {}), "provenance").items()}
        for variant in spec.variants:  # after the base is read: overrides name its activities and KPIs
            _check_overrides(spec, variant)
        return spec


def validate_spec(spec: ProcessSpec) -> ProcessSpec:
    """The specification as it would be read back from its document (round trip = the gate)."""
    return ProcessSpec.from_dict(spec.to_dict())


# --- variants -----------------------------------------------------------------------------------


def override_key(kind: str, *parts: str | int) -> str:
    return ":".join([kind, *(str(p) for p in parts)])


def _check_overrides(spec: ProcessSpec, variant: Variant) -> None:
    """Every override names something the base has and holds a value of the base field's shape."""
    r = _Reader()
    for key, value in variant.overrides.items():
        where = f"variants[{variant.id}].overrides[{key}]"
        parts = str(key).split(":")
        if parts[0] in ("purpose", "scope") and len(parts) == 1:
            r.bitext(value, where)
        elif parts[0] == "triggers" and len(parts) == 1:
            r.bitexts(value, where)
        elif parts[0] == "owner" and len(parts) == 1:
            r.optional_id(value, where)
        elif parts[0] == "section" and len(parts) == 2:
            if not parts[1].isdigit() or not 1 <= int(parts[1]) <= len(spec.sections):
                raise ProcessInputError(where, f"there is no section {parts[1]}")
            r.bitext(value, where)
        elif parts[0] == "activity" and len(parts) == 3 and parts[2] in ("steps", "raci"):
            if spec.activity(parts[1]) is None:
                raise ProcessInputError(where, f"the specification has no activity {parts[1]!r}")
            r.bitexts(value, where) if parts[2] == "steps" else r.raci(value, where)
        elif parts[0] == "kpi" and len(parts) == 3 and parts[2] == "target":
            if spec.kpi(parts[1]) is None:
                raise ProcessInputError(where, f"the specification has no KPI {parts[1]!r}")
            r.number(value, where)
        else:
            raise ProcessInputError(where, "a variant may override purpose, scope, triggers, owner, section:N, "
                                           "activity:ID:steps, activity:ID:raci or kpi:ID:target")


def apply_variant(spec: ProcessSpec, variant_id: str) -> ProcessSpec:
    """The whole specification as the business line runs it (the base with the variant's overrides)."""
    variant = spec.variant(variant_id)
    if variant is None:
        raise ProcessInputError("variants", f"the {spec.process_id} specification has no variant {variant_id!r}")
    out = spec.copy()
    out.variants = []
    r = _Reader()
    for key, value in variant.overrides.items():
        parts = key.split(":")
        if parts[0] in ("purpose", "scope"):
            setattr(out, parts[0], r.bitext(value, key))
        elif parts[0] == "triggers":
            out.triggers = r.bitexts(value, key)
        elif parts[0] == "owner":
            out.owner = r.optional_id(value, key)
        elif parts[0] == "section":
            out.sections[int(parts[1]) - 1].text = r.bitext(value, key)
        elif parts[0] == "activity":
            activity = out.activity(parts[1])
            assert activity is not None  # checked when the variant was read
            if parts[2] == "steps":
                activity.steps = r.bitexts(value, key)
            else:
                activity.raci = r.raci(value, key)
        elif parts[0] == "kpi":
            kpi = out.kpi(parts[1])
            assert kpi is not None
            kpi.target = r.number(value, key)
    return out


@dataclass(frozen=True)
class Difference:
    """One way a business line's variant differs from the base specification."""

    key: str  # the override key
    label: BiText  # what differs, e.g. "Section 7. Scheduling, timing targets and freeze periods"
    base: BiText  # the base value, as text
    variant: BiText  # the variant's value, as text


_FIELD_LABELS = {
    "purpose": BiText("Purpose", "目的"),
    "scope": BiText("Scope", "范围"),
    "triggers": BiText("Triggers", "触发条件"),
    "owner": BiText("Process owner", "流程负责人"),
}


def variant_differences(spec: ProcessSpec, variant_id: str, role_names: dict[str, BiText] | None = None
                        ) -> list[Difference]:
    """What the variant changes, field by field, with the base and the variant's value as text;
    overrides that equal the base are not differences and are left out."""
    variant = spec.variant(variant_id)
    if variant is None:
        raise ProcessInputError("variants", f"the {spec.process_id} specification has no variant {variant_id!r}")
    names = role_names or {}
    tailored = apply_variant(spec, variant_id)
    out: list[Difference] = []
    for key in variant.overrides:
        parts = key.split(":")
        if parts[0] in ("purpose", "scope"):
            base, new = getattr(spec, parts[0]), getattr(tailored, parts[0])
            label = _FIELD_LABELS[parts[0]]
        elif parts[0] == "triggers":
            base, new = _joined(spec.triggers), _joined(tailored.triggers)
            label = _FIELD_LABELS["triggers"]
        elif parts[0] == "owner":
            base, new = names.get(spec.owner, BiText(spec.owner, spec.owner)), names.get(
                tailored.owner, BiText(tailored.owner, tailored.owner))
            label = _FIELD_LABELS["owner"]
        elif parts[0] == "section":
            n = int(parts[1]) - 1
            base, new = spec.sections[n].text, tailored.sections[n].text
            heading = spec.sections[n].heading
            label = BiText(f"Section {heading.en}", f"章节 {heading.zh}")
        elif parts[0] == "activity":
            a_base, a_new = spec.activity(parts[1]), tailored.activity(parts[1])
            assert a_base is not None and a_new is not None
            if parts[2] == "steps":
                base, new = _joined(a_base.steps), _joined(a_new.steps)
                label = BiText(f"{a_base.name.en}: SOP steps", f"{a_base.name.zh}：操作步骤")
            else:
                base, new = _raci_text(a_base.raci, names), _raci_text(a_new.raci, names)
                label = BiText(f"{a_base.name.en}: RACI", f"{a_base.name.zh}：RACI")
        else:
            k_base, k_new = spec.kpi(parts[1]), tailored.kpi(parts[1])
            assert k_base is not None and k_new is not None
            base, new = _number_text(k_base.target, k_base.unit), _number_text(k_new.target, k_new.unit)
            label = BiText(f"{k_base.name.en}: target", f"{k_base.name.zh}：目标值")
        if base != new:
            out.append(Difference(key, label, base, new))
    return out


def _joined(texts: list[BiText]) -> BiText:
    return BiText("\n".join(f"{i}. {t.get('en')}" for i, t in enumerate(texts, 1)),
                  "\n".join(f"{i}. {t.get('zh')}" for i, t in enumerate(texts, 1)))


def _raci_text(raci: dict[str, str], names: dict[str, BiText]) -> BiText:
    def one(lang: str) -> str:
        return ", ".join(f"{names.get(r, BiText(r, r)).get(lang)} {v}" for r, v in sorted(
            raci.items(), key=lambda rv: (RACI_LETTERS.index(rv[1]), rv[0])))
    return BiText(one("en"), one("zh"))


def _number_text(value: float | None, unit: str) -> BiText:
    if value is None:
        return BiText("not set", "未设定")
    text = f"{value:g} {unit}".strip()
    return BiText(text, text)


def _texts(items: list[BiText]) -> list[dict[str, str]]:
    return [t.to_dict() for t in items]


# --- reading documents -----------------------------------------------------------------------------


class _Reader:
    def mapping(self, value: Any, where: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ProcessInputError(where, "expected a mapping")
        return value

    def sequence(self, value: Any, where: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise ProcessInputError(where, "expected a list")
        return value

    def keyed(self, value: Any, where: str, duplicate: str) -> Iterator[tuple[str, dict, str]]:
        """The mappings of a list of items with ids: (id, mapping, "where[id]"), refusing a repeated id."""
        seen: set[str] = set()
        for i, item in enumerate(self.sequence(value, where)):
            m = self.mapping(item, f"{where}[{i}]")
            item_id = self.identifier(m.get("id"), f"{where}[{i}].id")
            if item_id in seen:
                raise ProcessInputError(f"{where}[{item_id}]", duplicate)
            seen.add(item_id)
            yield item_id, m, f"{where}[{item_id}]"

    def text(self, value: Any, where: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ProcessInputError(where, "expected a text")
        return value

    def bitext(self, value: Any, where: str) -> BiText:
        if value is None:
            return BiText()
        if isinstance(value, str):
            return BiText(en=value)
        m = self.mapping(value, where)
        unknown = set(m) - set(LANGS)
        if unknown:
            raise ProcessInputError(where, f"a text has only 'en' and 'zh', not {sorted(unknown)}")
        return BiText(en=self.text(m.get("en", ""), f"{where}.en"), zh=self.text(m.get("zh", ""), f"{where}.zh"))

    def bitexts(self, value: Any, where: str) -> list[BiText]:
        return [self.bitext(v, f"{where}[{i + 1}]") for i, v in enumerate(self.sequence(value, where))]

    def identifier(self, value: Any, where: str) -> str:
        text = self.text(value, where).strip()
        if not text:
            raise ProcessInputError(where, "an id is needed")
        if len(text) > 80 or any(c.isspace() for c in text):
            raise ProcessInputError(where, f"{text[:40]!r} is not an id (no spaces, at most 80 characters)")
        return text

    def optional_id(self, value: Any, where: str) -> str:
        text = self.text(value, where).strip()
        return self.identifier(text, where) if text else ""

    def choice(self, value: Any, where: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise ProcessInputError(where, f"{value!r} is not one of {', '.join(allowed)}")
        return str(value)

    def count(self, value: Any, where: str, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise ProcessInputError(where, f"{value!r} is not a whole number")
        if value < minimum:
            raise ProcessInputError(where, f"{value!r} is below {minimum}")
        return int(value)

    def number(self, value: Any, where: str) -> float | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ProcessInputError(where, f"{value!r} is not a number")
        return float(value)

    def raci(self, value: Any, where: str) -> dict[str, str]:
        m = self.mapping(value, where)
        out: dict[str, str] = {}
        for role, letter in m.items():
            role_id = self.identifier(role, f"{where}[{role}]")
            if letter not in RACI_LETTERS:
                raise ProcessInputError(f"{where}[{role_id}]", f"{letter!r} is not one of R, A, C, I")
            out[role_id] = letter
        return out
