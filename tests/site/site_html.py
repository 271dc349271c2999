"""Reading the published HTML in tests: the rows of the generated tables as plain text."""

from __future__ import annotations

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[list[str]]]:
    """Every table of a page as rows of cell texts (whitespace, including no-break spaces, collapsed)."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def find_row(html: str, first_cell_prefix: str) -> list[str]:
    """The first table row whose first cell starts with ``first_cell_prefix``."""
    for table in table_rows(html):
        for row in table:
            if row and row[0].startswith(first_cell_prefix):
                return row
    raise AssertionError(f"no table row starts with {first_cell_prefix!r}")


def header_row(html: str, first_cell_prefix: str) -> list[str]:
    """The header row of the table that has a row starting with ``first_cell_prefix``."""
    for table in table_rows(html):
        if any(row and row[0].startswith(first_cell_prefix) for row in table):
            return table[0]
    raise AssertionError(f"no table has a row starting with {first_cell_prefix!r}")
