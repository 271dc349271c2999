"""``msoko init``: a project of its own that validates as it is, and after imports builds without demo data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_config
from generator.errors import ConfigError
from generator.importer import commit, prepare
from generator.project import DEMO_ROOT, Project
from generator.scaffold import Identity, init_project
from generator.validate import validate

from .helpers import read_rows

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny" / "datapackages"
BUILD_EXISTS = (DEMO_ROOT / "generator" / "build.py").is_file()


@pytest.fixture
def fresh(tmp_path) -> Project:
    identity = Identity(municipality="Проверочный муниципальный округ", oktmo="99701000", region="Проверочная область",
                        authority="Управление образования Проверочного округа", inn="4205000016")
    return init_project(tmp_path / "new", identity).project


def test_init_creates_a_valid_empty_project(fresh):
    config = load_config(fresh.config_file)
    assert (config.site.municipality, config.site.oktmo, config.site.demo) == ("Проверочный муниципальный округ", "99701000", False)
    assert config.site.phone == ""  # a placeholder left to fill in
    assert "ЗАПОЛНИТЕ" in fresh.config_file.read_text(encoding="utf-8")
    report = validate(fresh.datapackages, config)
    assert report.ok, [p.text() for p in report.errors]


def test_reference_data_keep_rows_and_everything_else_is_empty(fresh):
    for name in ("indicators/indicators.csv", "indicators/directions.csv", "assessments/subjects.csv"):
        assert (fresh.datapackages / name).read_bytes() == (DEMO_ROOT / "datapackages" / name).read_bytes()
    for name in ("registry/organisations.csv", "registry/municipalities.csv", "assessments/ege.csv", "monitoring/organisation_values.csv"):
        assert read_rows(fresh.datapackages / name) == []
    for descriptor in sorted((DEMO_ROOT / "datapackages").glob("*/datapackage.json")):
        assert (fresh.datapackages / descriptor.parent.name / "datapackage.json").is_file()
    assert (fresh.root / "templates" / "organisations.xlsx").is_file()


def test_content_pages_lose_the_demo_wording(fresh):
    texts = [path.read_text(encoding="utf-8") for path in (fresh.content).rglob("*.md")]
    assert texts, "the pages to edit are copied"
    assert not any("Демонстрационн" in text for text in texts)


def test_init_refuses_a_folder_with_files(tmp_path, capsys):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("моё", encoding="utf-8")
    assert main(["init", str(target)]) != 0
    assert "не пуста" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_init_refuses_an_invalid_inn(tmp_path):
    with pytest.raises(ConfigError, match="authority_inn"):
        init_project(tmp_path / "x", Identity(inn="123"))
    assert not (tmp_path / "x").exists()


def _import_tiny(project: Project) -> None:
    """The analyst's first cycle: the registry, then every data set (the tiny project's files stand in for exports)."""
    order = [("registry", "municipalities"), ("registry", "organisations"), ("registry", "statuses"),
             ("assessments", "ege"), ("assessments", "oge"), ("assessments", "vpr"), ("assessments", "olympiad"),
             ("assessments", "graduation"), ("monitoring", "organisation_values"), ("monitoring", "municipality_values")]
    for package, name in order:
        assert commit(prepare(project, TINY / package / f"{name}.csv", name))


def test_init_then_import_validates(fresh):
    _import_tiny(fresh)
    report = validate(fresh.datapackages, load_config(fresh.config_file))
    assert report.ok, [p.text() for p in report.errors]
    assert [row["org_id"] for row in read_rows(fresh.datapackages / "registry" / "organisations.csv")] == ["sch-1", "sch-2"]


@pytest.mark.slow
@pytest.mark.skipif(not BUILD_EXISTS, reason="the site build (generator/build.py) is not there yet")
def test_init_import_build_has_no_demo_data(fresh):
    from generator.build import build

    _import_tiny(fresh)
    build(fresh)
    pages = [path for path in fresh.site.rglob("*") if path.suffix in (".html", ".csv", ".json", ".md", ".xml")]
    assert pages
    demo_ids = {row["org_id"] for row in read_rows(DEMO_ROOT / "datapackages" / "registry" / "organisations.csv")}
    demo_names = {row["short_name"] for row in read_rows(DEMO_ROOT / "datapackages" / "registry" / "organisations.csv")}
    for path in pages:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "Демонстрационн" not in text, path
        assert not any(name in text for name in demo_names), path
    published = {part for path in fresh.site.rglob("*") for part in path.relative_to(fresh.site).parts}
    assert not published & (demo_ids - {"sch-1", "sch-2"})
    assert "sch-1" in published
    shutil.rmtree(fresh.site)


def test_a_new_project_gets_no_demo_facts_in_its_report_or_change_notes(fresh):
    """The demo's report texts («ГИА прошла в штатном режиме…») and its notes on data changes are facts about the
    demo: a new project keeps only the folder's instructions."""
    content = fresh.content
    assert (content / "report" / "README.txt").is_file()
    assert not [path for path in (content / "report").rglob("*.md")]
    assert not (content / "data" / "changes.yml").exists()
