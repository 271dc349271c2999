"""Part I's tables by subject and grade: ЕГЭ and ОГЭ by subject, ВПР by grade, read back against the published
(disclosure-controlled) procedure tables; a hidden row is «к» in every column, the region compared by interval."""

from __future__ import annotations

from generator import typography as t
from generator.compute import uncertainty
from generator.report.assessments import Scope, ege_table, subject_indicators, vpr_table
from generator.report.model import Figure, Table

YEAR = 2025
MUNICIPALITY = Scope("municipality", "99501000")


def cell_text(cell) -> str:
    return "".join(span.text if isinstance(span, Figure) else span for span in cell)


def tables(report) -> dict[str, Table]:
    return {block.caption: block for part in report.parts for section in part.walk() for block in section.blocks
            if isinstance(block, Table)}


def test_ege_by_subject_prints_the_published_rows_and_hides_what_the_control_hid(report, demo):
    table = next(item for caption, item in tables(report).items() if caption.startswith("Результаты ЕГЭ по предметам"))
    assert table.number > 0 and table.label.startswith(f"Таблица {table.number}. ")
    published = demo.results.procedures["ege"]
    published = published[(published["entity_type"] == "municipality") & published["year"].isin([YEAR - 1, YEAR])]
    names = demo.dataset["subjects"].set_index("code")["name"].to_dict()
    shown = published.groupby("subject")["suppressed"].all()
    # a subject hidden in both years is named in the note, not printed as lines of «к»
    assert len(table.rows) == int((~shown).sum()) * 2
    for code in shown[shown].index:
        assert names[code].lower() in table.note
    subject = ""
    checked = hidden = 0
    for row in table.rows:
        subject = cell_text(row.cells[0]) or subject
        code = next(key for key, name in names.items() if name == subject)
        year = YEAR if cell_text(row.cells[1]) == t.school_year(YEAR) else YEAR - 1
        source = published[(published["subject"] == code) & (published["year"] == year)].iloc[0]
        numbers = [cell_text(cell) for cell in row.cells[2:7]]
        if source["suppressed"]:
            assert numbers == [t.SUPPRESSED] * 5
            hidden += 1
            continue
        assert numbers == [t.fmt_int(source["participants"]), t.fmt_number(source["mean_score"], 1),
                           t.fmt_number(source["below_min_pct"], 1), t.fmt_number(source["ge70_pct"], 1),
                           t.fmt_int(source["score100"])]
        checked += 1
    assert checked >= 2
    assert t.SUPPRESSED_LEGEND in table.note


def test_the_region_beside_a_subject_is_compared_by_the_interval_of_the_mean(demo):
    """Russian (indicator 1.07, spread 15): 537 participants, mean 67,32 → 95 % interval 67,32 ± 1,27, whose top
    (68,59) lies below the region's 68,6: «ниже»; in 2024, 67,25 ± 1,25 holds the region's 67,9: «на уровне»."""
    codes = subject_indicators({str(row["code"]): row for _, row in demo.dataset["indicators"].iterrows()})
    assert codes["rus"] == "1.07"
    names = demo.dataset["subjects"].set_index("code")["name"].to_dict()
    table = ege_table(demo.results.procedures["ege"], MUNICIPALITY, YEAR, names, demo.results.regional, codes,
                      {"1.07": 15.0}, demo.config.analytics)
    rus = [row for index, row in enumerate(table.rows) if cell_text(table.rows[index - (index % 2)].cells[0]) == "Русский язык"]
    assert [cell_text(row.cells[7]) for row in rus] == ["67,9", "68,6"]
    assert [cell_text(row.cells[8]) for row in rus] == ["на уровне", "ниже"]
    low, high = uncertainty.mean_interval(67.324767, 15.0, 537)
    assert high < 68.6 < high + 0.05 and low < 67.0


def test_vpr_by_grade_and_subject_groups_the_grades_and_keeps_the_suppression(demo):
    names = demo.dataset["subjects"].set_index("code")["name"].to_dict()
    table = vpr_table(demo.results.procedures["vpr"], MUNICIPALITY, YEAR, names)
    published = demo.results.procedures["vpr"]
    published = published[(published["entity_type"] == "municipality") & (published["year"] == YEAR)]
    groups = [row.group for row in table.rows if row.group]
    assert groups == [f"{grade} класс" for grade in sorted(published["grade"].unique())]
    body = [row for row in table.rows if not row.group]
    assert len(body) == len(published)
    hidden = sum(cell_text(row.cells[1]) == t.SUPPRESSED for row in body)
    assert hidden == int(published["suppressed"].sum())
    assert all(cell_text(cell) == t.SUPPRESSED for row in body if cell_text(row.cells[1]) == t.SUPPRESSED
               for cell in row.cells[1:])
