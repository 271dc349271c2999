"""Change on the previous year, the verdict by polarity, the multi-year trend and the comparison values.

All of it is computed from *published* values only, so that a suppressed value cannot be read back as
``value − change`` or from a comparison column.

**One rule for the words about a change** (the site and the report both call ``change_label``): a change is
real only when it is at least the tolerance (``analytics.tolerance_pp`` п. п. for shares,
``analytics.tolerance_relative`` % of last year's value otherwise), it does not round to zero in the shown
digits, *and* the 95 % interval of the difference excludes zero (Newcombe for shares, the normal interval for
means, see ``uncertainty``). 12,5 п. п. over 8 teachers is one teacher: not a trend. Anything else reads
«на уровне прошлого года» with a neutral mark; the arrow, the word and the colour come from that one decision,
so that ▲ never stands beside «на уровне прошлого года» and «+0,0» never beside «лучше».
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..config import AnalyticsConfig
from . import uncertainty

ENTITY = ["indicator", "entity_type", "entity_id"]
#: digits a change is shown with (``typography.fmt_change``): a change that rounds to zero there is no change
SHOWN_DIGITS = 1
#: the neutral mark of «на уровне прошлого года»
SAME_MARK = "≈"
SAME_WORDS = "на уровне прошлого года"
#: the rule in one sentence, for the pages and the report that show the words
RULE_TEXT = ("«Лучше» или «хуже» пишется, только если изменение не меньше порога и больше случайного разброса "
             "для такого числа участников (95-процентный интервал разности не содержит нуля); иначе — "
             "«на уровне прошлого года» (знак ≈).")


@dataclass(frozen=True)
class ChangeLabel:
    """What a page shows for one change: ``arrow`` («▲», «▼» or «≈»), ``word`` («лучше», «хуже», «на уровне
    прошлого года», or empty for a real change of a neutral indicator), ``css`` (``msoko-better`` …) and the
    ``direction`` the three come from (``up`` | ``down`` | ``same``)."""

    direction: str
    arrow: str
    word: str
    css: str


def change_label(direction: Any, polarity: Any) -> ChangeLabel | None:
    """Arrow, word and class of one change from its ``direction`` (the ``direction`` column of
    ``Results.values``: ``up`` | ``down`` | ``same``) and the indicator's ``polarity`` (``higher_better`` |
    ``lower_better`` | ``neutral``); ``None`` when there is nothing to compare with."""
    if direction is None or direction is pd.NA or (isinstance(direction, float) and math.isnan(direction)):
        return None
    direction = str(direction)
    if direction == "same":
        return ChangeLabel("same", SAME_MARK, SAME_WORDS, "msoko-same")
    arrow = "▲" if direction == "up" else "▼"
    good = {"higher_better": "up", "lower_better": "down"}.get(str(polarity))
    if good is None:
        return ChangeLabel(direction, arrow, "", "msoko-neutral")
    verdict = "better" if direction == good else "worse"
    return ChangeLabel(direction, arrow, "лучше" if verdict == "better" else "хуже", f"msoko-{verdict}")


def row_change_label(row: Mapping[str, Any] | None) -> ChangeLabel | None:
    """``change_label`` of one row of ``Results.values`` (its ``direction`` and ``verdict``; the verdict was
    made by ``change_label`` from the polarity, so it gives the polarity back)."""
    if row is None:
        return None
    direction, verdict = row.get("direction"), row.get("verdict")
    if direction is None or direction is pd.NA or direction != direction:
        return None
    verdict = None if verdict is None or verdict is pd.NA or verdict != verdict else str(verdict)
    good = {("up", "better"), ("down", "worse")}
    polarity = "neutral"
    if verdict in ("better", "worse"):
        polarity = "higher_better" if (str(direction), str(verdict)) in good else "lower_better"
    return change_label(direction, polarity)


def verdict_of(direction: Any, polarity: Any) -> str | None:
    """``better`` | ``worse`` | ``same`` (``None`` for a neutral indicator or without a previous value)."""
    label = change_label(direction, polarity)
    if label is None or (label.css == "msoko-neutral"):
        return None
    return {"msoko-better": "better", "msoko-worse": "worse", "msoko-same": "same"}[label.css]


def decide(change: float, limit: float, difference: tuple[float, float] | None = None) -> str | None:
    """``up`` | ``down`` | ``same`` for one change: real only when ``|change| ≥ limit``, not zero in the shown
    digits and (when the interval of the difference is known) the interval excludes zero."""
    if change is None or change is pd.NA or math.isnan(float(change)):
        return None
    change = float(change)
    same = abs(change) < limit or round(change, SHOWN_DIGITS) == 0
    if difference is not None:
        same = same or difference[0] <= 0 <= difference[1]
    return "same" if same else ("up" if change > 0 else "down")


def compare_band(value: float | None, low: float | None, high: float | None, reference: float | None,
                 aggregation: str, config: AnalyticsConfig) -> str | None:
    """``above`` | ``same`` | ``below``: a value against a reference (the municipality's) decided by the
    value's 95 % interval — «выше» only when the whole interval lies above — not by the digits; without an
    interval (a ratio, a mean without an assumed spread) by the tolerance of the change words."""
    if value is None or reference is None:
        return None
    if low is not None and high is not None:
        if low > reference:
            return "above"
        if high < reference:
            return "below"
        return "same"
    difference = value - reference
    if abs(difference) < tolerance(aggregation, reference, config) or round(difference, SHOWN_DIGITS) == 0:
        return "same"
    return "above" if difference > 0 else "below"


def difference_interval(aggregation: str, now: Mapping[str, Any], before: Mapping[str, Any],
                        spread: float | None) -> tuple[float, float] | None:
    """The 95 % interval of ``value(now) − value(before)`` from the published numerators and denominators."""
    def number(row: Mapping[str, Any], key: str) -> float | None:
        item = row.get(key)
        return None if item is None or item is pd.NA or item != item else float(item)

    n1, n0 = number(now, "denominator"), number(before, "denominator")
    if not n1 or not n0:
        return None
    if aggregation == "share":
        k1, k0 = number(now, "numerator"), number(before, "numerator")
        if k1 is None or k0 is None:
            return None
        return uncertainty.share_difference((k1, n1), (k0, n0))
    if aggregation == "mean" and spread is not None:
        v1, v0 = number(now, "value"), number(before, "value")
        if v1 is None or v0 is None:
            return None
        return uncertainty.mean_difference((v1, n1), (v0, n0), spread)
    return None


def _is_share(frame: pd.DataFrame, catalogue: pd.DataFrame) -> pd.Series:
    return frame["indicator"].map(catalogue.set_index("code")["aggregation"]).eq("share").fillna(False).astype(bool)


def _directions(frame: pd.DataFrame, aggregation: pd.Series, config: AnalyticsConfig) -> pd.Series:
    """``decide`` on whole columns (the same three conditions: tolerance, shown digits, interval of the
    difference from ``difference_interval``'s formulas)."""
    def column(name: str) -> np.ndarray:
        return pd.to_numeric(frame[name], errors="coerce").astype(float).to_numpy()

    change, previous = column("change"), column("previous")
    kind = aggregation.to_numpy(dtype=object)
    limit = np.where(kind == "share", float(config.tolerance_pp), np.abs(previous) * config.tolerance_relative / 100)
    same = (np.abs(change) < limit) | (np.round(change, SHOWN_DIGITS) == 0)
    n1, n0 = column("denominator"), column("previous_denominator")
    k1, k0 = column("numerator"), column("previous_numerator")
    share_low, share_high = uncertainty.share_difference_arrays((np.nan_to_num(k1, nan=-1.0), np.nan_to_num(n1)),
                                                               (np.nan_to_num(k0, nan=-1.0), np.nan_to_num(n0)))
    spreads = {str(code): float(spread) for code, spread in config.mean_spread.items()}
    spread = frame["indicator"].astype(str).map(spreads).astype(float).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        half = uncertainty.Z * spread * np.sqrt(1 / n1 + 1 / n0)
    mean_low, mean_high = change - half, change + half
    low = np.where(kind == "share", share_low, np.where(kind == "mean", mean_low, np.nan))
    high = np.where(kind == "share", share_high, np.where(kind == "mean", mean_high, np.nan))
    known = ~np.isnan(low) & ~np.isnan(high) & (n1 > 0) & (n0 > 0)
    same |= known & (low <= 0) & (high >= 0)
    result = np.where(same, "same", np.where(change > 0, "up", "down")).astype(object)
    result[np.isnan(change)] = None
    return pd.Series(pd.array(result.tolist(), dtype="string"), index=frame.index)


def _below_tolerance(amount: pd.Series, reference: pd.Series, share: pd.Series, config: AnalyticsConfig) -> pd.Series:
    """|amount| below the tolerance: п. п. for shares, a percentage of |reference| otherwise."""
    limit = pd.Series(np.where(share, config.tolerance_pp, reference.abs().astype(float) * config.tolerance_relative / 100),
                      index=amount.index)
    size = amount.abs().astype(float)
    return (size < limit) | (size == 0)


def tolerance(aggregation: str, previous: float, config: AnalyticsConfig) -> float:
    """The smallest change that may count: п. п. for shares, a percentage of |previous| otherwise."""
    if aggregation == "share":
        return float(config.tolerance_pp)
    return abs(float(previous)) * config.tolerance_relative / 100


def add_dynamics(values: pd.DataFrame, catalogue: pd.DataFrame, config: AnalyticsConfig) -> pd.DataFrame:
    """Add ``previous``, ``change``, ``direction``, ``verdict`` and ``trend`` (``value`` must already be blank
    where suppressed). ``direction`` and ``verdict`` come from ``decide`` and ``change_label``: the words of
    every page and of the report follow from the same decision."""
    frame = values.copy()
    share = _is_share(frame, catalogue)
    last = frame[[*ENTITY, "year", "value", "numerator", "denominator"]].rename(
        columns={"value": "previous", "numerator": "previous_numerator", "denominator": "previous_denominator"})
    last["year"] = last["year"] + 1
    frame = frame.merge(last, on=[*ENTITY, "year"], how="left")
    frame["change"] = (frame["value"] - frame["previous"]).astype("Float64")
    info = catalogue.set_index("code")
    polarity = frame["indicator"].map(info["polarity"])
    aggregation = frame["indicator"].map(info["aggregation"]).astype(object)
    frame["direction"] = _directions(frame, aggregation, config)
    frame["verdict"] = pd.array([verdict_of(d, p) for d, p in zip(frame["direction"].tolist(), polarity.tolist(), strict=True)],
                                dtype="string")
    frame = frame.drop(columns=["previous_numerator", "previous_denominator"])
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
