"""The live preview of ``msoko serve``: a changed input rebuilds the site, an unchanged one does not, and a data
error is shown on every page while the last good site stays published."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import copy_tiny_site, tree_hashes

from generator import incremental, preview
from generator.build import build
from generator.project import Project


@pytest.fixture
def served(tmp_path: Path):
    project = Project(copy_tiny_site(tmp_path / "tiny"))
    summary = build(project)
    preview.start(project, incremental.fingerprint(project), summary.nav)
    yield project
    preview.start(None, "", [])  # type: ignore[arg-type]


def test_nothing_changed_nothing_rebuilt(served):
    config: dict = {}
    preview.on_pre_build(config)
    assert preview.STATE.rebuilds == 0
    assert config["nav"] == preview.STATE.nav and config["nav"]
    assert preview.on_page_markdown("# Страница\n", None, None, None) == "# Страница\n"


def test_a_data_error_is_shown_on_every_page_and_the_site_stays(served):
    ege = served.datapackages / "assessments" / "ege.csv"
    good = ege.read_text(encoding="utf-8")
    site_before = tree_hashes(served.site)
    ege.write_text(good.replace("sch-1,2024,rus,20,70.5", "sch-1,2024,rus,двадцать,70.5", 1), encoding="utf-8")
    preview.on_pre_build({})
    assert preview.STATE.rebuilds == 1
    error = preview.STATE.error
    assert error is not None and "ege.csv" in error and "двадцать" in error, error
    page = preview.on_page_markdown("# Школа\n", None, None, None)
    assert page.startswith('!!! failure "Сборка не удалась')
    assert "ege.csv" in page and page.endswith("# Школа\n")
    assert tree_hashes(served.site) == site_before  # the published site is the last good one
    # the same broken input is not rebuilt again on every page reload
    preview.on_pre_build({})
    assert preview.STATE.rebuilds == 1
    ege.write_text(good, encoding="utf-8")
    preview.on_pre_build({})
    assert (preview.STATE.rebuilds, preview.STATE.error) == (2, None)
    assert preview.on_page_markdown("# Школа\n", None, None, None) == "# Школа\n"


def test_a_new_page_in_content_is_built(served):
    page = served.content / "about" / "contacts.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# Контакты\n\nТелефон приёмной.\n", encoding="utf-8")
    preview.on_pre_build({})
    assert preview.STATE.error is None
    assert "Телефон приёмной" in (served.work / "docs" / "about" / "contacts.md").read_text(encoding="utf-8")
    assert (served.site / "about" / "contacts" / "index.html").is_file()


def test_the_preview_watches_the_inputs(served):
    watched = preview.watched(served)
    assert str(served.datapackages) in watched and str(served.config_file) in watched


def test_markup_in_the_message_is_escaped():
    banner = preview.error_banner("Строка 3: значение «<b>x</b>» и *звёздочки*")
    assert "<b>" not in banner and "&lt;b&gt;" in banner
