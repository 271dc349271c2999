"""The last stage of a build: MkDocs turns the docs tree into HTML in a temporary folder, and only a complete,
checked site replaces the published ``site/``.

A failed MkDocs build, a broken internal link or an interrupted run leaves the previous ``site/`` exactly as it
was and says why. What MkDocs stamps with the clock (the sitemap's ``lastmod`` and the gzip header of
``sitemap.xml.gz``) is neutralised, so two builds of the same data give byte-identical files.
"""

from __future__ import annotations

import contextlib
import ctypes
import gzip
import html
import io
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import glossary, page_reuse, shared_files, site_search, urls
from .errors import BuildError
from .project import DEMO_ROOT, Project
from .render import fragments

THEME_DIR = Path(__file__).resolve().parent / "theme"
HOOKS = THEME_DIR / "hooks.py"
#: listed last: the pages it takes from the published site are final (``generator.page_reuse``)
REUSE_HOOKS = THEME_DIR / "reuse_hooks.py"
MKDOCS_NAME = "mkdocs.yml"
#: how many MkDocs warnings a failed build shows before summing up the rest
SHOWN_WARNINGS = 10


@dataclass(frozen=True)
class SiteSettings:
    """What the generator puts into the MkDocs configuration on top of the project's ``mkdocs.yml``."""

    title: str
    url: str
    copyright: str
    demo: bool
    nav: list
    #: the authority's e-mail for the feedback link in every page's footer (``site.email``); empty — no link
    email: str = ""


@dataclass(frozen=True)
class SiteStats:
    """Size of the published site, for the build summary."""

    pages: int
    files: int
    bytes: int
    largest_page: str
    largest_page_bytes: int


# --- the MkDocs configuration -----------------------------------------------------------------------------


def mkdocs_source(project: Project) -> Path:
    """The project's ``mkdocs.yml``; a project without one uses the settings of the demonstration project."""
    own = project.root / MKDOCS_NAME
    return own if own.is_file() else DEMO_ROOT / MKDOCS_NAME


def mkdocs_config(project: Project, docs: Path, site_dir: Path, settings: SiteSettings) -> dict[str, Any]:
    """The project's MkDocs settings with the generated parts filled in (all paths absolute)."""
    source = mkdocs_source(project)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise BuildError(f"Файл {source} не читается как YAML в UTF-8: {error}") from error
    if not isinstance(data, dict):
        raise BuildError(f"Файл {source}: ожидаются настройки MkDocs в виде «ключ: значение».")
    theme = data.get("theme") or {}
    if isinstance(theme, str):
        theme = {"name": theme}
    theme = {**theme, "custom_dir": str(THEME_DIR)}
    extra = {**(data.get("extra") or {}), "msoko": {
        "demo": settings.demo, "email": settings.email,
        "abbreviations": glossary.abbreviations(glossary.load(project.content)),
        # the footer links to the service pages the docs tree has (a project may leave a section out)
        "accessibility": (docs / urls.ACCESSIBILITY).is_file(), "glossary": (docs / urls.GLOSSARY).is_file(),
    }}
    data.update(
        site_name=settings.title,
        docs_dir=str(docs),
        site_dir=str(site_dir),
        theme=theme,
        extra=extra,
        copyright=settings.copyright,
        nav=settings.nav,
        hooks=[*(data.get("hooks") or []), str(HOOKS)],
        exclude_docs="\n".join(filter(None, [str(data.get("exclude_docs") or "").strip(), fragments.EXCLUDE])),
    )
    data["plugins"] = without_theme_search(data.get("plugins"))
    if settings.url:
        # with the final slash MkDocs takes the whole path as the site's root (the 404 page's links under /sub/)
        data["site_url"] = settings.url.strip().rstrip("/") + "/"
    else:
        data.pop("site_url", None)
    return data


def without_theme_search(plugins: Any) -> list[Any]:
    """The project's MkDocs plugins less mkdocs-material's search, which Pagefind replaces
    (``generator.site_search``); an explicit empty list, because MkDocs adds its search when none is named."""
    names = {"search", "material/search"}
    kept = []
    for plugin in plugins or []:
        name = next(iter(plugin)) if isinstance(plugin, dict) and plugin else plugin
        if name not in names:
            kept.append(plugin)
    return kept


def copyright_line(authority: str) -> str:
    """The footer line: who publishes and under which licence (HTML, escaped here because MkDocs does not)."""
    who = html.escape(authority) if authority else "Орган управления образованием"
    return (
        f"© {who}. Материалы и данные сайта доступны по лицензии "
        '<a href="https://creativecommons.org/licenses/by/4.0/deed.ru" rel="license">CC BY 4.0</a>.'
    )


