"""Organisation charts drawn from the data: one ``Figure`` builder shared by the
Organisation tab and the Word report (see ``charts.py`` for the conventions).

The head team(s) sit on top; every other team hangs below on a trunk and bus lines,
in rows of at most five boxes so a Large organisation of a dozen teams still fits a
portrait page. A team reporting to another team than the head says so in its box.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch

from app.reports.charts import PALETTE, _finish, _new_figure, _style, wrap_label

TYPE_COLOURS = {
    "governance": "#D9E2F3",
    "operations": "#FBE5D6",
    "platform": "#E2EFDA",
    "stream_aligned": "#FFF2CC",
    "enabling": "#EDE1F5",
    "complicated_subsystem": "#DDEBF7",
}
PER_ROW = 5


@dataclass(frozen=True)
class ChartTeam:
    id: str
    name: str
    type: str
    type_label: str
    headcount: int
    site: str
    reports_to: str | None


def organisation_chart(teams: list[ChartTeam], *, title: str, lang: str, width: float = 9.5) -> Figure:
    with _style():
        ids = {t.id for t in teams}
        roots = [t for t in teams if not t.reports_to or t.reports_to not in ids]
        if len(roots) == len(teams) and len(teams) > 1:
            # No reporting lines recorded: the first team stands on top.
            roots = roots[:1]
        head_ids = {t.id for t in roots}
        others = [t for t in teams if t.id not in head_ids]
        rows = [others[i:i + PER_ROW] for i in range(0, len(others), PER_ROW)]
        box_w, box_h, gap_x, gap_y = 1.62, 0.78, 0.22, 0.5
        cols = max(len(roots), max((len(r) for r in rows), default=1), 1)
        grid_w = cols * box_w + (cols - 1) * gap_x
        # A small organisation gets a narrower figure, not smaller boxes.
        width = min(width, 1.0 + cols * 1.75)
        height_units = 0.45 + box_h + gap_y + len(rows) * (box_h + gap_y) + 0.1
        fig = _new_figure(width, max(2.2, height_units * width / (grid_w + 0.8)), layout=None)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(-0.55 if len(rows) > 1 else -0.25, grid_w + 0.25)
        ax.set_ylim(-height_units + 0.1, 0.5)
        ax.axis("off")
        ax.text(grid_w / 2, 0.3, title, ha="center", va="center", fontsize=12, fontweight="bold",
                color=PALETTE["text"])
        # head team(s), centred on the top row
        y0 = -0.05
        top_w = len(roots) * box_w + (len(roots) - 1) * gap_x
        x = (grid_w - top_w) / 2
        root_bottom = []
        for t in roots:
            _box(ax, x, y0 - box_h, box_w, box_h, t, lang, None)
            root_bottom.append((x + box_w / 2, y0 - box_h))
            x += box_w + gap_x
        # One row hangs straight from the head team; several share a trunk on the left.
        trunk_x = -0.3 if len(rows) > 1 else root_bottom[0][0] if root_bottom else 0.0
        # Every connector in one collection, every box added without the data-limit work of
        # add_patch (the limits are fixed above): a third less to build and draw, same picture.
        lines: list[list[tuple[float, float]]] = []
        if rows and root_bottom:
            rx, ry = root_bottom[0]
            mid = ry - gap_y / 2
            lines.append([(rx, ry), (rx, mid), (trunk_x, mid)])
            y = y0 - box_h - gap_y
            last_bus = mid
            names = {t.id: t.name for t in teams}
            for row in rows:
                bus = y + gap_y / 2
                # a short row is centred under the head team
                left = (grid_w - (len(row) * box_w + (len(row) - 1) * gap_x)) / 2
                xs = [left + i * (box_w + gap_x) + box_w / 2 for i in range(len(row))]
                lines.append([(min(trunk_x, xs[0]), bus), (max(trunk_x, xs[-1]), bus)])
                lines.extend([(cx, bus), (cx, y)] for cx in xs)
                for i, t in enumerate(row):
                    parent = t.reports_to if t.reports_to in ids and t.reports_to not in head_ids else None
                    _box(ax, xs[i] - box_w / 2, y - box_h, box_w, box_h, t, lang,
                         names.get(parent) if parent else None)
                last_bus = bus
                y -= box_h + gap_y
            lines.append([(trunk_x, mid), (trunk_x, last_bus)])
        if lines:
            ax.add_artist(LineCollection(lines, colors=PALETTE["missing_line"], linewidths=1))
        kinds = list(dict.fromkeys((t.type, t.type_label) for t in teams))
        if kinds:
            fig.legend(handles=[Patch(facecolor=TYPE_COLOURS.get(k, "#EEEEEE"), edgecolor="#7F7F7F", label=lbl)
                                for k, lbl in kinds],
                       loc="lower center", ncol=min(len(kinds), 6), frameon=False, fontsize=7.5,
                       bbox_to_anchor=(0.5, 0.0))
        return _finish(fig)


def _box(ax, x: float, y: float, w: float, h: float, team: ChartTeam, lang: str, parent: str | None) -> None:
    ax.add_artist(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.06",
                                facecolor=TYPE_COLOURS.get(team.type, "#EEEEEE"), edgecolor="#7F7F7F", lw=0.8))
    people = f"{team.headcount} 人" if lang == "zh" else f"{team.headcount} people"
    detail = f"{people} · {team.site}" if team.site else people
    ax.text(x + w / 2, y + h * 0.62, wrap_label(team.name, 22, 3), ha="center",
            va="center", fontsize=7.2, fontweight="bold", color=PALETTE["text"], linespacing=1.1)
    ax.text(x + w / 2, y + h * 0.2, detail, ha="center", va="center", fontsize=6.8, color=PALETTE["text"])
    if parent:
        up = f"汇报至：{parent}" if lang == "zh" else f"reports to {parent}"
        ax.text(x + w / 2, y + h * 0.06, wrap_label(up, 26, 1), ha="center", va="bottom", fontsize=5.6,
                color="#595959", style="italic")


def chart_teams(view_side, design_org, lang: str) -> list[ChartTeam]:
    """The chart's boxes from a report view side and its organisation (same order)."""
    out = []
    for row, team in zip(view_side.teams, design_org.teams, strict=True):
        out.append(ChartTeam(team.id, row.name, team.type, row.type, team.headcount, team.site, team.reports_to))
    return out
