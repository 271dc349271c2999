"""Versions and corrections: change one value of the demo data, rebuild, and find exactly that change listed."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pandas as pd

from generator import typography as ty
from generator.opendata import versions

from .conftest import write_open_data


def _changed_values(before: pd.DataFrame, after: pd.DataFrame) -> set[tuple]:
    """(indicator, entity_type, entity_id, year) whose published value differs — computed from the two results."""
    keys = ["indicator", "entity_type", "entity_id", "year"]
    merged = before.merge(after, on=keys, how="outer", suffixes=("_before", "_after"))
    old = merged["value_before"].astype("Float64").round(4)
    new = merged["value_after"].astype("Float64").round(4)
    differs = (old != new).fillna(old.isna() != new.isna()).astype(bool)
    differs |= merged["suppressed_before"].astype("boolean") != merged["suppressed_after"].astype("boolean")
    return {tuple(str(item) for item in row) for row in merged.loc[differs.astype(bool), keys].itertuples(index=False, name=None)}


def test_one_corrected_value_is_listed_with_the_analysts_note(demo_output, tmp_path):
    project_root = tmp_path / "project"
    shutil.copytree(demo_output.project.root, project_root)  # data, configuration and the archive with version 1
    first = versions.read_index(project_root)[-1]

    ege_path = project_root / "datapackages" / "assessments" / "ege.csv"
    ege = pd.read_csv(ege_path, dtype=str, keep_default_na=False)
    row = ege[(ege["subject"] == "rus") & (ege["participants"].astype(int) >= 20)].index[0]
    org, year = ege.at[row, "org_id"], ege.at[row, "year"]
    old_score = ege.at[row, "mean_score"]
    new_score = f"{float(old_score) + 3.5:.1f}"
    ege.at[row, "mean_score"] = new_score
    ege.to_csv(ege_path, index=False)
    notes = project_root / "content" / "data" / "changes.yml"
    notes.parent.mkdir(parents=True)
    notes.write_text(
        "- date: 2026-02-10\n"
        f"  text: Исправлен средний балл ЕГЭ по русскому языку по уточнённому протоколу РЦОИ.\n"
        f"  dataset: ege\n  entity: {org}\n  year: {year}\n", encoding="utf-8")

    again = write_open_data(type(demo_output.project)(project_root), tmp_path / "docs")
    releases = versions.read_index(project_root)
    assert [item.version for item in releases] == [first.version, releases[-1].version]
    second = releases[-1]
    assert second.version.startswith("2026-02-10-") and second.digest != first.digest

    # the full list of changes (CSV) holds exactly the edited cell and the indicator values it moved
    listing = list(csv.DictReader(io.StringIO(
        (again.docs / "data" / "changes" / f"changes-{second.version}.csv").read_text(encoding="utf-8"))))
    source = [item for item in listing if item["dataset"] != "indicator-values"]
    assert source == [{"dataset": "ege", "kind": "changed", "key": f"org_id={org}; year={year}; subject=rus",
                       "column": "mean_score", "old": old_score, "new": new_score,
                       "note": "Исправлен средний балл ЕГЭ по русскому языку по уточнённому протоколу РЦОИ."}]
    expected = _changed_values(demo_output.ctx.results.values, again.ctx.results.values)
    assert expected, "a changed mean score moves the indicator 1.07 at least"
    listed = set()
    for item in listing:
        if item["dataset"] == "indicator-values":
            keys = dict(part.split("=", 1) for part in item["key"].split("; "))
            listed.add((keys["indicator"], keys["entity_type"], keys["entity_id"], keys["year"]))
            assert item["column"] == "value"
    assert listed == expected
    assert ("1.07", "organisation", org, str(year)) in listed

    # the page shows the change, old → new, with the note
    page = (again.docs / "data" / "changes" / "index.md").read_text(encoding="utf-8")
    assert f"Что изменилось с версии {first.version}" in page
    org_row = next(line for line in page.splitlines() if "<td>Средний балл</td>" in line)
    shown_old, shown_new = (ty.fmt_number(float(score), 1) for score in (old_score, new_score))
    assert f'<td class="num">{shown_old}</td><td class="num">{shown_new}</td>' in org_row
    assert "уточнённому протоколу РЦОИ" in org_row
    assert page.count("<tr><td>1&#46;07") + page.count("<tr><td>1.07") >= 1
    old_value = demo_output.ctx.results.value_of("1.07", org, int(year))
    new_value = again.ctx.results.value_of("1.07", org, int(year))
    assert ty.fmt_value(old_value, "балл") in page and ty.fmt_value(new_value, "балл") in page

    # the earlier version stays downloadable, unchanged
    old_csv = again.docs / "data" / "versions" / first.version / "ege.csv"
    assert old_score in old_csv.read_text(encoding="utf-8")
    descriptor = json.loads((again.docs / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == second.version


def test_unchanged_data_keep_their_version(demo_output, tmp_path):
    project_root = tmp_path / "project"
    shutil.copytree(demo_output.project.root, project_root)
    before = versions.read_index(project_root)
    write_open_data(type(demo_output.project)(project_root), tmp_path / "docs")
    assert versions.read_index(project_root) == before
