"""Fixtures: the open-data output of a copy of the demonstration project (written once per test module)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from projects import copy_parts

from generator import opendata
from generator.compute import compute
from generator.config import load_config
from generator.context import BuildContext
from generator.load import load
from generator.project import DEMO_ROOT, Project
from generator.render.docs import DocsTree


@dataclass
class Output:
    project: Project
    ctx: BuildContext
    docs: Path


def copy_demo(target: Path) -> Project:
    """The demo project's data and configuration (not its site or archive) in ``target``."""
    return Project(copy_parts(target, DEMO_ROOT, ("datapackages", "msoko.yml")))


def write_open_data(project: Project, docs: Path) -> Output:
    """Load, compute and write the open-data section into a fresh ``docs`` directory."""
    config = load_config(project.config_file)
    dataset = load(project.datapackages)
    ctx = BuildContext(project, config, dataset, compute(dataset, config, project.work / "privacy"), docs)
    opendata.write(ctx, DocsTree(docs))  # a fresh tree: an existing folder is emptied
    return Output(project, ctx, docs)


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Output:
    base = tmp_path_factory.mktemp("opendata")
    return write_open_data(copy_demo(base / "project"), base / "docs")
