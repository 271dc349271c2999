"""The report model over the tiny project (values computed by hand) and the demo project."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from collections import Counter

import pandas as pd
import pytest
from projects import ROOT

from generator import typography as t
from generator.errors import DataError
from generator.report import build_report
from generator.report.model import AnalystText, Figure, Paragraph
from generator.report.structure import PART_I

NBSP = "\u00a0"
MINUS = "\u2212"


def nb(text: str) -> str:
    return text.replace("_", NBSP).replace("−", MINUS)


def part_one_texts(report) -> list[str]:
    return [block.text for section in report.parts[0].walk() for block in section.blocks if isinstance(block, Paragraph)]


# tiny project: sch-1 and sch-2, school years 2023/24 and 2024/25; expected values computed by hand from its CSV
@pytest.mark.parametrize(
    "sentence",
    [
        # 1.03: certified (23 + 8) / graduates (24 + 8) = 96,875 % in 2025; 34 / 34 = 100 % in 2024 — one pupil of
        # 32: the Newcombe interval of the difference (about −15,7 … +7,3 п. п.) holds zero: told with the others
        # inside the chance spread, not judged
        "В пределах случайного разброса для такого числа участников изменились (то есть остались на уровне прошлого "
        "года): доля выпускников 9 классов, получивших аттестат об основном общем образовании, — с 100,0_% до 96,9_%; ",
        # 1.31: 460 + 92 = 552 pupils in 2025, 450 + 95 = 545 in 2024 (+1,3 %, beyond the 1 % tolerance);
        # neutral polarity, no judgement
        "Численность обучающихся общеобразовательных организаций выросла с 545 до 552_человек (+7_человек).",
        # 1.07: only sch-1 sits ЕГЭ in Russian: 72,0 in 2025, 70,5 in 2024; +1,5 of a small class is within
        # 1,96 · 15 · √(1/n₁ + 1/n₀) of zero (analytics.mean_spread 15 for 1.07)
        "; средний балл ЕГЭ по русскому языку — с 70,5 до 72,0_балла; ",
        # 1.02: (42 + 6) / (118 + 28) = 32,88 % in 2025; (40 + 5) / (120 + 30) = 30,0 % in 2024; 2,9 п. п. over
        # about 150 pupils is inside the Newcombe interval (about −7,6 … +13,3 п. п.)
        "; доля обучающихся 2–4 классов, завершивших учебный год на «отлично», — с 30,0_% до 32,9_%; ",
        # 1.05 and 1.04 changed by less than 0,5 п. п.: told together, each name closed by its comma
        "На уровне прошлого года (в пределах допустимых колебаний) остались: доля выпускников 11 классов, получивших "
        "аттестат о среднем общем образовании, — 100,0_%; доля выпускников 9 классов, получивших аттестат с "
        "отличием, — 6,2_%.",
        # the municipal stage share of winners fell from 3 of 6 to 1 of 5: beyond the tolerance, inside the chance
        "Доля победителей и призёров среди участий в муниципальном этапе ВсОШ изменилась с 50,0_% до 20,0_% "
        "(−30,0_п._п.), но при таком числе участников это в пределах случайного разброса: показатель на уровне "
        "прошлого года.",
    ],
)
def test_tiny_sentences_computed_by_hand(tiny, sentence):
    report = build_report(tiny.dataset, tiny.config, tiny.results, 2025)
    texts = part_one_texts(report)
    assert any(nb(sentence) in text for text in texts), "\n".join(texts)


def test_a_change_inside_the_chance_spread_is_never_judged(tiny):
    report = build_report(tiny.dataset, tiny.config, tiny.results, 2025)
    for text in part_one_texts(report):
        if text.startswith("В пределах случайного разброса") or "это в пределах случайного разброса" in text:
            assert "улучш" not in text and "ухудш" not in text, text


def test_tiny_part_two_values_computed_by_hand(tiny):
    report = build_report(tiny.dataset, tiny.config, tiny.results, 2025)
    assert report.printed_values[("1.03", 2025)] == nb("96,9_%")
    assert report.printed_values[("1.03", 2024)] == nb("100,0_%")
    assert report.printed_values[("1.31", 2025)] == "552"
    # only two years of data: Part II has no column for 2023
    assert ("1.03", 2023) not in report.printed_values


def test_network_counts_schools_of_the_tiny_project(tiny):
    report = build_report(tiny.dataset, tiny.config, tiny.results, 2025)
    network = next(section for section in report.parts[0].walk() if section.id == "network")
    assert network.blocks[0].text == nb(
        "Сеть образования включает 2_образовательные организации: 2_общеобразовательные организации. "
        "В сельской местности расположена 1_организация. Данные приведены в таблице 1."
    )
    # the table the sentence refers to follows it, numbered
    assert network.blocks[1].label == "Таблица 1. Образовательные организации по типам"


def test_latest_year_is_the_default_and_unknown_years_are_refused(tiny):
    assert build_report(tiny.dataset, tiny.config, tiny.results).year == 2025
    with pytest.raises(DataError, match="2019"):
        build_report(tiny.dataset, tiny.config, tiny.results, 2019)


def test_every_section_of_the_outline_is_in_the_report(demo):
    report = build_report(demo.dataset, demo.config, demo.results, 2025)
    expected = [section.id for spec in PART_I for section in spec.walk()]
    ids = [section.id for section in report.parts[0].walk()]
    assert ids == expected


def test_part_one_is_by_level_each_level_closed_by_its_findings_and_nothing_points_elsewhere(demo):
    """The analysis is by level of education (дошкольное, общее, дополнительное), each level ends in its findings,
    no section sends the reader to other sections instead of telling, and no MSOKO direction gets a section of
    its own that would repeat the levels."""
    report = build_report(demo.dataset, demo.config, demo.results, 2025)
    analysis = next(section for section in report.parts[0].sections if section.id == "analysis")
    assert [child.id for child in analysis.children] == ["preschool", "general", "additional"]
    levels = {"preschool": "Итоги по дошкольному образованию", "general": "Итоги по общему образованию",
              "additional": "Итоги по дополнительному образованию"}
    for child in analysis.children:
        last = child.children[-1] if child.children else child
        texts = [block.text for block in last.blocks if isinstance(block, Paragraph) and not block.item]
        assert any(text.startswith(levels[child.id]) for text in texts), (child.id, texts)
    texts = part_one_texts(report)
    assert not any("рассмотрены в раздел" in text for text in texts)
    assert not any(section.id.startswith("direction-") for section in report.parts[0].walk())
    # the one tolerance rule is stated once, in the sources section
    assert sum("Изменение считается существенным" in text for text in texts) == 1


def test_level_findings_count_what_the_sentences_said(demo):
    """The findings of the additional level, recomputed from the published values: an indicator is improved when
    its verdict is «better» and the one rule found a change; the same list the sentences above it follow."""
    report = build_report(demo.dataset, demo.config, demo.results, 2025)
    additional = next(section for section in report.parts[0].walk() if section.id == "additional")
    values = demo.results.values
    rows = values[(values["entity_type"] == "municipality") & (values["year"] == 2025)
                  & values["indicator"].isin(["3.08", "3.09", "3.10"]) & values["previous"].notna()]
    better = rows[(rows["verdict"] == "better") & (rows["direction"] != "same")]
    items = [block for block in additional.blocks if isinstance(block, Paragraph) and block.item]
    assert len(items) == len(better) + len(rows[(rows["verdict"] == "worse") & (rows["direction"] != "same")])
    improved = {span.indicator for block in items for span in block.spans if isinstance(span, Figure)}
    assert set(better["indicator"]) <= improved
    summary = next(block.text for block in additional.blocks if block.text.startswith("Итоги по дополнительному"))
    assert f"из {len(rows)}{NBSP}показател" in summary


def _sentence_codes(report) -> Counter:
    """How many indicator sentences (not list items) each indicator code has in Part I."""
    counts: Counter = Counter()
    for section in report.parts[0].walk():
        for block in section.blocks:
            if isinstance(block, Paragraph) and not block.item:
                codes = {span.indicator for span in block.spans if isinstance(span, Figure) and span.indicator}
                counts.update(codes)
    return counts


@pytest.mark.parametrize("year", [2021, 2023, 2025])
def test_every_indicator_with_a_value_has_exactly_one_sentence(demo, year):
    values = demo.results.values
    municipal = values[(values["entity_type"] == "municipality") & (values["year"] == year) & values["value"].notna()]
    report = build_report(demo.dataset, demo.config, demo.results, year)
    counts = _sentence_codes(report)
    assert set(counts) == set(municipal["indicator"])
    assert set(counts.values()) == {1}


def test_a_suppressed_value_gets_no_sentence_and_shows_the_symbol(demo):
    values = demo.results.values.copy()
    hidden = (values["indicator"] == "1.07") & (values["entity_type"] == "municipality") & (values["year"] == 2025)
    raw = float(values.loc[hidden, "value"].iloc[0])
    values.loc[hidden, ["value", "numerator", "denominator", "previous", "change"]] = pd.NA
    values.loc[hidden, "verdict"] = pd.NA
    values.loc[hidden, "suppressed"] = True
    results = dataclasses.replace(demo.results, values=values)
    report = build_report(demo.dataset, demo.config, results, 2025)
    assert "1.07" not in _sentence_codes(report)
    assert report.printed_values[("1.07", 2025)] == t.SUPPRESSED
    shown = t.fmt_number(raw, 1)
    assert not any("ЕГЭ по русскому языку" in text and shown in text for text in part_one_texts(report))


def designed_shnor() -> dict[int, frozenset[str]]:
    """The ШНОР lists the demo data were built to produce (``scripts/make_demo_data.py``)."""
    path = ROOT / "scripts" / "make_demo_data.py"
    spec = importlib.util.spec_from_file_location("make_demo_data_for_report", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.DESIGNED_SHNOR


def shnor_texts(demo, year: int) -> list[str]:
    report = build_report(demo.dataset, demo.config, demo.results, year)
    section = next(section for section in report.parts[0].walk() if section.id == "shnor")
    return [block.text for block in section.blocks if isinstance(block, Paragraph)]


def test_shnor_list_and_movement_as_designed_in_the_demo(demo):
    lists = designed_shnor()
    organisations = demo.dataset["organisations"]
    # «№» is kept on the line of its number
    short = organisations["short_name"].astype(str).str.replace("№ ", "№\u00a0", regex=False)
    names = dict(zip(organisations["org_id"].astype(str), short, strict=True))
    listed = sorted(names[org] for org in lists[2025])
    (gone,) = lists[2024] - lists[2025]
    texts = shnor_texts(demo, 2025)
    assert nb(f"По итогам 2024/25 учебного года в перечень ШНОР входят {len(listed)}_школы: {', '.join(listed)}.") in texts
    assert nb(f"Из перечня вышла 1_школа (результаты улучшились): {names[gone]}.") in texts
    assert "Перечень за этот год составлен впервые." in shnor_texts(demo, min(lists))
    assert "Состав перечня по сравнению с прошлым годом не изменился." in shnor_texts(demo, 2023)
    assert any("не формируется" in text for text in shnor_texts(demo, 2021))


def test_shnor_movement_from_a_hand_made_list(demo):
    organisations = demo.dataset["organisations"]
    schools = organisations[organisations["kind"] == "school"]["org_id"].astype(str).tolist()[:3]
    short = organisations["short_name"].astype(str).str.replace("№ ", "№\u00a0", regex=False)
    names = dict(zip(organisations["org_id"].astype(str), short, strict=True))
    shnor = pd.DataFrame({"org_id": [schools[0], schools[1], schools[2], schools[2], schools[1]],
                          "year": [2024, 2024, 2024, 2025, 2025],
                          "status": ["identified", "identified", "identified", "identified", "left"],
                          "entered": [True, True, True, False, False]})
    shnor.loc[len(shnor)] = [schools[0], 2025, "left", False]
    texts = shnor_texts(dataclasses.replace(demo, results=dataclasses.replace(demo.results, shnor=shnor)), 2025)
    left = ", ".join(sorted([names[schools[0]], names[schools[1]]]))
    assert nb(f"По итогам 2024/25 учебного года в перечень ШНОР входит 1_школа: {names[schools[2]]}.") in texts
    assert nb(f"Из перечня вышли 2_школы (результаты улучшились): {left}.") in texts


def test_analyst_block_goes_first_and_a_missing_one_changes_nothing(tiny, tmp_path):
    content = tmp_path / "content"
    (content / "report" / "2025").mkdir(parents=True)
    (content / "report" / "2025" / "gia.md").write_text("Выпускники сдали экзамены **успешно**.\n", encoding="utf-8")
    (content / "report" / "outlook.md").write_text("Задача на все годы.\n", encoding="utf-8")
    plain = build_report(tiny.dataset, tiny.config, tiny.results, 2025, content=tmp_path / "nothing")
    report = build_report(tiny.dataset, tiny.config, tiny.results, 2025, content=content)
    sections = {section.id: section for section in report.parts[0].walk()}
    before = {section.id: section for section in plain.parts[0].walk()}
    assert sections["gia"].blocks[0] == AnalystText("Выпускники сдали экзамены **успешно**.", "content/report/2025/gia.md")
    assert sections["gia"].blocks[1:] == before["gia"].blocks
    assert sections["outlook"].blocks[0].markdown == "Задача на все годы."
    assert sections["vpr"] == before["vpr"]
