"""The territories table: optional, and when present every fault is named by file, row and column in Russian."""

from __future__ import annotations

from pathlib import Path

from .helpers import CYRILLIC, run, write_rows

HEADER = ["territory_id", "name", "kind", "oktmo", "parent_id", "territory_oktmo"]
OKTMO = "99701000"  # the tiny project's municipality


def territories(root: Path, *rows: list[str], links: tuple[tuple[str, str], ...] = ()) -> None:
    write_rows(root, "registry/territories.csv", [HEADER, *rows])
    if links:
        write_rows(root, "registry/organisation_territories.csv", [["org_id", "territory_id"], *map(list, links)])


def found(report, kind: str) -> list:
    return [problem for problem in report.problems if problem.type == kind]


def test_a_project_without_territory_files_is_valid(tiny_project: Path):
    assert not (tiny_project / "datapackages/registry/territories.csv").exists()
    assert run(tiny_project).errors == []


def test_a_correct_tree_is_valid(tiny_project: Path):
    territories(tiny_project, ["north", "Северный округ", "administrative_okrug", OKTMO, "", ""],
                ["centre", "Центральный район", "city_district", OKTMO, "north", "99701000001"],
                links=(("sch-1", "centre"), ("sch-2", "north")))
    assert run(tiny_project).errors == []


def test_unknown_parent_names_the_row_and_column(tiny_project: Path):
    territories(tiny_project, ["north", "Северный округ", "administrative_okrug", OKTMO, "", ""],
                ["centre", "Центральный район", "city_district", OKTMO, "nowhere", ""])
    errors = [p for p in run(tiny_project).errors if p.file == "registry/territories.csv"]
    assert [(p.row, p.column) for p in errors] == [(3, "parent_id")]
    assert "nowhere" in errors[0].message and CYRILLIC.search(errors[0].message)


def test_a_cycle_is_reported_once(tiny_project: Path):
    territories(tiny_project, ["a", "Округ А", "administrative_okrug", OKTMO, "b", ""],
                ["b", "Округ Б", "administrative_okrug", OKTMO, "a", ""])
    report = run(tiny_project)
    cycles = found(report, "territory-cycle")
    assert len(cycles) == 1
    assert (cycles[0].file, cycles[0].row, cycles[0].column) == ("registry/territories.csv", 2, "parent_id")
    assert "a → b → a" in cycles[0].message


def test_kinds_out_of_order(tiny_project: Path):
    territories(tiny_project, ["centre", "Центральный район", "city_district", OKTMO, "", ""],
                ["north", "Северный округ", "administrative_okrug", OKTMO, "centre", ""])
    problems = found(run(tiny_project), "territory-kind-order")
    assert [(p.row, p.column) for p in problems] == [(3, "kind")]
    assert "административный округ" in problems[0].message and "район" in problems[0].message


def test_a_territory_of_another_municipality(tiny_project: Path):
    territories(tiny_project, ["north", "Северный округ", "administrative_okrug", OKTMO, "", ""],
                links=(("sch-1", "north"),))
    # the organisation is moved to another (unknown) municipality: its territory then belongs elsewhere
    rows = (tiny_project / "datapackages/registry/municipalities.csv").read_text(encoding="utf-8").splitlines()
    (tiny_project / "datapackages/registry/municipalities.csv").write_text(
        "\n".join([*rows, rows[1].replace(OKTMO, "99702000")]) + "\n", encoding="utf-8")
    organisations = tiny_project / "datapackages/registry/organisations.csv"
    lines = organisations.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(OKTMO, "99702000")
    organisations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = found(run(tiny_project), "territory-municipality")
    assert [(p.file, p.row, p.column) for p in problems] == [("registry/organisation_territories.csv", 2, "territory_id")]
    assert "99702000" in problems[0].message and OKTMO in problems[0].message


def test_links_without_a_territories_file(tiny_project: Path):
    write_rows(tiny_project, "registry/organisation_territories.csv", [["org_id", "territory_id"], ["sch-1", "north"]])
    problems = found(run(tiny_project), "territories-missing")
    assert [(p.file, p.row) for p in problems] == [("registry/organisation_territories.csv", 1)]
