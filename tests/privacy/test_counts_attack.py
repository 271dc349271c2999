"""The count indicators' like-for-like sums and medians give the attacker nothing on a hidden school.

The tiny project gets a third school and a territory; one school's count of olympiad participations is a
small group (hidden). The site publishes ``territories/counts.csv`` — like-for-like sums with the
organisations they are made of — and the independent attacker reads it with everything else. A control
shows the attack is real: the same file with the hidden school put into a sum gives the school away.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from projects import PUBLISHER, copy_tiny

from generator.build import build
from generator.project import Project
from generator.validate.identifiers import inn_check_digit, ogrn_check_digit

from .attacker import attack

REGISTRY = Path("datapackages") / "registry"


def _project(root: Path) -> Project:
    copy_tiny(root)
    config = root / "msoko.yml"
    config.write_text(config.read_text(encoding="utf-8") + PUBLISHER, encoding="utf-8")
    registry = root / REGISTRY
    organisations = pd.read_csv(registry / "organisations.csv", dtype=str, keep_default_na=False)
    third = organisations.iloc[[0]].copy()
    inn9, ogrn12 = "420500003", "102420000003"
    inn, ogrn = inn9 + str(inn_check_digit(inn9 + "0")), ogrn12 + str(ogrn_check_digit(ogrn12 + "0"))
    third = third.assign(org_id="sch-3", inn=inn, ogrn=ogrn,
                         full_name=third["full_name"].str.replace("№ 1", "№ 3"), short_name="МБОУ «СОШ № 3»")
    pd.concat([organisations, third]).to_csv(registry / "organisations.csv", index=False)
    (registry / "territories.csv").write_text(
        "territory_id,name,kind,oktmo,parent_id,territory_oktmo\n"
        "north,Северный территориальный отдел,territorial_division,99701000,,\n", encoding="utf-8")
    (registry / "organisation_territories.csv").write_text(
        "org_id,territory_id\nsch-1,north\nsch-2,north\nsch-3,north\n", encoding="utf-8")
    olympiad = root / "datapackages" / "assessments" / "olympiad.csv"
    rows = pd.read_csv(olympiad, dtype=str, keep_default_na=False)
    small = (rows["org_id"] == "sch-2") & (rows["stage"] == "school")
    rows.loc[small, ["participants", "winners", "prize_winners"]] = ["3", "0", "1"]  # a group of 3: hidden
    extra = pd.DataFrame([["sch-3", "2024", "school", "rus", "30", "1", "2"], ["sch-3", "2025", "school", "rus", "28", "1", "3"]],
                         columns=rows.columns)
    pd.concat([rows, extra]).to_csv(olympiad, index=False)
    project = Project(root)
    build(project)
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return _project(tmp_path_factory.mktemp("counts") / "tiny")


def _hidden_sch2(report) -> list:
    return [cell for cell in report.cells if "sch-2" in cell.describe() and ("3.01" in cell.describe()
                                                                             or "olympiad" in cell.describe())]


def test_the_published_sums_leave_out_the_hidden_school(site: Project) -> None:
    rows = list(csv.DictReader((site.site / "territories" / "counts.csv").open(encoding="utf-8")))
    participations = [row for row in rows if row["indicator"] == "3.01" and row["year"] == "2025"]
    assert participations, "the counts file has the like-for-like sums of 3.01"
    for row in participations:
        assert "sch-2" not in row["like_for_like_members"].split(";")
    report = attack(site.site, threshold=5)
    hidden = _hidden_sch2(report)
    assert hidden, "the small group of sch-2 is hidden and attacked"
    assert [cell.describe() for cell in hidden if cell.narrowed] == []


def test_a_sum_over_the_hidden_school_would_give_it_away(site: Project, tmp_path: Path) -> None:
    """The control: a like-for-like «sum» of the hidden school and one published school hands the hidden one
    out by difference — the attacker must find it, or the test above proves nothing."""
    values = list(csv.DictReader((site.site / "data" / "indicator-values" / "indicator-values.csv").open(encoding="utf-8")))
    shown = {(row["entity_id"], row["year"]): float(row["numerator"]) for row in values
             if row["indicator"] == "3.01" and row["entity_type"] == "organisation" and row["numerator"]}
    other = next(org for org in ("sch-1", "sch-3") if (org, "2024") in shown and (org, "2025") in shown)
    truth = {"2024": 3, "2025": 3}  # sch-2's participations, as the fixture wrote them
    poisoned = tmp_path / "site"
    shutil.copytree(site.site, poisoned)
    path = poisoned / "territories" / "counts.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        if row["indicator"] == "3.01" and row["year"] == "2025" and row["entity_type"] == "territory":
            row["like_for_like_members"] = f"{other};sch-2"
            row["like_for_like"] = f"{shown[(other, '2025')] + truth['2025']:g}"
            row["like_for_like_previous"] = f"{shown[(other, '2024')] + truth['2024']:g}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = attack(poisoned, threshold=5)
    assert [cell for cell in _hidden_sch2(report) if cell.narrowed], "the attacker must use the published sums"
