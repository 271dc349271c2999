"""Version names and the analyst's notes file."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import DataError
from generator.opendata import versions
from generator.project import DEMO_ROOT


def test_version_name_is_the_data_date_and_the_hash_of_the_files():
    packages = {"a": {"created": "2025-09-01T00:00:00Z"}, "b": {"created": "2024-09-01T00:00:00Z"}}
    files = {"x.csv": b"1\n", "y.csv": b"2\n"}
    version = versions.make_version(files, packages, [])
    assert version.name.startswith("2025-09-01-") and len(version.name) == len("2025-09-01-") + 8
    assert versions.make_version(dict(reversed(files.items())), packages, []).name == version.name  # order-free
    assert versions.make_version({**files, "y.csv": b"3\n"}, packages, []).name != version.name
    note = versions.Note(date=dt.date(2026, 2, 10), text="Исправление")
    assert versions.make_version(files, packages, [note]).name.startswith("2026-02-10-")


def test_notes_file_errors_name_the_file_and_the_entry(tmp_path):
    path = tmp_path / "content" / "data" / "changes.yml"
    path.parent.mkdir(parents=True)
    path.write_text("- date: 2026-02-10\n  text: Хорошо\n- text: без даты\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"changes\.yml, пояснение № 2"):
        versions.read_notes(tmp_path)
    path.write_text("- date: 2026-02-10\n  text: Хорошо\n  school: sch-01\n", encoding="utf-8")
    with pytest.raises(DataError, match="неизвестные ключи school"):
        versions.read_notes(tmp_path)


def test_the_demo_notes_template_is_valid_and_empty():
    assert versions.read_notes(DEMO_ROOT) == []


def test_most_specific_note_explains_a_change():
    change = versions.Change("ege", {"org_id": "sch-01", "year": "2024", "subject": "rus"}, "mean_score", "70", "72")
    general = versions.Note(dt.date(2026, 1, 1), "Общее", dataset="ege")
    specific = versions.Note(dt.date(2026, 1, 1), "Точное", dataset="ege", entity="sch-01", year=2024)
    other = versions.Note(dt.date(2026, 1, 1), "Другая школа", dataset="ege", entity="sch-02")
    assert versions.explain(change, [general, specific, other]) is specific
    assert versions.explain(change, [other]) is None
