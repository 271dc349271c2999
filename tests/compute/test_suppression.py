"""Small groups are hidden, and what is hidden cannot be recovered from what is published."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.compute import compute
from generator.compute.suppression import check_no_leak, sensitive_indicators
from generator.errors import PrivacyError

from .helpers import config, make_dataset, school, value_row
from .test_values import ege


def three_schools(sizes=(3, 40, 60), region: bool = False):
    rows = [ege(name, 2024, size, 60.0, size // 3, score100=1) for name, size in zip("abc", sizes, strict=True)]
    return make_dataset(organisations=[school(name) for name in "abc"], ege=rows)


def test_policy_covers_pupil_and_staff_shares_not_counts_or_public_results():
    codes = sensitive_indicators(make_dataset()["indicators"])
    assert {"1.07", "1.09", "1.25", "5.03"} <= codes  # pupils' mean and share, staff share
    assert not {"1.13", "1.31", "3.02", "3.04", "8.03", "8.01"} & codes  # counts, olympiad, ratio, organisations


def test_primary_and_secondary_suppression_blank_every_number():
    values = compute(three_schools(), config()).values
    small, other = value_row(values, "1.09", "a", 2024), value_row(values, "1.09", "b", 2024)
    assert small["suppressed"] and small["suppression"] == "primary"
    assert other["suppressed"] and other["suppression"] == "secondary"  # the smallest other school
    assert not value_row(values, "1.09", "c", 2024)["suppressed"]
    for column in ("numerator", "denominator", "value", "previous", "change", "verdict", "trend"):
        assert pd.isna(small[column]) and pd.isna(other[column])
    assert value_row(values, "1.13", "a", 2024)["value"] == 1  # a count is not a small-group share


def test_suppressed_numerator_cannot_be_recovered_by_subtraction():
    values = compute(three_schools(), config()).values
    rows = values[(values["indicator"] == "1.09") & (values["year"] == 2024)]
    muni = rows[rows["entity_type"] == "municipality"].iloc[0]
    published = rows[(rows["entity_type"] == "organisation") & ~rows["suppressed"]]
    # the attacker's arithmetic: total − published schools leaves two schools together, not one
    rest_numerator = muni["numerator"] - published["numerator"].sum()
    rest_denominator = muni["denominator"] - published["denominator"].sum()
    assert rest_denominator == 3 + 40 and rest_numerator == 1 + 13
    hidden = rows[rows["suppressed"]]
    assert len(hidden) == 2  # two unknowns, one equation: the primary value (1 of 3) stays unknown


def test_unknown_children_must_not_form_a_small_group_together():
    # two schools of 2 and 2 pupils: hiding both still reveals the 4 of them as «total − c»
    values = compute(three_schools((2, 2, 60)), config()).values
    assert value_row(values, "1.09", "c", 2024)["suppressed"]
    assert value_row(values, "1.09", "c", 2024)["suppression"] == "secondary"


def test_secondary_suppression_climbs_to_the_region():
    munis = [{"oktmo": o, "name": f"Округ {o}", "kind": "municipal_okrug", "region": "Область", "region_code": "99"}
             for o in ("11111111", "22222222", "33333333")]
    orgs = [school("a"), school("b", oktmo="22222222"), school("c", oktmo="22222222"), school("d", oktmo="33333333")]
    rows = [ege("a", 2024, 3, 60.0, 1), ege("b", 2024, 30, 60.0, 10), ege("c", 2024, 40, 60.0, 10),
            ege("d", 2024, 50, 60.0, 20)]
    dataset = make_dataset(municipalities=munis, organisations=orgs, ege=rows)
    results = compute(dataset, config())
    values = results.values
    assert value_row(values, "1.09", "11111111", 2024)["suppression"] == "primary"  # 3 pupils in the municipality
    # region − others would reveal it: the smaller other municipality (50 < 70 pupils) is hidden too ...
    assert value_row(values, "1.09", "33333333", 2024)["suppression"] == "secondary"
    assert not value_row(values, "1.09", "22222222", 2024)["suppressed"]
    # ... and 33333333 may not be rebuilt from its only school, which is hidden as well
    assert value_row(values, "1.09", "d", 2024)["suppression"] == "secondary"
    assert not value_row(values, "1.09", "99", 2024)["suppressed"]
    check_no_leak(values, results, name="values")


def test_check_no_leak_refuses_a_recoverable_table():
    results = compute(three_schools(), config())
    check_no_leak(results.values, results, name="values")
    leaky = results.values.copy()
    row = (leaky["indicator"] == "1.09") & (leaky["entity_id"] == "b") & (leaky["year"] == 2024)
    leaky.loc[row, ["suppressed", "suppression", "numerator", "denominator", "value"]] = [False, pd.NA, 13, 40, 32.5]
    with pytest.raises(PrivacyError, match="восстанавливается"):
        check_no_leak(leaky, results, name="values")
    shown = results.values.copy()
    row = (shown["indicator"] == "1.09") & (shown["entity_id"] == "a") & (shown["year"] == 2024)
    shown.loc[row, "value"] = 33.3
    with pytest.raises(PrivacyError, match="value"):
        check_no_leak(shown, results, name="values")


def test_previous_and_change_do_not_reveal_a_suppressed_year():
    rows = [ege("a", 2023, 3, 60.0, 1), ege("b", 2023, 3, 60.0, 1), ege("a", 2024, 30, 60.0, 10),
            ege("b", 2024, 30, 60.0, 10)]
    values = compute(make_dataset(organisations=[school("a"), school("b")], ege=rows), config()).values
    now = value_row(values, "1.09", "a", 2024)
    assert not now["suppressed"] and pd.isna(now["previous"]) and pd.isna(now["change"])
