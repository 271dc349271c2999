"""``msoko validate``: exit codes, the report on stderr, project or datapackages folder."""

from __future__ import annotations

import pytest

from generator.cli import main

from .helpers import set_cell


def test_valid_project_exits_0(tiny_project, capsys):
    assert main(["validate", str(tiny_project)]) == 0
    err = capsys.readouterr().err
    assert "Прочитано: 16\u00a0файлов" in err and "Ошибок и предупреждений нет." in err


def test_datapackages_folder_is_accepted(tiny_project, capsys):
    assert main(["validate", str(tiny_project / "datapackages")]) == 0


def test_errors_exit_1_with_the_location(tiny_project, capsys):
    set_cell(tiny_project, "registry/organisations.csv", 2, "inn", "4205000017")
    assert main(["validate", str(tiny_project)]) == 1
    err = capsys.readouterr().err
    assert "registry/organisations.csv, строка 2, столбец «ИНН» (inn)" in err
    assert "«4205000017»" in err and "Найдено: 1\u00a0ошибка" in err


def test_warnings_exit_0_unless_strict(tiny_project, capsys):
    set_cell(tiny_project, "registry/organisations.csv", 2, "full_name", "Школа <b>№ 1</b>")
    assert main(["validate", str(tiny_project)]) == 0
    assert "Предупреждения (1)" in capsys.readouterr().err
    assert main(["validate", "--strict", str(tiny_project)]) == 1


def test_without_path_uses_the_project_in_the_current_folder(tiny_project, monkeypatch, capsys):
    monkeypatch.chdir(tiny_project)
    set_cell(tiny_project, "assessments/oge.csv", 2, "mark2", "5")
    assert main(["validate"]) == 1
    assert "assessments/oge.csv, строка 2" in capsys.readouterr().err


def test_not_a_project(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert "нет ни проекта" in capsys.readouterr().err


def test_single_package_folder_is_explained(tiny_project, capsys):
    assert main(["validate", str(tiny_project / "datapackages" / "registry")]) == 2
    assert "укажите папку datapackages" in capsys.readouterr().err


def test_no_traceback_for_markup_in_a_data_error(capsys):
    from generator.errors import DataError
    from generator.validate.problems import Report, make_problem

    report = Report()
    report.add(make_problem("formula", file="x.csv", row=2, column="short_name", value="=[/]", symbol="«=»"))
    with pytest.raises(DataError) as caught:
        report.raise_for_errors()
    assert "=[/]" in str(caught.value)


def test_all_shows_every_message(tiny_project, capsys):
    for row in range(2, 10):
        set_cell(tiny_project, "assessments/vpr.csv", row, "raised", "9")
    assert main(["validate", str(tiny_project)]) == 1
    err = capsys.readouterr().err
    assert err.count("assessments/vpr.csv, строка") == 5 + 1  # five shown, the next one named in the summary line
    assert "… и ещё 3\u00a0ошибки" in err
    assert main(["validate", "--all", str(tiny_project)]) == 1
    assert capsys.readouterr().err.count("assessments/vpr.csv, строка") == 8


def test_project_option_is_the_same_as_the_path(tiny_project, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # not a project: only the option can name it
    set_cell(tiny_project, "assessments/oge.csv", 2, "mark2", "5")
    assert main(["validate", "--project", str(tiny_project)]) == 1
    assert "assessments/oge.csv, строка 2" in capsys.readouterr().err
    assert main(["validate", str(tiny_project), "--project", str(tiny_project)]) == 1


def test_two_different_project_folders_are_refused(tiny_project, tmp_path, capsys):
    assert main(["validate", str(tiny_project), "--project", str(tmp_path)]) == 2
    assert "две разные папки проекта" in capsys.readouterr().err


def test_the_report_as_json_names_every_field_of_a_problem(tiny_project, capsys):
    import json

    set_cell(tiny_project, "registry/organisations.csv", 2, "inn", "4205000017")
    set_cell(tiny_project, "registry/organisations.csv", 3, "full_name", "Школа <b>№ 2</b>")
    assert main(["validate", "--format", "json", str(tiny_project)]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)  # the data alone on stdout
    assert (report["ok"], report["errors"], report["warnings"]) == (False, 1, 1)
    error = next(p for p in report["problems"] if p["severity"] == "error")
    assert (error["file"], error["row"], error["column"], error["value"]) == ("registry/organisations.csv", 2, "inn", "4205000017")
    assert error["column_title"] == "ИНН" and error["message"] and error["hint"] and error["title"]
    assert set(error) == {"type", "title", "severity", "file", "row", "column", "column_title", "value", "parameters",
                          "message", "hint"}
    warning = next(p for p in report["problems"] if p["severity"] == "warning")
    assert warning["type"] == "html" and warning["row"] == 3
    assert "Проверка данных" not in captured.out


def test_the_json_parameters_are_the_values_the_message_was_made_from(tiny_project, capsys):
    import json

    set_cell(tiny_project, "assessments/oge.csv", 2, "mark2", "5,5")
    main(["validate", "--format", "json", str(tiny_project)])
    problems = json.loads(capsys.readouterr().out)["problems"]
    comma = next(p for p in problems if p["type"] == "decimal-comma")
    assert comma["parameters"] == {"fixed": "«5.5»"} and comma["value"] == "5,5"
