"""Part II as the federal list: the shipped catalogue, values from the forms or computed from published МСОКО
values (a suppressed source stays hidden), the XLSX template for the forms, the appendix with the МСОКО table."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
from openpyxl import load_workbook
from projects import ROOT

from generator import typography as t
from generator.report import build_report
from generator.report.federal import FederalIndicator, catalogue, value_of
from generator.report.structure import APPENDIX_TITLE
from generator.templates_xlsx import build_template

YEAR = 2025


def test_the_shipped_list_has_the_codes_units_and_levels_of_the_order(demo):
    entries = {entry.code: entry for entry in catalogue(demo.dataset["federal_indicators"])}
    # the codes the final report's form names (ПП № 662 / приказ № 955)
    for code, unit in (("1.1.1", "процент"), ("1.1.2", "процент"), ("1.3.1", "человек"),
                       ("1.4.1", "квадратный метр"), ("1.8.1", "тысяча рублей"), ("2.1.1", "процент")):
        assert entries[code].kind == "indicator" and entries[code].unit == unit, code
    assert {entry.level for entry in entries.values()} == {"preschool", "general", "additional"}
    # every indicator sits under its group and section, in order
    codes = list(entries)
    for code, entry in entries.items():
        if entry.kind == "indicator":
            group, section = code.rsplit(".", 1)[0], code.split(".")[0]
            assert codes.index(section) < codes.index(group) < codes.index(code), code


def test_computed_values_come_from_published_values_and_keep_suppression():
    attestat = FederalIndicator("2.6.3", "indicator", "Без аттестата", "процент", "general", "ГИА", "100-1.03", False)
    published = {("1.03", 2025): 98.2}
    assert value_of(attestat, 2025, {}, lambda code, year: published.get((code, year)), lambda code, year: False) == \
        t.fmt_percent(1.8)
    # hidden source: the complement would reveal it, so it is hidden too
    assert value_of(attestat, 2025, {}, lambda code, year: None, lambda code, year: True) == t.SUPPRESSED
    # a form value when the МСОКО value is missing; «—» when neither exists
    assert value_of(attestat, 2024, {("2.6.3", 2024): 2.5}, lambda code, year: None, lambda code, year: False) == \
        t.fmt_percent(2.5)
    finance = FederalIndicator("1.8.1", "indicator", "Расходы", "тысяча рублей", "preschool", "финансы", "", False)
    assert value_of(finance, 2025, {("1.8.1", 2025): 212.44}, lambda *a: None, lambda *a: False) == "212,4"
    assert value_of(finance, 2023, {}, lambda *a: None, lambda *a: False) == t.NO_DATA


def federal_table(report):
    part = report.parts[1]
    return next(block for block in part.sections[0].blocks if hasattr(block, "rows"))


def test_part_two_table_of_the_demo(report, demo):
    table = federal_table(report)
    assert table.header[-3:] == ("2023", "2024", "2025")
    assert table.caption == "Показатели мониторинга системы образования, 2023–2025 годы"
    rows = {row.cells[0][0]: row for row in table.rows if not row.group}
    # 2.6.1 = the published municipal mean ЕГЭ score in Russian (1.07), as printed in the appendix
    assert rows["2.6.1"].cells[-1][0] == report.printed_values[("1.07", YEAR)]
    # 2.6.3 = 100 − the published share of 9th-graders with a certificate
    values = demo.results.values
    share = values[(values["entity_type"] == "municipality") & (values["indicator"] == "1.03") & (values["year"] == YEAR)]
    assert rows["2.6.3"].cells[-1][0] == t.fmt_percent(100 - float(share["value"].iloc[0]))
    # 1.8.1 from the forms resource
    forms = demo.dataset["federal_values"]
    expected = forms[(forms["code"] == "1.8.1") & (forms["year"] == YEAR)]["value"].iloc[0]
    assert rows["1.8.1"].cells[-1][0] == t.fmt_number(float(expected), 1)
    # unverified wording is marked and the note says what to do
    assert rows["1.1.1"].cells[1][0].endswith("*") and "сверить с действующей редакцией" in table.note
    groups = [row.group for row in table.rows if row.group]
    assert groups[0] == "1. Сведения о развитии дошкольного образования"


def test_the_msoko_table_is_an_appendix_with_a_caption_for_its_years(report):
    appendix = report.parts[1].sections[1]
    assert appendix.title == APPENDIX_TITLE
    table = next(block for block in appendix.blocks if hasattr(block, "rows"))
    assert table.caption == "Показатели МСОКО за 2022/23–2024/25 учебные годы"
    assert table.header[-3:] == ("2022/23", "2023/24", "2024/25")


def test_a_project_without_the_list_still_gets_its_report(demo):
    tables = {name: frame for name, frame in demo.dataset.tables.items() if not name.startswith("federal_")}
    dataset = replace(demo.dataset, tables=tables)
    report = build_report(dataset, demo.config, demo.results, YEAR)
    text = " ".join(block.text for block in report.parts[1].sections[0].blocks if hasattr(block, "text"))
    assert "federal_indicators" in text


def test_xlsx_template_for_the_form_values():
    book = load_workbook(io.BytesIO(build_template(ROOT / "datapackages", "federal_values")))
    sheet = book["Данные"]
    names = [cell.value for cell in sheet[2]]
    assert names == ["code", "year", "value", "form"]
    lists = book["Справочники"]
    codes = [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]]
    federal = pd.read_csv(ROOT / "datapackages" / "indicators" / "federal_indicators.csv", dtype=str)
    assert codes == federal.loc[federal["kind"] == "indicator", "code"].tolist()


def test_computed_federal_values_are_functions_of_printed_msoko_values(report, demo):
    """Disclosure: a computed cell is the published МСОКО value as printed (or its complement to 100 %), so it
    tells nothing the appendix does not; a hidden source is hidden here too."""
    entries = [entry for entry in catalogue(demo.dataset["federal_indicators"]) if entry.computed_from]
    assert len(entries) >= 5
    rows = {row.cells[0][0]: row for row in federal_table(report).rows if not row.group}
    years = (YEAR - 2, YEAR - 1, YEAR)
    checked = 0
    for entry in entries:
        source = entry.computed_from.removeprefix("100-")
        for position, year in enumerate(years):
            printed = report.printed_values.get((source, year))
            cell = rows[entry.code].cells[4 + position][0]
            if printed in (None, t.NO_DATA):
                continue
            if printed == t.SUPPRESSED:
                assert cell == t.SUPPRESSED
                continue
            number = float(printed.replace(t.NBSP, "").replace("%", "").replace(",", ".").replace(t.MINUS, "-"))
            expected = 100 - number if entry.computed_from.startswith("100-") else number
            assert cell == (t.fmt_percent(expected) if entry.unit == "процент" else t.fmt_number(expected, 1)), entry.code
            checked += 1
    assert checked >= 15


#: units the final reports' Part II uses, as /work/shared/domain.md § 8 lists them («Units used there: процент,
#: человек, единица, тысяча рублей, квадратный метр»), plus the two the list's own entries need: «день» (days of
#: illness per child, 1.6.1) and «балл» (mean ЕГЭ scores, 2.6.x) — both unverified against the order's text
SOURCE_UNITS = {"процент", "человек", "единица", "тысяча рублей", "квадратный метр"}
LIST_ONLY_UNITS = {"день", "балл"}
#: code → (unit, words its name must contain), as the issue of the federal table quotes the order
#: (ПП № 662, приказ Минобрнауки № 955): «1.1.1 (доступность дошкольного образования), 1.1.2 (охват), 1.3.1 (детей на
#: одного педагогического работника), 1.4.1 (площадь помещений на одного воспитанника, квадратный метр), 1.8.1
#: (расходы на одного ребёнка, тысяча рублей), 2.1.1 (охват общим образованием)»
SOURCE_ENTRIES = {
    "1.1.1": ("процент", ("Доступность дошкольного образования",)),
    "1.1.2": ("процент", ("Охват детей дошкольным образованием",)),
    "1.3.1": ("человек", ("детей", "одного педагогического работника")),
    "1.4.1": ("квадратный метр", ("Площадь помещений", "одного воспитанника")),
    "1.8.1": ("тысяча рублей", ("Расходы", "дошкольное образование", "одного ребёнка")),
    "2.1.1": ("процент", ("Охват детей", "общим образованием")),
}
#: the three sections of the list by level of education (domain.md § 8: «analysis by level of education
#: (дошкольное; общее; дополнительное)»)
SOURCE_SECTIONS = {"1": "preschool", "2": "general", "3": "additional"}


def test_the_shipped_list_matches_its_sources_by_hand():
    """The shipped ``federal_indicators.csv`` against what the project's sources say of the order's list, written
    out by hand: the units of /work/shared/domain.md § 8 and the codes, names and units the federal-table issue
    quotes from ПП РФ № 662 / приказ Минобрнауки России № 955. The order's own text was not available to check the
    remaining wording, so every indicator stays marked «сверить с действующей редакцией» (``verified`` false)."""
    frame = pd.read_csv(ROOT / "datapackages" / "indicators" / "federal_indicators.csv", dtype=str, keep_default_na=False)
    assert frame["code"].is_unique
    indicators = frame[frame["kind"] == "indicator"]
    assert set(indicators["unit"]) <= SOURCE_UNITS | LIST_ONLY_UNITS, set(indicators["unit"]) - SOURCE_UNITS
    assert set(indicators["unit"]) >= SOURCE_UNITS  # each unit of the sources is used by the list
    by_code = frame.set_index("code")
    for code, (unit, words) in SOURCE_ENTRIES.items():
        assert by_code.loc[code, "unit"] == unit, code
        for word in words:
            assert word in by_code.loc[code, "name"], (code, word)
    sections = frame[frame["kind"] == "section"].set_index("code")["level"].to_dict()
    assert sections == SOURCE_SECTIONS
    # a code is its group's code plus one number, the group is its section's code plus one
    for row in frame.itertuples(index=False):
        depth = {"section": 1, "group": 2, "indicator": 3}[row.kind]
        assert len(row.code.split(".")) == depth and all(part.isdigit() for part in row.code.split(".")), row.code
        assert row.level == sections[row.code.split(".")[0]], row.code
    # units only on indicators; no indicator claims a verification the sources cannot give
    assert (frame.loc[frame["kind"] != "indicator", "unit"] == "").all()
    assert (indicators["verified"] == "false").all()
