"""The hostile-input gate: every broken or malicious input of ``tests/data/hostile/`` (described in its
``cases.yml``) goes through ``msoko validate``, ``msoko build`` and ``msoko import`` on a fresh copy of the demo
project. Each run must end with a Russian message naming the place, exit non-zero and leave ``datapackages/``
and ``site/`` byte-identical; an exception escaping the CLI (a traceback) fails the test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from projects import ROOT, copy_demo

from generator.cli import main

from .helpers import tree_hashes

CORPUS = ROOT / "tests" / "data" / "hostile"
MANIFEST = CORPUS / "cases.yml"
#: the size of the generated big file: twice the default limit validation.max_file_mb (50 MB)
HUGE_BYTES = 100 * 1024 * 1024
LONG_CELL = 1_000_000
#: the folder beside the generated inputs that a malicious descriptor points to; nothing may ever change it
OUTSIDE = "outside-the-project"
#: what a previously published site looks like to the test: a build must leave it exactly as it was
SENTINEL_SITE = {"index.html": "<!doctype html><title>прежний сайт</title>\n", "data/ege.csv": "org_id,year\n"}


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    target: str
    expect: list[str]
    import_expect: list[str]
    accept: bool = False
    place: str = "append"
    import_into: str = "clean"
    import_file: str = ""
    generate: str = ""
    extra: dict = field(default_factory=dict)


def load_cases() -> dict[str, Case]:
    cases = {}
    for name, spec in yaml.safe_load(MANIFEST.read_text(encoding="utf-8")).items():
        imported = spec["import"]
        accept = isinstance(imported, dict)
        cases[name] = Case(
            name=name, what=spec["what"], target=spec["target"], expect=spec["expect"],
            import_expect=imported["accept"] if accept else imported, accept=accept,
            place=spec.get("place", "append"), import_into=spec.get("import_into", "clean"),
            import_file=spec.get("import_file", ""), generate=spec.get("generate", ""),
        )
    return cases


CASES = load_cases()
NAMES = sorted(CASES)


def test_corpus_is_complete():
    """At least 30 inputs; every committed file is described in cases.yml and every described file exists."""
    assert len(CASES) >= 30
    committed = {path.name for path in CORPUS.iterdir()} - {MANIFEST.name, "README.md"}
    described = {name for name, case in CASES.items() if not case.generate}
    assert committed == described
    for case in CASES.values():
        assert (ROOT / "datapackages" / case.target).is_file(), case.target
        assert case.place in ("append", "replace")


# --- making the inputs ----------------------------------------------------------------------------------------


def _generate(kind: str, path: Path) -> None:
    if kind == "huge":
        header = (ROOT / "datapackages/assessments/ege.csv").read_text(encoding="utf-8").splitlines()[0]
        block = "sch-01,2021,rus,20,70.5,0,9,4,1,0,2,0\n" * 10_000
        with path.open("w", encoding="utf-8") as out:
            out.write(header + "\n")
            while out.tell() < HUGE_BYTES:
                out.write(block)
    elif kind == "long_line":
        header = (ROOT / "datapackages/registry/organisations.csv").read_text(encoding="utf-8").splitlines()[0]
        row = (CORPUS / "organisations_bad_inn_checksum.csv").read_text(encoding="utf-8").splitlines()[1]
        row = row.replace("9901249294", "9901249293").replace("МБОУ «СОШ № 90»", "МБОУ «СОШ № 90" + "0" * LONG_CELL + "»")
        path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    elif kind == "absolute_path":
        # a descriptor whose «subjects» resource is a file outside the project, named by its absolute path
        outside = path.parent / OUTSIDE
        outside.mkdir(exist_ok=True)
        shutil.copyfile(ROOT / "datapackages/assessments/subjects.csv", outside / "subjects.csv")
        descriptor = json.loads((ROOT / "datapackages/assessments/datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            if resource["name"] == "subjects":
                resource["path"] = str(outside / "subjects.csv")
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        raise AssertionError(f"unknown generator {kind}")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Iterator[dict[str, Path]]:
    """The generated inputs, written once per module into a temporary folder and removed afterwards."""
    folder = tmp_path_factory.mktemp("hostile-generated")
    files = {}
    for case in CASES.values():
        if case.generate:
            files[case.name] = folder / case.name
            _generate(case.generate, files[case.name])
    yield files
    shutil.rmtree(folder, ignore_errors=True)


def source_of(case: Case, generated: dict[str, Path]) -> Path:
    return generated[case.name] if case.generate else CORPUS / case.name


def first_row(target: Path) -> int:
    """The spreadsheet line of the first row appended to ``target`` (header = line 1)."""
    return len(target.read_text(encoding="utf-8").splitlines()) + 1


def put_in_place(case: Case, source: Path, project: Path) -> dict[str, int]:
    """Put the hostile file into ``project`` as ``case.place`` says; return the row numbers for the messages."""
    target = project / "datapackages" / case.target
    if case.place == "replace":
        shutil.copyfile(source, target)
        return {}
    row = first_row(target)
    header, _, rows = source.read_bytes().partition(b"\n")
    assert header.decode("utf-8") == target.read_text(encoding="utf-8").splitlines()[0], "an appended case must use the demo header"
    existing = target.read_bytes()
    target.write_bytes(existing + (b"" if existing.endswith(b"\n") else b"\n") + rows)
    return {"row": row, "next_row": row + 1}


def with_site(project: Path) -> Path:
    for name, text in SENTINEL_SITE.items():
        path = project / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def workdir(tmp_path) -> Iterator[Path]:
    """A temporary folder removed after the test (the 100-MB case must not linger in /tmp)."""
    yield tmp_path
    shutil.rmtree(tmp_path, ignore_errors=True)


# --- running the commands ------------------------------------------------------------------------------------


def run_cli(capsys, argv: list[str]) -> tuple[int, str]:
    """Run ``msoko`` in-process; an exception other than the CLI's own handling propagates and fails the test."""
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse
        code = exit_.code if isinstance(exit_.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def snapshot(project: Path, generated: dict[str, Path]) -> dict[str, str]:
    """Hashes of the whole project (``datapackages/``, ``site/``, anything a write could escape to) except the
    build's scratch folder ``.msoko/``, and of the folder outside the project."""
    hashes = tree_hashes(project, skip=(".msoko",))
    for path in {source.parent / OUTSIDE for source in generated.values()}:
        hashes.update({f"{OUTSIDE}/{name}": digest for name, digest in tree_hashes(path).items()})
    return hashes


def check_refused(case: Case, code: int, output: str, words: list[str], rows: dict[str, int]) -> None:
    assert code != 0, f"{case.name} ({case.what}) was accepted:\n{output}"
    assert "Traceback" not in output, output
    for word in words:
        expected = word.format(**rows)
        assert expected in output, f"{case.name}: «{expected}» not in the message:\n{output}"


@pytest.mark.parametrize("name", NAMES)
def test_validate_refuses(name, workdir, generated, capsys):
    case = CASES[name]
    project = with_site(copy_demo(workdir / "project"))
    rows = put_in_place(case, source_of(case, generated), project)
    before = snapshot(project, generated)
    code, output = run_cli(capsys, ["validate", str(project)])
    check_refused(case, code, output, case.expect, rows)
    assert snapshot(project, generated) == before


@pytest.mark.parametrize("name", NAMES)
def test_build_refuses_and_keeps_the_site(name, workdir, generated, capsys):
    case = CASES[name]
    project = with_site(copy_demo(workdir / "project"))
    rows = put_in_place(case, source_of(case, generated), project)
    before = snapshot(project, generated)
    code, output = run_cli(capsys, ["build", "--quiet", str(project)])
    check_refused(case, code, output, case.expect, rows)
    assert snapshot(project, generated) == before


def import_source(case: Case, generated: dict[str, Path]) -> tuple[Path, str]:
    """The file a case imports and the data set it goes to (named after the table the file belongs to)."""
    if case.import_file.startswith("demo:"):
        relative = case.import_file.removeprefix("demo:")
        return ROOT / "datapackages" / relative, Path(relative).stem
    if case.import_file:
        return CORPUS / case.import_file, Path(CASES[case.import_file].target).stem
    return source_of(case, generated), Path(case.target).stem


@pytest.mark.parametrize("name", NAMES)
def test_import_refuses_or_repairs(name, workdir, generated, capsys):
    case = CASES[name]
    project = with_site(copy_demo(workdir / "project"))
    if case.import_into == "broken":
        put_in_place(case, source_of(case, generated), project)
    source, dataset = import_source(case, generated)
    before = snapshot(project, generated)
    argv = ["import", str(source), "--dataset", dataset, "--project", str(project)]
    if case.accept:
        code, output = run_cli(capsys, [*argv, "--dry-run"])
        assert code == 0, f"{case.name}: the importer is meant to repair this input:\n{output}"
        assert "Traceback" not in output
        for word in case.import_expect:
            assert word in output, f"{case.name}: «{word}» not in:\n{output}"
    else:
        code, output = run_cli(capsys, argv)
        check_refused(case, code, output, case.import_expect, {})
        if not case.import_file:
            assert source.name in output, "the message names the imported file"
    assert snapshot(project, generated) == before
