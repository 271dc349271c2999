"""Change on the previous year, the verdict by polarity, the multi-year trend and the comparison values.

All of it is computed from *published* values only, so that a suppressed value cannot be read back as
``value − change`` or from a comparison column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import AnalyticsConfig

ENTITY = ["indicator", "entity_type", "entity_id"]


def _is_share(frame: pd.DataFrame, catalogue: pd.DataFrame) -> pd.Series:
    return frame["indicator"].map(catalogue.set_index("code")["aggregation"]).eq("share").fillna(False).astype(bool)


def _below_tolerance(amount: pd.Series, reference: pd.Series, share: pd.Series, config: AnalyticsConfig) -> pd.Series:
    """|amount| below the tolerance: п. п. for shares, a percentage of |reference| otherwise."""
    limit = pd.Series(np.where(share, config.tolerance_pp, reference.abs().astype(float) * config.tolerance_relative / 100),
                      index=amount.index)
    size = amount.abs().astype(float)
    return (size < limit) | (size == 0)


def add_dynamics(values: pd.DataFrame, catalogue: pd.DataFrame, config: AnalyticsConfig) -> pd.DataFrame:
    """Add ``previous``, ``change``, ``verdict`` and ``trend`` (``value`` must already be blank where suppressed)."""
    frame = values.copy()
    share = _is_share(frame, catalogue)
    last = frame[[*ENTITY, "year", "value"]].rename(columns={"value": "previous"})
    last["year"] = last["year"] + 1
    frame = frame.merge(last, on=[*ENTITY, "year"], how="left")
    frame["change"] = (frame["value"] - frame["previous"]).astype("Float64")
    polarity = frame["indicator"].map(catalogue.set_index("code")["polarity"])
    same = _below_tolerance(frame["change"].fillna(0), frame["previous"].fillna(0), share, config)
    sign = np.sign(frame["change"].astype(float).fillna(0))
    good = np.where(polarity == "lower_better", -sign, sign)
    verdict = pd.Series(np.where(good > 0, "better", "worse"), index=frame.index, dtype="string")
    verdict[same] = "same"
    verdict[frame["change"].isna() | ~polarity.isin(["higher_better", "lower_better"])] = pd.NA
    frame["verdict"] = verdict
    frame["trend"] = _trend(frame, share, config)
    return frame


def _trend(frame: pd.DataFrame, share: pd.Series, config: AnalyticsConfig) -> pd.Series:
    """Least-squares slope over the published values up to each year, from cumulative sums (no loops)."""
    data = pd.DataFrame({
        "key": frame.groupby(ENTITY, sort=False).ngroup(),
        "x": frame["year"].astype(float) - 2000.0,
        "y": frame["value"].astype(float),
    }).sort_values(["key", "x"])
    present = data["y"].notna()
    data["n"] = present.astype(float)
    data["sx"] = data["x"].where(present, 0)
    data["sy"] = data["y"].fillna(0)
    data["sxy"] = data["sx"] * data["sy"]
    data["sxx"] = data["sx"] ** 2
    sums = data.groupby("key")[["n", "sx", "sy", "sxy", "sxx"]].cumsum()
    spread = sums["n"] * sums["sxx"] - sums["sx"] ** 2
    slope = (sums["n"] * sums["sxy"] - sums["sx"] * sums["sy"]) / spread.where(spread > 0)
    mean = sums["sy"] / sums["n"].where(sums["n"] > 0)
    slope = slope.reindex(frame.index)
    mean = mean.reindex(frame.index)
    enough = (sums["n"].reindex(frame.index) >= config.trend_years) & frame["value"].notna()
    flat = _below_tolerance(slope.fillna(0), mean.fillna(0), share, config)
    trend = pd.Series(np.where(slope > 0, "rising", "falling"), index=frame.index, dtype="string")
    trend[flat] = "stable"
    trend[~enough | slope.isna()] = pd.NA
    return trend


def add_comparison(values: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """``municipal_value`` for organisations and ``regional_value`` for organisations and municipalities."""
    frame = values.copy()
    info = entities.set_index(["entity_type", "entity_id"])
    key = pd.MultiIndex.from_frame(frame[["entity_type", "entity_id"]].astype(object))
    oktmo = pd.Series(info["oktmo"].reindex(key).to_numpy(), index=frame.index)
    region = pd.Series(info["region_code"].reindex(key).to_numpy(), index=frame.index)
    lookup = frame.set_index(["indicator", "entity_type", "entity_id", "year"])["value"]
    lookup = lookup[~lookup.index.duplicated()]

    def pick(entity_type: str, ids: pd.Series) -> pd.Series:
        index = pd.MultiIndex.from_arrays([frame["indicator"].astype(object), [entity_type] * len(frame),
                                           ids.astype(object), frame["year"].astype(object)])
        return pd.Series(lookup.reindex(index).to_numpy(), index=frame.index, dtype="Float64")

    is_org = frame["entity_type"] == "organisation"
    is_muni = frame["entity_type"] == "municipality"
    frame["municipal_value"] = pick("municipality", oktmo).where(is_org | (frame["entity_type"] == "territory"))
    frame["regional_value"] = pick("region", region).where(is_org | is_muni)
    return frame
