"""A failed import changes nothing: broken and malicious files end with a Russian message naming the place,
a non-zero exit and a byte-identical ``datapackages/``; a crash while writing loses nothing."""

from __future__ import annotations

import os

import pytest

from generator.cli import main
from generator.importer import commit, prepare
from generator.importer.write import atomic_write_text

from .helpers import IMPORTS, project_hashes, read_rows

HEADER = "org_id;year;subject;participants;mean_score;below_min;ge70;ge80;ge90;score100;medalists;medalists_not_confirmed\n"
GOOD = "sch-1;2025;rus;22;71,5;0;12;6;2;1;3;0\n"

#: name → (file name, bytes, words the message must contain)
HOSTILE: dict[str, tuple[str, bytes, tuple[str, ...]]] = {
    "empty file": ("e.csv", b"", ("пуст",)),
    "blank lines only": ("e.csv", b"\n\n;;;\n", ("ни одной заполненной строки",)),
    "header only": ("h.csv", HEADER.encode(), ("нет ни одной строки данных",)),
    "unknown delimiter": ("d.csv", HEADER.replace(";", ":").encode() + GOOD.replace(";", ":").encode(), ("не найдена строка заголовка",)),
    "missing required column": ("m.csv", b"org_id;year;subject\nsch-1;2025;rus\n", ("нет обязательных столбцов", "«Участники» (participants)")),
    "column without caption": ("c.csv", (HEADER.rstrip("\n") + ";\n" + GOOD.rstrip("\n") + ";42\n").encode(), ("столбце M есть данные, но нет подписи",)),
    "negative count": ("n.csv", (HEADER + GOOD.replace(";22;", ";-22;")).encode(), ("строка 2", "столбец D («participants»)", "меньше допустимого минимума 0")),
    "more below minimum than participants": ("r.csv", (HEADER + GOOD.replace(";22;71,5;0;", ";22;71,5;30;")).encode(), ("не проходит проверку", "строка 2")),
    "unknown organisation": ("u.csv", (HEADER + GOOD.replace("sch-1", "sch-99")).encode(), ("«sch-99» не найдена",)),
    "unknown subject": ("s.csv", (HEADER + GOOD.replace(";rus;", ";astrology;")).encode(), ("«astrology» не найдена",)),
    "duplicate key": ("k.csv", (HEADER + GOOD + GOOD).encode(), ("строка 3", "повтор строки 2")),
    "NaN": ("nan.csv", (HEADER + GOOD.replace("71,5", "NaN")).encode(), ("«NaN» — не число",)),
    "infinity": ("inf.csv", (HEADER + GOOD.replace("71,5", "inf")).encode(), ("не число",)),
    "score above 100": ("big.csv", (HEADER + GOOD.replace("71,5", "171,5")).encode(), ("больше допустимого максимума 100",)),
    "fraction of a person": ("f.csv", (HEADER + GOOD.replace(";22;", ";22,5;")).encode(), ("не целое число",)),
    "script in a name": ("x.csv", (HEADER + GOOD.replace("sch-1", "<script>alert(1)</script>")).encode(), ("строка 2", "«<» или «>»")),
    "formula in a CSV cell": ("q.csv", (HEADER + GOOD.replace("sch-1", "=HYPERLINK(\"http://x\")")).encode(), ("похоже на формулу",)),
    "path characters in an id": ("p.csv", (HEADER + GOOD.replace("sch-1", "../../etc/passwd")).encode(), ("не найдена",)),
    "control characters": ("z.csv", (HEADER + GOOD.replace("sch-1", "sch\x07-1")).encode(), ("управляющие символы",)),
    "binary garbage": ("b.csv", b"\x00\x01\x02PK\x00" * 50, ("не похож на текстовую таблицу",)),
    "undecodable bytes": ("w.csv", HEADER.encode() + b"sch-1;2025;rus;22;71\x98;0;12;6;2;1;3;0\n", ("строка 2", "не читаются в кодировке Windows-1251")),
    "old Excel format": ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ("Excel 97–2003",)),
    "unknown format": ("doc.pdf", b"%PDF-1.4", ("неизвестный формат",)),
    "text renamed to xlsx": ("fake.xlsx", HEADER.encode(), ("не открывается как книга Excel",)),
    "unterminated quote": ("uq.csv", (HEADER + '"sch-1;2025;rus;22;71,5;0;12;6;2;1;3;0\n').encode(), ("строка 2",)),
    "future or foreign year with --year": ("y.csv", (HEADER + GOOD.replace(";2025;", ";2024;")).encode(), ("год 2024 не совпадает с --year 2025",)),
    "future year": ("fy.csv", (HEADER + GOOD.replace(";2025;", ";2099;")).encode(), ("не проходит проверку", "2099", "в файле fy.csv — строка 2")),
    "numerator above denominator": ("nd.csv", b"indicator;org_id;year;numerator;denominator;value;comment\n4.04;sch-1;2025;130;120;108,3;\n", ("не проходит проверку", "в файле nd.csv — строка 2")),
    "year out of range": ("yy.csv", (HEADER + GOOD.replace(";2025;", ";3025;")).encode(), ("больше допустимого максимума 2100",)),
    "too long text": ("t.csv", ("indicator;org_id;year;numerator;denominator;value;comment\n1.31;sch-1;2025;460;;460;" + "я" * 501 + "\n").encode(), ("длиннее 500 знаков",)),
    "two decimal commas": ("dc.csv", (HEADER + GOOD.replace("71,5", "71,5,5")).encode(), ("не число",)),
    "empty required cell": ("er.csv", (HEADER + GOOD.replace(";71,5;", ";;")).encode(), ("пустое значение в обязательном поле",)),
}
DATASET = {"t.csv": "organisation_values", "nd.csv": "organisation_values"}
ARGS = {"y.csv": ["--year", "2025"]}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_changes_nothing(project, tmp_path, capsys, case):
    name, content, words = HOSTILE[case]
    source = tmp_path / name
    source.write_bytes(content)
    before = project_hashes(project.root)
    code = main(["import", str(source), "--dataset", DATASET.get(name, "ege"), "--project", str(project.root), *ARGS.get(name, [])])
    message = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in message
    assert name in message  # the file is named
    for word in words:
        assert word in message, message
    assert project_hashes(project.root) == before


