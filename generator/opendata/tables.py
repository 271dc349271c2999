"""Assemble the published tables from the loaded data and the computed results, suppressed and audited.

Every table is blanked by the one decision of the disclosure control (``Results.protection``), and nothing
leaves this module before ``Protection.verify`` has audited what the tables really show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..privacy.model import REPORTED, SOURCES
from .datasets import (
    INDICATOR_VALUES,
    PublishedTable,
    dataset_order,
    indicator_values_schema,
    published_name,
    published_schema,
    register_code,
    sort_rows,
)

if TYPE_CHECKING:
    from ..context import BuildContext

#: computed columns rounded in the published indicator table (the exact numerator and denominator stay)
ROUNDED = ("value", "previous", "change", "municipal_value", "regional_value")
DIGITS = 4


def indicator_values(ctx: BuildContext) -> PublishedTable:
    results = ctx.results
    values = results.values.copy()
    entities = results.entities.drop_duplicates(["entity_type", "entity_id"])
    # a plain dict: a pandas lookup per row takes minutes over a region's million values
    names = dict(zip(zip(entities["entity_type"], entities["entity_id"], strict=True), entities["name"], strict=True))
    values["entity_name"] = pd.array(
        [names.get((kind, ident), pd.NA) for kind, ident in zip(values["entity_type"], values["entity_id"], strict=True)],
        dtype="string")
    values["unit"] = values["indicator"].map(results.catalogue.set_index("code")["unit"]).astype("string")
    for column in ROUNDED:
        values[column] = values[column].astype("Float64").round(DIGITS)
    schema = indicator_values_schema()
    municipality = ctx.config.site.municipality
    return PublishedTable(
        name=INDICATOR_VALUES,
        code="IndicatorValues",
        title="Значения показателей",
        description=("Рассчитанные значения всех показателей каталога по организациям, муниципальным образованиям"
                     + (f" ({municipality})" if municipality else "") + " и годам: числитель, знаменатель, значение, "
                     "изменение к прошлому году и его оценка, значения муниципалитета и региона для сравнения. "
                     "Это та же таблица, из которой построены страницы сайта и ежегодный отчёт."),
        schema=schema,
        frame=sort_rows(values, schema),
        package_title="Расчётные значения",
        sources=("Расчёт по данным наборов оценочных процедур и отчётных значений",),
        keywords=("образование", "МСОКО", "показатели", "открытые данные"),
        suppressible=True,
    )


def is_suppressible(resource: str) -> bool:
    """Tables with groups of persons or reported values about them: their rows may be hidden."""
    return resource in SOURCES or resource in REPORTED


def _blanked(ctx: BuildContext, resource_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` with every hidden group's numbers emptied and a ``suppressed`` flag."""
    protection = ctx.results.protection
    frame = frame.copy()
    if resource_name in REPORTED:
        kind, column = REPORTED[resource_name]
        keys = zip(frame["indicator"].astype(str), frame[column].astype(str), frame["year"].astype(int), strict=True)
        hidden = {"row": pd.Series([protection.state(("value", i, kind, e, y)) is not None for i, e, y in keys],
                                   index=frame.index, dtype=bool).to_numpy()}
        columns = {"row": [c for c in ("numerator", "denominator", "value") if c in frame.columns]}
    else:
        hidden = protection.source_hidden(resource_name, frame)
        columns = {group.name: list(group.counts) + (["mean_score"] if resource_name == "ege" and group.name == "participants" else [])
                   for group in SOURCES[resource_name][1]}
    any_hidden = pd.Series(False, index=frame.index)
    for name, rows in hidden.items():
        for column in columns[name]:
            frame[column] = frame[column].mask(rows)
        any_hidden |= rows
    frame["suppressed"] = pd.array(any_hidden.to_numpy(dtype=bool), dtype="boolean")
    return frame


def source_table(ctx: BuildContext, resource_name: str, names: dict[str, str]) -> PublishedTable:
    dataset = ctx.dataset
    resource = dataset.resources[resource_name]
    package = dataset.packages[resource.package]
    suppressible = is_suppressible(resource_name)
    schema = published_schema(resource.schema, suppressible=suppressible, names=names)
    frame = dataset[resource_name].reset_index(drop=True)
    if suppressible:
        frame = _blanked(ctx, resource_name, frame)
    return PublishedTable(
        name=names[resource_name],
        code=register_code(resource_name),
        title=resource.descriptor.get("title", resource_name),
        description=resource.descriptor.get("description", ""),
        schema=schema,
        frame=sort_rows(frame, schema),
        package_title=package.get("title", resource.package),
        sources=tuple(item.get("title", "") for item in package.get("sources", []) if item.get("title")),
        keywords=tuple(package.get("keywords", [])),
        suppressible=suppressible,
    )


def published_tables(ctx: BuildContext) -> list[PublishedTable]:
    """Every published dataset in the order of the index page."""
    resources = [name for name in ctx.dataset.resources if name in ctx.dataset.tables]
    names = {name: published_name(name) for name in ctx.dataset.resources}
    tables = {INDICATOR_VALUES: indicator_values(ctx)}
    shown: dict[str, pd.DataFrame] = {}
    for name in resources:
        table = source_table(ctx, name, names)
        tables[table.name] = table
        if table.suppressible:
            shown[name] = table.frame
    # the proof: the attacker's LP over exactly what these tables (and the pages' procedure tables) show
    ctx.results.protection.verify(shown, tables[INDICATOR_VALUES].frame, ctx.results.procedures)
    return [tables[name] for name in dataset_order(list(tables))]
