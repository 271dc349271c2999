"""The ШНОР page (школы с низкими образовательными результатами): the selection rule in words, the list per
year with its movement, the official statuses, the dynamics of the schools' results and the programme's
documents from ``content/shnor/`` — the dedicated page the regulations require."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ...compute import methodology
from .. import methodology_text
from ..charts import Chart
from ..handwritten import read
from ..lookups import as_float, records
from ..tables import Cell, Column, table

if TYPE_CHECKING:
    from ..writer import PageWriter

INTRO = urls.SHNOR  # the hand-written part: content/ has the same layout as the site
PROCEDURES = {"ege": "ЕГЭ", "oge": "ОГЭ", "vpr": "ВПР"}
#: more schools than this are drawn as their median, not one line each
MAX_LINES = 8
SCHOOL_FORMS = ("школа", "школы", "школ")


def criteria_text(w: PageWriter) -> Markup:
    return methodology_text.as_list(methodology.shnor(w.config))


def _identified(w: PageWriter) -> Any:
    frame = w.ctx.results.shnor
    if frame is None or frame.empty:
        return None
    if "status" in frame.columns:
        frame = frame[frame["status"] == "identified"]
    return frame


def _lacking(w: PageWriter) -> dict[int, str]:
    """Year → why its list cannot be computed (only the years that cannot), from the analytics' movement."""
    frame = w.ctx.results.shnor_movement
    if frame is None or frame.empty or "computable" not in frame:
        return {}
    return {int(r["year"]): str(r["lacking"]) for r in records(frame) if not bool(r["computable"])}


def _computed_table(w: PageWriter, listed: Any) -> Any:
    rows = []
    lacking = _lacking(w)
    for year in w.data.years:
        ids = sorted(str(i) for i in listed.loc[listed["year"] == year, "org_id"])
        if year < w.data.years[0] + w.config.shnor.consecutive_years - 1:
            continue
        if year in lacking:
            rows.append([Cell(ty.school_year(year), year, header=True), Cell(ty.NO_DATA, None),
                         f"не рассчитывается: {lacking[year]}"])
            continue
        names = [w.org_a(urls.SHNOR, org_id) for org_id in sorted(ids, key=lambda i: w.data.org_name(i).lower())]
        shown = Markup(", ").join(names) if names else "нет"
        rows.append([Cell(ty.school_year(year), year, header=True), Cell(ty.fmt_int(len(ids)), len(ids)), shown])
    return table([Column("Учебный год"), Column("Число школ", numeric=True), Column("Школы")], rows,
                 caption="Школы, соответствующие критериям ШНОР, по годам")


def _movement_table(w: PageWriter) -> Any:
    frame = w.ctx.results.shnor_movement
    if frame is None or frame.empty:
        return None
    lacking = _lacking(w)
    frame = frame[~frame["year"].astype(int).isin(lacking)]  # a year that cannot be computed has no movement
    if frame.empty:
        return None
    rows = [[Cell(ty.school_year(int(r["year"])), int(r["year"]), header=True),
             ty.fmt_int(r["identified"]), ty.fmt_int(r["entered"]), ty.fmt_int(r["left"])]
            for r in records(frame.sort_values("year"))]
    return table([Column("Учебный год"), Column("В перечне", numeric=True), Column("Вошли", numeric=True),
                  Column("Вышли", numeric=True)], rows, caption="Движение перечня ШНОР")


def _official_table(w: PageWriter) -> Any:
    statuses = w.ctx.dataset["statuses"]
    shnor = statuses[statuses["status"] == "shnor"].sort_values(["year", "org_id"])
    if shnor.empty:
        return None
    rows = [[Cell(ty.school_year(int(r["year"])), int(r["year"]), header=True), w.org_a(urls.SHNOR, str(r["org_id"])),
             "" if r["basis"] is None else r["basis"]] for r in records(shnor)]
    return table([Column("Учебный год"), Column("Школа"), Column("Основание")], rows,
                 caption="Статус ШНОР по приказам управления образования")


