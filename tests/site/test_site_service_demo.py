"""The words and the service pages on the built demo site: «№» never parted from its number anywhere a reader
sees text, the glossary and the abbreviations at their first use, page titles without repetition, the
accessibility statement, the feedback link, the indicator pages in words, and the legend under tables."""

from __future__ import annotations

import html as html_module
import re
from collections import Counter
from pathlib import Path

import pytest

from generator import glossary
from generator.config import load_config
from generator.project import Project

pytestmark = pytest.mark.slow

#: «№» followed by an ordinary space, a tab or a line end: the places where a line may break after it
BREAKABLE_NUMERO = re.compile(r"№(?:[ \t\r]|\n|$)", re.M)
ARTICLE = re.compile(r'<article(?: data-pagefind-body)? class="md-content__inner md-typeset">(.*?)</article>', re.S)


def html_pages(project: Project) -> list[Path]:
    return sorted(project.site.rglob("*.html"))


def test_numero_is_followed_by_a_non_breaking_space_everywhere(demo_site: Project) -> None:
    """Every page, chart and open-data passport of the demo: the registry spells «СОШ № 3» with an ordinary
    space, and none of it survives into what a reader sees (the data files keep the registry's spelling)."""
    site = demo_site.site
    shown = [*html_pages(demo_site), *site.rglob("*.svg"), *site.glob("opendata/**/meta.csv"), *site.glob("opendata/list.csv")]
    assert len(shown) > 100
    offenders = [f"{path.relative_to(site)}: …{found.string[max(0, found.start() - 30):found.end() + 5]!r}"
                 for path in shown for found in [BREAKABLE_NUMERO.search(path.read_text(encoding="utf-8"))] if found]
    assert offenders == []
    school = (site / "organisations" / "sch-01" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>МАОУ «Гимназия №\u00a01»</h1>", school)
    registry = (demo_site.datapackages / "registry" / "organisations.csv").read_text(encoding="utf-8")
    assert "«Гимназия № 1»" in registry  # the fixture does test the conversion


def test_page_titles_name_the_site_once(demo_site: Project) -> None:
    name = load_config(demo_site.config_file).site.title
    titles = {}
    for page in html_pages(demo_site):
        found = re.search(r"<title>([^<]*)</title>", page.read_text(encoding="utf-8"))
        titles[page.relative_to(demo_site.site).as_posix()] = found.group(1)
    assert titles["index.html"] == name
    repeated = {path: title for path, title in titles.items() if title.count(name) != 1}
    assert repeated == {}
    assert titles["glossary/index.html"] == f"Словарь терминов — {name}"
    assert all(title.endswith(f" — {name}") for path, title in titles.items() if path != "index.html")


def test_the_glossary_page_spells_out_every_term(demo_site: Project) -> None:
    html = (demo_site.site / "glossary" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r"<dt>(.*?)</dt>", html)
    listed = [re.sub(r"<[^>]+>", "", item).replace("\u00a0", " ") for item in listed]
    terms = glossary.load(demo_site.content)
    assert listed == [term.term.replace("&", "&amp;") for term in terms]
    for word in ("ШНОР", "ШФНСУ", "МКДО", "НИКО", "СПО", "к", "—"):
        assert word in listed
    nav = (demo_site.site / "index.html").read_text(encoding="utf-8")
    assert 'href="glossary/"' in nav  # reachable from every page: the menu and the footer


def test_abbreviations_are_explained_once_a_page_and_never_in_headings(demo_site: Project) -> None:
    pairs = dict(glossary.abbreviations(glossary.load(demo_site.content)))
    marked_pages = 0
    for page in html_pages(demo_site):
        html = page.read_text(encoding="utf-8")
        article = ARTICLE.search(html)
        outside = html[:article.start()] + html[article.end():] if article else html
        assert "<abbr" not in outside, page  # the menu, the title and the footer are left alone
        if not article:
            continue
        body = article.group(1)
        marks = re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', body)
        counts = Counter(" ".join(shown.replace("\u00a0", " ").split()) for _, shown in marks)
        assert all(count == 1 for count in counts.values()), (page, counts)
        assert all(pairs[term] == title for title, term in ((t, " ".join(s.replace("\u00a0", " ").split())) for t, s in marks))
        assert not re.search(r"<h[1-6][^>]*>(?:(?!</h[1-6]>).)*<abbr", body, re.S), page
        marked_pages += bool(marks)
    assert marked_pages > 50
    school = ARTICLE.search((demo_site.site / "organisations" / "sch-01" / "index.html").read_text(encoding="utf-8")).group(1)
    text_before = re.sub(r"<h[1-6].*?</h[1-6]>|<[^>]+>", " ", school.split('<abbr title="единый государственный экзамен">')[0], flags=re.S)
    assert not re.search(r"(?<!\w)ЕГЭ(?!\w)", text_before)  # the mark is on the first use, not a later one


def test_accessibility_statement(demo_site: Project) -> None:
    config = load_config(demo_site.config_file)
    html = (demo_site.site / "accessibility" / "index.html").read_text(encoding="utf-8")
    for words in ("axe-core", "валидатором HTML", "375", "1\u00a0280", "Известные ограничения", "Обратная связь"):
        assert words in html, words
    assert f'href="mailto:{config.site.email}"' in html and config.site.phone in html_module.unescape(html)


def test_every_page_has_the_feedback_link(demo_site: Project) -> None:
    email = load_config(demo_site.config_file).site.email
    missing = [page.name for page in html_pages(demo_site)
               if f'href="mailto:{email}?subject=' not in page.read_text(encoding="utf-8")]
    assert missing == []


def test_the_demo_without_a_site_url_has_no_sitemap(demo_site: Project) -> None:
    assert not load_config(demo_site.config_file).site.url
    assert not (demo_site.site / "sitemap.xml").exists()
    assert 'rel="canonical"' not in (demo_site.site / "index.html").read_text(encoding="utf-8")


def test_indicator_page_says_how_its_value_is_computed(demo_site: Project) -> None:
    html = (demo_site.site / "indicators" / "1-07" / "index.html").read_text(encoding="utf-8")
    words = html.split("Как считается значение", 1)[1].split("<details", 1)[0]
    assert "Среднее" in words and "Сумма баллов участников" in words and "mean_score" not in words
    formula = re.search(r'<details class="msoko-formula"><summary>Формула расчёта</summary>(.*?)</details>', html, re.S)
    assert formula and "mean_score*participants" in html_module.unescape(formula.group(1))
    profile = re.search(r'<dl class="msoko-profile">.*?</dl>', html, re.S).group(0)
    assert "mean_score" not in profile


def test_each_table_with_signs_has_its_legend_right_under_it(demo_site: Project) -> None:
    checked = 0
    for page in html_pages(demo_site):
        html = page.read_text(encoding="utf-8")
        for found in re.finditer(r'<div class="msoko-table-wrap".*?</table>\s*</div>', html, re.S):
            block, after = found.group(0), html[found.end():found.end() + 400]
            signs = [sign for sign in ("к", "—") if f">{sign}<" in block]
            has_legend = after.lstrip().startswith('<p class="msoko-legend msoko-legend--table">')
            assert has_legend == bool(signs), (page, block[:200])
            if signs:
                legend = after.split("</p>", 1)[0]
                assert all(f"«{sign}»" in legend for sign in signs)
                checked += 1
    assert checked > 20


@pytest.mark.parametrize("page", ["glossary/index.html", "accessibility/index.html", "indicators/1-07/index.html"])
def test_the_new_words_never_start_a_line_with_a_dash(demo_site: Project, page: str) -> None:
    article = ARTICLE.search((demo_site.site / page).read_text(encoding="utf-8")).group(1)
    own = article if "indicators" not in page else article.split("Паспорт показателя")[0]
    # a block (a term, its definition, a paragraph) starts a line of its own; inline tags are dropped
    text = re.sub(r"<[^>]+>", "", re.sub(r"</?(?:dt|dd|p|li|h[1-6]|tr|td|th|div)\b[^>]*>", "\n", own))
    assert " — " not in text and "\n— " not in text
