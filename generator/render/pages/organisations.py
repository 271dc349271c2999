"""One page per organisation: first the answer — the few key measures of its kind (``summary.*`` in
``msoko.yml``) beside the municipal value, with a band («выше», «на уровне», «ниже») decided by the
uncertainty, the change, and the number of participants — then a visible table of contents, the profile (with
the microdata names of the Рособрнадзор requirements), its indicators by direction, the results of the
assessment procedures, a chart, and a CSV of the organisation's own published values."""

from __future__ import annotations

import csv
import html
import io
from typing import TYPE_CHECKING, Any

import pandas as pd
from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ...compute.dynamics import RULE_TEXT, compare_band
from ...compute.pooled import PERSON_POPULATIONS
from ...progress import track
from ..charts import Chart
from ..lookups import (
    KIND_NAMES,
    LOCALITY_NAMES,
    STATUS_NAMES,
    TYPE_NAMES,
    WORD_JOINER,
    as_float,
    change_markup,
    interval_text,
    is_missing,
    records,
    shown_value,
)
from ..page_memo import OrganisationInputs, PageMemo
from ..tables import Cell, Column, table
from ..templating import md_escape
from . import procedures
from .organisation_trends import key_trends

if TYPE_CHECKING:
    from ..writer import PageWriter

#: (indicator of marks «2», of success «3»–«5», of quality «4»–«5») for the stacked mark charts
MARK_INDICATORS = {"ВПР": ("1.19", "1.20", "1.21"), "ОГЭ": ("1.15", "1.16", "1.17")}
MARK_SEGMENTS = ("«2»", "«3»", "«4» и «5»")
#: comparison charts show at most this many percentage indicators
MAX_COMPARED = 8
CSV_COLUMNS = ("indicator", "indicator_short_name", "unit", "year", "value", "numerator", "denominator",
               "municipal_value", "change", "verdict", "suppressed", "low", "high", "pooled_from", "pooled_numerator",
               "pooled_denominator", "pooled_value")
#: the mark beside a value of a small group, and what it means
CAUTION = "*"
#: reference columns of the summary: (column of ``Results.values``, title); each is shown only when some key
#: measure of the page has a value in it (regional or national references come with the data). The page shows
#: them only through ``fmt_value``: its key (``page_memo``) digests them so, and a page showing more of them
#: must say so there
REFERENCES = (("regional_value", "Регион"), ("national_value", "Россия"))
TREND_WORDS = {"rising": "растёт", "falling": "снижается", "stable": "стабильно"}


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
    groups, suppressed_any, cautioned = [], False, False
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
                small = _small(w, series.get(year), item)
                cautioned |= small
                cells.append(Cell(_with_caution(value.text, small), value.sort))
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
            "anchor": f"direction-{direction['code']}",
            "caution": cautioned,
        })
        cautioned = False
    return groups, suppressed_any


def _small(w: PageWriter, row: dict[str, Any] | None, item: dict[str, Any]) -> bool:
    """A shown share or mean of fewer than ``analytics.small_group`` persons: a value to read with caution."""
    if row is None or item.get("aggregation") not in ("share", "mean") or is_missing(row.get("value")):
        return False
    if item.get("population") not in PERSON_POPULATIONS:  # a share of organisations is no sample of persons
        return False
    size = as_float(row.get("denominator"))
    return size is not None and size < w.config.analytics.small_group


def _with_caution(text: Any, small: bool) -> Any:
    if not small:
        return text
    return Markup(f'{md_escape(text)}<span class="msoko-caution" title="мало участников">{CAUTION}</span>')


def caution_legend(w: PageWriter) -> str:
    """The sentence under a table with a caution mark."""
    n = w.config.analytics.small_group
    return (f"{CAUTION} — значение по группе меньше {ty.count_noun(n, ('человека', 'человек', 'человек'))}: один-два "
            f"человека меняют его на много процентов, поэтому смотрите на вероятный диапазон.")


