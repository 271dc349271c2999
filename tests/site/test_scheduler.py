"""``msoko build --scheduler``: the charts drawn on a ``dask.distributed`` cluster give the very site a local
build gives, and a scheduler that cannot be reached, or a missing dask, stops the build with a Russian message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from projects import copy_tiny_site
from site_helpers import file_hashes

from generator import executor
from generator.build import build
from generator.errors import BuildError
from generator.project import Project

distributed = pytest.importorskip("distributed")


def test_a_build_on_a_cluster_publishes_the_same_bytes_as_a_local_build(tmp_path: Path) -> None:
    local = Project(copy_tiny_site(tmp_path / "local"))
    build(local)
    remote = Project(copy_tiny_site(tmp_path / "remote"))
    # one in-process worker, but reached over TCP: the charts cross the wire pickled, as on a real cluster
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        summary = build(remote, scheduler=cluster.scheduler_address)
        drawn_there = [prefix for prefix in cluster.scheduler.task_prefixes if "draw_many" in prefix]
    assert drawn_there, "the charts were not sent to the cluster"
    assert summary.charts_drawn > 0 and summary.charts_cached == 0
    assert file_hashes(remote.site) == file_hashes(local.site)


def test_an_unreachable_scheduler_is_named_in_russian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executor, "CONNECT_TIMEOUT", 1)
    project = Project(copy_tiny_site(tmp_path / "project"))
    with pytest.raises(BuildError, match="tcp://127.0.0.1:9") as raised:
        build(project, scheduler="tcp://127.0.0.1:9")
    assert "недоступен" in raised.value.message and "без --scheduler" in raised.value.hint
    assert not project.site.exists()  # refused before anything was built


def test_without_dask_the_build_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # «import dask.distributed» fails as if absent
    project = Project(copy_tiny_site(tmp_path / "project"))
    with pytest.raises(BuildError, match="dask.distributed") as raised:
        build(project, scheduler="tcp://127.0.0.1:8786")
    assert "msoko-site[cluster]" in raised.value.hint
