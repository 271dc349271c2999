"""Publishing: MkDocs into a temporary folder, reproducible files, and the old site kept on any failure."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from site_helpers import ROOT, file_hashes

from generator.errors import BuildError
from generator.project import Project
from generator.publish import SiteSettings, broken_links, copyright_line, neutralise, publish, swap_into_place
from generator.render.docs import DocsTree
from generator.site_search import read_fragments
from generator.theme.hooks import fix_markup

SETTINGS = SiteSettings("Проверка", "", copyright_line("УО «Проверка»"), True, [{"Главная": "index.md"}])


def small_project(tmp_path: Path, home: str) -> Project:
    root = tmp_path / "project"
    root.mkdir()
    (root / "msoko.yml").write_text("site:\n  title: Проверка\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    project = Project(root)
    docs = DocsTree(project.work / "docs").section("pages")
    docs.write_text("index.md", home)
    return project


def test_publish_builds_a_site_without_external_requests(tmp_path: Path) -> None:
    project = small_project(tmp_path, "# Главная\n\nТекст.\n")
    stats = publish(project, project.work / "docs", SETTINGS)
    html = (project.site / "index.html").read_text(encoding="utf-8")
    assert stats.pages >= 1 and stats.largest_page
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    assert "Демонстрационные данные" in html and "data-msoko-lv" in html
    assert 'aria-label="Поиск по сайту"' in html and 'autocorrect="off"' not in html
    assert not list(project.work.glob("publish-*")), "the staging folder is removed"
    # the site's own search: a Pagefind index, and no theme index that every page would download whole
    assert not (project.site / "search" / "search_index.json").exists()
    assert [page for page in read_fragments(project.site) if page["meta"].get("title") == "Главная"]
    assert 'data-msoko-search-open' in html and "pagefind" not in html.split("</head>")[0]


def test_broken_link_fails_and_keeps_the_old_site(tmp_path: Path) -> None:
    project = small_project(tmp_path, "# Главная\n")
    publish(project, project.work / "docs", SETTINGS)
    before = file_hashes(project.site)
    (project.work / "docs" / "index.md").write_text("# Главная\n\n[нет такой](missing/index.md)\n", encoding="utf-8")
    with pytest.raises(BuildError, match="missing/index.md"):
        publish(project, project.work / "docs", SETTINGS)
    assert file_hashes(project.site) == before


def test_link_inside_raw_html_is_checked_too(tmp_path: Path) -> None:
    project = small_project(tmp_path, '# Главная\n\n<div class="x"><a href="../nowhere/">куда-то</a></div>\n')
    with pytest.raises(BuildError, match="nowhere"):
        publish(project, project.work / "docs", SETTINGS)
    assert not project.site.exists()


def test_neutralise_removes_build_time_stamps(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitemap.xml").write_text("<urlset>\n<url><loc>x</loc>\n<lastmod>2026-11-25</lastmod></url></urlset>", encoding="utf-8")
    neutralise(site)
    assert "lastmod" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert packed[4:8] == b"\x00\x00\x00\x00"  # gzip header mtime
    assert gzip.decompress(packed).decode("utf-8") == (site / "sitemap.xml").read_text(encoding="utf-8")


def test_swap_replaces_the_whole_directory(tmp_path: Path) -> None:
    old, new = tmp_path / "site", tmp_path / "new"
    old.mkdir()
    (old / "stale.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    swap_into_place(new, old)
    assert sorted(p.name for p in old.iterdir()) == ["index.html"]
    assert not new.exists()


def test_broken_links_resolves_relative_and_directory_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text('<a href="../">up</a><a href="../b/">b</a><img src="x.svg">'
                                           '<a href="https://example.org/">ext</a><a href="#top">anchor</a>', encoding="utf-8")
    (site / "index.html").write_text("", encoding="utf-8")
    assert sorted(broken_links(site)) == [
        "a/index.html: ссылка «../b/» ведёт на несуществующий файл",
        "a/index.html: ссылка «x.svg» ведёт на несуществующий файл",
    ]


def test_broken_links_under_a_site_path_and_folders_without_a_page(tmp_path: Path) -> None:
    """Absolute links are read under the site's own path; a folder is a link target only with its index.html."""
    site = tmp_path / "site"
    (site / "data" / "x").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "a.css").write_text("", encoding="utf-8")
    (site / "data" / "x" / "t.csv").write_text("", encoding="utf-8")
    (site / "404.html").write_text('<link href="/uo/assets/a.css"><a href="/elsewhere/">x</a><a href="/uo/data/x/">d</a>'
                                   '<a href="data/x/t.csv?v=1#l2">t</a><a href="../../outside.html">o</a>', encoding="utf-8")
    assert broken_links(site, "/uo/") == [
        "404.html: ссылка «../../outside.html» ведёт на несуществующий файл",
        "404.html: ссылка «/elsewhere/» ведёт за пределы сайта (/uo/)",
        "404.html: ссылка «/data/x/» ведёт на несуществующий файл",
    ]
    (site / "data" / "x" / "index.html").write_text('<a href="./">self</a><a href="t.csv">t</a>', encoding="utf-8")
    assert broken_links(site, "/uo/") == [
        "404.html: ссылка «../../outside.html» ведёт на несуществующий файл",
        "404.html: ссылка «/elsewhere/» ведёт за пределы сайта (/uo/)",
    ]


def test_markup_fixes_for_the_validator() -> None:
    page = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
            '<div class="md-search" data-md-component="search" role="dialog">'
            '<input type="text" class="md-search__input" name="query" autocapitalize="off" autocorrect="off" autocomplete="off">'
            '<label class="md-nav__title" for="__toc">')
    fixed = fix_markup(page)
    assert 'type="checkbox" id="__drawer">' in fixed
    assert "autocorrect" not in fixed
    assert 'name="query" autocapitalize="off" autocomplete="off">' in fixed  # allowed on a text input
    assert 'role="dialog" aria-label="Поиск по сайту"' in fixed
    assert '<label class="md-nav__title">' in fixed
