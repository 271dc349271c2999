"""The analytics stage: ``compute(dataset, config) -> Results``.

Stages, in order: per-organisation sums (``indicators``) → sums up the territory and values (``aggregate``) →
small-group suppression (``suppression``) → dynamics and comparison on the published values (``dynamics``) →
procedure tables, objectivity, ШНОР and ratings (each rule reads the unsuppressed internal values, which never
leave this package).
"""

from __future__ import annotations

import pandas as pd

from ..config import Config
from ..load import Dataset
from .aggregate import aggregate, entities
from .dynamics import add_comparison, add_dynamics
from .indicators import organisation_sums, study_years
from .results import VALUE_COLUMNS, Results
from .suppression import blank, protect, sensitive_indicators

__all__ = ["Results", "compute", "compute_values"]

BLANKED = ("numerator", "denominator", "value", "previous", "change", "verdict", "trend")


def internal_values(dataset: Dataset) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """Unsuppressed values of every entity (for the rules only), the entity table and the years."""
    catalogue = dataset["indicators"]
    years = study_years(dataset)
    entity_table = entities(dataset)
    org_sums, muni_reported = organisation_sums(dataset, catalogue, years)
    return aggregate(org_sums, muni_reported, catalogue, entity_table), entity_table, years


def suppress_values(internal: pd.DataFrame, catalogue: pd.DataFrame, entity_table: pd.DataFrame,
                    min_group: int) -> pd.DataFrame:
    """``internal`` with ``suppressed``/``suppression`` set and the hidden numbers blanked."""
    frame = internal.copy()
    sensitive = frame["indicator"].isin(sensitive_indicators(catalogue))
    frame["suppression"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    cells = frame[sensitive]
    if not cells.empty:
        primary = (cells["denominator"] < min_group).fillna(False).astype(bool)
        state = protect(cells, entity_table, ["indicator", "year"], primary, min_group)
        frame.loc[cells.index, "suppression"] = state.to_numpy()
    frame["suppressed"] = frame["suppression"].notna()
    return blank(frame, ("numerator", "denominator", "value"))


def compute_values(dataset: Dataset, config: Config) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[int]]:
    """(published values, internal values, entities, years)."""
    catalogue = dataset["indicators"]
    internal, entity_table, years = internal_values(dataset)
    published = suppress_values(internal, catalogue, entity_table, config.privacy.min_group)
    published = add_dynamics(published, catalogue, config.analytics)
    published = add_comparison(published, entity_table)
    published = blank(published, BLANKED)
    published = published[VALUE_COLUMNS].sort_values(["indicator", "entity_type", "entity_id", "year"])
    return published.reset_index(drop=True), internal, entity_table, years


def compute(dataset: Dataset, config: Config) -> Results:
    """Every computed table of the build (see ``Results``)."""
    values, internal, entity_table, years = compute_values(dataset, config)
    return Results(
        values=values,
        catalogue=dataset["indicators"],
        directions=dataset["directions"],
        entities=entity_table,
        years=years,
        min_group=config.privacy.min_group,
    )
