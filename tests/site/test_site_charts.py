"""Charts: accessible SVG with real text at a readable size at both widths, honest axes, histograms instead of
rankings, interval bars when given, identical bytes for identical data, a cache that skips unchanged charts,
and the report's charts drawn by the same module."""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.charts import NARROW, WIDE, Chart, alternative, layout, narrow_path, png
from generator.charts import svg as draw_svg
from generator.render.charts import ChartDrawing, axis_label, draw, draw_narrow, figure, render_charts
from generator.render.docs import DocsTree
from generator.report import charts as report_charts
from generator.report.model import Chart as ReportChart
from generator.report.model import Series

YEARS = ["2022/23", "2023/24", "2024/25"]


def trend(values: list[float | None], path: str = "a/trend.svg", unit: str = "балл", **series: object) -> Chart:
    return Chart(path=path, kind="trend", title="Средний балл <ЕГЭ>", description="Линейная диаграмма: 2023/24 — 65,2.",
                 unit=unit, labels=YEARS, series=[{"name": "Округ", "values": values, **series}])


def bars(labels: list[str]) -> Chart:
    return Chart("b.svg", "bars", "Сравнение", "…", "процент", labels,
                 [{"name": "Школа", "values": [80.0] * len(labels)}, {"name": "Округ", "values": [75.0] * len(labels)}])


STACKED = Chart("s.svg", "stacked", "Отметки", "…", "процент", ["2024/25", "Муниципалитет, 2024/25"],
                [{"name": "«2»", "values": [5.0, 10.0]}, {"name": "«3»", "values": [45.0, 30.0]},
                 {"name": "«4» и «5»", "values": [50.0, 60.0]}])
#: five schools: 5 % in 0–10, two at 15 % in 10–20, 95 % and 100 % in the last tenth (its upper edge included)
SPREAD = Chart("d.svg", "distribution", "Распределение", "Диаграмма распределения.", "процент",
               ["Школа А", "Школа Б", "Школа В", "Школа Г", "Школа Д"],
               [{"name": "2024/25", "values": [5.0, 15.0, 15.0, 95.0, 100.0]}], reference=30.0, reference_label="Округ")
ALL = [trend([64.0, 65.2, None]), bars(["Показатель 1", "Показатель 2"]), STACKED, SPREAD]


def texts(svg: bytes) -> list[str]:
    return re.findall(r"<text [^>]*>([^<]*)</text>", svg.decode("utf-8"))


def view_width(svg: bytes) -> float:
    return float(re.search(rb'viewBox="0 0 ([\d.]+) ', svg).group(1))


def test_svg_has_title_description_and_no_date() -> None:
    svg = draw(trend([64.0, 65.2, None])).decode("utf-8")
    assert '<title id="chart-title">Средний балл &lt;ЕГЭ&gt;</title>' in svg
    assert '<desc id="chart-desc">Линейная диаграмма: 2023/24 — 65,2.</desc>' in svg
    assert 'role="img"' in svg
    assert "date" not in svg.lower() and "matplotlib" not in svg.lower()


def test_same_data_same_bytes() -> None:
    for chart in ALL:
        assert draw(chart) == draw(chart) and draw_narrow(chart) == draw_narrow(chart)


def test_each_kind_draws_at_both_widths_with_text_no_smaller_than_12_px() -> None:
    """Text is drawn at a fixed size and the canvas is as wide as it is shown (340 px fits the 343 px a
    375-px phone gives the content), so every word reads at 12 px or more on a phone as on a desktop."""
    for chart in ALL:
        for svg, width in ((draw(chart), WIDE), (draw_narrow(chart), NARROW)):
            assert svg.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<svg')
            assert view_width(svg) == width
            sizes = [float(size) for size in re.findall(rb'font-size="([\d.]+)"', svg)]
            assert sizes and min(sizes) >= 12, (chart.kind, width, sizes)


def test_year_labels_are_real_text() -> None:
    assert {"2022/23", "2023/24", "2024/25"} <= set(texts(draw(trend([64.0, 65.2, 66.0]))))


