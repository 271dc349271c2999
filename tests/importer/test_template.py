"""The entry template: captions, lists and cell checks from the schema; filled in, it imports and validates."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from generator.importer import commit, prepare
from generator.templates_xlsx import build_template, caption
from generator.validate import validate

from .helpers import as_numbers, read_rows, rows_by_key


def _book(project, dataset):
    return load_workbook(io.BytesIO(build_template(project.datapackages, dataset)))


def test_captions_units_names_and_frozen_header(project):
    sheet = _book(project, "ege")["Данные"]
    assert [cell.value for cell in sheet[1]][:5] == ["Код организации", "Учебный год", "Предмет", "Участники, чел.", "Средний балл, балл"]
    assert [cell.value for cell in sheet[2]][:3] == ["org_id", "year", "subject"]
    assert sheet.freeze_panes == "A3"
    assert "Число участников ЕГЭ по предмету" in sheet["D1"].comment.text


def test_lists_and_checks_follow_the_schema(project):
    book = _book(project, "ege")
    assert book["Справочники"].sheet_state == "hidden"
    lists = [cell.value for cell in book["Справочники"]["A"]]
    # the organisations of the registry, by short name, in registry order
    organisations = [row["short_name"] for row in read_rows(project.datapackages / "registry" / "organisations.csv")]
    assert lists == ["Организации", *organisations]
    checks = {str(item.sqref).split(":")[0]: item for item in book["Данные"].data_validations.dataValidation}
    assert checks["A3"].type == "list" and checks["A3"].formula1 == f"='Справочники'!$A$2:$A${len(organisations) + 1}"
    assert checks["C3"].type == "list"  # subjects by name
    assert (checks["D3"].type, checks["D3"].operator, checks["D3"].formula1) == ("whole", "greaterThanOrEqual", "0")
    assert (checks["E3"].type, checks["E3"].operator, checks["E3"].formula1, checks["E3"].formula2) == ("decimal", "between", "0", "100")
    assert (checks["B3"].type, checks["B3"].formula1, checks["B3"].formula2) == ("whole", "2000", "2100")


def test_enums_become_lists(project):
    checks = {str(item.sqref).split(":")[0]: item for item in _book(project, "olympiad")["Данные"].data_validations.dataValidation}
    assert checks["C3"].formula1 == '"school,municipal,regional,final"'


def test_indicator_list_in_monitoring_template(project):
    book = _book(project, "organisation_values")
    column = [cell.value for cell in book["Справочники"]["A"]]
    assert column[0] == "Показатели" and "1.31 — Обучающиеся" in column


def test_the_template_is_byte_identical_for_the_same_project(project):
    assert build_template(project.datapackages, "vpr") == build_template(project.datapackages, "vpr")


def test_filled_template_round_trips(project, tmp_path):
    book = _book(project, "ege")
    sheet = book["Данные"]
    lists = [cell.value for cell in book["Справочники"]["A"]][1:]
    subjects = [cell.value for cell in book["Справочники"]["B"]][1:]
    # what an analyst does: picks names from the drop-downs, types numbers
    sheet.append([lists[0], 2025, subjects[0], 22, 71.5, 0, 12, 6, 2, 1, 3, 0])
    sheet.append(["МБОУ «СОШ № 3»", 2025, "Русский язык", 9, 58, 1, 2, 1, 0, 0, 0, 0])
    filled = tmp_path / "ege.xlsx"
    book.save(filled)
    plan = prepare(project, filled, "ege")
    assert plan.rows_read == 2
    assert any("вторая строка заголовка" in note for note in plan.notes)
    assert commit(plan)
    rows = rows_by_key(read_rows(project.datapackages / "assessments" / "ege.csv"), "org_id", "year", "subject")
    first_org = read_rows(project.datapackages / "registry" / "organisations.csv")[0]["org_id"]
    first_subject = read_rows(project.datapackages / "assessments" / "subjects.csv")[0]["code"]
    assert rows[(first_org, "2025", first_subject)]["mean_score"] == as_numbers({"x": "71.5"})["x"]
    assert rows[("sch-3", "2025", "rus")]["participants"] == as_numbers({"x": "9"})["x"]
    assert validate(project.datapackages).ok


def test_caption_without_unit():
    assert caption({"name": "org_id", "title": "Код организации", "description": "Код."}) == "Код организации"


def test_registry_template_round_trips_in_a_new_project(tmp_path):
    """The first step of a new project: the organisations template, filled in by hand, imports and validates."""
    from generator.scaffold import Identity, init_project

    project = init_project(tmp_path / "new", Identity(municipality="Проверочный округ", oktmo="99701000")).project
    municipalities = project.datapackages / "registry" / "municipalities.csv"
    municipalities.write_text("oktmo,name,kind,region,region_code\n99701000,Проверочный округ,municipal_okrug,Проверочная область,99\n", encoding="utf-8")
    book = load_workbook(io.BytesIO(build_template(project.datapackages, "organisations")))
    sheet = book["Данные"]
    assert [cell.value for cell in book["Справочники"]["A"]] == ["Муниципальное образование", "Проверочный округ"]
    sheet.append(["sch-1", "4205000016", "1024200000010", "420501001",
                  "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»",
                  "МБОУ «СОШ № 1»", "school", "secondary", "Проверочный округ", None, "000001, г. Проверочный, ул. Школьная, д. 1",
                  "urban", "https://sch1.example.org/", "sch1@example.org", "+7 384 123-45-67", 55.3512, 86.0871])
    filled = tmp_path / "organisations.xlsx"
    book.save(filled)
    assert commit(prepare(project, filled, "organisations"))
    rows = read_rows(project.datapackages / "registry" / "organisations.csv")
    assert [(r["org_id"], r["oktmo"], r["phone"], r["latitude"], r["longitude"]) for r in rows] == [
        ("sch-1", "99701000", "+7 384 123-45-67", "55.3512", "86.0871")
    ]
    assert validate(project.datapackages).ok
