"""``build(project)``: the whole pipeline from the data packages to the published ``site/``.

Stages, in order, each a module of its own; data flow one way:

1. **configure** — ``msoko.yml`` (``generator.config``);
2. **validate** — the data packages, on the files themselves (``generator.validate``); errors stop the build
   before anything is read into tables (warnings do not);
3. **load** — typed tables (``generator.load``);
4. **compute** — every published number, small groups suppressed (``generator.compute``);
5. **render** — the docs tree: hand-written ``content/``, generated pages and charts (``generator.render``),
   then the open-data and report sections (``generator.opendata``, ``generator.report``) when installed;
6. **publish** — MkDocs into a temporary folder, checked, then swapped into ``site/`` (``generator.publish``).

Nothing is written into ``site/`` until every stage has succeeded.
"""

from __future__ import annotations

import importlib
import importlib.util
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import render
from .compute import compute
from .config import Config, load_config
from .context import BuildContext
from .errors import BuildError, DataError, MsokoError
from .load import Dataset, load
from .publish import SiteSettings, SiteStats, copyright_line, publish

if TYPE_CHECKING:
    from .compute.results import Results
    from .project import Project

#: sections written by other packages, called as ``<module>.write(ctx)`` when the module is installed
SECTION_MODULES = (("opendata", "generator.opendata"), ("report", "generator.report"))


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

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


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


def build(project: Project, *, progress: Callable[[str], None] | None = None) -> BuildSummary:
    """Build the site of ``project`` into ``project.site``; on any error raise and leave ``site/`` untouched."""
    summary = BuildSummary()
    stage = _Stages(summary, progress)
    with stage("configure", "Настройки"):
        config = load_config(project.config_file)
    with stage("validate", "Проверка данных"):
        validate_data(project, config)
    with stage("load", "Загрузка данных"):
        dataset = load_data(project)
    with stage("compute", "Расчёт показателей"):
        results = compute_results(dataset, config)
    ctx = BuildContext(project=project, config=config, dataset=dataset, results=results, docs=project.work / "docs")
    with stage("render", "Страницы сайта"):
        writer = render.render(ctx)
    with stage("sections", "Открытые данные и доклад"):
        summary.sections = write_sections(ctx)
    with stage("charts", "Диаграммы и главная страница"):
        rendered = render.finish(writer)
    with stage("publish", "Сборка HTML (MkDocs) и публикация"):
        summary.site = publish(project, ctx.docs, site_settings(config, rendered.nav))
    summary.nav = rendered.nav
    summary.charts_drawn, summary.charts_cached = rendered.charts.drawn, rendered.charts.cached
    summary.organisations = len(dataset["organisations"])
    return summary


def validate_data(project: Project, config: Config) -> None:
    """Refuse data with errors (the validation engine's report, in Russian, names file, row and column)."""
    if importlib.util.find_spec("generator.validate") is None:
        return
    from .validate import validate

    validate(project.datapackages, config).raise_for_errors()


def load_data(project: Project) -> Dataset:
    try:
        return load(project.datapackages)
    except MsokoError:
        raise
    except (ValueError, TypeError, KeyError, OSError) as error:
        raise DataError(f"Данные из {project.datapackages} не загружаются: {error}",
                        "проверьте их командой «msoko validate».") from error


def compute_results(dataset: Dataset, config: Config) -> Results:
    return compute(dataset, config)


def write_sections(ctx: BuildContext) -> list[str]:
    """Let the open-data and report packages write their pages into the docs tree (if installed and enabled)."""
    written = []
    for section, module_name in SECTION_MODULES:
        if section not in ctx.config.publish.sections or importlib.util.find_spec(module_name) is None:
            continue
        module: Any = importlib.import_module(module_name)
        writer = getattr(module, "write", None)
        if writer is None:
            continue
        writer(ctx)
        written.append(section)
    return written


def site_settings(config: Config, nav: list) -> SiteSettings:
    return SiteSettings(
        title=config.site.title,
        url=config.site.url,
        copyright=copyright_line(config.site.authority),
        demo=config.site.demo,
        nav=nav,
    )


__all__ = ["BuildError", "BuildSummary", "build"]
