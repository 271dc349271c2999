"""File-level problems: size, encoding, BOM, delimiter, header, empty files, row shape, descriptors."""

from __future__ import annotations

import json

import pytest

from generator.config import parse_config
from generator.validate.structure import CELL_LIMIT

from .helpers import assert_russian, flat, path, read_rows, run, set_cell, write_rows

SUBJECTS = "assessments/subjects.csv"
OGE = "assessments/oge.csv"


def only(report, severity="error"):
    problems = report.errors if severity == "error" else report.warnings
    assert len(problems) == 1, [p.text() for p in report.problems]
    assert_russian(problems[0])
    return problems[0]


def test_cp1251_is_named(tiny_project):
    text = path(tiny_project, SUBJECTS).read_text(encoding="utf-8")
    path(tiny_project, SUBJECTS).write_bytes(text.encode("cp1251"))
    problem = only(run(tiny_project))
    # the header is ASCII; the first Cyrillic byte is on row 2
    assert (problem.type, problem.file, problem.row) == ("encoding", SUBJECTS, 2)
    assert "cp1251" in problem.message and "UTF-8" in problem.hint


def test_utf16_is_named(tiny_project):
    text = path(tiny_project, SUBJECTS).read_text(encoding="utf-8")
    path(tiny_project, SUBJECTS).write_bytes(text.encode("utf-16"))
    problem = only(run(tiny_project))
    assert problem.type == "encoding" and "UTF-16" in problem.message


def test_bom_is_a_warning_and_the_file_is_read(tiny_project):
    data = path(tiny_project, OGE).read_bytes()
    path(tiny_project, OGE).write_bytes(b"\xef\xbb\xbf" + data)
    report = run(tiny_project)
    assert report.ok
    assert flat(report.warnings) == [("bom", OGE, 1, "")]


def test_semicolon_delimiter(tiny_project):
    rows = read_rows(tiny_project, OGE)
    path(tiny_project, OGE).write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    problem = only(run(tiny_project))
    assert (problem.type, problem.file, problem.row) == ("delimiter", OGE, 1)
    assert "точка с запятой" in problem.message


def test_missing_column(tiny_project):
    rows = read_rows(tiny_project, OGE)
    write_rows(tiny_project, OGE, [row[:-1] for row in rows])
    problem = only(run(tiny_project))
    assert (problem.type, problem.row, problem.column) == ("header-missing-column", 1, "mark5")
    assert "Отметка «5»" in problem.message


def test_extra_column(tiny_project):
    rows = read_rows(tiny_project, OGE)
    write_rows(tiny_project, OGE, [rows[0] + ["note"]] + [row + [""] for row in rows[1:]])
    problem = only(run(tiny_project))
    assert (problem.type, problem.row, problem.column) == ("header-extra-column", 1, "note")
    assert "«note»" in problem.message


def test_renamed_column(tiny_project):
    rows = read_rows(tiny_project, OGE)
    rows[0][3] = "Участники"
    write_rows(tiny_project, OGE, rows)
    problem = only(run(tiny_project))
    assert (problem.type, problem.row, problem.column) == ("header-renamed-column", 1, "participants")
    assert "«Участники»" in problem.message and "4-м столбце" in problem.message


def test_reordered_columns(tiny_project):
    rows = read_rows(tiny_project, OGE)
    write_rows(tiny_project, OGE, [[row[1], row[0], *row[2:]] for row in rows])
    problem = only(run(tiny_project))
    assert (problem.type, problem.row) == ("header-order", 1)
    assert "year, org_id" in problem.message


def test_duplicated_column(tiny_project):
    rows = read_rows(tiny_project, OGE)
    rows[0][8 - 1] = "mark4"  # mark5 → a second mark4
    write_rows(tiny_project, OGE, rows)
    report = run(tiny_project)
    assert ("header-duplicate", OGE, 1, "mark4") in flat(report.errors)
    assert ("header-missing-column", OGE, 1, "mark5") in flat(report.errors)


def test_empty_file(tiny_project):
    path(tiny_project, "assessments/olympiad.csv").write_text("", encoding="utf-8")
    problem = only(run(tiny_project))
    assert (problem.type, problem.file) == ("file-empty", "assessments/olympiad.csv")
    assert "participants" in problem.hint  # lists the expected header


def test_header_only_is_a_warning(tiny_project):
    write_rows(tiny_project, "registry/statuses.csv", read_rows(tiny_project, "registry/statuses.csv")[:1])
    report = run(tiny_project)
    assert report.ok
    assert flat(report.warnings) == [("table-empty", "registry/statuses.csv", 1, "")]


