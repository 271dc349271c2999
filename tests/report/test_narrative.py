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
        # a mean mark is a bare number, not «3,8 балла»
        (MARK, 3.8, 3.9, "worse", "Средняя отметка ОГЭ (все предметы) снизилась с 3,9 до 3,8 (−0,1); это ухудшение."),
        (INDEX, 12.0, 10.0, "worse", "Индекс неподтверждения результатов медалистов вырос с 10,0_% до 12,0_% (+2,0_п._п.); это ухудшение."),
        # a count of things is counted in its own noun (found by the morphological analyser)
        (VACANCIES, 9, 14, "better", "Число вакансий педагогических работников снизилось с 14 до 9_вакансий (−5_вакансий); это улучшение."),
        ("Расходы на одного обучающегося", 12.5, 11.0, None, "Расходы на одного обучающегося выросли с 11,0 до 12,5_тыс._руб. (+1,5_тыс._руб.)."),
        # within the tolerance: the level, not «выросла … изменение несущественно»
        (ATTESTAT, 85.4, 85.2, "same", "Доля выпускников 9 классов, получивших аттестат об основном общем образовании, — на уровне прошлого года: 85,4_% (годом ранее — 85,2_%)."),
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
    assert indicator_sentence(facts).text == nb(f"{name} — на уровне прошлого года: {shown} (годом ранее — {shown}).")


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
        f"Численность педагогических работников {verb} с {before} до {genitive} ({change}_человека)."
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


# Sentences chosen by what the numbers say.
def test_a_sustained_trend_is_told_as_one():
    facts = IndicatorFacts("1.21", SUCCESS, "процент", 92.0, 90.5, "better", before=88.0, trend="rising")
    assert indicator_sentence(facts).text == nb(
        "Успеваемость по результатам ВПР (доля отметок «3»–«5») растёт третий год подряд: 88,0_%, 90,5_% и "
        "92,0_% (за год +1,5_п._п.); показатель улучшился.")


def test_a_reversal_is_not_a_trend():
    # rising over three years by the slope, but it fell last year: told as a change on the year
    facts = IndicatorFacts("1.21", SUCCESS, "процент", 92.0, 90.5, "better", before=91.0, trend="rising")
    assert "третий год" not in indicator_sentence(facts).text


def test_wording_rotates_within_a_section():
    facts = IndicatorFacts("1.03", ATTESTAT, "процент", 87.14, 85.2, "better")
    texts = [indicator_sentence(facts, variant).text for variant in range(3)]
    assert len(set(texts)) == 3
    assert texts[1] == nb("За год доля выпускников 9 классов, получивших аттестат об основном общем образовании, "
                          "увеличилась на 1,9_п._п.: с 85,2_% до 87,1_%. Показатель улучшился.")
    assert texts[2] == nb("По сравнению с прошлым годом доля выпускников 9 классов, получивших аттестат об основном "
                          "общем образовании, выросла — с 85,2_% до 87,1_% (+1,9_п._п.), это улучшение.")


def test_a_tiny_change_of_a_large_count_is_the_level_of_last_year():
    # +3 of 10 335 is 0,03 %: within the engine's tolerance (steady), whatever the polarity
    facts = IndicatorFacts("1.31", "Численность обучающихся общеобразовательных организаций", "человек", 10338, 10335,
                           None, steady=True)
    assert indicator_sentence(facts).text == nb(
        "Численность обучающихся общеобразовательных организаций — на уровне прошлого года: 10_338_человек "
        "(годом ранее — 10_335_человек).")


@pytest.mark.parametrize(("name", "unit", "value", "expected"), [
    ("Число участий в школьном этапе всероссийской олимпиады школьников", "человек", 4444, "4_444_участия"),
    ("Число участий в школьном этапе всероссийской олимпиады школьников", "человек", 4445, "4_445_участий"),
    ("Число стобалльных результатов ЕГЭ", "единица", 1, "1_результат"),
    ("Число первичных отделений «Движения первых»", "единица", 22, "22_отделения"),
    ("Число победителей и призёров муниципального этапа", "человек", 104, "104_человека"),
    ("Число воспитанников на одного педагогического работника", "человек на одного педагога", 8.5, "8,5_воспитанника"),
    (MARK, "балл", 3.7, "3,7"),
])
def test_the_right_noun_for_each_indicator(name, unit, value, expected):
    facts = IndicatorFacts("x", name, unit, value)
    assert indicator_sentence(facts).text.endswith(nb(f" {expected}."))


