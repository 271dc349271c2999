"""What the open-data section reuses from earlier builds, and only when its inputs are the same."""

from __future__ import annotations

import pandas as pd

from generator.compute import compute
from generator.config import load_config
from generator.load import load

from .conftest import copy_demo


def test_disclosure_decisions_are_cached_per_piece_and_follow_the_data(tmp_path, monkeypatch):
    from generator import privacy

    project = copy_demo(tmp_path / "project")
    config = load_config(project.config_file)
    dataset = load(project.datapackages)
    cache = project.work / "privacy"
    fresh = compute(dataset, config, cache)
    years = sorted(fresh.years)
    assert fresh.values["suppressed"].any()  # the demo has small groups: the decision is not trivially empty

    calls = []
    original = privacy._run  # in this process: what the workers are given to decide
    monkeypatch.setattr(privacy, "_run", lambda tasks, work: calls.extend(task[0] for task in tasks) or original(tasks, work))
    again = compute(dataset, config, cache)
    pd.testing.assert_frame_equal(again.values, fresh.values)
    assert calls == [] and again.protection.cached_years == tuple(years)  # same inputs: all from the cache

    # one more participant in one 2021 ЕГЭ row: that year's ЕГЭ piece is decided again, the rest comes from the
    # cache (the year's ОГЭ, ВПР, olympiads…, and the other years)
    def entries() -> tuple[set[str], set[str]]:
        """The year's task decisions, and its whole-year decision."""
        names = {path.name for path in cache.glob(f"{years[0]}-*.pickle")}
        return {n for n in names if "-year-" not in n}, {n for n in names if "-year-" in n}

    before, year_before = entries()
    ege = dataset["ege"]
    row = ege.index[ege["year"] == years[0]][0]
    ege.loc[row, "participants"] = ege.loc[row, "participants"] + 1
    compute(dataset, config, cache)
    assert calls == [years[0]]
    after, year_after = entries()
    assert len(year_before) == len(year_after) == 1 and year_before != year_after  # the year's own entry follows
    # the stale entry is gone, replaced by the new decision of the same piece; the other pieces' stay
    assert len(before - after) == len(after - before) == 1 and len(before & after) >= 2
    assert "-ege-" in next(iter(after - before))

    # another version of the disclosure control's code decides everything again (its decisions, and its audit,
    # are not those of the code that stored them)
    calls.clear()
    monkeypatch.setattr(privacy, "_CODE", [*privacy._CODE, __file__])
    assert compute(dataset, config, cache).protection.cached_tasks == 0 and sorted(set(calls)) == years


def _half_a_point_more(project) -> None:
    """A mean score half a point higher in the first row of the project's ЕГЭ results."""
    ege = project.datapackages / "assessments" / "ege.csv"
    lines = ege.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = lines[1].rstrip("\n").split(",")
    row[header.index("mean_score")] = str(float(row[header.index("mean_score")]) + 0.5)
    ege.write_text("".join([lines[0], ",".join(row) + "\n", *lines[2:]]), encoding="utf-8")


def test_archived_versions_are_compared_once(tmp_path, monkeypatch):
    from generator.opendata import changes

    from .conftest import write_open_data

    project = copy_demo(tmp_path / "project")
    write_open_data(project, tmp_path / "docs")
    _half_a_point_more(project)

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


def test_a_tables_csv_is_written_again_only_when_its_values_change(tmp_path, monkeypatch):
    from generator.opendata import formats

    from .conftest import write_open_data

    project = copy_demo(tmp_path / "project")
    first = write_open_data(project, tmp_path / "docs")
    ege_csv = first.docs / "data" / "ege" / "ege.csv"
    before = {path: path.read_bytes() for path in (first.docs / "data").glob("*/*.csv")}
    assert ege_csv in before

    written = []
    original = formats.to_csv
    monkeypatch.setattr(formats, "to_csv", lambda frame, schema: written.append(len(frame)) or original(frame, schema))
    again = write_open_data(project, tmp_path / "docs")
    assert written == []  # nothing changed: every CSV comes from the cache, byte for byte
    assert {path: path.read_bytes() for path in (again.docs / "data").glob("*/*.csv")} == before

    # a mean score half a point higher in one ЕГЭ row: that table's CSV (and those of the tables it feeds) are
    # written again
    _half_a_point_more(project)
    write_open_data(project, tmp_path / "docs")
    assert 1 <= len(written) < len(before) and ege_csv.read_bytes() != before[ege_csv]
