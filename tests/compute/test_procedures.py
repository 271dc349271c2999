"""Procedure tables: ЕГЭ, ОГЭ, ВПР and olympiad metrics by hand, and their protection with the totals."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from generator.compute import compute
from generator.compute.suppression import check_no_leak, check_results
from generator.errors import PrivacyError

from .helpers import config, make_dataset, school, value_row
from .test_values import ege


def vpr(org_id: str, year: int, grade: int, subject: str, marks: tuple[int, int, int, int],
        lowered: int = 0, raised: int = 0) -> dict:
    n = sum(marks)
    return dict(org_id=org_id, year=year, grade=grade, subject=subject, participants=n, mark2=marks[0],
                mark3=marks[1], mark4=marks[2], mark5=marks[3], lowered=lowered, confirmed=n - lowered - raised,
                raised=raised)


def cell(table: pd.DataFrame, entity_id: str, **keys) -> pd.Series:
    rows = table[table["entity_id"] == entity_id]
    for column, value in keys.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1
    return rows.iloc[0]


def test_ege_by_subject():
    dataset = make_dataset(organisations=[school("a"), school("b")], ege=[
        ege("a", 2024, 20, 70.0, 10, subject="phys", below_min=2, ge80=4, ge90=1, score100=1),
        ege("b", 2024, 30, 50.0, 3, subject="phys", below_min=6, ge80=1)])
    table = compute(dataset, config()).procedures["ege"]
    muni = cell(table, "11111111", subject="phys", year=2024)
    assert muni["participants"] == 50
    assert muni["mean_score"] == pytest.approx((70 * 20 + 50 * 30) / 50)  # 58, not (70 + 50) / 2
    assert muni["below_min_pct"] == pytest.approx(100 * 8 / 50)
    assert muni["ge70_pct"] == pytest.approx(100 * 13 / 50)
    assert muni["ge80_pct"] == pytest.approx(10.0) and muni["ge90_pct"] == pytest.approx(2.0)
    assert muni["score100"] == 1


def test_oge_success_quality_mean_mark_and_distribution():
    rows = [dict(org_id="a", year=2024, subject="math", participants=40, mark2=4, mark3=16, mark4=12, mark5=8)]
    results = compute(make_dataset(organisations=[school("a")], oge=rows), config())
    row = cell(results.procedures["oge"], "a", subject="math")
    assert row["success_pct"] == pytest.approx(90.0)  # 36 of 40 got 3–5
    assert row["quality_pct"] == pytest.approx(50.0)  # 20 of 40 got 4–5
    assert row["mean_mark"] == pytest.approx((2 * 4 + 3 * 16 + 4 * 12 + 5 * 8) / 40)
    assert [row[f"mark{m}_pct"] for m in (2, 3, 4, 5)] == pytest.approx([10.0, 40.0, 30.0, 20.0])
    assert value_row(results.values, "1.18", "a", 2024)["value"] == pytest.approx(row["mean_mark"])


def test_vpr_confirmation_of_term_marks():
    rows = [vpr("a", 2024, 5, "rus", (5, 10, 10, 5), lowered=6, raised=3)]
    row = cell(compute(make_dataset(organisations=[school("a")], vpr=rows), config()).procedures["vpr"], "a")
    assert row["lowered_pct"] == pytest.approx(20.0)
    assert row["confirmed_pct"] == pytest.approx(70.0)
    assert row["raised_pct"] == pytest.approx(10.0)


def test_olympiad_results_are_public():
    rows = [dict(org_id="a", year=2024, stage="municipal", subject="math", participants=2, winners=1, prize_winners=0)]
    results = compute(make_dataset(organisations=[school("a")], olympiad=rows), config())
    row = cell(results.procedures["olympiad"], "a")
    assert not row["suppressed"] and row["success_pct"] == pytest.approx(50.0)


def test_small_cell_hides_its_whole_row_and_cannot_be_recovered_from_the_school_total():
    # school a: 3 pupils in grade 11 history, 60 in grade 5 Russian, 40 in grade 6 maths; its ВПР total (1.19) is
    # published: if only the history row were hidden, total − published rows would give it back
    rows = [vpr("a", 2024, 11, "hist", (1, 1, 1, 0)), vpr("a", 2024, 5, "rus", (6, 24, 20, 10)),
            vpr("a", 2024, 6, "math", (4, 16, 12, 8)), vpr("b", 2024, 11, "hist", (2, 10, 10, 8)),
            vpr("b", 2024, 5, "rus", (5, 25, 20, 10)), vpr("b", 2024, 6, "math", (4, 16, 12, 8))]
    results = compute(make_dataset(organisations=[school("a"), school("b")], vpr=rows), config())
    table = results.procedures["vpr"]
    small = cell(table, "a", subject="hist")
    assert small["suppression"] == "primary"
    assert all(pd.isna(small[column]) for column in ("participants", "mark2_pct", "mean_mark", "raised_pct"))
    total = value_row(results.values, "1.19", "a", 2024)
    school_rows = table[table["entity_id"] == "a"]
    assert not total["suppressed"]
    assert school_rows["suppressed"].sum() >= 2  # a second row of school a is hidden with it
    assert total["denominator"] - school_rows["participants"].sum() >= 5  # and together they are not small
    # and the municipal history row minus school b does not give school a back
    column = table[(table["subject"] == "hist") & (table["entity_type"] == "organisation")]
    muni = cell(table, "11111111", subject="hist")
    assert muni["suppressed"] or column["suppressed"].sum() >= 2
    for name, frame in results.procedures.items():
        check_no_leak(frame, results, name=name)
    check_no_leak(results.values, results, name="values")


def test_check_results_refuses_a_cell_recoverable_from_the_school_total():
    rows = [vpr("a", 2024, 11, "hist", (1, 1, 1, 0)), vpr("a", 2024, 5, "rus", (6, 24, 20, 10)),
            vpr("a", 2024, 6, "math", (4, 16, 12, 8)), vpr("b", 2024, 11, "hist", (2, 10, 10, 8)),
            vpr("b", 2024, 5, "rus", (5, 25, 20, 10)), vpr("b", 2024, 6, "math", (4, 16, 12, 8))]
    results = compute(make_dataset(organisations=[school("a"), school("b")], vpr=rows), config())
    check_results(results)
    table = results.procedures["vpr"].copy()
    # publish both maths rows again: the table alone still looks safe (the history column has two hidden rows),
    # but school a's history row (3 pupils) = its total 1.19 − Russian − maths
    row = table["subject"] == "math"
    table.loc[row, ["suppressed", "suppression", "participants"]] = [False, pd.NA, 40]
    tampered = dataclasses.replace(results, procedures={**results.procedures, "vpr": table})
    check_no_leak(table, tampered, name="vpr")
    with pytest.raises(PrivacyError, match="1.19"):
        check_results(tampered)
