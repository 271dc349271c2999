"""Count indicators: the median organisation and like-for-like sums, from published values only."""

from __future__ import annotations

import statistics

import pandas as pd
import pytest

from generator.compute import compute

from .helpers import config, make_dataset, school

CITY = "11111111"


def olympiad(org_id: str, year: int, participants: int, stage: str = "school") -> dict:
    return dict(org_id=org_id, year=year, stage=stage, subject="math", participants=participants, winners=0,
                prize_winners=0)


def test_median_and_like_for_like_by_hand():
    # 3.01 = participations in the school stage; «c» reported only in 2024 (it joined): the city total grows by
    # 10 + 40 + 50 − (20 + 30) = 50, the like-for-like sum by 10 only
    dataset = make_dataset(organisations=[school("a"), school("b"), school("c")],
                           olympiad=[olympiad("a", 2023, 20), olympiad("b", 2023, 30), olympiad("a", 2024, 25),
                                     olympiad("b", 2024, 35), olympiad("c", 2024, 40)])
    results = compute(dataset, config())
    row = results.count_comparison("3.01", "municipality", CITY, 2024)
    assert row["median"] == pytest.approx(35.0) and row["median_organisations"] == 3
    assert (row["like_for_like"], row["like_for_like_previous"], row["like_for_like_change"]) == (60, 50, 10)
    assert row["like_for_like_organisations"] == 2 and row["organisations"] == 3
    assert row["like_for_like_members"] == "a;b"
    # the total is not a comparison for a school's count
    values = results.values
    school_row = values[(values["indicator"] == "3.01") & (values["entity_id"] == "a") & (values["year"] == 2024)].iloc[0]
    assert pd.isna(school_row["municipal_value"])


def test_a_hidden_value_is_in_no_median_and_no_sum():
    # «c» has 3 participations: a small group, hidden; neither the median nor the like-for-like sum may use it
    dataset = make_dataset(organisations=[school(o) for o in ("a", "b", "c", "d")],
                           olympiad=[olympiad(o, y, n) for y in (2023, 2024)
                                     for o, n in (("a", 20), ("b", 30), ("c", 3), ("d", 60))])
    results = compute(dataset, config())
    values = results.values
    orgs = values[(values["indicator"] == "3.01") & (values["entity_type"] == "organisation") & (values["year"] == 2024)]
    hidden = set(orgs.loc[orgs["suppressed"].astype(bool), "entity_id"])
    assert "c" in hidden
    shown = orgs.loc[~orgs["suppressed"].astype(bool)]
    row = results.count_comparison("3.01", "municipality", CITY, 2024)
    assert row["median"] == pytest.approx(statistics.median(shown["value"].astype(float)))
    assert row["median_organisations"] == len(shown) < 4
    members = set(str(row["like_for_like_members"]).split(";"))
    assert not members & hidden
    assert row["like_for_like"] == pytest.approx(float(shown["value"].astype(float).sum()))


def test_per_100_pupils_when_pupils_are_known():
    reported = [dict(indicator="1.31", org_id=o, year=2024, numerator=n) for o, n in (("a", 400), ("b", 600))]
    dataset = make_dataset(organisations=[school("a"), school("b")], organisation_values=reported,
                           olympiad=[olympiad("a", 2024, 40), olympiad("b", 2024, 30)])
    row = compute(dataset, config()).count_comparison("3.01", "municipality", CITY, 2024)
    assert row["per_100"] == pytest.approx(100 * 70 / 1000)
