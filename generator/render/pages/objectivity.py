"""The objectivity page: the signals of non-objective results with their thresholds, the municipal values the
schools are compared with and how many schools showed each signal. The named list of schools «в зоне
риска» appears only when ``objectivity.publish_risk_list`` is true (help first, not public blame)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ...compute import methodology
from ...compute.objectivity import coverage as signal_coverage
from .. import methodology_text
from ..lookups import is_missing, records, shown_value
from ..tables import Cell, Column, table

if TYPE_CHECKING:
    from ..writer import PageWriter

SIGNAL_NAMES = {
    "vpr_confirmation": "Низкая доля подтвердивших отметку на ВПР",
    "vpr_raised": "Высокая доля повысивших отметку на ВПР",
    "vpr_vs_gia": "Качество знаний по ВПР выше, чем по ОГЭ",
    "medalists": "Медалисты не подтверждают результат на ЕГЭ",
}
BASELINE = ("1.22", "1.24", "1.21", "1.17", "1.25")


def _signal_titles() -> dict[str, str]:
    """The engine's names of the signals (the same words as in its methodology text), ours otherwise."""
    return {**SIGNAL_NAMES, **methodology.SIGNAL_TITLES}


def _signals_list(w: PageWriter) -> Markup:
    return methodology_text.as_list(methodology.objectivity(w.config))


def _baseline(w: PageWriter) -> tuple[Any, bool]:
    data = w.data
    entity_type, entity_id, territory = data.territory
    codes = [c for c in BASELINE if c in data.indicator_by_code]
    if not codes:
        return None, False
    columns = [Column("Учебный год")] + [Column(f"{c} {data.indicator_by_code[c]['short_name']}", numeric=True) for c in codes]
    rows, suppressed = [], False
    for year in data.years:
        cells: list[Any] = [Cell(ty.school_year(year), year, header=True)]
        for code in codes:
            value = shown_value(data.series(code, entity_type, entity_id).get(year), str(data.indicator_by_code[code]["unit"]))
            suppressed |= value.suppressed
            cells.append(Cell(value.text, value.sort))
        rows.append(cells)
    return table(columns, rows, caption=f"Показатели объективности: {territory}", search=False), suppressed


def _counts(w: PageWriter) -> Any:
    frame = w.ctx.results.objectivity
    if frame is None or frame.empty:
        return None
    titles = _signal_titles()
    present = [key for key in titles if key in frame.columns]
    columns = [Column("Учебный год"), Column("Проверено школ", numeric=True)]
    columns += [Column(titles[key], numeric=True) for key in present]
    columns.append(Column(f"Школ с признаками (не менее {w.config.objectivity.min_signals})", numeric=True))
    rows = []
    for year, group in frame.groupby("year", sort=True):
        checked = group[present].notna().any(axis=1).sum()
        cells: list[Any] = [Cell(ty.school_year(int(year)), int(year), header=True), ty.fmt_int(int(checked))]
        for key in present:
            if group[key].notna().any():
                cells.append(ty.fmt_int(int(group[key].fillna(False).astype(bool).sum())))
            else:  # no school could be checked: that is not «0 schools with the signal»
                cells.append(Cell("не проверялся", None))
        flagged = int((group["signals"].fillna(0) >= w.config.objectivity.min_signals).sum()) if "signals" in group else 0
        cells.append(ty.fmt_int(flagged))
        rows.append(cells)
    return table(columns, rows, caption="Число школ с признаками необъективности по годам")


def _lacking(w: PageWriter) -> str:
    """The signals no school could be checked for in the latest year, with the data they need."""
    frame = w.ctx.results.objectivity
    if frame is None or frame.empty:
        return ""
    cover = signal_coverage(frame)
    latest = cover[cover["year"] == cover["year"].max()]
    missing = latest[latest["checked"] == 0]
    if missing.empty:
        return ""
    titles = _signal_titles()
    parts = [f"«{titles.get(str(r['signal']), str(r['signal']))}» — нужны данные: {r['needs']}" for r in records(missing)]
    return (f"В {ty.school_year(int(latest['year'].iloc[0]))} учебном году не проверялись признаки: " + "; ".join(parts) + ".")


def _risk(w: PageWriter) -> Any:
    if not w.config.objectivity.publish_risk_list:
        return None
    frame = w.ctx.results.risk
    if frame is None or frame.empty:
        return None
    rows = []
    for row in records(frame.sort_values(["year", "org_id"], ascending=[False, True])):
        names = row.get("signal_names")
        if is_missing(names):
            names = ""
        shown = "; ".join(_signal_titles().get(part.strip(), part.strip()) for part in str(names).replace(";", ",").split(",") if part.strip())
        rows.append([Cell(ty.school_year(int(row["year"])), int(row["year"])), Cell(w.org_a(urls.OBJECTIVITY, str(row["org_id"])), header=True),
                     ty.fmt_int(row["signals"]), shown])
    return table([Column("Учебный год"), Column("Школа"), Column("Признаков", numeric=True), Column("Признаки")], rows,
                 caption="Школы «в зоне риска»", interactive=True, filter_label="Найти школу")


def write(w: PageWriter) -> None:
    baseline, suppressed = _baseline(w)
    intro = ("Признаки необъективности — это сигналы для методической помощи школе, а не оценка работы учителей: "
             "результаты ВПР не используются для оценки отдельных педагогов. Каждый признак сравнивает школу "
             "с муниципалитетом и проверяется, только если в группе не меньше "
             f"{ty.count_noun(w.config.privacy.min_group, ('участника', 'участников', 'участников'))}.")
    w.page(urls.OBJECTIVITY, "objectivity.md.j2", title="Объективность результатов", menu="Объективность результатов", intro=intro,
           signals=_signals_list(w), baseline=baseline, counts=_counts(w), risk=_risk(w), lacking=_lacking(w),
           risk_note="Школа попадает в перечень, если у неё не меньше "
                     f"{ty.count_noun(w.config.objectivity.min_signals, ('признака', 'признаков', 'признаков'))} в учебном году.",
           no_list_note="Поимённый перечень школ «в зоне риска» на сайте не публикуется: с ним работает управление образования.",
           legend=suppressed, wide=True)
