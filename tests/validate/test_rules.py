"""Every rule fails on one deliberate break of the tiny valid project, at the right file, row and column.

Each case copies the tiny project, breaks one thing and compares the flattened problems (type, file, row,
column) with the expectation worked out by hand; the message must be Russian and name the bad value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import append_row, assert_russian, flat, read_rows, run, set_cell, write_rows

ORG = "registry/organisations.csv"
VALUES = "monitoring/organisation_values.csv"
MVALUES = "monitoring/municipality_values.csv"


@dataclass(frozen=True)
class Case:
    id: str
    breaks: Callable[[Path], None]
    expected: list[tuple]
    value: str  # must appear in the message
    severity: str = "error"


def cell(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    return lambda root: set_cell(root, file, row, column, value)


def cells(*edits: tuple[str, int, str, str]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for edit in edits:
            set_cell(root, *edit)
    return apply


def add(file: str, values: dict[str, str]) -> Callable[[Path], None]:
    return lambda root: append_row(root, file, values)


def kindergarten_with(file: str, values: dict[str, str]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        append_row(root, ORG, {
            "org_id": "dou-1", "inn": "4205000030", "ogrn": "1024200000032", "full_name": "Детский сад № 1",
            "short_name": "ДС № 1", "kind": "kindergarten", "type": "kindergarten", "oktmo": "99701000",
            "address": "г. Проверочный, ул. Садовая, д. 2", "locality": "urban",
        })
        append_row(root, file, values)
    return apply


CASES = [
    # cells: types and constraints (Frictionless, translated)
    Case("type", cell("assessments/oge.csv", 2, "participants", "двадцать"), [("type-error", "assessments/oge.csv", 2, "participants")], "двадцать"),
    Case("decimal-comma", cell(VALUES, 2, "value", "33,3"), [("decimal-comma", VALUES, 2, "value")], "33,3"),
    Case("minimum", cell("assessments/ege.csv", 3, "participants", "-1"), [("minimum", "assessments/ege.csv", 3, "participants")], "-1"),
    Case("maximum", cell("assessments/ege.csv", 2, "mean_score", "120"), [("maximum", "assessments/ege.csv", 2, "mean_score")], "120"),
    Case("year-before-2000", cell("registry/statuses.csv", 2, "year", "1999"), [("minimum", "registry/statuses.csv", 2, "year")], "1999"),
    Case("pattern", cell(ORG, 3, "kpp", "42050100"), [("pattern", ORG, 3, "kpp")], "42050100"),
    Case("enum", cell(ORG, 2, "locality", "city"), [("enum", ORG, 2, "locality")], "city"),
    Case("required", cell(ORG, 3, "address", ""), [("required", ORG, 3, "address")], "Адрес"),
    Case("max-length", cell(VALUES, 6, "comment", "x" * 501), [("max-length", VALUES, 6, "comment")], "xxxx"),
    Case("nan", cell("assessments/ege.csv", 4, "mean_score", "NaN"), [("not-finite", "assessments/ege.csv", 4, "mean_score")], "NaN"),
    Case("infinity", cell(VALUES, 3, "denominator", "inf"), [("not-finite", VALUES, 3, "denominator")], "inf"),
    Case("oktmo-format", cell(MVALUES, 3, "oktmo", "9970100"), [("oktmo-format", MVALUES, 3, "oktmo")], "9970100"),
    Case("inn-format", cell(ORG, 2, "inn", "42050000"), [("inn-format", ORG, 2, "inn")], "42050000"),
    Case("ogrn-format", cell(ORG, 2, "ogrn", "1.02E+12"), [("ogrn-format", ORG, 2, "ogrn")], "1.02E+12"),
    # dangerous text
    Case("path-in-id", cell("assessments/vpr.csv", 4, "org_id", "../sch-1"), [("id-path", "assessments/vpr.csv", 4, "org_id")], "../sch-1"),
    Case("slash-in-id", cell(VALUES, 7, "org_id", "sch/1"), [("id-path", VALUES, 7, "org_id")], "sch/1"),
    Case("formula-equals", cell(ORG, 3, "short_name", '=HYPERLINK("http://x.example","ООШ")'), [("formula", ORG, 3, "short_name")], "HYPERLINK"),
    Case("formula-plus", cell(VALUES, 6, "comment", "+1+2"), [("formula", VALUES, 6, "comment")], "+1+2"),
    Case("formula-at", cell("registry/statuses.csv", 2, "basis", "@SUM(A1:A2)"), [("formula", "registry/statuses.csv", 2, "basis")], "@SUM"),
    Case("html", cell(ORG, 2, "full_name", "Школа <b>№ 1</b>"), [("html", ORG, 2, "full_name")], "<b>", "warning"),
    Case("script", cell(ORG, 2, "full_name", "Школа <script>alert(1)</script>"), [("script", ORG, 2, "full_name")], "<script>"),
    Case("event-handler", cell(ORG, 3, "address", '<img src=x onerror="alert(1)">'), [("script", ORG, 3, "address")], "onerror"),
    Case("javascript-link", cell(ORG, 2, "website", "javascript:alert(1)"), [("unsafe-url", ORG, 2, "website")], "javascript:"),
    Case("website-without-scheme", cell(ORG, 2, "website", "sch1.example.org"), [("unsafe-url", ORG, 2, "website")], "sch1.example.org"),
    Case("email", cell(ORG, 2, "email", "sch1 example.org"), [("type-error", ORG, 2, "email")], "sch1 example.org"),
    # keys and references
    Case("duplicate-key", lambda root: write_rows(root, "assessments/oge.csv", (rows := read_rows(root, "assessments/oge.csv")) + [rows[3]]),
         [("duplicate-key", "assessments/oge.csv", 10, "org_id")], "строки 4"),
    Case("unknown-organisation", cell("assessments/vpr.csv", 5, "org_id", "sch-9"), [("unknown-organisation", "assessments/vpr.csv", 5, "org_id")], "sch-9"),
    Case("unknown-parent", cell(ORG, 3, "parent_org_id", "sch-7"), [("unknown-organisation", ORG, 3, "parent_org_id")], "sch-7"),
    Case("unknown-indicator", cell(VALUES, 2, "indicator", "1.99"), [("unknown-indicator", VALUES, 2, "indicator")], "1.99"),
    Case("unknown-municipality", cell(ORG, 3, "oktmo", "99701001"), [("unknown-municipality", ORG, 3, "oktmo")], "99701001"),
    Case("unknown-subject", cell("assessments/oge.csv", 6, "subject", "bio"), [("unknown-subject", "assessments/oge.csv", 6, "subject")], "bio"),
    # identifiers
    Case("inn-checksum", cell(ORG, 2, "inn", "4205000017"), [("inn-checksum", ORG, 2, "inn")], "4205000017"),
    Case("ogrn-checksum", cell(ORG, 3, "ogrn", "1024200000022"), [("ogrn-checksum", ORG, 3, "ogrn")], "1024200000022"),
    Case("parent-self", cell(ORG, 2, "parent_org_id", "sch-1"), [("parent-self", ORG, 2, "parent_org_id")], "sch-1"),
    # years
    Case("future-year", cell("registry/statuses.csv", 2, "year", "2026"), [("future-year", "registry/statuses.csv", 2, "year")], "2026"),
    # reported values
    Case("numerator-gt-denominator", cells((VALUES, 3, "numerator", "130"), (VALUES, 3, "value", "100")),
         [("numerator-exceeds-denominator", VALUES, 3, "numerator")], "130"),
    Case("share-over-100", cells((VALUES, 4, "value", "150")), [("share-range", VALUES, 4, "value")], "150"),
    Case("value-mismatch", cell(VALUES, 2, "value", "35.0"), [("value-mismatch", VALUES, 2, "value")], "35.0"),
    Case("sum-value-mismatch", cell(VALUES, 6, "value", "451"), [("value-mismatch", VALUES, 6, "value")], "451"),
    Case("denominator-missing", cell(VALUES, 5, "denominator", ""), [("denominator-missing", VALUES, 5, "denominator")], "1.02"),
    Case("denominator-zero", cells((VALUES, 5, "numerator", "0"), (VALUES, 5, "denominator", "0"), (VALUES, 5, "value", "0")),
         [("denominator-zero", VALUES, 5, "denominator")], "0"),
    Case("denominator-for-sum", cell(MVALUES, 4, "denominator", "10"), [("denominator-for-sum", MVALUES, 4, "denominator")], "10"),
    Case("computed-indicator-reported", add(VALUES, {"indicator": "1.20", "org_id": "sch-1", "year": "2024", "numerator": "50", "denominator": "60", "value": "83.3"}),
         [("not-reported", VALUES, 10, "indicator")], "1.20"),
    Case("municipal-indicator-for-organisation", add(VALUES, {"indicator": "3.08", "org_id": "sch-1", "year": "2024", "numerator": "50", "denominator": "60", "value": "83.3"}),
         [("wrong-level", VALUES, 10, "indicator")], "3.08"),
    Case("organisation-indicator-for-municipality", add(MVALUES, {"indicator": "1.02", "oktmo": "99701000", "year": "2024", "numerator": "45", "denominator": "150", "value": "30"}),
         [("wrong-level", MVALUES, 6, "indicator")], "1.02"),
    Case("kindergarten-indicator-for-school", add(VALUES, {"indicator": "8.01", "org_id": "sch-2", "year": "2025", "numerator": "5", "denominator": "5", "value": "100"}),
         [("wrong-kind", VALUES, 10, "indicator")], "8.01"),
    # assessments
    Case("oge-marks-sum", cell("assessments/oge.csv", 2, "mark2", "2"), [("marks-sum", "assessments/oge.csv", 2, "participants")], "26"),
    Case("vpr-marks-sum", cell("assessments/vpr.csv", 9, "mark5", "3"), [("marks-sum", "assessments/vpr.csv", 9, "participants")], "12"),
    Case("vpr-comparison-sum", cells(("assessments/vpr.csv", 3, "confirmed", "20")), [("vpr-comparison-sum", "assessments/vpr.csv", 3, "participants")], "28"),
    Case("ege-thresholds", cell("assessments/ege.csv", 2, "ge80", "11"), [("ege-thresholds", "assessments/ege.csv", 2, "ge80")], "11"),
    Case("ege-score100", cell("assessments/ege.csv", 5, "score100", "3"), [("ege-thresholds", "assessments/ege.csv", 5, "score100")], "3"),
    Case("ge70-over-participants", cells(("assessments/ege.csv", 4, "ge70", "7")), [("exceeds-participants", "assessments/ege.csv", 4, "ge70")], "7"),
    Case("below-min-over-participants", cell("assessments/ege.csv", 7, "below_min", "6"), [("exceeds-participants", "assessments/ege.csv", 7, "below_min")], "6"),
    Case("medalists-over-participants", cells(("assessments/ege.csv", 4, "medalists", "7")), [("medalists-order", "assessments/ege.csv", 4, "medalists")], "7"),
    Case("medalists-not-confirmed", cell("assessments/ege.csv", 5, "medalists_not_confirmed", "4"), [("medalists-order", "assessments/ege.csv", 5, "medalists_not_confirmed")], "4"),
    Case("admitted-over-graduates", cell("assessments/graduation.csv", 2, "admitted", "26"), [("graduation-order", "assessments/graduation.csv", 2, "admitted")], "26"),
    Case("honours-over-certified", cell("assessments/graduation.csv", 7, "with_honours", "9"), [("graduation-order", "assessments/graduation.csv", 7, "with_honours")], "9"),
    Case("grade9-medalists", cell("assessments/graduation.csv", 4, "medalists", "1"), [("grade9-medalists", "assessments/graduation.csv", 4, "medalists")], "1"),
    Case("olympiad-awards", cell("assessments/olympiad.csv", 3, "prize_winners", "6"), [("olympiad-awards", "assessments/olympiad.csv", 3, "winners")], "7"),
    Case("results-of-kindergarten", kindergarten_with("assessments/oge.csv", {"org_id": "dou-1", "year": "2025", "subject": "rus", "participants": "5", "mark2": "0", "mark3": "5", "mark4": "0", "mark5": "0"}),
         [("not-a-school", "assessments/oge.csv", 10, "org_id")], "dou-1"),
    Case("ege-subject-without-minimum", cell("assessments/subjects.csv", 4, "ege_min_score", ""),
         [("ege-subject-without-minimum", "assessments/subjects.csv", 4, "ege_min_score")], "phys", "warning"),
    # year-to-year warnings
    Case("jump-reported-share", cells((VALUES, 3, "numerator", "80"), (VALUES, 3, "value", "67.8")), [("jump", VALUES, 3, "value")], "+34,", "warning"),
    Case("jump-vpr-confirmed", cells(("assessments/vpr.csv", 4, "lowered", "14"), ("assessments/vpr.csv", 4, "confirmed", "11"),
                                     ("assessments/vpr.csv", 5, "lowered", "14"), ("assessments/vpr.csv", 5, "confirmed", "11")),
         [("jump", "assessments/vpr.csv", None, "confirmed")], "−35,", "warning"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule(tiny_project, case):
    case.breaks(tiny_project)
    report = run(tiny_project)
    found = report.errors if case.severity == "error" else report.warnings
    assert flat(found) == sorted(case.expected, key=lambda item: tuple(str(x) for x in item)), [p.text() for p in report.problems]
    if case.severity == "warning":
        assert report.ok and not report.errors
    problem = found[0]
    assert_russian(problem)
    assert case.value in problem.text(), problem.text()
    if problem.value:
        assert problem.value[:20] in problem.message, problem.message


def test_tiny_project_is_clean(tiny_project):
    report = run(tiny_project)
    assert report.problems == []
    assert report.ok
    assert report.files == 16
    rows = sum(len(read_rows(tiny_project, str(p.relative_to(tiny_project / "datapackages")))) - 1
               for p in (tiny_project / "datapackages").glob("*/*.csv"))
    assert report.rows == rows


def test_duplicate_key_names_both_rows(tiny_project):
    rows = read_rows(tiny_project, "assessments/oge.csv")
    write_rows(tiny_project, "assessments/oge.csv", rows + [rows[3]])
    problem = run(tiny_project).errors[0]
    assert problem.row == 10 and "строки 4" in problem.message
    assert "sch-1" in problem.message and "2025" in problem.message and "rus" in problem.message


def test_enum_lists_allowed_values_with_meaning(tiny_project):
    set_cell(tiny_project, ORG, 2, "kind", "школа")
    problem = run(tiny_project).errors[0]
    assert problem.type == "enum"
    assert "school — общеобразовательная организация" in problem.hint
    assert "kindergarten — дошкольная образовательная организация" in problem.hint


def test_checksum_message_gives_expected_digit(tiny_project):
    set_cell(tiny_project, ORG, 2, "inn", "4205000017")
    problem = run(tiny_project).errors[0]
    # 4·2 + 2·4 + 0·10 + 5·3 + 0·5 + 0·9 + 0·4 + 0·6 + 1·8 = 39; 39 mod 11 = 6
    assert "последняя цифра 6" in problem.message


def test_value_mismatch_shows_the_computation(tiny_project):
    set_cell(tiny_project, VALUES, 2, "value", "35.0")
    problem = run(tiny_project).errors[0]
    assert "100 × 40 / 120 = 33,33" in problem.message


def test_rounding_of_the_value_is_tolerated(tiny_project):
    # 42 / 118 = 35.59…%: «36» (rounded to units) and «35.59» are both right, «35.5» is not
    set_cell(tiny_project, VALUES, 3, "value", "36")
    assert run(tiny_project).ok
    set_cell(tiny_project, VALUES, 3, "value", "35.59")
    assert run(tiny_project).ok
    set_cell(tiny_project, VALUES, 3, "value", "35.5")
    assert [p.type for p in run(tiny_project).errors] == ["value-mismatch"]


def test_small_groups_do_not_raise_jump_warnings(tiny_project):
    # sch-2 had 5 of 30 in 2023/24; 4 pupils of 4 in 2024/25 is +83 п. п., but the group is below 5
    set_cell(tiny_project, VALUES, 5, "numerator", "4")
    set_cell(tiny_project, VALUES, 5, "denominator", "4")
    set_cell(tiny_project, VALUES, 5, "value", "100")
    assert run(tiny_project).problems == []


def test_phone_with_plus_is_not_a_formula(tiny_project):
    assert read_rows(tiny_project, ORG)[1][14].startswith("+7")
    assert run(tiny_project).problems == []


def test_missing_year_in_the_middle(tiny_project):
    rows = read_rows(tiny_project, "assessments/oge.csv")
    earlier = [[row[0], "2023", *row[2:]] for row in rows[1:] if row[0] == "sch-2" and row[1] == "2024"]
    kept = [row for row in rows if not (row[0] == "sch-2" and row[1] == "2024")]
    write_rows(tiny_project, "assessments/oge.csv", kept + earlier)
    report = run(tiny_project)
    assert report.ok
    assert flat(report.warnings) == [("missing-year", "assessments/oge.csv", None, "org_id")]
    assert "2023/24" in report.warnings[0].message and "sch-2" in report.warnings[0].message


def test_a_broken_cell_is_reported_once(tiny_project):
    # a non-number in «participants» must not also break the sums that use it
    set_cell(tiny_project, "assessments/vpr.csv", 2, "participants", "30.5")
    assert flat(run(tiny_project).problems) == [("type-error", "assessments/vpr.csv", 2, "participants")]
