"""Tables travel beside the Markdown and return into the finished HTML in their places."""

from __future__ import annotations

from generator.render import fragments
from generator.render.tables import Column, table


def test_tables_are_replaced_by_placeholders_and_filled_back() -> None:
    first = str(table([Column("А")], [["1"]], caption="Первая"))
    second = str(table([Column("Б")], [["<2>"]], caption="Вторая"))
    page = f"# Заголовок\n\n{first}\n\nТекст между.\n\n{second}\n"
    text, blocks = fragments.split(page)
    assert "<table" not in text and blocks == [first, second]
    assert fragments.placeholder(0) in text and fragments.placeholder(1) in text
    html = f"<h1>Заголовок</h1>\n{fragments.placeholder(0)}\n<p>Текст между.</p>\n{fragments.placeholder(1)}"
    filled = fragments.fill(html, fragments.dump(blocks))
    assert filled == f"<h1>Заголовок</h1>\n{first}\n<p>Текст между.</p>\n{second}"


def test_a_page_without_tables_has_no_side_file_content() -> None:
    assert fragments.split("# Только текст\n") == ("# Только текст\n", [])
