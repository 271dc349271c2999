"""Shared helpers of the quality gates: copies of the demo project, hashes of folders, required tools."""

from __future__ import annotations

import os

import pytest
from projects import tree_hashes  # noqa: F401  (the gates' before/after checks)


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def require(available: bool, what: str) -> None:
    """Skip with a reason locally when a tool is missing, but fail in CI: a gate must never vanish silently."""
    if available:
        return
    message = f"{what} is not available; run scripts/setup.sh"
    if in_ci():
        pytest.fail(f"CI must run every quality gate: {message}", pytrace=False)
    pytest.skip(message)


#: what the gates measured (axe per page, validator, links, keyboard, zoom), shown at the end of the test run
RESULTS: list[str] = []


def report(line: str) -> None:
    """Print a measured result and keep it for the summary at the end of the run (printed output of passing
    tests is hidden by pytest, and the numbers are wanted in every CI log)."""
    print(line)
    RESULTS.append(line.strip("\n"))
