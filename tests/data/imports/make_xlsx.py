"""Regenerate the XLSX fixtures of this folder: ``python tests/data/imports/make_xlsx.py``.

Kept as code because XLSX is binary: the script shows exactly what each book contains.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
EGE_TITLES = ["Код организации", "Учебный год", "Предмет", "Участники", "Средний балл", "Ниже минимума", "70 баллов и выше",
              "80 баллов и выше", "90 баллов и выше", "100 баллов", "Медалисты", "Медалисты, не подтвердившие результат"]


def save(book: Workbook, name: str) -> None:
    book.properties.creator = "msoko tests"
    book.save(HERE / name)


def plain() -> None:
    """Numbers stored as numbers (Excel floats), Russian captions, a hidden sheet before the data."""
    book = Workbook()
    hidden = book.active
    hidden.title = "Служебный"
    hidden.sheet_state = "hidden"
    hidden["A1"] = "не данные"
    sheet = book.create_sheet("ЕГЭ")
    sheet.append(EGE_TITLES)
    sheet.append(["sch-1", 2025, "rus", 22, 71.5, 0, 12, 6, 2, 1, 3, 0])
    sheet.append(["sch-1", 2025.0, "math", 14.0, 60.25, 1, 5, 2, 1, 0, 3, 1])
    sheet.append(["sch-3", 2025, "rus", 9, 58.0, 1, 2, 1, 0, 0, 0, 0])
    save(book, "plain.xlsx")


def merged_header() -> None:
    """ОГЭ with a two-row header: «Получили отметку» merged over «2», «3», «4», «5»; single captions merged down."""
    book = Workbook()
    sheet = book.active
    sheet.title = "ОГЭ"
    for column, title in zip("ABCD", ["Код организации", "Год", "Предмет", "Участники"], strict=True):
        sheet[f"{column}1"] = title
        sheet.merge_cells(f"{column}1:{column}2")
    sheet["E1"] = "Получили отметку"
    sheet.merge_cells("E1:H1")
    for column, mark in zip("EFGH", ["2", "3", "4", "5"], strict=True):
        sheet[f"{column}2"] = mark
    sheet.append(["sch-1", 2025, "rus", 26, 1, 8, 11, 6])
    sheet.append(["sch-2", 2025, "math", 10, 1, 5, 3, 1])
    save(book, "merged_header.xlsx")


def formula() -> None:
    """A formula instead of a value (must be refused: the cached value may be stale or missing)."""
    book = Workbook()
    sheet = book.active
    sheet.append(EGE_TITLES)
    sheet.append(["sch-1", 2025, "rus", "=10+12", 71.5, 0, 12, 6, 2, 1, 3, 0])
    save(book, "formula.xlsx")


if __name__ == "__main__":
    plain()
    merged_header()
    formula()
