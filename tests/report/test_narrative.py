"""Generated sentences, checked word for word against Russian written by hand."""

from __future__ import annotations

import pytest

from generator.report.model import Figure
from generator.report.narrative import (
    IndicatorFacts,
    change_item,
    indicator_sentence,
    largest_changes,
    objectivity_sentences,
    shnor_sentences,
    verdict_summary,
)

NBSP = "\u00a0"
MINUS = "\u2212"


def nb(text: str) -> str:
    """Expected text is written with ordinary spaces where the output must have non-breaking ones: «_»."""
    return text.replace("_", NBSP)


ATTESTAT = "Доля выпускников 9 классов, получивших аттестат об основном общем образовании"
STAFF = "Численность педагогических работников"
VACANCIES = "Число вакансий педагогических работников"
EGE = "Средний балл ЕГЭ по русскому языку"
QUALITY = "Качество знаний по результатам ОГЭ (доля отметок «4» и «5»)"
MARK = "Средняя отметка ОГЭ (все предметы)"
INDEX = "Индекс неподтверждения результатов медалистов"
SUCCESS = "Успеваемость по результатам ВПР (доля отметок «3»–«5»)"


def test_share_that_improved():
    facts = IndicatorFacts("1.03", ATTESTAT, "процент", 87.14, 85.2, "better")
    assert indicator_sentence(facts).text == nb(
        "Доля выпускников 9 классов, получивших аттестат об основном общем образовании, выросла "
        "с 85,2_% до 87,1_% (+1,9_п._п.); это улучшение."
    )


def test_every_figure_links_to_its_indicator():
    facts = IndicatorFacts("1.03", ATTESTAT, "процент", 87.14, 85.2, "better")
    figures = [span for span in indicator_sentence(facts).spans if isinstance(span, Figure)]
    assert [figure.text for figure in figures] == [nb("85,2_%"), nb("87,1_%"), nb("+1,9_п._п.")]
    assert {figure.indicator for figure in figures} == {"1.03"}


@pytest.mark.parametrize(
    ("name", "value", "previous", "verdict", "expected"),
    [
        (SUCCESS, 90.0, 92.5, "worse", "Успеваемость по результатам ВПР (доля отметок «3»–«5») снизилась с 92,5_% до 90,0_% (−2,5_п._п.); это ухудшение."),
        (QUALITY, 55.0, 54.0, "better", "Качество знаний по результатам ОГЭ (доля отметок «4» и «5») выросло с 54,0_% до 55,0_% (+1,0_п._п.); это улучшение."),
        (EGE, 70.14, 68.4, "better", "Средний балл ЕГЭ по русскому языку вырос с 68,4 до 70,1_балла (+1,7_балла); это улучшение."),
        (MARK, 3.8, 3.9, "worse", "Средняя отметка ОГЭ (все предметы) снизилась с 3,9 до 3,8_балла (−0,1_балла); это ухудшение."),
        (INDEX, 12.0, 10.0, "worse", "Индекс неподтверждения результатов медалистов вырос с 10,0_% до 12,0_% (+2,0_п._п.); это ухудшение."),
        (VACANCIES, 9, 14, "better", "Число вакансий педагогических работников снизилось с 14 до 9 (−5_ед.); это улучшение."),
        ("Расходы на одного обучающегося", 12.5, 11.0, None, "Расходы на одного обучающегося выросли с 11,0 до 12,5 (+1,5)."),
        (ATTESTAT, 85.4, 85.2, "same", "Доля выпускников 9 классов, получивших аттестат об основном общем образовании, выросла с 85,2_% до 85,4_% (+0,2_п._п.); изменение несущественно."),
    ],
)
def test_verb_agrees_with_gender_and_judgement_follows_verdict(name, value, previous, verdict, expected):
    unit = "балл" if "балл" in name or "отметка" in name else "единица" if name.startswith("Число") else "процент"
    if name.startswith("Расходы"):
        unit = "тысяча рублей"
    facts = IndicatorFacts("x", name, unit, value, previous, verdict)
    assert indicator_sentence(facts).text == nb(expected).replace("−", MINUS)


@pytest.mark.parametrize(
    ("name", "gender_text"),
    [(ATTESTAT + ",", "не изменилась и составила"), (QUALITY, "не изменилось и составило"),
     (EGE, "не изменился и составил"), (STAFF, "не изменилась и составила")],
)
def test_values_equal_as_printed_read_unchanged(name, gender_text):
    unit = "балл" if "балл" in name else "человек" if name == STAFF else "процент"
    facts = IndicatorFacts("x", name.rstrip(","), unit, 71.04, 70.98, "same")
    shown = {"балл": "71,0_балла", "человек": "71_человек", "процент": "71,0_%"}[unit]
    assert indicator_sentence(facts).text == nb(f"{name} {gender_text} {shown}.")


# The plural classes: the number as the subject's amount (nominative) and after «до» (genitive).
@pytest.mark.parametrize(
    ("number", "nominative", "genitive"),
    [(0, "0_человек", "0_человек"), (1, "1_человек", "1_человека"), (2, "2_человека", "2_человек"),
     (5, "5_человек", "5_человек"), (11, "11_человек", "11_человек"), (21, "21_человек", "21_человека"),
     (22, "22_человека", "22_человек"), (25, "25_человек", "25_человек"), (111, "111_человек", "111_человек")],
)
def test_people_counts_across_plural_classes(number, nominative, genitive):
    alone = IndicatorFacts("6.09", STAFF, "человек", number)
    assert indicator_sentence(alone).text == nb(f"Численность педагогических работников составила {nominative}.")
    grown = IndicatorFacts("6.09", STAFF, "человек", number, number + 3 if number < 3 else number - 3)
    verb = "снизилась" if number < 3 else "выросла"
    change = "−3" if number < 3 else "+3"
    before = number + 3 if number < 3 else number - 3
    assert indicator_sentence(grown).text == nb(
        f"Численность педагогических работников {verb} с {before} до {genitive} ({change}_чел.)."
    ).replace("−", MINUS)


