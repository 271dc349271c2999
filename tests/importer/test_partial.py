"""A file with the key and some columns updates only those columns of the rows already in the data set."""

from __future__ import annotations

import pytest

from generator.errors import DataError
from generator.importer import commit, prepare

from .helpers import read_rows

ORGANISATIONS = "registry/organisations.csv"


def _write(tmp_path, text: str):
    path = tmp_path / "partial.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_key_and_one_column_update_only_that_column(project, tmp_path):
    before = {row["org_id"]: row for row in read_rows(project.datapackages / ORGANISATIONS)}
    plan = prepare(project, _write(tmp_path, "org_id;Официальный сайт\nsch-2;luga-school.example.org\nsch-1;https://sch1.example.org\n"),
                   "organisations")
    assert plan.partial == ["website"]
    assert any("частичное обновление: у строк набора меняются только столбцы «Официальный сайт»" in note for note in plan.notes)
    assert [(change.key, change.fields) for change in plan.diff.changed] == [(("sch-2",), ["website"])]
    assert plan.diff.unchanged == len(before) - 1
    assert commit(plan)
    after = {row["org_id"]: row for row in read_rows(project.datapackages / ORGANISATIONS)}
    assert after["sch-2"] == {**before["sch-2"], "website": "https://luga-school.example.org"}
    assert {k: v for k, v in after.items() if k != "sch-2"} == {k: v for k, v in before.items() if k != "sch-2"}


def test_a_partial_file_names_organisations_by_name_too(project, tmp_path):
    values = "indicator;Школа;year;comment\n1.31;МКОУ «Луговская ООШ»;2025;уточнено по форме ОО-1\n"
    plan = prepare(project, _write(tmp_path, values), "organisation_values")
    assert plan.partial == ["comment"]
    assert [(change.key, change.fields) for change in plan.diff.changed] == [(("1.31", "sch-2", 2025), ["comment"])]


def test_a_row_the_data_set_lacks_cannot_be_added_by_a_partial_file(project, tmp_path):
    before = (project.datapackages / ORGANISATIONS).read_bytes()
    with pytest.raises(DataError) as caught:
        prepare(project, _write(tmp_path, "org_id;website\nsch-2;https://a.example.org\nsch-9;https://b.example.org\n"), "organisations")
    assert "строка 3: строки org_id=sch-9 нет в наборе «organisations», а добавить её нельзя: в файле нет столбцов «ИНН»" in str(caught.value)
    assert (project.datapackages / ORGANISATIONS).read_bytes() == before


@pytest.mark.parametrize("args", [{"replace": True}, {"year": 2025}])
def test_partial_with_replace_or_year_is_refused(project, tmp_path, args):
    text = "indicator;org_id;year;comment\n1.31;sch-1;2025;x\n"
    with pytest.raises(DataError, match="нет обязательных столбцов"):
        prepare(project, _write(tmp_path, text), "organisation_values", **args)


def test_a_file_with_the_key_only_is_refused(project, tmp_path):
    with pytest.raises(DataError) as caught:
        prepare(project, _write(tmp_path, "org_id\nsch-1\n"), "organisations")
    assert "нет обязательных столбцов" in str(caught.value)
    assert "оставьте в файле ключ (org_id) и эти столбцы" in str(caught.value)
