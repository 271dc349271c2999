"""How the site keeps pages small for large registries, shown on the tiny project with the limits set to one:
catalogues split into linked pages, each rating cluster on a page of its own, addresses shortened."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator import render
from generator.build import site_settings
from generator.compute import compute
from generator.config import load_config
from generator.context import BuildContext
from generator.load import load
from generator.project import Project
from generator.publish import publish
from generator.render.pages import catalogues, ratings


def test_addresses_lose_the_parts_they_all_share_and_the_postcode() -> None:
    shown = catalogues.short_addresses([
        "000001, Область, Округ, г. Город, ул. Мира, д. 1",
        "000016, Область, Округ, с. Берёзовка, ул. Советская, д. 20",
    ])
    assert shown == {
        "000001, Область, Округ, г. Город, ул. Мира, д. 1": "г. Город, ул. Мира, д. 1",
        "000016, Область, Округ, с. Берёзовка, ул. Советская, д. 20": "с. Берёзовка, ул. Советская, д. 20",
    }


def test_split_catalogue_and_rating_pages_are_linked_and_valid(tiny_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogues, "PAGE_ROWS", 1)
    monkeypatch.setattr(ratings, "MAX_ROWS_ON_PAGE", 0)
    monkeypatch.setattr(ratings, "CLUSTER_ROWS", 1)
    project = Project(tiny_project)
    config = load_config(project.config_file)
    # the tiny project's two schools (an 11-year and a 9-year one) are never one cluster: each is ranked alone
    config = dataclasses.replace(config, rating=dataclasses.replace(config.rating, min_cluster=1))
    dataset = load(project.datapackages)
    ctx = BuildContext(project, config, dataset, compute(dataset, config, project.work / "privacy"), project.work / "docs")
    rendered = render.finish(render.render(ctx))
    publish(project, ctx.docs, site_settings(config, render.navigation(ctx, [rendered.claims])))  # fails on any broken link

    first = (project.site / "schools" / "index.html").read_text(encoding="utf-8")
    second = (project.site / "schools" / "2" / "index.html").read_text(encoding="utf-8")
    assert 'href="2/"' in first and 'aria-current="page"' in first
    assert 'href="../"' in second
    assert first.count("../organisations/") == 1 and second.count("../../organisations/") == 1

    clusters = sorted(p.parent.name for p in (project.site / "ratings").glob("*/index.html"))
    assert clusters, "each cluster has a page of its own"
    overview = (project.site / "ratings" / "index.html").read_text(encoding="utf-8")
    for cluster in clusters:
        assert f'href="{cluster}/"' in overview
    # one school a page: as many pages as rated schools, every further page linked from the first
    rated = ctx.results.ratings[ctx.results.ratings["year"] == ctx.results.ratings["year"].max()]
    pages = list((project.site / "ratings").glob("*/index.html")) + list((project.site / "ratings").glob("*/*/index.html"))
    assert len(pages) == len(rated)
    for extra in (project.site / "ratings").glob("*/*/index.html"):
        first = (extra.parent.parent / "index.html").read_text(encoding="utf-8")
        assert f'href="{extra.parent.name}/"' in first
