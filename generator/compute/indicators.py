"""Per-organisation (and reported per-municipality) numerators and denominators of every catalogue indicator.

Computed indicators are evaluated from the assessment tables by their formula; reported ones are taken from
``monitoring``. Values are not formed here: ``aggregate`` sums numerators and denominators up the territory first
and forms every value the same way, so an organisation and its municipality are always computed alike.
"""

from __future__ import annotations

import pandas as pd

from ..errors import DataError
from ..load import Dataset
from .formula import FormulaError, evaluate, parse_formula

#: tables whose years make up the period of the build
YEAR_TABLES = ("ege", "oge", "vpr", "olympiad", "graduation", "organisation_values", "municipality_values")

#: a computed indicator over these tables counts the presence of a record: an organisation without one has 0
ZERO_FILLED = ("statuses",)

KEYS = ["indicator", "org_id", "year"]


def _table(dataset: Dataset, name: str) -> pd.DataFrame | None:
    return dataset.tables.get(name)


def study_years(dataset: Dataset) -> list[int]:
    """Every year that has any data, sorted."""
    years: set[int] = set()
    for name in YEAR_TABLES:
        table = _table(dataset, name)
        if table is not None and not table.empty:
            years.update(int(year) for year in table["year"].dropna().unique())
    return sorted(years)


def computed(dataset: Dataset, catalogue: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Numerator and denominator per (indicator, org_id, year) for every ``method=computed`` indicator."""
    parts = []
    organisations = dataset["organisations"]
    for row in catalogue[catalogue["method"] == "computed"].itertuples(index=False):
        try:
            formula = parse_formula(str(row.formula))
            table = _table(dataset, formula.dataset)
            if table is None:
                raise FormulaError(f"Формула «{row.formula}» ссылается на отсутствующий набор данных «{formula.dataset}».")
            sums = evaluate(formula, table)
        except FormulaError as error:
            raise DataError(f"indicators.csv, показатель {row.code}, столбец formula: {error.message}") from error
        if formula.dataset in ZERO_FILLED:
            eligible = organisations.loc[organisations["kind"] == row.applies_to, "org_id"]
            grid = pd.MultiIndex.from_product([eligible, years], names=["org_id", "year"]).to_frame(index=False)
            grid["year"] = grid["year"].astype("Int64")
            sums = grid.merge(sums, on=["org_id", "year"], how="left")
            sums["numerator"] = sums["numerator"].fillna(0)
        sums.insert(0, "indicator", row.code)
        parts.append(sums)
    return _concat(parts)


def reported(dataset: Dataset, catalogue: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reported numerators/denominators: (organisation rows, municipality rows of municipality-level indicators).

    Municipality rows of organisation-level indicators are ignored: the municipal value of such an indicator is
    always the sum over its organisations, so a page never shows two different municipal values.
    """
    codes = catalogue.loc[catalogue["method"] == "reported", ["code", "level"]]
    org_codes = set(codes.loc[codes["level"] == "organisation", "code"])
    muni_codes = set(codes.loc[codes["level"] == "municipality", "code"])
    columns = ["numerator", "denominator", "reported_value"]
    org = _table(dataset, "organisation_values")
    if org is None:
        org = pd.DataFrame(columns=["indicator", "org_id", "year", "numerator", "denominator", "value"])
    org = org[org["indicator"].isin(org_codes)].rename(columns={"value": "reported_value"})
    muni = _table(dataset, "municipality_values")
    if muni is None:
        muni = pd.DataFrame(columns=["indicator", "oktmo", "year", "numerator", "denominator", "value"])
    muni = muni[muni["indicator"].isin(muni_codes)].rename(columns={"value": "reported_value"})
    return (
        org[["indicator", "org_id", "year", *columns]].reset_index(drop=True),
        muni[["indicator", "oktmo", "year", *columns]].reset_index(drop=True),
    )


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame({"indicator": pd.Series(dtype="string"), "org_id": pd.Series(dtype="string"),
                             "year": pd.Series(dtype="Int64"), "numerator": pd.Series(dtype="Float64"),
                             "denominator": pd.Series(dtype="Float64")})
    return pd.concat(parts, ignore_index=True)


def organisation_sums(dataset: Dataset, catalogue: pd.DataFrame, years: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All organisation-level sums (computed + reported) and the reported municipality-level sums."""
    org_reported, muni_reported = reported(dataset, catalogue)
    org = pd.concat([computed(dataset, catalogue, years), org_reported], ignore_index=True)
    for frame in (org, muni_reported):
        for column in ("numerator", "denominator", "reported_value"):
            if column not in frame:
                frame[column] = pd.NA
            frame[column] = frame[column].astype("Float64")
        frame["year"] = frame["year"].astype("Int64")
        frame["indicator"] = frame["indicator"].astype("string")
    return org, muni_reported
