"""The rules on the demo data flag exactly the schools the demo was designed to flag, and nothing leaks."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from projects import PRIVACY_CACHE, ROOT

from generator.compute import compute
from generator.load import load

from .helpers import config, demo_module, demo_root


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = demo_root(tmp_path_factory.mktemp("demo"))
    cache = tmp_path_factory.mktemp("work") / "privacy"  # never inside the data packages (``root`` may be the repository's)
    if (ROOT / PRIVACY_CACHE).is_dir():  # the set-up build's decisions (their keys hold every input)
        shutil.copytree(ROOT / PRIVACY_CACHE, cache, dirs_exist_ok=True)
    return compute(load(root), config(), cache)


def demo_root_path():
    """The committed demo data packages (the registry the ratings are read against)."""
    return ROOT / "datapackages"


@pytest.fixture(scope="module")
def design():
    return demo_module()


def test_objectivity_flags_exactly_the_designed_schools(demo, design):
    years = sorted(set(demo.objectivity["year"]))
    assert years == list(design.YEARS)
    for year in years:
        risk = demo.risk[demo.risk["year"] == year]
        found = {row.org_id: frozenset(row.signal_names.split(",")) for row in risk.itertuples()}
        assert found == design.DESIGNED_RISK, year
    others = demo.objectivity[~demo.objectivity["org_id"].isin(list(design.DESIGNED_RISK))]
    assert (others["signals"] == 0).all()


def test_shnor_lists_exactly_the_designed_schools(demo, design):
    listed = demo.shnor[demo.shnor["status"] == "identified"]
    found = {int(year): frozenset(part["org_id"]) for year, part in listed.groupby("year")}
    assert found == design.DESIGNED_SHNOR
    assert min(design.YEARS) not in found  # no list in the first year
    left = demo.shnor[demo.shnor["status"] == "left"]
    expected_left = {(org, year) for year in design.DESIGNED_SHNOR if year - 1 in design.DESIGNED_SHNOR
                     for org in design.DESIGNED_SHNOR[year - 1] - design.DESIGNED_SHNOR[year]}
    assert set(zip(left["org_id"], left["year"], strict=True)) == expected_left
    movement = demo.shnor_movement.set_index("year")
    for year, schools in design.DESIGNED_SHNOR.items():
        assert movement.loc[year, "identified"] == len(schools)


def test_the_audit_proves_every_hidden_small_group_protected(demo):
    report = demo.protection.report
    assert report.findings == ()
    assert report.audited > 1000 and report.primary > 0 and report.hidden > report.primary
    assert report.narrowest >= report.width == 5
    assert demo.values["suppressed"].any()  # the demo does have small groups to protect


def test_ratings_never_form_one_league_table(demo):
    ranked = demo.ratings.dropna(subset=["rank"])
    assert ranked.groupby(["year", "cluster"])["rank"].min().eq(1).all()
    assert (ranked.groupby("year")["cluster"].nunique() > 1).all()
    clusters = demo.clusters
    assert (clusters.loc[clusters["ranked"], "schools"] >= 3).all()
    # a cluster too small is not ranked rather than merged across the ШФНСУ line or the indicator sets
    small = clusters[~clusters["ranked"]]
    assert (small["schools"] < 3).all()
    assert set(ranked["cluster"]).isdisjoint(small["cluster"])
    both = clusters.groupby(["year", "cluster"])["shfnsu"].nunique()
    assert (both == 1).all()
    # 9-year schools (scored without the ЕГЭ) never share a cluster with 11-year schools
    types = pd.read_csv(demo_root_path() / "registry" / "organisations.csv", dtype=str).set_index("org_id")["type"]
    members = demo.ratings.assign(basic=demo.ratings["org_id"].map(types).eq("basic"))
    assert members.groupby(["year", "cluster"])["basic"].nunique().eq(1).all()
    assert members["basic"].any() and not members["basic"].all()