def test_missing_file(tiny_project):
    path(tiny_project, "assessments/olympiad.csv").unlink()
    problem = only(run(tiny_project))
    assert (problem.type, problem.file) == ("file-missing", "assessments/olympiad.csv")


def test_large_file_is_refused_without_reading(tiny_project):
    big = path(tiny_project, "assessments/olympiad.csv")
    with big.open("a", encoding="utf-8") as handle:
        handle.write("sch-1,2025,school,rus,1,0,0\n" * 60_000)  # about 1.7 MB
    report = run(tiny_project, parse_config({"validation": {"max_file_mb": 1}}))
    problem = only(report)
    assert (problem.type, problem.file) == ("file-too-large", "assessments/olympiad.csv")
    assert "1,0\u00a0МБ" in problem.message and "validation.max_file_mb" in problem.hint
    assert report.rows < 1000  # the big file was not read


def test_blank_row_and_wrong_row_lengths(tiny_project):
    text = path(tiny_project, OGE).read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[2] = ""                                          # row 3: blank
    lines[3] = "sch-1,2025,rus,24,0,8,10"                  # row 4: a cell short
    lines[4] = "sch-1,2025,math,24,1,10,9,4,5"             # row 5: a cell too many
    path(tiny_project, OGE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run(tiny_project)
    assert flat(report.errors) == [("blank-row", OGE, 3, ""), ("extra-cell", OGE, 5, ""), ("missing-cell", OGE, 4, "")]
    extra = next(p for p in report.errors if p.type == "extra-cell")
    assert "десятичная запятая" in extra.hint and "9 ячеек вместо 8" in extra.message


def test_unquoted_decimal_comma_is_explained(tiny_project):
    rows = read_rows(tiny_project, "monitoring/organisation_values.csv")
    text = path(tiny_project, "monitoring/organisation_values.csv").read_text(encoding="utf-8")
    path(tiny_project, "monitoring/organisation_values.csv").write_text(text.replace("42,118,35.6", "42,118,35,6"), encoding="utf-8")
    assert rows[2][5] == "35.6"
    problem = only(run(tiny_project))
    assert (problem.type, problem.row) == ("extra-cell", 3)
    assert "десятичная запятая" in problem.hint


def test_descriptor_path_outside_the_package(tiny_project):
    descriptor = path(tiny_project, "registry/datapackage.json")
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"][2]["path"] = "../../../../etc/passwd"
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = run(tiny_project)
    assert flat(report.errors) == [("descriptor-error", "registry/datapackage.json", None, "")]
    assert "за пределы папки пакета" in report.errors[0].message


def test_no_packages_at_all(tmp_path):
    from generator.validate import validate

    report = validate(tmp_path / "nothing")
    assert not report.ok and report.errors[0].type == "descriptor-error"
    assert "не найдена" in report.errors[0].message


def test_rich_markup_in_data_is_harmless(tiny_project):
    from io import StringIO

    from rich.console import Console

    from generator.validate.report import print_report

    rows = read_rows(tiny_project, "registry/organisations.csv")
    rows[1][5] = "[/] [bold]СОШ <b>"
    write_rows(tiny_project, "registry/organisations.csv", rows)
    report = run(tiny_project)
    out = StringIO()
    print_report(report, Console(file=out, width=200))
    assert "[/] [bold]СОШ <b>" in out.getvalue()


def test_unclosed_quote(tiny_project):
    text = path(tiny_project, OGE).read_text(encoding="utf-8")
    path(tiny_project, OGE).write_text(text.replace("sch-1,2025,rus", 'sch-1,2025,"rus', 1), encoding="utf-8")
    problem = only(run(tiny_project))
    assert (problem.type, problem.file, problem.row) == ("csv-syntax", OGE, 4)
    assert "кавычка" in problem.message


def test_control_character_is_shown_not_printed(tiny_project):
    rows = read_rows(tiny_project, "registry/organisations.csv")
    rows[2][5] = "МКОУ\x00«Луговская ООШ»"
    write_rows(tiny_project, "registry/organisations.csv", rows)
    problem = only(run(tiny_project))
    assert (problem.type, problem.row, problem.column) == ("control-character", 3, "short_name")
    assert "U+0000" in problem.message and "\\x00" in problem.message and "\x00" not in problem.text()


def test_spreadsheet_saved_under_a_csv_name(tiny_project):
    import zipfile

    with zipfile.ZipFile(path(tiny_project, OGE), "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
    problem = only(run(tiny_project))
    assert problem.type == "encoding" and "двоичный" in problem.message


def _drop_inn(descriptor):
    schema = descriptor["resources"][1]["schema"]
    schema["fields"] = [spec for spec in schema["fields"] if spec["name"] != "inn"]


DESCRIPTOR_BREAKS = {
    "not-json": None,
    "no-resources": lambda d: d.pop("resources"),
    "foreign-key-without-fields": lambda d: d["resources"][1]["schema"]["foreignKeys"][0].pop("fields"),
    "primary-key-unknown-field": lambda d: d["resources"][1]["schema"].__setitem__("primaryKey", ["nope"]),
    "unknown-type": lambda d: d["resources"][1]["schema"]["fields"][0].__setitem__("type", "wat"),
    "bad-pattern": lambda d: d["resources"][1]["schema"]["fields"][0]["constraints"].__setitem__("pattern", "("),
    "minimum-not-a-number": lambda d: d["resources"][1]["schema"]["fields"][15].__setitem__("constraints", {"minimum": "abc"}),
    "path-not-a-string": lambda d: d["resources"][1].__setitem__("path", ["a.csv"]),
}


@pytest.mark.parametrize("name", DESCRIPTOR_BREAKS)
def test_broken_descriptor_is_a_problem_not_a_crash(tiny_project, name):
    descriptor = path(tiny_project, "registry/datapackage.json")
    if DESCRIPTOR_BREAKS[name] is None:
        descriptor.write_text("{", encoding="utf-8")
    else:
        data = json.loads(descriptor.read_text(encoding="utf-8"))
        DESCRIPTOR_BREAKS[name](data)
        descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = run(tiny_project)
    assert not report.ok
    assert report.errors[0].type == "descriptor-error" and report.errors[0].file == "registry/datapackage.json"
    assert_russian(report.errors[0])


def test_a_field_removed_from_the_schema_does_not_break_the_rules(tiny_project):
    descriptor = path(tiny_project, "registry/datapackage.json")
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    _drop_inn(data)
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert flat(run(tiny_project).errors) == [("header-extra-column", "registry/organisations.csv", 1, "inn")]


def test_a_file_with_bom_passes_validation_and_loads(tiny_project):
    from generator.load import load

    data = path(tiny_project, "registry/organisations.csv").read_bytes()
    path(tiny_project, "registry/organisations.csv").write_bytes(b"\xef\xbb\xbf" + data)
    assert run(tiny_project).ok
    assert list(load(tiny_project / "datapackages")["organisations"]["org_id"]) == ["sch-1", "sch-2"]


def test_a_whole_column_of_bad_cells_is_cut_short_and_said_so(tiny_project, monkeypatch):
    from generator.validate import structure

    monkeypatch.setattr(structure, "FRICTIONLESS_ERROR_LIMIT", 3)
    rows = read_rows(tiny_project, OGE)
    write_rows(tiny_project, OGE, [rows[0]] + [[*row[:3], "много", *row[4:]] for row in rows[1:]])
    report = run(tiny_project)
    assert [p.type for p in report.errors].count("type-error") == 3
    assert ("cells-not-checked", OGE, None, "") in flat(report.errors)


def test_overlong_text_is_refused_with_the_schema_limit(tiny_project):
    set_cell(tiny_project, SUBJECTS, 2, "name", "Русский язык " * 100)
    problem = only(run(tiny_project))
    assert (problem.type, problem.file, problem.row, problem.column) == ("max-length", SUBJECTS, 2, "name")
    assert "500" in problem.message


def test_a_cell_longer_than_any_field_stops_the_parse(tiny_project):
    set_cell(tiny_project, OGE, 3, "subject", "x" * (CELL_LIMIT + 1))
    problem = only(run(tiny_project))
    assert (problem.type, problem.file, problem.row) == ("csv-syntax", OGE, 3)
    assert "10\u00a0000" in problem.message


def test_line_break_inside_a_quoted_name_is_an_error(tiny_project):
    set_cell(tiny_project, "registry/organisations.csv", 3, "short_name", "МКОУ\n«Луговская ООШ»")
    problem = only(run(tiny_project))
    assert (problem.type, problem.file, problem.row, problem.column) == ("line-break", "registry/organisations.csv", 3, "short_name")
    assert "Alt+Enter" in problem.message