def test_level_within_tolerance_told_together():
    from generator.report.narrative import steady_sentence

    one = IndicatorFacts("1.04", "Доля выпускников 11 классов, получивших аттестат", "процент", 99.0, 99.1, "same")
    two = IndicatorFacts("1.18", MARK, "балл", 3.7, 3.7, "same")
    assert steady_sentence([one, two]).text == nb(
        "На уровне прошлого года (в пределах допустимых колебаний) остались: доля выпускников 11 классов, "
        "получивших аттестат, — 99,0_%; средняя отметка ОГЭ (все предметы) — 3,7.")


def test_gap_to_the_region():
    facts = IndicatorFacts("1.07", EGE, "балл", 70.14, 68.4, "better", regional=71.0, regional_band="below")
    assert indicator_sentence(facts).text.endswith(nb("; это улучшение. Это ниже среднего по региону (71,0_балла)."))
    # the interval holds the region's value: not «ниже», whatever the digits say
    same = IndicatorFacts("1.07", EGE, "балл", 70.14, 68.4, "better", regional=71.0, regional_band="same")
    assert indicator_sentence(same).text.endswith(nb(
        "Это на уровне среднего по региону (71,0_балла): разница в пределах случайного разброса для такого числа "
        "участников."))


def test_targets_met_by_polarity():
    from generator.report.targets import Target, is_met, outcomes

    assert is_met(98.2, 98.0, "higher_better") and not is_met(97.9, 98.0, "higher_better")
    assert is_met(1.5, 2.0, "lower_better") and not is_met(2.6, 2.0, "lower_better")
    # equal as printed (one decimal) counts as reached
    assert is_met(97.96, 98.0, "higher_better")
    found = outcomes([Target("1.03", 2025, 98.0), Target("1.14", 2025, 2.0), Target("1.03", 2026, 99.0),
                      Target("9.99", 2025, 1.0)], 2025,
                     lambda code, year: {"1.03": 98.2, "1.14": 2.6}.get(code),
                     lambda code: {"1.03": "higher_better", "1.14": "lower_better"}.get(code, ""))
    assert [(item.target.indicator, item.met) for item in found] == [("1.03", True), ("1.14", False), ("9.99", None)]


def test_trend_wording_rotates_and_names_the_years():
    facts = IndicatorFacts("1.21", SUCCESS, "процент", 92.0, 90.5, "better", before=88.0, trend="rising", year=2025)
    assert indicator_sentence(facts, 1).text == nb(
        "Успеваемость по результатам ВПР (доля отметок «3»–«5») продолжает расти: 88,0_% в 2023_году, 90,5_% "
        "в 2024_году и 92,0_% в 2025_году — положительная динамика.")
    assert indicator_sentence(facts, 2).text == nb(
        "С 2023_года успеваемость по результатам ВПР (доля отметок «3»–«5») устойчиво растёт: с 88,0_% до 92,0_%, "
        "за последний год — +1,5_п._п.; это улучшение.")


def test_level_findings_say_the_gap_to_the_region_as_decided():
    from generator.report.narrative import level_findings

    above = IndicatorFacts("1.22", "Доля участников ВПР, подтвердивших отметку по журналу", "процент", 70.1, 69.8,
                           "same", steady=True, regional=64.5, regional_band="above")
    level = IndicatorFacts("1.07", EGE, "балл", 67.3, 67.3, "same", steady=True, regional=67.5, regional_band="same")
    below = IndicatorFacts("1.09", "Доля участников ЕГЭ по русскому языку, набравших 70 баллов и выше", "процент",
                           45.4, 46.7, "same", steady=True, regional=53.4, regional_band="below")
    texts = [block.text for block in level_findings("общему образованию", [above, level, below], 2025)]
    assert texts[0].startswith(nb("Итоги по общему образованию: из 3_показателей, сравнимых с прошлым годом, "
                                  "не улучшился ни один показатель, не ухудшился ни один показатель, на уровне прошлого "
                                  "года остались 3_показателя"))
    # the one «на уровне» the interval decided is not named on either side
    assert texts[1] == ("В сравнении с регионом (где его значение известно): выше среднего по региону — доля участников "
                        "ВПР, подтвердивших отметку по журналу. Ниже среднего по региону — доля участников ЕГЭ по "
                        "русскому языку, набравших 70 баллов и выше.")
