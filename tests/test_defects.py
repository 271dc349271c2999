"""A defect of the program is reported as one — a short Russian message saying so and where the traceback was
written — never as a mistake in the user's data."""

from __future__ import annotations

import re
from pathlib import Path

from generator import cli


def test_an_unexpected_exception_is_reported_as_a_defect_with_its_traceback_in_a_file(tiny_project: Path, monkeypatch,
                                                                                       capsys) -> None:
    def broken(args):
        raise KeyError("indicator")  # what a bug in a stage looks like

    monkeypatch.setattr("generator.commands.validate.run", broken)
    code = cli.main(["validate", "--project", str(tiny_project)])
    output = " ".join(capsys.readouterr().err.split())
    assert code == cli.EXIT_DEFECT
    assert "Внутренняя ошибка программы msoko" in output and "не ошибка в ваших данных" in output
    assert "Traceback" not in output
    found = re.search(r"записан в файл (\S+\.txt)", output)
    assert found, output
    report = Path(found.group(1))
    assert report.parent == tiny_project / ".msoko" / "crash"
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "KeyError: 'indicator'" in text and "broken" in text


def test_a_mistake_in_the_data_is_still_a_plain_message(tiny_project: Path, capsys) -> None:
    (tiny_project / "msoko.yml").write_text("site: [не словарь\n", encoding="utf-8")
    code = cli.main(["validate", "--project", str(tiny_project)])
    output = capsys.readouterr().err
    assert code not in (0, cli.EXIT_DEFECT) and "Внутренняя ошибка" not in output and "Ошибка:" in output
