"""A pooled three-year value minus the two published years is the hidden year: the attacker, taught to read the
pooled values of the organisation files, finds it exactly — and finds nothing in what the generator publishes
(no pooled value over a hidden year, see ``generator.compute.pooled``)."""

from __future__ import annotations

import csv
from pathlib import Path

from privacy.attacker import attack

from .test_attacker_fixtures import OGE_COUNTS, FixtureSite, assert_exact, assert_safe

ORG_COLUMNS = ("indicator", "indicator_short_name", "unit", "year", "value", "numerator", "denominator",
               "municipal_value", "change", "verdict", "suppressed", "pooled_from", "pooled_numerator",
               "pooled_denominator", "pooled_value")
#: (year, participants, marks «4» and «5»); 2023 is a group of 3 and hidden
YEARS = (("2022", 20, 8), ("2023", 3, 2), ("2024", 20, 10))


def _site() -> FixtureSite:
    site = FixtureSite()
    site.org("a")
    for year, participants, good in YEARS:
        hide = OGE_COUNTS if participants < 5 else ()
        site.row("oge", hide, org_id="a", year=year, subject="rus", participants=participants, mark2=0,
                 mark3=participants - good, mark4=good, mark5=0)
        site.indicator("1.17", "a", year, hidden=participants < 5)
    return site


def _organisation_file(root: Path, pooled: bool) -> None:
    """The organisation's own table as ``render.pages.organisations.organisation_csv`` writes it."""
    path = root / "organisations" / "a" / "a.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ORG_COLUMNS)
        writer.writeheader()
        for year, participants, good in YEARS:
            hidden = participants < 5
            row = dict.fromkeys(ORG_COLUMNS, "")
            row.update(indicator="1.17", unit="процент", year=year, suppressed="true" if hidden else "false")
            if not hidden:
                row.update(value=repr(round(100 * good / participants, 4)), numerator=str(good),
                           denominator=str(participants))
            if pooled and year == "2024":
                total, good_total = sum(p for _y, p, _g in YEARS), sum(g for _y, _p, g in YEARS)
                row.update(pooled_from="2022", pooled_numerator=str(good_total), pooled_denominator=str(total),
                           pooled_value=repr(round(100 * good_total / total, 4)))
            writer.writerow(row)


def test_a_pooled_value_over_a_hidden_year_reveals_it(tmp_path: Path) -> None:
    root = _site().write(tmp_path / "leak")
    _organisation_file(root, pooled=True)
    report = attack(root, threshold=5)
    assert_exact(report, "oge", "participants", 3, "pooled", org_id="a", year="2023", subject="rus")


def test_without_the_pooled_value_the_hidden_year_stays_hidden(tmp_path: Path) -> None:
    root = _site().write(tmp_path / "safe")
    _organisation_file(root, pooled=False)
    report = attack(root, threshold=5)
    assert_safe(report, "oge", "participants", org_id="a", year="2023", subject="rus")
