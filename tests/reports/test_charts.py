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
