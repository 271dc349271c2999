"""Project formats and ``msoko upgrade``: a project made by an earlier release is refused with one clear message,
then brought up to date without losing the analyst's own data or texts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from projects import tree_hashes

from generator.cli import main
from generator.config import load_config
from generator.errors import ConfigError
from generator.load import read_descriptors
from generator.project import DEMO_ROOT, Project
from generator.project_format import DESCRIPTOR_KEY, FORMAT
from generator.scaffold import Identity, init_project
from generator.upgrade import apply_upgrade, plan_upgrade
from generator.validate import validate

IDENTITY = Identity(municipality="Проверочный муниципальный округ", oktmo="99701000", region="Проверочная область",
                    authority="Управление образования Проверочного округа", inn="4205000016")
SAMPLE = Path("report") / "2025" / "gia.md"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return next(csv.reader(stream))


def _descriptor(project: Project, package: str) -> dict:
    return json.loads((project.datapackages / package / "datapackage.json").read_text(encoding="utf-8"))


def _save(project: Project, package: str, descriptor: dict) -> None:
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (project.datapackages / package / "datapackage.json").write_text(text, encoding="utf-8")


def _as_made_by_release_0_2(tmp_path: Path) -> Project:
    """A project as the releases before format stamps left it: no stamps, a resource and a field of today's
    schemas missing, reference rows missing, the demo's report text copied in with the names replaced."""
    project = init_project(tmp_path / "old", IDENTITY).project
    config = project.config_file.read_text(encoding="utf-8")
    project.config_file.write_text("\n".join(line for line in config.splitlines() if not line.startswith("format:")) + "\n",
                                   encoding="utf-8")
    for path in sorted(project.datapackages.glob("*/datapackage.json")):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        descriptor.pop(DESCRIPTOR_KEY, None)
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    registry = _descriptor(project, "registry")
    registry["resources"] = [item for item in registry["resources"] if item["name"] != "statuses"]
    organisations = next(item for item in registry["resources"] if item["name"] == "organisations")
    organisations["schema"]["fields"] = [spec for spec in organisations["schema"]["fields"] if spec["name"] != "website"]
    _save(project, "registry", registry)
    (project.datapackages / "registry" / "statuses.csv").unlink()
    table = project.datapackages / "registry" / "organisations.csv"
    header = _header(table)
    table.write_text(",".join(column for column in header if column != "website") + "\n", encoding="utf-8")
    subjects = project.datapackages / "assessments" / "subjects.csv"
    lines = subjects.read_text(encoding="utf-8").splitlines(keepends=True)
    subjects.write_text("".join(lines[:-2]), encoding="utf-8")  # two subjects added by a later release
    demo = load_config(DEMO_ROOT / "msoko.yml").site
    sample = (DEMO_ROOT / "content" / SAMPLE).read_text(encoding="utf-8")
    for old, new in ((demo.authority, IDENTITY.authority), (demo.municipality, IDENTITY.municipality), (demo.region, IDENTITY.region)):
        sample = sample.replace(old, new)
    (project.content / SAMPLE).parent.mkdir(parents=True, exist_ok=True)
    (project.content / SAMPLE).write_text(sample, encoding="utf-8")
    (project.content / "report" / "outlook.md").write_text("Наш собственный текст о перспективах.\n", encoding="utf-8")
    return project


@pytest.fixture
def old(tmp_path) -> Project:
    return _as_made_by_release_0_2(tmp_path)


def test_every_command_refuses_an_old_project_with_one_message(old, capsys):
    with pytest.raises(ConfigError, match="msoko upgrade"):
        read_descriptors(old.datapackages)
    for command in (["validate", str(old.root)], ["build", "--project", str(old.root)]):
        assert main(command) != 0
        out = "".join(capsys.readouterr())
        assert "прежней версией msoko-site (формат 1" in out and "msoko upgrade" in out, out
        assert "Traceback" not in out


