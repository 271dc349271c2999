"""``generator.report.write(ctx)``: the report section of the site for every year, downloads for the latest."""

from __future__ import annotations

from generator import urls
from generator.context import BuildContext
from generator.project import Project
from generator.render.docs import DocsTree, NavEntry
from generator.report import write


def test_write_puts_every_year_and_the_latest_downloads_into_docs(tiny, tmp_path):
    docs = tmp_path / "docs"
    ctx = BuildContext(project=Project(tiny.root), config=tiny.config, dataset=tiny.dataset, results=tiny.results,
                       docs=docs)
    claims = write(ctx, DocsTree(docs))
    for year in (2024, 2025):
        for part in ("", "part-1", "part-2"):
            assert (docs / urls.report(year, part)).is_file()
    assert (docs / "report/2025/report-2025.pdf").read_bytes().startswith(b"%PDF-")
    assert (docs / "report/2025/report-2025.docx").read_bytes().startswith(b"PK")
    assert not (docs / "report/2024/report-2024.pdf").exists()
    index = (docs / urls.REPORT).read_text(encoding="utf-8")
    # newest year first, each linked; the downloads only where they exist
    assert index.index("2024/25") < index.index("2023/24")
    assert "[PDF](2025/report-2025.pdf)" in index and "report-2024.pdf" not in index
    year_page = (docs / urls.report(2025)).read_text(encoding="utf-8")
    assert "[PDF](report-2025.pdf)" in year_page
    assert "(part-1/index.md#gia)" in year_page
    # the section returns exactly what it wrote, and asks for its one menu item
    written = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file())
    assert sorted(claims.paths) == written and claims.section == "report"
    assert claims.nav == [NavEntry("Доклад", urls.REPORT)]


def test_the_downloads_of_an_unchanged_report_come_from_the_cache(tiny, tmp_path, monkeypatch):
    """Laid out once: the same report gives the same PDF and DOCX without laying them out again; a changed
    report (here: another title of the authority) is laid out anew."""
    import dataclasses

    from generator import report as section

    project = Project(tmp_path / "project")
    ctx = BuildContext(project=project, config=tiny.config, dataset=tiny.dataset, results=tiny.results,
                       docs=tmp_path / "docs")
    write(ctx, DocsTree(tmp_path / "docs"))
    first = (tmp_path / "docs" / "report/2025/report-2025.pdf").read_bytes()
    made = []
    original = section.render_file
    monkeypatch.setattr(section, "render_file", lambda report, extension: made.append(extension) or original(report, extension))
    again = dataclasses.replace(ctx, docs=tmp_path / "again")
    write(again, DocsTree(tmp_path / "again"))
    assert made == [] and (tmp_path / "again" / "report/2025/report-2025.pdf").read_bytes() == first

    site = dataclasses.replace(tiny.config.site, authority="Управление образования Другого округа")
    changed = dataclasses.replace(ctx, config=dataclasses.replace(tiny.config, site=site), docs=tmp_path / "changed")
    write(changed, DocsTree(tmp_path / "changed"))
    assert made == ["pdf", "docx"]
