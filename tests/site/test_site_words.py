"""The words of the site: «№» kept with its number, the glossary and its ``<abbr>`` at the first use on a page,
the legend of «к» and «—» under the tables that use them, indicator pages that say in words how a value is
computed; and the settings those need (the e-mail of the feedback link, the site's address)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import glossary
from generator.config import parse_config
from generator.errors import ConfigError, DataError
from generator.project import is_stage_input
from generator.render.pages.indicators import how_computed
from generator.render.tables import Column, table
from generator.theme.hooks import mark_abbreviations, typeset
from generator.typography import NBSP, dash, numero

ARTICLE = '<article class="md-content__inner md-typeset">{}</article>'
PAIRS = (("ШНОР", "школы с низкими образовательными результатами"), ("ОО", "образовательная организация"),
         ("МБУ ДО", "муниципальное бюджетное учреждение дополнительного образования"), ("п. п.", "процентный пункт"))


# --- «№» ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("МБОУ «СОШ № 3»", f"МБОУ «СОШ №{NBSP}3»"),
    ("СОШ №3", f"СОШ №{NBSP}3"),             # glued to the number in the registry
    ("ООШ №\n  11", f"ООШ №{NBSP}11"),       # a line break between them (a wrapped export)
    (f"№{NBSP}5", f"№{NBSP}5"),              # already right: unchanged, not doubled
    ("№&nbsp;5", "№&nbsp;5"),                # the HTML entity counts as a non-breaking space too
    ("№№ 3, 5", f"№№{NBSP}3, 5"),            # the plural sign stays one word
    ("<td>№</td>", "<td>№</td>"),            # a column headed «№» has nothing to keep it with
    ("Приказ от 22.09.2017 № 955", f"Приказ от 22.09.2017 №{NBSP}955"),
])
def test_numero_keeps_the_sign_with_what_follows(text: str, expected: str) -> None:
    assert numero(text) == expected


def test_a_dash_never_starts_a_line() -> None:
    assert dash("45 из 60 — это 75 %; РЦОИ — центр") == f"45 из 60{NBSP}— это 75 %; РЦОИ{NBSP}— центр"


# --- <abbr> at the first use --------------------------------------------------------------------------------

def test_first_use_on_a_page_is_marked_and_only_the_first() -> None:
    html = ARTICLE.format("<p>Школы ШНОР. Снова ШНОР.</p><p>ШНОР</p>")
    marked = mark_abbreviations(html, PAIRS)
    assert marked.count("<abbr") == 1
    assert '<p>Школы <abbr title="школы с низкими образовательными результатами">ШНОР</abbr>. Снова ШНОР.</p>' in marked


def test_headings_attributes_code_and_the_page_outside_the_article_are_left_alone() -> None:
    html = ('<title>ШНОР — сайт</title><nav>ШНОР</nav>' + ARTICLE.format(
        '<h1>Программа ШНОР</h1><p data-sort="ШНОР" aria-label="ШНОР"><code>ШНОР</code> и ШНОР</p>') + "<footer>ШНОР</footer>")
    marked = mark_abbreviations(html, PAIRS)
    assert marked.count("<abbr") == 1
    assert "<h1>Программа ШНОР</h1>" in marked and '<p data-sort="ШНОР" aria-label="ШНОР"><code>ШНОР</code> и <abbr' in marked
    assert marked.startswith("<title>ШНОР — сайт</title><nav>ШНОР</nav>") and marked.endswith("<footer>ШНОР</footer>")


def test_a_term_where_it_is_defined_is_left_unmarked() -> None:
    """The glossary's own entries (``<dfn>``) are the definition: the first mark goes to the next use."""
    marked = mark_abbreviations(ARTICLE.format("<dl><dt><dfn>ШНОР</dfn></dt><dd>Школы… (ШНОР)</dd></dl>"), PAIRS)
    assert "<dfn>ШНОР</dfn>" in marked and '(<abbr title="школы с низкими образовательными результатами">ШНОР</abbr>)' in marked


def test_terms_are_whole_words_and_spaces_may_be_non_breaking() -> None:
    html = ARTICLE.format(f"<p>Форма ОО-1, ШНОРА нет; +1,9 п.{NBSP}п.; <a href=\"x/\">МБУ ДО «Центр»</a>; ОО</p>")
    marked = mark_abbreviations(html, PAIRS)
    assert "Форма ОО-1" in marked and "ШНОРА" in marked and "<abbr title=\"школы" not in marked
    assert f'<abbr title="процентный пункт">п.{NBSP}п.</abbr>' in marked
    assert '<a href="x/"><abbr title="муниципальное бюджетное учреждение дополнительного образования">МБУ ДО</abbr> «Центр»</a>' in marked
    assert marked.endswith('<abbr title="образовательная организация">ОО</abbr></p></article>')


def test_typeset_takes_the_terms_from_the_mkdocs_configuration() -> None:
    class Config:
        extra = {"msoko": {"abbreviations": [["ШНОР", "школы с низкими образовательными результатами"]]}}

    page = ARTICLE.format("<p>ШНОР, МБОУ «СОШ № 3»</p>")
    assert typeset(page, Config()) == ARTICLE.format(
        f'<p><abbr title="школы с низкими образовательными результатами">ШНОР</abbr>, МБОУ «СОШ №{NBSP}3»</p>')
    assert typeset(page, None) == numero(page)


