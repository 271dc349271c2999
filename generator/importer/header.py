"""Find the header of an export and decide which column holds which field.

Exports put a title or a date above the table, split one caption over two merged rows («Отметки» over «2», «3»,
«4», «5»), or add a second header row of Russian captions under the technical names (our own templates do the
opposite). The header is the row whose cells match the most known captions; a following row that matches the
field names or titles is a second header row and is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DataError
from ..load import Resource
from .mapping import Mapping, normalise_caption
from .readers import Grid, column_letter

#: how far down a header may start (exports put titles, dates and blank lines above it)
SEARCH_ROWS = 30


@dataclass
class Layout:
    """Where the data starts and which source column (0-based) feeds each field."""

    first_data: int  # index into grid.rows of the first data row
    columns: dict[str, int]  # field name → column index
    captions: dict[str, str]  # field name → the caption as written in the file (for messages)
    ignored: list[str] = field(default_factory=list)  # captions of columns that feed no field
    notes: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # column index → its caption(s) in the file, « / »-joined


def _match(candidates: list[str], known: dict[str, list[str]]) -> list[str]:
    """The fields a column feeds (one column may feed several: a count is both numerator and value)."""
    for caption in candidates:
        names = known.get(normalise_caption(caption)) if caption else None
        if names:
            return names
    return []


def _combined(parent: str, child: str) -> list[str]:
    """Captions to try for a column under a two-row header: «Отметка» over «2» is tried as «Отметка 2», then «2»."""
    if not child or child == parent:
        return [parent]
    if not parent:
        return [child]
    return [f"{parent} {child}", child, parent]


def _assign(rows: list[list[str]], known: dict[str, list[str]]) -> tuple[dict[str, int], dict[str, str], list[tuple[str, list[int]]]]:
    """Map columns to fields for a header of one row (``rows=[r]``) or two rows (``rows=[parent, child]``)."""
    width = max(len(row) for row in rows)
    columns: dict[str, list[int]] = {}
    captions: dict[str, str] = {}
    for index in range(width):
        cells = [row[index] if index < len(row) else "" for row in rows]
        candidates = _combined(cells[0], cells[1]) if len(cells) == 2 else [cells[0]]
        for name in _match(candidates, known):
            columns.setdefault(name, []).append(index)
            captions.setdefault(name, " ".join(c for c in dict.fromkeys(cells) if c))
    duplicates = [(name, indexes) for name, indexes in columns.items() if len(indexes) > 1]
    return {name: indexes[0] for name, indexes in columns.items()}, captions, duplicates


def _second_header(row: list[str], known: dict[str, list[str]], following: list[str] | None = None) -> bool:
    """A row of captions (names or titles) under the header, not data: most of its filled cells are captions,
    or (``following``: the next row, given for the row right under the header) the row has words where the next
    row has numbers — Russian captions under technical names that the mapping names only in part."""
    filled = [cell for cell in row if cell]
    if not filled:
        return False
    matched = sum(1 for cell in filled if normalise_caption(cell) in known and not _numeric(cell))
    if matched >= max(1, (len(filled) + 1) // 2):
        return True
    if following is None:
        return False
    numbers = [i for i, cell in enumerate(following) if cell and _numeric(cell)]
    return bool(numbers) and all(i < len(row) and any(ch.isalpha() for ch in row[i]) and not _numeric(row[i]) for i in numbers)


def _numeric(cell: str) -> bool:
    return cell.replace(",", "").replace(".", "").replace(" ", "").isdigit()


def locate(grid: Grid, resource: Resource, mapping: Mapping) -> Layout:
    """Find the header rows and the column of each field; a DataError explains what was expected."""
    known = mapping.captions(resource)
    if mapping.header_row is not None:
        starts = [i for i, number in enumerate(grid.row_numbers) if number == mapping.header_row]
        if not starts:
            raise DataError(f"Файл {grid.source}: строка {mapping.header_row} (header_row в сопоставлении) пуста или её нет.")
        candidates = [starts[0]]
    else:
        candidates = list(range(min(SEARCH_ROWS, len(grid.rows))))
    best: tuple[int, int, int] | None = None  # (matched fields, -header height, -row index)
    for index in candidates:
        for height in (1, 2):
            if index + height > len(grid.rows):
                continue
            if height == 2 and not _looks_two_level(grid, index):
                continue
            columns, _, _ = _assign(grid.rows[index : index + height], known)
            score = (len(columns), -height, -index)
            if best is None or score > best:
                best = score
    if best is None or best[0] == 0:
        expected = ", ".join(f"«{spec.get('title', spec['name'])}»" for spec in resource.fields)
        raise DataError(
            f"Файл {grid.source}: не найдена строка заголовка — ни один столбец не похож на поля набора «{resource.name}».",
            f"первая строка таблицы должна содержать подписи столбцов: {expected}; для выгрузки другого вида "
            "опишите соответствие столбцов в файле сопоставления (--mapping).",
        )
    height, index = -best[1], -best[2]
    header_rows = grid.rows[index : index + height]
    columns, captions, duplicates = _assign(header_rows, known)
    if duplicates:
        name, indexes = duplicates[0]
        letters = ", ".join(column_letter(i + 1) for i in indexes)
        raise DataError(
            f"Файл {grid.source}, строка {grid.row_numbers[index]}: полю «{name}» соответствуют несколько столбцов ({letters}).",
            "оставьте один из них или укажите нужный в файле сопоставления (раздел columns).",
        )
    layout = Layout(first_data=index + height, columns=columns, captions=captions)
    last = grid.row_numbers[index + height - 1]
    merged_from = min((top[0] for cell, top in grid.merged_header.items() if cell[0] == last and top[0] < last), default=None)
    above = sum(1 for number in grid.row_numbers[:index] if merged_from is None or number < merged_from)
    if above:
        layout.notes.append(f"строки над заголовком ({above}) пропущены, заголовок — строка {grid.row_numbers[index]}")
    if height == 2:
        layout.notes.append(f"заголовок из двух строк (объединённые ячейки), строки {grid.row_numbers[index]}–{last}")
    elif merged_from is not None:
        layout.notes.append(f"заголовок с объединёнными ячейками, строки {merged_from}–{last}")
    extra_rows: list[list[str]] = []
    while layout.first_data < len(grid.rows) and _second_header(
        grid.rows[layout.first_data], known,
        grid.rows[layout.first_data + 1] if not extra_rows and layout.first_data + 1 < len(grid.rows) else None,
    ):
        layout.notes.append(f"вторая строка заголовка (строка {grid.row_numbers[layout.first_data]}) пропущена")
        extra_rows.append(grid.rows[layout.first_data])
        layout.first_data += 1
    # technical names over captions or captions over technical names: a column may be known by either row
    above_row = grid.rows[index - 1] if index > 0 and height == 1 else None
    if above_row is not None and sum(1 for cell in above_row if cell) >= 2:
        more, _, _ = _assign([above_row], known)
        if any(name not in columns for name in more):
            extra_rows.insert(0, above_row)
    for extra in extra_rows:
        more, more_captions, _ = _assign([extra], known)
        for name, position in more.items():
            if name not in columns:
                columns[name] = position
                layout.captions[name] = more_captions[name]
    used = set(columns.values())
    header_rows = header_rows + extra_rows
    width = max(len(row) for row in header_rows)
    layout.headers = [
        " / ".join(c for c in dict.fromkeys(row[position] if position < len(row) else "" for row in header_rows) if c)
        for position in range(width)
    ]
    for position in range(width):
        if position not in used:
            caption = " ".join(c for c in dict.fromkeys(row[position] if position < len(row) else "" for row in header_rows) if c)
            if caption:
                layout.ignored.append(caption)
            elif any(position < len(row) and row[position] for row in grid.rows[layout.first_data :]):
                raise DataError(
                    f"Файл {grid.source}: в столбце {column_letter(position + 1)} есть данные, но нет подписи в заголовке.",
                    "подпишите столбец или удалите его.",
                )
    return layout


def _looks_two_level(grid: Grid, index: int) -> bool:
    """A two-row header: some cell of the row is merged across columns (XLSX), or the row has gaps that the next fills."""
    number = grid.row_numbers[index]
    for (row, column), (top_row, top_column) in grid.merged_header.items():
        if top_row == number and (row, column) != (top_row, top_column) and column != top_column:
            return True
    first, second = grid.rows[index], grid.rows[index + 1]
    if sum(1 for cell in first if cell) < 2:  # one filled cell is a title above the table, not a parent caption
        return False
    gaps = [i for i, cell in enumerate(first) if not cell]
    return bool(gaps) and all(i < len(second) and second[i] for i in gaps)
