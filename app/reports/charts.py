"""Chart builders shared by the desktop dashboard and the Word/Excel reports.

Every builder takes plain data (lists of labels and numbers, no engine objects) and
returns a ``matplotlib.figure.Figure``; none uses pyplot, so they are safe off the
main thread and the dashboard can hand the result to a ``FigureCanvasQTAgg``. The
reports turn a figure into PNG bytes with :func:`figure_png`.

Builders (``lang`` is "en" or "zh"; ``None`` as a level means "not assessed"):

- ``radar_chart(labels, current, target, *, title, lang, scale_min=0, scale_max=5)``
  domains on a spider web, current (filled) against target (dashed); a not-assessed domain
  is a hollow grey point at ``scale_min`` joined by dashed grey sides, "* not assessed" in the legend.
- ``grouped_bar_chart(labels, series, *, title, lang, scale_min=0, scale_max=5)``
  one group per label, one bar per named series (e.g. {"Current": [...], "Target": [...]}).
- ``level_bar_chart(labels, current, target, *, title, lang, scale_min=0, scale_max=5)``
  convenience: current vs target as grouped bars with the legend in ``lang``.
- ``heatmap_chart(row_labels, column_labels, values, *, title, lang, scale_min=0, scale_max=5,
  row_groups=None)`` a level matrix (e.g. capabilities x interviewee roles); ``None`` cells
  are drawn grey and left blank.
- ``answer_distribution_chart(labels, categories, counts, *, title, lang)``
  stacked horizontal bars: for each label (a domain), how many answers fell in each
  category (levels, "not applicable", "don't know").
- ``disagreement_chart(labels, levels, consolidated, *, title, lang, scale_min=0, scale_max=5)``
  one row per question: each interviewee's level as a dot, the range as a line and the
  consolidated level as a diamond.
- ``empty_chart(message)`` a placeholder for a chart with no data yet.

Helpers: ``cjk_font()`` names the first installed CJK font (or None);
``wrap_label(text, width, lines)`` wraps Latin on words and Chinese anywhere;
``figure_png(fig, dpi=200)`` renders with missing-glyph warnings silenced, so a
machine with no CJK font still produces an image (with boxes) instead of failing;
``draw_quietly(fig)`` does the same for a canvas that draws by itself. Figures are
built under a lock (the builders set matplotlib defaults while they run), so the
dashboard and a report worker may call them from different threads.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
import threading
import unicodedata
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache

import matplotlib

matplotlib.use("Agg", force=False)  # no display needed; the dashboard draws through its own canvas

from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap, to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib.textpath import TextPath  # noqa: E402
from matplotlib.transforms import Affine2D, blended_transform_factory, offset_copy  # noqa: E402
from PIL import Image  # noqa: E402

__all__ = [
    "CJK_FONT_CANDIDATES",
    "PALETTE",
    "answer_distribution_chart",
    "cjk_font",
    "disagreement_chart",
    "draw_quietly",
    "empty_chart",
    "figure_png",
    "grouped_bar_chart",
    "heatmap_chart",
    "level_bar_chart",
    "radar_chart",
    "wrap_label",
]

# In order of preference: what Windows, macOS and Linux ship.
CJK_FONT_CANDIDATES = (
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Noto Serif CJK SC",
)
LATIN_FONTS = ("DejaVu Sans",)

# A sober consultancy palette: navy for what is, amber for what should be.
PALETTE = {
    "current": "#1F3864",
    "target": "#C55A11",
    "grid": "#BFBFBF",
    "text": "#262626",
    "missing": "#D9D9D9",
    "missing_line": "#8C8C8C",  # the outline to a domain that was not assessed
    "series": ("#1F3864", "#C55A11", "#2E75B6", "#70AD47", "#7F6000", "#7030A0", "#A5A5A5"),
}
LEVEL_COLOURS = ("#C00000", "#E46C0A", "#F2C200", "#9BBB59", "#4F9A3A", "#1E6B30")

_WORDS = {
    "en": {"current": "Current", "target": "Target", "na": "n/a", "not_assessed": "* not assessed",
           "level": "Level", "answers": "Answers", "consolidated": "Consolidated", "answer": "Interviewee"},
    "zh": {"current": "现状", "target": "目标", "na": "未评估", "not_assessed": "* 未评估",
           "level": "等级", "answers": "回答数", "consolidated": "综合", "answer": "受访者"},
}

_GLYPH_WARNING = r"(Glyph \d+ .*missing from|Matplotlib currently does not support)"


def _word(lang: str, key: str) -> str:
    return _WORDS.get(lang, _WORDS["en"])[key]


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The first installed CJK font from :data:`CJK_FONT_CANDIDATES`, or None."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONT_CANDIDATES if name in installed), None)


def _families() -> list[str]:
    # Latin first so digits and English keep their usual look; matplotlib falls back
    # per glyph to the CJK font for Chinese characters.
    cjk = cjk_font()
    return [*LATIN_FONTS, cjk] if cjk else [*LATIN_FONTS, "sans-serif"]


# rc_context changes matplotlib's global defaults while a figure is being built; the
# lock keeps two threads (report worker, dashboard) from building at the same moment.
# Drawing reads none of these keys, and fonts are pinned on every text by _finish.
_BUILD_LOCK = threading.RLock()


@contextmanager
def _style() -> Iterator[None]:
    with _BUILD_LOCK, matplotlib.rc_context({
        "font.family": _families(),
        "font.size": 9,
        "axes.edgecolor": PALETTE["grid"],
        "axes.labelcolor": PALETTE["text"],
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "xtick.color": PALETTE["text"],
        "ytick.color": PALETTE["text"],
        "svg.fonttype": "none",
        "text.hinting": "no_hinting",  # labels measured while building as figure_png draws them
    }):
        yield


def _finish(fig: Figure) -> Figure:
    """Pin the font family on every text, tick labels included, so it survives rc changes."""
    families = _families()
    for ax in fig.axes:
        ax.tick_params(labelfontfamily=families)
    for text in fig.findobj(match=lambda a: hasattr(a, "set_fontfamily")):
        text.set_fontfamily(families)  # type: ignore[attr-defined]
    return fig


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_NO_LINE_START = set("）)」』》〉】，。、；：？！,.;:?!…")
_NO_LINE_END = set("（(「『《〈【“‘")


def _fill(tokens: Sequence[str], width: int) -> list[str]:
    out, line = [], ""
    for token in tokens:
        if line and _display_width(line + token) > width and token not in _NO_LINE_START:
            carried = ""  # an opening bracket goes down with what it opens
            while line and line[-1] in _NO_LINE_END:
                carried, line = line[-1] + carried, line[:-1]
            if line:
                out.append(line)
            line = carried
        line += token
    out.append(line)
    return out


def wrap_label(text: str, width: int = 18, lines: int = 3) -> str:
    """Wrap a label on words for Latin text and anywhere for Chinese, by display width."""
    if _display_width(text) <= width:
        return text
    if re.search(r"[\u3000-\u9fff]", text):
        # Lines of even length (not a full line and a two-character orphan), and closing
        # punctuation never starts a line.
        # A Latin word inside Chinese ("(SLO)", "toil") stays whole.
        tokens = re.findall(r"[A-Za-z0-9()&/+._-]+|.", text)
        total = _display_width(text)
        needed = math.ceil(total / width)
        out = _fill(tokens, width)
        if needed <= lines:
            # The narrowest even share that still needs no more lines (a Chinese character
            # counts two, so half of an odd width would leave a one-character orphan).
            for share in range(math.ceil(total / needed), width + 1):
                candidate = _fill(tokens, share)
                if len(candidate) <= needed:
                    out = candidate
                    break
    else:
        out = textwrap.wrap(text, width)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(" ,;:") + "…"
    return "\n".join(out)


def _new_figure(width: float, height: float, layout: str | None = "constrained") -> Figure:
    fig = Figure(figsize=(width, height), dpi=100, layout=layout)
    FigureCanvasAgg(fig)  # a canvas so savefig works without pyplot; the dashboard replaces it
    fig.patch.set_facecolor("white")
    return fig


def _num(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


# --- builders -------------------------------------------------------------------------------------------


def radar_chart(
    labels: Sequence[str],
    current: Sequence[float | None],
    target: Sequence[float | None],
    *,
    title: str = "",
    lang: str = "en",
    scale_min: float = 0,
    scale_max: float = 5,
) -> Figure:
    """Domains around a circle: current filled, target dashed. Fewer than 3 labels fall back to bars.

    A domain with no answers (``None``) is not a gap in the outline: the current line
    runs to a hollow grey marker at ``scale_min`` in dashed grey, its label carries
    " *" and the legend says "* not assessed" (no fill then, which would read as a level).
    """
    if len(labels) < 3:
        return level_bar_chart(labels, current, target, title=title, lang=lang, scale_min=scale_min,
                               scale_max=scale_max)
    with _style():
        fig = _new_figure(6.2, 5.4)
        ax = fig.add_subplot(projection="polar")
        n = len(labels)
        angles = [2 * math.pi * i / n for i in range(n)]
        closed = [*angles, angles[0]]
        tgt = _num(target)
        cur = _num(current)
        missing = [v is None for v in current]
        target_line, = ax.plot(closed, [*tgt, tgt[0]], color=PALETTE["target"], linestyle="--", linewidth=1.6)
        current_line, = ax.plot(closed, [*cur, cur[0]], color=PALETTE["current"], linewidth=2, marker="o",
                                markersize=4)
        handles, names = [current_line, target_line], [_word(lang, "current"), _word(lang, "target")]
        if any(missing):
            # Each side that touches a not-assessed domain, dashed grey down to scale_min.
            floor = [scale_min if m else v for m, v in zip(missing, cur, strict=True)]
            for i in range(n):
                j = (i + 1) % n
                if missing[i] or missing[j]:
                    ax.plot([angles[i], closed[i + 1]], [floor[i], floor[j]], color=PALETTE["missing_line"],
                            linestyle=(0, (3, 2)), linewidth=1.4, zorder=1.9)
            marker, = ax.plot([a for a, m in zip(angles, missing, strict=True) if m], [scale_min] * sum(missing),
                              linestyle=(0, (3, 2)), color=PALETTE["missing_line"], linewidth=1.4, marker="o",
                              markersize=6, markerfacecolor="white", markeredgecolor=PALETTE["missing_line"],
                              markeredgewidth=1.4, zorder=3, clip_on=False)
            handles.append(marker)
            names.append(_word(lang, "not_assessed"))
        else:
            ax.fill(closed, [*cur, cur[0]], color=PALETTE["current"], alpha=0.18)
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        ax.set_xticks(angles)
        ax.set_xticklabels([wrap_label(lbl, 20) + (" *" if miss else "")
                            for lbl, miss in zip(labels, missing, strict=True)])
        ax.set_ylim(scale_min, scale_max)
        ax.set_yticks([v for v in range(int(scale_min), int(scale_max) + 1)])
        ax.set_yticklabels([str(v) for v in range(int(scale_min), int(scale_max) + 1)], color="#7F7F7F",
                           fontsize=7)
        ax.set_rlabel_position(180 / n)  # level numbers between two spokes, clear of any line
        ax.grid(color=PALETTE["grid"], linewidth=0.6)
        ax.tick_params(axis="x", pad=6)
        align_spoke_labels(ax, angles)
        # One row above the chart: a legend beside the axes would narrow the (square) polar
        # and push the side labels off the edge of the figure.
        fig.legend(handles, names, loc="outside upper right", ncols=len(handles), frameon=False)
        if title:
            ax.set_title(title, pad=22)
        return _finish(fig)


def align_spoke_labels(ax, angles: Sequence[float]) -> None:
    """Anchor each spoke's label on the side that faces the chart (0 rad at the top, clockwise).

    Centred labels of neighbouring spokes at the bottom and the sides run into each other
    once a domain name wraps to two or three lines; anchored, they grow away from the circle.
    """
    engine = ax.figure.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        # The constrained layout sizes a polar axes before its equal aspect makes it
        # square, and misses side labels by a few points: keep a margin for them.
        engine.set(w_pad=0.16)
    for label, angle in zip(ax.get_xticklabels(), angles, strict=True):
        x, y = math.sin(angle), math.cos(angle)
        label.set_horizontalalignment("left" if x > 0.2 else "right" if x < -0.2 else "center")
        label.set_verticalalignment("bottom" if y > 0.2 else "top" if y < -0.2 else "center")


def grouped_bar_chart(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str = "",
    lang: str = "en",
    scale_min: float = 0,
    scale_max: float = 5,
    colours: Sequence[str] | None = None,
) -> Figure:
    """One group of bars per label; missing values are left out and marked n/a.

    Up to six labels stand as columns; more lie as rows, so long domain names stay
    readable instead of being rotated into each other.
    """
    horizontal = len(labels) > 6
    with _style():
        count = max(1, len(series))
        if horizontal:
            fig = _new_figure(6.4, max(3.0, 0.22 * count * len(labels) + 1.2))
        else:
            fig = _new_figure(6.4, 3.6)
        ax = fig.add_subplot()
        width = 0.8 / count
        colours = list(colours or PALETTE["series"])
        positions = range(len(labels))
        for i, (name, values) in enumerate(series.items()):
            offsets = [x - 0.4 + width * (i + 0.5) for x in positions]
            ys = _num(values)
            lengths = [0 if math.isnan(v) else v - scale_min for v in ys]
            colour = colours[i % len(colours)]
            if horizontal:
                ax.barh(offsets, lengths, width * 0.92, left=scale_min, color=colour, label=name)
            else:
                ax.bar(offsets, lengths, width * 0.92, bottom=scale_min, color=colour, label=name)
            for pos, v in zip(offsets, ys, strict=True):
                missing = math.isnan(v)
                if not missing and count > 3:
                    continue
                text = _word(lang, "na") if missing else f"{v:.2f}"
                at = scale_min + 0.05 if missing else v + 0.05
                style = {"fontsize": 6 if missing else 6.5, "color": "#7F7F7F" if missing else PALETTE["text"],
                         "in_layout": False}
                if horizontal:
                    ax.text(at, pos, text, ha="left", va="center", **style)
                else:
                    ax.text(pos, at, text, ha="center", va="bottom", rotation=90 if missing else 0, **style)
        value_axis, label_axis = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
        label_axis.set_ticks(list(positions))
        if horizontal:
            ax.set_yticklabels([wrap_label(lbl, 34, 2) for lbl in labels], fontsize=8)
            ax.invert_yaxis()
            ax.set_xlim(scale_min, scale_max + 0.4)
        else:
            ax.set_xticklabels([wrap_label(lbl, 14) for lbl in labels], fontsize=8)
            ax.set_ylim(scale_min, scale_max + 0.4)
        value_axis.set_ticks(range(int(scale_min), int(scale_max) + 1))
        value_axis.set_label_text(_word(lang, "level"))
        ax.grid(axis="x" if horizontal else "y", color=PALETTE["grid"], linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
        if title:
            ax.set_title(title)
        return _finish(fig)


def level_bar_chart(
    labels: Sequence[str],
    current: Sequence[float | None],
    target: Sequence[float | None],
    *,
    title: str = "",
    lang: str = "en",
    scale_min: float = 0,
    scale_max: float = 5,
) -> Figure:
    return grouped_bar_chart(labels, {_word(lang, "current"): current, _word(lang, "target"): target},
                             title=title, lang=lang, scale_min=scale_min, scale_max=scale_max,
                             colours=(PALETTE["current"], PALETTE["target"]))


@lru_cache(maxsize=512)
def _number_path(text: str, size: float) -> Path:
    """The outline of a short Latin text (a level such as "2.5") in points, centred on (0, 0)."""
    outline = TextPath((0, 0), text, size=size, prop=FontProperties(family=LATIN_FONTS[0]))
    box = outline.get_extents()
    return outline.transformed(Affine2D().translate(-(box.x0 + box.x1) / 2, -(box.y0 + box.y1) / 2))


class _Numbers:
    """Numbers written inside cells or bars, drawn as one collection of glyph outlines.

    Hundreds of ``Text`` artists (a heatmap's values) cost more to lay out and draw than
    the rest of the chart; the outlines of the few distinct strings are cached, and one
    collection draws them all, centred on their data points, in colour per number.
    """

    def __init__(self, size: float) -> None:
        self.size = size
        self.paths: list[Path] = []
        self.offsets: list[tuple[float, float]] = []
        self.colours: list[str] = []

    def add(self, text: str, x: float, y: float, colour: str) -> None:
        self.paths.append(_number_path(text, self.size))
        self.offsets.append((x, y))
        self.colours.append(colour)

    def draw(self, ax) -> None:
        if self.paths:
            points = Affine2D().scale(1 / 72) + ax.get_figure().dpi_scale_trans  # outlines are in points
            ax.add_collection(PathCollection(
                self.paths, offsets=self.offsets, offset_transform=ax.transData, transform=points,
                facecolors=self.colours, edgecolors="none", linewidths=0, in_layout=False), autolim=False)


def _level_cmap(scale_min: float, scale_max: float) -> LinearSegmentedColormap:
    return LinearSegmentedColormap.from_list("levels", LEVEL_COLOURS)


def level_legend(scale_min: int, scale_max: int) -> list[tuple[int, str]]:
    """Each level of the scale with the colour the heatmap gives it (for a legend beside the chart)."""
    from matplotlib.colors import to_hex

    cmap = _level_cmap(scale_min, scale_max)
    span = (scale_max - scale_min) or 1
    return [(level, to_hex(cmap((level - scale_min) / span))) for level in range(scale_min, scale_max + 1)]


def missing_colour() -> str:
    """The grey of a cell nobody answered (not assessed)."""
    return PALETTE["missing"]


def heatmap_chart(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    title: str = "",
    lang: str = "en",
    scale_min: float = 0,
    scale_max: float = 5,
    row_groups: Sequence[str] | None = None,
) -> Figure:
    """A level per cell, red (low) to green (high), grey when None; ``row_groups`` rules off groups.

    Laid out by hand from the measured label sizes: with fifty rows of labels the
    constrained layout engine costs more than drawing the chart. The row and column
    labels are plain texts beside the image rather than tick labels: a tick is five
    artists (two marks, a grid line, two labels) and fifty of them cost more to make
    and draw than the labels themselves.
    """
    with _style():
        rows, cols = len(row_labels), max(1, len(column_labels))
        # at most 8.2 in tall: at the report's 160 mm width that is 205 mm, which leaves room on the
        # page for the section heading and its sentence (at 9.2 in the heading was left alone)
        fig = _new_figure(6.4, min(8.2, max(2.4, 0.26 * rows + 1.6)), layout=None)
        ax = fig.add_axes((0.3, 0.05, 0.6, 0.8))
        cmap = _level_cmap(scale_min, scale_max).with_extremes(bad=PALETTE["missing"])
        grid = [[math.nan if v is None else float(v) for v in row] for row in values] or [[math.nan]]
        image = ax.imshow(grid, cmap=cmap, vmin=scale_min, vmax=scale_max, aspect="auto",
                          interpolation="nearest")
        # Grey says "no answer"; a glyph per empty cell would only cost drawing time.
        numbers = _Numbers(6.5 if rows > 25 else 7.5)
        for r, row in enumerate(values):
            for c, v in enumerate(row):
                if v is not None:
                    numbers.add(f"{v:.2f}", c, r,
                                _text_on(cmap((float(v) - scale_min) / ((scale_max - scale_min) or 1))))
        numbers.draw(ax)
        ax.set_xticks([])
        ax.set_yticks([])
        # Row labels right-aligned 3 pt left of the image, column labels slanted above it.
        left_of = offset_copy(blended_transform_factory(ax.transAxes, ax.transData), fig=fig, x=-3, units="points")
        # Dense matrices get one line per row, or neighbouring labels collide.
        row_texts = [ax.text(0, r, wrap_label(lbl, 52, 1) if rows > 20 else wrap_label(lbl, 40),
                             transform=left_of, ha="right", va="center", fontsize=7 if rows > 25 else 8,
                             clip_on=False)
                     for r, lbl in enumerate(row_labels)]
        above = offset_copy(blended_transform_factory(ax.transData, ax.transAxes), fig=fig, y=3, units="points")
        column_texts = [ax.text(c, 1, wrap_label(lbl, 30, 1), transform=above, ha="left", va="bottom",
                                rotation=40, rotation_mode="anchor", fontsize=7.5, clip_on=False)
                        for c, lbl in enumerate(column_labels)]
        for spine in ax.spines.values():
            spine.set_visible(False)
        if row_groups:
            for r in range(1, len(row_groups)):
                if row_groups[r] != row_groups[r - 1]:
                    ax.axhline(r - 0.5, color="white", linewidth=2.5)
        for c in range(1, cols):
            ax.axvline(c - 0.5, color="white", linewidth=1.5)
        if title:
            ax.set_title(title, pad=4)
        # Margins from the labels as drawn (pixels at the figure's own dpi scale with any save dpi).
        renderer = fig.canvas.get_renderer()
        width, height = fig.bbox.width, fig.bbox.height
        with _quiet_glyphs():
            left_px = max((t.get_window_extent(renderer).width for t in row_texts), default=0) + 10
            top_px = max((t.get_window_extent(renderer).height for t in column_texts), default=0) + 10
            if title:
                # above the slanted column labels, not across them
                ax.set_title(title, pad=4 + top_px * 72 / fig.dpi)
                top_px += ax.title.get_window_extent(renderer).height + 8
        bar_px, label_px = 0.18 * 100, 48  # colour bar and its tick labels and title
        left = min(0.6, left_px / width)
        right = 1 - (bar_px + label_px + 16) / width
        bottom, top = 8 / height, 1 - top_px / height
        ax.set_position((left, bottom, max(0.1, right - left), max(0.1, top - bottom)))
        cax = fig.add_axes((right + 10 / width, bottom + 0.2 * (top - bottom), bar_px / width, 0.6 * (top - bottom)))
        bar = fig.colorbar(image, cax=cax)
        bar.set_label(_word(lang, "level"), fontsize=8)
        bar.ax.tick_params(labelsize=8)
        bar.outline.set_visible(False)
        return _finish(fig)


def answer_distribution_chart(
    labels: Sequence[str],
    categories: Sequence[str],
    counts: Sequence[Sequence[int]],
    *,
    title: str = "",
    lang: str = "en",
    colours: Sequence[str] | None = None,
) -> Figure:
    """Stacked horizontal bars: ``counts[i][j]`` answers of ``labels[i]`` in ``categories[j]``.

    Without ``colours``, categories are coloured like levels, except the last two
    (taken to be "not applicable" and "don't know") which are grey.
    """
    with _style():
        fig = _new_figure(6.4, max(2.4, 0.38 * len(labels) + 1.4))
        ax = fig.add_subplot()
        if colours is None:
            level_count = max(1, len(categories) - 2)
            cmap = _level_cmap(0, 1)
            colours = [cmap(i / max(1, level_count - 1)) for i in range(level_count)] + ["#A6A6A6", "#D9D9D9"]
            colours = colours[: len(categories)]
        left = [0] * len(labels)
        ys = list(range(len(labels)))
        numbers = _Numbers(6.5)
        for j, category in enumerate(categories):
            widths = [row[j] if j < len(row) else 0 for row in counts]
            ax.barh(ys, widths, left=left, color=colours[j % len(colours)], label=category, height=0.7,
                    edgecolor="white", linewidth=0.5)
            for y, w, lft in zip(ys, widths, left, strict=True):
                if w >= 3:
                    numbers.add(str(w), lft + w / 2, y, _text_on(colours[j % len(colours)]))
            left = [a + b for a, b in zip(left, widths, strict=True)]
        numbers.draw(ax)
        ax.set_yticks(ys)
        ax.set_yticklabels([wrap_label(lbl, 28) for lbl in labels], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(_word(lang, "answers"))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.grid(axis="x", color=PALETTE["grid"], linewidth=0.5)
        ax.set_axisbelow(True)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08 if len(labels) > 6 else -0.2),
                  ncol=min(len(categories), 4 if len(categories) > 6 else 8), frameon=False, fontsize=7.5)
        if title:
            ax.set_title(title)
        return _finish(fig)


def _text_on(colour: object) -> str:
    """White on dark fills, near-black on light ones."""
    r, g, b, _ = to_rgba(colour)  # type: ignore[arg-type]
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else PALETTE["text"]


def disagreement_chart(
    labels: Sequence[str],
    levels: Sequence[Sequence[float]],
    consolidated: Sequence[float | None],
    *,
    title: str = "",
    lang: str = "en",
    scale_min: float = 0,
    scale_max: float = 5,
) -> Figure:
    """Per question, the range of interviewees' levels: where the room did not agree."""
    with _style():
        fig = _new_figure(6.4, max(2.2, 0.42 * len(labels) + 1.3))
        ax = fig.add_subplot()
        # One collection per kind of mark, not three per question.
        spans = [(y, min(row), max(row)) for y, row in enumerate(levels) if row]
        dots = [(x, y) for y, row in enumerate(levels) for x in row]
        mids = [(mid, y) for y, mid in enumerate(consolidated) if mid is not None]
        if spans:
            ax.hlines([y for y, _, _ in spans], [lo for _, lo, _ in spans], [hi for _, _, hi in spans],
                      color=PALETTE["grid"], linewidth=3, zorder=1)
        if dots:
            ax.scatter([x for x, _ in dots], [y for _, y in dots], s=22, color=PALETTE["current"], zorder=2)
        if mids:
            ax.scatter([x for x, _ in mids], [y for _, y in mids], marker="D", s=34, color=PALETTE["target"],
                       zorder=3)
        ax.set_yticks(range(len(labels)))
        ax.set_yticklabels([wrap_label(lbl, 48, 2) for lbl in labels], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(scale_min - 0.3, scale_max + 0.3)
        ax.set_xticks(range(int(scale_min), int(scale_max) + 1))
        ax.set_xlabel(_word(lang, "level"))
        ax.grid(axis="x", color=PALETTE["grid"], linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles = [Patch(color=PALETTE["current"], label=_word(lang, "answer")),
                   Patch(color=PALETTE["target"], label=_word(lang, "consolidated"))]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.15 if len(labels) > 3 else -0.3),
                  ncol=2, frameon=False, fontsize=7.5)
        if title:
            ax.set_title(title)
        return _finish(fig)


# --- rendering ----------------------------------------------------------------------------------------


@contextmanager
def _quiet_glyphs() -> Iterator[None]:
    # With no CJK font installed, Chinese renders as boxes; that must not become an
    # exception under warnings-as-errors or a console full of noise.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_GLYPH_WARNING, category=UserWarning)
        warnings.filterwarnings("ignore", message=".*constrained_layout not applied.*", category=UserWarning)
        warnings.filterwarnings("ignore", message=".*layout engine.*", category=UserWarning)
        yield


def draw_quietly(fig: Figure) -> None:
    """Draw the figure on its own canvas, missing glyphs silenced (for a dashboard canvas)."""
    with _quiet_glyphs():
        fig.canvas.draw()


def figure_png(fig: Figure, dpi: int = 200) -> bytes:
    """PNG bytes of the figure at print resolution (200 dpi by default).

    Drawn without font hinting (at print resolution it changes nothing visible and
    costs a fifth of the drawing time) and saved as opaque RGB at zlib level 3 (the
    background is white anyway; half the encoding time of the default, no larger).
    """
    raw = io.BytesIO()
    # rc_context restores every key on exit, so it must not interleave with a build's _style
    with _BUILD_LOCK, _quiet_glyphs(), matplotlib.rc_context({"text.hinting": "no_hinting"}):
        fig.savefig(raw, format="rgba", dpi=dpi, facecolor="white")
    data = raw.getbuffer()
    width = int(fig.get_figwidth() * dpi + 1e-8)
    height = len(data) // (4 * width) if width else 0
    buffer = io.BytesIO()
    if width and width * height * 4 == len(data):
        image = Image.frombuffer("RGBA", (width, height), data, "raw", "RGBA", 0, 1).convert("RGB")
        image.save(buffer, format="png", compress_level=3, dpi=(dpi, dpi))
    else:  # a canvas that sizes itself differently: let matplotlib encode it
        with _quiet_glyphs():
            fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def empty_chart(message: str) -> Figure:
    """A placeholder figure for a chart with no data (an empty engagement still gets a report)."""
    with _style():
        fig = _new_figure(6.4, 1.6)
        fig.text(0.5, 0.5, message, ha="center", va="center", color="#7F7F7F", fontsize=10)
        return _finish(fig)

