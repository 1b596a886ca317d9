"""Process flow diagrams: one swim lane per Responsible role, the activities in order.

Two halves, so the screen and the report draw the same picture and the tests can check
the shape without drawing:

- :func:`flow_layout` is pure: plain steps in, a :class:`FlowLayout` out (lanes, nodes on
  a grid of columns, edges). A step's lane is the role Responsible for it; when two
  consecutive steps sit in different lanes the edge between them is a hand-off. A step
  may end in a decision ("Approved?"): a diamond after it whose "yes" goes on and whose
  "no" goes back to an earlier step or to its own end.
- :func:`process_flow_chart` draws a layout as a ``matplotlib.figure.Figure`` (no pyplot;
  the conventions of ``charts.py``: CJK font fallback, labels wrapped by display width).

:func:`process_flow_figure` does both, for a caller that has the steps only (the
Processes tab, the report).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle

from app.reports.charts import PALETTE, _finish, _new_figure, _style, wrap_label

__all__ = ["FlowEdge", "FlowLane", "FlowLayout", "FlowNode", "FlowStep", "flow_layout", "process_flow_chart",
           "process_flow_figure", "spec_flow_figure"]

_WORDS = {
    "en": {"start": "Start", "end": "End", "yes": "yes", "no": "no", "with": "with", "unassigned": "(no Responsible)",
           "handoff": "hand-off", "no_steps": "No activities yet"},
    "zh": {"start": "开始", "end": "结束", "yes": "是", "no": "否", "with": "协同", "unassigned": "（未指定执行人）",
           "handoff": "交接", "no_steps": "尚无活动"},
}

LANE_FILLS = ("#F3F6FB", "#FFFFFF")
BOX_FILL = "#D9E2F3"
DECISION_FILL = "#FFF2CC"
HANDOFF = PALETTE["target"]
FLOW = PALETTE["current"]
UNASSIGNED = "__unassigned__"

# Column widths in grid units: an activity box is 1 unit wide.
_WIDTH = {"start": 0.36, "end": 0.36, "activity": 1.0, "decision": 0.8}


@dataclass(frozen=True)
class FlowStep:
    """One activity as the diagram needs it, already in the report's language."""

    id: str
    name: str
    lane: str  # the Responsible role's id ("" when the activity has none yet)
    lane_name: str  # that role's name
    also: tuple[str, ...] = ()  # the names of further Responsible roles, shown in the box
    decision: str = ""  # a question asked after the step ("Approved?"); "" for none
    no_to: str | None = None  # where "no" leads: an earlier step's id, or None for an end of its own


@dataclass(frozen=True)
class FlowLane:
    id: str
    name: str


@dataclass(frozen=True)
class FlowNode:
    id: str
    kind: str  # start | activity | decision | end
    label: str
    lane: int  # index into FlowLayout.lanes
    column: int
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class FlowEdge:
    source: str
    target: str
    label: str = ""
    handoff: bool = False  # from one lane (role) to another
    back: bool = False  # a "no" that returns to an earlier step


@dataclass(frozen=True)
class FlowLayout:
    lanes: tuple[FlowLane, ...]
    nodes: tuple[FlowNode, ...]
    edges: tuple[FlowEdge, ...]

    @property
    def columns(self) -> int:
        return 1 + max((n.column for n in self.nodes), default=-1)

    def node(self, node_id: str) -> FlowNode:
        return next(n for n in self.nodes if n.id == node_id)

    @property
    def handoffs(self) -> tuple[FlowEdge, ...]:
        return tuple(e for e in self.edges if e.handoff)


def _words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang, _WORDS["en"])


