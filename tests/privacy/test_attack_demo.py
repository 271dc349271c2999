"""The attacker over the built demo: no hidden count of a small group can be narrowed below the width, and a
planted leak stops the build.

The attacker (``attacker.attack``) reads only the published files; which hidden rows are small groups is then
read from the project's own (unpublished) data, as only the publisher can.
"""

from __future__ import annotations

import pytest
from projects import copy_demo

from generator.build import build
from generator.errors import PrivacyError
from generator.project import Project

from .attacker import HiddenCell, attack, small_groups


def small_group_cells(project: Project, cells: list[HiddenCell], threshold: int) -> list[HiddenCell]:
    """The cells whose true group has 1 … threshold − 1 persons (read from the project's source data)."""
    return small_groups(project.datapackages, cells, threshold)


@pytest.mark.slow
def test_no_small_group_is_recovered_on_the_demo(demo_site: Project) -> None:
    """No hidden count of a small group is narrowed below the protection width by the independent attacker
    (before the disclosure control, 1 678 hidden counts were determined exactly)."""
    report = attack(demo_site.site, threshold=5)
    assert report.cells, "the demo hides small groups: the attacker must have cells to attack"
    exact = small_group_cells(demo_site, [cell for cell in report.cells if cell.exact], 5)
    assert exact == [], [cell.describe() for cell in exact[:10]]
    narrowed = small_group_cells(demo_site, [cell for cell in report.cells if cell.narrowed], 5)
    assert narrowed == [], [cell.describe() for cell in narrowed[:10]]
    # the protection is not vacuous: hidden cells of small groups are among those attacked
    assert small_group_cells(demo_site, list(report.cells), 5)


@pytest.mark.slow
def test_a_planted_leak_stops_the_build(tmp_path, monkeypatch) -> None:
    """A writer that forgets to blank one hidden group is caught by the audit of the tables as written."""
    from generator.opendata import tables

    project = Project(copy_demo(tmp_path / "project"))
    original = tables._blanked

    def leaky(ctx, resource_name, frame):
        blanked = original(ctx, resource_name, frame)
        if resource_name == "ege":
            size = frame["participants"].astype(float)
            row = blanked.index[blanked["participants"].isna() & (size > 0) & (size < 5)][0]  # a small group
            for column in ("participants", "mean_score", "below_min", "ge70", "ge80", "ge90", "score100"):
                blanked.loc[row, column] = frame.loc[row, column]
        return blanked

    monkeypatch.setattr(tables, "_blanked", leaky)
    with pytest.raises(PrivacyError) as caught:
        build(project, force=True)
    message = str(caught.value)
    assert "набор «ege»" in message or "показатель" in message
    assert "интервал" in message
    assert not project.site.exists()  # nothing was published
