"""Each quirk of real exports, one fixture each: the import ends with the same rows in the project."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.importer import commit, prepare

from .helpers import EXPECTED_EGE, IMPORTS, as_numbers, read_rows, rows_by_key

EGE_FIXTURES = [
    # file, detected encoding, delimiter, a note the reader must make (or None)
    ("plain.csv", "UTF-8", ",", None),
    ("semicolon_bom.csv", "UTF-8 с BOM", ";", None),
    ("cp1251.csv", "Windows-1251", ";", None),
    ("second_header.csv", "UTF-8", ",", "вторая строка заголовка"),
    ("trailing_delimiters.csv", "UTF-8", ";", "пустые столбцы справа"),
    ("decimal_comma.csv", "UTF-8", ";", None),
    ("names.csv", "UTF-8", ";", None),
    ("title_rows.csv", "UTF-8", ";", "пропущено строк итогов: 1"),
    ("plain.xlsx", None, None, "прочитан «ЕГЭ»"),
]


@pytest.mark.parametrize(("name", "encoding", "delimiter", "note"), EGE_FIXTURES)
def test_each_quirk_imports_the_same_rows(project, name, encoding, delimiter, note):
    path = project.datapackages / "assessments" / "ege.csv"
    before = rows_by_key(read_rows(path), "org_id", "year", "subject")
    plan = prepare(project, IMPORTS / name, "ege")
    assert plan.grid.encoding == encoding
    assert plan.grid.delimiter == delimiter
    if note:
        assert any(note in item for item in plan.notes), plan.notes
    assert plan.rows_read == 3
    assert commit(plan)
    after = rows_by_key(read_rows(path), "org_id", "year", "subject")
    expected = {(r["org_id"], r["year"], r["subject"]): as_numbers(r) for r in EXPECTED_EGE}
    assert {key: after[key] for key in expected} == expected
    # every other row is kept as it was (an import without --year adds and updates, never removes)
    assert {key: row for key, row in after.items() if key not in expected} == {key: row for key, row in before.items() if key not in expected}


def test_names_are_matched_to_the_registry(project):
    plan = prepare(project, IMPORTS / "names.csv", "ege")
    assert plan.matched == {"name": 3}
    imported = sorted((origin, row["org_id"]) for row, origin in zip(plan.table, plan.origins, strict=True) if origin)
    # full name with straight quotes and «№1»; «мбоу сош n1»; short name in „German“ quotes
    assert imported == [(2, "sch-1"), (3, "sch-1"), (4, "sch-3")]


def test_subject_names_are_matched_to_codes(project):
    plan = prepare(project, IMPORTS / "cp1251.csv", "ege")
    imported = sorted((origin, row["subject"]) for row, origin in zip(plan.table, plan.origins, strict=True) if origin)
    assert imported == [(2, "rus"), (3, "math"), (4, "rus")]
    assert plan.matched == {"name": 3}


def test_thousands_separated_by_spaces_and_nbsp(project):
    plan = prepare(project, IMPORTS / "thousands.csv", "organisation_values")
    assert commit(plan)
    rows = rows_by_key(read_rows(project.datapackages / "monitoring" / "organisation_values.csv"), "indicator", "org_id", "year")
    assert rows[("1.31", "sch-1", "2025")]["numerator"] == Decimal(1234)
    assert rows[("1.31", "sch-1", "2025")]["value"] == Decimal(1234)
    assert rows[("4.04", "sch-1", "2025")]["numerator"] == Decimal(1020)  # narrow NBSP
    assert rows[("4.04", "sch-1", "2025")]["denominator"] == Decimal(1200)
    assert rows[("4.04", "sch-1", "2025")]["value"] == Decimal(85)


def test_merged_two_row_header_in_xlsx(project):
    plan = prepare(project, IMPORTS / "merged_header.xlsx", "oge")
    assert any("объединённ" in note for note in plan.notes), plan.notes
    assert not any("над заголовком" in note for note in plan.notes), plan.notes
    assert commit(plan)
    rows = rows_by_key(read_rows(project.datapackages / "assessments" / "oge.csv"), "org_id", "year", "subject")
    assert rows[("sch-1", "2025", "rus")] == as_numbers(
        {"org_id": "sch-1", "year": "2025", "subject": "rus", "participants": "26", "mark2": "1", "mark3": "8", "mark4": "11", "mark5": "6"}
    )
    assert rows[("sch-2", "2025", "math")] == as_numbers(
        {"org_id": "sch-2", "year": "2025", "subject": "math", "participants": "10", "mark2": "1", "mark3": "5", "mark4": "3", "mark5": "1"}
    )


def test_reimport_of_the_same_data_changes_nothing(project):
    assert commit(prepare(project, IMPORTS / "plain.csv", "ege"))
    path = project.datapackages / "assessments" / "ege.csv"
    first = path.read_bytes()
    plan = prepare(project, IMPORTS / "decimal_comma.csv", "ege")  # same values, other spelling
    assert plan.diff.empty
    assert not commit(plan)
    assert path.read_bytes() == first


def test_big_books_are_streamed_with_the_same_result(project, monkeypatch):
    from generator.importer import readers

    monkeypatch.setattr(readers, "STREAM_BYTES", 0)  # stream even this small book
    plan = prepare(project, IMPORTS / "plain.xlsx", "ege")
    expected = {(r["org_id"], r["year"], r["subject"]): as_numbers(r) for r in EXPECTED_EGE}
    imported = {(r["org_id"], r["year"], r["subject"]): as_numbers(r) for r, origin in zip(plan.table, plan.origins, strict=True) if origin}
    assert imported == expected


def test_formula_is_found_in_a_streamed_book(project, monkeypatch):
    from generator.errors import DataError
    from generator.importer import readers

    monkeypatch.setattr(readers, "STREAM_BYTES", 0)
    with pytest.raises(DataError, match="ячейка D2: формула"):
        prepare(project, IMPORTS / "formula.xlsx", "ege")
