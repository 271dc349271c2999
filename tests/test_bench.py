"""The benchmark at a tiny scale: it generates a region, runs its three builds and reports every stage.

Timings are reported, never asserted; this checks that the report is complete and the site exists.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ("validate", "load", "compute", "render", "opendata", "report", "charts", "mkdocs", "publish")


def _script(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_region_has_the_scale_asked_for(tmp_path: Path) -> None:
    region = _script("make_region_data")
    counts = region.generate(tmp_path / "datapackages", region.Scale(3, 7, 4, 2), workers=1)
    with (tmp_path / "datapackages" / "registry" / "organisations.csv").open(encoding="utf-8") as handle:
        organisations = list(csv.DictReader(handle))
    kinds = [row["kind"] for row in organisations]
    assert (kinds.count("school"), kinds.count("kindergarten"), kinds.count("additional")) == (7, 4, 3)
    assert len({row["oktmo"] for row in organisations}) == 3
    assert counts["registry/municipalities.csv"] == 3
    with (tmp_path / "datapackages" / "assessments" / "vpr.csv").open(encoding="utf-8") as handle:
        assert {row["year"] for row in csv.DictReader(handle)} == {"2024", "2025"}


def test_one_dataset_change_keeps_rows_consistent(tmp_path: Path) -> None:
    region, bench = _script("make_region_data"), _script("bench")
    region.generate(tmp_path / "datapackages", region.Scale(1, 3, 1, 1), workers=1)
    path = tmp_path / "datapackages" / "assessments" / "vpr.csv"
    before = path.read_text(encoding="utf-8")
    change = bench.change_one_dataset(tmp_path, count=2)
    assert change["rows"] > 0 and len(change["schools"]) == 2
    after = path.read_text(encoding="utf-8")
    assert after != before
    for row in csv.DictReader(after.splitlines()):
        marks = sum(int(row[f"mark{m}"]) for m in (2, 3, 4, 5))
        assert marks == int(row["participants"])


@pytest.mark.slow
def test_bench_reports_every_stage_of_three_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _script("bench")
    result = tmp_path / "bench.json"
    project = tmp_path / "region"
    code = bench.main(["--municipalities", "2", "--schools", "6", "--kindergartens", "4", "--years", "2",
                       "--out", str(project), "--json", str(result)])
    assert code == 0
    data = json.loads(result.read_text(encoding="utf-8"))
    full, unchanged, changed = (data["builds"][key] for key in ("full", "unchanged", "one_dataset"))
    for stage in PIPELINE:
        assert stage in full["stages"], stage
        assert stage in changed["stages"], stage
    assert unchanged["skipped"] and unchanged["charts_drawn"] == 0
    assert not changed["skipped"]
    assert 0 < changed["charts_drawn"] < full["charts_drawn"]  # only the charts of changed data are drawn again
    assert full["site"]["pages"] > 0 and full["peak_memory_bytes"] > 0 and full["tree_memory_bytes"] > 0
    assert (project / "site" / "index.html").is_file()
    assert {item["what"] for item in data["verdicts"]} >= {"Полная сборка", "Пиковая память", "Самая большая страница"}
    printed = capsys.readouterr().out
    assert "Время сборки по этапам" in printed and "MkDocs" in printed and "Цели" in printed


def test_tree_memory_counts_the_children(tmp_path):
    """A child holding 200 MiB, started by the sampled process, is in the tree's memory."""
    import subprocess
    import time

    bench = _script("bench")
    ready = tmp_path / "ready"
    holder = (f"import pathlib, time; data = bytearray(200 * 2**20); pathlib.Path({str(ready)!r}).touch(); time.sleep(30)")
    parent = subprocess.Popen([sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {holder!r}])"])
    try:
        for _ in range(200):
            if ready.exists():
                break
            time.sleep(0.05)
        assert ready.exists()
        assert bench.tree_memory(parent.pid) >= 200 * 2**20
        assert bench.tree_memory(parent.pid) > bench.tree_memory(bench._children(parent.pid)[0])  # the parent adds its own
    finally:
        subprocess.run(["pkill", "-P", str(parent.pid)], check=False)
        parent.kill()
        parent.wait()
