"""Data values in generated pages are text, never markup: neither HTML nor Markdown may be injected."""

from __future__ import annotations

import markdown
from markupsafe import Markup

from generator.render.tables import Cell, Column, table
from generator.render.templating import make_environment, md_escape, url_of

HOSTILE = "<script>alert(1)</script> *жирный* _курсив_ [ссылка](javascript:alert(1)) | `код` # {: .x}"


def _html(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=["tables", "attr_list", "md_in_html", "toc"])


def test_escaped_value_renders_as_the_same_text_in_prose() -> None:
    html = _html(f"# Школа {md_escape(HOSTILE)}\n\nНазвание: {md_escape(HOSTILE)}")
    assert "<script" not in html
    assert "<em>" not in html and "<strong>" not in html and "<code>" not in html
    assert "<a " not in html
    # the browser shows exactly the original characters
    import html as html_module

    paragraph = html.split("<p>")[1].split("</p>")[0]
    assert html_module.unescape(paragraph) == f"Название: {HOSTILE}"


def test_markup_is_left_alone() -> None:
    assert md_escape(Markup("<b>x</b>")) == "<b>x</b>"


def test_newlines_cannot_break_out_of_a_block() -> None:
    assert "\n" not in md_escape("a\n\n<div>b")


def test_template_escapes_every_value_and_trusts_markup() -> None:
    env = make_environment()
    template = env.from_string("{{ name }} | {{ safe }}")
    out = template.render(name="<i>x</i>", safe=Markup("<i>y</i>"))
    assert out == "&lt;i&gt;x&lt;/i&gt; | <i>y</i>"  # the template's own text is not escaped


def test_table_cells_are_escaped_and_numbers_sort_as_numbers() -> None:
    html = str(table([Column("Организация"), Column("Значение", numeric=True)],
                     [[HOSTILE, Cell("1\u00a0234,5", 1234.5)]], caption="Проверка <b>", interactive=True))
    assert "<script" not in html and "<b>" not in html
    assert 'data-sort="1234.5"' in html
    assert 'class="num"' in html and "data-msoko-table" in html


def test_links_between_index_pages_become_directory_urls() -> None:
    assert url_of("../organisations/sch-01/index.md") == "../organisations/sch-01/"
    assert url_of("index.md") == "./"
    assert url_of("../data/x.csv") == "../data/x.csv"
