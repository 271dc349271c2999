"""Pooled three-year values and intervals: hand-computed, and never over a hidden year."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.compute import compute, compute_values
from generator.compute.pooled import POOLED_YEARS
from generator.errors import PrivacyError
from generator.privacy.derived import verify_derived

from .helpers import config, make_dataset, school, value_row


def teachers(org: str, counts: list[tuple[int, int, int]]) -> list[dict]:
    return [dict(indicator="5.03", org_id=org, year=year, numerator=k, denominator=n, value=100 * k / n)
            for year, k, n in counts]


def test_pooled_share_is_sums_over_three_years_with_a_wilson_interval():
    rows = teachers("a", [(2021, 9, 9), (2022, 2, 8), (2023, 3, 10), (2024, 1, 12)])
    values = compute(make_dataset(organisations=[school("a")], organisation_values=rows), config()).values
    row = value_row(values, "5.03", "a", 2024)
    # 2022–2024: (2 + 3 + 1) / (8 + 10 + 12) = 6 / 30 = 20 %; 2021 is outside the window
    assert row["pooled_from"] == 2022
    assert (row["pooled_numerator"], row["pooled_denominator"]) == (6, 30)
    assert row["pooled_value"] == pytest.approx(20.0)
    assert (row["pooled_low"], row["pooled_high"]) == pytest.approx((9.51, 37.31), abs=0.01)  # Wilson 6 of 30
    assert (row["low"], row["high"]) == pytest.approx((1.49, 35.39), abs=0.01)  # Wilson 1 of 12
    assert pd.isna(value_row(values, "5.03", "a", 2021)["pooled_value"])  # one year is no pool


def test_pooled_mean_and_its_interval_use_the_assumed_spread():
    rows = [dict(org_id="a", year=year, subject="rus", participants=n, mean_score=mean, below_min=0, ge70=0, ge80=0,
                 ge90=0, score100=0, medalists=0, medalists_not_confirmed=0)
            for year, n, mean in ((2023, 10, 60.0), (2024, 20, 70.0))]
    values = compute(make_dataset(organisations=[school("a")], ege=rows), config()).values
    row = value_row(values, "1.07", "a", 2024)
    assert row["pooled_value"] == pytest.approx((600 + 1400) / 30)
    # t(0,975; 19) = 2,0930; 2,0930 · 15 / √20 = 7,02
    assert (row["low"], row["high"]) == pytest.approx((62.98, 77.02), abs=0.01)


def test_no_pooled_value_over_a_hidden_year():
    # 2023 has 3 teachers: hidden («к»); a pooled 2022–2024 minus the published 2022 and 2024 would be 2023
    rows = teachers("a", [(2022, 2, 8), (2023, 1, 3), (2024, 1, 12), (2025, 4, 16)])
    values = compute(make_dataset(organisations=[school("a")], organisation_values=rows), config()).values
    assert bool(value_row(values, "5.03", "a", 2023)["suppressed"])
    for year in (2024, 2025):
        row = value_row(values, "5.03", "a", year)
        assert pd.isna(row["pooled_value"]) and pd.isna(row["pooled_numerator"]) and pd.isna(row["pooled_denominator"])
        assert not pd.isna(row["low"])  # the year's own interval is arithmetic on its published counts
    assert pd.isna(value_row(values, "5.03", "a", 2023)["low"])


def test_a_pooled_value_over_a_hidden_year_stops_the_build():
    rows = teachers("a", [(2022, 2, 8), (2023, 1, 3), (2024, 1, 12)])
    run = compute_values(make_dataset(organisations=[school("a")], organisation_values=rows), config())
    planted = run.values.copy()
    verify_derived(run.protection, planted, POOLED_YEARS)  # as computed: nothing to object to
    where = (planted["indicator"] == "5.03") & (planted["entity_id"] == "a") & (planted["year"] == 2024)
    planted.loc[where, ["pooled_numerator", "pooled_denominator"]] = [4, 23]
    with pytest.raises(PrivacyError, match="скрытый 2023 год"):
        verify_derived(run.protection, planted, POOLED_YEARS)
    beside = run.values.copy()
    hidden = (beside["indicator"] == "5.03") & (beside["entity_id"] == "a") & (beside["year"] == 2023)
    beside.loc[hidden, ["low", "high"]] = [1.0, 80.0]
    with pytest.raises(PrivacyError, match="скрытое значение"):
        verify_derived(run.protection, beside, POOLED_YEARS)