def test_shares_run_from_0_to_100_and_other_values_from_zero() -> None:
    """A change of 1,5 points between 65,75 % and 67,25 % is drawn on the whole 0–100 % scale; a score axis
    starts at zero, not at the lowest value."""
    share = texts(draw(trend([65.75, 66.5, 67.25], unit="процент")))
    assert "0\u00a0%" in share and "100\u00a0%" in share
    score = texts(draw(trend([65.75, 66.5, 67.25])))
    assert "0" in score and not any(text.startswith("65") and text.isdigit() for text in score)


def test_a_distribution_is_a_histogram_without_names() -> None:
    edges, counts = layout.bins(SPREAD)
    assert edges == [10.0 * i for i in range(11)]
    assert counts == [1, 2, 0, 0, 0, 0, 0, 0, 0, 2]
    for svg in (draw(SPREAD), draw_narrow(SPREAD)):
        words = " ".join(texts(svg))
        assert "Школа" not in words  # no organisation is placed on the axis, so none is ranked
        assert "Округ: 30,0\u00a0%" in words  # the municipal value is marked and named
    said = alternative(SPREAD)
    assert "0–10\u00a0% — 1\u00a0организация" in said and "10–20\u00a0% — 2\u00a0организации" in said
    assert "90–100\u00a0% — 2\u00a0организации" in said


def test_a_score_histogram_has_round_bins_covering_every_value() -> None:
    chart = Chart("d.svg", "distribution", "Баллы", "…", "балл", ["a", "b", "c", "d"],
                  [{"name": "2024/25", "values": [61.2, 65.3, 70.1, 72.0]}], reference=66.0)
    edges, counts = layout.bins(chart)
    assert edges[0] <= 61.2 and edges[-1] >= 72.0 and sum(counts) == 4
    assert len({round(b - a, 6) for a, b in zip(edges, edges[1:], strict=False)}) == 1


def test_interval_bounds_are_drawn_as_error_bars() -> None:
    plain = draw(trend([64.0, 65.2, 66.0])).count(b"<line ")
    bounded = draw(trend([64.0, 65.2, 66.0], low=[60.0, 61.0, None], high=[68.0, 69.0, None])).count(b"<line ")
    assert bounded == plain + 2 * 3  # two points with both bounds: a whisker and two caps each


