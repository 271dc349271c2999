"""Tables of the assessment procedures (ЕГЭ, ОГЭ, ВПР, олимпиада) for one entity, from ``Results.procedures``.

A suppressed cell (a group below ``privacy.min_group``) shows «к» in every number of its row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import typography as ty
from ..lookups import as_float, is_missing, records
from ..tables import Cell, Column, table

if TYPE_CHECKING:
    from ..writer import PageWriter

STAGES = {"school": "школьный", "municipal": "муниципальный", "regional": "региональный", "final": "заключительный"}
STAGE_ORDER = {"school": 0, "municipal": 1, "regional": 2, "final": 3}

#: (column, title, format) per table; format: int — a count, pct — a share in per cent, num — one decimal
LAYOUT: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "ege": ("ЕГЭ", (
        ("participants", "Участники", "int"), ("mean_score", "Средний балл", "num"),
        ("below_min_pct", "Ниже минимума", "pct"), ("ge70_pct", "70 баллов и выше", "pct"),
        ("ge80_pct", "80 и выше", "pct"), ("ge90_pct", "90 и выше", "pct"), ("score100", "100 баллов", "int"),
    )),
    "oge": ("ОГЭ", (
        ("participants", "Участники", "int"), ("mark2_pct", "«2»", "pct"), ("mark3_pct", "«3»", "pct"),
        ("mark4_pct", "«4»", "pct"), ("mark5_pct", "«5»", "pct"), ("success_pct", "Успеваемость", "pct"),
        ("quality_pct", "Качество знаний", "pct"), ("mean_mark", "Средняя отметка", "mark"),
    )),
    "vpr": ("ВПР", (
        ("participants", "Участники", "int"), ("mark2_pct", "«2»", "pct"), ("mark3_pct", "«3»", "pct"),
        ("mark4_pct", "«4»", "pct"), ("mark5_pct", "«5»", "pct"), ("lowered_pct", "Понизили", "pct"),
        ("confirmed_pct", "Подтвердили", "pct"), ("raised_pct", "Повысили", "pct"),
    )),
    "olympiad": ("Всероссийская олимпиада школьников", (
        ("participants", "Участники", "int"), ("winners", "Победители", "int"),
        ("prize_winners", "Призёры", "int"), ("success_pct", "Результативность", "pct"),
    )),
}
NOTES = {
    "ege": "Доли — в процентах от числа участников по предмету.",
    "oge": "Доли отметок — в процентах от числа участников; успеваемость — отметки «3»–«5», качество знаний — «4» и «5».",
    "vpr": "Доли — в процентах от числа участников; понизили, подтвердили, повысили — отметка за ВПР ниже, равна или выше отметки по журналу.",
    "olympiad": "По этапам, все предметы вместе; результативность — победители и призёры на 100 участий. "
                "Результаты по предметам — в открытых данных.",
}


def _fmt(value: Any, kind: str) -> Cell:
    number = as_float(value)
    if number is None:
        return Cell(ty.NO_DATA)
    if kind == "int":
        return Cell(ty.fmt_int(number), number)
    if kind == "pct":
        return Cell(ty.fmt_percent(number), number)
    if kind == "mark":
        return Cell(ty.fmt_number(number, 2), number)
    return Cell(ty.fmt_number(number, 1), number)


def _subjects(w: PageWriter) -> dict[str, str]:
    subjects = w.ctx.dataset.tables.get("subjects")
    if subjects is None:
        return {}
    return {str(row["code"]): str(row["name"]) for row in records(subjects)}


def _olympiad_by_stage(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Olympiad results summed over subjects per stage (the school stage alone lists some twenty subjects)."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        stage = totals.setdefault(str(row["stage"]), {"stage": row["stage"], "subject": "", "participants": 0.0,
                                                     "winners": 0.0, "prize_winners": 0.0, "suppressed": False})
        for column in ("participants", "winners", "prize_winners"):
            stage[column] += as_float(row.get(column)) or 0.0
    for stage in totals.values():
        stage["success_pct"] = (100 * (stage["winners"] + stage["prize_winners"]) / stage["participants"]
                                if stage["participants"] else None)
    return list(totals.values())


def procedure_tables(w: PageWriter, entity_type: str, entity_id: str) -> tuple[list[dict[str, Any]], bool]:
    """One table per procedure for the entity's latest year with results; (tables, whether «к» occurs)."""
    subjects = _subjects(w)
    items, suppressed_any = [], False
    for name, (title, layout) in LAYOUT.items():
        rows = w.data.procedure_rows(name, entity_type, entity_id)
        if not rows:
            continue
        year = max(int(r["year"]) for r in rows)
        rows = [r for r in rows if int(r["year"]) == year]
        if name == "olympiad":
            rows = _olympiad_by_stage(rows)
        keys: list[Column] = []
        if name == "vpr":
            keys.append(Column("Класс", numeric=True))
            rows.sort(key=lambda r: (int(r["grade"]), subjects.get(str(r["subject"]), str(r["subject"]))))
        elif name == "olympiad":
            keys.append(Column("Этап"))
            rows.sort(key=lambda r: STAGE_ORDER.get(str(r["stage"]), 9))
        else:
            rows.sort(key=lambda r: subjects.get(str(r["subject"]), str(r["subject"])))
        if name != "olympiad":
            keys.append(Column("Предмет"))
        body = []
        for row in rows:
            cells: list[Any] = []
            if name == "vpr":
                cells.append(Cell(ty.fmt_int(int(row["grade"])), int(row["grade"])))
            if name == "olympiad":
                cells.append(Cell(STAGES.get(str(row["stage"]), row["stage"]), header=True))
            else:
                cells.append(Cell(subjects.get(str(row["subject"]), row["subject"]), header=True))
            hidden = bool(row.get("suppressed")) and not is_missing(row.get("suppressed"))
            suppressed_any |= hidden
            for column, _, kind in layout:
                cells.append(Cell(ty.SUPPRESSED) if hidden else _fmt(row.get(column), kind))
            body.append(cells)
        columns = keys + [Column(label, numeric=True) for _, label, _ in layout]
        items.append({
            "title": f"{title}, {ty.school_year_long(year)}",
            "note": NOTES[name],
            "table": table(columns, body, caption=f"{title}, {ty.school_year(year)}", search=False),
        })
    return items, suppressed_any


def for_organisation(w: PageWriter, page: str, org_id: str) -> tuple[list[dict[str, Any]], bool]:
    return procedure_tables(w, "organisation", org_id)
