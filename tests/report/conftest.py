"""Fixtures of the report tests: the demo project and the tiny project, loaded and computed once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from projects import ROOT, copy_tiny

from generator.compute import compute
from generator.compute.results import Results
from generator.config import Config, load_config
from generator.load import Dataset, load


@dataclass(frozen=True)
class Computed:
    root: Path
    config: Config
    dataset: Dataset
    results: Results


def computed(root: Path) -> Computed:
    config = load_config(root / "msoko.yml")
    dataset = load(root / "datapackages")
    return Computed(root, config, dataset, compute(dataset, config, root / ".msoko" / "privacy"))


@pytest.fixture(scope="session")
def demo() -> Computed:
    return computed(ROOT)


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> Computed:
    return computed(copy_tiny(tmp_path_factory.mktemp("tiny")))


#: the year of the demo report the output tests read
REPORT_YEAR = 2025


@pytest.fixture(scope="session")
def report(demo):
    """The demo's 2025 report, assembled once for every test file that reads it."""
    from generator.report import build_report

    return build_report(demo.dataset, demo.config, demo.results, REPORT_YEAR)


@pytest.fixture(scope="session")
def pdf_bytes(report) -> bytes:
    """The demo report's PDF, laid out once (WeasyPrint takes tens of seconds) for every file that reads it."""
    from generator.report import render_file

    return render_file(report, "pdf")
