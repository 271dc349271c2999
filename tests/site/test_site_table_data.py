"""The table builder's files publish no number of their own: each row is a row of the open-data indicator table
with the same value, a value hidden there is «к» here with no number beside it, and no row is added or left out.
The page without JavaScript is a link to the files themselves."""

from __future__ import annotations

import csv
import json
import re

import pytest

from generator import typography as ty
from generator.opendata import table_builder
from generator.project import Project

pytestmark = pytest.mark.slow

LEVEL = {"organisation": "o", "territory": "t", "municipality": "m", "region": "r"}


def open_rows(project: Project) -> list[dict[str, str]]:
    path = project.site / "data" / "indicator-values" / "indicator-values.csv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def builder_rows(project: Project) -> dict[tuple[str, str, str, int], list]:
    """(indicator, level letter, entity, year) → the row of the table builder's values file."""
    index = json.loads((project.site / "data" / "table" / "index.json").read_text(encoding="utf-8"))
    found = {}
    for item in index["indicators"]:
        files = ([f"{item['code'].replace('.', '-')}/{part}.json" for part in item["parts"]] if index["split"]
                 else [item["file"]])
        for name in files:
            data = json.loads((project.site / "data" / "table" / name).read_text(encoding="utf-8"))
            assert data["code"] == item["code"]
            for row in data["rows"]:
                key = (item["code"], row[0], row[1], row[2])
                assert key not in found
                found[key] = row
    return found


def test_every_value_is_the_open_data_value_and_hidden_stays_hidden(demo_site: Project) -> None:
    published = open_rows(demo_site)
    rows = builder_rows(demo_site)
    assert len(rows) == len(published)
    hidden = 0
    for record in published:
        row = rows[(record["indicator"], LEVEL[record["entity_type"]], record["entity_id"], int(record["year"]))]
        if record["suppressed"] == "true":
            assert row[3:] == [ty.SUPPRESSED, ty.SUPPRESSED], record  # no number travels with a hidden cell
            hidden += 1
        elif record["value"] == "":
            assert row[3:] == [None, ty.NO_DATA], record
        else:
            assert row[3] == float(record["value"]), record
            assert row[4] == ty.fmt_value(float(record["value"]), record["unit"]), record
    assert hidden  # the demo has hidden values, and they stay «к»


def test_the_index_names_every_object_and_indicator_of_the_open_data(demo_site: Project) -> None:
    index = json.loads((demo_site.site / "data" / "table" / "index.json").read_text(encoding="utf-8"))
    published = open_rows(demo_site)
    objects = {(item["t"], item["id"]): item["name"] for item in index["objects"]}
    assert objects == {(LEVEL[row["entity_type"]], row["entity_id"]): row["entity_name"] for row in published}
    assert [item["code"] for item in index["indicators"]] == sorted({row["indicator"] for row in published},
                                                                    key=lambda code: tuple(map(int, code.split("."))))
    assert [item["year"] for item in index["years"]] == sorted({int(row["year"]) for row in published})


def test_the_page_without_javascript_links_to_the_files_and_states_its_weight(demo_site: Project) -> None:
    html = (demo_site.site / "data" / "table" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*indicator-values\.(?:csv|xlsx|json|parquet))"', html)
    assert len(links) == 4
    for link in links:
        assert (demo_site.site / "data" / "table" / link).resolve().is_file(), link
    files = sorted((demo_site.site / "data" / "table").glob("*.json"))
    sizes = sorted(path.stat().st_size for path in files if path.name != "index.json")
    median = sizes[len(sizes) // 2] if len(sizes) % 2 else (sizes[len(sizes) // 2 - 1] + sizes[len(sizes) // 2]) // 2
    script = (demo_site.site / "assets" / "msoko" / "table.js").stat().st_size
    total = script + (demo_site.site / "data" / "table" / "index.json").stat().st_size + table_builder.TYPICAL * median
    from generator.opendata.pages import fmt_size

    assert f"загружает около {fmt_size(total)}" in html.replace("&nbsp;", "\u00a0")
    assert "assets/msoko/table.js" in html
    other = (demo_site.site / "data" / "index.html").read_text(encoding="utf-8")
    assert "table/" in other and "assets/msoko/table.js" not in other  # the script only where it is used


def test_with_two_municipalities_each_keeps_its_organisations_in_a_file_of_its_own(split_site: Project) -> None:
    """The list of a split site names no organisation; each organisation of the open data is in its own
    municipality's file and in no other, and all the files together name the same objects the open data does."""
    folder = split_site.site / "data" / "table"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["split"] is True
    assert {item["t"] for item in index["objects"]} == {"m", "r"}  # no organisation, no territory in the list
    with (split_site.site / "data" / "organisations" / "organisations.csv").open(encoding="utf-8") as handle:
        place_of = {row["org_id"]: row["oktmo"] for row in csv.DictReader(handle)}
    published = open_rows(split_site)
    organisations = set(place_of) | {row["entity_id"] for row in published if row["entity_type"] == "organisation"}
    assert len({place_of[ident] for ident in organisations}) == 2

    files: dict[str, list[dict]] = {}
    for item in index["objects"]:
        if item["t"] == "m":
            data = json.loads((folder / item["file"]).read_text(encoding="utf-8"))
            assert item["file"] == f"objects/{item['id']}.json" and data["m"] == item["id"]
            assert item["count"]["o"] == sum(1 for entry in data["objects"] if entry["t"] == "o")
            files[item["id"]] = data["objects"]
    assert sorted(path.name for path in (folder / "objects").iterdir()) == sorted(f"{oktmo}.json" for oktmo in files)
    published_here = {row["entity_id"] for row in published if row["entity_type"] == "organisation"}
    assert len(organisations & published_here) == 2  # both schools have values, one in each municipality
    for ident in organisations & published_here:
        holders = [oktmo for oktmo, objects in files.items() if any(entry["id"] == ident for entry in objects)]
        assert holders == [place_of[ident]], ident
    for oktmo, objects in files.items():
        assert all(entry["m"] == oktmo for entry in objects)

    union = {(item["t"], item["id"]): item["name"] for item in index["objects"]}
    for objects in files.values():
        for entry in objects:
            assert (entry["t"], entry["id"]) not in union  # nothing twice
            union[(entry["t"], entry["id"])] = entry["name"]
    assert union == {(LEVEL[row["entity_type"]], row["entity_id"]): row["entity_name"] for row in published}


def test_with_two_municipalities_the_weight_note_counts_one_municipalitys_list(split_site: Project) -> None:
    """The page's weight note adds what a table of one municipality's organisations downloads: the script, the
    list, the largest municipality's list of organisations, and the median of each indicator's largest part."""
    from generator.opendata.pages import fmt_size

    folder = split_site.site / "data" / "table"
    largest = sorted(max(path.stat().st_size for path in item.glob("*.json"))
                     for item in folder.iterdir() if item.is_dir() and item.name != "objects")
    middle = len(largest) // 2
    median = largest[middle] if len(largest) % 2 else (largest[middle - 1] + largest[middle]) // 2
    objects = max(path.stat().st_size for path in (folder / "objects").glob("*.json"))
    script = (split_site.site / "assets" / "msoko" / "table.js").stat().st_size
    total = script + (folder / "index.json").stat().st_size + objects + table_builder.TYPICAL * median
    html = (folder / "index.html").read_text(encoding="utf-8").replace("&nbsp;", "\u00a0")
    assert f"по организациям одного муниципалитета загружает около {fmt_size(total)}" in html
    assert f"список организаций и территорий муниципалитета — до {fmt_size(objects)}" in html
