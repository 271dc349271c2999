"""Trends of an organisation's key measures with their intervals, and indicator distributions drawn within the
methodology's groups (rating clusters), never all schools on one axis."""

from __future__ import annotations

import csv
import html as html_text
import re
from pathlib import Path

from site_html import table_rows

from generator import typography as ty
from generator.config import load_config
from generator.project import Project
from generator.render.trend import points


def _published(site: Path, org_id: str) -> dict[str, dict[int, dict[str, str]]]:
    """The organisation's own CSV (what a visitor downloads): indicator → year → row."""
    with (site / "organisations" / org_id / f"{org_id}.csv").open(encoding="utf-8") as stream:
        found: dict[str, dict[int, dict[str, str]]] = {}
        for row in csv.DictReader(stream):
            found.setdefault(row["indicator"], {})[int(row["year"])] = row
        return found


def _desc(svg: str) -> str:
    return html_text.unescape(re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1))


def _number(text: str | None) -> float | None:
    return None if text is None else float(text.replace(",", ".").replace("\xa0", ""))


def _stated(words: str) -> dict[str, tuple[float, float | None, float | None]]:
    """Year → (value, low, high) as the text alternative states them."""
    number = r"(-?[\d\xa0]+(?:,\d+)?)(?:\xa0%)?"
    found = re.findall(rf"(\d{{4}}/\d{{2}}) — {number}(?: \(вероятный диапазон {number}–{number}\))?", words)
    return {year: (_number(value), _number(low or None), _number(high or None)) for year, value, low, high in found}


def test_a_hidden_year_gets_neither_a_point_nor_an_interval() -> None:
    series = {2021: {"value": 40.0, "low": 30.0, "high": 51.0, "suppressed": False},
              2022: {"value": None, "low": 10.0, "high": 90.0, "suppressed": True},
              2023: {"value": 50.0, "low": None, "high": 60.0, "suppressed": False}}
    trend = points(series, [2020, 2021, 2022, 2023], "процент")
    assert trend.values == [None, 40.0, None, 50.0]
    assert (trend.lows, trend.highs) == ([None, 30.0, None, None], [None, 51.0, None, None])
    assert trend.suppressed and trend.shown == 2


def test_key_measures_have_a_trend_with_the_published_intervals(demo_site: Project) -> None:
    config = load_config(demo_site.config_file)
    folder = demo_site.site / "organisations" / "sch-01"
    published = _published(demo_site.site, "sch-01")
    page = (folder / "index.html").read_text(encoding="utf-8")
    drawn = 0
    for code in config.summary.school:
        years = published.get(code, {})
        shown = {year: row for year, row in years.items() if row["value"] and row["suppressed"] == "false"}
        chart = folder / f"trend-{code}.svg"
        if len(shown) < 2:
            assert not chart.exists(), code
            continue
        drawn += 1
        assert (folder / f"trend-{code}-narrow.svg").is_file()
        assert f'src="trend-{code}-narrow.svg"' in page and f'srcset="trend-{code}.svg"' in page
        stated = _stated(_desc(chart.read_text(encoding="utf-8")))
        # the hidden years are not stated (and have no interval); the others are the CSV's numbers, rounded
        assert set(stated) == {ty.school_year(year) for year in shown}, code
        for year, row in shown.items():
            value, low, high = stated[ty.school_year(year)]
            assert abs(value - float(row["value"])) <= 0.051, (code, year)
            if row["low"] and row["high"]:
                assert abs(low - float(row["low"])) <= 0.051 and abs(high - float(row["high"])) <= 0.051, (code, year)
            else:
                assert low is None and high is None, (code, year)
        # the data table under the chart: one row a year, «к» where the year is hidden
        short = ty.numero(years[next(iter(years))]["indicator_short_name"])
        text = html_text.unescape(page)
        start = text.index(f"<caption>{short} по учебным годам</caption>")
        table = table_rows(text[text.rindex("<table", 0, start):text.index("</table>", start) + 8])[0]
        assert table[0] == ["Год", "Значение", "Диапазон", "Участников"]
        assert [row[0] for row in table[1:]] == [ty.school_year(year) for year in sorted(years)]
        for row in table[1:]:
            year = int(row[0][:4]) + 1
            assert (row[1] == ty.SUPPRESSED) == (years[year]["suppressed"] == "true"), (code, row)
    assert drawn >= 3
    assert 'id="trends"' in page and 'href="#trends"' in page


def test_trend_charts_keep_their_text_readable_on_a_phone(demo_site: Project) -> None:
    for chart in sorted((demo_site.site / "organisations").glob("*/trend-*-narrow.svg")):
        svg = chart.read_text(encoding="utf-8")
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        assert width <= 343, chart  # shown at its own size in a 375-px screen's content box
        sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
        assert sizes and min(sizes) >= 12, chart


def test_a_distribution_is_drawn_per_rating_cluster(demo_site: Project) -> None:
    site = demo_site.site
    ratings = html_text.unescape((site / "ratings" / "index.html").read_text(encoding="utf-8"))
    page = (site / "indicators" / "1-20" / "index.html").read_text(encoding="utf-8")
    charts = sorted((site / "indicators" / "1-20").glob("distribution-*[0-9].svg"))
    with (demo_site.datapackages / "indicators" / "indicators.csv").open(encoding="utf-8") as stream:
        short = next(row["short_name"] for row in csv.DictReader(stream) if row["code"] == "1.20")
    assert len(charts) >= 2, "the demo's schools fall into several clusters"
    assert not (site / "indicators" / "1-20" / "distribution.svg").exists()
    counted = 0
    for chart in charts:
        svg = chart.read_text(encoding="utf-8")
        title = html_text.unescape(re.search(r"<title[^>]*>(.*?)</title>", svg).group(1))
        group = title.removeprefix(f"{short}: ").rsplit(", ", 1)[0]
        # each panel is a cluster of the ratings page (its label, first letter aside)
        assert group[1:] in ratings, group
        counted += sum(int(n) for n in re.findall(r"— (\d+)\xa0организаци", _desc(svg)))
    # every school with a value is in one panel at most; the others are in groups of one or two, and the page
    # says how many such groups it left out (two schools each at most)
    table = next(t for t in table_rows(page) if t and t[0][0] == "Организация")
    with_value = [row for row in table[1:] if row[1] not in (ty.SUPPRESSED, ty.NO_DATA)]
    left_out = re.search(r"меньше 3\xa0организаций со значением \((\d+)\xa0групп", html_text.unescape(page))
    missing = len(with_value) - counted
    assert (missing == 0) == (left_out is None)
    if left_out:
        assert int(left_out.group(1)) <= missing <= 2 * int(left_out.group(1))
    assert "внутри своего кластера" in page
