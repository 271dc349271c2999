"""The gender of indicator names and the agreement helpers: every head noun of the catalogue is covered."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from generator import typography as t
from generator.report.grammar import as_subject, gender_of, head_noun, lower_first

CATALOGUE = Path(__file__).resolve().parents[2] / "datapackages" / "indicators" / "indicators.csv"

#: how the names of the catalogue begin, with the gender a Russian speaker gives the subject (written by hand)
EXPECTED_BY_START = {
    "Доля ": t.FEMININE,
    "Численность ": t.FEMININE,
    "Успеваемость ": t.FEMININE,
    "Средняя отметка ": t.FEMININE,
    "Число ": t.NEUTER,
    "Качество ": t.NEUTER,
    "Средний балл ": t.MASCULINE,
    "Индекс ": t.MASCULINE,
}


def catalogue_names() -> list[str]:
    with CATALOGUE.open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def test_every_catalogue_name_has_a_known_start():
    unknown = [name for name in catalogue_names() if not name.startswith(tuple(EXPECTED_BY_START))]
    assert unknown == [], "a new head noun in the catalogue: add it to the test and check its gender"


@pytest.mark.parametrize("name", catalogue_names())
def test_gender_of_each_catalogue_name(name):
    expected = next(gender for start, gender in EXPECTED_BY_START.items() if name.startswith(start))
    assert gender_of(name) == expected


@pytest.mark.parametrize(
    ("name", "noun", "gender"),
    [
        ("Средний балл ЕГЭ по математике", "балл", t.MASCULINE),
        ("Удельный вес педагогов", "вес", t.MASCULINE),
        ("Уровень удовлетворённости родителей", "уровень", t.MASCULINE),
        ("Общая численность детей", "численность", t.FEMININE),
        ("Охват детей дополнительным образованием", "охват", t.MASCULINE),
        ("Расходы на одного обучающегося", "расходы", t.PLURAL),
        # outside the table of head nouns: the ending decides
        ("Наполняемость классов", "наполняемость", t.FEMININE),
        ("Посещаемость занятий", "посещаемость", t.FEMININE),
        ("Обеспечение учебниками", "обеспечение", t.NEUTER),
        ("Потребность в педагогах", "потребность", t.FEMININE),
        ("Дефицит кадров", "дефицит", t.MASCULINE),
        ("Выпускники, поступившие в вузы", "выпускники", t.PLURAL),
    ],
)
def test_head_noun_and_gender_beyond_the_catalogue(name, noun, gender):
    assert head_noun(name) == noun
    assert gender_of(name) == gender


def test_a_clause_inside_the_name_is_closed_by_a_comma():
    assert as_subject("Доля учителей, чьё образование соответствует предмету") == (
        "Доля учителей, чьё образование соответствует предмету,"
    )
    assert as_subject("Число стобалльных результатов ЕГЭ") == "Число стобалльных результатов ЕГЭ"


def test_lower_first_keeps_abbreviations():
    assert lower_first("Доля выпускников") == "доля выпускников"
    assert lower_first("ВПР: успеваемость") == "ВПР: успеваемость"


@pytest.mark.parametrize(
    ("number", "verb", "genitive"),
    [(0, "вышли", "0 человек"), (1, "вышла", "1 человека"), (2, "вышли", "2 человек"), (5, "вышли", "5 человек"),
     (11, "вышли", "11 человек"), (21, "вышла", "21 человека"), (22, "вышли", "22 человек"),
     (25, "вышли", "25 человек"), (111, "вышли", "111 человек")],
)
def test_agreement_with_a_count(number, verb, genitive):
    assert t.agree_with_count(number, t.FEMININE, ("вышел", "вышла", "вышло", "вышли")) == verb
    assert t.count_noun_genitive(number, ("человека", "человек")) == genitive.replace(" ", t.NBSP)


def test_fraction_takes_genitive_singular_after_a_preposition():
    assert t.count_noun_genitive(1.5, ("балла", "баллов"), digits=1) == f"1,5{t.NBSP}балла"
