"""Shared helpers of the quality gates: copies of the demo project, hashes of folders, required tools."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest


def tree_hashes(folder: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file below ``folder`` (and the empty folders), for before/after checks."""
    hashes: dict[str, str] = {}
    if not folder.exists():
        return hashes
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                hashes[relative + "/"] = "empty folder"
        else:
            hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


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
