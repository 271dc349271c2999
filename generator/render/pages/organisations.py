"""One page per organisation: profile (with the microdata names of the Рособрнадзор requirements), its
indicators beside the municipal values with their dynamics, the results of the assessment procedures, a
couple of charts, and a CSV of the organisation's own published values."""

from __future__ import annotations

import csv
import html
import io
from typing import TYPE_CHECKING, Any

import pandas as pd
from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ..charts import Chart
from ..lookups import (
    KIND_NAMES,
    LOCALITY_NAMES,
    STATUS_NAMES,
    TYPE_NAMES,
    as_float,
    change_markup,
    is_missing,
    records,
    shown_value,
)
from ..tables import Cell, Column, table
from ..templating import md_escape
from . import procedures

if TYPE_CHECKING:
    from ..writer import PageWriter

#: (indicator of marks «2», of success «3»–«5», of quality «4»–«5») for the stacked mark charts
MARK_INDICATORS = {"ВПР": ("1.19", "1.20", "1.21"), "ОГЭ": ("1.15", "1.16", "1.17")}
MARK_SEGMENTS = ("«2»", "«3»", "«4» и «5»")
#: comparison charts show at most this many percentage indicators
MAX_COMPARED = 8
CSV_COLUMNS = ("indicator", "indicator_short_name", "unit", "year", "value", "numerator", "denominator",
               "municipal_value", "change", "verdict", "suppressed")


def _safe_website(url: Any) -> str | None:
    """Only ``http(s)`` addresses become links; anything else (``javascript:``…) is shown as text."""
    if is_missing(url):
        return None
    text = str(url).strip()
    return text if text.lower().startswith(("http://", "https://")) and '"' not in text else None


def profile(w: PageWriter, page: str, org: dict[str, Any]) -> Markup:
    """The profile as a definition list; ``itemprop`` names follow the Рособрнадзор requirements (№ 1493)."""
    data = w.data
    items: list[tuple[str, Any, str]] = [
        ("Полное наименование", org["full_name"], "fullName"),
        ("Краткое наименование", org["short_name"], "shortName"),
        *[("Прежнее наименование", former, "") for former in _former_names(w, str(org["org_id"]))],
        ("Тип", KIND_NAMES.get(str(org["kind"]), org["kind"]), ""),
        ("Вид", TYPE_NAMES.get(str(org["type"]), org["type"]), ""),
        ("Адрес", org["address"], "address"),
        ("Местность", LOCALITY_NAMES.get(str(org["locality"]), org["locality"]), ""),
    ]
    municipality = data.municipality_by_id.get(str(org["oktmo"]))
    if municipality is not None:
        name: Any = municipality["name"]
        if data.several_municipalities and w.publishes("organisations"):
            name = w.a(page, urls.municipality(str(org["oktmo"])), municipality["name"])
        items.append(("Муниципалитет", name, ""))
    if not is_missing(org.get("parent_org_id")):
        items.append(("Головная организация", w.org_a(page, str(org["parent_org_id"])), ""))
    items += [("ИНН", org["inn"], ""), ("ОГРН", org["ogrn"], "")]
    if not is_missing(org.get("phone")):
        items.append(("Телефон", org["phone"], "telephone"))
    if not is_missing(org.get("email")):
        items.append(("Электронная почта", org["email"], "email"))
    website = _safe_website(org.get("website"))
    if website:
        items.append(("Официальный сайт", Markup(f'<a href="{html.escape(website)}" rel="external">{md_escape(website)}</a>'), ""))
    elif not is_missing(org.get("website")):
        items.append(("Официальный сайт", org["website"], ""))
    statuses = _statuses(w, str(org["org_id"]))
    if statuses:
        items.append(("Статусы", statuses, ""))
    body = "".join(
        f"<dt>{md_escape(label)}</dt><dd{f' itemprop={chr(34)}{prop}{chr(34)}' if prop else ''}>{md_escape(value)}</dd>"
        for label, value, prop in items
    )
    return Markup(f'<dl class="msoko-profile">{body}</dl>')


def _former_names(w: PageWriter, org_id: str) -> list[str]:
    """Names the organisation had before (registry ``former_names``, absent in older projects), with the last
    school year of each: a parent who knew the school by its old name finds it by that name too."""
    table = w.ctx.dataset.tables.get("former_names")
    if table is None or table.empty:
        return []
    rows = table[table["org_id"] == org_id].sort_values(["until", "name"], na_position="first")
    return [str(row["name"]) + ("" if is_missing(row["until"]) else f" (до конца {ty.school_year(int(row['until']))}{ty.NBSP}учебного года)")
            for row in records(rows)]


