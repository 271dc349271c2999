"""``build(project)``: the whole pipeline from the data packages to the published ``site/``.

Stages, in order, each a module of its own; data flow one way:

1. **configure** — ``msoko.yml`` (``generator.config``);
2. **validate** — the data packages, on the files themselves (``generator.validate``); errors stop the build
   before anything is read into tables (warnings do not);
3. **load** — typed tables (``generator.load``);
4. **compute** — every published number, small groups suppressed (``generator.compute``);
5. **render** — one docs tree (``generator.render.docs``) that every section writes into: hand-written
   ``content/``, the generated pages and charts (``generator.render``), the open-data section (in a forked
   process, ``generator.opendata``) and the report (``generator.report``); each section returns what it claimed
   (its paths and menu entries), a path claimed twice stops the build, and the menu is made from the claims;
6. **publish** — MkDocs into a temporary folder, checked, then swapped into ``site/`` (``generator.publish``).

Nothing is written into ``site/`` until every stage has succeeded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import cache, collector, executor, incremental, opendata, render, report, transaction
from .compute import compute
from .config import Config, catalogue_problems, load_config
from .context import BuildContext
from .errors import BuildError, ConfigError, DataError
from .load import Dataset, load
from .lock import project_lock
from .opendata import versions
from .privacy import read_pattern
from .publish import SiteSettings, SiteStats, copyright_line, publish
from .render.docs import Claims, DocsTree
from .sidejob import SideJob
from .validate import validate

if TYPE_CHECKING:
    from .compute.results import Results
    from .project import Project

#: sections written beside the pages, in order: name → the function that writes it into the shared docs tree
#: and returns what it claimed
SECTION_WRITERS: dict[str, Callable[[BuildContext, DocsTree], Claims]] = {"opendata": opendata.write, "report": report.write}


@dataclass
class BuildSummary:
    """What a build produced and how long each stage took (for the CLI and the measurements)."""

    timings: dict[str, float] = field(default_factory=dict)
    site: SiteStats | None = None
    charts_drawn: int = 0
    charts_cached: int = 0
    organisations: int = 0
    sections: list[str] = field(default_factory=list)
    nav: list = field(default_factory=list)
    #: nothing the build reads changed since the last successful build: the site was kept as it was
    skipped: bool = False
    #: seconds from start to end (stages may overlap: a side job runs beside the pages)
    wall: float = 0.0
    #: the disclosure control's audit (``generator.privacy.AuditReport``) and the years taken from its cache
    privacy: Any = None
    privacy_cached_years: tuple[int, ...] = ()
    #: the disclosure control's decisions (a municipality's year each) taken from its cache, of all
    privacy_cached_tasks: int = 0
    privacy_tasks: int = 0
    #: seconds the disclosure control took (choice and audit; part of the compute stage)
    privacy_seconds: float = 0.0
    #: pages MkDocs rendered, and pages whose published HTML was still right (``generator.page_reuse``)
    pages_written: int = 0
    pages_unchanged: int = 0
    #: organisation pages whose Markdown was kept from the last build (their inputs unchanged) and rendered
    organisation_pages_kept: int = 0
    organisation_pages_rendered: int = 0

    @property
    def seconds(self) -> float:
        return self.wall or sum(self.timings.values())


class _Stages:
    """Times each stage; reports progress to an optional callback (the CLI prints it)."""

    def __init__(self, summary: BuildSummary, progress: Callable[[str], None] | None) -> None:
        self.summary = summary
        self.progress = progress

    @contextmanager
    def __call__(self, name: str, title: str) -> Iterator[None]:
        if self.progress:
            self.progress(title)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.summary.timings[name] = time.perf_counter() - started


def build(project: Project, *, progress: Callable[[str], None] | None = None, force: bool = False,
          no_cache: bool = False, scheduler: str | None = None) -> BuildSummary:
    """Build the site of ``project`` into ``project.site``; on any error raise and leave ``site/`` untouched.

    When nothing the build reads changed since the last successful build (``generator.incremental``), the site
    is kept as it is and the summary says so (``skipped``); ``force`` builds anyway, ``no_cache`` also empties
    every cache first (``generator.cache``). A second build or import of the same project meanwhile is refused
    (``generator.lock``). ``scheduler`` — the address of a ``dask.distributed`` scheduler that draws the
    charts instead of local processes (``generator.executor``).
    """
    started = time.perf_counter()
    summary = BuildSummary()
    stage = _Stages(summary, progress)
    try:
        with project_lock(project), executor.scheduler(scheduler):
            transaction.recover(project)
            if no_cache:
                cache.clear(project)
            return _build(project, summary, stage, force or no_cache)
    finally:
        summary.wall = time.perf_counter() - started


def _build(project: Project, summary: BuildSummary, stage: _Stages, force: bool) -> BuildSummary:
    with stage("configure", "Настройки"):
        config = load_config(project.config_file)
    with stage("inputs", "Сверка с прошлой сборкой"):
        inputs = incremental.fingerprint(project)
        previous = None if force else incremental.unchanged(project, inputs)
    if previous is not None:
        summary.skipped = True
        summary.site = SiteStats(**previous.site) if previous.site else None
        summary.charts_cached = previous.charts
        summary.organisations = previous.organisations
        return summary
    try:
        rendered = make_docs(project, config, stage, summary)
    finally:
        collector.release()  # the data and results of make_docs may sit in reference cycles
    with stage("publish", "Сборка HTML (MkDocs) и публикация"):
        incremental.forget(project)
        archive = project.work / transaction.STAGED
        counts: dict[str, int] = {}
        summary.site = publish(project, project.work / "docs", site_settings(config, rendered.nav), timings=summary.timings,
                               commit=lambda new_site: transaction.commit(project, new_site, archive), counts=counts)
        summary.pages_written, summary.pages_unchanged = counts.get("rendered", 0), counts.get("reused", 0)
    # «publish» is what follows MkDocs (link check, swap); MkDocs has its own line
    summary.timings["publish"] -= summary.timings.get("mkdocs", 0.0)
    summary.timings["publish"] -= summary.timings.get("search", 0.0)  # the search index has its own line too
    summary.nav = rendered.nav
    summary.charts_drawn, summary.charts_cached = rendered.charts.drawn, rendered.charts.cached
    incremental.record(project, inputs, summary.site, charts=rendered.charts.total, organisations=summary.organisations)
    return summary


@dataclass(frozen=True)
class _Docs:
    """What MkDocs needs from the stages before it: the navigation and the chart counts."""

    nav: list
    charts: Any


def make_docs(project: Project, config: Config, stage: _Stages, summary: BuildSummary) -> _Docs:
    """Validate, load, compute and write the docs tree (pages, charts, sections) into ``project.work / "docs"``.

    A function of its own so that the data, the results and the page writer are freed when it returns: MkDocs,
    which holds every page in memory, then runs without them (a region's peak memory is the sum of both).
    """
    dataset, results = prepare(project, config, stage, settle=True)
    summary.privacy = results.protection.report
    summary.privacy_cached_years = results.protection.cached_years
    summary.privacy_cached_tasks = results.protection.cached_tasks
    summary.privacy_tasks = results.protection.tasks
    summary.privacy_seconds = results.protection.seconds
    ctx = BuildContext(project=project, config=config, dataset=dataset, results=results, docs=project.work / "docs",
                       archive=transaction.staged_archive(project))
    docs = render.prepare(ctx)
    # the open-data and report sections are written by forked processes while this one renders the pages (they
    # read only the results); the charts are drawn by worker processes meanwhile
    planned = sections(ctx)
    beside = [section for section in planned if section in PARALLEL_SECTIONS]
    # the child writes through its copy of the tree (which knows content/) and sends back its claims
    jobs = {section: SideJob(SECTION_TITLES.get(section, section), lambda section=section: SECTION_WRITERS[section](ctx, docs))
            for section in beside}
    if jobs and stage.progress:
        stage.progress(", ".join(SECTION_TITLES.get(section, section) for section in jobs) + " — параллельно со страницами")
    drawing = None
    try:
        with stage("render", "Страницы сайта"):
            writer = render.render(ctx, docs)
        if writer.organisation_pages is not None:
            summary.organisation_pages_kept = writer.organisation_pages.kept
            summary.organisation_pages_rendered = writer.organisation_pages.rendered
        drawing = render.start_charts(writer)
        claims = write_sections(ctx, docs, stage, skip=set(beside))
        for section, job in jobs.items():
            with stage(f"{section}_wait", f"Ожидание раздела «{SECTION_TITLES.get(section, section)}»"):
                claims.append(docs.adopt(job.wait()))  # a path another section wrote fails here
            summary.timings[section] = job.seconds
        jobs = {}
        with stage("charts", "Диаграммы и главная страница"):
            rendered = render.finish(writer, drawing)
    finally:
        for job in jobs.values():
            job.stop()
        if drawing is not None:
            drawing.close()
    docs.prune()  # what the previous build wrote and this one did not (every section's claims are in)
    nav = render.navigation(ctx, [rendered.claims, *claims])
    summary.sections = planned
    summary.organisations = len(dataset["organisations"])
    return _Docs(nav, rendered.charts)


def prepare(project: Project, config: Config, stage: Callable[[str, str], Any] | None = None, *,
            settle: bool = False) -> tuple[Dataset, Results]:
    """validate → load → compute: what the build, the report command and the preview all start from (the
    disclosure control's cache and the previous version's pattern included, so that they publish the same
    numbers). ``stage`` times each step (``build``'s stages). ``settle`` — the data and the results are kept
    off the cycle collector's passes (``generator.collector``); the caller then calls ``collector.release``."""
    timed = stage or (lambda _name, _title: nullcontext())
    with timed("validate", "Проверка данных"):
        validate_data(project, config)
    with timed("load", "Загрузка данных"):
        dataset = load_data(project)
    if settle:
        collector.settle()
    with timed("compute", "Расчёт показателей"):
        results = compute(dataset, config, project.work / "privacy", previous_pattern(project))
    if settle:
        collector.settle()
    return dataset, results


def validate_data(project: Project, config: Config) -> None:
    """Refuse data with errors (the validation engine's report, in Russian, names file, row and column), and
    settings naming indicators the project's catalogue does not have."""
    validate(project.datapackages, config, cache=project.work / "validation").raise_for_errors()
    catalogue = project.datapackages / "indicators" / "indicators.csv"
    if catalogue.is_file():
        codes = pd.read_csv(catalogue, dtype=str, usecols=["code"])["code"].dropna()
        problems = catalogue_problems(config, codes)
        if problems:
            raise ConfigError(f"Ошибки в файле настроек {project.config_file}:\n" + "\n".join(f"  • {p}" for p in problems))


def load_data(project: Project) -> Dataset:
    try:
        return load(project.datapackages)
    except (OSError, UnicodeDecodeError) as error:  # a file unreadable since it was validated; anything else is a defect
        raise DataError(f"Данные из {project.datapackages} не загружаются: {error}",
                        "проверьте их командой «msoko validate».") from error


def previous_pattern(project: Project) -> dict[tuple, str]:
    """The hidden cells of the latest published version, which stay hidden while their data are unchanged."""
    data = versions.latest_unpublished(project.root, versions.PATTERN)
    return read_pattern(data) if data else {}


#: progress titles of the sections (each is a stage of its own in the timings)
SECTION_TITLES = {"opendata": "Открытые данные", "report": "Ежегодный доклад"}
#: the stages as the summary names them, in pipeline order
STAGE_TITLES = {
    "configure": "настройки",
    "inputs": "сверка с прошлой сборкой",
    "validate": "проверка",
    "load": "загрузка",
    "compute": "расчёт",
    "render": "страницы",
    "opendata": "открытые данные",
    "report": "доклад",
    "opendata_wait": "ожидание открытых данных",
    "report_wait": "ожидание доклада",
    "charts": "диаграммы",
    "mkdocs": "MkDocs",
    "search": "поисковый индекс",
    "publish": "публикация",
}


#: sections written by forked processes beside the pages (they read the results and write only their own files):
#: with two cores the report's PDF and the open-data files are made while the pages are rendered and the charts
#: drawn, instead of after them
PARALLEL_SECTIONS = ("opendata", "report")


def sections(ctx: BuildContext) -> list[str]:
    """The sections this build writes: those enabled in the settings."""
    return [section for section in SECTION_WRITERS if section in ctx.config.publish.sections]


def write_sections(ctx: BuildContext, docs: DocsTree, stage: _Stages | None = None, *,
                   skip: set[str] | None = None) -> list[Claims]:
    """Let the open-data and report packages write their pages into the docs tree (when enabled); their claims.
    ``skip`` — sections written elsewhere (by a side job)."""
    claims = []
    for section in sections(ctx):
        if skip and section in skip:
            continue
        with stage(section, SECTION_TITLES.get(section, section)) if stage else nullcontext():
            claims.append(SECTION_WRITERS[section](ctx, docs))
    return claims


def site_settings(config: Config, nav: list) -> SiteSettings:
    return SiteSettings(
        title=config.site.title,
        url=config.site.url,
        copyright=copyright_line(config.site.authority),
        demo=config.site.demo,
        nav=nav,
        email=config.site.email,
    )


__all__ = ["BuildError", "BuildSummary", "build"]
