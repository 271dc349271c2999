"""Nothing outside ``site/`` and ``.msoko/`` changes until a build has succeeded; ``site/`` and ``releases/``
change together, and a build killed at any point leaves a project whose next build equals a clean one."""

from __future__ import annotations

import csv
import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from projects import copy_demo
from projects import tree_hashes as tree

from generator import transaction
from generator.build import build
from generator.errors import BuildError
from generator.project import Project


def change_published_data(project: Project) -> None:
    """A new address of the first organisation: a published value, so a new data version."""
    path = project.datapackages / "registry" / "organisations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("address")
    rows[1][column] += ", корпус 2"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    """The demo project, built once (read-only: the tests copy it)."""
    project = Project(copy_demo(tmp_path_factory.mktemp("built") / "project"))
    build(project)
    return project


def copy_built(built: Project, dest: Path) -> Project:
    shutil.copytree(built.root, dest, symlinks=True)
    return Project(dest)


@pytest.mark.slow
def test_a_late_failure_leaves_site_and_releases_unchanged(built: Project, tmp_path: Path) -> None:
    project = copy_built(built, tmp_path / "project")
    site, releases = tree(project.site), tree(project.root / "releases")
    change_published_data(project)
    page = project.content / "about" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Ссылка](../nowhere/index.md)\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build(project)
    assert tree(project.site) == site and tree(project.root / "releases") == releases

    # the same change without the broken link is published, with its new version recorded
    page.write_text(page.read_text(encoding="utf-8").replace("\n[Ссылка](../nowhere/index.md)\n", ""), encoding="utf-8")
    build(project)
    index = json.loads((project.root / "releases" / "index.json").read_text(encoding="utf-8"))
    before = json.loads(built.root.joinpath("releases", "index.json").read_text(encoding="utf-8"))
    assert len(index["releases"]) == len(before["releases"]) + 1
    assert tree(project.site) != site
    assert not (project.work / transaction.STAGED).exists() and not (project.work / transaction.JOURNAL).exists()
    assert gc.get_freeze_count() == 0  # neither build left its data settled off the collector (generator.collector)


@pytest.mark.slow
def test_a_build_killed_midway_leaves_a_project_whose_next_build_equals_a_clean_one(built: Project, tmp_path: Path) -> None:
    killed = copy_built(built, tmp_path / "killed")
    clean = copy_built(built, tmp_path / "clean")
    for project in (killed, clean):
        change_published_data(project)
    site, releases = tree(killed.site), tree(killed.root / "releases")
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--quiet", "--project", str(killed.root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (killed.work / transaction.STAGED / "releases").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # until the build has staged the archive: it is then mid-way
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)
    assert tree(killed.site) == site and tree(killed.root / "releases") == releases

    build(killed)
    build(clean)
    assert tree(killed.site) == tree(clean.site)
    assert tree(killed.root / "releases") == tree(clean.root / "releases")


def test_an_exchange_cut_between_the_two_folders_is_finished_by_the_next_start(tmp_path: Path, monkeypatch) -> None:
    project = Project(tmp_path / "project")
    for folder, text in ((project.site, "old site"), (project.root / "releases", "old archive")):
        folder.mkdir(parents=True)
        (folder / "file.txt").write_text(text, encoding="utf-8")
    archive = project.work / transaction.STAGED
    (archive / "releases").mkdir(parents=True)
    (archive / "releases" / "file.txt").write_text("new archive", encoding="utf-8")
    new_site = project.work / "publish-x" / "site"
    new_site.mkdir(parents=True)
    (new_site / "file.txt").write_text("new site", encoding="utf-8")

    real_put = transaction._put
    calls = []

    def cut(new: Path, target: Path) -> None:  # the process dies right after putting the site in place
        calls.append(target)
        real_put(new, target)
        if len(calls) == 1:
            raise SystemExit("killed")

    monkeypatch.setattr(transaction, "_put", cut)
    with pytest.raises(SystemExit):
        transaction.commit(project, new_site, archive)
    assert (project.site / "file.txt").read_text(encoding="utf-8") == "new site"
    assert (project.root / "releases" / "file.txt").read_text(encoding="utf-8") == "old archive"
    assert (project.work / transaction.JOURNAL).is_file()

    monkeypatch.setattr(transaction, "_put", real_put)
    assert transaction.recover(project)
    assert (project.root / "releases" / "file.txt").read_text(encoding="utf-8") == "new archive"
    assert (project.site / "file.txt").read_text(encoding="utf-8") == "new site"
    assert not (project.work / transaction.JOURNAL).exists() and not archive.exists()
    assert not transaction.recover(project)  # nothing left to finish