def _statuses(w: PageWriter, org_id: str) -> str:
    """Statuses by the authority's orders (registry), and the years the school met the ШНОР criteria."""
    by_status: dict[str, list[int]] = {}
    for row in w.data.statuses(org_id):
        by_status.setdefault(str(row["status"]), []).append(int(row["year"]))
    parts = []
    for status, years in sorted(by_status.items()):
        listed = ", ".join(ty.school_year(year) for year in sorted(years))
        parts.append(f"{STATUS_NAMES.get(status, status)}: {listed}")
    criteria_years = w.data.shnor_years.get(org_id)
    if criteria_years:
        parts.append("соответствует критериям ШНОР: " + ", ".join(ty.school_year(year) for year in criteria_years))
    return "; ".join(parts)


def _direction_tables(w: PageWriter, page: str, org_id: str) -> tuple[list[dict[str, Any]], bool]:
    data = w.data
    by_indicator = data.entity_index("organisation", org_id)
    if not by_indicator:
        return [], False
    years = data.years
    latest = data.latest_year
    regional = data.several_municipalities  # with one municipality the region would only repeat it
    groups, suppressed_any = [], False
    for direction in data.directions:
        codes = [str(item["code"]) for item in data.catalogue_rows
                 if int(item["direction"]) == int(direction["code"]) and str(item["code"]) in by_indicator]
        if not codes:
            continue
        columns = [Column("Показатель")] + [Column(ty.school_year(y), numeric=True) for y in years]
        columns.append(Column(f"Муниципалитет, {ty.school_year(latest)}", numeric=True))
        if regional:
            columns.append(Column(f"Регион, {ty.school_year(latest)}", numeric=True))
        columns.append(Column("Изменение за год", numeric=True))
        body = []
        for code in codes:
            item = data.indicator_by_code[code]
            unit = str(item["unit"])
            series = data.series(code, "organisation", org_id)
            cells: list[Any] = [Cell(w.indicator_a(page, code, f"{code} {item['short_name']}"), code, header=True)]
            for year in years:
                value = shown_value(series.get(year), unit)
                suppressed_any |= value.suppressed
                cells.append(Cell(value.text, value.sort))
            last = series.get(latest)
            municipal = as_float(last.get("municipal_value")) if last else None
            cells.append(Cell(ty.fmt_value(municipal, unit), municipal))
            if regional:
                value = as_float(last.get("regional_value")) if last else None
                cells.append(Cell(ty.fmt_value(value, unit), value))
            cells.append(Cell(change_markup(last, unit), as_float(last.get("change")) if last else None))
            body.append(cells)
        groups.append({
            "title": f"{direction['code']}. {direction['name']}",
            "table": table(columns, body, caption=f"Показатели: {direction['name']}", search=False),
        })
    return groups, suppressed_any


def _marks_chart(w: PageWriter, page: str, org_id: str, org_name: str) -> dict[str, Any] | None:
    """Stacked ВПР marks by year (from the published indicator values), with the municipality for comparison."""
    data = w.data
    two, success, quality = MARK_INDICATORS["ВПР"]
    labels, segments, rows = [], [[], [], []], []

    def shares(entity_type: str, entity_id: str, year: int) -> tuple[float, float, float] | None:
        values = [as_float((data.series(code, entity_type, entity_id).get(year) or {}).get("value"))
                  for code in (two, success, quality)]
        if any(v is None for v in values):
            return None
        share_two, share_success, share_quality = values
        return share_two, max(0.0, share_success - share_quality), share_quality

    for year in data.years:
        marks = shares("organisation", org_id, year)
        if marks is None:
            continue
        labels.append(ty.school_year(year))
        rows.append([Cell(ty.school_year(year), year, header=True)] + [ty.fmt_percent(v) for v in marks])
        for index, value in enumerate(marks):
            segments[index].append(value)
    if not labels:
        return None
    org = data.org_by_id[org_id]
    municipal = shares("municipality", str(org["oktmo"]), data.latest_year)
    if municipal is not None:
        label = f"Муниципалитет, {ty.school_year(data.latest_year)}"
        labels.append(label)
        rows.append([Cell(label, None, header=True)] + [ty.fmt_percent(v) for v in municipal])
        for index, value in enumerate(municipal):
            segments[index].append(value)
    description = "Диаграмма долей отметок ВПР по годам. " + "; ".join(
        f"{label}: «2» — {ty.fmt_percent(segments[0][i])}, «3» — {ty.fmt_percent(segments[1][i])}, "
        f"«4» и «5» — {ty.fmt_percent(segments[2][i])}" for i, label in enumerate(labels)) + "."
    chart = w.chart(Chart(
        path=urls.chart(page, "vpr-marks"), kind="stacked", title=f"Отметки ВПР: {org_name}",
        description=description, unit="процент", labels=labels,
        series=[{"name": name, "values": values} for name, values in zip(MARK_SEGMENTS, segments, strict=True)],
        extra={"colours": ["#D55E00", "#E69F00", "#0072B2"]},
    ), page)
    columns = [Column("Год"), *(Column(name, numeric=True) for name in MARK_SEGMENTS)]
    return {"chart": chart, "table": table(columns, rows, caption="Доли отметок ВПР, % участников", search=False)}