def flow_layout(steps: Sequence[FlowStep], lang: str = "en") -> FlowLayout:
    """Lanes in the order their role first acts; one column per node, left to right.

    Start sits in the first step's lane, End in the last one's. A decision follows its
    step in the same lane; its "no" edge returns to ``no_to`` when that is an earlier step,
    otherwise it ends in an End node of its own placed under the decision's column.
    """
    w = _words(lang)
    lanes: list[FlowLane] = []
    index: dict[str, int] = {}

    def lane_of(step: FlowStep) -> int:
        key = step.lane or UNASSIGNED
        if key not in index:
            index[key] = len(lanes)
            lanes.append(FlowLane(key, step.lane_name if step.lane else w["unassigned"]))
        return index[key]

    if not steps:
        return FlowLayout((), (), ())
    nodes: list[FlowNode] = []
    edges: list[FlowEdge] = []
    seen: set[str] = set()
    first = lane_of(steps[0])
    nodes.append(FlowNode("__start__", "start", w["start"], first, 0))
    previous, previous_lane, column = "__start__", first, 1
    pending_label = ""
    for step in steps:
        lane = lane_of(step)
        nodes.append(FlowNode(step.id, "activity", step.name, lane, column, step.also))
        edges.append(FlowEdge(previous, step.id, pending_label, handoff=lane != previous_lane
                              and previous != "__start__"))
        seen.add(step.id)
        previous, previous_lane, pending_label = step.id, lane, ""
        column += 1
        if step.decision:
            decision_id = f"{step.id}?"
            nodes.append(FlowNode(decision_id, "decision", step.decision, lane, column))
            edges.append(FlowEdge(step.id, decision_id))
            if step.no_to and step.no_to in seen:
                edges.append(FlowEdge(decision_id, step.no_to, w["no"], handoff=False, back=True))
            else:
                end_id = f"{step.id}?end"
                # the "no" end sits in the next lane down (or up, from the last lane)
                end_lane = lane + 1 if lane + 1 < max(2, len(lanes)) else lane - 1
                nodes.append(FlowNode(end_id, "end", w["end"], max(0, end_lane), column))
                edges.append(FlowEdge(decision_id, end_id, w["no"]))
            previous, pending_label = decision_id, w["yes"]
            column += 1
    nodes.append(FlowNode("__end__", "end", w["end"], previous_lane, column))
    edges.append(FlowEdge(previous, "__end__", pending_label))
    # An early "no" end may name a lane that only appears later: clamp to the lanes there are.
    last = len(lanes) - 1
    nodes = [n if n.lane <= last else FlowNode(n.id, n.kind, n.label, last, n.column, n.also) for n in nodes]
    return FlowLayout(tuple(lanes), tuple(nodes), tuple(edges))


def _column_x(layout: FlowLayout, gap: float) -> dict[int, tuple[float, float]]:
    """Left edge and width of each column (a column is as wide as its widest node)."""
    widths: dict[int, float] = {}
    for n in layout.nodes:
        widths[n.column] = max(widths.get(n.column, 0.0), _WIDTH[n.kind])
    out, x = {}, 0.0
    for c in range(layout.columns):
        out[c] = (x, widths.get(c, 0.45))
        x += widths.get(c, 0.45) + gap
    return out


