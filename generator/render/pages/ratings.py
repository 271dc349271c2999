"""The ratings page: composite scores compared only within clusters of schools in similar conditions
(scored on the same indicators, ШФНСУ or not, urban/rural, size), one table per cluster — never one league
table of all schools. A cluster too small to compare within lists its schools without places and says why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ... import typography as ty
from ... import urls
from ...compute import methodology
from .. import methodology_text, paging
from ..lookups import as_float, records
from ..tables import Cell, Column, table
from ..templating import md_escape

if TYPE_CHECKING:
    from ..writer import PageWriter


def _intro(w: PageWriter) -> Markup:
    return methodology_text.as_list(methodology.ratings(w.config))


#: above this many rated schools each cluster gets a page of its own (one page must stay small)
MAX_ROWS_ON_PAGE = paging.PAGE_ROWS
#: schools on one page of a cluster
CLUSTER_ROWS = paging.PAGE_ROWS


def _cluster_pages(w: PageWriter, cluster: str, part: Any, label: str, note: str, year: int) -> str:
    """A cluster on pages of its own (several when it is large), in the order of the rating; returns the first."""
    ordered = part.sort_values(["rank", "org_id"], na_position="last")
    parts = paging.chunks(ordered, CLUSTER_ROWS)
    pages = [urls.rating_cluster(cluster, number) for number in range(1, len(parts) + 1)]
    labels = [f"места {ty.fmt_int((number - 1) * CLUSTER_ROWS + 1)}–{ty.fmt_int((number - 1) * CLUSTER_ROWS + len(chunk))}"
              for number, chunk in enumerate(parts, start=1)]
    for number, (page, chunk) in enumerate(zip(pages, parts, strict=True), start=1):
        pager = paging.pager(w, page, pages, labels, name="Страницы кластера") if len(parts) > 1 else ""
        title = f"Рейтинговая оценка: кластер «{label}»" + (f", страница {number}" if number > 1 else "")
        w.page(page, "ratings.md.j2", title=title, intro=Markup(md_escape(note)) + Markup("\n\n") + pager, clusters=None,
               groups=[{"title": "Школы кластера", "note": "", "table": _cluster_table(w, page, chunk, label, year)}],
               wide=True)
    return pages[0]


def _unranked_note(w: PageWriter, schools: int, shfnsu: bool) -> str:
    """Why a cluster has no places: too few comparable schools, and it is not merged across the strata."""
    minimum = w.config.rating.min_cluster
    line = ("школы в неблагоприятных социальных условиях (ШФНСУ) сравниваются только между собой" if shfnsu else
            "школы, оцениваемые по другим показателям или в других социальных условиях, для сравнения не подходят")
    return (f"В кластере {ty.count_noun(schools, ('школа', 'школы', 'школ'))}, а для сравнения нужно не меньше "
            f"{ty.fmt_int(minimum)}: места не присваиваются. С другими кластерами он не объединяется — {line}.")


def _unranked_table(w: PageWriter, page: str, part: Any, label: str, year: int) -> Any:
    rows = [[Cell(w.org_a(page, str(row["org_id"])), w.data.org_name(str(row["org_id"])).lower(), header=True)]
            for row in sorted(records(part), key=lambda row: w.data.org_name(str(row["org_id"])).lower())]
    return table([Column("Школа")], rows, caption=f"Кластер «{label}», {ty.school_year(year)}: без мест")


def _cluster_table(w: PageWriter, page: str, part: Any, label: str, year: int) -> Any:
    rows = []
    for row in records(part.sort_values(["rank", "org_id"], na_position="last")):
        composite = as_float(row["composite"])
        rank = as_float(row["rank"])
        rows.append([Cell(ty.fmt_int(rank) if rank is not None else ty.NO_DATA, rank),
                     Cell(w.org_a(page, str(row["org_id"])), w.data.org_name(str(row["org_id"])).lower(), header=True),
                     Cell(ty.fmt_number(composite, 2) if composite is not None else ty.NO_DATA, composite),
                     Cell(ty.fmt_int(row["indicators_used"]), as_float(row["indicators_used"]))])
    return table([Column("Место в кластере", numeric=True), Column("Школа"), Column("Рейтинговая оценка", numeric=True),
                  Column("Учтено показателей", numeric=True)], rows, caption=f"Кластер «{label}», {ty.school_year(year)}")


def write(w: PageWriter) -> None:
    ratings = w.ctx.results.ratings
    clusters = w.ctx.results.clusters
    groups: list[dict[str, Any]] = []
    cluster_table = None
    year = None
    if ratings is not None and not ratings.empty:
        year = int(ratings["year"].max())
        current = ratings[ratings["year"] == year]
        separate = len(current) > MAX_ROWS_ON_PAGE
        info = {}
        if clusters is not None and not clusters.empty:
            info = {str(r["cluster"]): r for r in records(clusters[clusters["year"] == year])}
        for cluster, part in current.groupby("cluster", sort=True):
            label = str(part["cluster_label"].iloc[0])
            about = info.get(str(cluster), {})
            if about and not bool(about.get("ranked", True)):
                groups.append({"title": f"Кластер «{label}»",
                               "note": _unranked_note(w, len(part), bool(about.get("shfnsu", False))),
                               "table": _unranked_table(w, urls.RATINGS, part, label, year)})
                continue
            note = (f"{ty.count_noun(len(part), ('школа', 'школы', 'школ'))}, {ty.school_year_long(year)}. "
                    "Прочерк — недостаточно показателей для оценки.")
            if separate:
                page = _cluster_pages(w, str(cluster), part, label, note, year)
                groups.append({"title": f"Кластер «{label}»", "note": Markup(f"{md_escape(note)} ") +
                               w.a(urls.RATINGS, page, "Таблица кластера"), "table": ""})
            else:
                groups.append({"title": f"Кластер «{label}»", "note": note,
                               "table": _cluster_table(w, urls.RATINGS, part, label, year)})
    if clusters is not None and not clusters.empty and year is not None:
        rows = [[Cell(str(r["cluster_label"]), header=True), ty.fmt_int(r["schools"]),
                 "да" if bool(r["merged"]) else "нет",
                 "да" if bool(r.get("ranked", True)) else "нет: мало школ"]
                for r in records(clusters[clusters["year"] == year])]
        cluster_table = table([Column("Кластер"), Column("Школ", numeric=True),
                               Column("Объединён из нескольких групп"), Column("Места")], rows,
                              caption=f"Кластеры, {ty.school_year(year)}")
    w.page(urls.RATINGS, "ratings.md.j2", title="Рейтинговая оценка в кластерах", menu="Рейтинговая оценка", intro=_intro(w), clusters=cluster_table,
           groups=groups, wide=True, gaps=_gaps_table(w, urls.RATINGS, year))


def _gaps_table(w: PageWriter, page: str, year: int | None) -> Any:
    """Schools of the year without a rating, each with the reason (``compute.ratings.gaps``): a school the
    rating cannot score is «не рассчитана», never the last place, and the parent is told why."""
    gaps = w.ctx.results.rating_gaps
    if year is None or gaps is None or gaps.empty:
        return None
    current = gaps[gaps["year"] == year]
    if current.empty:
        return None
    rows = [[Cell(w.org_a(page, str(row["org_id"])), w.data.org_name(str(row["org_id"])).lower(), header=True),
             str(row["reason"])]
            for row in sorted(records(current), key=lambda row: w.data.org_name(str(row["org_id"])).lower())]
    return table([Column("Школа"), Column("Почему нет оценки")], rows,
                 caption=f"Школы без рейтинговой оценки, {ty.school_year(year)}")
