"""The «Изменения в данных» page: what changed since the previous published version, value by value.

Each changed value is listed with its indicator, organisation and year, the old and the new value and the
analyst's note (``content/data/changes.yml``) that explains it; the full list of every version is also a CSV
file. Derived columns of the indicator table (previous year, change, verdict…) are left out: they would repeat
one correction many times.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from .. import typography as ty
from .. import urls
from .datasets import INDICATOR_VALUES
from .markup import Column, table
from .markup import escape as md_escape
from .versions import Change, Note, Release, Version, diff_table, explain

#: the columns of the indicator table whose changes are listed (the others follow from them)
INDICATOR_COLUMNS = ("value", "suppressed")
PAGE_LIMIT = 300


@dataclass(frozen=True)
class Labels:
    """Names for the page: indicators (code → (short name, unit)), entities and field titles by dataset."""

    indicators: dict[str, tuple[str, str]]
    entities: dict[str, str]
    fields: dict[str, dict[str, str]]
    types: dict[str, dict[str, str]]
    subjects: dict[str, str]


def compare(old: dict[str, bytes], new: dict[str, bytes], keys: dict[str, list[str]]) -> list[Change]:
    """Every change between two versions' CSV files (``<name>.csv`` → bytes), datasets in ``keys`` order."""
    changes: list[Change] = []
    for name, key in keys.items():
        file = f"{name}.csv"
        if file not in old and file not in new:
            continue
        columns = list(INDICATOR_COLUMNS) if name == INDICATOR_VALUES else None
        changes += diff_table(name, old.get(file), new.get(file), key, columns)
    return _merge_suppression(changes)


def _merge_suppression(changes: list[Change]) -> list[Change]:
    """A value that became hidden (or shown) is one change «x → к», not two changes of two columns."""
    by_row: dict[tuple, dict[str, Change]] = {}
    for change in changes:
        if change.dataset == INDICATOR_VALUES and change.kind == "changed":
            by_row.setdefault(tuple(change.keys.items()), {})[change.column] = change
    merged = []
    for change in changes:
        if change.dataset != INDICATOR_VALUES or change.kind != "changed":
            merged.append(change)
            continue
        row = by_row[tuple(change.keys.items())]
        if change.column == "suppressed" and "value" in row:
            continue
        if change.column == "value" or "value" not in row:
            hidden = row.get("suppressed")
            old = ty.SUPPRESSED if hidden and hidden.old == "true" else change.old if change.column == "value" else ""
            new = ty.SUPPRESSED if hidden and hidden.new == "true" else change.new if change.column == "value" else ""
            merged.append(Change(change.dataset, change.keys, "value", old, new))
    return merged


