"""The docs tree shared by every section: it refuses to write one path twice (within a section, between
sections, from a forked section) and keeps files inside itself; the menu is made from the sections' claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import urls
from generator.errors import BuildError
from generator.render.docs import DocsTree, NavEntry
from generator.render.nav import build_nav
from generator.sidejob import SideJob


def test_second_write_of_a_path_fails_naming_both_writers(tmp_path: Path) -> None:
    docs = DocsTree(tmp_path / "docs").section("pages")
    docs.write_text("organisations/sch-1/index.md", "a", "страница организации sch-1")
    with pytest.raises(BuildError) as error:
        docs.write_text("organisations/sch-1/index.md", "b", "страница организации sch-1 (дубль)")
    assert "sch-1 (дубль)" in str(error.value) and "страница организации sch-1 и" in str(error.value)
    assert (tmp_path / "docs/organisations/sch-1/index.md").read_text(encoding="utf-8") == "a"


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "a/../../b.md"])
def test_paths_outside_the_tree_are_refused(tmp_path: Path, path: str) -> None:
    docs = DocsTree(tmp_path / "docs").section("pages")
    with pytest.raises(BuildError):
        docs.write_text(path, "x")


def test_content_is_copied_except_absorbed_pages_and_may_not_be_overwritten(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "about").mkdir(parents=True)
    (content / "index.md").write_text("intro", encoding="utf-8")
    (content / "about" / "index.md").write_text("# О проекте", encoding="utf-8")
    (content / ".hidden").write_text("x", encoding="utf-8")
    docs = DocsTree(tmp_path / "docs")
    claims = docs.copy_content(content, absorbed={"index.md"})
    assert docs.paths() == ["about/index.md"] and list(claims.paths) == ["about/index.md"] and claims.nav == []
    with pytest.raises(BuildError, match="content/about/index.md") as error:
        docs.section("pages").write_text("about/index.md", "generated", "страница «О проекте»")
    assert "content/" in error.value.hint and "ошибка программы" not in error.value.message


def test_a_new_tree_starts_empty(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "stale.md").write_text("old", encoding="utf-8")
    DocsTree(tmp_path / "docs")
    assert list((tmp_path / "docs").iterdir()) == []


def test_a_kept_tree_leaves_unchanged_files_alone_and_writes_changed_ones_as_new_files(tmp_path: Path) -> None:
    first = DocsTree(tmp_path / "docs", kept=True).section("pages")
    first.write_text("a/index.md", "same")
    first.write_bytes("b/data.csv", b"old")
    same, changed = tmp_path / "docs/a/index.md", tmp_path / "docs/b/data.csv"
    # another name for the old file (as a published site or an archive may hold): it must keep its bytes
    (tmp_path / "elsewhere.csv").hardlink_to(changed)
    before = same.stat()
    second = DocsTree(tmp_path / "docs", kept=True).section("pages")
    second.write_text("a/index.md", "same")
    second.write_bytes("b/data.csv", b"new!")
    assert same.stat().st_ino == before.st_ino and same.stat().st_mtime_ns == before.st_mtime_ns
    assert changed.read_bytes() == b"new!" and (tmp_path / "elsewhere.csv").read_bytes() == b"old"


def test_pruning_a_kept_tree_removes_what_this_build_did_not_claim(tmp_path: Path) -> None:
    first = DocsTree(tmp_path / "docs", kept=True).section("pages")
    for path in ("organisations/sch-1/index.md", "organisations/sch-2/index.md", "organisations/sch-2/data.csv",
                 "page/index.md", "folder"):
        first.write_text(path, path)
    tree = DocsTree(tmp_path / "docs", kept=True)
    second = tree.section("pages")
    second.write_text("organisations/sch-1/index.md", "organisations/sch-1/index.md")
    second.write_text("page", "a file where a folder was")
    second.write_text("folder/index.md", "a folder where a file was")
    assert tree.prune() == 2
    files = sorted(path.relative_to(tmp_path / "docs").as_posix() for path in (tmp_path / "docs").rglob("*"))
    assert files == ["folder", "folder/index.md", "organisations", "organisations/sch-1",
                     "organisations/sch-1/index.md", "page"]
    assert (tmp_path / "docs/page").read_text(encoding="utf-8") == "a file where a folder was"


def test_a_file_where_this_build_already_wrote_a_folder_is_refused(tmp_path: Path) -> None:
    """A kept tree replaces an earlier build's folder by a file, but never a folder this build wrote into."""
    tree = DocsTree(tmp_path / "docs", kept=True)
    docs = tree.section("pages")
    docs.write_text("about/index.md", "page")
    with pytest.raises(BuildError, match="about/index.md"):
        docs.write_text("about", "a file over the page's folder")
    assert (tmp_path / "docs/about/index.md").read_text(encoding="utf-8") == "page"


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


