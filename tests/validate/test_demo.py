"""The embedded demonstration data validates with zero errors (once the demo CSV files exist)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate import validate

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "datapackages"


@pytest.mark.skipif(not (DEMO / "registry" / "organisations.csv").is_file(), reason="демонстрационные данные ещё не созданы")
def test_demo_data_has_no_errors():
    report = validate(DEMO)
    assert report.errors == [], "\n".join(p.text() for p in report.errors[:20])
    assert report.files >= 13 and report.rows > 1000
