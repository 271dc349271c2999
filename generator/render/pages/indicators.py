"""The indicator catalogue and one page per indicator: definition, formula, the territory's trend and the
distribution across organisations, each chart with its data table."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ...compute.dynamics import RULE_TEXT
from .. import references as reference_values
from ..charts import Chart
from ..lookups import (
    LOCALITY_NAMES,
    POLARITY_NAMES,
    as_float,
    change_markup,
    is_missing,
    records,
    shown_value,
)
from ..tables import Cell, Column, table
from ..templating import md_escape
from ..trend import points, trend_chart
from .directions import indicator_table

if TYPE_CHECKING:
    from ..writer import PageWriter

#: above this many organisations an indicator page shows the spread (quantiles), not one row per organisation
MAX_ORG_ROWS = 300
#: a group of the distribution (a rating cluster) gets a histogram from this many organisations with a value
MIN_GROUP = 3

AGGREGATION = {
    "share": "доля в процентах: числитель / знаменатель × 100; для муниципалитета и региона суммируются числители и знаменатели организаций (проценты организаций не усредняются)",
    "mean": "среднее значение: числитель / знаменатель; для муниципалитета и региона суммируются числители и знаменатели организаций",
    "ratio": "отношение: числитель / знаменатель; для муниципалитета и региона суммируются числители и знаменатели",
    "sum": "сумма по организациям",
}
KIND = {"result": "показатель результата", "context": "контекстный показатель (условия, кадры, ресурсы)"}
LEVEL = {"organisation": "организация, муниципалитет", "municipality": "только муниципалитет"}
APPLIES = {"school": "школы", "kindergarten": "детские сады", "additional": "организации дополнительного образования",
           "municipality": "муниципалитет в целом"}
PERIODICITY = {"school_year": "учебный год", "calendar_year": "календарный год"}
POPULATION = {"pupils": "обучающиеся", "staff": "педагогические и руководящие работники", "organisations": "организации"}


def _definition(w: PageWriter, page: str, item: dict[str, Any]) -> Markup:
    direction = next((d for d in w.data.directions if int(d["code"]) == int(item["direction"])), None)
    direction_text: Any = item["direction"]
    if direction is not None:
        label = f"{direction['code']}. {direction['name']}"
        direction_text = w.a(page, urls.direction(str(direction["slug"])), label) if w.publishes("directions") else label
    rows: list[tuple[str, Any]] = [
        ("Краткое наименование", item["short_name"]),
        ("Направление", direction_text),
        ("Вид", KIND.get(str(item["kind"]), item["kind"])),
        ("Единица измерения", item["unit"]),
    ]
    rows += [
        ("Полярность", POLARITY_NAMES.get(str(item["polarity"]), item["polarity"])),
        ("Уровень", LEVEL.get(str(item["level"]), item["level"])),
        ("Для каких организаций", APPLIES.get(str(item["applies_to"]), item["applies_to"])),
        ("О ком данные", POPULATION.get(str(item["population"]), item["population"])),
        ("Источник данных", item["source"]),
        ("Периодичность", PERIODICITY.get(str(item["periodicity"]), item["periodicity"])),
    ]
    body = "".join(f"<dt>{md_escape(name)}</dt><dd>{md_escape(value)}</dd>" for name, value in rows)
    return Markup(f'<dl class="msoko-profile">{body}</dl>')


#: what a value of each aggregation is, in words (the catalogue's numerator and denominator are quoted in it)
IN_WORDS = {
    "share": "Доля в процентах: число {num} делится на число {den}, результат умножается на 100 (например, 45 из 60 — это 75{nbsp}%).",
    "mean": "Среднее: {num} делится на число {den}.",
    "ratio": "Отношение: число {num} делится на число {den}.",
    "sum": "Число: {num}.",
}
#: how a territory's value is made from its organisations' values
TERRITORY_IN_WORDS = {
    "sum": "Для муниципалитета значения его организаций складываются.",
    "ratio": "Для муниципалитета сначала складываются числители и знаменатели всех его организаций, затем одна сумма делится на другую.",
}
TERRITORY_FROM_SUMS = ("Для муниципалитета сначала складываются числители и знаменатели всех его организаций, затем одна сумма "
                       "делится на другую: значения организаций не усредняются, поэтому большая школа весит больше маленькой.")
FORMULA_NOTE = ("Запись формулы: сначала набор данных (ege — ЕГЭ, oge — ОГЭ, vpr — ВПР, graduation — итоги ГИА, olympiad — "
                "олимпиада, statuses — статусы школ), в квадратных скобках — какие его строки берутся, после двоеточия — "
                "что складывается в числителе и, после «/», в знаменателе; суммы берутся по всем отобранным строкам "
                "организации за учебный год. Названия полей — те же, что в открытых данных.")


def how_computed(item: dict[str, Any], min_group: int) -> Markup:
    """How the value is computed, said in words; the catalogue's formula follows in a collapsed block for those
    who check the arithmetic against the open data."""
    aggregation = str(item["aggregation"])
    numerator = "" if is_missing(item.get("numerator")) else str(item["numerator"])
    denominator = "" if is_missing(item.get("denominator")) else str(item["denominator"])
    words = []
    if numerator and (denominator or aggregation == "sum") and aggregation in IN_WORDS:
        words.append(IN_WORDS[aggregation].format(num=ty.quote(numerator), den=ty.quote(denominator), nbsp=ty.NBSP))
    else:
        words.append(str(AGGREGATION.get(aggregation, aggregation)).capitalize() + ".")
    if item.get("level") == "municipality":
        words.append("Показатель определяется только для муниципалитета в целом.")
    else:
        words.append(TERRITORY_IN_WORDS.get(aggregation, TERRITORY_FROM_SUMS))
    source = "" if is_missing(item.get("source")) else f" (источник: {item['source']})"
    if item.get("method") == "computed":
        words.append(f"Значение рассчитывается сайтом по опубликованным данным{source} — их можно скачать в разделе открытых данных.")
    else:
        words.append(f"Значение представляют организации и управление образования{source}; сайт его не пересчитывает.")
    if aggregation != "sum" or str(item.get("unit")) == "человек":
        words.append(f"Если за значением стоит меньше {ty.count_noun_genitive(min_group, ('человека', 'человек'))}, оно "
                     f"не публикуется: в таблицах вместо него стоит «{ty.SUPPRESSED}».")
    html = "".join(f"<p>{md_escape(ty.dash(text))}</p>" for text in words)
    if not is_missing(item.get("formula")) and str(item["formula"]).strip():
        html += ('<details class="msoko-formula"><summary>Формула расчёта</summary>'
                 f"<p><code>{md_escape(item['formula'])}</code></p><p>{md_escape(ty.dash(FORMULA_NOTE))}</p></details>")
    return Markup(f'<div class="msoko-computed">{html}</div>')


def _count(value: Any) -> str:
    number = as_float(value)
    return ty.NO_DATA if number is None else ty.fmt_number(number, 1, trim=True)


def _trend(w: PageWriter, page: str, item: dict[str, Any]) -> tuple[Markup | None, Markup | None, bool]:
    data = w.data
    code, unit = str(item["code"]), str(item["unit"])
    entity_type, entity_id, territory = data.territory
    series = data.series(code, entity_type, entity_id)
    if not series:
        return None, None, False
    years = data.years
    trend = points(series, years, unit)
    rows = []
    for year in years:
        row = series.get(year)
        if row is None:
            continue
        value = shown_value(row, unit)
        rows.append([Cell(ty.school_year(year), year, header=True), Cell(value.text, value.sort),
                     _count(row.get("numerator")), _count(row.get("denominator")),
                     Cell(change_markup(row, unit), as_float(row.get("change")))])
    columns = [Column("Учебный год"), Column("Значение", numeric=True), Column("Числитель", numeric=True),
               Column("Знаменатель", numeric=True), Column("Изменение за год", numeric=True)]
    trend_table = table(columns, rows, caption=f"{item['short_name']}: {territory} по учебным годам", search=False)
    chart = trend_chart(w, page, urls.chart(urls.indicator(code), "trend"), title=f"{item['short_name']}: {territory}, динамика",
                        subject=f"{item['short_name']}, {territory}", name=territory, unit=unit, trend=trend)
    suppressed = trend.suppressed
    return chart, trend_table, suppressed


def _spread(values: list[float], unit: str, reference: float | None, territory: str) -> Markup:
    ordered = sorted(values)
    quartiles = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else [ordered[0]] * 3
    deciles = statistics.quantiles(ordered, n=10, method="inclusive") if len(ordered) > 1 else [ordered[0]] * 9
    rows = [
        ["Число организаций со значением", ty.fmt_int(len(ordered))],
        ["Наименьшее значение", ty.fmt_value(ordered[0], unit)],
        ["10-й процентиль", ty.fmt_value(deciles[0], unit)],
        ["Нижний квартиль", ty.fmt_value(quartiles[0], unit)],
        ["Медиана", ty.fmt_value(quartiles[1], unit)],
        ["Верхний квартиль", ty.fmt_value(quartiles[2], unit)],
        ["90-й процентиль", ty.fmt_value(deciles[-1], unit)],
        ["Наибольшее значение", ty.fmt_value(ordered[-1], unit)],
    ]
    if reference is not None and territory != "медиана организаций":
        rows.append([f"Значение: {territory}", ty.fmt_value(reference, unit)])
    return table([Column("Характеристика"), Column("Значение", numeric=True)], rows,
                 caption="Распределение значений по организациям", search=False)


def _groups(w: PageWriter, values: list[tuple[str, float]], year: int) -> dict[str, list[float]]:
    """The organisations' values split the way the methodology compares them, never all on one axis: schools by
    their rating cluster of ``year`` (scored on the same indicators, ШФНСУ or not, urban or rural, size), other
    organisations by locality. One group (a municipality of urban schools only) has the empty name."""
    ratings = w.ctx.results.ratings
    clusters: dict[str, str] = {}
    if ratings is not None and not ratings.empty:
        current = ratings[ratings["year"] == year]
        clusters = dict(zip(current["org_id"].astype(str), current["cluster_label"].astype(str), strict=True))
    groups: dict[str, list[float]] = {}
    for org_id, value in values:
        org = w.data.org_by_id[org_id]
        if org["kind"] == "school":
            group = clusters.get(org_id, "Школы без кластера рейтинга (нет данных о численности или показателях оценки)")
        else:
            group = LOCALITY_NAMES.get(str(org["locality"]), str(org["locality"]))
        groups.setdefault(group, []).append(value)
    if len(groups) == 1:
        return {"": next(iter(groups.values()))}
    return dict(sorted(groups.items()))


def _distribution(w: PageWriter, page: str, item: dict[str, Any]) -> dict[str, Any]:
    data = w.data
    code, unit = str(item["code"]), str(item["unit"])
    entity_type, entity_id, territory = data.territory
    frame = data.indicator_rows(code, "organisation")
    if frame.empty:
        return {"dist_year": None, "dist_charts": [], "dist_split": False, "dist_table": None, "dist_text": "", "dist_legend": False}
    has_row = frame[frame["suppressed"].fillna(False).astype(bool) | frame["value"].notna()]
    year = int(has_row["year"].max()) if not has_row.empty else int(frame["year"].max())
    rows_of_year = records(frame[frame["year"] == year])
    reference = as_float((data.series(code, entity_type, entity_id).get(year) or {}).get("value"))
    if str(item["aggregation"]) == "sum":  # a count is compared with the median organisation, not the total
        median = w.ctx.results.count_comparison(code, entity_type, entity_id, year)
        reference = as_float(median.get("median")) if median else None
        territory = "медиана организаций"
    ids, values, rows, suppressed = [], [], [], False
    # the table of every organisation only when it is shown: a region's indicator has thousands of rows
    listed = len(rows_of_year) <= MAX_ORG_ROWS
    for row in sorted(rows_of_year, key=lambda r: data.org_name(str(r["entity_id"])).lower()):
        org_id = str(row["entity_id"])
        value = shown_value(row, unit)
        suppressed |= value.suppressed
        if value.sort is not None:
            ids.append(org_id)
            values.append(value.sort)
        if listed:
            rows.append([Cell(w.org_a(page, org_id), data.org_name(org_id)), Cell(value.text, value.sort),
                         _count(row.get("denominator")), Cell(change_markup(row, unit), as_float(row.get("change")))])
    result: dict[str, Any] = {"dist_year": year, "dist_charts": [], "dist_legend": suppressed}
    if not listed:
        result["dist_table"] = _spread(values, unit, reference, territory) if values else None
        result["dist_text"] = "Значения каждой организации — на страницах организаций и в открытых данных."
    else:
        columns = [Column("Организация"), Column("Значение", numeric=True), Column("Знаменатель", numeric=True),
                   Column("Изменение за год", numeric=True)]
        result["dist_table"] = table(columns, rows, caption=f"{item['short_name']} по организациям, {ty.school_year(year)}",
                                     interactive=True, filter_label="Найти организацию", search=False)
        result["dist_text"] = ""
    groups = _groups(w, list(zip(ids, values, strict=True)), year)
    charts, left_out = [], 0
    for number, (group, members) in enumerate(groups.items(), start=1):
        if len(groups) > 1 and len(members) < MIN_GROUP:  # a histogram of one or two schools says nothing
            left_out += 1
            continue
        low, high = min(members), max(members)
        where = f"{group[0].lower()}{group[1:]}: " if group else ""
        text = (f"Диаграмма распределения. {item['short_name']}, {where}{ty.count_noun(len(members), ('организация', 'организации', 'организаций'))}, "
                f"{ty.school_year(year)}: от {ty.fmt_value(low, unit)} до {ty.fmt_value(high, unit)}")
        text += f"; {territory} — {ty.fmt_value(reference, unit)}." if reference is not None else "."
        suffix = "distribution" if len(groups) == 1 else f"distribution-{number}"
        title = f"{item['short_name']} по организациям, {ty.school_year(year)}" if not group else \
            f"{item['short_name']}: {group[0].lower()}{group[1:]}, {ty.school_year(year)}"
        charts.append(w.chart(Chart(
            path=urls.chart(urls.indicator(code), suffix), kind="distribution", title=title, description=text, unit=unit,
            labels=[], series=[{"name": ty.school_year(year), "values": members}], reference=reference,
            reference_label=territory,
        ), page))
    result["dist_charts"] = charts
    result["dist_split"] = len(groups) > 1
    if left_out:
        result["dist_text"] = " ".join(part for part in (result["dist_text"], (
            f"Группы, где меньше {ty.count_noun_genitive(MIN_GROUP, ('организации', 'организаций'))} со значением "
            f"({ty.count_noun(left_out, ('группа', 'группы', 'групп'))}), на диаграммах не показаны: их значения — в таблице.")) if part)
    return result


def write(w: PageWriter) -> None:
    data = w.data
    _, _, territory = data.territory
    catalogue = data.catalogue_rows
    overview, suppressed = indicator_table(w, urls.INDICATORS, catalogue, caption="Показатели мониторинга", with_direction=True)
    w.page(urls.INDICATORS, "indicators.md.j2", title="Показатели", menu="Показатели", table=overview, legend=suppressed, wide=True,
           count=ty.count_noun(len(catalogue), ("показатель", "показателя", "показателей")),
           year=data.latest_year, territory=territory)
    for item in catalogue:
        code = str(item["code"])
        page = urls.indicator(code)
        trend_chart, trend_table, trend_suppressed = _trend(w, page, item)
        org_level = item["level"] == "organisation"
        distribution = _distribution(w, page, item) if org_level else {"dist_legend": False}
        compared = reference_values.comparison(w, code, str(item["unit"]))
        w.page(page, "indicator.md.j2", title=f"{code}. {item['name']}", definition=_definition(w, page, item),
               references=compared[0] if compared else None, references_note=compared[1] if compared else "",
               computed=how_computed(item, w.config.privacy.min_group), change_rule=RULE_TEXT,
               territory_heading=f"{territory}: динамика", trend_chart=trend_chart, trend_table=trend_table,
               org_level=org_level, wide=True, legend=trend_suppressed or distribution.pop("dist_legend"), **distribution)