def _dynamics(w: PageWriter, listed: Any) -> list[dict[str, Any]]:
    data = w.data
    ever = sorted({str(i) for i in listed["org_id"]}, key=lambda i: data.org_name(i).lower())
    if not ever:
        return []
    entity_type, entity_id, territory = data.territory
    items = []
    for procedure in w.config.shnor.procedures:
        code = w.config.shnor.metrics.get(procedure)
        item = data.indicator_by_code.get(code or "")
        if item is None:
            continue
        unit = str(item["unit"])
        series, rows = [], []
        per_school = {org_id: [as_float((data.series(code, "organisation", org_id).get(y) or {}).get("value"))
                               for y in data.years] for org_id in ever}
        per_school = {org_id: values for org_id, values in per_school.items() if any(v is not None for v in values)}
        if len(per_school) > MAX_LINES:
            # too many lines to read: the median school of the list, each school's values are on its own page
            medians = [statistics.median(column) if column else None
                       for column in ([v for v in values if v is not None] for values in zip(*per_school.values(), strict=True))]
            label = f"Медиана {ty.count_noun(len(per_school), ('школы', 'школ', 'школ'))} перечня"
            series.append({"name": label, "values": medians})
            rows.append([Cell(label, header=True)] + [Cell(ty.fmt_value(v, unit), v) for v in medians])
        else:
            for org_id, values in per_school.items():
                series.append({"name": data.org_name(org_id), "values": values})
                rows.append([Cell(w.org_a(urls.SHNOR, org_id), header=True)] + [Cell(ty.fmt_value(v, unit), v) for v in values])
        if not series:
            continue
        municipal = [as_float((data.series(code, entity_type, entity_id).get(y) or {}).get("value")) for y in data.years]
        series.append({"name": territory, "values": municipal, "dashed": True})
        rows.append([Cell(territory, header=True)] + [Cell(ty.fmt_value(v, unit), v) for v in municipal])
        described = "; ".join(
            f"{s['name']}: " + ", ".join(f"{ty.school_year(y)} — {ty.fmt_value(v, unit)}" for y, v in zip(data.years, s["values"], strict=True) if v is not None)
            for s in series)
        chart = w.chart(Chart(
            path=urls.chart(urls.SHNOR, procedure), kind="trend",
            title=f"{item['short_name']}: школы, соответствовавшие критериям ШНОР", unit=unit,
            description=f"Линейная диаграмма. {item['short_name']} по годам. {described}.",
            labels=[ty.school_year(y) for y in data.years], series=series,
        ), urls.SHNOR)
        columns = [Column("Школа")] + [Column(ty.school_year(y), numeric=True) for y in data.years]
        name = PROCEDURES.get(procedure, procedure)
        title = str(item["short_name"]) if str(item["short_name"]).startswith(name) else f"{name}: {item['short_name']}"
        items.append({"title": title, "chart": chart,
                      "table": table(columns, rows, caption=str(item["short_name"]), search=False)})
    return items


def _documents(w: PageWriter) -> list[dict[str, str]]:
    folder = w.ctx.project.content / "shnor"
    if not folder.is_dir():
        return []
    docs = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if not path.is_file() or relative == "index.md" or any(p.startswith(".") for p in path.parts):
            continue
        title = path.stem.replace("-", " ").replace("_", " ")
        if path.suffix == ".md":
            first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")), "")
            title = first[2:].strip() or title
        docs.append({"title": title, "link": relative})
    return docs


def _uncomputable_note(w: PageWriter) -> str:
    """When no year's list can be computed: one sentence saying so and what is missing, instead of tables."""
    lacking = _lacking(w)
    first = w.data.years[0] + w.config.shnor.consecutive_years - 1 if w.data.years else 0
    years = [year for year in w.data.years if year >= first]
    if not years or any(year not in lacking for year in years):
        return ""
    return ("Перечень по критериям не рассчитывается ни за один год: для отбора нужны результаты оценочных "
            f"процедур ({lacking[years[-1]]}).")


def write(w: PageWriter) -> None:
    listed = _identified(w)
    note = _uncomputable_note(w)
    if note:
        listed = None
    has_list = listed is not None and not listed.empty
    w.page(
        urls.SHNOR, "shnor.md.j2", title="Школы с низкими образовательными результатами", menu="ШНОР",
        handwritten=read(w.ctx.project.content / INTRO), criteria=criteria_text(w),
        computed_table=_computed_table(w, listed) if listed is not None else None,
        movement_table=_movement_table(w) if not note else None, official_table=_official_table(w),
        dynamics=_dynamics(w, listed) if has_list else [], documents=_documents(w), uncomputable=note,
    )
