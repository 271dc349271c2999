"""The site's charts: drawn by ``generator.charts`` (the module the report uses too), cached, and shown.

Each chart is written twice, at the desktop width and at the phone width, and the page shows it through a
``<picture>``: the phone layout is the fallback ``<img>`` (mobile first), the wide one a ``<source>`` for screens
of 45em and more. A cache keyed by the hash of a chart's data and of the drawing code skips charts that did
not change since the last build; many charts are drawn by a pool of processes while the build goes on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import atomic, executor, shared_files
from ..cache import Cache
from ..charts import PALETTE, Chart, alternative, axis_label, narrow_path
from ..charts import svg as draw_svg
from .templating import md_escape

if TYPE_CHECKING:
    from .docs import Section

__all__ = ["PALETTE", "Chart", "ChartDrawing", "ChartStats", "axis_label", "draw", "draw_narrow", "figure",
           "render_charts"]

WORKERS = 2
#: fewer charts than this are drawn in this process: starting workers costs more than it saves (a chart
#: takes about 2 ms, a worker about 300 ms to start)
POOL_THRESHOLD = 400
#: the width from which the wide layout is shown (its text stays at 11 px or more down to 542 px of content)
WIDE_FROM = "45em"


@dataclass
class ChartStats:
    drawn: int = 0
    cached: int = 0

    @property
    def total(self) -> int:
        return self.drawn + self.cached


def draw(chart: Chart) -> bytes:
    """The desktop layout of one chart as SVG bytes."""
    return draw_svg(chart)


def draw_narrow(chart: Chart) -> bytes:
    """The phone layout of one chart as SVG bytes."""
    return draw_svg(chart, narrow=True)


def picture(source: str, narrow_source: str, alt: str) -> Markup:
    """Both layouts of a chart: the phone's as the ``<img>`` (mobile first), the wide one from ``WIDE_FROM``."""
    return Markup(f'<picture><source media="(min-width: {WIDE_FROM})" srcset="{md_escape(source)}">'
                  f'<img src="{md_escape(narrow_source)}" alt="{md_escape(alt)}" loading="lazy"></picture>')


def figure(chart: Chart, source: str, narrow_source: str) -> Markup:
    """The ``<figure>`` that shows a chart on a page: both layouts, the text alternative, the caption.

    The sizes are the drawings' own (each SVG carries its width), so the text is shown at its drawn size; CSS
    lets a chart shrink on a screen narrower than that, never grow. (``<source>`` may not carry a width in the
    HTML the validator checks, and a width on ``<img>`` would hold the wide drawing to the phone's.)"""
    return Markup(
        '<figure class="msoko-chart">\n'
        f"{picture(source, narrow_source, alternative(chart))}\n"
        f"<figcaption>{md_escape(chart.title)}. Данные — в таблице ниже.</figcaption>\n"
        "</figure>"
    )


def _draw_many(charts: Sequence[Chart]) -> list[tuple[bytes, bytes]]:
    return [(draw(chart), draw_narrow(chart)) for chart in charts]


# --- the cache and the pool -------------------------------------------------------------------------------


def _cached(cache: Path, key: str) -> bool:
    return (cache / f"{key}.svg").is_file() and (cache / f"{key}-narrow.svg").is_file()


class ChartDrawing:
    """Charts drawn by worker processes while the build goes on in this one.

    The pages register their charts first; the open-data and report sections then run here while the workers
    draw, so both cores stay busy. ``render_charts`` collects the drawings and draws what was added later.
    """

    def __init__(self, cache: Path, *, workers: int = WORKERS) -> None:
        self.cache = cache
        self.workers = workers
        self.pool: executor.Pool | None = None
        self.jobs: list[tuple[list[str], Any]] = []

    def start(self, charts: Sequence[Chart], *, threshold: int | None = None) -> None:
        """Send the charts missing from the cache to the workers (a handful is left to draw here later)."""
        self.cache.mkdir(parents=True, exist_ok=True)
        missing: dict[str, Chart] = {}
        for chart in charts:
            key = chart.key()
            if key not in missing and not _cached(self.cache, key):
                missing[key] = chart
        todo = list(missing.items())
        if not _fan_out(len(todo), self.workers, threshold):
            return
        self.pool = executor.make_pool(self.workers)
        for chunk in _chunks(todo, self.pool.workers):
            job = self.pool.executor.submit(_draw_many, [chart for _, chart in chunk])
            self.jobs.append(([key for key, _ in chunk], job))

    def collect(self) -> int:
        """Wait for the workers and store their drawings in the cache; returns how many were drawn."""
        drawn = 0
        for keys, job in self.jobs:
            for key, pair in zip(keys, job.result(), strict=True):
                _store(self.cache, key, pair)
                drawn += 1
        self.jobs = []
        self.close()
        return drawn

    def close(self) -> None:
        """Stop the workers (after a failure elsewhere, without waiting for charts nobody will publish)."""
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None


