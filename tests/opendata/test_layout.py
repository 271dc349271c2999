"""Checksums and the Russian open-data layout (методические рекомендации, версия 3.0) on hand-made input."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

import pytest

from generator.config import SiteConfig
from generator.errors import ConfigError
from generator.opendata import checksums, gosmonitor

SITE = SiteConfig(authority="Управление образования", authority_inn="9901000018", phone="+7 900 000-00-00",
                  email="uo@example.org", url="https://edu.example.org/")
SCHEMA = {"fields": [{"name": "org_id", "type": "string", "title": "Код организации", "description": "Код."},
                     {"name": "participants", "type": "integer", "title": "Участники"}]}


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def passport() -> gosmonitor.Passport:
    old = gosmonitor.DataVersion(dt.date(2024, 9, 1), dt.date(2024, 9, 1), b"a\n")
    new = gosmonitor.DataVersion(dt.date(2025, 9, 1), dt.date(2024, 9, 1), b"b\n")
    return gosmonitor.Passport(code="EgeResults", title="Результаты ЕГЭ", description="Описание", keywords=("ЕГЭ", "школы"),
                               provenance="РЦОИ", created=dt.date(2024, 9, 1), modified=dt.date(2025, 9, 1),
                               valid=dt.date(2026, 9, 1), versions=(old, new),
                               structures={dt.date(2024, 9, 1): gosmonitor.structure_csv(SCHEMA)})


def test_checksums_verify_and_detect_a_changed_file(tmp_path):
    files = {"a.csv": b"x,y\n1,2\n", "b.json": b"[]\n"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / checksums.SUMS_NAME).write_bytes(checksums.sums_text(files))
    line = (tmp_path / checksums.SUMS_NAME).read_text().splitlines()[0]
    assert line.split()[0] == hashlib.sha256(b"x,y\n1,2\n").hexdigest()
    assert checksums.verify(tmp_path) == []
    (tmp_path / "b.json").write_bytes(b"[1]\n")
    assert checksums.verify(tmp_path) == ["b.json"]


def test_list_csv_header_and_standard_row():
    table = rows(gosmonitor.list_csv([passport()], SITE))
    assert table[0] == ["property", "title", "value", "format"]
    assert table[1][0] == "standardversion" and table[1][2] == "http://opendata.gosmonitor.ru/standard/3.0"
    assert table[2] == ["9901000018-EgeResults", "Результаты ЕГЭ", "https://edu.example.org/opendata/9901000018-EgeResults/meta.csv", "csv"]


def test_meta_csv_has_every_property_and_a_row_per_version():
    table = rows(gosmonitor.meta_csv(passport(), SITE))
    assert table[0] == ["property", "value"]
    values = dict(table[1:])
    for name in gosmonitor.META_PROPERTIES:
        assert values.get(name), name
    assert values["identifier"] == "9901000018-EgeResults"
    assert values["created"] == "20240901" and values["modified"] == "20250901" and values["valid"] == "20260901"
    assert values["publishermbox"] == "uo@example.org" and values["publisherphone"] == "+7 900 000-00-00"
    base = "https://edu.example.org/opendata/9901000018-EgeResults/"
    assert values["data-20250901-structure-20240901"] == base + "data-20250901-structure-20240901.csv"
    assert values["data-20240901-structure-20240901"] == base + "data-20240901-structure-20240901.csv"
    assert values["structure-20240901"] == base + "structure-20240901.csv"


def test_layout_files_and_structure_header():
    files = gosmonitor.layout([passport()], SITE)
    folder = "opendata/9901000018-EgeResults"
    assert set(files) == {"opendata/list.csv", f"{folder}/meta.csv", f"{folder}/data-20240901-structure-20240901.csv",
                          f"{folder}/data-20250901-structure-20240901.csv", f"{folder}/structure-20240901.csv"}
    structure = rows(files[f"{folder}/structure-20240901.csv"])
    assert structure[0] == ["field name", "english description", "russian description", "format"]
    assert structure[2][0] == "participants" and structure[2][3] == "integer"


def test_missing_inn_is_a_configuration_error():
    with pytest.raises(ConfigError, match="authority_inn"):
        gosmonitor.list_csv([passport()], SiteConfig())
