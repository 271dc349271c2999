"""``msoko import --undo``: the table an import replaced comes back, byte for byte; never over later changes."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.errors import DataError
from generator.importer import commit, prepare
from generator.importer.undo import KEEP, folder, undo

VALUES = "monitoring/organisation_values.csv"
HEADER = "indicator;org_id;year;numerator;denominator;value;comment\n"


def _file(tmp_path, line: str, name: str = "v.csv"):
    path = tmp_path / name
    path.write_text(HEADER + line, encoding="utf-8")
    return path


def test_undo_puts_back_the_table_the_last_import_replaced(project, tmp_path):
    target = project.datapackages / VALUES
    original = target.read_bytes()
    assert commit(prepare(project, _file(tmp_path, "1.31;sch-1;2026;470;;470;\n"), "organisation_values"))
    first = target.read_bytes()
    assert commit(prepare(project, _file(tmp_path, "1.31;sch-2;2026;90;;90;\n"), "organisation_values"))
    assert target.read_bytes() not in (original, first)
    assert undo(project).dataset == "organisation_values"
    assert target.read_bytes() == first
    undo(project)
    assert target.read_bytes() == original
    with pytest.raises(DataError, match="нет загрузок, которые можно отменить"):
        undo(project)
    assert not [path for path in folder(project).iterdir() if path.suffix == ".csv"]


def test_an_import_that_changes_nothing_leaves_nothing_to_undo(project, tmp_path):
    line = "1.31;sch-1;2025;460;;460;Форма ОО-1\n"
    assert not commit(prepare(project, _file(tmp_path, line), "organisation_values"))
    with pytest.raises(DataError):
        undo(project)


def test_undo_refuses_to_overwrite_a_table_changed_since(project, tmp_path):
    target = project.datapackages / VALUES
    assert commit(prepare(project, _file(tmp_path, "1.31;sch-1;2026;470;;470;\n"), "organisation_values"))
    edited = target.read_bytes() + b"1.31,sch-2,2026,90,,90,\n"
    target.write_bytes(edited)
    with pytest.raises(DataError) as caught:
        undo(project)
    assert "изменена после загрузки" in str(caught.value)
    assert target.read_bytes() == edited


def test_undo_after_an_interrupted_undo_only_drops_the_record(project, tmp_path):
    """Killed after the table was put back and before the history was saved: the next undo sees the table as
    it was before that import and only forgets the import."""
    target = project.datapackages / VALUES
    original = target.read_bytes()
    assert commit(prepare(project, _file(tmp_path, "1.31;sch-1;2026;470;;470;\n"), "organisation_values"))
    target.write_bytes(original)
    assert undo(project).already
    assert target.read_bytes() == original


def test_the_history_keeps_the_last_imports_only(project, tmp_path):
    for year in range(2030, 2030 + KEEP + 2):
        assert commit(prepare(project, _file(tmp_path, f"1.31;sch-1;{year};470;;470;\n"), "organisation_values", validate=False))
    assert len([path for path in folder(project).iterdir() if path.suffix == ".csv"]) == KEEP


def test_the_command(project, tmp_path, capsys):
    target = project.datapackages / VALUES
    original = target.read_bytes()
    source = _file(tmp_path, "1.31;sch-1;2026;470;;470;\n")
    assert main(["import", str(source), "--dataset", "organisation_values", "--project", str(project.root)]) == 0
    assert main(["import", "--undo", "--project", str(project.root)]) == 0
    assert "отменена" in capsys.readouterr().err
    assert target.read_bytes() == original
    assert main(["import", str(source), "--undo", "--project", str(project.root)]) != 0
    assert "С --undo не указываются" in capsys.readouterr().err
    assert main(["import", "--project", str(project.root)]) != 0
    assert "Укажите файл выгрузки и набор данных" in capsys.readouterr().err