def changes_csv(changes: list[Change], notes: list[Note]) -> bytes:
    """dataset, kind, key (``column=value`` pairs), column, old, new, note — one line per change."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["dataset", "kind", "key", "column", "old", "new", "note"])
    for change in changes:
        note = explain(change, notes)
        key = "; ".join(f"{column}={value}" for column, value in change.keys.items())
        writer.writerow([change.dataset, change.kind, key, change.column, _safe(change.old), _safe(change.new),
                         _safe(note.text if note else "")])
    return buffer.getvalue().encode("utf-8")


def _safe(text: str) -> str:
    from .formats import neutralise

    return neutralise(text)


def _shown(text: str, unit: str, digits: int | None = None) -> str:
    if text in ("", ty.SUPPRESSED):
        return text or ty.NO_DATA
    try:
        return ty.fmt_value(float(text), unit, digits)
    except ValueError:
        return text


def _pair(old: str, new: str, unit: str) -> tuple[str, str]:
    """Old and new value as shown; more decimals when the usual rounding would make them look equal."""
    shown = (_shown(old, unit), _shown(new, unit))
    for digits in (2, 3, 4):
        if shown[0] != shown[1] or ty.SUPPRESSED in (old, new) or "" in (old, new):
            break
        shown = (_shown(old, unit, digits), _shown(new, unit, digits))
    return shown


def _key_text(change: Change, labels: Labels) -> str:
    parts = []
    for column, value in change.keys.items():
        if column in ("org_id", "entity_id", "oktmo"):
            parts.append(labels.entities.get(value, value))
        elif column == "year" and value.isdigit():
            parts.append(ty.school_year(int(value)))
        elif column == "subject":
            parts.append(labels.subjects.get(value, value))
        elif column == "grade" and value.isdigit():
            parts.append(f"{value}{ty.NBSP}класс")
        elif column != "entity_type":
            parts.append(value)
    return ", ".join(parts)


def _cell(text: str, kind: str) -> str:
    """A source cell as a reader expects it: decimal comma, «—» for an empty cell."""
    if text == "":
        return ty.NO_DATA
    if kind in ("integer", "number"):
        try:
            number = float(text)
        except ValueError:
            return text
        digits = len(text.split(".", 1)[1]) if "." in text else 0
        return ty.fmt_number(number, digits)
    return text


def indicator_rows(changes: list[Change], notes: list[Note], labels: Labels) -> list[list]:
    rows = []
    for change in changes:
        code = change.keys.get("indicator", "")
        name, unit = labels.indicators.get(code, (code, ""))
        year = change.keys.get("year", "")
        note = explain(change, notes)
        rows.append([f"{code} {name}", labels.entities.get(change.keys.get("entity_id", ""), change.keys.get("entity_id", "")),
                     ty.school_year(int(year)) if year.isdigit() else year,
                     *_pair(change.old, change.new, unit), note.text if note else ""])
    return rows


def source_rows(changes: list[Change], notes: list[Note], labels: Labels) -> list[list]:
    rows = []
    for change in changes:
        note = explain(change, notes)
        title = labels.fields.get(change.dataset, {}).get(change.column, change.column)
        kind = labels.types.get(change.dataset, {}).get(change.column, "string")
        rows.append([_key_text(change, labels), title, _cell(change.old, kind), _cell(change.new, kind), note.text if note else ""])
    return rows


def _summary(changes: list[Change]) -> str:
    added = sum(change.kind == "added" for change in changes)
    removed = sum(change.kind == "removed" for change in changes)
    changed = sum(change.kind == "changed" for change in changes)
    parts = []
    if changed:
        parts.append(f"{ty.count_noun(changed, ('значение изменено', 'значения изменены', 'значений изменено'))}")
    if added:
        parts.append(f"{ty.count_noun(added, ('строка добавлена', 'строки добавлены', 'строк добавлено'))}")
    if removed:
        parts.append(f"{ty.count_noun(removed, ('строка удалена', 'строки удалены', 'строк удалено'))}")
    return ", ".join(parts) if parts else "изменений нет"


def _added_by_year(changes: list[Change]) -> str:
    years = pd.Series([change.keys.get("year", "") for change in changes if change.kind in ("added", "removed")])
    years = years[years.str.isdigit()].astype(int) if not years.empty else years
    if years.empty:
        return ""
    counts = years.value_counts().sort_index()
    return "; ".join(f"{ty.school_year(int(year))}: {ty.fmt_int(count)}" for year, count in counts.items())


def changes_page(version: Version, previous: Release | None, changes: list[Change], version_notes: list[Note],
                 all_notes: list[Note], labels: Labels, titles: dict[str, str], history: list[tuple[Release, str, list[Change]]],
                 csv_path: str, withdrawn: list[Release] | None = None) -> str:
    page = urls.CHANGES
    lines = [
        "---",
        'description: "Что изменилось в опубликованных данных: значение за значением, с пояснениями"',
        "---",
        "",
        "# Изменения в данных",
        "",
        f"Текущая версия данных — <code>{md_escape(version.name)}</code> (данные от {md_escape(ty.fmt_date(version.date))}). "
        "Имя версии состоит из даты данных и начала контрольной суммы опубликованных файлов: одинаковые данные всегда "
        "получают одно имя, любое исправление — новое.",
        "",
    ]
    if withdrawn:
        lines += ["## Отозванные версии", "",
                  "Файлы этих версий больше не публикуются и их контрольные суммы не действуют: удалите скачанные копии "
                  "и пользуйтесь текущей версией.", ""]
        lines += [f"- <code>{md_escape(item.version)}</code> (данные от {md_escape(ty.fmt_date(dt.date.fromisoformat(item.date)))}): "
                  f"{md_escape(item.withdrawn)}" for item in withdrawn]
        lines.append("")
    if previous is None and withdrawn:
        lines += ["Это первая версия, выпущенная по действующему правилу защиты малых групп: сравнивать не с чем.", ""]
    elif previous is None:
        lines += ["Это первая опубликованная версия данных: сравнивать не с чем.", ""]
    else:
        lines += [
            f"## Что изменилось с версии {md_escape(previous.version)}",
            "",
            f"{md_escape(_summary(changes).capitalize())}. Полный перечень — в файле "
            f'<a href="{md_escape(urls.link(page, csv_path))}" download>{md_escape(csv_path.rsplit("/", 1)[-1])}</a>.',
            "",
        ]
        for note in version_notes:
            if not note.specificity:
                lines += [f'!!! info "Пояснение от {md_escape(ty.fmt_date(note.date))}"', "", f"    {md_escape(note.text)}", ""]
        values = [change for change in changes if change.dataset == INDICATOR_VALUES and change.kind == "changed"]
        if values:
            shown = values[:PAGE_LIMIT]
            lines += [
                "### Значения показателей",
                "",
                str(table([Column("Показатель"), Column("Организация или территория"), Column("Год"),
                           Column("Было", numeric=True), Column("Стало", numeric=True), Column("Почему")],
                          indicator_rows(shown, all_notes, labels), caption="Изменённые значения показателей")),
                "",
            ]
            if len(values) > PAGE_LIMIT:
                lines += [f"Показаны первые {ty.fmt_int(PAGE_LIMIT)} из {ty.fmt_int(len(values))}; остальные — в файле изменений.", ""]
        for name, title in titles.items():
            if name == INDICATOR_VALUES:
                continue
            own = [change for change in changes if change.dataset == name]
            if not own:
                continue
            lines += [f"### {md_escape(title)}", "", md_escape(_summary(own).capitalize() + "."), ""]
            years = _added_by_year(own)
            if years:
                lines += [md_escape(f"Добавлено или удалено строк по годам: {years}."), ""]
            edited = [change for change in own if change.kind == "changed"][:PAGE_LIMIT]
            if edited:
                lines += [str(table([Column("Строка"), Column("Поле"), Column("Было", numeric=True), Column("Стало", numeric=True),
                                     Column("Почему")], source_rows(edited, all_notes, labels),
                                    caption=f"Изменённые значения: {title}")), ""]
    lines += ["## Все версии", "",
              "Каждая опубликованная версия остаётся доступной: файлы CSV, описание пакета, контрольные суммы и архив.", ""]
    rows = []
    for release, folder, release_changes in reversed(history):
        base = f"data/versions/{release.version}"
        links = (f'<a href="{md_escape(urls.link(page, base + "/" + folder))}" download>архив</a> · '
                 f'<a href="{md_escape(urls.link(page, base + "/datapackage.json"))}">datapackage.json</a> · '
                 f'<a href="{md_escape(urls.link(page, base + "/SHA256SUMS"))}">SHA256SUMS</a>')
        if release_changes is not None:
            links += f' · <a href="{md_escape(urls.link(page, f"data/changes/changes-{release.version}.csv"))}" download>изменения</a>'
        rows.append([Markup(f"<code>{md_escape(release.version)}</code>"), ty.fmt_date(_date(release.date)),
                     _summary(release_changes) if release_changes is not None else "первая версия", Markup(links)])
    lines += [str(table([Column("Версия"), Column("Дата"), Column("Изменения"), Column("Файлы")], rows,
                        caption="Опубликованные версии данных")), ""]
    return "\n".join(lines)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
