"""Golden test: what a change does to the generated pages, in one diff.

The tiny project (``tests/data/tiny``, with the publisher's settings the build needs and no hand-written pages)
is built into a temporary folder; its generated Markdown (the docs tree before MkDocs), its menu and its open-data
CSV files are compared with the committed tree in ``tests/golden/expected/``. When a change of the output is
intended, regenerate the tree and commit it with the change:

    MSOKO_GOLDEN=update .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from projects import copy_tiny_site

from generator.build import build
from generator.project import Project

EXPECTED = Path(__file__).resolve().parent / "golden" / "expected"
SHOWN = 3


def generated(project: Project) -> dict[str, bytes]:
    """``docs/…`` Markdown pages, ``data/…`` CSV files and the site's menu (``nav.json``, made from the sections'
    claims) of a built project, by path."""
    files = {"nav.json": (project.work / "nav.json").read_bytes()}
    files |= {f"docs/{path.relative_to(project.work / 'docs').as_posix()}": path.read_bytes()
             for path in sorted((project.work / "docs").rglob("*.md"))}
    files.update({f"data/{path.parent.name}/{path.name}": path.read_bytes()
                  for path in sorted((project.site / "data").glob("*/*.csv")) if path.parent.name != "versions"})
    return files


def test_the_generated_pages_and_files_are_the_committed_ones(tmp_path: Path) -> None:
    project = Project(copy_tiny_site(tmp_path / "tiny"))
    build(project)
    actual = generated(project)
    assert len(actual) > 100  # pages of every kind and the open-data files

    if os.environ.get("MSOKO_GOLDEN") == "update":
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, data in actual.items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / name).write_bytes(data)
        pytest.skip(f"эталон обновлён: {len(actual)} файлов в {EXPECTED}")

    expected = {path.relative_to(EXPECTED).as_posix(): path.read_bytes() for path in sorted(EXPECTED.rglob("*"))
                if path.is_file()}
    missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
    changed = [name for name in sorted(set(expected) & set(actual)) if expected[name] != actual[name]]
    diffs = []
    for name in changed[:SHOWN]:
        diffs += difflib.unified_diff(expected[name].decode("utf-8").splitlines(), actual[name].decode("utf-8").splitlines(),
                                      f"эталон/{name}", f"сборка/{name}", lineterm="", n=1)
    assert not (missing or extra or changed), (
        f"Сборка отличается от эталона tests/golden/expected (если так и задумано: MSOKO_GOLDEN=update "
        f".venv/bin/python -m pytest tests/test_golden.py). Нет: {missing[:10]}; лишние: {extra[:10]}; "
        f"изменены ({len(changed)}): {changed[:10]}\n" + "\n".join(diffs[:200]))
