"""The analytics stage: ``compute(dataset, config) -> Results``.

Stages, in order: per-organisation sums (``indicators``) → sums up the territory and values (``aggregate``) →
small-group suppression (``suppression``) → dynamics and comparison on the published values (``dynamics``) →
procedure tables, objectivity, ШНОР and ratings (each rule reads the unsuppressed internal values, which never
leave this package).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..config import Config
from ..load import Dataset
from . import objectivity, procedures, ratings, shnor
from .aggregate import aggregate, entities
from .dynamics import add_comparison, add_dynamics
from .indicators import organisation_sums, study_years
from .results import VALUE_COLUMNS, Results
from .suppression import blank, check_no_leak, check_results, protect, sensitive_indicators

__all__ = ["Results", "check_no_leak", "check_results", "compute", "compute_values"]

BLANKED = ("numerator", "denominator", "value", "previous", "change", "verdict", "trend")


def internal_values(dataset: Dataset) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """Unsuppressed values of every entity (for the rules only), the entity table and the years."""
    catalogue = dataset["indicators"]
    years = study_years(dataset)
    entity_table = entities(dataset)
    org_sums, muni_reported = organisation_sums(dataset, catalogue, years)
    return aggregate(org_sums, muni_reported, catalogue, entity_table), entity_table, years


def suppress_values(internal: pd.DataFrame, catalogue: pd.DataFrame, entity_table: pd.DataFrame,
                    min_group: int, tied: pd.DataFrame | None = None) -> pd.DataFrame:
    """``internal`` with ``suppressed``/``suppression`` set and the hidden numbers blanked.

    ``tied`` carries the suppression of the indicators protected jointly with the procedure cells
    (``procedures.protect``); every other sensitive indicator is protected along the territory tree.
    """
    frame = internal.copy()
    tied = tied if tied is not None else pd.DataFrame(columns=["indicator", "entity_type", "entity_id", "year"])
    tied_codes = set(tied["indicator"])
    sensitive = frame["indicator"].isin(sensitive_indicators(catalogue) - tied_codes)
    frame["suppression"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    cells = frame[sensitive]
    if not cells.empty:
        primary = (cells["denominator"] < min_group).fillna(False).astype(bool)
        state = protect(cells, entity_table, ["indicator", "year"], primary, min_group)
        frame.loc[cells.index, "suppression"] = state.to_numpy()
    if not tied.empty:
        keys = ["indicator", "entity_type", "entity_id", "year"]
        tied = tied.astype({"indicator": "string", "entity_type": "string", "entity_id": "string", "year": "Int64"})
        joined = frame[keys].merge(tied, on=keys, how="left")
        is_tied = frame["indicator"].isin(tied_codes).to_numpy()
        frame.loc[is_tied, "suppression"] = joined.loc[is_tied, "suppression"].to_numpy()
    frame["suppressed"] = frame["suppression"].notna()
    return blank(frame, ("numerator", "denominator", "value"))


@dataclass(frozen=True)
class Computed:
    """Published and internal tables of one run (the internal ones stay inside ``generator.compute``)."""

    values: pd.DataFrame
    internal: pd.DataFrame
    entities: pd.DataFrame
    years: list[int]
    procedures: dict[str, pd.DataFrame]
    cells: dict[str, pd.DataFrame]


def compute_values(dataset: Dataset, config: Config) -> Computed:
    """Values and procedure tables, suppressed together."""
    catalogue = dataset["indicators"]
    min_group = config.privacy.min_group
    internal, entity_table, years = internal_values(dataset)
    cells = procedures.cells(dataset, entity_table)
    states, tied = procedures.protect(dataset, cells, catalogue, entity_table, min_group)
    published = suppress_values(internal, catalogue, entity_table, min_group, tied)
    published = add_dynamics(published, catalogue, config.analytics)
    published = add_comparison(published, entity_table)
    published = blank(published, BLANKED)
    published = published[VALUE_COLUMNS].sort_values(["indicator", "entity_type", "entity_id", "year"])
    return Computed(published.reset_index(drop=True), internal, entity_table, years,
                    procedures.publish(cells, states), cells)


def compute(dataset: Dataset, config: Config) -> Results:
    """Every computed table of the build (see ``Results``)."""
    run = compute_values(dataset, config)
    signals = objectivity.signals(dataset, run.internal, run.values, config)
    flags = shnor.low_flags(dataset, run.internal, config)
    shnor_list = shnor.identify(flags, run.years, config)
    rating_table, clusters = ratings.rate(dataset, run.internal, run.values, config)
    return Results(
        values=run.values,
        catalogue=dataset["indicators"],
        directions=dataset["directions"],
        entities=run.entities,
        years=run.years,
        min_group=config.privacy.min_group,
        procedures=run.procedures,
        objectivity=signals,
        risk=objectivity.risk_list(signals, config),
        shnor=shnor_list,
        shnor_criteria=flags,
        shnor_movement=shnor.movement(shnor_list, run.years, config),
        shnor_dynamics=shnor.dynamics(shnor_list, run.values, config),
        ratings=rating_table,
        clusters=clusters,
    )
