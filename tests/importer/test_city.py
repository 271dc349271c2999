"""A large city's own open-data files, as they come, to a site without a step outside the tool.

The fixtures of ``tests/data/imports/city/`` have the shape of real exports: UTF-8 with BOM, ``;``, technical
names with a row of Russian captions under them, a trailing ``;``, ИНН and ОГРН that lost their leading zeros,
websites without a scheme, school years «2016-2017», okrug and district columns, a school that was renamed and
schools the registry does not know (closed, private, a college).
"""

from __future__ import annotations

import csv
import html
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.project import Project

from .helpers import IMPORTS, read_rows

CITY = IMPORTS / "city"
UNKNOWN = {"ГБОУ Школа № 1405", "АНО ОО «Частная школа «Президент»»", "ГБПОУ Колледж связи № 54"}
#: the okrug and the district of every school of the registry, as the export names them
PLACES = {"1404": ("ВАО", "Измайлово"), "1501": ("САО", "Аэропорт"), "1530": ("ЗАО", "Кунцево"),
          "1700": ("ЮАО", "Царицыно"), "2086": ("СВАО", "Лианозово")}


@pytest.fixture
def files(tmp_path) -> Path:
    """The exports in a folder of their own (the set-aside file is written beside them)."""
    folder = tmp_path / "exports"
    shutil.copytree(CITY, folder)
    return folder


@pytest.fixture
def city(tmp_path, files) -> Project:
    root = tmp_path / "city"
    assert main(["init", str(root), "--municipality", "Город Москва", "--oktmo", "45000000", "--region", "Москва",
                 "--authority", "Департамент образования города Москвы", "--inn", "7701234567"]) == 0
    project = ["--project", str(root)]
    assert main(["import", str(files / "municipalities.csv"), "--dataset", "municipalities", *project]) == 0
    assert main(["import", str(files / "registry.csv"), "--dataset", "organisations", "--mapping", str(files / "registry.yml"), *project]) == 0
    assert main(["import", str(files / "former_names.csv"), "--dataset", "former_names", *project]) == 0
    return Project(root)


def test_the_registry_comes_in_as_the_export_has_it(city):
    rows = {row["org_id"]: row for row in read_rows(city.datapackages / "registry" / "organisations.csv")}
    assert sorted(rows) == ["1404", "1501", "1530", "1700", "2086"]
    # the type from the name, with the registry's codes
    assert {org_id: row["type"] for org_id, row in rows.items()} == {
        "1404": "secondary", "1501": "lyceum", "1530": "gymnasium", "1700": "cadet", "2086": "secondary"}
    # leading zeros back, schemes added, an address already with a scheme kept
    assert (rows["1501"]["inn"], rows["1501"]["ogrn"]) == ("0277012341", "0027700012340")
    assert rows["1404"]["website"] == "https://sch1404.mskobr.ru"
    assert rows["2086"]["website"] == "https://sch2086.mskobr.ru/info"
    assert rows["1501"]["website"] == "https://lyc1501.mskobr.ru/"
    assert rows["1700"]["website"] == ""
    # a caption of the second row (Краткое наименование) and a technical name (FullName) both found their columns
    assert rows["1404"]["short_name"] == "ГБОУ Школа № 1404 «Гамма»"
    assert rows["1404"]["full_name"].endswith("«Школа № 1404 «Гамма»»")


def test_okrugs_and_districts_of_the_registry_become_the_territory_tree(city):
    territories = {row["territory_id"]: row for row in read_rows(city.datapackages / "registry" / "territories.csv")}
    links = {row["org_id"]: row["territory_id"] for row in read_rows(city.datapackages / "registry" / "organisation_territories.csv")}
    assert sorted(links) == sorted(PLACES)
    for org_id, (okrug, district) in PLACES.items():
        lowest = territories[links[org_id]]
        assert (lowest["name"], lowest["kind"], lowest["oktmo"]) == (district, "city_district", "45000000")
        parent = territories[lowest["parent_id"]]
        assert (parent["name"], parent["kind"], parent["parent_id"]) == (okrug, "administrative_okrug", "")
    assert len(territories) == 10  # five okrugs, five districts: nothing invented, no ОКТМО made up
    assert all(row["territory_oktmo"] == "" for row in territories.values())
    # codes for the page addresses, from the names
    assert links["1404"] == "izmailovo" and territories["izmailovo"]["parent_id"] == "vao"


def test_undo_takes_back_the_registry_and_its_territories_together(city, capsys):
    registry = city.datapackages / "registry"
    assert main(["import", "--undo", "--project", str(city.root)]) == 0  # the former names
    assert main(["import", "--undo", "--project", str(city.root)]) == 0  # the registry with its territories
    assert "territories.csv" in capsys.readouterr().err
    assert read_rows(registry / "organisations.csv") == []
    for name in ("territories.csv", "organisation_territories.csv"):
        assert not (registry / name).exists() or read_rows(registry / name) == [], name


