"""The tidy values table: aggregation, dynamics, verdicts and trends against hand-computed numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.compute import compute

from .helpers import config, make_dataset, school, value_row


def ege(org_id: str, year: int, participants: int, mean: float, ge70: int, subject: str = "rus", **extra) -> dict:
    row = dict(org_id=org_id, year=year, subject=subject, participants=participants, mean_score=mean, below_min=0,
               ge70=ge70, ge80=0, ge90=0, score100=0, medalists=0, medalists_not_confirmed=0)
    row.update(extra)
    return row


def test_aggregation_trap_sums_numerators_and_denominators():
    # 10 pupils with 90 % ≥ 70 and 1000 pupils with 20 %: the municipality has (9 + 200) / 1010, not (90 + 20) / 2
    dataset = make_dataset(organisations=[school("small"), school("big")],
                           ege=[ege("small", 2024, 10, 80.0, 9), ege("big", 2024, 1000, 60.0, 200)])
    values = compute(dataset, config()).values
    muni = value_row(values, "1.09", "11111111", 2024)
    assert muni["numerator"] == 209 and muni["denominator"] == 1010
    assert muni["value"] == pytest.approx(100 * 209 / 1010)  # 20,69 %, while the mean of shares would be 55 %
    mean = value_row(values, "1.07", "11111111", 2024)
    assert mean["value"] == pytest.approx((80 * 10 + 60 * 1000) / 1010)
    small = value_row(values, "1.09", "small", 2024)
    assert small["value"] == pytest.approx(90.0) and small["municipal_value"] == pytest.approx(muni["value"])


def test_change_in_percentage_points_and_verdict_by_polarity():
    # 500 participants: a change of 10 п. п. is far beyond chance (the words also weigh the group size)
    dataset = make_dataset(organisations=[school("a")], ege=[
        ege("a", 2023, 500, 60.0, 100, below_min=50), ege("a", 2024, 500, 60.0, 200, below_min=100)])
    values = compute(dataset, config()).values
    share = value_row(values, "1.09", "a", 2024)  # 20 % → 40 %
    assert share["previous"] == pytest.approx(20.0) and share["change"] == pytest.approx(20.0)
    assert share["verdict"] == "better"
    below = value_row(values, "1.14", "a", 2024)  # below minimum 10 % → 20 %: lower is better
    assert below["change"] == pytest.approx(10.0) and below["verdict"] == "worse"
    assert pd.isna(value_row(values, "1.09", "a", 2023)["verdict"])  # nothing to compare with


def test_change_below_tolerance_is_same_and_neutral_has_no_verdict():
    dataset = make_dataset(organisations=[school("a")], ege=[
        ege("a", 2023, 1000, 60.0, 300), ege("a", 2024, 1000, 60.3, 304)],
        vpr=[dict(org_id="a", year=y, grade=5, subject="rus", participants=100, mark2=10, mark3=40, mark4=40,
                  mark5=10, lowered=10, confirmed=70, raised=r) for y, r in ((2023, 20), (2024, 40))])
    values = compute(dataset, config(analytics={"tolerance_pp": 0.5, "tolerance_relative": 1.0})).values
    assert value_row(values, "1.09", "a", 2024)["change"] == pytest.approx(0.4)
    assert value_row(values, "1.09", "a", 2024)["verdict"] == "same"  # 0,4 п. п. < 0,5
    assert value_row(values, "1.07", "a", 2024)["verdict"] == "same"  # 0,3 балла < 1 % of 60
    raised = value_row(values, "1.24", "a", 2024)  # neutral polarity
    assert raised["change"] == pytest.approx(20.0) and pd.isna(raised["verdict"])
    # a lower tolerance alone does not make 4 more pupils of 1 000 a change: the interval of the difference
    # (Newcombe, about ±4 п. п. here) contains zero
    strict = compute(dataset, config(analytics={"tolerance_pp": 0.1, "tolerance_relative": 0.1})).values
    assert value_row(strict, "1.09", "a", 2024)["verdict"] == "same"
    assert value_row(strict, "1.09", "a", 2024)["direction"] == "same"


def test_trend_needs_enough_years_and_respects_tolerance():
    rows = [ege("up", y, 100, 60.0, g) for y, g in ((2021, 10), (2022, 30), (2023, 20), (2024, 40))]
    rows += [ege("flat", y, 100, 60.0, g) for y, g in ((2021, 50), (2022, 51), (2023, 49), (2024, 50))]
    dataset = make_dataset(organisations=[school("up"), school("flat")], ege=rows)
    values = compute(dataset, config(analytics={"trend_years": 3})).values
    assert pd.isna(value_row(values, "1.09", "up", 2022)["trend"])  # two years only
    # least squares over 2021–2023 (10, 30, 20): slope 5 п. п. a year; over 2021–2024: slope 8
    assert value_row(values, "1.09", "up", 2023)["trend"] == "rising"
    assert value_row(values, "1.09", "up", 2024)["trend"] == "rising"
    assert value_row(values, "1.09", "flat", 2024)["trend"] == "stable"  # slope 0 п. п. a year
    rows = [ege("down", y, 100, 60.0, g) for y, g in ((2021, 40), (2022, 39), (2023, 38))]
    values = compute(make_dataset(organisations=[school("down")], ege=rows), config()).values
    assert value_row(values, "1.09", "down", 2023)["trend"] == "falling"  # −1 п. п. a year ≥ 0,5


def test_region_rows_only_with_several_municipalities():
    munis = [{"oktmo": o, "name": f"Округ {o}", "kind": "municipal_okrug", "region": "Область", "region_code": "99"}
             for o in ("11111111", "22222222")]
    dataset = make_dataset(municipalities=munis, organisations=[school("a"), school("b", oktmo="22222222")],
                           ege=[ege("a", 2024, 10, 70.0, 5), ege("b", 2024, 30, 50.0, 3)])
    values = compute(dataset, config()).values
    region = value_row(values, "1.09", "99", 2024)
    assert region["entity_type"] == "region" and region["value"] == pytest.approx(100 * 8 / 40)
    assert value_row(values, "1.09", "a", 2024)["regional_value"] == pytest.approx(20.0)
    assert value_row(values, "1.09", "22222222", 2024)["regional_value"] == pytest.approx(20.0)
    single = compute(make_dataset(organisations=[school("a")], ege=[ege("a", 2024, 10, 70.0, 5)]), config()).values
    assert set(single["entity_type"]) == {"organisation", "municipality"}


def test_reported_values_aggregate_and_municipal_level_values_pass_through():
    dataset = make_dataset(organisations=[school("a"), school("b")], organisation_values=[
        dict(indicator="5.03", org_id="a", year=2024, numerator=3, denominator=10, value=30.0),
        dict(indicator="5.03", org_id="b", year=2024, numerator=7, denominator=40, value=17.5),
        dict(indicator="1.31", org_id="a", year=2024, numerator=120, value=120),
        dict(indicator="1.31", org_id="b", year=2024, numerator=480, value=480),
    ], municipality_values=[
        dict(indicator="3.08", oktmo="11111111", year=2024, numerator=800, denominator=1000, value=80.0)])
    values = compute(dataset, config()).values
    assert value_row(values, "5.03", "11111111", 2024)["value"] == pytest.approx(20.0)  # 10 / 50
    assert value_row(values, "1.31", "11111111", 2024)["value"] == 600
    assert value_row(values, "3.08", "11111111", 2024)["value"] == pytest.approx(80.0)


def test_status_counts_are_zero_for_schools_without_status():
    dataset = make_dataset(organisations=[school("a"), school("b")], statuses=[
        dict(org_id="a", year=2024, status="shnor")], ege=[ege("a", 2024, 10, 70.0, 5)])
    values = compute(dataset, config()).values
    assert value_row(values, "2.01", "a", 2024)["value"] == 1
    assert value_row(values, "2.01", "b", 2024)["value"] == 0
    assert value_row(values, "2.01", "11111111", 2024)["value"] == 1