def test_two_sections_writing_one_path_fail_as_a_defect_naming_both(tmp_path: Path) -> None:
    docs = DocsTree(tmp_path / "docs")
    docs.section("pages").write_text(urls.REPORT, "страницы", "страница «Доклад» сайта")
    with pytest.raises(BuildError) as error:
        docs.section("report").write_text(urls.REPORT, "доклад", "раздел «Доклад»")
    message = error.value.message
    assert f"«{urls.REPORT}» записывается дважды: страница «Доклад» сайта и раздел «Доклад»" in message
    assert "ошибка программы" in message and "«pages»" in message and "«report»" in message
    assert (tmp_path / "docs" / urls.REPORT).read_text(encoding="utf-8") == "страницы"  # the first write stays


def _open_data_child(docs: DocsTree) -> object:
    out = docs.section("opendata")
    out.write_text(urls.OPEN_DATA, "# Открытые данные\n", "раздел «Открытые данные»")
    out.write_bytes("data/values/values.csv", b"a,b\n", "раздел «Открытые данные» (values.csv)")
    out.menu("Открытые данные", urls.OPEN_DATA)
    return out.claims


def test_a_forked_section_sends_its_claims_back_and_the_tree_registers_them(tmp_path: Path) -> None:
    docs = DocsTree(tmp_path / "docs")
    pages = docs.section("pages")
    job = SideJob("открытые данные", lambda: _open_data_child(docs))
    pages.write_text(urls.ABOUT, "# О проекте\n", "страница «О проекте»")
    claims = docs.adopt(job.wait())
    assert docs.paths() == sorted([urls.ABOUT, urls.OPEN_DATA, "data/values/values.csv"])
    assert claims.nav == [NavEntry("Открытые данные", urls.OPEN_DATA)]
    assert (tmp_path / "docs" / "data/values/values.csv").read_bytes() == b"a,b\n"  # written by the child
    with pytest.raises(BuildError, match="записывается дважды"):  # registered: a later write of the path fails
        docs.section("report").write_text("data/values/values.csv", "x", "раздел «Доклад»")


def test_a_path_written_by_a_forked_section_and_here_fails_when_its_claims_come_back(tmp_path: Path) -> None:
    docs = DocsTree(tmp_path / "docs")
    job = SideJob("открытые данные", lambda: _open_data_child(docs))
    docs.section("pages").write_text(urls.OPEN_DATA, "# Данные\n", "страница «Данные» сайта")  # after the fork
    claims = job.wait()
    with pytest.raises(BuildError) as error:
        docs.adopt(claims)
    assert "страница «Данные» сайта и раздел «Открытые данные»" in error.value.message
    assert "ошибка программы" in error.value.message


def test_a_forked_section_refuses_to_write_over_a_hand_written_page(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / "index.md").write_text("# Мои данные", encoding="utf-8")
    docs = DocsTree(tmp_path / "docs")
    docs.copy_content(content, absorbed=set())
    with pytest.raises(BuildError, match="content/data/index.md") as error:
        SideJob("открытые данные", lambda: _open_data_child(docs)).wait()  # the child's tree knows content/
    assert "content/" in error.value.hint
    assert (tmp_path / "docs" / "data" / "index.md").read_text(encoding="utf-8") == "# Мои данные"


def test_the_menu_is_made_from_the_claims_not_from_the_files(tmp_path: Path) -> None:
    docs = DocsTree(tmp_path / "docs")
    report = docs.section("report")
    report.write_text(urls.REPORT, "# Доклад\n", "раздел «Доклад»")
    report.menu("Доклад", urls.REPORT)
    pages = docs.section("pages")
    pages.write_text(urls.GLOSSARY, "# Словарь\n", "страница «Словарь терминов»")  # claimed, not a menu item
    for path, title in ((urls.DIRECTIONS, "Направления"), (urls.direction("a"), "1. Первое"), (urls.HOME, "Главная")):
        pages.write_text(path, f"# {title}\n", f"страница «{title}»")
    pages.menu("Направления", urls.DIRECTIONS, (NavEntry("1. Первое <ш>", urls.direction("a")),))
    pages.menu("Главная", urls.HOME)
    # a page on disk that no section claimed is not in the menu, though its address is a section's
    (tmp_path / "docs" / "ratings").mkdir()
    (tmp_path / "docs" / urls.RATINGS).write_text("# Рейтинг\n", encoding="utf-8")
    nav = build_nav([report.claims, pages.claims])
    # in the menu's order, whatever the order of the claims; data titles escaped for the theme
    assert nav == [{"Главная": urls.HOME}, {"Направления": [urls.DIRECTIONS, {"1. Первое &lt;ш&gt;": urls.direction("a")}]},
                   {"Доклад": urls.REPORT}]


@pytest.mark.parametrize("menu, problem", [
    (("Открытые данные", urls.OPEN_DATA), "которую раздел не записал"),
    (("Сравнение", "compare/index.md"), "не назначено место"),
])
def test_a_menu_item_without_its_page_or_place_is_a_defect(tmp_path: Path, menu: tuple[str, str], problem: str) -> None:
    out = DocsTree(tmp_path / "docs").section("pages")
    out.write_text("compare/index.md", "# Сравнение\n", "страница «Сравнение»")
    out.menu(*menu)
    with pytest.raises(BuildError, match=problem) as error:
        build_nav([out.claims])
    assert "ошибка программы" in error.value.message


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
