"""Objectivity, ШНОР and rating rules on small fixtures computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from generator.compute import compute

from .helpers import config, make_dataset, school
from .test_procedures import vpr
from .test_values import ege


def signal(results, org_id: str, year: int, name: str):
    rows = results.objectivity
    value = rows[(rows["org_id"] == org_id) & (rows["year"] == year)].iloc[0][name]
    return None if pd.isna(value) else bool(value)


def test_confirmation_gap_against_the_municipality_including_the_school():
    # a: 70 of 100 confirmed; b: 900 of 1000; municipality 970/1100 = 88,18 % → gap 18,2 п. п.
    rows = [vpr("a", 2024, 5, "rus", (10, 40, 40, 10), lowered=20, raised=10),
            vpr("b", 2024, 5, "rus", (100, 400, 400, 100), lowered=50, raised=50),
            vpr("c", 2024, 5, "rus", (1, 1, 1, 1), lowered=4)]
    dataset = make_dataset(organisations=[school("a"), school("b"), school("c")], vpr=rows)
    results = compute(dataset, config())
    assert signal(results, "a", 2024, "vpr_confirmation") is True
    assert signal(results, "b", 2024, "vpr_confirmation") is False
    assert signal(results, "c", 2024, "vpr_confirmation") is None  # 4 pupils: not checked
    assert list(results.risk["org_id"]) == ["a"]
    strict = compute(dataset, config(objectivity={"confirmed_gap_pp": 20}))
    assert signal(strict, "a", 2024, "vpr_confirmation") is False and strict.risk.empty
    # the published signals table never shows a hidden value: c is a small group
    row = results.objectivity[results.objectivity["org_id"] == "c"].iloc[0]
    assert pd.isna(row["confirmed"])


def test_vpr_above_gia_skips_gymnasiums_and_needs_ordinary_oge():
    def oge(org_id, marks):
        return dict(org_id=org_id, year=2024, subject="math", participants=sum(marks), mark2=marks[0],
                    mark3=marks[1], mark4=marks[2], mark5=marks[3])
    orgs = [school("a"), school("g", type="gymnasium"), school("n"), school("m")]
    high_vpr = (0, 10, 50, 40)  # quality 90 %
    rows = [vpr("a", 2024, 5, "rus", high_vpr), vpr("g", 2024, 5, "rus", high_vpr),
            vpr("n", 2024, 5, "rus", (20, 50, 25, 5)), vpr("m", 2024, 5, "rus", (20, 50, 25, 5))]
    gia = [oge("a", (5, 25, 15, 5)), oge("g", (5, 25, 15, 5)), oge("n", (5, 25, 15, 5)), oge("m", (5, 25, 15, 5))]
    results = compute(make_dataset(organisations=orgs, vpr=rows, oge=gia), config())
    # ВПР quality: a 90 % vs municipal (90+90+30+30)/4 = 60 % → +30 п. п.; ОГЭ quality 40 % = municipal
    assert signal(results, "a", 2024, "vpr_vs_gia") is True
    assert signal(results, "g", 2024, "vpr_vs_gia") is None
    assert signal(results, "n", 2024, "vpr_vs_gia") is False


def test_medalist_index_threshold():
    rows = [ege("a", 2024, 20, 70.0, 10, medalists=10, medalists_not_confirmed=2),
            ege("b", 2024, 20, 70.0, 10, medalists=10, medalists_not_confirmed=1)]
    results = compute(make_dataset(organisations=[school("a"), school("b")], ege=rows), config())
    assert signal(results, "a", 2024, "medalists") is True  # 20 % ≥ 20 %
    assert signal(results, "b", 2024, "medalists") is False


def shnor_dataset(scores: dict[str, list[float]], years=(2021, 2022, 2023)):
    """Schools with ЕГЭ Russian means and ВПР success given per year (ОГЭ absent)."""
    orgs = [school(name) for name in scores]
    ege_rows, vpr_rows = [], []
    for name, series in scores.items():
        for year, score in zip(years, series, strict=True):
            ege_rows.append(ege(name, year, 20, score, 5))
            fails = int(round(100 - score))  # success rate falls with the score: same order in both procedures
            vpr_rows.append(vpr(name, year, 5, "rus", (fails, 100 - fails, 0, 0)))
    return make_dataset(organisations=orgs, ege=ege_rows, vpr=vpr_rows)


def test_shnor_bottom_decile_with_ties_and_consecutive_years():
    scores = {f"s{i:02d}": [60.0 + i] * 3 for i in range(1, 11)}  # ten schools: k = ceil(0.1 × 10) = 1
    scores["s01"] = [50.0, 50.0, 70.0]  # low in 2021–2022, fine in 2023
    scores["s02"] = [61.0, 50.0, 50.0]  # low from 2022
    scores["s03"] = [50.0, 63.0, 63.0]  # tied at the bottom in 2021 only
    results = compute(shnor_dataset(scores), config())
    listed = results.shnor[results.shnor["status"] == "identified"]
    assert set(zip(listed["org_id"], listed["year"], strict=True)) == {("s01", 2022), ("s02", 2023)}
    criteria = results.shnor_criteria.set_index(["org_id", "year"])
    assert criteria.loc[("s03", 2021), "low"]  # the tie at the boundary is included
    left = results.shnor[results.shnor["status"] == "left"]
    assert set(zip(left["org_id"], left["year"], strict=True)) == {("s01", 2023)}
    assert results.shnor_movement.set_index("year").loc[2023, ["identified", "entered", "left"]].tolist() == [1, 1, 1]


def test_shnor_needs_the_configured_number_of_procedures():
    scores = {f"s{i:02d}": [60.0 + i] * 3 for i in range(1, 11)}
    scores["s01"] = [50.0, 50.0, 50.0]
    one = compute(shnor_dataset(scores), config(shnor={"min_procedures": 1, "procedures": ["ege"]}))
    assert set(one.shnor.loc[one.shnor["status"] == "identified", "year"]) == {2022, 2023}
    three = compute(shnor_dataset(scores), config(shnor={"min_procedures": 3}))
    assert three.shnor.empty  # there is no ОГЭ in the fixture


def pupils(org_id: str, count: int, year: int = 2024) -> dict:
    return dict(indicator="1.31", org_id=org_id, year=year, numerator=count, value=count)


def test_clusters_merge_small_ones_and_composite_is_a_mean_of_z_scores():
    orgs = [school(f"u{i}") for i in range(4)] + [school("tiny", locality="urban")]
    values = [pupils(f"u{i}", 900 + i) for i in range(4)] + [pupils("tiny", 100)]
    # three urban large schools with 1.09 = 20, 40, 60 % and 1.14 (lower better) = 30, 20, 10 %
    rows = []
    for name, ge70, below in (("u0", 4, 6), ("u1", 8, 4), ("u2", 12, 2), ("u3", 8, 4), ("tiny", 8, 4)):
        rows.append(ege(name, 2024, 20, 60.0, ge70, below_min=below))
    results = compute(make_dataset(organisations=orgs, organisation_values=values, ege=rows),
                      config(rating={"indicators": ["1.09", "1.14"], "min_indicators": 2, "min_cluster": 3}))
    ratings = results.ratings.set_index("org_id")
    assert ratings["cluster"].nunique() == 1  # «tiny» alone is merged with the large urban schools
    assert results.clusters["merged"].all()
    label = results.clusters["cluster_label"].iloc[0]
    assert label.startswith("Городские школы") and "до 300" in label and "800" in label
    # 1.09: 20, 40, 60, 40, 40 → mean 40, sd √160; 1.14: 30, 20, 10, 20, 20 (reversed) → same z
    sd = 160 ** 0.5
    assert ratings.loc["u2", "composite"] == pytest.approx(20 / sd)
    assert ratings.loc["u0", "composite"] == pytest.approx(-20 / sd)
    assert ratings.loc["u2", "rank"] == 1 and ratings.loc["u0", "rank"] == 5
    assert ratings.loc[["u1", "u3", "tiny"], "rank"].tolist() == [2, 2, 2]


def test_clusters_are_separate_league_tables():
    orgs = [school(f"u{i}") for i in range(3)] + [school(f"r{i}", locality="rural") for i in range(3)]
    values = [pupils(o["org_id"], 500) for o in orgs]
    rows = [ege(o["org_id"], 2024, 20, 60.0, 2 + 2 * i) for i, o in enumerate(orgs)]
    results = compute(make_dataset(organisations=orgs, organisation_values=values, ege=rows),
                      config(rating={"indicators": ["1.09"], "min_indicators": 1}))
    ratings = results.ratings.set_index("org_id")
    assert ratings.loc["u2", "rank"] == 1 and ratings.loc["r2", "rank"] == 1  # each cluster has its own first
    assert ratings.loc["u0", "cluster"] != ratings.loc["r0", "cluster"]


def oge(org_id: str, year: int, participants: int, good: int) -> dict:
    return dict(org_id=org_id, year=year, subject="rus", participants=participants, mark2=0,
                mark3=participants - good, mark4=good, mark5=0)


def test_clusters_never_join_schools_scored_on_other_indicators_or_across_the_shfnsu_line():
    full = [school(f"s{i}") for i in range(3)]  # 11-year schools: ЕГЭ and ОГЭ
    basic = [school(f"b{i}", type="basic") for i in range(3)]  # 9-year schools: ОГЭ only
    special = [school(f"f{i}") for i in range(2)]  # 11-year schools in difficult social conditions
    orgs = full + basic + special
    values = [pupils(o["org_id"], 500) for o in orgs]
    ege_rows = [ege(o["org_id"], 2024, 20, 60.0, 2 + 2 * i) for i, o in enumerate(full + special)]
    oge_rows = [oge(o["org_id"], 2024, 20, 4 + i) for i, o in enumerate(orgs)]
    statuses = [dict(org_id=o["org_id"], year=2024, status="shfnsu", basis="Приказ № 1") for o in special]
    results = compute(make_dataset(organisations=orgs, organisation_values=values, ege=ege_rows, oge=oge_rows,
                                   statuses=statuses),
                      config(rating={"indicators": ["1.09", "1.17"], "min_indicators": 1, "min_cluster": 3}))
    ratings = results.ratings.set_index("org_id")
    clusters = results.clusters.set_index("cluster")
    assert ratings.loc["s0", "cluster"] != ratings.loc["b0", "cluster"]  # 2 indicators vs 1
    assert ratings.loc["s0", "cluster"] != ratings.loc["f0", "cluster"]  # the ШФНСУ line
    assert ratings.loc["s2", "rank"] == 1 and ratings.loc["b2", "rank"] == 1
    # two ШФНСУ schools are too few to rank, and are not merged into the other 11-year schools
    small = clusters.loc[ratings.loc["f0", "cluster"]]
    assert small["schools"] == 2 and not small["ranked"] and small["shfnsu"]
    assert "ШФНСУ" in small["cluster_label"]
    assert ratings.loc[["f0", "f1"], "rank"].isna().all() and ratings.loc[["f0", "f1"], "composite"].isna().all()
    assert clusters.loc[ratings.loc["s0", "cluster"], "schools"] == 3
    assert "ЕГЭ и ОГЭ" in clusters.loc[ratings.loc["s0", "cluster"], "cluster_label"]
    assert "по ОГЭ (1\u00a0показатель)" in clusters.loc[ratings.loc["b0", "cluster"], "cluster_label"]


def test_vpr_above_gia_compares_with_the_region_when_the_project_has_it():
    def oge(org_id, marks):
        return dict(org_id=org_id, year=2024, subject="math", participants=sum(marks), mark2=marks[0],
                    mark3=marks[1], mark4=marks[2], mark5=marks[3])

    def reference(code, value):
        return dict(indicator=code, year=2024, scope="region", name="Область", value=value, source="доклад министерства")
    orgs = [school("a"), school("n"), school("m")]
    rows = [vpr("a", 2024, 5, "rus", (0, 10, 50, 40)), vpr("n", 2024, 5, "rus", (20, 50, 25, 5)),
            vpr("m", 2024, 5, "rus", (20, 50, 25, 5))]
    gia = [oge(org_id, (5, 25, 15, 5)) for org_id in ("a", "n", "m")]
    # a: ВПР quality 90 %, municipal (90 + 30 + 30) / 3 = 50 % → +40 п. п.; the region's 80 % → +10 п. п. only
    both = [reference("1.21", 80.0), reference("1.17", 40.0)]
    results = compute(make_dataset(organisations=orgs, vpr=rows, oge=gia, reference_values=both), config())
    assert signal(results, "a", 2024, "vpr_vs_gia") is False
    row = results.objectivity[results.objectivity["org_id"] == "a"].iloc[0]
    assert row["vpr_vs_gia_base"] == "region"
    municipal = compute(make_dataset(organisations=orgs, vpr=rows, oge=gia, reference_values=both),
                        config(objectivity={"vpr_vs_gia_base": "municipality"}))
    assert signal(municipal, "a", 2024, "vpr_vs_gia") is True
    assert municipal.objectivity.iloc[0]["vpr_vs_gia_base"] == "municipality"
    # the ОГЭ's region value alone: the pair is not split across two bases, both are the municipality's (else the
    # region's 20 % would make a's ОГЭ «high» and clear the signal)
    oge_only = compute(make_dataset(organisations=orgs, vpr=rows, oge=gia, reference_values=[reference("1.17", 20.0)]), config())
    assert signal(oge_only, "a", 2024, "vpr_vs_gia") is True
    assert oge_only.objectivity[oge_only.objectivity["org_id"] == "a"].iloc[0]["vpr_vs_gia_base"] == "municipality"
