"""Mapping: one column to several fields, derived fields (constant, copy, patterns) and the built-in repairs of
what exports write their own way (school years, websites, codes without leading zeros)."""

from __future__ import annotations

import pytest

from generator.errors import ConfigError, DataError
from generator.importer import commit, prepare
from generator.importer.cells import normalise_value, school_year
from generator.importer.mapping import ORGANISATION_TYPES, Rule

from .helpers import read_rows

COUNTS = "Школа;Учебный год;Обучающихся;\nМБОУ «СОШ № 1»;2025-2026;470;\nМКОУ «Луговская ООШ»;2025/26;90;\n"


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _values(project) -> dict[tuple[str, str, str], dict[str, str]]:
    rows = read_rows(project.datapackages / "monitoring" / "organisation_values.csv")
    return {(row["indicator"], row["org_id"], row["year"]): row for row in rows}


def test_one_column_feeds_numerator_and_value(project, tmp_path):
    mapping = _write(tmp_path, "m.yml", "columns:\n  org_id: Школа\n  numerator: Обучающихся\n  value: Обучающихся\nconstants:\n  indicator: '1.31'\n")
    assert commit(prepare(project, _write(tmp_path, "f.csv", COUNTS), "organisation_values", mapping_file=mapping))
    rows = _values(project)
    assert {k: (r["numerator"], r["value"]) for k, r in rows.items() if k[2] == "2026"} == {
        ("1.31", "sch-1", "2026"): ("470", "470"), ("1.31", "sch-2", "2026"): ("90", "90")}


def test_a_copy_repeats_another_field(project, tmp_path):
    mapping = _write(tmp_path, "m.yml", "columns:\n  org_id: Школа\n  numerator: Обучающихся\nconstants:\n  indicator: '1.31'\n"
                                        "derived:\n  value: {copy: numerator}\n  comment: {constant: Форма ОО-1}\n")
    assert commit(prepare(project, _write(tmp_path, "f.csv", COUNTS), "organisation_values", mapping_file=mapping))
    row = _values(project)[("1.31", "sch-2", "2026")]
    assert (row["numerator"], row["value"], row["comment"]) == ("90", "90", "Форма ОО-1")


def test_a_copy_of_a_field_without_a_column_is_refused(project, tmp_path):
    mapping = _write(tmp_path, "m.yml", "columns:\n  org_id: Школа\n  value: Обучающихся\nconstants:\n  indicator: '1.31'\n"
                                        "derived:\n  numerator: {copy: denominator}\n")
    with pytest.raises(DataError, match="копирует поле «denominator»"):
        prepare(project, _write(tmp_path, "f.csv", COUNTS), "organisation_values", mapping_file=mapping)


REGISTRY = (
    "org_id;Наименование;Вид ОО;ИНН;ОГРН;Сайт\n"
    "sch-5;МБОУ «Гимназия № 5»;Гимназия;4205000062;1024200000065;gym5.example.org\n"
    "sch-6;МБОУ «Кадетская школа № 6»;кадетская школа-интернат;4205000070;1024200000076;\n"
    "sch-7;МБОУ «СОШ № 7»;средняя общеобразовательная школа;420500006;24200000088;www.sch7.example.org/about\n"
)
REGISTRY_MAPPING = """
columns:
  full_name: Наименование
  short_name: Наименование
  website: Сайт
derived:
  kind: {constant: school}
  type: {from: Вид ОО, rules: виды организаций}
  oktmo: {constant: "99701000"}
  address: {constant: г. Проверочный}
  locality: {constant: urban}
"""


def test_the_type_from_a_column_by_the_built_in_rules_and_repaired_codes_and_websites(project, tmp_path):
    plan = prepare(project, _write(tmp_path, "r.csv", REGISTRY), "organisations", mapping_file=_write(tmp_path, "m.yml", REGISTRY_MAPPING))
    rows = {row["org_id"]: row for row in plan.table}
    assert {k: rows[k]["type"] for k in ("sch-5", "sch-6", "sch-7")} == {"sch-5": "gymnasium", "sch-6": "cadet", "sch-7": "secondary"}
    assert (rows["sch-7"]["inn"], rows["sch-7"]["ogrn"]) == ("0420500006", "0024200000088")
    assert rows["sch-5"]["website"] == "https://gym5.example.org"
    assert rows["sch-7"]["website"] == "https://www.sch7.example.org/about"
    assert rows["sch-5"]["short_name"] == rows["sch-5"]["full_name"] == "МБОУ «Гимназия № 5»"
    assert any("добавлено «https://»: 2\u00a0значения" in note for note in plan.notes)