def process_flow_chart(layout: FlowLayout, *, title: str = "", lang: str = "en", width: float = 6.7) -> Figure:
    """The swim-lane diagram of a layout, ``width`` inches wide (6.7: a portrait A4 page's text width).

    Hand-offs between lanes are amber elbow arrows, the flow within a lane navy; a
    decision is a diamond with "yes" going on and "no" returning or ending.
    """
    w = _words(lang)
    with _style():
        if not layout.nodes:
            fig = _new_figure(width, 1.2, layout=None)
            fig.text(0.5, 0.5, w["no_steps"], ha="center", va="center", color="#7F7F7F", fontsize=10)
            return _finish(fig)
        gap, lane_h, label_w = 0.22, 1.22, 1.15
        cols = _column_x(layout, gap)
        grid_w = sum(wd for _, wd in cols.values()) + gap * (layout.columns - 1)
        total_w = label_w + 0.15 + grid_w + 0.1
        n_lanes = max(1, len(layout.lanes))
        title_h = 0.45 if title else 0.1
        total_h = title_h + n_lanes * lane_h + 0.05
        # units -> inches: the whole grid fits the width; text sizes follow the scale
        scale = width / total_w
        fig = _new_figure(width, total_h * scale, layout=None)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-label_w - 0.15, grid_w + 0.1)
        ax.set_ylim(-n_lanes * lane_h - 0.05, title_h)
        ax.axis("off")
        # Points: as large as the boxes allow, never below what still prints legibly; the labels
        # wrap to the characters a box holds at that size (a Latin character is about 0.55 em).
        font = max(5.6, min(7.8, 9.6 * scale))
        chars = max(9, int(scale * 72 * 0.94 / (font * 0.55)))
        if title:
            ax.text(grid_w / 2 - label_w / 2, title_h / 2, title, ha="center", va="center", fontsize=font + 3,
                    fontweight="bold", color=PALETTE["text"])
        for i, lane in enumerate(layout.lanes):
            top = -i * lane_h
            ax.add_patch(Rectangle((-label_w - 0.15, top - lane_h), total_w, lane_h,
                                   facecolor=LANE_FILLS[i % 2], edgecolor=PALETTE["grid"], lw=0.6))
            ax.add_patch(Rectangle((-label_w - 0.15, top - lane_h), label_w, lane_h, facecolor="#E7ECF5",
                                   edgecolor=PALETTE["grid"], lw=0.6))
            name, size = _lane_label(lane.name, label_w * scale * 72 * 0.88, font)
            ax.text(-label_w / 2 - 0.15, top - lane_h / 2, name, ha="center", va="center",
                    fontsize=size, fontweight="bold", color=PALETTE["text"], linespacing=1.1)

        centres: dict[str, tuple[float, float]] = {}
        half: dict[str, tuple[float, float]] = {}  # half width and half height of each node's shape
        for n in layout.nodes:
            left, col_w = cols[n.column]
            cx, cy = left + col_w / 2, -n.lane * lane_h - lane_h / 2
            centres[n.id] = (cx, cy)
            if n.kind == "activity":
                bw, bh = 1.0, 0.98
                ax.add_patch(FancyBboxPatch((cx - bw / 2, cy - bh / 2), bw, bh,
                                            boxstyle="round,pad=0,rounding_size=0.07", facecolor=BOX_FILL,
                                            edgecolor=FLOW, lw=0.8, zorder=3))
                label = wrap_label(n.label, chars, 4)
                ax.text(cx, cy + (0.12 if n.also else 0), label, ha="center", va="center", fontsize=font,
                        color=PALETTE["text"], linespacing=1.05, zorder=4)
                if n.also:
                    sep, colon = ("、", "：") if lang == "zh" else (", ", ": ")
                    also = wrap_label(w["with"] + colon + sep.join(n.also), int(chars * 1.3), 2)
                    ax.text(cx, cy - bh / 2 + 0.04, also,
                            ha="center", va="bottom", fontsize=font * 0.74, color="#595959", style="italic",
                            linespacing=1.0, zorder=4)
                half[n.id] = (bw / 2, bh / 2)
            elif n.kind == "decision":
                dw, dh = 0.8, 0.62
                ax.add_patch(Polygon([(cx - dw / 2, cy), (cx, cy + dh / 2), (cx + dw / 2, cy), (cx, cy - dh / 2)],
                                     closed=True, facecolor=DECISION_FILL, edgecolor=FLOW, lw=0.8, zorder=3))
                ax.text(cx, cy, wrap_label(n.label, 10, 3), ha="center", va="center", fontsize=font * 0.88,
                        color=PALETTE["text"], linespacing=1.0, zorder=4)
                half[n.id] = (dw / 2, dh / 2)
            else:
                r = 0.17
                ax.add_patch(Circle((cx, cy), r, facecolor="white" if n.kind == "start" else "#404040",
                                    edgecolor="#404040", lw=1.6 if n.kind == "start" else 0.8, zorder=3))
                ax.text(cx, cy, n.label, ha="center", va="center", fontsize=font * 0.68, zorder=4,
                        color=PALETTE["text"] if n.kind == "start" else "white")
                half[n.id] = (r, r)

        for e in layout.edges:
            _edge(ax, e, centres, half, lane_h, font)
        return _finish(fig)


def _lane_label(name: str, width_pt: float, font: float) -> tuple[str, float]:
    """A lane's role name on up to four lines, words kept whole, the font shrunk until the longest fits."""
    if re.search(r"[\u3000-\u9fff]", name):
        chars = max(4, int(width_pt / font))
        return wrap_label(name, chars * 2, 4), font
    longest = max((len(word) for word in name.split()), default=1)
    size = max(4.6, min(font, width_pt / (longest * 0.7)))
    lines = textwrap.wrap(name, max(longest, int(width_pt / (size * 0.7))), break_long_words=False)
    if len(lines) > 4:
        lines = lines[:4]
        lines[-1] += "…"
    return "\n".join(lines), size


