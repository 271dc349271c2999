"""The suppressed source tables are reused from the last build only when everything they depend on is the same."""

from __future__ import annotations

import pandas as pd

from generator.compute import compute
from generator.config import load_config
from generator.context import BuildContext
from generator.load import load
from generator.opendata import suppress, tables

from .conftest import copy_demo


def _context(project, docs) -> BuildContext:
    config = load_config(project.config_file)
    dataset = load(project.datapackages)
    return BuildContext(project, config, dataset, compute(dataset, config), docs)


def test_cached_suppression_equals_a_fresh_one_and_follows_the_data(tmp_path, monkeypatch):
    project = copy_demo(tmp_path / "project")
    ctx = _context(project, tmp_path / "docs")
    frame = ctx.dataset["ege"].reset_index(drop=True)
    fresh = tables._suppressed_assessment(ctx, "ege", frame)
    assert fresh["suppressed"].any()  # the demo has small ЕГЭ groups: the table is not trivially unchanged

    calls = []
    original = suppress.suppress_assessment
    monkeypatch.setattr(suppress, "suppress_assessment", lambda *args: calls.append(args[0]) or original(*args))
    again = tables._suppressed_assessment(ctx, "ege", frame)
    pd.testing.assert_frame_equal(again, fresh)
    assert calls == []  # same inputs: taken from the cache

    # one more participant in one row: the table is suppressed again, not taken from the cache
    changed = frame.copy()
    changed.loc[0, "participants"] = changed.loc[0, "participants"] + 1
    tables._suppressed_assessment(ctx, "ege", changed)
    assert calls == ["ege"]
    assert len(list((project.work / "suppressed").glob("ege-*.pickle"))) == 1  # the stale entry is gone