def _band_text(band: str | None, polarity: str) -> str:
    if band is None:
        return ty.NO_DATA
    word = {"above": "выше", "same": "на уровне", "below": "ниже"}[band]
    if band == "same" or polarity not in ("higher_better", "lower_better"):
        return word
    good = (band == "above") == (polarity == "higher_better")
    return f"{word} (лучше)" if good else f"{word} (хуже)"


def _band_cell(band: str, basis: str) -> Any:
    """The band and, for a small group, what it was decided on (the pooled years) in a span of its own: a phone
    gives that long text a wider column instead of a row ten lines tall."""
    if not basis:
        return band
    return Markup(f'{md_escape(band)}<span class="msoko-basis">{md_escape(basis)}</span>')


def _summary(w: PageWriter, page: str, org: dict[str, Any]) -> dict[str, Any] | None:
    """The key measures of the organisation's kind, each compared with the municipality (see the module doc)."""
    data = w.data
    org_id, oktmo = str(org["org_id"]), str(org["oktmo"])
    codes = [str(code) for code in getattr(w.config.summary, str(org["kind"]), [])]
    small_group = w.config.analytics.small_group
    entries = []
    for code in codes:
        item = data.indicator_by_code.get(code)
        series = data.series(code, "organisation", org_id)
        if item is None or not series:
            continue
        year = max(series)
        row = series[year]
        municipal_row = data.series(code, "municipality", oktmo).get(year) or {}
        entries.append((code, item, year, row, municipal_row))
    if not entries:
        return None
    references = [(column, title) for column, title in REFERENCES
                  if any(not is_missing(row.get(column)) for *_, row, _m in entries)]
    # the answer first (a phone shows the first columns): value, the band, the municipality; then the details
    columns = [Column("Показатель"), Column("Значение", numeric=True), Column("Сравнение с муниципалитетом"),
               Column("Муниципалитет", numeric=True), *(Column(title, numeric=True) for _c, title in references),
               Column("За год"), Column("Вероятный диапазон", numeric=True), Column("Участников", numeric=True)]
    body, cautioned, pooled_used = [], False, False
    for code, item, year, row, municipal_row in entries:
        unit, aggregation, polarity = str(item["unit"]), str(item["aggregation"]), str(item["polarity"])
        value = shown_value(row, unit)
        small = _small(w, row, item)
        cautioned |= small
        shown = Markup(md_escape(value.text))
        if year != data.latest_year and not value.suppressed:
            shown += Markup(f" ({md_escape(ty.school_year(year))})")
        municipal = as_float(row.get("municipal_value"))
        band, basis = None, ""
        if aggregation != "sum" and not value.suppressed and municipal is not None:
            size = as_float(row.get("denominator"))
            pooled = as_float(row.get("pooled_value"))
            pooled_municipal = as_float(municipal_row.get("pooled_value"))
            if size is not None and size < small_group and pooled is not None and pooled_municipal is not None:
                first = int(row["pooled_from"])
                band = compare_band(pooled, as_float(row.get("pooled_low")), as_float(row.get("pooled_high")),
                                    pooled_municipal, aggregation, w.config.analytics)
                pooled_size = as_float(row.get("pooled_denominator")) or 0
                basis = (f"; за {ty.school_year(first)}–{WORD_JOINER}{ty.school_year(year)} вместе "
                         f"({ty.count_noun(pooled_size, ('участник', 'участника', 'участников'))}): "
                         f"{ty.fmt_value(pooled, unit)}, диапазон "
                         f"{interval_text(row.get('pooled_low'), row.get('pooled_high'), unit)}; в муниципалитете "
                         f"{ty.fmt_value(pooled_municipal, unit)}")
                pooled_used = True
            else:
                band = compare_band(as_float(row.get("value")), as_float(row.get("low")), as_float(row.get("high")),
                                    municipal, aggregation, w.config.analytics)
        cells: list[Any] = [Cell(w.indicator_a(page, code, str(item["short_name"])), code, header=True),
                            Cell(_with_caution(shown, small), value.sort),
                            Cell(_band_cell(_band_text(band, polarity), basis), band or ""),
                            Cell(ty.fmt_value(municipal, unit), municipal)]
        for column, _title in references:
            reference = as_float(row.get(column))
            cells.append(Cell(ty.fmt_value(reference, unit), reference))
        cells.append(Cell(change_markup(row, unit), as_float(row.get("change"))))
        cells.append(Cell(interval_text(row.get("low"), row.get("high"), unit), as_float(row.get("low"))))
        size = as_float(row.get("denominator")) if aggregation in ("share", "mean") else None
        cells.append(Cell(ty.fmt_int(size) if size is not None else ty.NO_DATA, size))
        body.append(cells)
    notes = [f"«Выше» или «ниже» пишется, только если весь вероятный диапазон значения (95{ty.NBSP}%) лежит выше или "
             "ниже значения муниципалитета; иначе разница может быть случайной, и значение «на уровне». " + RULE_TEXT]
    if pooled_used:
        notes.append(f"Когда участников меньше {ty.fmt_int(small_group)}, сравнение сделано по последним трём годам "
                     "вместе (так и подписано): за один год такая группа слишком мала.")
    if cautioned:
        notes.append(caution_legend(w))
    return {"table": table(columns, body, caption="Главные показатели организации", search=False),
            "notes": notes}


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
                *(_csv_number(row.get(column)) for column in ("low", "high", "pooled_from", "pooled_numerator",
                                                               "pooled_denominator", "pooled_value")),
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
    summary = _summary(w, page, org)
    trends, trends_suppressed = key_trends(w, page, org)
    contents = [("profile", "Об организации")]
    if trends:
        contents.append(("trends", "Главное по годам"))
    if charts:
        contents.append(("results", "Коротко о результатах"))
    if groups:
        contents.append(("directions", "Показатели по направлениям"))
    if tables:
        contents.append(("procedures", "Результаты оценочных процедур"))
    w.page(page, "organisation.md.j2", title=name, profile=profile(w, page, org), download=download, charts=charts,
           directions=groups, year=w.data.latest_year, procedures=tables, summary=summary, trends=trends,
           contents=_contents(contents), change_rule=RULE_TEXT, caution=caution_legend(w),
           direction_links=_contents([(group["anchor"], group["title"]) for group in groups], "Направления"),
           legend=suppressed or proc_suppressed or trends_suppressed, origin=f"страница организации {org_id}", wide=True)


def _contents(items: list[tuple[str, str]], name: str = "Содержание страницы") -> Markup:
    """A visible table of contents in one line (the theme's own is hidden on wide pages and on phones)."""
    if not items:
        return Markup("")
    links = " · ".join(f'<a href="#{anchor}">{md_escape(title)}</a>' for anchor, title in items)
    lead = "На странице" if name == "Содержание страницы" else name
    return Markup(f'<nav class="msoko-page-toc" aria-label="{md_escape(name)}"><p>{md_escape(lead)}: {links}</p></nav>')


def write(w: PageWriter) -> None:
    """Every organisation's page; a page whose inputs and files are those of the last build is kept as it is
    (``page_memo``); how many were kept is left in ``w.organisation_pages``."""
    orgs = records(w.data.organisations)
    memo = PageMemo(w)
    inputs = OrganisationInputs(w, references=[column for column, _title in REFERENCES])
    with track("страницы организаций", len(orgs)) as advance:
        for org in orgs:
            org_id, key = str(org["org_id"]), inputs.key(org)
            if not memo.keep(org_id, key):
                memo.render(org_id, key, lambda org=org: write_one(w, org))
            advance(1)
    memo.save()
    w.organisation_pages = memo.stats