def test_results_with_unknown_schools_skip_them_and_list_them(city, files, capsys):
    errors = files / "problems.csv"
    territories_before = (city.datapackages / "registry" / "territories.csv").read_bytes()
    code = main(["import", str(files / "pupils.csv"), "--dataset", "organisation_values", "--mapping", str(files / "pupils.yml"),
                 "--unknown", "skip", "--errors", str(errors), "--project", str(city.root)])
    out = capsys.readouterr().err  # the commands talk on stderr
    assert code == 0
    assert "не загружено 3\u00a0строки" in out
    rows = {(row["org_id"], row["year"]): row for row in read_rows(city.datapackages / "monitoring" / "organisation_values.csv")}
    # the renamed school's old name of 2016/17 found today's school; «2016-2017» is the year 2017
    assert sorted(rows) == [("1404", "2017"), ("1404", "2018"), ("1501", "2017"), ("1501", "2018"), ("1530", "2018"),
                            ("1700", "2018"), ("2086", "2017"), ("2086", "2018")]
    # one column is both numerator and value of the count indicator
    assert (rows[("1404", "2017")]["indicator"], rows[("1404", "2017")]["numerator"], rows[("1404", "2017")]["value"]) == ("1.31", "1102", "1102")
    assert rows[("1404", "2017")]["denominator"] == ""
    aside = files / "pupils.не-загружено.csv"
    raw = aside.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert {row["EduOrgName / Наименование ОО"] for row in table} == UNKNOWN
    assert [row["Строка файла"] for row in table] == ["11", "12", "13"]
    assert all("не найдена в справочнике" in row["Причина"] for row in table)
    # the closest school first: the same numbers are not there, «школа» and a close number are
    first = next(row for row in table if row["EduOrgName / Наименование ОО"] == "ГБОУ Школа № 1405")
    assert first["Похожие записи справочника"].split("; ")[0] in {"1404 — ГБОУ Школа № 1404 «Гамма»", "2086 — ГБОУ Школа № 2086"}
    assert first["YEAR / Учебный год"] == "2016-2017"
    listed = list(csv.DictReader(errors.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [row["Строка"] for row in listed] == ["11", "12", "13"]
    assert {row["Значение"] for row in listed} == UNKNOWN
    # the results name the same okrugs and districts: the territories are found, not added again, and the
    # districts of the schools set aside (Раменки, Бутырский) are not made territories
    assert territories_before == (city.datapackages / "registry" / "territories.csv").read_bytes()


def test_without_skip_nothing_is_written_and_the_message_says_how(city, files, capsys):
    before = (city.datapackages / "monitoring" / "organisation_values.csv").read_bytes()
    code = main(["import", str(files / "pupils.csv"), "--dataset", "organisation_values", "--mapping", str(files / "pupils.yml"),
                 "--project", str(city.root)])
    assert code != 0
    message = capsys.readouterr().err
    assert "3\u00a0ошибки в данных" in message and "--unknown skip" in message
    assert (city.datapackages / "monitoring" / "organisation_values.csv").read_bytes() == before
    assert not (files / "pupils.не-загружено.csv").exists()


@pytest.mark.slow
def test_init_import_build_gives_a_page_for_every_known_school(city, files):
    assert main(["import", str(files / "pupils.csv"), "--dataset", "organisation_values", "--mapping", str(files / "pupils.yml"),
                 "--unknown", "skip", "--project", str(city.root)]) == 0
    assert main(["build", str(city.root)]) == 0
    for org_id in ("1404", "1501", "1530", "1700", "2086"):
        page = city.site / "organisations" / org_id / "index.html"
        assert page.is_file(), org_id
    page = html.unescape((city.site / "organisations" / "1404" / "index.html").read_text(encoding="utf-8"))
    assert "Прежнее наименование" in page and "ГБОУ Гимназия №\u00a01404 «Гамма» (до конца 2016/17\u00a0учебного года)" in page
    assert "Кадетская школа" in (city.site / "organisations" / "1700" / "index.html").read_text(encoding="utf-8")
    published = {part for path in city.site.rglob("*") for part in path.relative_to(city.site).parts}
    assert "1405" not in published
    # a page for every okrug and district, each listing its school
    territories = {row["territory_id"]: row for row in read_rows(city.datapackages / "registry" / "territories.csv")}
    links = {row["org_id"]: row["territory_id"] for row in read_rows(city.datapackages / "registry" / "organisation_territories.csv")}
    for territory_id, row in territories.items():
        page = city.site / "territories" / territory_id / "index.html"
        assert page.is_file(), territory_id
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert row["name"] in text
        schools = [org_id for org_id, lowest in links.items() if territory_id in (lowest, territories[lowest]["parent_id"])]
        assert schools and all(f"organisations/{org_id}/" in text for org_id in schools), territory_id
    shutil.rmtree(city.site)
