"""The table builder's files, cut from a small hand-made indicator table: a hidden value travels as «к» with no
number, a visible one as the file's number with the pages' text, and a region of several municipalities is split
so that a table of one municipality downloads only that municipality's rows and its list of organisations."""

from __future__ import annotations

import json

import pandas as pd

from generator import typography as ty
from generator.opendata import table_builder
from generator.opendata.datasets import INDICATOR_VALUES, PublishedTable


def published(name: str, rows: list[dict]) -> PublishedTable:
    return PublishedTable(name=name, code=name, title=name, description="", schema={"fields": []}, frame=pd.DataFrame(rows))


def value(indicator: str, kind: str, ident: str, name: str, number: float | None, *, hidden: bool = False) -> dict:
    return {"indicator": indicator, "entity_type": kind, "entity_id": ident, "entity_name": name, "year": 2025,
            "unit": "процент", "value": None if hidden else number, "suppressed": hidden}


def tables(municipalities: list[str]) -> list[PublishedTable]:
    rows = [value("1.07", "region", "99", "Область", 70.25)]
    orgs = []
    for number, oktmo in enumerate(municipalities):
        rows.append(value("1.07", "municipality", oktmo, f"Округ {number}", 71.5))
        rows.append(value("1.07", "organisation", f"sch-{number}", f"МБОУ «СОШ № {number}»", 80.1234))
        rows.append(value("1.07", "organisation", f"sch-{number}-b", f"МБОУ «ООШ № {number}»", None, hidden=True))
        orgs += [{"org_id": f"sch-{number}", "oktmo": oktmo, "kind": "school"},
                 {"org_id": f"sch-{number}-b", "oktmo": oktmo, "kind": "school"}]
    return [published(INDICATOR_VALUES, rows), published("organisations", orgs),
            published("indicators", [{"code": "1.07", "short_name": "Доля", "name": "Доля обучающихся", "direction": "1"}]),
            published("directions", [{"code": "1", "name": "Качество подготовки"}])]


def test_one_municipality_has_one_file_per_indicator_and_hidden_values_have_no_number() -> None:
    built = table_builder.build_files(tables(["10000000"]))
    assert sorted(built.files) == ["data/table/1-07.json", "data/table/index.json"]
    rows = json.loads(built.files["data/table/1-07.json"])["rows"]
    assert ["o", "sch-0", 2025, 80.1234, ty.fmt_value(80.1234, "процент")] in rows
    assert ["o", "sch-0-b", 2025, ty.SUPPRESSED, ty.SUPPRESSED] in rows
    index = json.loads(built.files["data/table/index.json"])
    assert index["split"] is False and index["indicators"][0]["file"] == "1-07.json"
    assert [(item["t"], item["id"]) for item in index["objects"]] == [
        ("m", "10000000"), ("o", "sch-0-b"), ("o", "sch-0"), ("r", "99")]  # «ООШ» before «СОШ»: by the name
    assert index["kinds"] == [{"code": "school", "name": "Школа"}]
    assert built.objects == 0 and not any("/objects/" in path for path in built.files)


def test_several_municipalities_are_split_and_each_part_holds_only_its_own_rows() -> None:
    built = table_builder.build_files(tables(["10000000", "20000000"]))
    assert sorted(built.files) == ["data/table/1-07/10000000.json", "data/table/1-07/20000000.json",
                                   "data/table/1-07/region.json", "data/table/index.json",
                                   "data/table/objects/10000000.json", "data/table/objects/20000000.json"]
    index = json.loads(built.files["data/table/index.json"])
    assert index["split"] is True and index["indicators"][0]["parts"] == ["10000000", "20000000", "region"]
    # the list keeps the municipalities (with what the form needs: their file and count) and the region only
    assert index["objects"] == [
        {"t": "m", "id": "10000000", "name": "Округ 0", "file": "objects/10000000.json", "count": {"o": 2}},
        {"t": "m", "id": "20000000", "name": "Округ 1", "file": "objects/20000000.json", "count": {"o": 2}},
        {"t": "r", "id": "99", "name": "Область"}]
    assert index["kinds"] == [{"code": "school", "name": "Школа"}]
    second = json.loads(built.files["data/table/objects/20000000.json"])
    assert second == {"m": "20000000", "objects": [  # in the list's order: «ООШ» before «СОШ»
        {"t": "o", "id": "sch-1-b", "name": "МБОУ «ООШ № 1»", "m": "20000000", "kind": "school"},
        {"t": "o", "id": "sch-1", "name": "МБОУ «СОШ № 1»", "m": "20000000", "kind": "school"}]}
    assert built.objects == max(len(built.files[f"data/table/objects/{oktmo}.json"]) for oktmo in ("10000000", "20000000"))
    again = table_builder.build_files(tables(["10000000", "20000000"]))
    assert again.files == built.files  # the same bytes from the same table
    first = json.loads(built.files["data/table/1-07/10000000.json"])["rows"]
    assert {(row[0], row[1]) for row in first} == {("m", "10000000"), ("o", "sch-0"), ("o", "sch-0-b")}
    assert [row[:2] for row in json.loads(built.files["data/table/1-07/region.json"])["rows"]] == [["r", "99"]]
    every = [row for path, data in built.files.items() if path.startswith("data/table/1-07/") for row in json.loads(data)["rows"]]
    assert len(every) == len(tables(["10000000", "20000000"])[0].frame)  # nothing lost, nothing twice
    weight = table_builder.typical_bytes(built)
    assert weight["indicator"] == max(len(data) for path, data in built.files.items() if path.startswith("data/table/1-07/"))
    assert weight["total"] == weight["script"] + len(built.files["data/table/index.json"]) + built.objects + weight["indicator"]
