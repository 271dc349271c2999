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
