"""The serialised-file cache: an unchanged table is not written again, any change of its values is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from generator.opendata import FormatCache, formats, serialise, zipped
from generator.opendata.datasets import PublishedTable
from generator.opendata.versions import Version

SCHEMA = {"fields": [{"name": "org_id", "type": "string"}, {"name": "value", "type": "number"}]}
VERSION = Version("2025-09-01", dt.date(2025, 9, 1), "0" * 64)


def table(values: list, texts: list[str] | None = None) -> PublishedTable:
    frame = pd.DataFrame({"org_id": pd.array(texts or ["sch-01", "sch-02"], dtype="string"),
                          "value": pd.array(values, dtype="Float64")})
    return PublishedTable(name="t", code="T", title="Таблица", description="", schema=SCHEMA, frame=frame)


def files(item: PublishedTable, cache: FormatCache) -> dict[str, bytes]:
    return serialise(item, VERSION, formats.to_csv(item.frame, item.schema), cache)


def test_unchanged_table_comes_from_the_cache_with_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    cache = FormatCache(tmp_path / "cache")
    first = files(table([1.5, 2.0]), cache)
    assert first == serialise(table([1.5, 2.0]), VERSION, formats.to_csv(table([1.5, 2.0]).frame, SCHEMA))

    def refuse(*_args, **_kwargs):
        raise AssertionError("written again")

    monkeypatch.setattr(formats, "to_xlsx", refuse)
    monkeypatch.setattr(formats, "to_json", refuse)
    monkeypatch.setattr(formats, "to_parquet", refuse)
    assert files(table([1.5, 2.0]), FormatCache(tmp_path / "cache")) == first


def test_any_change_of_values_writes_again(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path / "cache")
    first = files(table([1.5, 2.0]), cache)
    changed = files(table([1.5, 2.5]), cache)
    assert changed["t.json"] != first["t.json"] and changed["t.xlsx"] != first["t.xlsx"]
    # the CSV text neutralises a formula-like text, so two tables can share a CSV: the cache still tells them apart
    plain, quoted = table([1.0, 2.0], ["=1", "b"]), table([1.0, 2.0], ["'=1", "b"])
    cache = FormatCache(tmp_path / "cache")
    assert cache.key(plain, VERSION, b"x", []) != cache.key(quoted, VERSION, b"x", [])


def test_prune_keeps_only_the_files_of_this_build(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    files(table([1.0, 2.0]), FormatCache(folder))
    cache = FormatCache(folder)
    files(table([3.0, 4.0]), cache)
    cache.prune()
    assert len(list(folder.iterdir())) == 3  # xlsx, json, parquet of the second table


def test_zip_of_the_same_files_comes_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    members = [("a.csv", b"x,y\n1,2\n"), ("b.csv", b"z\n3\n")]
    first = zipped(members, VERSION.date, FormatCache(tmp_path / "cache"))
    assert first == formats.make_zip(members, VERSION.date)

    def refuse(*_args, **_kwargs):
        raise AssertionError("packed again")

    monkeypatch.setattr(formats, "make_zip", refuse)
    assert zipped(members, VERSION.date, FormatCache(tmp_path / "cache")) == first
    changed = [("a.csv", b"x,y\n1,3\n"), members[1]]
    with pytest.raises(AssertionError, match="packed again"):  # a changed file is packed again
        zipped(changed, VERSION.date, FormatCache(tmp_path / "cache"))
