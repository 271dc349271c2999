"""The disclosure control works one year at a time: a year whose rows are unchanged is taken from the cache
without building its model, and the decision is the one a build without any cache makes."""

from __future__ import annotations

from pathlib import Path

from projects import copy_tiny, two_municipalities

from generator import privacy
from generator.compute import compute
from generator.config import load_config
from generator.load import load
from generator.privacy import read_pattern


def test_only_the_changed_year_is_modelled_again_and_the_decision_is_a_fresh_builds(tmp_path: Path, monkeypatch) -> None:
    root = two_municipalities(copy_tiny(tmp_path / "tiny"))
    config = load_config(root / "msoko.yml")
    dataset = load(root / "datapackages")
    cache = tmp_path / "cache"
    first = compute(dataset, config, cache).protection
    years = sorted(first.decisions)
    assert len(years) >= 2, "the tiny project has several years"

    modelled: list[int] = []
    original = privacy._protect_year
    monkeypatch.setattr(privacy, "_protect_year",
                        lambda inputs, *rest: modelled.append(inputs.year) or original(inputs, *rest))
    again = compute(dataset, config, cache).protection
    assert modelled == [] and again.states == first.states and again.cached_years == tuple(years)
    assert again.report == first.report and again.pattern() == first.pattern()
    # the usual next build keeps the previous version's pattern: the stored years hide all of it and serve
    pattern = read_pattern(first.pattern())
    kept = compute(dataset, config, cache, kept=pattern).protection
    assert modelled == [] and kept.states == first.states
    assert kept.kept == compute(dataset, config, kept=pattern).protection.kept > 0  # counted as a fresh build counts
    modelled.clear()

    oge = dataset["oge"]  # one more pupil with «3» at a school in one year (marks still add up)
    row = oge.index[oge["org_id"] == "sch-2"][0]
    year = int(oge.loc[row, "year"])
    for column in ("participants", "mark3"):
        oge.loc[row, column] = oge.loc[row, column] + 1
    third = compute(dataset, config, cache).protection
    assert modelled == [year] and set(third.cached_years) >= set(years) - {year}

    fresh = compute(dataset, config).protection  # no cache at all
    assert third.states == fresh.states and third.pattern() == fresh.pattern() and third.report == fresh.report
    for other in set(years) - {year}:  # the unchanged years' decisions are the first build's
        assert third.decisions[other].states == first.decisions[other].states


def test_the_whole_model_hides_what_the_years_decided(tmp_path: Path) -> None:
    """The model of every year at once (``verify``'s, when a table shows more than was decided) holds every
    year's cells, and exactly the decided ones are hidden in it; together they pass its audit."""
    from generator.privacy.audit import audit

    root = copy_tiny(tmp_path / "tiny")
    protection = compute(load(root / "datapackages"), load_config(root / "msoko.yml")).protection
    model, hidden = protection.model, protection.hidden
    assert {cell.year for cell in model.cells} == set(protection.decisions)
    assert {model.cells[p].key for p in hidden.nonzero()[0]} == set(protection.states)
    for year in protection.decisions:
        own, own_hidden = protection.year_model(year)
        assert {cell.key for cell in own.cells} == {cell.key for cell in model.cells if cell.year == year}
        assert int(own_hidden.sum()) == sum(1 for key in protection.states if protection.decisions[year].states.get(key))
    assert audit(model, protection.policy, hidden).findings == ()
