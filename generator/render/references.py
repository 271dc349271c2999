"""The values from outside the project beside an indicator's own: region, Russia, control sample, by year.

One table for the indicator page (and any page that wants it): a column per scope the project has values
for, the municipality's published value first, the sources under the table. Nothing is shown without
reference values, and the region's column exists only when the project has the region — computed from
several municipalities or given as a reference value (``Results.regional``), never the municipality again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import typography as ty
from ..compute.references import SCOPES
from .lookups import as_float
from .tables import Cell, Column, table
from .templating import md_escape

if TYPE_CHECKING:
    from .writer import PageWriter


def comparison(w: PageWriter, code: str, unit: str) -> tuple[Any, Markup] | None:
    """(table, sources line) for indicator ``code``, or ``None`` when there is nothing to compare with."""
    results = w.ctx.results
    data = w.data
    references = results.references
    own = references[references["indicator"] == code] if not references.empty else references
    several = data.several_municipalities
    if own.empty and not several:
        return None
    entity_type, entity_id, territory = data.territory
    scopes = [scope for scope in SCOPES if scope != "region" and not own.empty and (own["scope"] == scope).any()]
    rows, sources = [], {}
    for year in data.years:
        ours = as_float((data.series(code, entity_type, entity_id).get(year) or {}).get("value"))
        region = results.regional(code, year) if entity_type != "region" else None
        others = [results.reference(code, year, scope) for scope in scopes]
        if region is None and not any(others):
            continue
        cells = [Cell(ty.school_year(year), year, header=True),
                 Cell(ty.fmt_value(ours, unit) if ours is not None else ty.NO_DATA, ours)]
        cells.append(Cell(ty.fmt_value(region[0], unit) if region else ty.NO_DATA, region[0] if region else None))
        if region:
            sources.setdefault(region[1], None)
        for found in others:
            cells.append(Cell(ty.fmt_value(found[0], unit) if found else ty.NO_DATA, found[0] if found else None))
            if found:
                sources.setdefault(found[2], None)
        rows.append(cells)
    if not rows:
        return None
    names = [_name(own, scope) for scope in scopes]
    columns = [Column("Учебный год"), Column(territory, numeric=True), Column("Регион", numeric=True),
               *[Column(name, numeric=True) for name in names]]
    note = Markup("Источники: ") + Markup("; ").join(md_escape(source) for source in sources) + Markup(".")
    return table(columns, rows, caption="Значения для сравнения", search=False), note


def _name(own: Any, scope: str) -> str:
    names = own.loc[own["scope"] == scope, "name"].dropna().astype(str).unique()
    return names[0] if len(names) == 1 else SCOPES[scope]
