"""The demo's territorial divisions on the built site: a page each, with its organisations and values computed
here from the CSV files (Σ numerator / Σ denominator of its schools), linked from the home page."""

from __future__ import annotations

import csv
import re

import pytest

from generator.project import Project

pytestmark = pytest.mark.slow


def rows(project: Project, package: str, name: str) -> list[dict[str, str]]:
    with (project.datapackages / package / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def page(project: Project, path: str) -> str:
    return (project.site / path / "index.html").read_text(encoding="utf-8")


def test_every_territory_has_a_page_with_its_organisations(demo_site: Project) -> None:
    territories = rows(demo_site, "registry", "territories")
    links = rows(demo_site, "registry", "organisation_territories")
    names = {row["org_id"]: row["short_name"] for row in rows(demo_site, "registry", "organisations")}
    assert territories, "the demo has territorial divisions"
    for territory in territories:
        html = page(demo_site, f"territories/{territory['territory_id']}")
        assert territory["name"] in html
        members = [row["org_id"] for row in links if row["territory_id"] == territory["territory_id"]]
        for org in members:
            assert f"organisations/{org}/" in html, (territory["territory_id"], org)
        others = set(names) - set(members)
        assert not [org for org in others if f"/organisations/{org}/" in html or f"../../organisations/{org}/" in html]


def test_a_territory_share_is_the_ratio_of_its_schools_sums(demo_site: Project) -> None:
    # 1.09: ЕГЭ по русскому языку ≥ 70 баллов, the share of participants — recomputed from ege.csv
    links = {row["org_id"]: row["territory_id"] for row in rows(demo_site, "registry", "organisation_territories")}
    ege = [row for row in rows(demo_site, "assessments", "ege") if row["subject"] == "rus"]
    year = max(int(row["year"]) for row in ege)
    for territory in sorted(set(links.values())):
        chosen = [row for row in ege if int(row["year"]) == year and links.get(row["org_id"]) == territory]
        participants = sum(int(row["participants"]) for row in chosen)
        ge70 = sum(int(row["ge70"]) for row in chosen)
        expected = f"{100 * ge70 / participants:.1f}".replace(".", ",")
        html = page(demo_site, f"territories/{territory}")
        row = re.search(r"ЕГЭ по русскому языку ≥ 70.*?</tr>", html, re.S)
        assert row and expected in row.group(0), (territory, expected)


def test_the_home_page_links_the_territories_and_shows_no_empty_card(demo_site: Project) -> None:
    home = page(demo_site, "")
    assert "territories/" in home
    cards = re.findall(r'<span class="msoko-card__value">(.*?)</span>', home)
    assert cards and "—" not in cards
