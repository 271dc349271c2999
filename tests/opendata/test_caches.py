"""What the open-data section reuses from earlier builds, and only when its inputs are the same."""

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


def test_archived_versions_are_compared_once(tmp_path, monkeypatch):
    from generator.opendata import changes

    from .conftest import write_open_data

    project = copy_demo(tmp_path / "project")
    write_open_data(project, tmp_path / "docs")
    ege = project.datapackages / "assessments" / "ege.csv"
    lines = ege.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = lines[1].rstrip("\n").split(",")
    row[header.index("mean_score")] = str(float(row[header.index("mean_score")]) + 0.5)
    ege.write_text("".join([lines[0], ",".join(row) + "\n", *lines[2:]]), encoding="utf-8")

    calls = []
    original = changes.compare
    monkeypatch.setattr(changes, "compare", lambda *args: calls.append(1) or original(*args))
    first = write_open_data(project, tmp_path / "docs")
    assert calls == [1]  # the new version against the previous one: once, though the history lists the pair too
    page = (first.docs / "data" / "changes" / "index.md").read_text(encoding="utf-8")
    assert "mean_score" in page or "Средний балл" in page

    calls.clear()
    again = write_open_data(project, tmp_path / "docs")
    assert calls == []  # nothing new to compare: every pair comes from .msoko/changes
    assert (again.docs / "data" / "changes" / "index.md").read_text(encoding="utf-8") == page
