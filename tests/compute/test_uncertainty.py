"""Intervals of shares and means, and the one rule for the words about a change, on hand-computed cases."""

from __future__ import annotations

import pytest

from generator.compute import compute
from generator.compute.dynamics import SAME_WORDS, change_label, decide, row_change_label, verdict_of
from generator.compute.uncertainty import interval, mean_difference, mean_interval, share_difference, wilson

from .helpers import config, make_dataset, school, value_row


def test_wilson_interval_of_small_groups():
    # 1 of 5: p = 0,2, z² = 3,8415; centre (0,2 + 0,3841)/1,7683 = 0,3303, half 1,1084·√0,07042 = 0,2941
    assert wilson(1, 5) == pytest.approx((3.62, 62.45), abs=0.01)
    # 0 of 10 and 10 of 10: the interval stays inside 0–100 % and is not a point
    assert wilson(0, 10) == pytest.approx((0.0, 27.75), abs=0.01)
    assert wilson(10, 10) == pytest.approx((72.25, 100.0), abs=0.01)
    assert wilson(8, 10) == pytest.approx((49.02, 94.33), abs=0.01)
    assert wilson(1, 0) is None and wilson(6, 5) is None


def test_mean_interval_uses_student_quantile():
    # t(0,975; 8) = 2,3060; half-width 2,3060·15/√9 = 11,53
    assert mean_interval(60.0, 15.0, 9) == pytest.approx((48.47, 71.53), abs=0.01)
    assert mean_interval(60.0, 15.0, 1) is None  # one result has no spread
    assert interval("mean", 60.0, 540.0, 9, None) is None  # no spread assumed: no interval
    assert interval("sum", 12, 12, None) is None


def test_newcombe_interval_of_a_difference_of_shares():
    # Newcombe (1998), example (a): 56/70 − 48/80 = 0,2000, method 10 gives 0,0524 … 0,3339
    assert share_difference((56, 70), (48, 80)) == pytest.approx((5.24, 33.39), abs=0.01)


def test_normal_interval_of_a_difference_of_means():
    # 1,96·15·√(1/100 + 1/100) = 4,158
    assert mean_difference((61.0, 100), (60.0, 100), 15.0) == pytest.approx((-3.158, 5.158), abs=0.001)


def test_one_teacher_of_eight_is_not_a_trend():
    # 25,0 % → 12,5 % of 8 teachers: 12,5 п. п. is far above the tolerance but inside the chance interval
    difference = share_difference((1, 8), (2, 8))
    assert difference[0] < 0 < difference[1]
    assert decide(-12.5, 0.5, difference) == "same"
    assert decide(-12.5, 0.5, None) == "down"  # without the group size only the tolerance would decide


def test_a_change_that_rounds_to_zero_is_never_better():
    assert decide(0.04, 0.04) == "same"  # 1 % of 4,0 is 0,04, but «+0,0» is no change
    assert decide(-0.049, 0.01) == "same"
    assert decide(0.06, 0.04) == "up"


def test_arrow_word_and_class_come_from_one_decision():
    assert change_label("same", "higher_better") == change_label("same", "lower_better")
    same = change_label("same", "neutral")
    assert (same.arrow, same.word, same.css) == ("≈", SAME_WORDS, "msoko-same")
    better = change_label("down", "lower_better")
    assert (better.arrow, better.word, better.css) == ("▼", "лучше", "msoko-better")
    worse = change_label("down", "higher_better")
    assert (worse.arrow, worse.word, worse.css) == ("▼", "хуже", "msoko-worse")
    neutral = change_label("up", "neutral")
    assert (neutral.arrow, neutral.word, neutral.css) == ("▲", "", "msoko-neutral")
    assert change_label(None, "higher_better") is None
    # a published row (direction + verdict) gives back the same label
    for direction in ("up", "down", "same"):
        for polarity in ("higher_better", "lower_better", "neutral"):
            row = {"direction": direction, "verdict": verdict_of(direction, polarity)}
            assert row_change_label(row) == change_label(direction, polarity)


def test_reported_share_of_eight_teachers_reads_same():
    rows = [dict(indicator="5.03", org_id="a", year=year, numerator=count, denominator=8, value=100 * count / 8)
            for year, count in ((2023, 2), (2024, 1))]
    values = compute(make_dataset(organisations=[school("a")], organisation_values=rows), config()).values
    row = value_row(values, "5.03", "a", 2024)
    assert row["change"] == pytest.approx(-12.5)
    assert row["direction"] == "same" and row["verdict"] == "same"
    # the same change over 800 teachers is real
    rows = [dict(indicator="5.03", org_id="a", year=year, numerator=count, denominator=800, value=100 * count / 800)
            for year, count in ((2023, 200), (2024, 100))]
    values = compute(make_dataset(organisations=[school("a")], organisation_values=rows), config()).values
    assert value_row(values, "5.03", "a", 2024)["verdict"] == "worse"  # fewer young teachers: higher is better


def test_column_versions_agree_with_the_scalar_rule():
    import numpy as np
    import pandas as pd

    from generator.compute.dynamics import _directions, difference_interval, tolerance
    from generator.compute.uncertainty import mean_interval_arrays, wilson_arrays
    from generator.config import AnalyticsConfig

    cases = [  # (aggregation, indicator, value, numerator, denominator, previous, previous numerator, previous denominator)
        ("share", "5.03", 12.5, 1, 8, 25.0, 2, 8),
        ("share", "5.03", 12.5, 100, 800, 25.0, 200, 800),
        ("share", "5.03", 30.4, 304, 1000, 30.0, 300, 1000),
        ("mean", "1.07", 66.0, 660, 10, 60.0, 600, 10),
        ("mean", "1.07", 66.0, 66000, 1000, 60.0, 60000, 1000),
        ("mean", "1.18", 4.04, 404, 100, 4.0, 400, 100),
        ("ratio", "8.03", 10.7, 107, 10, 9.1, 91, 10),
        ("sum", "1.31", 1105, 1105, None, 1101, 1101, None),
    ]
    config = AnalyticsConfig()
    frame = pd.DataFrame([dict(indicator=i, value=v, numerator=k, denominator=n, previous=p, previous_numerator=k0,
                               previous_denominator=n0, change=v - p) for _a, i, v, k, n, p, k0, n0 in cases])
    columns = _directions(frame, pd.Series([case[0] for case in cases]), config)
    for (kind, code, v, k, n, p, k0, n0), found in zip(cases, columns, strict=True):
        spread = config.mean_spread.get(code)
        difference = difference_interval(kind, {"value": v, "numerator": k, "denominator": n},
                                         {"value": p, "numerator": k0, "denominator": n0}, spread)
        assert found == decide(v - p, tolerance(kind, p, config), difference), (code, v, p)
    assert list(columns[:2]) == ["same", "down"]
    low, high = wilson_arrays(np.array([1, 0, 10, 8, 6]), np.array([5, 10, 10, 10, 0]))
    for i, (k, n) in enumerate(((1, 5), (0, 10), (10, 10), (8, 10))):
        assert (low[i], high[i]) == pytest.approx(wilson(k, n))
    assert np.isnan(low[4])
    low, high = mean_interval_arrays(np.array([60.0]), np.array([15.0]), np.array([9]))
    assert (low[0], high[0]) == pytest.approx(mean_interval(60.0, 15.0, 9))