def render_charts(charts: Sequence[Chart], docs: Section, cache: Path, *, workers: int = WORKERS,
                  drawing: ChartDrawing | None = None, threshold: int | None = None) -> ChartStats:
    """Write every chart (both layouts) into the docs tree, drawing only those whose data or code changed.

    ``drawing`` holds charts already sent to worker processes; they are collected first. Cache entries not
    used by this build are removed, so the cache holds exactly the current site's charts.
    """
    cache.mkdir(parents=True, exist_ok=True)
    stats = ChartStats()
    drawn_before = drawing.collect() if drawing is not None else 0
    keys = [chart.key() for chart in charts]
    missing: dict[str, Chart] = {}
    for chart, key in zip(charts, keys, strict=True):
        if not _cached(cache, key):
            missing.setdefault(key, chart)
    todo = list(missing.items())
    if todo:
        if _fan_out(len(todo), workers, threshold):
            pool = executor.make_pool(workers)
            try:
                chunks = _chunks(todo, pool.workers)
                drawn = pool.executor.map(_draw_many, [[chart for _, chart in chunk] for chunk in chunks])
                for chunk, pairs in zip(chunks, drawn, strict=True):
                    for (key, _), pair in zip(chunk, pairs, strict=True):
                        _store(cache, key, pair)
            finally:
                pool.shutdown()
        else:
            for key, chart in todo:
                _store(cache, key, (draw(chart), draw_narrow(chart)))
    stats.drawn = drawn_before + len(todo)
    stats.cached = len(set(keys)) - stats.drawn
    store = _cache(cache)
    written = _read_written(cache)
    now: dict[str, list] = {}
    for chart, key in zip(charts, keys, strict=True):
        origins = (f"диаграмма «{chart.title}»", f"диаграмма «{chart.title}» для телефона")
        paths = (chart.path, narrow_path(chart.path))
        entry = written.get(chart.path)
        if entry is not None and entry[0] == key and _cached(cache, key):
            # the docs tree still holds the files this chart's entry gave last build (their stamps say so):
            # neither the entry nor the files are read again (30 000 files of a region's charts)
            targets = [docs.keep(path, origin) for path, origin in zip(paths, origins, strict=True)]
            if None not in entry[1:] and [shared_files.stamp(target) for target in targets] == entry[1:]:
                store.used.update({f"{key}.svg", f"{key}-narrow.svg"})
                now[chart.path] = entry
                continue
            for target, data in zip(targets, _load_pair(store, cache, chart, key), strict=True):
                docs.tree.write(target, data)
        else:
            wide, narrow = _load_pair(store, cache, chart, key)
            docs.write_bytes(paths[0], wide, origins[0])
            docs.write_bytes(paths[1], narrow, origins[1])
        now[chart.path] = [key, *(shared_files.stamp(docs.file(path)) for path in paths)]
    store.prune("*.svg")
    atomic.write_bytes(cache / WRITTEN, json.dumps(now, sort_keys=True).encode("utf-8"))
    return stats


#: which chart each docs file of the last build holds, with the files' stamps (``shared_files.stamp``); a dotfile,
#: so the cache's pruning leaves it
WRITTEN = ".written.json"


def _read_written(cache: Path) -> dict[str, list]:
    try:
        data = json.loads((cache / WRITTEN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _load_pair(store: Cache, cache: Path, chart: Chart, key: str) -> tuple[bytes, bytes]:
    wide, narrow = store.load(f"{key}.svg"), store.load(f"{key}-narrow.svg")
    if wide is None or narrow is None:  # an entry damaged since it was written: drawn again, here
        wide, narrow = draw(chart), draw_narrow(chart)
        _store(cache, key, (wide, narrow))
    return wide, narrow


def _chunks(todo: list, workers: int) -> list[list]:
    """``todo`` cut into about four chunks per worker (at most 200 charts each): small enough to keep every
    worker busy to the end, large enough that sending a chunk costs little beside drawing it."""
    size = max(1, min(200, len(todo) // (workers * 4)))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def _fan_out(count: int, workers: int, threshold: int | None) -> bool:
    """Whether ``count`` charts are worth sending to workers. A cluster's workers are running already, so
    only the local pool's start-up cost is weighed against drawing here."""
    if executor.remote():
        return count > 0
    return count >= (POOL_THRESHOLD if threshold is None else threshold) and workers > 1


def _cache(folder: Path) -> Cache:
    """The charts' entries in the one cache of the build (``generator.cache``); the drawing code is in the keys
    already (``Chart.key``), so the cache adds no code of its own."""
    return Cache(folder)


def _store(cache: Path, key: str, pair: tuple[bytes, bytes]) -> None:
    """Store both layouts (atomically, each verified when read); the narrow one is written last, and a chart
    counts as cached only when both are there."""
    store = _cache(cache)
    store.store(f"{key}.svg", pair[0])
    store.store(f"{key}-narrow.svg", pair[1])
