"""``--unknown skip`` and ``--errors``: import what matches, set aside and list the rest; every problem in a file."""

from __future__ import annotations

import csv

import pytest

from generator.errors import DataError
from generator.importer import commit, prepare
from generator.importer.match import organisation_index
from generator.importer.setaside import set_aside_path, write_set_aside

from .helpers import read_rows

HEADER = "indicator;org_id;year;numerator;denominator;value;comment\n"


def _file(tmp_path, lines: list[str], name: str = "values.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def _errors(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel reads Cyrillic CSV only with a BOM"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))


def test_skip_imports_the_known_rows_and_sets_the_others_aside(project, tmp_path):
    source = _file(tmp_path, [
        "1.31;МБОУ «СОШ № 1»;2026;470;;470;\n",
        "1.31;Школа № 77;2026;300;;300;\n",
        "1.31;МКОУ «Луговская ООШ»;2026;90;;90;\n",
        "1.31;СОШ № 3;2026;80;;80;\n",  # two organisations have this name: not matched either
    ])
    plan = prepare(project, source, "organisation_values", unknown="skip")
    assert [(item.row, item.cells[1]) for item in plan.set_aside] == [(3, "Школа № 77"), (5, "СОШ № 3")]
    assert "подходит нескольким записям" in plan.set_aside[1].problems[0].message
    assert commit(plan)
    rows = read_rows(project.datapackages / "monitoring" / "organisation_values.csv")
    assert sorted((row["org_id"], row["value"]) for row in rows if row["year"] == "2026") == [("sch-1", "470"), ("sch-2", "90")]
    path = write_set_aside(plan)
    assert path == set_aside_path(source) == tmp_path / "values.не-загружено.csv"
    table = _errors(path)
    assert [row["Строка файла"] for row in table] == ["3", "5"]
    assert [row["org_id"] for row in table] == ["Школа № 77", "СОШ № 3"]
    assert table[1]["Похожие записи справочника"] == "sch-3 — МБОУ «СОШ № 3»; sch-4 — МКОУ «СОШ № 3»"


def test_other_problems_still_stop_a_skipping_import(project, tmp_path):
    source = _file(tmp_path, ["1.31;Школа № 77;2026;300;;300;\n", "1.31;sch-1;2026;много;;470;\n"])
    before = (project.datapackages / "monitoring" / "organisation_values.csv").read_bytes()
    with pytest.raises(DataError) as caught:
        prepare(project, source, "organisation_values", unknown="skip")
    assert "строка 3" in str(caught.value) and "«много» — не число" in str(caught.value)
    assert "Школа № 77" not in str(caught.value)
    assert (project.datapackages / "monitoring" / "organisation_values.csv").read_bytes() == before


def test_a_set_aside_row_does_not_report_its_other_problems(project, tmp_path):
    source = _file(tmp_path, ["1.31;Школа № 77;2026;много;;300;\n", "1.31;sch-1;2026;470;;470;\n"])
    plan = prepare(project, source, "organisation_values", unknown="skip")
    assert [item.row for item in plan.set_aside] == [2]
    assert [p.reference for p in plan.set_aside[0].problems] == [True]


def test_nothing_known_is_an_error_not_an_empty_import(project, tmp_path):
    source = _file(tmp_path, ["1.31;Школа № 77;2026;300;;300;\n"])
    with pytest.raises(DataError, match="ни одна строка не сопоставлена"):
        prepare(project, source, "organisation_values", unknown="skip")


def test_errors_file_has_every_problem_not_only_the_first_25(project, tmp_path):
    lines = [f"1.31;sch-1;{2000 + n};{-n - 1};;1;\n" for n in range(30)] + ["1.31;Школа № 77;2050;1;;1;\n"]
    source = _file(tmp_path, lines)
    errors = tmp_path / "errors.csv"
    with pytest.raises(DataError) as caught:
        prepare(project, source, "organisation_values", errors_file=errors)
    message = str(caught.value)
    assert "31\u00a0ошибка в данных" in message and "… и ещё 6\u00a0ошибок" in message
    assert f"все ошибки — в файле {errors}" in message
    table = _errors(errors)
    assert len(table) == 31
    assert table[0] == {"Строка": "2", "Столбец": "D («numerator»)", "Значение": "-1",
                        "Сообщение": table[0]["Сообщение"]}
    assert "меньше допустимого минимума 0" in table[0]["Сообщение"]
    assert table[-1]["Значение"] == "Школа № 77" and "не найдена в справочнике" in table[-1]["Сообщение"]


def test_without_errors_file_the_message_says_how_to_get_them_all(project, tmp_path):
    source = _file(tmp_path, [f"1.31;sch-1;{2000 + n};-1;;1;\n" for n in range(26)])
    with pytest.raises(DataError, match="--errors"):
        prepare(project, source, "organisation_values")


def test_a_value_cell_that_looks_like_a_formula_is_neutralised_in_the_errors_file(project, tmp_path):
    source = _file(tmp_path, ["1.31;=cmd|' /C calc'!A0;2026;1;;1;\n"])
    errors = tmp_path / "errors.csv"
    with pytest.raises(DataError):
        prepare(project, source, "organisation_values", errors_file=errors)
    assert _errors(errors)[0]["Значение"].startswith("'=")


REGISTRY = [
    {"org_id": "s1404", "inn": "7700000001", "full_name": "ГБОУ «Школа № 1404 «Гамма»»", "short_name": "ГБОУ Школа № 1404 «Гамма»"},
    {"org_id": "s1530", "inn": "7700000002", "full_name": "ГБОУ «Гимназия № 1530 «Школа Ломоносова»»", "short_name": "ГБОУ Гимназия № 1530"},
    {"org_id": "s1405", "inn": "7700000003", "full_name": "ГБОУ «Гимназия № 1405»", "short_name": "ГБОУ Гимназия № 1405"},
    {"org_id": "s2086", "inn": "7700000004", "full_name": "ГБОУ «Гимназия № 2086 «Гамма»»", "short_name": "ГБОУ Гимназия № 2086 «Гамма»"},
]


def test_suggestions_put_the_likeliest_first():
    """The renamed school: its number and its name beat a school of the same kind with another number."""
    resolution = organisation_index(REGISTRY).resolve("Гимназия № 1404 «Гамма»")
    assert resolution.problem == "unknown"
    assert resolution.candidates[0] == "s1404 — ГБОУ Школа № 1404 «Гамма»"


def test_former_names_match_today_s_organisation():
    index = organisation_index(REGISTRY, [{"org_id": "s1404", "name": "ГБОУ Гимназия № 1404 «Гамма»"}])
    resolution = index.resolve("Гимназия № 1404 «Гамма»")
    assert (resolution.key, resolution.how) == ("s1404", "former")


def test_today_s_name_wins_over_another_s_former_name():
    index = organisation_index(REGISTRY, [{"org_id": "s1404", "name": "Гимназия № 1405"}])
    assert index.resolve("ГБОУ Гимназия № 1405").key == "s1405"


def test_an_inn_that_lost_its_leading_zero_matches():
    index = organisation_index([{"org_id": "b1", "inn": "0277012341", "full_name": "МБОУ «СОШ № 1»", "short_name": "СОШ № 1"}])
    assert index.resolve("277012341").key == "b1"
