"""Charts: accessible SVG, Russian numbers, identical bytes for identical data, a cache that skips unchanged charts."""

from __future__ import annotations

from pathlib import Path

from generator.render.charts import POOL_THRESHOLD, Chart, ChartDrawing, axis_label, draw, render_charts
from generator.render.docs import DocsTree


def trend(values: list[float | None], path: str = "a/trend.svg") -> Chart:
    return Chart(path=path, kind="trend", title="Средний балл <ЕГЭ>", description="Линейная диаграмма: 2023/24 — 65,2.",
                 unit="балл", labels=["2022/23", "2023/24", "2024/25"], series=[{"name": "Округ", "values": values}])


def test_svg_has_title_description_and_no_date() -> None:
    svg = draw(trend([64.0, 65.2, None])).decode("utf-8")
    assert '<title id="chart-title">Средний балл &lt;ЕГЭ&gt;</title>' in svg
    assert '<desc id="chart-desc">Линейная диаграмма: 2023/24 — 65,2.</desc>' in svg
    assert 'role="img"' in svg
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def test_same_data_same_bytes() -> None:
    assert draw(trend([64.0, 65.2, 66.0])) == draw(trend([64.0, 65.2, 66.0]))


def test_each_kind_draws() -> None:
    bars = Chart("b.svg", "bars", "Сравнение", "…", "процент", ["Показатель 1", "Показатель 2"],
                 [{"name": "Школа", "values": [80.0, 40.0]}, {"name": "Округ", "values": [75.0, 50.0]}])
    stacked = Chart("s.svg", "stacked", "Отметки", "…", "процент", ["2024/25"],
                    [{"name": "«2»", "values": [5.0]}, {"name": "«3»", "values": [45.0]}, {"name": "«4»–«5»", "values": [50.0]}])
    many = Chart("d.svg", "distribution", "Распределение", "…", "процент", [f"Школа {i}" for i in range(60)],
                 [{"name": "2024/25", "values": [float(i) for i in range(60)]}], reference=30.0, reference_label="Округ")
    for chart in (bars, stacked, many):
        assert draw(chart).startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<svg')


def test_axis_labels_are_russian() -> None:
    assert axis_label(1500.0, "человек", 500.0) == "1\u00a0500"
    assert axis_label(12.5, "процент", 2.5) == "12,5\u00a0%"
    assert axis_label(-2.0, "балл", 1.0) == "\u22122"


def test_cache_skips_unchanged_charts_and_redraws_changed_ones(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = [trend([1.0, 2.0, 3.0], "a/t.svg"), trend([4.0, 5.0, 6.0], "b/t.svg")]
    stats = render_charts(first, DocsTree(tmp_path / "docs1"), cache, workers=1)
    assert (stats.drawn, stats.cached) == (2, 0)
    again = render_charts(first, DocsTree(tmp_path / "docs2"), cache, workers=1)
    assert (again.drawn, again.cached) == (0, 2)
    assert (tmp_path / "docs1/a/t.svg").read_bytes() == (tmp_path / "docs2/a/t.svg").read_bytes()
    changed = [first[0], trend([4.0, 5.0, 7.0], "b/t.svg")]
    third = render_charts(changed, DocsTree(tmp_path / "docs3"), cache, workers=1)
    assert (third.drawn, third.cached) == (1, 1)
    assert len(list(cache.glob("*.svg"))) == 2  # the stale entry is gone


def test_the_pool_gives_the_same_bytes_as_drawing_here(tmp_path: Path) -> None:
    charts = [trend([float(i), float(i + 1), float(i + 2)], f"c{i}/t.svg") for i in range(14)]
    render_charts(charts, DocsTree(tmp_path / "pool"), tmp_path / "cache-pool", workers=2)
    for chart in charts[:3]:
        assert (tmp_path / "pool" / chart.path).read_bytes() == draw(chart)


def test_charts_started_early_are_collected_and_later_ones_drawn_here(tmp_path: Path) -> None:
    """Charts sent to the workers before the sections run are stored once; a chart added afterwards (the home
    page's) is drawn at the end; every file has the bytes of drawing it here."""
    early = [trend([float(i), float(i + 1), 3.0], f"e{i}/t.svg") for i in range(POOL_THRESHOLD)]
    late = trend([9.0, 8.0, 7.0], "home/t.svg")
    cache = tmp_path / "cache"
    drawing = ChartDrawing(cache, workers=2)
    drawing.start(early)
    assert drawing.jobs  # really sent to the workers
    stats = render_charts([*early, late], DocsTree(tmp_path / "docs"), cache, drawing=drawing)
    assert (stats.drawn, stats.cached) == (len(early) + 1, 0)
    for chart in (early[0], early[-1], late):
        assert (tmp_path / "docs" / chart.path).read_bytes() == draw(chart)
    again = ChartDrawing(cache, workers=2)
    again.start(early)
    assert not again.jobs  # all cached: no worker is started
    assert render_charts([*early, late], DocsTree(tmp_path / "docs2"), cache, drawing=again).drawn == 0
