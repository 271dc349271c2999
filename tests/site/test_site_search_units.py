"""Small fixtures for the search markup, the name order of the catalogues and the finder's size bands."""

from __future__ import annotations

from generator import site_search
from generator.publish import without_theme_search
from generator.render.pages.catalogues import size_band
from generator.render.sort_names import name_key, plain_name

ARTICLE = '<article class="md-content__inner md-typeset">'


def test_legal_form_and_quotes_are_left_out_of_the_name() -> None:
    assert plain_name("МБОУ «СОШ № 3»") == "СОШ № 3"
    assert plain_name("МАДОУ «Детский сад № 7 „Ромашка“»") == "Детский сад № 7 Ромашка"
    assert plain_name("МБУ ДО «Дом детского творчества»") == "Дом детского творчества"
    assert plain_name("СОШ № 3") == "СОШ № 3"  # no legal form: nothing to drop


def test_names_sort_by_name_not_by_legal_form_and_numbers_as_numbers() -> None:
    names = ["МБОУ «СОШ № 12»", "МАОУ «Гимназия № 1»", "МБОУ «СОШ № 3»", "МКОУ «Сосновская ООШ»", "МБОУ «Берёзовская СОШ»",
             "МБОУ «Березники СОШ»"]
    ordered = sorted(names, key=name_key)
    assert ordered == ["МБОУ «Березники СОШ»", "МБОУ «Берёзовская СОШ»", "МАОУ «Гимназия № 1»", "МКОУ «Сосновская ООШ»",
                       "МБОУ «СОШ № 3»", "МБОУ «СОШ № 12»"]


def test_size_band_only_for_a_shown_value() -> None:
    assert size_band(None) == ""  # «к» or «—»: a band would narrow a hidden count
    assert [size_band(v) for v in (0, 99, 100, 299, 300, 799, 800, 2500)] == [
        "до 100", "до 100", "100–299", "100–299", "300–799", "300–799", "800 и более", "800 и более"]


def test_annotate_marks_the_body_the_kind_and_separates_cells() -> None:
    page = (f"<html><body><nav>Меню</nav>{ARTICLE}<h1>Гимназия</h1>"
            "<dl><dt>ИНН</dt><dd>9901249293</dd></dl><table><tr><th>Вид</th><td>Гимназия</td></tr></table></article></body></html>")
    meta = {"organisations/sch-01/": {"kind": "Школа", "place": "Берёзовский округ", "org": "sch-01"}}
    marked = site_search.annotate(page, "organisations/sch-01/", meta)
    assert '<article data-pagefind-body class="md-content__inner md-typeset">' in marked
    assert 'data-pagefind-meta="kind:Школа"' in marked and 'data-pagefind-meta="place:Берёзовский округ"' in marked
    assert 'data-msoko-org="sch-01"' in marked
    assert "<dt>ИНН</dt> <dd>9901249293</dd>" in marked and "<th>Вид</th> <td>Гимназия</td>" in marked
    assert marked.count("data-pagefind-body") == 1


def test_kind_of_a_page_by_its_section() -> None:
    assert site_search.kind_of("indicators/1-07/", {}) == ("Показатель", "")
    assert site_search.kind_of("", {}) == ("Главная", "")
    assert site_search.kind_of("something/else/", {}) == (site_search.DEFAULT_KIND, "")


def test_a_page_without_the_theme_article_is_left_alone() -> None:
    assert site_search.annotate("<html><body><p>404</p></body></html>", "404.html", {}) == "<html><body><p>404</p></body></html>"


def test_theme_search_plugin_is_replaced_by_an_explicit_empty_list() -> None:
    assert without_theme_search([{"search": {"lang": "ru"}}]) == []
    assert without_theme_search(None) == []
    assert without_theme_search(["search", {"material/search": {}}, "tags", {"privacy": {}}]) == ["tags", {"privacy": {}}]


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="ru"><head><title>{title}</title></head><body><nav>Меню сайта</nav>'
            f'<article data-pagefind-body class="md-content__inner md-typeset"><h1>{title}</h1><p>{body}</p></article></body></html>')


def _site(root, pages: dict[str, str]):
    for path, text in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_index_is_reproducible_cached_and_redone_when_a_page_changes(tmp_path) -> None:
    pages = {"index.html": _page("Главная", "Сайт оценки качества образования."),
             "organisations/sch-01/index.html": _page("МАОУ «Гимназия № 1»", "Гимназия в городе.")}
    first = _site(tmp_path / "one", pages)
    second = _site(tmp_path / "two", pages)
    fresh = site_search.write_index(first, tmp_path / "cache-a" / "index")
    assert not fresh.cached and fresh.pages == 2 and fresh.bytes > 0
    # the same pages elsewhere, without a cache: byte-identical files
    site_search.write_index(second, tmp_path / "cache-b" / "index")
    assert _files(first / "pagefind") == _files(second / "pagefind")
    # the same pages again: the cached index is copied
    again = site_search.write_index(second, tmp_path / "cache-a" / "index")
    assert again.cached and _files(second / "pagefind") == _files(first / "pagefind")
    # only what the browser fetches is published: none of Pagefind's own interfaces
    assert not [name for name in _files(first / "pagefind") if "-ui" in name or name.endswith(".css")]
    indexed = {page["url"]: page for page in site_search.read_fragments(first)}
    assert "Меню сайта" not in indexed["/"]["content"]  # only the article is indexed
    # a changed page: indexed again, and the new text is in the index
    (second / "index.html").write_text(_page("Главная", "Новый текст о детских садах."), encoding="utf-8")
    redone = site_search.write_index(second, tmp_path / "cache-a" / "index")
    assert not redone.cached
    assert "детских садах" in {page["url"]: page for page in site_search.read_fragments(second)}["/"]["content"]


def test_the_index_cache_is_keyed_by_the_html_alone_and_checked_when_read(tmp_path) -> None:
    site = _site(tmp_path / "site", {"index.html": _page("Главная", "Сайт оценки качества образования."),
                                     "assets/app.js": "var a = 1;", "data/values.csv": "a,b\n1,2\n"})
    cache = tmp_path / "cache" / "index"
    (cache / ("0" * 64)).mkdir(parents=True)  # an index kept as a folder by an earlier version
    assert not site_search.write_index(site, cache).cached
    entries = list(cache.iterdir())
    assert len(entries) == 1 and entries[0].is_file()  # one entry of the one cache module, the old folder gone
    published = _files(site / "pagefind")
    # files Pagefind does not read changed: the same index, from the cache
    (site / "assets" / "app.js").write_text("var a = 2;", encoding="utf-8")
    (site / "data" / "values.csv").write_text("a,b\n1,3\n", encoding="utf-8")
    reused = site_search.write_index(site, cache)
    assert reused.cached and _files(site / "pagefind") == published and list(cache.iterdir()) == entries
    # a damaged entry is never published: the pages are indexed again
    entries[0].write_bytes(entries[0].read_bytes()[:-7])
    redone = site_search.write_index(site, cache)
    assert not redone.cached and _files(site / "pagefind") == published
