"""Organisation names as exports spell them, matched to the registry; ambiguity and unknown names reported."""

from __future__ import annotations

import pytest

from generator.errors import DataError
from generator.importer import prepare
from generator.importer.match import normalise_name, organisation_index

from .helpers import IMPORTS

REGISTRY = [
    {"org_id": "sch-1", "inn": "4205000016", "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»", "short_name": "МБОУ «СОШ № 1»"},
    {"org_id": "sch-1-k2", "inn": "4205000016", "full_name": "МБОУ «СОШ № 1» (корпус 2)", "short_name": "МБОУ «СОШ № 1» корпус 2"},
    {"org_id": "sch-3", "inn": "4205000030", "full_name": "МБОУ «СОШ № 3»", "short_name": "МБОУ «СОШ № 3»"},
    {"org_id": "sch-4", "inn": "4205000048", "full_name": "МКОУ «СОШ № 3» с. Луговое", "short_name": "МКОУ «СОШ № 3»"},
    {"org_id": "dou-16", "inn": "4205000055", "full_name": "МАДОУ «ЦРР «ДДС № 16 «Березка»»", "short_name": "МАДОУ «ЦРР «ДДС № 16 «Берёзка»»"},
]


@pytest.mark.parametrize(
    ("spelling", "org_id"),
    [
        ("sch-1", "sch-1"),
        ("МБОУ «СОШ № 1»", "sch-1"),
        ('МБОУ "СОШ №1"', "sch-1"),
        ("мбоу сош n1", "sch-1"),
        ("МБОУ СОШ No. 1", "sch-1"),
        ("Муниципальное бюджетное общеобразовательное учреждение “Средняя общеобразовательная школа № 1”", "sch-1"),
        ("МКОУ „СОШ № 3“", "sch-4"),  # the legal form tells the two «СОШ № 3» apart
        ("МБОУ СОШ 3", "sch-3"),
        ("МАДОУ ЦРР ДДС №16 Берёзка", "dou-16"),  # ё and е, nested quotes
        ("4205000030", "sch-3"),  # ИНН
        ("МБОУ «СОШ № 3» (sch-3)", "sch-3"),  # a drop-down label of the template
    ],
)
def test_spellings_of_one_name_match(spelling, org_id):
    resolution = organisation_index(REGISTRY).resolve(spelling)
    assert resolution.key == org_id, resolution


def test_a_name_shared_by_two_organisations_is_ambiguous():
    resolution = organisation_index(REGISTRY).resolve("СОШ № 3")
    assert resolution.key is None and resolution.problem == "ambiguous"
    assert resolution.candidates == ("sch-3 — МБОУ «СОШ № 3»", "sch-4 — МКОУ «СОШ № 3»")


def test_an_inn_shared_by_branches_is_ambiguous():
    resolution = organisation_index(REGISTRY).resolve("4205000016")
    assert resolution.problem == "ambiguous"
    assert [c.split(" — ")[0] for c in resolution.candidates] == ["sch-1", "sch-1-k2"]


def test_an_unknown_name_gets_suggestions():
    resolution = organisation_index(REGISTRY).resolve("МБОУ «СОШ № 13»")
    assert resolution.problem == "unknown"
    assert "sch-3 — МБОУ «СОШ № 3»" in resolution.candidates


def test_normalised_names():
    assert normalise_name("МБОУ «СОШ № 3»") == normalise_name("сош №3") == "сош 3"
    assert normalise_name("Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа»") == "оош"


def test_import_reports_every_unmatched_name_with_row_and_column(project):
    with pytest.raises(DataError) as caught:
        prepare(project, IMPORTS / "ambiguous.csv", "ege")
    message = str(caught.value)
    assert "ambiguous.csv: 3\u00a0ошибки в данных, ничего не записано" in message
    assert "строка 2, столбец A («Наименование ОО»): «СОШ № 3» подходит нескольким записям" in message
    assert "sch-3 — МБОУ «СОШ № 3»; sch-4 — МКОУ «СОШ № 3»" in message
    assert "строка 3, столбец A («Наименование ОО»): «4205000016» подходит нескольким записям" in message
    assert "строка 4, столбец A («Наименование ОО»): организация «Лицей № 7» не найдена" in message
    assert "Что сделать:" in message
