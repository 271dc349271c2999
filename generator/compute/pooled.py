"""Values over the last three years together, and the intervals of every published share and mean.

A school with 12 graduates a year gets a share that jumps by chance; the same share over three years rests on
36 and says more. The pooled value is ``Σ numerators / Σ denominators`` of the years ``year − 2 … year`` that
have data, in the indicator's unit, with its own interval.

**Disclosure.** Both are computed from the *published* numbers only (``numerator`` and ``denominator`` are
blank where a value is hidden). A pooled value is given only when no year of its window is hidden: a pooled
value minus the two published years would otherwise be the hidden year. With every year shown it is a sum of
published numbers and tells nothing new; ``privacy.derived.verify_pooled`` checks exactly that against the
disclosure control's decision, and the attacker of the tests reads the pooled values of the published files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import AnalyticsConfig
from . import uncertainty

KEY = ["indicator", "entity_type", "entity_id"]
#: the catalogue's populations of persons: only their shares and means vary by chance
PERSON_POPULATIONS = ("pupils", "staff")
#: the years a pooled value covers (the year itself and the two before it)
POOLED_YEARS = 3
#: the columns this module adds to the values
COLUMNS = ["low", "high", "pooled_from", "pooled_numerator", "pooled_denominator", "pooled_value", "pooled_low",
           "pooled_high"]


def _intervals(aggregation: pd.Series, value: pd.Series, numerator: pd.Series, denominator: pd.Series,
               spread: pd.Series) -> tuple[pd.array, pd.array]:
    """``uncertainty.interval`` on whole columns: Wilson for shares, Student for means with a spread."""
    kind = aggregation.to_numpy(dtype=object)
    v, k, n, s = (pd.to_numeric(column, errors="coerce").astype(float).to_numpy()
                  for column in (value, numerator, denominator, spread))
    share_low, share_high = uncertainty.wilson_arrays(np.nan_to_num(k, nan=-1.0), np.nan_to_num(n, nan=0.0))
    mean_low, mean_high = uncertainty.mean_interval_arrays(v, np.nan_to_num(s, nan=-1.0), np.nan_to_num(n, nan=0.0))
    present = ~np.isnan(v) & ~np.isnan(k) & ~np.isnan(n)
    low = np.where(present & (kind == "share"), share_low, np.where(present & (kind == "mean"), mean_low, np.nan))
    high = np.where(present & (kind == "share"), share_high, np.where(present & (kind == "mean"), mean_high, np.nan))
    return (pd.array(np.where(np.isnan(low), None, low).tolist(), dtype="Float64"),
            pd.array(np.where(np.isnan(high), None, high).tolist(), dtype="Float64"))


def add_pooled(values: pd.DataFrame, catalogue: pd.DataFrame, config: AnalyticsConfig) -> pd.DataFrame:
    """Add ``low``/``high`` (the value's 95 % interval) and the pooled value of the last three years with its
    first year and interval, for shares and means of persons; blank where a year of the window is hidden."""
    frame = values.reset_index(drop=True)
    info = catalogue.set_index("code")
    # a share of organisations (a kindergarten meets the rules or not) is a fact, not a sample of persons
    persons = frame["indicator"].map(info["population"]).isin(PERSON_POPULATIONS)
    aggregation = frame["indicator"].map(info["aggregation"]).astype(object).where(persons, "")
    scale = aggregation.map({"share": 100.0, "mean": 1.0})
    spreads = {str(code): float(spread) for code, spread in config.mean_spread.items()}
    spread = frame["indicator"].astype(str).map(spreads)
    low, high = _intervals(aggregation, frame["value"], frame["numerator"], frame["denominator"], spread)
    frame["low"], frame["high"] = low, high

    parts = frame[[*KEY, "year", "numerator", "denominator", "suppressed"]].copy()
    parts["has"] = parts["numerator"].notna() & parts["denominator"].notna()
    window = []
    for back in range(POOLED_YEARS):
        shifted = parts.assign(year=parts["year"] + back)
        window.append(shifted)
    stacked = pd.concat(window, ignore_index=True)
    grouped = stacked.groupby([*KEY, "year"], sort=False)
    sums = grouped.agg(pooled_numerator=("numerator", "sum"), pooled_denominator=("denominator", "sum"),
                       hidden=("suppressed", "any"), years=("has", "sum"))
    sums = sums.reset_index()
    # the first year with data of each window: the window's year minus the largest shift that has data
    starts = (pd.concat([part.assign(pooled_from=part["year"] - back)
                         for back, part in enumerate(window)], ignore_index=True))
    starts = starts[starts["has"]].groupby([*KEY, "year"], sort=False)["pooled_from"].min().reset_index()
    sums = sums.merge(starts, on=[*KEY, "year"], how="left")
    frame = frame.merge(sums[[*KEY, "year", "pooled_numerator", "pooled_denominator", "hidden", "years",
                              "pooled_from"]], on=[*KEY, "year"], how="left")
    usable = (~frame["hidden"].fillna(True).astype(bool) & (frame["years"].fillna(0) >= 2)
              & aggregation.isin(["share", "mean"]).to_numpy() & frame["value"].notna())
    for column in ("pooled_numerator", "pooled_denominator"):
        frame[column] = frame[column].astype("Float64").where(usable)
    frame["pooled_from"] = frame["pooled_from"].astype("Int64").where(usable)
    frame["pooled_value"] = (frame["pooled_numerator"] / frame["pooled_denominator"].where(frame["pooled_denominator"] > 0)
                             * scale.to_numpy()).astype("Float64")
    low, high = _intervals(aggregation, frame["pooled_value"], frame["pooled_numerator"], frame["pooled_denominator"],
                           spread)
    frame["pooled_low"], frame["pooled_high"] = low, high
    return frame.drop(columns=["hidden", "years"])
