"""Chart builders of the planning service, shared by the Planning tab and the planning report.

Like ``app.reports.charts``: plain data in, a ``matplotlib.figure.Figure`` out, no pyplot.

- ``gantt_chart(rows, phases, links, *, title, lang, months)`` one bar per initiative from its
  start to its end month, phases as shaded bands with their load against capacity on top,
  finish-to-start links as arrows, the critical path in the accent colour, pinned items
  hatched and flagged ones outlined in red. ``rows``: (label, start, end, critical, pinned,
  flagged); ``phases``: (label, start, end, capacity, load); ``links``: (from row, to row).
- ``impact_effort_chart(points, *, high_effort, title, lang)`` the impact/effort matrix:
  each initiative a numbered dot (effort in person-months across, impact up), the four
  quadrants named. ``points``: (number, effort, impact 'low'|'medium'|'high').
- ``evolution_chart(labels, steps, targets, *, title, lang, scale_min, scale_max)`` the
  expected level per domain after each phase (grouped bars) with the target as a tick.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.transforms import blended_transform_factory

from app.reports.charts import PALETTE, _finish, _new_figure, _style, wrap_label

WORDS = {
    "en": {"month": "Month", "effort": "Effort (person-months)", "impact": "Impact", "load": "load",
           "low": "Low", "medium": "Medium", "high": "High", "critical": "Critical path", "pinned": "Pinned by hand",
           "flagged": "Flagged", "planned": "Scheduled", "level": "Level", "target": "Target",
           "quick_win": "Quick wins", "major_project": "Major projects", "fill_in": "Fill-ins",
           "thankless": "Thankless tasks", "pm": "pm"},
    "zh": {"month": "月份", "effort": "工作量（人月）", "impact": "收益", "load": "负荷",
           "low": "低", "medium": "中", "high": "高", "critical": "关键路径", "pinned": "手工固定",
           "flagged": "有警示", "planned": "已排期", "level": "等级", "target": "目标",
           "quick_win": "速赢项", "major_project": "重大项目", "fill_in": "填充项", "thankless": "低效项",
           "pm": "人月"},
}
PHASE_SHADES = ("#F2F2F2", "#FFFFFF")
BAR = "#2E75B6"
CRITICAL = PALETTE["target"]
FLAG = "#C00000"
IMPACT_Y = {"low": 1.0, "medium": 2.0, "high": 3.0}


def _w(lang: str, key: str) -> str:
    return WORDS.get(lang, WORDS["en"])[key]


def gantt_chart(rows: Sequence[tuple[str, float, float, bool, bool, bool]],
                phases: Sequence[tuple[str, float, float, float, float]],
                links: Sequence[tuple[int, int]] = (), *, title: str = "", lang: str = "en",
                months: float | None = None) -> Figure:
    end = months or max([p[2] for p in phases] + [r[2] for r in rows] + [1.0])
    with _style():
        height = max(2.4, 0.27 * len(rows) + 1.5)
        # fixed margins: constrained layout would draw the figure three times to find them
        fig = _new_figure(6.6, height, layout=None)
        ax = fig.add_axes((0.36, 0.9 / height, 0.62, 1 - 1.25 / height))
        # Patches go in with add_artist: the limits are set by hand below, so matplotlib need
        # not work out each one's data limits (add_patch), and row labels are plain texts
        # rather than y ticks (a tick is two lines, a label and a grid line, built and drawn
        # for every initiative). The two halve the Gantt's cost; it looks the same.
        for n, (label, start, stop, capacity, load) in enumerate(phases):
            ax.add_artist(Rectangle((start, -1.6), stop - start, len(rows) + 1.6, color=PHASE_SHADES[n % 2],
                                    zorder=0, linewidth=0))
            ax.add_artist(Line2D([start, start], [-1.6, len(rows)], color=PALETTE["grid"], linewidth=0.6, zorder=1))
            over = load > capacity + 1e-6
            ax.text((start + stop) / 2, -1.55, f"{label}\n{load:.0f}/{capacity:g} {_w(lang, 'pm')}",
                    ha="center", va="top", fontsize=6.5,
                    color=FLAG if over else PALETTE["text"], fontweight="bold" if over else "normal",
                    in_layout=False)
        if rows:
            # one bar container for every row, in row order (the Planning tab finds a row's bar by index)
            ax.barh(range(len(rows)), [r[2] - r[1] for r in rows], left=[r[1] for r in rows], height=0.62,
                    color=[CRITICAL if r[3] else BAR for r in rows], zorder=3,
                    hatch=["///" if r[4] else None for r in rows],
                    edgecolor=[FLAG if r[5] else "white" for r in rows],
                    linewidth=[1.2 if r[5] else 0.4 for r in rows])
        for a, b in links:
            if not (0 <= a < len(rows) and 0 <= b < len(rows)):
                continue
            x0, y0 = rows[a][2], a
            x1, y1 = rows[b][1], b
            ax.add_artist(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=6,
                                          connectionstyle="angle,angleA=0,angleB=90,rad=0" if x1 > x0 + 0.2
                                          else "arc3,rad=0.0",
                                          color="#7F7F7F", linewidth=0.6, zorder=4, shrinkA=0, shrinkB=1))
        ax.set_yticks([])
        labels_at = blended_transform_factory(ax.transAxes, ax.transData)
        for y, row in enumerate(rows):
            ax.text(-0.012, y, wrap_label(row[0], 40, 1), transform=labels_at, ha="right", va="center", fontsize=7,
                    color=PALETTE["text"], clip_on=False)
        ax.set_ylim(len(rows) - 0.4, -1.6)
        ax.set_xlim(0, end)
        step = 3 if end <= 36 else 6
        ax.set_xticks([m for m in range(0, int(math.ceil(end)) + 1, step)])
        ax.set_xlabel(_w(lang, "month"))
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles = [Rectangle((0, 0), 1, 1, color=BAR, label=_w(lang, "planned")),
                   Rectangle((0, 0), 1, 1, color=CRITICAL, label=_w(lang, "critical")),
                   Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="#7F7F7F", hatch="///",
                             label=_w(lang, "pinned")),
                   Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=FLAG, label=_w(lang, "flagged"))]
        fig.legend(handles=handles, loc="lower center", ncols=4, frameon=False, fontsize=7,
                   bbox_to_anchor=(0.5, 0.0))
        if title:
            ax.set_title(title, pad=4)
        return _finish(fig)


def impact_effort_chart(points: Sequence[tuple[int, float, str]], *, high_effort: float = 6.0,
                        title: str = "", lang: str = "en") -> Figure:
    top = max([p[1] for p in points] + [high_effort * 2])
    with _style():
        fig = _new_figure(6.4, 4.2, layout=None)
        ax = fig.add_axes((0.14, 0.12, 0.83, 0.8))
        split_y = 2.5
        quads = (("quick_win", 0, high_effort, split_y, 3.6, "#E2EFDA"),
                 ("major_project", high_effort, top * 1.08, split_y, 3.6, "#DDEBF7"),
                 ("fill_in", 0, high_effort, 0.4, split_y, "#F2F2F2"),
                 ("thankless", high_effort, top * 1.08, 0.4, split_y, "#FBE5D6"))
        for key, x0, x1, y0, y1, colour in quads:
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, color=colour, zorder=0, linewidth=0))
            ax.text(x0 + (x1 - x0) * 0.03, y1 - 0.06, _w(lang, key), ha="left", va="top", fontsize=8,
                    fontweight="bold", color="#595959")
        # spread dots that share a spot so every number stays readable
        seen: dict[tuple[float, float], int] = {}
        xs: list[float] = []
        ys: list[float] = []
        for number, effort, impact in points:
            y = IMPACT_Y.get(impact, 2.0)
            spot = (round(effort, 1), y)
            k = seen.get(spot, 0)
            seen[spot] = k + 1
            dx = (k % 4) * top * 0.025
            dy = -(k // 4) * 0.16 + (0.08 if k % 2 else -0.08) * (k > 0)
            xs.append(effort + dx)
            ys.append(y + dy)
            ax.text(effort + dx, y + dy, str(number), ha="center", va="center", fontsize=5.5, color="white",
                    zorder=4, fontweight="bold")
        ax.scatter(xs, ys, s=70, color=PALETTE["current"], zorder=3, edgecolors="white", linewidths=0.5)
        ax.set_xlim(0, top * 1.08)
        ax.set_ylim(0.4, 3.6)
        ax.set_yticks([1, 2, 3])
        ax.set_yticklabels([_w(lang, "low"), _w(lang, "medium"), _w(lang, "high")])
        ax.set_xlabel(_w(lang, "effort"))
        ax.set_ylabel(_w(lang, "impact"))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if title:
            ax.set_title(title)
        return _finish(fig)


def evolution_chart(labels: Sequence[str], steps: Sequence[tuple[str, Sequence[float | None]]],
                    targets: Sequence[float | None], *, title: str = "", lang: str = "en",
                    scale_min: float = 0, scale_max: float = 5) -> Figure:
    colours = ("#A5A5A5", "#9DC3E6", "#2E75B6", "#1F3864", "#0B1A33", "#7030A0")
    with _style():
        height = max(3.4, 0.34 * len(labels) * max(1, len(steps)) / 2.2 + 1.4)
        fig = _new_figure(6.6, height, layout=None)
        ax = fig.add_axes((0.33, 0.6 / height, 0.52, 1 - 1.0 / height))
        count = max(1, len(steps))
        height = 0.82 / count
        for i, (name, values) in enumerate(steps):
            ys = [y - 0.41 + height * (i + 0.5) for y in range(len(labels))]
            lengths = [0 if v is None else v - scale_min for v in values]
            ax.barh(ys, lengths, height * 0.9, left=scale_min, color=colours[i % len(colours)], label=name)
        for y, target in enumerate(targets):
            if target is not None:
                ax.plot([target, target], [y - 0.45, y + 0.45], color=CRITICAL, linewidth=1.6, zorder=4,
                        label=_w(lang, "target") if y == 0 else None)
        ax.set_yticks(range(len(labels)))
        ax.set_yticklabels([wrap_label(lbl, 30, 2) for lbl in labels], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(scale_min, scale_max + 0.2)
        ax.set_xticks(range(int(scale_min), int(scale_max) + 1))
        ax.set_xlabel(_w(lang, "level"))
        ax.grid(axis="x", color=PALETTE["grid"], linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
        if title:
            ax.set_title(title)
        return _finish(fig)