def test_fractional_score_takes_genitive_singular():
    facts = IndicatorFacts("1.07", EGE, "балл", 1.5)
    assert indicator_sentence(facts).text == nb("Средний балл ЕГЭ по русскому языку составил 1,5_балла.")
    whole = IndicatorFacts("1.07", EGE, "балл", 70.0)
    assert indicator_sentence(whole).text == nb("Средний балл ЕГЭ по русскому языку составил 70,0_балла.")


@pytest.mark.parametrize(
    ("count", "phrase"),
    [(1, "входит 1_школа"), (2, "входят 2_школы"), (5, "входят 5_школ"), (11, "входят 11_школ"),
     (21, "входит 21_школа"), (22, "входят 22_школы"), (25, "входят 25_школ"), (111, "входят 111_школ")],
)
def test_shnor_list_counts(count, phrase):
    names = [f"Школа {index}" for index in range(count)]
    first = shnor_sentences(2025, names, [], [])[0]
    assert first.text == nb(f"По итогам 2024/25 учебного года в перечень ШНОР {phrase}: {', '.join(names)}.")


def test_shnor_movement():
    paragraphs = shnor_sentences(2025, ["МБОУ «СОШ № 5»"], ["МБОУ «СОШ № 5»"], ["МБОУ «ООШ № 2»", "МБОУ «ООШ № 3»"])
    assert [p.text for p in paragraphs] == [nb(text) for text in (
        "По итогам 2024/25 учебного года в перечень ШНОР входит 1_школа: МБОУ «СОШ № 5».",
        "В перечень вновь вошла 1_школа: МБОУ «СОШ № 5».",
        "Из перечня вышли 2_школы (результаты улучшились): МБОУ «ООШ № 2», МБОУ «ООШ № 3».",
    )]
    empty = shnor_sentences(2023, [], [], [])
    assert [p.text for p in empty] == [
        "По итогам 2022/23 учебного года ни одна школа не отвечает критериям ШНОР.",
        "Состав перечня по сравнению с прошлым годом не изменился.",
    ]
    assert "не формируется" in shnor_sentences(2021, [], [], [], first_year=True)[0].text


def _facts(verdicts: list[str | None]) -> list[IndicatorFacts]:
    return [IndicatorFacts(f"9.{index:02d}", "Доля x", "процент", 50.0 + index, 40.0, verdict)
            for index, verdict in enumerate(verdicts)]


@pytest.mark.parametrize(
    ("better", "worse", "expected"),
    [
        (1, 0, "Из 1_показателя, для которых есть значения за 2023/24 и 2024/25 учебные годы, улучшился 1_показатель и не ухудшился ни один показатель."),
        (2, 21, "Из 23_показателей, для которых есть значения за 2023/24 и 2024/25 учебные годы, улучшились 2_показателя и ухудшился 21_показатель."),
        (5, 22, "Из 27_показателей, для которых есть значения за 2023/24 и 2024/25 учебные годы, улучшились 5_показателей и ухудшились 22_показателя."),
        (11, 25, "Из 36_показателей, для которых есть значения за 2023/24 и 2024/25 учебные годы, улучшились 11_показателей и ухудшились 25_показателей."),
    ],
)
def test_verdict_summary_agreement(better, worse, expected):
    assert verdict_summary(_facts(["better"] * better + ["worse"] * worse), 2025).text == nb(expected)


def test_verdict_summary_with_steady_and_neutral():
    text = verdict_summary(_facts(["better", "same", None, None]), 2025).text
    assert text == nb(
        "Из 4_показателей, для которых есть значения за 2023/24 и 2024/25 учебные годы, улучшился 1_показатель, "
        "не ухудшился ни один показатель и существенно не изменился 1_показатель; у 2_показателей изменение не "
        "оценивается как улучшение или ухудшение (нейтральные показатели)."
    )


def test_largest_changes_rank_shares_by_points_and_others_by_per_cent():
    shares = IndicatorFacts("1.01", "Доля a", "процент", 60.0, 50.0, "better")  # 10 п. п.
    score = IndicatorFacts("1.07", "Средний балл b", "балл", 66.0, 60.0, "better")  # +10 % of 60
    small = IndicatorFacts("1.02", "Доля c", "процент", 52.0, 50.0, "better")
    worse = IndicatorFacts("1.03", "Доля d", "процент", 40.0, 50.0, "worse")
    ranked = largest_changes([small, score, shares, worse], "better")
    assert [item.code for item in ranked] == ["1.01", "1.07", "1.02"]
    assert change_item(worse).text == nb("Доля d — с 50,0_% до 40,0_% (−10,0_п._п.)").replace("−", MINUS)


def test_objectivity_counts():
    paragraphs = objectivity_sentences(2025, 21, 1, [("Низкая доля подтвердивших отметку на ВПР", 1), ("Медалисты", 0)])
    assert [p.text for p in paragraphs] == [nb(text) for text in (
        "В 2024/25 учебном году признаки необъективности результатов выявлены у 1 из 21_проверенной школы.",
        "Низкая доля подтвердивших отметку на ВПР — 1_школа.",
    )]
    clean = objectivity_sentences(2025, 22, 0, [])
    assert clean[0].text == nb("В 2024/25 учебном году ни у одной из 22_проверенных школ не выявлено признаков "
                               "необъективности результатов оценочных процедур.")