# --- the glossary as data -------------------------------------------------------------------------------------

def test_glossary_defaults_hold_the_jargon_of_the_site() -> None:
    terms = {term.term: term for term in glossary.load(None)}
    for word in ("ШНОР", "ШФНСУ", "МЭ", "РЭ", "ВсОШ", "МКДО", "ДОО", "НИКО", "СПО", "ЕГЭ", "ОГЭ", "ВПР", "ГИА", "п. п.", "к", "—"):
        assert word in terms and terms[word].full, word
    assert not terms["к"].abbr and not terms["—"].abbr  # a letter and a dash are never wrapped in <abbr>
    assert ["к", terms["к"].full] not in glossary.abbreviations(list(terms.values()))


def test_an_authority_extends_and_overrides_the_glossary(tmp_path: Path) -> None:
    (tmp_path / "glossary.yml").write_text(
        '- term: ЦДОД\n  full: центр дополнительного образования детей\n'
        '- term: ШНОР\n  full: школы с низкими результатами обучения\n  text: Своё пояснение.\n', encoding="utf-8")
    terms = {term.term: term for term in glossary.load(tmp_path)}
    assert terms["ЦДОД"].full == "центр дополнительного образования детей"
    assert terms["ШНОР"].full == "школы с низкими результатами обучения" and terms["ШНОР"].text == "Своё пояснение."
    assert "ЕГЭ" in terms  # the defaults stay
    assert is_stage_input("glossary.yml")  # read by the glossary page, not published as a file


@pytest.mark.parametrize(("text", "message"), [
    ("- term: ЦДОД\n", "запись № 1: нужны непустые term"),
    ("- term: А\n  full: б\n- term: ЦДОД\n  fulll: центр\n", "запись № 2: неизвестные ключи fulll"),
    ("- term: А\n  full: б\n  abbr: иногда\n", "abbr — да/нет"),
    ("term: А\n", "ожидается список записей"),
])
def test_a_broken_glossary_is_reported_with_the_file_and_the_entry(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "glossary.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as raised:
        glossary.load(tmp_path)
    assert "content/glossary.yml" in str(raised.value)


# --- legends beside tables ------------------------------------------------------------------------------------

COLUMNS = [Column("Организация"), Column("Значение", numeric=True)]


def test_a_table_with_signs_explains_them_right_under_itself() -> None:
    html = str(table(COLUMNS, [["Школа", "к"], ["Лицей", "—"]], caption="Проверка"))
    legend = html.split("</div>", 1)[1]
    assert f"«к»{NBSP}— значение не публикуется" in legend and f"«—»{NBSP}— значения нет" in legend


def test_a_legend_names_only_the_signs_the_table_uses() -> None:
    suppressed_only = str(table(COLUMNS, [["Школа", "к"], ["Лицей", "75,0 %"]], caption="Проверка"))
    assert "«к»" in suppressed_only and "«—»" not in suppressed_only
    # a dash inside a name is not the sign «нет данных»; a table of plain values has no legend at all
    plain = str(table(COLUMNS, [["Педагоги ШНОР — участники", "12,5 %"]], caption="Проверка"))
    assert "msoko-legend" not in plain


# --- indicator pages in words -----------------------------------------------------------------------------------

SHARE = {"code": "1.09", "aggregation": "share", "unit": "процент", "level": "organisation", "method": "computed",
         "numerator": "Участники ЕГЭ по русскому языку с результатом 70 баллов и выше",
         "denominator": "Участники ЕГЭ по русскому языку", "formula": "ege[subject=rus]:ge70/participants", "source": "РЦОИ"}


def test_an_indicator_page_says_in_words_how_the_value_is_computed() -> None:
    html = str(how_computed(SHARE, 5))
    words, formula = html.split("<details", 1)
    assert "Доля в процентах" in words and "«Участники ЕГЭ по русскому языку с результатом 70 баллов и выше»" in words
    assert "ege" not in words  # the raw formula only inside the collapsed block
    assert "<summary>Формула расчёта</summary>" in formula and "ge70/participants" in formula
    assert f"меньше 5{NBSP}человек" in words


def test_a_reported_indicator_without_a_formula_has_no_formula_block() -> None:
    item = {**SHARE, "method": "reported", "formula": "", "source": "Форма ОО-1"}
    html = str(how_computed(item, 10))
    assert "<details" not in html and "сайт его не пересчитывает" in html and f"меньше 10{NBSP}человек" in html


# --- the settings -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("site", "key"), [({"email": "uo(at)example.org"}, "site.email"),
                                          ({"email": "uo@example"}, "site.email"),
                                          ({"url": "edu.example.ru"}, "site.url"),
                                          ({"url": "https://edu.example.ru/?page=1"}, "site.url")])
def test_the_feedback_address_and_the_site_address_are_checked(site: dict, key: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(key)):
        parse_config({"site": site})


def test_good_addresses_pass() -> None:
    config = parse_config({"site": {"email": "uo@edu.example.ru", "url": "https://example.ru/msoko/"}})
    assert config.site.email == "uo@edu.example.ru"