def _edge(ax, e: FlowEdge, centres, half, lane_h: float, font: float) -> None:
    (x0, y0), (x1, y1) = centres[e.source], centres[e.target]
    (hw0, hh0), (hw1, hh1) = half[e.source], half[e.target]
    colour = HANDOFF if e.handoff else FLOW
    style = dict(arrowstyle="-|>", mutation_scale=7, color=colour, lw=1.3 if e.handoff else 0.9, zorder=2,
                 shrinkA=0, shrinkB=0)
    if e.back:
        # under the boxes of the lane: down from the decision, left, up into the earlier step
        low = min(y0 - hh0, y1 - hh1) - (lane_h / 2 - 0.35) * 0.6
        ax.plot([x0, x0, x1], [y0 - hh0, low, low], color=colour, lw=0.9, zorder=2, linestyle=(0, (3, 2)))
        ax.add_patch(FancyArrowPatch((x1, low), (x1, y1 - hh1), linestyle=(0, (3, 2)), **style))
        ax.text((x0 + x1) / 2, low + 0.02, e.label, ha="center", va="bottom", fontsize=font * 0.8, color=colour)
        return
    if abs(y0 - y1) < 1e-9:
        ax.add_patch(FancyArrowPatch((x0 + hw0, y0), (x1 - hw1, y1), **style))
        if e.label:
            ax.text((x0 + hw0 + x1 - hw1) / 2, y0 + 0.03, e.label, ha="center", va="bottom",
                    fontsize=font * 0.8, color=colour)
        return
    if abs(x0 - x1) < 1e-9:  # straight down or up (a decision's own "no" end)
        sign = -1 if y1 < y0 else 1
        ax.add_patch(FancyArrowPatch((x0, y0 + sign * hh0), (x1, y1 - sign * hh1), **style))
        if e.label:
            ax.text(x0 + 0.05, (y0 + sign * hh0 + y1 - sign * hh1) / 2, e.label, ha="left", va="center",
                    fontsize=font * 0.8, color=colour)
        return
    # an elbow: out of the right side, across half the gap, down or up, into the left side
    mid = (x0 + hw0 + x1 - hw1) / 2
    ax.plot([x0 + hw0, mid, mid], [y0, y0, y1], color=colour, lw=style["lw"], zorder=2)
    ax.add_patch(FancyArrowPatch((mid, y1), (x1 - hw1, y1), **style))
    if e.label:
        ax.text(mid + 0.03, (y0 + y1) / 2, e.label, ha="left", va="center", fontsize=font * 0.8, color=colour)


def process_flow_figure(steps: Sequence[FlowStep], *, title: str = "", lang: str = "en",
                        width: float = 6.7) -> Figure:
    """The diagram of the steps: :func:`flow_layout` then :func:`process_flow_chart`."""
    return process_flow_chart(flow_layout(steps, lang), title=title, lang=lang, width=width)


# --- from a process specification ----------------------------------------------------------------------


def text(value: Any, lang: str) -> str:
    """A bilingual value in ``lang``: a ``BiText`` or content ``Text`` (``.get(lang)``), or a plain string."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    getter = getattr(value, "get", None)
    if callable(getter):
        return str(getter(lang) or "")
    return str(getattr(value, lang, "") or getattr(value, "en", "") or "")


def role_name(role_id: str, spec: Any, role_names: Mapping[str, Any], lang: str) -> str:
    """The specification's own name for a role, else the role catalogue's, else the id."""
    for role in getattr(spec, "roles", ()):
        if role.id == role_id and text(role.name, lang):
            return text(role.name, lang)
    return text(role_names.get(role_id), lang) or role_id


def flow_steps(spec: Any, role_names: Mapping[str, Any], lang: str) -> tuple[FlowStep, ...]:
    """The flow diagram's steps: each activity in the lane of its first Responsible role."""
    out = []
    for activity in spec.activities:
        responsible = [r for r, v in activity.raci.items() if v == "R"]
        lane = responsible[0] if responsible else ""
        out.append(FlowStep(
            id=activity.id, name=text(activity.name, lang), lane=lane,
            lane_name=role_name(lane, spec, role_names, lang) if lane else "",
            also=tuple(role_name(r, spec, role_names, lang) for r in responsible[1:]),
            decision=text(getattr(activity, "decision", None), lang),
            no_to=getattr(activity, "decision_no", None) or None))
    return tuple(out)


def spec_flow_figure(spec: Any, lang: str, role_names: Mapping[str, Any] | Callable[[str, str], str] | None = None,
                     *, title: str | None = None, width: float = 6.7) -> Figure:
    """The flow diagram of a process specification (``app.planning.processes.ProcessSpec``), for the
    Processes tab and the report alike: lanes by each activity's first Responsible role.

    ``role_names``: role id -> bilingual name (``BiText``), or a ``(role_id, lang) -> name`` callable
    (``ProcessBook.role_name``); the specification's own role names win, then these, then the id.
    """
    if callable(role_names):
        lookup = role_names
        names: Mapping[str, Any] = {r: lookup(r, lang) for a in spec.activities for r in a.raci}
    else:
        names = role_names or {}
    shown = text(spec.name, lang) if title is None else title
    return process_flow_figure(flow_steps(spec, names, lang), title=shown, lang=lang, width=width)