# --- running MkDocs ---------------------------------------------------------------------------------------


class _Collector(logging.Handler):
    """Keeps MkDocs' warnings and errors so that a failed build can say why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _fixed_clock() -> Iterator[None]:
    """MkDocs reads ``SOURCE_DATE_EPOCH`` for every date it stamps; fix it for the duration of the build."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def run_mkdocs(config: dict[str, Any], *, config_dir: Path) -> None:
    """Build the HTML site with MkDocs in strict mode; any warning (a broken link, a missing page) fails it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = config_dir / MKDOCS_NAME
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    collector = _Collector()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(collector)
    try:
        with _fixed_clock():
            loaded = load_config(config_file=str(config_file))
            mkdocs_build(loaded)
    except (MkDocsException, OSError) as error:
        raise BuildError(_failure_message(error, collector.messages)) from error
    finally:
        mkdocs_logger.removeHandler(collector)


def _failure_message(error: Exception, messages: list[str]) -> str:
    lines = [f"MkDocs не собрал сайт: {error}"]
    lines += [f"  • {message}" for message in messages[:SHOWN_WARNINGS]]
    if len(messages) > SHOWN_WARNINGS:
        lines.append(f"  … и ещё {len(messages) - SHOWN_WARNINGS} сообщений того же рода.")
    lines.append("Опубликованный сайт не изменён.")
    return "\n".join(lines)


# --- making the output reproducible ------------------------------------------------------------------------

_LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")


def compact_search_index(site_dir: Path) -> None:
    """Rewrite the search index as UTF-8 instead of ``\\uXXXX`` escapes: the same JSON, a third of the size
    for Russian text (the browser downloads it whole on the first search)."""
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def neutralise(site_dir: Path) -> None:
    """Remove what MkDocs stamps with the build time: ``<lastmod>`` in the sitemap and the gzip mtime.

    Without ``site.url`` MkDocs still writes an empty sitemap (it knows no address to list); it is removed,
    so a search engine never reads a sitemap that says the site has no pages.
    """
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    if "<loc>" not in sitemap.read_text(encoding="utf-8"):
        sitemap.unlink()
        (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
        return
    text = _LASTMOD.sub("", sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", filename="sitemap.xml", mtime=0) as packed:
        packed.write(text.encode("utf-8"))
    (site_dir / "sitemap.xml.gz").write_bytes(buffer.getvalue())


# --- checking links that MkDocs does not see -------------------------------------------------------------

_REFERENCE = re.compile(r'\s(?:href|src)="([^"]*)"')


def broken_links(site_dir: Path, root: str = "/") -> list[str]:
    """Internal links and images in the HTML that point to nothing.

    MkDocs validates Markdown links; links inside raw HTML blocks (the generated tables) it passes through
    unchecked, so the published tree is checked here as a whole. ``root`` is the path the site lives under
    (from ``site.url``): the 404 page links absolutely, ``/sub/assets/…`` is ``assets/…`` of this tree.

    The tree is listed once and the links resolved as paths against that list: a region's pages hold some
    million links, and asking the file system about each took longer than MkDocs took to render the pages.
    """
    problems: list[str] = []
    root = "/" + root.strip("/") + "/" if root.strip("/") else "/"
    files: set[str] = set()
    folders: set[str] = {""}
    for folder, subfolders, names in os.walk(site_dir):
        relative = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        folders.update(prefix + name for name in subfolders)
        files.update(prefix + name for name in names)
    for page in sorted(name for name in files if name.endswith(".html")):
        text = (site_dir / page).read_text(encoding="utf-8")
        here = posixpath.dirname(page)
        for target in sorted({html.unescape(found) for found in _REFERENCE.findall(text)}):
            target = target.split("#", 1)[0].split("?", 1)[0]
            if not target or ":" in target or target.startswith("//"):
                continue  # same page, another scheme or host (the licence link)
            if target.startswith("/"):
                if not (target + "/").startswith(root):
                    problems.append(f"{page}: ссылка «{target}» ведёт за пределы сайта ({root})")
                    continue
                target = "/" + target[len(root):]
            resolved = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(here, target))
            resolved = "" if resolved == "." else resolved
            if resolved in folders:
                resolved = posixpath.join(resolved, "index.html") if resolved else "index.html"
            if resolved not in files:
                problems.append(f"{page}: ссылка «{target}» ведёт на несуществующий файл")
    return problems


# --- the swap -----------------------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two directories (Linux ``renameat2``); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


def swap_into_place(new_site: Path, site: Path) -> None:
    """Replace ``site`` by ``new_site``: one atomic exchange where possible, two renames otherwise."""
    if not site.exists():
        new_site.rename(site)
        return
    if _exchange(new_site, site):
        shutil.rmtree(new_site)  # now holds the previous site
        return
    old = site.with_name(f".{site.name}-old")
    if old.exists():
        shutil.rmtree(old)
    site.rename(old)
    try:
        new_site.rename(site)
    except OSError:
        old.rename(site)
        raise
    shutil.rmtree(old)


def site_stats(site_dir: Path) -> SiteStats:
    """Pages, files and bytes on disk (a file served at several addresses counted once: ``shared_files``)."""
    pages = files = total = 0
    largest, largest_bytes = "", 0
    seen: set[tuple[int, int]] = set()
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        status = path.stat()
        size = status.st_size
        files += 1
        if (status.st_dev, status.st_ino) not in seen:
            seen.add((status.st_dev, status.st_ino))
            total += size
        if path.suffix == ".html":
            pages += 1
            if size > largest_bytes:
                largest, largest_bytes = path.relative_to(site_dir).as_posix(), size
    return SiteStats(pages, files, total, largest, largest_bytes)


def publish(project: Project, docs: Path, settings: SiteSettings, *, timings: dict[str, float] | None = None,
            commit: Callable[[Path], None] | None = None, reuse: bool = True,
            counts: dict[str, int] | None = None) -> SiteStats:
    """Build the HTML from ``docs`` and put it in place of ``project.site``, or raise and change nothing.

    ``timings`` receives the seconds MkDocs itself took (``mkdocs``), for the build summary; ``commit`` puts
    the checked new site in place (with whatever else must change with it) instead of a plain swap. With
    ``reuse``, pages and files whose published output is still right are taken from the published site
    (``generator.page_reuse``); ``counts`` receives how many pages were rendered and reused.
    """
    project.work.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="publish-", dir=project.work))
    try:
        new_site = staging / "site"
        started = time.perf_counter()
        config = mkdocs_config(project, docs, new_site, settings)
        shared = page_reuse.shared_digest(config, docs, site_search.META_FILE)
        static = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*")
                        if path.is_file() and path.suffix != ".md")
        last = page_reuse.read_record(project.work)
        hashes = page_reuse.Hashes(last)
        plan = page_reuse.plan(last, project.site, docs, shared, fragments.SUFFIX, static, hashes) if reuse else None
        config["hooks"] = [*config["hooks"], str(REUSE_HOOKS)]
        page_reuse.CURRENT[:] = [plan] if plan is not None else []
        try:
            run_mkdocs(config, config_dir=staging)
        finally:
            page_reuse.CURRENT.clear()
        if counts is not None:
            pages = len(page_reuse.page_sources(docs))
            counts.update(rendered=plan.rendered if plan else pages, reused=plan.reused if plan else 0,
                          files_reused=len(plan.files) if plan else 0)
        if timings is not None:
            timings["mkdocs"] = time.perf_counter() - started
        neutralise(new_site)
        compact_search_index(new_site)
        shared_files.share_identical(new_site / "data")  # each version's unchanged files are the current ones
        started = time.perf_counter()
        site_search.write_index(new_site, project.work / "search-index")
        if timings is not None:
            timings["search"] = time.perf_counter() - started
        problems = broken_links(new_site, urlsplit(settings.url.strip()).path if settings.url else "/")
        if problems:
            shown = "\n".join(f"  • {problem}" for problem in problems[:SHOWN_WARNINGS])
            more = f"\n  … и ещё {len(problems) - SHOWN_WARNINGS}." if len(problems) > SHOWN_WARNINGS else ""
            raise BuildError(f"В собранном сайте есть битые ссылки:\n{shown}{more}\nОпубликованный сайт не изменён.")
        stats = site_stats(new_site)
        record = page_reuse.describe(docs, new_site, shared, fragments.SUFFIX, static, hashes)
        page_reuse.forget(project.work)  # the record must never describe a site it was not made from
        if commit is not None:
            commit(new_site)
        else:
            swap_into_place(new_site, project.site)
        page_reuse.write_record(project.work, record)
        return stats
    finally:
        shutil.rmtree(staging, ignore_errors=True)
