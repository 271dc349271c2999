"""The built demo as a parent reads it: change words that never contradict their arrow, organisation pages that
open with the key measures of their kind, visible contents, caution marks explained, ratings that say when a
cluster is too small."""

from __future__ import annotations

import csv
import html as html_text
import re
from pathlib import Path

from site_html import header_row, table_rows

from generator.compute.uncertainty import wilson
from generator.config import load_config
from generator.project import Project

ARROWS = ("▲", "▼")
SAME = ("на уровне", "без изменений")


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_cell_pairs_an_arrow_with_no_change(demo_site: Project) -> None:
    contradictions, zero_judged, same_cells = [], [], 0
    for path in _pages(demo_site.site):
        for table in table_rows(path.read_text(encoding="utf-8")):
            for row in table:
                for cell in row:
                    if any(arrow in cell for arrow in ARROWS) and any(word in cell for word in SAME):
                        contradictions.append((path.relative_to(demo_site.site).as_posix(), cell))
                    if re.search(r"[+−]?0,0\s*(п\. п\.|балла)?\s*,\s*(лучше|хуже)", cell):
                        zero_judged.append((path.relative_to(demo_site.site).as_posix(), cell))
                    same_cells += "на уровне прошлого года" in cell
    assert not contradictions, contradictions[:5]
    assert not zero_judged, zero_judged[:5]
    assert same_cells > 0  # the rule is exercised: some changes of the demo are within chance


def test_a_school_page_opens_with_its_key_measures(demo_site: Project) -> None:
    html = (demo_site.site / "organisations" / "sch-01" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):]  # the search dialog in the header has a heading of its own
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", article)
    assert headings and headings[0].startswith("Главное")
    head = header_row(html, "ВПР: успеваемость")
    assert head[:4] == ["Показатель", "Значение", "Сравнение с муниципалитетом", "Муниципалитет"]
    assert "Вероятный диапазон" in head
    assert "Регион" not in head  # one municipality: no reference column without reference values
    assert "Участников" in head and "Сравнение с муниципалитетом" in head
    summary = next(table for table in table_rows(html) if table[0] == head)
    bands = {row[head.index("Сравнение с муниципалитетом")].split(" ")[0] for row in summary[1:]}
    assert bands <= {"выше", "на", "ниже", "—"} and bands - {"—"}
    # the visible contents link to anchors that exist on the page
    contents = re.search(r'<nav class="msoko-page-toc"[^>]*>(.*?)</nav>', html, re.S)
    assert contents is not None
    anchors = re.findall(r'href="#([^"]+)"', contents.group(1))
    assert "directions" in anchors and "profile" in anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor


def test_each_kind_gets_its_own_key_measures(demo_site: Project) -> None:
    config = load_config(demo_site.config_file)
    html = (demo_site.site / "organisations" / "dou-01" / "index.html").read_text(encoding="utf-8")
    summary = next(table for table in table_rows(html) if table and table[0][:2] == ["Показатель", "Значение"])
    names = [row[0] for row in summary[1:]]
    assert names and not any("ЕГЭ" in name or "ВПР" in name for name in names)
    assert len(names) <= len(config.summary.kindergarten)


def test_small_groups_carry_the_caution_mark_and_its_legend(demo_site: Project) -> None:
    config = load_config(demo_site.config_file)
    marked, pooled = 0, 0
    for path in sorted((demo_site.site / "organisations").glob("*/index.html")):
        html = path.read_text(encoding="utf-8")
        if 'class="msoko-caution"' in html:
            marked += 1
            assert f"значение по группе меньше {config.analytics.small_group}" in html.replace("\xa0", " ")
        summary = table_rows(html)[0] if table_rows(html) else []
        for row in summary[1:]:
            if "вместе (" in row[2]:  # the band of a small group rests on three years, and says so
                pooled += 1
                assert "участник" in row[2] and "в муниципалитете" in row[2], row
    assert marked > 0 and pooled > 0


def test_a_cluster_too_small_to_rank_says_so(demo_site: Project) -> None:
    html = (demo_site.site / "ratings" / "index.html").read_text(encoding="utf-8").replace("\xa0", " ")
    head = header_row(html, "Городские школы")
    assert "Места" in head
    clusters = next(table for table in table_rows(html) if table[0] == head)
    # the demo's two ШФНСУ schools are too few to rank and are not merged into the other clusters
    small = [row for row in clusters[1:] if row[head.index("Места")] == "нет: мало школ"]
    assert small and all("ШФНСУ" in row[0] for row in small)
    assert "места не присваиваются" in html


def test_the_territory_trend_shows_each_year_with_its_interval(demo_site: Project) -> None:
    """The indicator page's trend: error bars from the value's 95 % interval, and the alternative text says them."""
    html = (demo_site.site / "indicators" / "1-04" / "index.html").read_text(encoding="utf-8")
    alt = re.search(r'<img src="trend-narrow\.svg" alt="([^"]*)"', html)
    assert alt is not None and "вероятный диапазон" in alt.group(1), html[:200]
    rows = [r for r in csv.DictReader((demo_site.site / "data" / "indicator-values" / "indicator-values.csv").open(encoding="utf-8"))
            if r["indicator"] == "1.04" and r["entity_type"] == "municipality" and r["year"] == "2025"]
    low, high = wilson(float(rows[0]["numerator"]), float(rows[0]["denominator"]))
    shown = f"{low:.1f}".replace(".", ",")
    assert f"вероятный диапазон {shown}" in html_text.unescape(alt.group(1)).replace("\u00a0", " ")
