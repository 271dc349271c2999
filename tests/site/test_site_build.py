"""End-to-end: the demo project built into a temporary folder, checked against numbers computed here by hand
from the CSV files, rebuilt for byte-identical output, broken for a failed build, and fed a hostile name."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
from site_helpers import copy_project, file_hashes
from site_html import find_row, header_row

from generator import render
from generator.build import build, site_settings
from generator.compute import compute
from generator.config import load_config
from generator.context import BuildContext
from generator.errors import DataError
from generator.load import load
from generator.project import Project
from generator.publish import publish

pytestmark = pytest.mark.slow

#: a page budget: with thousands of organisations every page must stay small
PAGE_LIMIT = 150 * 1024


def read_csv(project: Project, name: str) -> list[dict[str, str]]:
    path = next(project.datapackages.glob(f"*/{name}.csv"))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def decimal_comma(value: float, digits: int = 1) -> str:
    """Independent of the generator's typography: Python's rounding, a comma instead of the point."""
    return f"{value:.{digits}f}".replace(".", ",")


def school_year(year: int) -> str:
    return f"{year - 1}/{year % 100:02d}"


def page(project: Project, path: str) -> str:
    return (project.site / path).read_text(encoding="utf-8")


# --- the demo site as a whole ----------------------------------------------------------------------------


def test_every_organisation_has_a_page_reached_from_its_catalogue(demo_site: Project) -> None:
    organisations = read_csv(demo_site, "organisations")
    catalogues = {"school": "schools", "kindergarten": "kindergartens", "additional": "additional"}
    for org in organisations:
        assert (demo_site.site / "organisations" / org["org_id"] / "index.html").is_file()
        catalogue = page(demo_site, f"{catalogues[org['kind']]}/index.html")
        assert f'href="../organisations/{org["org_id"]}/"' in catalogue


def test_organisation_pages_stay_out_of_the_navigation(demo_site: Project) -> None:
    home = page(demo_site, "index.html")
    assert "organisations/" not in re.sub(r"<main.*</main>", "", home, flags=re.S)


def test_pages_are_small_and_never_ask_another_host(demo_site: Project) -> None:
    external = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\s(?:src|href)="(?:https?:)?//', re.I)
    for path in demo_site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not external.search(html), f"{path} loads something from another host"
        if path.parts[-3:-1] != ("report",):
            assert path.stat().st_size < PAGE_LIMIT, f"{path} is {path.stat().st_size} bytes"


def test_demo_notice_and_the_switch_are_on_every_page(demo_site: Project) -> None:
    for path in demo_site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "Демонстрационные данные" in html and "data-msoko-lv" in html, path


def test_every_indicator_and_direction_has_a_page(demo_site: Project) -> None:
    for row in read_csv(demo_site, "indicators"):
        html = page(demo_site, f"indicators/{row['code'].replace('.', '-')}/index.html")
        assert row["code"] in html
    for row in read_csv(demo_site, "directions"):
        assert (demo_site.site / "directions" / row["slug"] / "index.html").is_file()


# --- one school's numbers, computed here from the CSV ----------------------------------------------------


def _ege_schools(project: Project) -> tuple[list[str], int]:
    """The schools by ЕГЭ Russian participants in the last year, most first (far from the small-group threshold)."""
    rows = read_csv(project, "ege")
    last = max(int(r["year"]) for r in rows)
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        if r["subject"] == "rus" and int(r["year"]) == last:
            totals[r["org_id"]] += int(r["participants"])
    return sorted(sorted(totals), key=lambda org: -totals[org]), last


def _busiest_ege_school(project: Project) -> tuple[str, int]:
    schools, last = _ege_schools(project)
    return schools[0], last


def test_school_page_shows_hand_computed_ege_and_oge_values(demo_site: Project) -> None:
    # a large school whose ОГЭ quality is shown: a school's indicator may be hidden as a secondary cell when one of
    # its subjects is a small group (its other subjects and the total would give it away)
    schools, year = _ege_schools(demo_site)
    def quality(html: str) -> str:
        return find_row(html, "1.17 ")[header_row(html, "1.17 ").index(school_year(year))]

    shown = [org for org in schools[:5] if quality(page(demo_site, f"organisations/{org}/index.html")) != "к"]
    assert shown, "none of the five largest schools shows its ОГЭ quality"
    org_id = shown[0]
    html = page(demo_site, f"organisations/{org_id}/index.html")

    # 1.07 mean ЕГЭ Russian score = Σ(mean·participants) / Σ participants, for the school and the municipality
    ege = [r for r in read_csv(demo_site, "ege") if r["subject"] == "rus" and int(r["year"]) == year]
    own = [r for r in ege if r["org_id"] == org_id]
    school_mean = sum(float(r["mean_score"]) * int(r["participants"]) for r in own) / sum(int(r["participants"]) for r in own)
    municipal_mean = sum(float(r["mean_score"]) * int(r["participants"]) for r in ege) / sum(int(r["participants"]) for r in ege)
    header = header_row(html, "1.07 ")
    row = find_row(html, "1.07 ")
    assert row[header.index(school_year(year))] == decimal_comma(school_mean)
    assert row[header.index(f"Муниципалитет, {school_year(year)}")] == decimal_comma(municipal_mean)

    # 1.17 ОГЭ quality = Σ(mark4 + mark5) / Σ participants × 100, over all subjects
    oge = [r for r in read_csv(demo_site, "oge") if r["org_id"] == org_id and int(r["year"]) == year]
    quality = 100 * sum(int(r["mark4"]) + int(r["mark5"]) for r in oge) / sum(int(r["participants"]) for r in oge)
    row = find_row(html, "1.17 ")
    assert row[header_row(html, "1.17 ").index(school_year(year))] == decimal_comma(quality) + " %"  # the no-break space reads as a space here

    # the ЕГЭ table by subject: the Russian row shows the participants and the mean score of the CSV
    subject_row = find_row(html, "Русский язык")
    assert subject_row[1] == str(sum(int(r["participants"]) for r in own))
    assert subject_row[2] == decimal_comma(school_mean)


def test_school_csv_download_holds_its_published_values(demo_site: Project) -> None:
    org_id, year = _busiest_ege_school(demo_site)
    with (demo_site.site / "organisations" / org_id / f"{org_id}.csv").open(encoding="utf-8") as handle:
        rows = {(r["indicator"], int(r["year"])): r for r in csv.DictReader(handle)}
    ege = [r for r in read_csv(demo_site, "ege") if r["subject"] == "rus" and int(r["year"]) == year and r["org_id"] == org_id]
    expected = sum(float(r["mean_score"]) * int(r["participants"]) for r in ege) / sum(int(r["participants"]) for r in ege)
    assert float(rows[("1.07", year)]["value"]) == pytest.approx(expected, abs=1e-6)
    assert rows[("1.07", year)]["suppressed"] == "false"


# --- determinism, failure, hostile names -----------------------------------------------------------------


def test_two_builds_are_byte_identical(demo_site: Project, tmp_path: Path) -> None:
    """A second build in another folder, with the chart cache emptied, gives the same bytes in every file."""
    again = copy_project(tmp_path / "again")
    build(again)
    first, second = file_hashes(demo_site.site), file_hashes(again.site)
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []


def test_a_failed_build_keeps_the_old_site(demo_site: Project, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "broken", demo_site.root, with_output=True)
    before = file_hashes(project.site)
    ege = next(project.datapackages.glob("*/ege.csv"))
    lines = ege.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[3] = "много"  # participants: not a number
    lines[1] = ",".join(cells)
    ege.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        build(project)
    assert "ege.csv" in str(error.value)
    assert file_hashes(project.site) == before


def test_an_organisation_named_like_a_script_is_shown_as_text(tmp_path: Path) -> None:
    """Validation refuses such a name; the site must not trust that and escapes it on its own."""
    hostile = "<script>alert(1)</script>"
    project = copy_project(tmp_path / "hostile")
    config = load_config(project.config_file)
    dataset = load(project.datapackages)
    organisations = dataset["organisations"]
    target = str(organisations.loc[organisations["kind"] == "school", "org_id"].iloc[0])
    organisations.loc[organisations["org_id"] == target, ["short_name", "full_name", "address"]] = hostile
    ctx = BuildContext(project, config, dataset, compute(dataset, config, project.work / "privacy"), project.work / "docs")
    rendered = render.finish(render.render(ctx))
    publish(project, ctx.docs, site_settings(config, render.navigation(ctx, [rendered.claims])))
    for path in (f"organisations/{target}/index.html", "schools/index.html"):
        html = page(project, path)
        assert "<script>alert(1)</script>" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;" in html, path
