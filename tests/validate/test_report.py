"""The human report: repeats collapsed after a few, a summary line, DataError for the build."""

from __future__ import annotations

import pytest

from generator.errors import DataError
from generator.validate.problems import Report, make_problem
from generator.validate.report import LIMIT, render_text, summary


def many(count: int) -> Report:
    report = Report(files=3, rows=1234, seconds=0.42)
    for row in range(2, count + 2):
        report.add(make_problem("marks-sum", file="assessments/vpr.csv", row=row, column="participants",
                                column_title="Участники", value="19", detail="mark2 + … = 19, participants = 20"))
    report.add(make_problem("bom", file="assessments/vpr.csv", row=1))
    return report


def test_repeats_are_collapsed_into_one_line():
    text = render_text(many(12))
    assert text.count("• assessments/vpr.csv, строка") == LIMIT + 1  # five errors and the one warning
    assert f"… и ещё {12 - LIMIT}\u00a0ошибок вида «Сумма отметок не равна числу участников»" in text
    assert f"следующая — assessments/vpr.csv, строка {LIMIT + 2}" in text


def test_nothing_collapsed_when_asked():
    assert render_text(many(12), limit=None).count("строка") == 13


def test_the_line_names_file_row_column_value_and_what_to_do():
    line = render_text(many(1)).splitlines()[1]
    assert line.startswith("  • assessments/vpr.csv, строка 2, столбец «Участники» (participants): ")
    assert "19" in line and "Что сделать:" in line


def test_summary_agrees_in_number():
    assert summary(many(1)) == "Прочитано: 3\u00a0файла, 1\u00a0234\u00a0строки за 0,4\u00a0с. Найдено: 1\u00a0ошибка, 1\u00a0предупреждение."
    assert summary(Report(files=21, rows=5)).endswith("Ошибок и предупреждений нет.")
    assert summary(Report(files=21, rows=5)).startswith("Прочитано: 21\u00a0файл, 5\u00a0строк")


def test_raise_for_errors():
    report = many(7)
    assert not report.ok and len(report.errors) == 7 and len(report.warnings) == 1
    with pytest.raises(DataError) as caught:
        report.raise_for_errors()
    message = str(caught.value)
    assert "Ошибки (7):" in message and "Предупреждения" not in message
    assert "msoko validate" in message


def test_warnings_alone_do_not_raise():
    report = Report()
    report.add(make_problem("bom", file="x.csv", row=1))
    report.raise_for_errors()
    assert report.ok


def test_flatten_like_frictionless():
    assert many(2).flatten(["row", "type"]) == [[2, "marks-sum"], [3, "marks-sum"], [1, "bom"]]
