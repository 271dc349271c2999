"""«Cannot be computed» is not zero: the ШНОР rule says which data it lacks instead of listing 0 schools."""

from __future__ import annotations

import pandas as pd

from generator.compute import internal_values, shnor

from .helpers import config, make_dataset, school
from .test_rules import ege, vpr


def movement(dataset, cfg):
    internal, _entities, years = internal_values(dataset)
    flags = shnor.low_flags(dataset, internal, cfg)
    listed = shnor.identify(flags, years, cfg)
    return shnor.coverage(flags, years, cfg), shnor.movement(listed, years, cfg, flags)


def schools_with(ege_years=(), vpr_years=()):
    orgs = [school(f"s{i}") for i in range(1, 6)]
    ege_rows = [ege(f"s{i}", year, 20, 60.0 + i, 5) for i in range(1, 6) for year in ege_years]
    vpr_rows = [vpr(f"s{i}", year, 5, "rus", (i, 100 - i, 0, 0)) for i in range(1, 6) for year in vpr_years]
    return make_dataset(organisations=orgs, ege=ege_rows, vpr=vpr_rows)


def test_one_procedure_of_two_needed_is_not_a_list_of_zero():
    cover, moves = movement(schools_with(ege_years=(2022, 2023, 2024)), config())
    assert not cover["computable"].any()
    lacking = cover.set_index("year").loc[2024, "lacking"]
    assert "ОГЭ, ВПР" in lacking and "2023/24" in lacking and "ЕГЭ" not in lacking.split("нет данных")[1]
    assert moves["identified"].isna().all() and not moves["computable"].any()


def test_enough_procedures_give_counts():
    cover, moves = movement(schools_with(ege_years=(2022, 2023, 2024), vpr_years=(2022, 2023, 2024)), config())
    by_year = cover.set_index("year")
    assert not by_year.loc[2022, "computable"]  # the first year has no previous year to look back on
    assert by_year.loc[2023, "computable"] and by_year.loc[2024, "computable"] and by_year.loc[2024, "lacking"] == ""
    counts = moves.set_index("year")["identified"]
    assert counts.notna().all() and (counts >= 0).all()


def test_a_gap_year_names_the_year_missing():
    # ВПР only in 2024: the 2024 list needs 2023 too, where only ЕГЭ exists
    cover, _moves = movement(schools_with(ege_years=(2023, 2024), vpr_years=(2024,)), config())
    row = cover.set_index("year").loc[2024]
    assert not row["computable"] and "за 2022/23" in row["lacking"] and "ВПР" in row["lacking"]


def test_no_assessments_at_all():
    dataset = make_dataset(organisations=[school("a")], organisation_values=[
        dict(indicator="1.31", org_id="a", year=year, numerator=300) for year in (2023, 2024)])
    cover, moves = movement(dataset, config())
    assert not cover["computable"].any() and pd.isna(moves["identified"]).all()


def test_objectivity_names_what_an_unchecked_signal_needs():
    from generator.compute import compute, objectivity

    results = compute(schools_with(ege_years=(2024,), vpr_years=(2024,)), config())
    cover = objectivity.coverage(results.objectivity).set_index("signal")
    # every school has ВПР with the term-mark comparison: 1.22 is checked…
    assert cover.loc["vpr_confirmation", "checked"] == 5 and cover.loc["vpr_confirmation", "needs"] == ""
    # …but no school has medalists, so the medalist signal checked nobody and says what it needs
    assert cover.loc["medalists", "checked"] == 0 and cover.loc["medalists", "unchecked"] == 5
    assert "медалист" in cover.loc["medalists", "needs"]


def test_ratings_say_why_a_school_is_not_rated():
    from generator.compute import compute

    reported = [dict(indicator="1.31", org_id=f"s{i}", year=2024, numerator=300 + i) for i in range(1, 5)]
    dataset = schools_with(ege_years=(2024,), vpr_years=(2024,))
    dataset.tables["organisation_values"] = make_dataset(organisation_values=reported).tables["organisation_values"]
    results = compute(dataset, config(rating={"min_indicators": 6}))
    gaps = results.rating_gaps.set_index("org_id")
    assert "1.31" in gaps.loc["s5", "reason"]  # no pupils: no cluster
    assert "нужно не меньше 6" in gaps.loc["s1", "reason"] and "1.17" in gaps.loc["s1", "reason"]


def test_a_school_of_a_cluster_too_small_is_told_so_not_that_it_lacks_indicators():
    from generator.compute import compute

    reported = [dict(indicator="1.31", org_id=f"s{i}", year=2024, numerator=300 + i) for i in range(1, 5)]
    dataset = schools_with(ege_years=(2024,), vpr_years=(2024,))
    dataset.tables["organisation_values"] = make_dataset(organisation_values=reported).tables["organisation_values"]
    results = compute(dataset, config(rating={"min_cluster": 10}))  # four schools with pupils: no cluster is big enough
    gaps = results.rating_gaps.set_index("org_id")
    for org in ("s1", "s2", "s3", "s4"):
        reason = gaps.loc[org, "reason"]
        assert reason.startswith("в кластере") and "нужно не меньше 10" in reason, reason
        assert "показателей рейтинга" not in reason
