"""The formula mini-language, each construct checked against sums done by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.compute.formula import FormulaError, evaluate, parse_formula

from .helpers import make_dataset


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "org_id": pd.Series(["a", "a", "a", "b"], dtype="string"),
        "year": pd.Series([2024, 2024, 2024, 2024], dtype="Int64"),
        "subject": pd.Series(["rus", "math", "bio", "chem"], dtype="string"),
        "grade": pd.Series([4, 5, 4, 4], dtype="Int64"),
        "participants": pd.Series([10, 20, 4, 6], dtype="Int64"),
        "mean_score": pd.Series([70.0, 50.0, 80.0, 60.0], dtype="Float64"),
        "ge70": pd.Series([6, 5, 3, 1], dtype="Int64"),
        "mark2": pd.Series([1, 2, 0, 3], dtype="Int64"),
        "mark5": pd.Series([4, 1, 2, 0], dtype="Int64"),
    })


def sums(text: str) -> dict[str, tuple]:
    result = evaluate(parse_formula(text), frame())
    return {row.org_id: (row.numerator, row.denominator) for row in result.itertuples()}


def test_share_over_all_rows():
    assert sums("ege:ge70/participants") == {"a": (14, 34), "b": (1, 6)}


def test_weighted_mean_is_a_product_of_columns():
    # a: 70·10 + 50·20 + 80·4 = 2020 over 34 participants
    assert sums("ege:mean_score*participants/participants")["a"] == (2020, 34)


def test_number_times_column_and_several_terms():
    # a: 2·(1+2+0) + 5·(4+1+2) = 6 + 35 = 41
    assert sums("vpr:2*mark2+5*mark5/participants")["a"] == (41, 34)


def test_sum_without_denominator_leaves_it_empty():
    result = sums("ege:ge70")
    assert result["a"][0] == 14
    assert pd.isna(result["a"][1])


def test_filter_equal_and_alternatives():
    assert sums("ege[subject=rus|bio]:ge70/participants") == {"a": (9, 14)}


def test_filter_not_equal_excludes_every_alternative():
    assert sums("ege[subject!=rus|math]:ge70/participants") == {"a": (3, 4), "b": (1, 6)}


def test_integer_column_is_filtered_by_its_text():
    assert sums("vpr[grade=4,subject!=chem]:mark5/participants") == {"a": (6, 14)}


def test_rows_counts_matching_rows():
    result = sums("statuses[subject=rus|math|chem]:rows")
    assert (result["a"][0], result["b"][0]) == (2, 1)


@pytest.mark.parametrize("text", [
    "ege", "nope:ge70", "ege[subject]:ge70", "ege:ge70/participants/participants", "ege:ge70+", "ege:ge-70",
    "ege[subject=]:ge70",
])
def test_malformed_formulas_are_refused_in_russian(text):
    with pytest.raises(FormulaError, match="Формула"):
        parse_formula(text)


def test_unknown_column_is_named():
    with pytest.raises(FormulaError, match="nosuch"):
        evaluate(parse_formula("ege:nosuch/participants"), frame())


def test_every_catalogue_formula_parses():
    dataset = make_dataset()
    for row in dataset["indicators"].itertuples():
        if row.method == "computed":
            formula = parse_formula(row.formula)
            assert formula.columns <= set(dataset[formula.dataset].columns), row.code
