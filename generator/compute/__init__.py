"""The analytics stage: ``compute(dataset, config) -> Results``.

Stages, in order: per-organisation sums (``indicators``) → sums up the territory and values (``aggregate``) →
small-group suppression (``generator.privacy``) → dynamics and comparison on the published values (``dynamics``) →
procedure tables, objectivity, ШНОР and ratings (each rule reads the unsuppressed internal values, which never
leave this package).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import privacy
from ..config import Config
from ..load import Dataset
from ..privacy.derived import verify_derived
from . import objectivity, procedures, ratings, shnor
from .aggregate import aggregate, entities
from .counts import count_comparisons, without_total_comparisons
from .dynamics import add_comparison, add_dynamics
from .indicators import organisation_sums, study_years
from .pooled import POOLED_YEARS, add_pooled
from .references import reference_values
from .results import VALUE_COLUMNS, Results

if TYPE_CHECKING:
    from ..privacy import Protection

__all__ = ["Results", "compute", "compute_values"]

BLANKED = ("numerator", "denominator", "value", "previous", "change", "direction", "verdict", "trend")


def internal_values(dataset: Dataset) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """Unsuppressed values of every entity (for the rules only), the entity table and the years."""
    catalogue = dataset["indicators"]
    years = study_years(dataset)
    entity_table = entities(dataset)
    org_sums, muni_reported = organisation_sums(dataset, catalogue, years)
    return aggregate(org_sums, muni_reported, catalogue, entity_table), entity_table, years


def blank(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """Set ``columns`` to <NA> on the rows flagged ``suppressed``."""
    frame = frame.copy()
    rows = frame["suppressed"].astype(bool)
    for column in columns:
        if column in frame:
            frame.loc[rows, column] = pd.NA
    return frame


def suppress_values(internal: pd.DataFrame, protection: Protection) -> pd.DataFrame:
    """``internal`` with ``suppressed``/``suppression`` set by the disclosure control and the hidden numbers blanked."""
    frame = internal.copy()
    frame["suppression"] = protection.value_states(frame)
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
    protection: Protection


def compute_values(dataset: Dataset, config: Config, cache: Path | None = None,
                   kept: dict[tuple, str] | None = None) -> Computed:
    """Values and procedure tables, suppressed together by one decision of the disclosure control (``kept``:
    the previous version's hidden cells, see ``privacy.protect``)."""
    catalogue = dataset["indicators"]
    internal, entity_table, years = internal_values(dataset)
    cells = procedures.cells(dataset, entity_table)
    protection = privacy.protect(dataset, internal, cells, entity_table, config, cache, kept)
    states = {name: protection.procedure_states(name, table) for name, table in cells.items()}
    published = suppress_values(internal, protection)
    published = add_dynamics(published, catalogue, config.analytics)
    published = add_comparison(published, entity_table)
    published = without_total_comparisons(published, catalogue)
    published = blank(published, BLANKED)
    published = add_pooled(published, catalogue, config.analytics)
    verify_derived(protection, published, POOLED_YEARS)
    published = published[VALUE_COLUMNS].sort_values(["indicator", "entity_type", "entity_id", "year"])
    return Computed(published.reset_index(drop=True), internal, entity_table, years,
                    procedures.publish(cells, states), cells, protection)


def compute(dataset: Dataset, config: Config, cache: Path | None = None, kept: dict[tuple, str] | None = None) -> Results:
    """Every computed table of the build (see ``Results``); ``cache`` keeps the disclosure control's decisions,
    ``kept`` is the previous version's pattern of hidden cells."""
    run = compute_values(dataset, config, cache, kept)
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
        shnor_movement=shnor.movement(shnor_list, run.years, config, flags),
        shnor_dynamics=shnor.dynamics(shnor_list, run.values, config),
        ratings=rating_table,
        clusters=clusters,
        protection=run.protection,
        counts=count_comparisons(run.values, run.entities, dataset["indicators"], run.protection),
        references=reference_values(dataset),
        rating_gaps=ratings.gaps(dataset, run.values, rating_table, config),
    )
