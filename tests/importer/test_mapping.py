"""A mapping file describes a new export layout without code: captions, values, constants, rows to skip."""

from __future__ import annotations

import pytest

from generator.errors import ConfigError, DataError
from generator.importer import commit, prepare
from generator.importer.mapping import normalise_caption

from .helpers import IMPORTS, as_numbers, read_rows, rows_by_key


def test_fis_oko_export_with_a_mapping(project):
    plan = prepare(project, IMPORTS / "fis_oko_vpr.csv", "vpr", mapping_file=IMPORTS / "fis_oko_vpr.yml")
    assert plan.rows_read == 2  # «Всего по МО» skipped
    assert commit(plan)
    rows = rows_by_key(read_rows(project.datapackages / "assessments" / "vpr.csv"), "org_id", "year", "grade", "subject")
    assert rows[("sch-1", "2025", "4", "rus")] == as_numbers({
        "org_id": "sch-1", "year": "2025", "grade": "4", "subject": "rus", "participants": "28", "mark2": "1", "mark3": "9",
        "mark4": "12", "mark5": "6", "lowered": "3", "confirmed": "22", "raised": "3",
    })
    assert rows[("sch-2", "2025", "5", "math")] == as_numbers({
        "org_id": "sch-2", "year": "2025", "grade": "5", "subject": "math", "participants": "12", "mark2": "1", "mark3": "5",
        "mark4": "4", "mark5": "2", "lowered": "2", "confirmed": "9", "raised": "1",
    })


def test_without_the_mapping_the_export_is_refused(project):
    with pytest.raises(DataError) as caught:
        prepare(project, IMPORTS / "fis_oko_vpr.csv", "vpr")
    assert "нет обязательных столбцов" in str(caught.value)
    assert "--mapping" in str(caught.value)


def test_mapping_problems_are_reported_together(project, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("dataset: ege\ncolumns:\n  participant: Участников\nconstant:\n  year: 2025\nheader_row: нулевая\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        prepare(project, IMPORTS / "fis_oko_vpr.csv", "vpr", mapping_file=bad)
    message = str(caught.value)
    assert "dataset: сопоставление написано для набора «ege», а загружается «vpr»" in message
    assert "columns.participant: в наборе «vpr» нет такого поля" in message
    assert "constant: неизвестный раздел" in message
    assert "header_row: ожидается номер строки" in message


def test_caption_normalisation():
    assert normalise_caption("Участники, чел.") == normalise_caption("УЧАСТНИКИ (человек)") == "участники"
    assert normalise_caption("Отметка «2»") == "отметка 2"
    assert normalise_caption("Медалисты, не подтвердившие результат") == "медалисты, не подтвердившие результат"
