"""Assemble the published tables from the loaded data and the computed results, suppressed and checked.

Nothing leaves this module that ``suppress`` has not blanked and ``check_no_leak`` has not re-checked.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..compute import formula as formula_module
from ..compute import suppression as suppression_module
from . import pickles, suppress
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
        frame = _suppressed_assessment(ctx, resource_name, frame)
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


def _suppressed_assessment(ctx: BuildContext, resource_name: str, internal: pd.DataFrame) -> pd.DataFrame:
    """An assessment table suppressed and leak-checked, or the same result from the last build that had exactly
    the same inputs (when the analyst loads one dataset, the other tables' suppression need not run again)."""
    cache = ctx.project.work / "suppressed"
    path = cache / f"{resource_name}-{_suppression_key(ctx, resource_name, internal)}.pickle"

    def make() -> pd.DataFrame:
        frame = suppress.suppress_assessment(resource_name, internal, ctx.results)
        suppress.check_assessment(resource_name, frame, internal, ctx.results)
        for stale in cache.glob(f"{resource_name}-*.pickle"):
            stale.unlink()
        return frame

    return pickles.cached(path, make)


def _frame_digest(frame: pd.DataFrame | None) -> bytes:
    if frame is None or frame.empty:
        return b"-"
    columns = json.dumps([[str(name), str(dtype)] for name, dtype in frame.dtypes.items()]).encode()
    return hashlib.sha256(columns + pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()).digest()


def _suppression_key(ctx: BuildContext, resource_name: str, frame: pd.DataFrame) -> str:
    """Everything ``suppress_assessment`` and ``check_assessment`` read for one table: the table, its procedure
    table, the values of the indicators computed from it, the entities, the catalogue, the group limit and the
    suppression code itself."""
    results = ctx.results
    catalogue = results.catalogue
    own = catalogue.loc[catalogue["formula"].astype("string").str.match(rf"{resource_name}[\[:]", na=False), "code"]
    values = results.values[results.values["indicator"].isin(set(own.astype(str)))]
    digest = hashlib.sha256(f"{resource_name}\0{results.min_group}\0".encode())
    for part in (frame, results.procedures.get(resource_name), values, results.entities, catalogue):
        digest.update(_frame_digest(part))
    for module in (suppress, suppression_module, formula_module):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:32]


def published_tables(ctx: BuildContext) -> list[PublishedTable]:
    """Every published dataset in the order of the index page."""
    resources = [name for name in ctx.dataset.resources if name in ctx.dataset.tables]
    names = {name: published_name(name) for name in ctx.dataset.resources}
    tables = {INDICATOR_VALUES: indicator_values(ctx)}
    for name in resources:
        table = source_table(ctx, name, names)
        tables[table.name] = table
    return [tables[name] for name in dataset_order(list(tables))]