def test_formula_in_xlsx_is_refused(project, capsys):
    before = project_hashes(project.root)
    code = main(["import", str(IMPORTS / "formula.xlsx"), "--dataset", "ege", "--project", str(project.root)])
    message = capsys.readouterr().err
    assert code != 0 and "ячейка D2: формула «=10+12»" in message
    assert project_hashes(project.root) == before


def test_file_over_the_size_limit_is_refused(project, tmp_path, capsys):
    (project.config_file).write_text(project.config_file.read_text(encoding="utf-8") + "validation:\n  max_file_mb: 0.0001\n", encoding="utf-8")
    source = tmp_path / "big.csv"
    source.write_text(HEADER + GOOD * 20, encoding="utf-8")
    before = project_hashes(project.root)
    assert main(["import", str(source), "--dataset", "ege", "--project", str(project.root)]) != 0
    assert "слишком большой" in capsys.readouterr().err
    assert project_hashes(project.root) == before


def test_dry_run_writes_nothing(project, capsys):
    before = project_hashes(project.root)
    assert main(["import", str(IMPORTS / "plain.csv"), "--dataset", "ege", "--project", str(project.root), "--dry-run"]) == 0
    output = capsys.readouterr().err
    assert "Пробный запуск" in output and "добавлено 1\u00a0строка" in output
    assert project_hashes(project.root) == before


def test_year_replaces_exactly_that_year(project, tmp_path):
    path = project.datapackages / "assessments" / "ege.csv"
    before = read_rows(path)
    source = tmp_path / "ege2025.csv"
    source.write_text(HEADER + GOOD, encoding="utf-8")  # 2025 now has one row: sch-1 rus
    plan = prepare(project, source, "ege", year=2025)
    old_2025 = [(r["org_id"], r["subject"]) for r in before if r["year"] == "2025"]
    assert len(plan.diff.removed) == len(old_2025) - 1
    assert commit(plan)
    after = read_rows(path)
    assert [r for r in after if r["year"] != "2025"] == [r for r in before if r["year"] != "2025"]
    assert [(r["org_id"], r["subject"]) for r in after if r["year"] == "2025"] == [("sch-1", "rus")]


def test_year_fills_a_missing_year_column(project, tmp_path):
    source = tmp_path / "noyear.csv"
    source.write_text(HEADER.replace("year;", "") + GOOD.replace("2025;", ""), encoding="utf-8")
    plan = prepare(project, source, "ege", year=2025)
    assert [row["year"] for row, origin in zip(plan.table, plan.origins, strict=True) if origin] == ["2025"]


def test_crash_while_writing_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    target.write_text("old\n", encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError("диск отключён")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        atomic_write_text(target, "new\n" * 1000)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]  # no temporary file left behind


def test_crash_during_import_keeps_datapackages(project, monkeypatch):
    before = project_hashes(project.datapackages)
    plan = prepare(project, IMPORTS / "plain.csv", "ege")

    real_fsync = os.fsync
    calls = []

    def failing_fsync(fd):  # the disk fills up while the new table is being flushed
        calls.append(fd)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        commit(plan)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert calls
    assert project_hashes(project.datapackages) == before


def test_unknown_dataset_lists_the_datasets(project, capsys):
    assert main(["import", str(IMPORTS / "plain.csv"), "--dataset", "egee", "--project", str(project.root)]) != 0
    message = capsys.readouterr().err
    assert "нет набора данных «egee»" in message and "ege" in message


def test_rich_markup_in_the_file_is_printed_as_text(project, tmp_path, capsys):
    """«[/]» in a caption or a comment must neither break the terminal output nor be interpreted."""
    source = tmp_path / "[markup].csv"
    source.write_text("indicator;org_id;year;numerator;denominator;value;comment;[/]\n1.31;sch-1;2025;461;;461;[/] [bold]x;1\n", encoding="utf-8")
    code = main(["import", str(source), "--dataset", "organisation_values", "--project", str(project.root), "--dry-run"])
    output = capsys.readouterr().err
    assert code == 0
    assert "«[/]»" in output and "[/] [bold]x" in output


def test_an_absent_optional_column_keeps_the_old_values(project, tmp_path):
    path = project.datapackages / "monitoring" / "organisation_values.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("1.02,sch-1,2025,42,118,35.6,\n", "1.02,sch-1,2025,42,118,35.6,данные уточнены\n"), encoding="utf-8")
    source = tmp_path / "values.csv"
    source.write_text("indicator;org_id;year;numerator;denominator;value\n1.02;sch-1;2025;43;118;36,4\n", encoding="utf-8")
    plan = prepare(project, source, "organisation_values")
    assert any("сохранены" in note and "comment" not in note for note in plan.notes)
    assert commit(plan)
    rows = {(r["indicator"], r["org_id"], r["year"]): r for r in read_rows(path)}
    assert rows[("1.02", "sch-1", "2025")] == {"indicator": "1.02", "org_id": "sch-1", "year": "2025", "numerator": "43",
                                                    "denominator": "118", "value": "36.4", "comment": "данные уточнены"}
    assert rows[("1.02", "sch-2", "2025")]["value"] == "21.4"
