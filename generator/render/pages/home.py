"""The home page: the territory at a glance — headline indicators with their change — and the way in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ..lookups import KIND_PLURAL, change_markup, is_missing, shown_value
from . import territories as territory_pages

if TYPE_CHECKING:
    from ..writer import PageWriter

INTRO = urls.HOME  # the hand-written part: content/ has the same layout as the site


def _cards(w: PageWriter) -> list[dict]:
    data = w.data
    entity_type, entity_id, _ = data.territory
    cards = []
    for item in data.catalogue_rows:
        if not bool(item["headline"]):
            continue
        series = data.series(str(item["code"]), entity_type, entity_id)
        row = series.get(data.latest_year) if data.latest_year is not None else None
        shown = shown_value(row, item["unit"])
        if shown.text == ty.NO_DATA and not shown.suppressed:
            continue  # no value is not a value: the card is left out rather than shown as «—»
        cards.append(
            {
                "name": item["short_name"],
                "href": w.href(urls.HOME, urls.indicator(str(item["code"]))) if w.publishes("indicators") else "#",
                "value": shown.text,
                "change": _change(w, item, row, entity_type, entity_id),
            }
        )
    return cards


def _change(w: PageWriter, item: dict, row: dict | None, entity_type: str, entity_id: str) -> Markup:
    """The year's change; for a count, like for like with its coverage (a total that grew because more
    schools reported is not a trend)."""
    if str(item["aggregation"]) != "sum" or row is None or (not is_missing(row.get("suppressed")) and bool(row.get("suppressed"))):
        return change_markup(row, item["unit"])
    comparison = w.ctx.results.count_comparison(str(item["code"]), entity_type, entity_id, w.data.latest_year)
    return territory_pages.count_change(w, comparison, str(item["unit"]), str(item["applies_to"]))


def _sections(w: PageWriter) -> list[dict]:
    data = w.data
    items: list[tuple[str, str, str]] = []
    if w.publishes("directions"):
        items.append((urls.DIRECTIONS, "Направления мониторинга", f"{ty.count_noun(len(data.directions), ('направление', 'направления', 'направлений'))} с показателями"))
    if w.publishes("indicators"):
        items.append((urls.INDICATORS, "Показатели", f"{ty.count_noun(len(data.catalogue), ('показатель', 'показателя', 'показателей'))}: определения, формулы, динамика"))
    if w.publishes("organisations"):
        for kind, path, title in (
            ("school", urls.SCHOOLS, "Школы"),
            ("kindergarten", urls.KINDERGARTENS, "Детские сады"),
            ("additional", urls.ADDITIONAL, "Организации дополнительного образования"),
        ):
            count = len(data.kind_organisations(kind))
            if count:
                items.append((path, title, ty.count_noun(count, KIND_PLURAL[kind])))
        territories = territory_pages.count(w)
        if territories:
            items.append((urls.TERRITORIES, "Территории", ty.count_noun(territories, ("территория", "территории", "территорий"))))
        if data.several_municipalities:
            items.append((urls.MUNICIPALITIES, "Муниципалитеты", ty.count_noun(len(data.municipalities), ("муниципалитет", "муниципалитета", "муниципалитетов"))))
    if w.publishes("shnor"):
        items.append((urls.SHNOR, "Школы с низкими образовательными результатами (ШНОР)", "критерии, перечень, динамика"))
    items.append((urls.OBJECTIVITY, "Объективность результатов", "признаки необъективности оценивания"))
    if w.publishes("ratings"):
        items.append((urls.RATINGS, "Рейтинговая оценка в кластерах", "сравнение школ со сходными условиями"))
    if w.docs.exists(urls.OPEN_DATA):  # claimed by the open-data section
        items.append((urls.OPEN_DATA, "Открытые данные", "наборы данных для скачивания"))
    if w.docs.exists(urls.REPORT):
        items.append((urls.REPORT, "Доклад о состоянии системы образования", ""))
    items.append((urls.METHODOLOGY, "Методика", "как рассчитываются показатели"))
    items.append((urls.ABOUT, "О проекте", "кто публикует данные, лицензия, контакты"))
    return [{"href": w.href(urls.HOME, path), "title": title, "note": note} for path, title, note in items]


def write(w: PageWriter) -> None:
    intro_file = w.ctx.project.content / INTRO
    intro = Markup(intro_file.read_text(encoding="utf-8")) if intro_file.is_file() else ""
    cards = _cards(w)
    w.page(
        urls.HOME,
        "home.md.j2",
        title=w.config.site.title,
        intro=intro,
        cards=cards,
        year=w.data.latest_year,
        sections=_sections(w),
        legend=any(card["value"] == ty.SUPPRESSED for card in cards),
        origin="главная страница",
        menu="Главная",
        wide=True,
    )
