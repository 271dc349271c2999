"""Validate a project's data packages: structure (Frictionless), keys, references and domain rules.

``validate`` never raises for bad data: it returns a ``Report`` of problems, each located by file, row
(as in Excel, header = row 1) and column, with a Russian message and a hint. The build calls
``validate(...).raise_for_errors()`` and so refuses to publish data with errors; warnings do not stop it.

Stages, each in its own module:
``structure`` (file, encoding, delimiter, header, cells) → ``keys`` (duplicates) → ``references`` (foreign
keys across packages) → ``rules`` (ИНН/ОГРН, years, counts, reported values) → ``territories`` (the tree below the municipality) → ``dynamics`` (year-to-year
warnings).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from ..config import Config
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


def validate(datapackages_dir: Path, config: Config | None = None, *, today: dt.date | None = None) -> Report:
    """Check every resource of every package under ``datapackages_dir``; ``today`` fixes the clock in tests."""
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
    for name, resource in usable.items():
        found: list[Problem] = []
        table, rows = read_table(resource, max_bytes, found)
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
    report.seconds = time.perf_counter() - started
    return report