def test_on_a_phone_bar_labels_stand_above_their_bars() -> None:
    narrow = draw_narrow(bars(["Показатель 1", "Показатель 2"])).decode("utf-8")
    label = re.search(r'<text x="([\d.]+)" y="([\d.]+)" font-size="13">Показатель 1</text>', narrow)
    first_bar = re.search(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="15" fill="#0072B2"', narrow)
    assert label and first_bar and float(label.group(2)) < float(first_bar.group(1))
    wide = draw(bars(["Показатель 1", "Показатель 2"])).decode("utf-8")
    assert re.search(r'font-size="13" text-anchor="end">Показатель 1</text>', wide)  # beside the bar


def test_long_labels_wrap_at_spaces_never_inside_a_word() -> None:
    label = "Доля выпускников, получивших аттестат о среднем общем образовании с отличием"
    for svg in (draw(bars([label, "Короткий"])), draw_narrow(bars([label, "Короткий"]))):
        shown = " ".join(texts(svg))
        assert all(word in shown.split(" ") or word + "…" in shown.split(" ") for word in label.split(" ")[:6])


def test_axis_labels_are_russian() -> None:
    assert axis_label(1500.0, "человек", 500.0) == "1\u00a0500"
    assert axis_label(12.5, "процент", 2.5) == "12,5\u00a0%"
    assert axis_label(-2.0, "балл", 1.0) == "\u22122"


def test_the_figure_shows_the_phone_layout_first_and_states_the_values() -> None:
    markup = str(figure(SPREAD, "d.svg", "d-narrow.svg"))
    assert '<source media="(min-width: 45em)" srcset="d.svg">' in markup
    assert '<img src="d-narrow.svg" alt=' in markup
    assert "2\u00a0организации" in markup  # the alt text is the alternative, with the counts
    assert narrow_path("indicators/1-01/trend.svg") == "indicators/1-01/trend-narrow.svg"


def test_png_for_word_is_deterministic_and_sharp() -> None:
    data = png(ALL[0])
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data == png(ALL[0])
    width = int.from_bytes(data[16:20], "big")
    assert width == WIDE * 2.5


def test_cache_skips_unchanged_charts_and_redraws_changed_ones(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = [trend([1.0, 2.0, 3.0], "a/t.svg"), trend([4.0, 5.0, 6.0], "b/t.svg")]
    stats = render_charts(first, DocsTree(tmp_path / "docs1").section("pages"), cache, workers=1)
    assert (stats.drawn, stats.cached) == (2, 0)
    assert (tmp_path / "docs1/a/t-narrow.svg").read_bytes() == draw_narrow(first[0])
    again = render_charts(first, DocsTree(tmp_path / "docs2").section("pages"), cache, workers=1)
    assert (again.drawn, again.cached) == (0, 2)
    assert (tmp_path / "docs1/a/t.svg").read_bytes() == (tmp_path / "docs2/a/t.svg").read_bytes()
    changed = [first[0], trend([4.0, 5.0, 7.0], "b/t.svg")]
    third = render_charts(changed, DocsTree(tmp_path / "docs3").section("pages"), cache, workers=1)
    assert (third.drawn, third.cached) == (1, 1)
    assert len(list(cache.glob("*.svg"))) == 4  # two charts, two layouts each; the stale entries are gone


def test_a_kept_docs_tree_keeps_its_chart_files_unless_they_were_touched(tmp_path: Path) -> None:
    """A rebuild into the same (kept) docs tree leaves the files of unchanged charts alone; a file changed
    since (by hand, or by anything else) gets its chart's bytes back."""
    cache = tmp_path / "cache"
    charts = [trend([1.0, 2.0, 3.0], "a/t.svg"), trend([4.0, 5.0, 6.0], "b/t.svg")]
    render_charts(charts, DocsTree(tmp_path / "docs", kept=True).section("pages"), cache, workers=1)
    kept, touched = tmp_path / "docs/a/t.svg", tmp_path / "docs/b/t-narrow.svg"
    before = kept.stat()
    original = touched.read_bytes()
    written = touched.stat()
    touched.write_bytes(original.replace(b"<svg", b"<SVG", 1))  # the same size, other bytes, a moment later
    os.utime(touched, ns=(written.st_atime_ns, written.st_mtime_ns + 1_000_000))
    again = render_charts(charts, DocsTree(tmp_path / "docs", kept=True).section("pages"), cache, workers=1)
    assert (again.drawn, again.cached) == (0, 2)
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert touched.read_bytes() == original == draw_narrow(charts[1])
    tree = DocsTree(tmp_path / "docs", kept=True)
    changed = [charts[0], trend([4.0, 5.0, 7.0], "b/t.svg")]
    assert render_charts(changed, tree.section("pages"), cache, workers=1).drawn == 1
    assert (tmp_path / "docs/b/t.svg").read_bytes() == draw(changed[1])
    assert tree.prune() == 0  # every chart file claimed, the kept ones too


def test_a_chart_missing_its_phone_layout_is_drawn_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    chart = trend([1.0, 2.0, 3.0])
    render_charts([chart], DocsTree(tmp_path / "docs1").section("pages"), cache, workers=1)
    (cache / f"{chart.key()}-narrow.svg").unlink()
    assert render_charts([chart], DocsTree(tmp_path / "docs2").section("pages"), cache, workers=1).drawn == 1


def test_a_damaged_cache_entry_never_reaches_the_site(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    chart = trend([1.0, 2.0, 3.0])
    render_charts([chart], DocsTree(tmp_path / "docs1").section("pages"), cache, workers=1)
    entry = cache / f"{chart.key()}.svg"
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0xFF  # a byte flipped on the disk, or a file torn by a power cut
    entry.write_bytes(bytes(data))
    render_charts([chart], DocsTree(tmp_path / "docs2").section("pages"), cache, workers=1)
    assert (tmp_path / "docs2" / chart.path).read_bytes() == (tmp_path / "docs1" / chart.path).read_bytes()


def test_the_pool_gives_the_same_bytes_as_drawing_here(tmp_path: Path) -> None:
    charts = [trend([float(i), float(i + 1), float(i + 2)], f"c{i}/t.svg") for i in range(14)]
    render_charts(charts, DocsTree(tmp_path / "pool").section("pages"), tmp_path / "cache-pool", workers=2, threshold=4)
    for chart in charts[:3]:
        assert (tmp_path / "pool" / chart.path).read_bytes() == draw(chart)
        assert (tmp_path / "pool" / narrow_path(chart.path)).read_bytes() == draw_narrow(chart)


def test_charts_started_early_are_collected_and_later_ones_drawn_here(tmp_path: Path) -> None:
    """Charts sent to the workers before the sections run are stored once; a chart added afterwards (the home
    page's) is drawn at the end; every file has the bytes of drawing it here."""
    early = [trend([float(i), float(i + 1), 3.0], f"e{i}/t.svg") for i in range(8)]
    late = trend([9.0, 8.0, 7.0], "home/t.svg")
    cache = tmp_path / "cache"
    drawing = ChartDrawing(cache, workers=2)
    drawing.start(early, threshold=4)
    assert drawing.jobs  # really sent to the workers
    stats = render_charts([*early, late], DocsTree(tmp_path / "docs").section("pages"), cache, drawing=drawing)
    assert (stats.drawn, stats.cached) == (len(early) + 1, 0)
    for chart in (early[0], early[-1], late):
        assert (tmp_path / "docs" / chart.path).read_bytes() == draw(chart)
    again = ChartDrawing(cache, workers=2)
    again.start(early, threshold=4)
    assert not again.jobs  # all cached: no worker is started
    assert render_charts([*early, late], DocsTree(tmp_path / "docs2").section("pages"), cache, drawing=again).drawn == 0


# --- the report's charts ------------------------------------------------------------------------------------

HEADLINE = ReportChart("headline", "Ключевые показатели, %, 2022/23–2024/25", "line",
                       (Series("Доля А", (("2022/23", 60.0), ("2024/25", 62.5))),
                        Series("Доля Б", (("2022/23", 30.0), ("2023/24", 31.0), ("2024/25", 35.5)))), "%")
EGE = ReportChart("ege-subjects", "Средний балл ЕГЭ по предметам", "bar",
                  (Series("2023/24", (("Математика", 60.5), ("Русский язык", 70.0))),
                   Series("2024/25", (("Математика", 62.0), ("Русский язык", 71.5)))), "балл")


def test_report_charts_have_a_data_table_with_every_value() -> None:
    table = report_charts.data_table(HEADLINE)
    assert table.header == ("Показатель", "2022/23", "2023/24", "2024/25")  # years in order, a gap included
    assert [cell[0] for cell in table.rows[0].cells] == ["Доля А", "60,0\u00a0%", "—", "62,5\u00a0%"]
    bars_table = report_charts.data_table(EGE)
    assert bars_table.header == ("Предмет", "2023/24", "2024/25")
    assert [cell[0] for cell in bars_table.rows[1].cells] == ["Русский язык", "70,0", "71,5"]


def test_report_charts_state_their_values_in_words_and_as_text() -> None:
    said = report_charts.description(HEADLINE)
    for value in ("60,0\u00a0%", "62,5\u00a0%", "30,0\u00a0%", "31,0\u00a0%", "35,5\u00a0%"):
        assert value in said
    svg = report_charts.svg(HEADLINE).encode("utf-8")
    assert "Доля Б" in texts(svg) and "100\u00a0%" in texts(svg)  # searchable text; shares on 0–100
    assert f"<desc id=\"chart-desc\">{said}</desc>" in svg.decode("utf-8")
    assert report_charts.png(EGE).startswith(b"\x89PNG")


def test_site_and_report_share_one_palette() -> None:
    site = draw(Chart("x.svg", "trend", "т", "о", "процент", YEARS,
                      [{"name": "Доля А", "values": [60.0, None, 62.5]},
                       {"name": "Доля Б", "values": [30.0, 31.0, 35.5]}]))
    report = report_charts.svg(HEADLINE).encode("utf-8")
    colours = re.compile(rb'stroke="(#[0-9A-F]{6})"')
    assert colours.findall(site) == colours.findall(report)


def test_the_report_chart_is_drawn_like_a_site_chart() -> None:
    assert report_charts.svg(EGE) == draw_svg(report_charts.common_chart(EGE)).decode("utf-8")
