"""Procedure tables: ЕГЭ, ОГЭ, ВПР and olympiad metrics by hand, and their protection with the totals."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.compute import compute
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


def test_olympiad_small_groups_are_hidden_unless_exempted_with_a_reason():
    rows = [dict(org_id="a", year=2024, stage="municipal", subject="math", participants=2, winners=1, prize_winners=0)]
    dataset = make_dataset(organisations=[school("a")], olympiad=rows)
    assert cell(compute(dataset, config()).procedures["olympiad"], "a")["suppressed"]
    exempt = config(privacy={"exemptions": [{"dataset": "olympiad", "reason": "организаторы публикуют итоги поимённо"}]})
    row = cell(compute(dataset, exempt).procedures["olympiad"], "a")
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
    # school a's ВПР total (1.19) minus its shown rows, or the municipal row minus school b, must not give it back:
    # either that total is hidden or a second row of school a is
    total = value_row(results.values, "1.19", "a", 2024)
    school_rows = table[table["entity_id"] == "a"]
    assert total["suppressed"] or school_rows["suppressed"].sum() >= 2
    report = results.protection.report
    assert report.audited > 0 and report.findings == () and report.narrowest >= 5


def test_verify_refuses_a_table_that_shows_a_hidden_small_group():
    rows = [vpr("a", 2024, 11, "hist", (1, 1, 1, 0)), vpr("a", 2024, 5, "rus", (6, 24, 20, 10)),
            vpr("a", 2024, 6, "math", (4, 16, 12, 8)), vpr("b", 2024, 11, "hist", (2, 10, 10, 8)),
            vpr("b", 2024, 5, "rus", (5, 25, 20, 10)), vpr("b", 2024, 6, "math", (4, 16, 12, 8))]
    results = compute(make_dataset(organisations=[school("a"), school("b")], vpr=rows), config())
    protection = results.protection
    protection.verify({}, results.values, results.procedures)  # as decided: no error
    table = results.procedures["vpr"].copy()
    # a writer that forgets to blank school a's history row (3 pupils)
    row = (table["subject"] == "hist") & (table["entity_id"] == "a")
    table.loc[row, "participants"] = 3
    with pytest.raises(PrivacyError, match="vpr"):
        protection.verify({}, results.values, {**results.procedures, "vpr": table})
