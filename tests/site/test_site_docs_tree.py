"""The docs tree refuses to write one path twice and keeps files inside itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.render.docs import DocsTree


def test_second_write_of_a_path_fails_naming_both_writers(tmp_path: Path) -> None:
    docs = DocsTree(tmp_path / "docs")
    docs.write_text("organisations/sch-1/index.md", "a", "страница организации sch-1")
    with pytest.raises(BuildError) as error:
        docs.write_text("organisations/sch-1/index.md", "b", "страница организации sch-1 (дубль)")
    assert "sch-1 (дубль)" in str(error.value) and "страница организации sch-1 и" in str(error.value)
    assert (tmp_path / "docs/organisations/sch-1/index.md").read_text(encoding="utf-8") == "a"


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "a/../../b.md"])
def test_paths_outside_the_tree_are_refused(tmp_path: Path, path: str) -> None:
    docs = DocsTree(tmp_path / "docs")
    with pytest.raises(BuildError):
        docs.write_text(path, "x")


def test_content_is_copied_except_absorbed_pages_and_may_not_be_overwritten(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "about").mkdir(parents=True)
    (content / "index.md").write_text("intro", encoding="utf-8")
    (content / "about" / "index.md").write_text("# О проекте", encoding="utf-8")
    (content / ".hidden").write_text("x", encoding="utf-8")
    docs = DocsTree(tmp_path / "docs")
    docs.copy_content(content, absorbed={"index.md"})
    assert docs.paths() == ["about/index.md"]
    with pytest.raises(BuildError, match="content/about/index.md"):
        docs.write_text("about/index.md", "generated")


def test_a_new_tree_starts_empty(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "stale.md").write_text("old", encoding="utf-8")
    DocsTree(tmp_path / "docs")
    assert list((tmp_path / "docs").iterdir()) == []


def test_the_report_texts_and_change_notes_are_inputs_not_pages(tmp_path: Path) -> None:
    """``content/report/`` is read by the report and ``content/data/changes.yml`` by the changes page: neither is
    published as it is (before, «Gia» and the folder's README were stray pages in the search)."""
    content = tmp_path / "content"
    for relative in ("report/README.txt", "report/outlook.md", "report/2025/gia.md", "data/changes.yml",
                     "data/index.md", "reports-archive/index.md"):
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text("x", encoding="utf-8")
    docs = DocsTree(tmp_path / "docs")
    docs.copy_content(content, absorbed=set())
    assert docs.paths() == ["data/index.md", "reports-archive/index.md"]


@pytest.mark.slow
def test_no_file_of_the_report_texts_reaches_the_demo_site(demo_site) -> None:
    site = demo_site.site
    assert (site / "report" / "index.html").is_file()  # the generated report section is there
    assert not (site / "report" / "README.txt").exists()
    assert not (site / "report" / "outlook").exists() and not (site / "report" / "2025" / "gia").exists()
    assert not (site / "data" / "changes.yml").exists()
    from generator.site_search import read_fragments

    indexed = read_fragments(site)
    assert indexed  # the search index is there, and none of the report texts is in it
    assert not [page for page in indexed if page["meta"].get("title") == "Gia" or "Слова аналитика в отчёте" in page["content"]]
