"""Reference values from outside the project: the region's, Russia's, a control sample's value of an indicator.

They come from published sources (``monitoring/reference_values``) and say nothing about the project's pupils,
so they pass the disclosure control untouched. What a page, the report or the objectivity rules compare a
municipality with is ``regional_reference``: the region computed from the project's own municipalities when
the registry has several of them, otherwise the region's reference value, otherwise nothing — never the
municipality itself under another name.
"""

from __future__ import annotations

import pandas as pd

from ..load import Dataset

#: the columns of ``Results.references``
COLUMNS = ["indicator", "year", "scope", "name", "value", "source"]
#: scope → how the pages name the comparison when the row's own name is not wanted
SCOPES = {"region": "Регион", "russia": "Россия", "control_sample": "Контрольная выборка"}


def reference_values(dataset: Dataset) -> pd.DataFrame:
    """The reference values as loaded (empty with the same columns when the project has none)."""
    frame = dataset.tables.get("reference_values")
    if frame is None or frame.empty:
        return pd.DataFrame({column: pd.Series(dtype="Int64" if column == "year" else "Float64" if column == "value"
                                               else "string") for column in COLUMNS})
    return frame[COLUMNS].sort_values(["indicator", "year", "scope"]).reset_index(drop=True)


def reference(references: pd.DataFrame, indicator: str, year: int, scope: str) -> tuple[float, str, str] | None:
    """(value, name, source) of one reference value, or ``None``."""
    rows = references[(references["indicator"] == indicator) & (references["year"] == year) & (references["scope"] == scope)]
    if rows.empty or pd.isna(rows["value"].iloc[0]):
        return None
    row = rows.iloc[0]
    return float(row["value"]), str(row["name"]), str(row["source"])


def regional_reference(values: pd.DataFrame, references: pd.DataFrame, indicator: str, region_code: str | None,
                       year: int) -> tuple[float, str] | None:
    """The region's value to show beside a municipality: (value, where it comes from).

    The computed region (its row exists only with several municipalities) comes first; then the region's
    reference value; otherwise ``None`` — with one municipality and no reference, «the region» would only
    repeat the municipality."""
    if region_code:
        rows = values[(values["indicator"] == indicator) & (values["entity_type"] == "region")
                      & (values["entity_id"] == region_code) & (values["year"] == year)]
        if not rows.empty and not pd.isna(rows["value"].iloc[0]):
            return float(rows["value"].iloc[0]), "расчёт по муниципалитетам сайта"
    found = reference(references, indicator, year, "region")
    return (found[0], found[2]) if found else None