def test_a_newer_project_is_refused_too(tmp_path, capsys):
    project = init_project(tmp_path / "new", IDENTITY).project
    descriptor = _descriptor(project, "registry")
    descriptor[DESCRIPTOR_KEY] = FORMAT + 1
    _save(project, "registry", descriptor)
    assert main(["validate", str(project.root)]) != 0
    assert f"более новой версией msoko-site (формат {FORMAT + 1}" in "".join(capsys.readouterr())
    text = project.config_file.read_text(encoding="utf-8").replace(f"format: {FORMAT}", f"format: {FORMAT + 1}")
    project.config_file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="format: проект подготовлен более новой версией"):
        load_config(project.config_file)


def test_dry_run_changes_nothing_and_lists_every_change(old, capsys):
    before = tree_hashes(old.root, skip=(".msoko",))
    assert main(["upgrade", "--dry-run", "--project", str(old.root)]) == 0
    out = "".join(capsys.readouterr())
    assert tree_hashes(old.root, skip=(".msoko",)) == before
    assert "в формате 1; обновление до формата 2" in out
    assert "statuses.csv" in out and "столбец «website»" in out and "добавлены строки справочника" in out
    assert "content/report/2025/gia.md: удалён образец" in out
    assert "content/report/outlook.md" not in out or "изменён вами" in out


def test_upgrade_makes_a_valid_project_and_keeps_what_the_analyst_wrote(old, capsys):
    own_outlook = (old.content / "report" / "outlook.md").read_bytes()
    original_subjects = (old.datapackages / "assessments" / "subjects.csv").read_bytes()
    assert main(["upgrade", "--project", str(old.root)]) == 0
    out = "".join(capsys.readouterr())
    assert "обновлён с формата 1 до формата 2" in out
    # the schemas and tables are today's again
    shipped = Project(DEMO_ROOT)
    for path in sorted(shipped.datapackages.glob("*/datapackage.json")):
        mine = _descriptor(old, path.parent.name)
        theirs = json.loads(path.read_text(encoding="utf-8"))
        assert mine[DESCRIPTOR_KEY] == FORMAT
        assert [r["name"] for r in mine["resources"]] == [r["name"] for r in theirs["resources"]]
        for a, b in zip(mine["resources"], theirs["resources"], strict=True):
            assert [f["name"] for f in a["schema"]["fields"]] == [f["name"] for f in b["schema"]["fields"]]
    assert _header(old.datapackages / "registry" / "organisations.csv") == [
        spec["name"] for spec in next(r for r in _descriptor(old, "registry")["resources"] if r["name"] == "organisations")["schema"]["fields"]]
    assert _header(old.datapackages / "registry" / "statuses.csv")  # the header-only table is back
    assert _rows(old.datapackages / "assessments" / "subjects.csv") == _rows(shipped.datapackages / "assessments" / "subjects.csv")
    # the sample is gone, the analyst's own text stays; the originals are in the backup
    assert not (old.content / SAMPLE).exists()
    assert (old.content / "report" / "outlook.md").read_bytes() == own_outlook
    backup = old.work / "upgrade" / "format-1"
    assert (backup / "content" / SAMPLE).is_file()
    assert (backup / "datapackages" / "assessments" / "subjects.csv").read_bytes() == original_subjects
    assert load_config(old.config_file).format == FORMAT
    report = validate(old.datapackages, load_config(old.config_file))
    assert report.ok, [p.text() for p in report.errors]
    # a second run finds nothing to do
    assert main(["upgrade", "--project", str(old.root)]) == 0
    assert "обновлять нечего" in "".join(capsys.readouterr())


def test_reference_rows_of_the_analyst_are_kept(old):
    subjects = old.datapackages / "assessments" / "subjects.csv"
    header = _header(subjects)
    rows = _rows(subjects)
    own = dict.fromkeys(header, "")
    own.update({header[0]: "local-history", header[1]: "Краеведение"})
    with subjects.open("a", encoding="utf-8", newline="") as stream:
        csv.DictWriter(stream, header, lineterminator="\n").writerow(own)
    apply_upgrade(plan_upgrade(old))
    after = _rows(subjects)
    assert after[: len(rows) + 1] == [*rows, own]
    assert len(after) == len(_rows(DEMO_ROOT / "datapackages" / "assessments" / "subjects.csv")) + 1


def test_the_demo_and_a_new_project_are_of_this_format(tmp_path):
    assert not plan_upgrade(Project(DEMO_ROOT)).needed
    assert not plan_upgrade(init_project(tmp_path / "new", IDENTITY).project).needed
