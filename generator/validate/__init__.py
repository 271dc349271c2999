"""Validate a project's data packages: structure (Frictionless), keys, references and domain rules.

``validate`` never raises for bad data: it returns a ``Report`` of problems, each located by file, row
(as in Excel, header = row 1) and column, with a Russian message and a hint. The build calls
``validate(...).raise_for_errors()`` and so refuses to publish data with errors; warnings do not stop it.

Stages, each in its own module:
``structure`` (file, encoding, delimiter, header, cells) → ``keys`` (duplicates) → ``references`` (foreign
keys across packages) → ``rules`` (ИНН/ОГРН, years, counts, reported values) → ``territories`` (the tree below the municipality) → ``dynamics`` (year-to-year
warnings).

The structural pass is most of the time (a region's million rows are split, typed and checked cell by cell). Its
result for one resource depends only on that file's bytes, its descriptor and the checking code, so with a
``cache`` folder (the build's ``.msoko/validation``) a resource unchanged since the last run is not read again;
the checks across resources always run on all of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from pathlib import Path

from ..cache import Cache
from ..config import Config
from ..load import Resource
from . import encoding, identifiers, problems, structure
from .descriptors import check_descriptors, read_packages
from .dynamics import check_jumps, check_missing_years
from .keys import check_keys
from .problems import TYPES, Problem, ProblemType, Report
from .reference_values import check_reference_values
from .references import check_references
from .rules import check_rules
from .structure import Table, read_table
from .territories import check_territories

__all__ = ["TYPES", "Problem", "ProblemType", "Report", "validate"]


def validate(datapackages_dir: Path, config: Config | None = None, *, today: dt.date | None = None,
             cache: Path | None = None) -> Report:
    """Check every resource of every package under ``datapackages_dir``; ``today`` fixes the clock in tests;
    ``cache`` — a folder keeping each resource's structural result (see the module docstring)."""
    started = time.perf_counter()
    config = config or Config()
    today = today or dt.date.today()
    root = Path(datapackages_dir)
    report = Report()
    resources, problems = read_packages(root)
    report.extend(problems)
    usable, problems = check_descriptors(resources, root)
    report.extend(problems)

    max_bytes = int(config.validation.max_file_mb * 1_000_000)
    tables: dict[str, Table | None] = {}
    structural = StructureCache(cache) if cache is not None else None
    for name, resource in usable.items():
        if structural is None:
            found: list[Problem] = []
            table, rows = read_table(resource, max_bytes, found)
        else:
            table, rows, found = structural.read(resource, max_bytes)
        report.extend(found)
        report.files += resource.path.is_file()
        report.rows += rows
        tables[name] = table

    for table in tables.values():
        if table is not None:
            report.extend(check_keys(table))
    report.extend(check_references(tables, resources))
    report.extend(check_rules(tables, today))
    report.extend(check_territories(tables))
    report.extend(check_reference_values(tables))
    report.extend(check_jumps(tables, config.privacy.min_group, config.validation.jump_pp))
    report.extend(check_missing_years(tables))
    if structural is not None:
        structural.cache.prune()
    report.seconds = time.perf_counter() - started
    return report


class StructureCache:
    """``read_table``'s result per resource, keyed by the file's bytes, its descriptor, the size limit and the code
    of the structural checks (with the versions of Frictionless and pandas, whose readers decide the types)."""

    def __init__(self, folder: Path) -> None:
        self.cache = Cache(folder, code=[structure, encoding, identifiers, problems],
                           libraries=("frictionless", "pandas", "pyarrow"))

    def read(self, resource: Resource, max_bytes: int) -> tuple[Table | None, int, list[Problem]]:
        """The table, its row count and its problems, from the cache when the file is unchanged."""
        try:
            data = resource.path.read_bytes()
        except OSError:  # a missing or unreadable file: read_table reports it, nothing to keep
            found: list[Problem] = []
            table, rows = read_table(resource, max_bytes, found)
            return table, rows, found
        key = self.cache.key(data, json.dumps(resource.descriptor, sort_keys=True, ensure_ascii=False, default=str),
                             str(max_bytes), resource.package, resource.name)

        def make() -> tuple[Table | None, int, list[Problem]]:
            found: list[Problem] = []
            table, rows = read_table(resource, max_bytes, found)
            if table is not None:
                table = dataclasses.replace(table, columns={}, flagged=set(table.flagged))
            return table, rows, found

        table, rows, found = self.cache.object(f"{key}.pickle", make)
        if table is not None:
            # the resource is this run's, whose path may differ; the plain lists of cells are not kept: only the
            # structural checks scan them, and they are done (stored, they would double a region's entry)
            table = dataclasses.replace(table, resource=resource)
        return table, rows, found
