"""A rebuild renders only the pages whose source changed and takes the rest from the published site — and
the site it publishes is byte for byte the one a full build of the same data gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from projects import copy_tiny_site
from site_helpers import file_hashes

from generator import page_reuse
from generator.build import build
from generator.project import Project

OGE = Path("datapackages") / "assessments" / "oge.csv"


def _one_more_pupil(root: Path) -> None:
    """One more pupil with «3» in the first ОГЭ row of the second school (the marks still add up)."""
    path = root / OGE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    for number, line in enumerate(lines[1:], start=1):
        cells = line.rstrip("\n").split(",")
        if cells[header.index("org_id")] == "sch-2":
            for column in ("participants", "mark3"):
                cells[header.index(column)] = str(int(cells[header.index(column)]) + 1)
            lines[number] = ",".join(cells) + "\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def test_a_changed_school_is_rendered_again_and_the_site_equals_a_full_build(tmp_path: Path) -> None:
    project = Project(copy_tiny_site(tmp_path / "project"))
    first = build(project)
    assert first.pages_unchanged == 0 and first.pages_written > 10
    assert (project.work / page_reuse.RECORD).is_file()

    _one_more_pupil(project.root)
    second = build(project)
    assert 0 < second.pages_written < first.pages_written  # the school's pages and the totals, not every page
    assert second.pages_unchanged > 0 and second.pages_written + second.pages_unchanged == first.pages_written

    # the same data built from nothing: every file the same
    fresh = Project(tmp_path / "fresh")
    shutil.copytree(project.root, fresh.root, ignore=shutil.ignore_patterns("site", ".msoko"))
    build(fresh, no_cache=True)
    assert file_hashes(project.site) == file_hashes(fresh.site)

    # a published page edited by hand is not trusted: it is rendered again, and only it
    page = project.site / "organisations" / "sch-1" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</body>", b"<!-- edited --></body>"))
    again = build(project, force=True)
    assert again.pages_written == 1 and page.read_bytes() == original


def test_pages_a_rebuild_no_longer_writes_leave_the_docs_tree_and_the_site(tmp_path: Path) -> None:
    """The docs tree is kept between builds (a file with the same bytes is not written again): what the new
    build does not write must not stay behind and be published."""
    project = Project(copy_tiny_site(tmp_path / "project"))
    build(project)
    assert (project.work / "docs" / "shnor").is_dir() and (project.site / "shnor").is_dir()
    config = project.root / "msoko.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "publish:\n  sections: [directions, indicators, organisations, opendata, report]\n",
                      encoding="utf-8")
    build(project)
    for folder in ("shnor", "ratings"):
        assert not (project.work / "docs" / folder).exists() and not (project.site / folder).exists()
    fresh = Project(tmp_path / "fresh")
    shutil.copytree(project.root, fresh.root, ignore=shutil.ignore_patterns("site", ".msoko"))
    build(fresh, no_cache=True)
    assert file_hashes(project.site) == file_hashes(fresh.site)
    assert file_hashes(project.work / "docs") == file_hashes(fresh.work / "docs")


def test_a_file_keeps_its_recorded_digest_only_while_its_stamp_is_the_recorded_one(tmp_path: Path) -> None:
    """The record's stamps spare reading unchanged files; a file written again (new modification time), or
    replaced by another one (new inode), is read."""
    site = tmp_path / "site"
    site.mkdir()
    page = site / "index.html"
    page.write_bytes(b"a" * 100)
    first = page_reuse.Hashes(None)
    digest = first.file("site", site, "index.html")
    assert first.read == 1 and first.file("site", site, "index.html") == digest and first.read == 1
    record = {"stamps": first.stamps(["site:index.html"])}

    again = page_reuse.Hashes(record)
    assert again.file("site", site, "index.html") == digest and again.read == 0

    page.write_bytes(b"b" * 100)  # the same size, other bytes
    status = page.stat()
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000))  # however coarse the clock
    edited = page_reuse.Hashes(record)
    assert edited.file("site", site, "index.html") != digest and edited.read == 1

    other = site / "other.html"
    other.write_bytes(b"a" * 100)
    os.utime(other, ns=(status.st_atime_ns, record["stamps"]["site:index.html"][1]))
    os.replace(other, page)  # the recorded bytes and time, but another file
    replaced = page_reuse.Hashes(record)
    assert replaced.file("site", site, "index.html") == digest and replaced.read == 1
    assert replaced.file("site", site, "missing.html") is None
    (site / "folder.html").mkdir()  # a folder where a page was: no digest, never an error
    assert replaced.file("site", site, "folder.html") is None


def test_where_the_generator_is_installed_changes_no_page_digest(tmp_path: Path, monkeypatch) -> None:
    """The MkDocs settings name the theme and hooks by absolute paths into the generator; a generator installed
    elsewhere (another checkout, another venv) with the same code must reuse the published pages, while a real
    change of settings must not."""
    from generator import publish

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Главная\n", encoding="utf-8")

    theme_dir = publish.THEME_DIR.relative_to(page_reuse.GENERATOR_DIR)
    hooks_file = publish.HOOKS.relative_to(page_reuse.GENERATOR_DIR)

    def config(generator: Path, title: str = "Сайт МСОКО") -> dict:
        theme, hooks = generator / theme_dir, generator / hooks_file
        return {"site_name": title, "docs_dir": str(docs), "theme": {"name": "material", "custom_dir": str(theme)},
                "hooks": [str(hooks)]}

    here = page_reuse.shared_digest(config(page_reuse.GENERATOR_DIR), docs, "meta.json")
    elsewhere = Path("/opt/другой путь/generator")
    monkeypatch.setattr(page_reuse, "GENERATOR_DIR", elsewhere)
    assert page_reuse.shared_digest(config(elsewhere), docs, "meta.json") == here
    assert page_reuse.shared_digest(config(elsewhere, "Другой сайт"), docs, "meta.json") != here
    # a path outside the generator is a setting like any other
    moved = config(elsewhere)
    moved["hooks"] = ["/srv/project/hooks.py"]
    assert page_reuse.shared_digest(moved, docs, "meta.json") != here