def test_own_rules_first_match_wins_and_no_match_without_default_is_an_error(project, tmp_path):
    mapping = REGISTRY_MAPPING.replace("rules: виды организаций}", "rules: {интернат: boarding, гимназ: gymnasium}}")
    with pytest.raises(DataError) as caught:
        prepare(project, _write(tmp_path, "r.csv", REGISTRY), "organisations", mapping_file=_write(tmp_path, "m.yml", mapping))
    assert "строка 4, столбец C («Вид ОО»)" in str(caught.value)
    assert "ни одно правило поля «type» не подошло" in str(caught.value)
    mapping = mapping.replace("gymnasium}}", "gymnasium}, default: secondary}")
    plan = prepare(project, _write(tmp_path, "r.csv", REGISTRY), "organisations", mapping_file=_write(tmp_path, "m.yml", mapping))
    assert [row["type"] for row in plan.table if row["org_id"] in ("sch-5", "sch-6", "sch-7")] == ["gymnasium", "boarding", "secondary"]


def test_a_rule_over_a_column_the_file_lacks_names_the_columns_it_has(project, tmp_path):
    mapping = REGISTRY_MAPPING.replace("from: Вид ОО", "from: Тип учреждения")
    with pytest.raises(DataError) as caught:
        prepare(project, _write(tmp_path, "r.csv", REGISTRY), "organisations", mapping_file=_write(tmp_path, "m.yml", mapping))
    assert "читает столбец «Тип учреждения»" in str(caught.value) and "«Вид ОО»" in str(caught.value)


def test_derived_mistakes_are_reported_together(project, tmp_path):
    mapping = _write(tmp_path, "m.yml", "derived:\n  type: {from: x, rules: нет таких}\n  kind: {copy: kind}\n  locality: {when: urban}\n  oktmo: 5\n")
    with pytest.raises(ConfigError) as caught:
        prepare(project, _write(tmp_path, "r.csv", REGISTRY), "organisations", mapping_file=mapping)
    message = str(caught.value)
    assert "derived.type: rules «нет таких» — нет такого набора правил" in message
    assert "derived.kind: copy — имя другого поля набора" in message
    assert "derived.locality: неизвестные ключи when" in message
    assert "derived.oktmo: ожидается одно из" in message


@pytest.mark.parametrize(("name", "expected"), [
    ("ГБОУ Гимназия № 1530", "gymnasium"), ("Лицей № 1501", "lyceum"), ("Кадетская школа-интернат № 6", "cadet"),
    ("Гимназия-интернат № 3", "gymnasium"), ("Школа-интернат № 2", "boarding"), ("МКОУ «Ивановская ООШ»", "basic"),
    ("МБУ ДО «ДЮСШ»", "additional"), ("МБОУ «Детско-юношеская спортивная школа»", "additional"), ("Школа № 2086", "secondary"),
])
def test_built_in_organisation_types(name, expected):
    assert Rule(source="x", patterns=ORGANISATION_TYPES).apply(name) == expected


@pytest.mark.parametrize(("text", "year"), [
    ("2016-2017", "2017"), ("2016/17", "2017"), ("2016/2017 уч. г.", "2017"), ("2016–2017 учебный год", "2017"),
    ("2016 - 2017 гг.", "2017"), ("1999/00", "2000"), ("2016-2018", None), ("2017", None), ("16/17", None),
])
def test_school_years(text, year):
    assert school_year(text) == year


def test_school_years_only_for_the_year_field():
    assert normalise_value("2016-2017", {"name": "year", "type": "integer"})[0] == "2017"
    assert normalise_value("2016-2017", {"name": "comment", "type": "string"})[0] == "2016-2017"
    assert normalise_value("javascript:alert(1)", {"name": "website", "format": "uri"})[0] == "javascript:alert(1)"
    assert normalise_value("http://sch.example.org", {"name": "website", "format": "uri"})[0] == "http://sch.example.org"


def test_technical_names_over_captions_both_find_their_columns(project, tmp_path):
    text = ("\ufeffEduOrgName;YEAR;PUPILS;\nНаименование ОО;Учебный год;Численность обучающихся;\n"
            "МБОУ «СОШ № 1»;2025-2026;470;\n")
    mapping = _write(tmp_path, "m.yml", "columns:\n  org_id: EduOrgName\n  numerator: Численность обучающихся\n  value: PUPILS\n"
                                        "constants:\n  indicator: '1.31'\n")
    plan = prepare(project, _write(tmp_path, "f.csv", text), "organisation_values", mapping_file=mapping)
    assert [(r["org_id"], r["year"], r["numerator"], r["value"]) for r in plan.table if r["year"] == "2026"] == [("sch-1", "2026", "470", "470")]
    assert any("вторая строка заголовка (строка 2) пропущена" in note for note in plan.notes)
