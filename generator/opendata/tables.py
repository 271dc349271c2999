"""Assemble the published tables from the loaded data and the computed results, suppressed and checked.

Nothing leaves this module that ``suppress`` has not blanked and ``check_no_leak`` has not re-checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from . import suppress
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
    suppress.check_no_leak(values, results, name=INDICATOR_VALUES)
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


def source_table(ctx: BuildContext, resource_name: str, names: dict[str, str]) -> PublishedTable:
    dataset, results = ctx.dataset, ctx.results
    resource = dataset.resources[resource_name]
    package = dataset.packages[resource.package]
    suppressible = suppress.is_suppressible(resource_name)
    schema = published_schema(resource.schema, suppressible=suppressible, names=names)
    frame = dataset[resource_name].reset_index(drop=True)
    key = resource.primary_key
    if resource_name in suppress.REPORTED:
        frame = suppress.suppress_reported(resource_name, frame, results, key)
        suppress.check_reported(resource_name, frame, results)
    elif suppressible:
        internal = frame
        frame = suppress.suppress_assessment(resource_name, internal, results)
        suppress.check_assessment(resource_name, frame, internal, results)
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
    for name in resources:
        table = source_table(ctx, name, names)
        tables[table.name] = table
    return [tables[name] for name in dataset_order(list(tables))]
