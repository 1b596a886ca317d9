"""Chart builders: Figures from plain data, Chinese with or without a CJK font."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from app.reports import charts

ZH = ["变更管理", "事件管理与值班", "监控与告警", "容量"]


def _all(lang: str) -> list[Figure]:
    return [
        charts.radar_chart(ZH, [1.5, None, 3.2, 2.0], [3, 3, 4, 3], title="成熟度", lang=lang),
        charts.radar_chart(ZH[:2], [1.5, 2.0], [3, 3], title="two domains fall back to bars", lang=lang),
        charts.grouped_bar_chart(ZH, {"现状": [1, 2, None, 4], "目标": [3, 3, 3, 3]}, lang=lang),
        charts.level_bar_chart(ZH, [1, 2, 3, None], [3, 3, 3, 3], lang=lang),
        charts.heatmap_chart(ZH, ["高管", "SRE", "综合"], [[1, None, 2], [3, 4, 5], [0, 1, 1], [2, 2, 2]],
                             row_groups=["a", "a", "b", "b"], lang=lang),
        charts.answer_distribution_chart(ZH[:2], ["0", "1", "2", "3", "4", "5", "不适用", "不清楚"],
                                         [[1, 2, 3, 4, 5, 6, 1, 0], [0, 0, 4, 1, 0, 0, 0, 2]], lang=lang),
        charts.disagreement_chart(["变更如何审批？", "Who leads a major incident?"], [[1, 4], [2, 4, 0]], [2.5, None],
                                  lang=lang),
        charts.empty_chart("尚无回答记录"),
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_builders_return_figures_that_render(lang):
    for figure in _all(lang):
        assert isinstance(figure, Figure)
        png = charts.figure_png(figure, dpi=72)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_chinese_without_any_cjk_font_still_renders_without_warnings(monkeypatch):
    # pytest turns warnings into errors: a missing glyph must not escape as one
    charts.cjk_font.cache_clear()
    monkeypatch.setattr(charts, "CJK_FONT_CANDIDATES", ("No Such Font",))
    try:
        assert charts.cjk_font() is None
        for figure in _all("zh"):
            charts.figure_png(figure, dpi=50)
            charts.draw_quietly(figure)
    finally:
        charts.cjk_font.cache_clear()


def test_a_cjk_font_is_picked_when_installed():
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    expected = next((f for f in charts.CJK_FONT_CANDIDATES if f in installed), None)
    assert charts.cjk_font() == expected


def test_wrap_label_counts_chinese_double():
    assert charts.wrap_label("短", 4) == "短"
    assert charts.wrap_label("一二三四五六", 4) == "一二\n三四\n五六"
    # an opening bracket never ends a line (it goes down with what it opens)
    assert charts.wrap_label("变更与发布（含灰度发布）", 20) == "变更与发布\n（含灰度发布）"
    # an odd share does not leave one character alone on the last line
    assert charts.wrap_label("服务等级目标与错误预算", 20) == "服务等级目标\n与错误预算"
    assert charts.wrap_label("服务等级目标(SLO)与错误预算", 20) == "服务等级目标\n(SLO)与错误预算"  # words whole, lines even
    assert charts.wrap_label("一二三。四五", 6) == "一二三。\n四五"  # no line starts with 。
    assert charts.wrap_label("一二三四五六七八", 10, 1) == "一二三四五…"  # cut short: full lines first
    assert charts.wrap_label("one two three four five six seven", 8, 2).endswith("…")


def test_print_png_is_opaque_rgb_with_its_resolution():
    import io

    from PIL import Image

    figure = charts.radar_chart(ZH, [1.5, 2.0, 3.2, 2.0], [3, 3, 4, 3], lang="en")
    image = Image.open(io.BytesIO(charts.figure_png(figure, dpi=100)))
    assert image.mode == "RGB"
    assert image.size == (620, 540)  # 6.2 x 5.4 in
    assert round(image.info["dpi"][0]) == 100


def test_heatmap_values_are_drawn_once_each_as_outlines():
    from matplotlib.collections import PathCollection

    figure = charts.heatmap_chart(ZH, ["a", "b"], [[1, None], [2.5, 3], [None, None], [4, 5]], lang="zh")
    [numbers] = [c for c in figure.axes[0].collections if isinstance(c, PathCollection)]
    assert len(numbers.get_paths()) == 5  # empty cells stay blank
    labels = [t.get_text() for t in figure.axes[0].texts]
    assert labels[:4] == ZH and labels[4:] == ["a", "b"]


def test_a_figure_drawn_for_one_report_is_reused_by_the_next(monkeypatch):
    from app.reports import api
    from app.reports.context import ChartSpec

    api.clear_chart_cache()
    drawn = []
    real = charts.figure_png
    monkeypatch.setattr(charts, "figure_png", lambda fig, dpi=200: drawn.append(dpi) or real(fig, dpi=50))
    spec = ChartSpec("m.heatmap", "heatmap_chart", "t", {"row_labels": ["a"], "column_labels": ["x"],
                                                          "values": [[2.0]], "lang": "en"})
    first = api.chart_png(spec)
    assert api.chart_png(ChartSpec("other.id", spec.builder, "t", dict(spec.params))) is first
    changed = ChartSpec("m.heatmap", "heatmap_chart", "t", {**spec.params, "values": [[3.0]]})
    assert api.chart_png(changed) != first
    assert drawn == [api.CHART_DPI_BY_BUILDER["heatmap_chart"]] * 2
    api.clear_chart_cache()


def test_a_domain_without_answers_is_a_marked_point_at_the_centre_not_a_gap():
    import math

    figure = charts.radar_chart(["a", "b", "c", "d"], [2.0, None, 3.0, 1.0], [3, 3, 3, 3], lang="en", scale_min=0)
    ax = figure.axes[0]
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["Current", "Target", "* not assessed"]
    grey = [line for line in ax.lines if line.get_color() == charts.PALETTE["missing_line"]]
    # the two sides touching "b" run to the centre, and "b" itself is marked there
    assert len(grey) == 3
    ends = {(round(float(t), 3), float(r)) for line in grey[:2] for t, r in zip(*line.get_data(), strict=True)}
    assert (round(math.pi / 2, 3), 0.0) in ends and (0.0, 2.0) in ends and (round(math.pi, 3), 3.0) in ends
    marker = grey[2]
    assert list(marker.get_ydata()) == [0] and marker.get_markerfacecolor() == "white"
    assert ax.get_xticklabels()[1].get_text() == "b *"
    assert not ax.patches  # no fill: it would read as a level

    full = charts.radar_chart(["a", "b", "c"], [2.0, 1.0, 3.0], [3, 3, 3], lang="zh")
    assert [t.get_text() for t in full.legends[0].get_texts()] == ["现状", "目标"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_spoke_labels_of_the_shipped_model_neither_overlap_nor_leave_the_figure(shipped_library, lang):
    # Wrapped domain names at the bottom and the sides used to run into each other.
    for model in shipped_library.latest_models():
        names = [getattr(d.name, lang) for d in model.domains]
        if len(names) < 3:
            continue
        figure = charts.radar_chart(names, [2.0] * len(names), [3.0] * len(names), title="T", lang=lang,
                                    scale_min=model.scale.minimum, scale_max=model.scale.maximum)
        renderer = figure.canvas.get_renderer()
        figure.draw(renderer)
        boxes = [t.get_window_extent(renderer) for t in figure.axes[0].get_xticklabels()]
        edge = figure.bbox
        for box, name in zip(boxes, names, strict=True):
            assert box.x0 > edge.x0 - 2 and box.x1 < edge.x1 + 2, f"{name!r} leaves the figure"
        for i, box in enumerate(boxes):
            for other in boxes[i + 1:]:
                assert not box.overlaps(other), f"{names[i]!r} overlaps a neighbour"