def _comparison_chart(w: PageWriter, page: str, org_id: str, org_name: str) -> dict[str, Any] | None:
    """Bars of the organisation's percentage indicators of the latest year beside the municipal values."""
    data = w.data
    year = data.latest_year
    chosen = []
    for code, series in data.entity_index("organisation", org_id).items():
        row = series.get(year)
        item = data.indicator_by_code.get(code)
        if row is None or is_missing(row.get("value")) or is_missing(row.get("municipal_value")) or item is None:
            continue
        if item["unit"] != "процент" or (item["kind"] != "result" and item["applies_to"] != "kindergarten"):
            continue
        chosen.append((not bool(item["headline"]), code, item, row))
    chosen.sort(key=lambda entry: (entry[0], entry[1]))
    chosen = chosen[:MAX_COMPARED]
    if len(chosen) < 2:
        return None
    labels = [str(item["short_name"]) for _, _, item, _ in chosen]
    own = [float(row["value"]) for *_, row in chosen]
    municipal = [float(row["municipal_value"]) for *_, row in chosen]
    description = f"Столбчатая диаграмма: {org_name} и муниципалитет, {ty.school_year(year)}. " + "; ".join(
        f"{label}: {ty.fmt_percent(a)} и {ty.fmt_percent(b)}" for label, a, b in zip(labels, own, municipal, strict=True)) + "."
    chart = w.chart(Chart(
        path=urls.chart(page, "comparison"), kind="bars",
        title=f"Организация и муниципалитет, {ty.school_year(year)}", description=description, unit="процент",
        labels=labels, series=[{"name": "Организация", "values": own}, {"name": "Муниципалитет", "values": municipal}],
    ), page)
    body = [[Cell(label, None, header=True), ty.fmt_percent(a), ty.fmt_percent(b)]
            for label, a, b in zip(labels, own, municipal, strict=True)]
    columns = [Column("Показатель"), Column("Организация", numeric=True), Column("Муниципалитет", numeric=True)]
    return {"chart": chart, "table": table(columns, body, caption=f"Показатели в процентах, {ty.school_year(year)}", search=False)}


def _csv_number(value: Any) -> str:
    """A number for the CSV: integers without a fraction, others to six decimals; missing — empty."""
    if value is None or value is pd.NA or value != value:  # NaN is the only value unequal to itself
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(round(number, 6))


def organisation_csv(w: PageWriter, org_id: str) -> bytes:
    """The organisation's published values (suppressed cells empty, flagged) as UTF-8 CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for code, series in sorted(w.data.entity_index("organisation", org_id).items()):
        item = w.data.indicator_by_code.get(code, {})
        for year, row in sorted(series.items()):
            writer.writerow([
                code, item.get("short_name", ""), item.get("unit", ""), year, _csv_number(row["value"]),
                _csv_number(row["numerator"]), _csv_number(row["denominator"]), _csv_number(row["municipal_value"]),
                _csv_number(row["change"]), "" if is_missing(row["verdict"]) else row["verdict"],
                "true" if bool(row["suppressed"]) else "false",
            ])
    return buffer.getvalue().encode("utf-8")


def _size(count: int) -> str:
    if count < 1024:
        return f"{ty.fmt_int(count)}{ty.NBSP}байт"
    return f"{ty.fmt_number(count / 1024, 1)}{ty.NBSP}КБ"


def write_one(w: PageWriter, org: dict[str, Any]) -> None:
    org_id = str(org["org_id"])
    page = urls.organisation(org_id)
    name = str(org["short_name"])
    groups, suppressed = _direction_tables(w, page, org_id)
    # one chart a page: thousands of organisations make thousands of charts (each ~30 ms to draw); a school
    # gets its ВПР marks over the years, another organisation its indicators beside the municipality
    chart = _marks_chart(w, page, org_id, name) if org["kind"] == "school" else _comparison_chart(w, page, org_id, name)
    charts = [chart] if chart else []
    download = None
    if groups:
        content = organisation_csv(w, org_id)
        w.docs.write_bytes(urls.organisation_data(org_id), content, f"данные организации {org_id}")
        download = {"href": w.href(page, urls.organisation_data(org_id)), "size": _size(len(content))}
    tables, proc_suppressed = procedures.for_organisation(w, page, org_id)
    w.page(page, "organisation.md.j2", title=name, profile=profile(w, page, org), download=download, charts=charts,
           directions=groups, year=w.data.latest_year, procedures=tables,
           legend=suppressed or proc_suppressed, origin=f"страница организации {org_id}", wide=True)


def write(w: PageWriter) -> None:
    for org in records(w.data.organisations):
        write_one(w, org)
