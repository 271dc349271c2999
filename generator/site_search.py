"""The site's search: a Pagefind index written beside the published pages.

Why Pagefind rather than mkdocs-material's own search: the theme's lunr index is one JSON file that every
visitor downloads whole before the first keystroke (578 KB on the demo, 4,25 MB on a region of 3 268 pages),
and its Russian pipeline misses one-word queries, inflected forms and ё. Pagefind splits its index into
chunks fetched per query, stems Russian, folds ё into е and matches prefixes (``scripts/search_bytes.py``
measures both on a built site).

Two parts:

* ``annotate`` — called by the MkDocs hook for every page: marks the article as the indexed body, gives the
  page its kind and municipality (shown beside each result), and puts a space between adjacent table cells and
  definition-list items, whose text would otherwise glue together in the index («ИНН9901249293»);
* ``write_index`` — after MkDocs has written the staged site: runs the Pagefind binary over it, keeps only
  the files the browser needs, and caches the result (``generator.cache``) under a key of exactly what it
  indexes — the pages' HTML, Pagefind's version and the options — so that a build whose pages did not change
  copies the index instead of indexing again. The output is byte-identical for identical pages.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .cache import Cache
from .errors import BuildError

#: the folder of the index inside the site
FOLDER = "pagefind"
#: the side file of the docs tree with each generated page's kind and municipality (a dotfile: MkDocs skips it)
META_FILE = ".msoko-search.json"
#: what the published index keeps: the search engine, its worker, the index and the fragments
KEPT = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
KEPT_SUFFIXES = (".pagefind", ".pf_meta")
KEPT_FOLDERS = ("index", "fragment", "filter")
#: elements left out of the index: tables marked so by the generator, the theme's chrome
EXCLUDED = "[data-search-exclude], .headerlink, .md-source-file"
#: kinds of pages by the first part of their address (organisations and municipalities come from META_FILE)
KIND_BY_SECTION = {
    "indicators": "Показатель",
    "directions": "Направление",
    "municipalities": "Муниципалитет",
    "schools": "Каталог",
    "kindergartens": "Каталог",
    "additional": "Каталог",
    "data": "Открытые данные",
    "report": "Доклад",
    "methodology": "Методика",
    "shnor": "ШНОР",
    "ratings": "Рейтинговая оценка",
    "objectivity": "Объективность",
    "about": "О проекте",
    "compare": "Сравнение",
}
DEFAULT_KIND = "Страница"

_ARTICLE = '<article class="md-content__inner md-typeset">'
# adjacent cells and definition items: a space between them changes nothing on screen and splits the words
_GLUED = re.compile(r"</(td|th|dt|dd)><(td|th|dt|dd)\b")


@dataclass(frozen=True)
class IndexStats:
    """What the index step did, for the build summary and the measurements."""

    pages: int
    bytes: int
    cached: bool


def page_meta(docs_dir: str | Path | None) -> dict[str, dict[str, str]]:
    """The kinds and municipalities the generator recorded for its pages (empty without the side file)."""
    if not docs_dir:
        return {}
    path = Path(docs_dir) / META_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _read_meta(str(path), stamp)


@functools.lru_cache(maxsize=4)
def _read_meta(path: str, _stamp: int) -> dict[str, dict[str, str]]:
    """The side file, read once per build (the stamp keys the cache to the file's version)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def page_address(path: str) -> str:
    """The address MkDocs gives a docs-tree page: ``organisations/sch-01/index.md`` → ``organisations/sch-01/``."""
    return path[: -len("index.md")] if path.endswith("index.md") else path


def meta_text(meta: dict[str, dict[str, str]]) -> str:
    """The side file ``META_FILE`` recording the pages' kinds and municipalities for ``annotate`` (sorted: the
    same input, the same file); the pages section writes it into the docs tree."""
    return json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=0)


def kind_of(url: str, meta: dict[str, dict[str, str]]) -> tuple[str, str]:
    """The kind of page and its municipality, by its address (``organisations/sch-01/``)."""
    known = meta.get(url)
    if known:
        return known.get("kind", DEFAULT_KIND), known.get("place", "")
    section = url.strip("/").split("/", 1)[0]
    if not section:
        return "Главная", ""
    return KIND_BY_SECTION.get(section, DEFAULT_KIND), ""


def annotate(output: str, url: str, meta: dict[str, dict[str, str]]) -> str:
    """Mark the page for Pagefind: the article is the indexed body, with the kind and municipality as
    metadata; adjacent cells and definition items get a separating space."""
    if _ARTICLE not in output:
        return output
    kind, place = kind_of(url, meta)
    tags = f'<span hidden data-pagefind-meta="kind:{html.escape(kind, quote=True)}"></span>'
    if place:
        tags += f'<span hidden data-pagefind-meta="place:{html.escape(place, quote=True)}"></span>'
    org = meta.get(url, {}).get("org")
    if org:  # the comparison's «add» button on an organisation's page (compare.js)
        tags += f'<span hidden data-msoko-org="{html.escape(org, quote=True)}"></span>'
    output = output.replace(_ARTICLE, _ARTICLE.replace("<article ", "<article data-pagefind-body ") + tags, 1)
    return _GLUED.sub(r"</\1> <\2", output)


# --- the index ------------------------------------------------------------------------------------------


def _binary() -> list[str]:
    """The Pagefind executable shipped by the ``pagefind[bin]`` package."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-not-found]
    except ImportError:
        return [sys.executable, "-m", "pagefind"]
    return [str(get_executable())]


#: the indexing options: part of the cache key, since they shape the index as much as the pages do
OPTIONS = ("--exclude-selectors", EXCLUDED, "--silent")


def _key(cache: Cache, site_dir: Path) -> str:
    """The index's own key: exactly what Pagefind reads — every page's address and HTML — with the options and
    the files kept (Pagefind's version is the cache's salt). Nothing else of the site or of the generator: a
    rebuild whose pages came out byte-identical reuses the index, whatever else changed."""
    parts: list[bytes | str] = [json.dumps([OPTIONS, KEPT, KEPT_SUFFIXES, KEPT_FOLDERS])]
    for page in sorted(site_dir.rglob("*.html")):
        parts += [page.relative_to(site_dir).as_posix(), hashlib.sha256(page.read_bytes()).digest()]
    return cache.key(*parts)


def _libraries() -> tuple[str, ...]:
    """The installed Pagefind distributions (the binary ships in ``pagefind-bin``), whose versions salt the key."""
    found = []
    for name in ("pagefind", "pagefind-bin"):
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        found.append(name)
    return tuple(found)


def _prune(bundle: Path) -> None:
    """Drop what the site does not use (Pagefind's own UIs): the published index is only what is fetched."""
    for path in list(bundle.iterdir()):
        if path.is_dir():
            if path.name not in KEPT_FOLDERS:
                shutil.rmtree(path)
        elif path.name not in KEPT and not path.name.endswith(KEPT_SUFFIXES):
            path.unlink()


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def write_index(site_dir: Path, cache: Path) -> IndexStats:
    """Index the staged ``site_dir`` into ``site_dir/pagefind``, or take the index of the same pages from
    ``cache`` (one ``generator.cache`` entry: the index's files, verified when read, written atomically)."""
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    store = Cache(cache, libraries=_libraries())
    name = f"{_key(store, site_dir)}.pickle"
    files = store.load_object(name)
    cached = files is not None
    if files is None:
        files = _run_pagefind(site_dir, cache)
        store.store_object(name, files)
    store.prune()  # one index: the previous pages' is of no further use
    for stale in cache.iterdir():  # an index kept as a folder by an earlier version of the generator
        if stale.is_dir():
            shutil.rmtree(stale)
    target = site_dir / FOLDER
    if target.exists():
        shutil.rmtree(target)
    for relative, data in sorted(files.items()):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_bytes(data)
    return IndexStats(pages, _size(target), cached=cached)


def _run_pagefind(site_dir: Path, cache: Path) -> dict[str, bytes]:
    """Pagefind over ``site_dir``, pruned to what the browser fetches: the index's files by relative path."""
    scratch = cache.parent if cache.parent.is_dir() else None
    with tempfile.TemporaryDirectory(prefix="pagefind-", dir=scratch) as temp:
        bundle = Path(temp) / FOLDER
        command = [*_binary(), "--site", str(site_dir), "--output-path", str(bundle), *OPTIONS]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as error:
            raise BuildError(f"Поиск по сайту не построен: программа Pagefind не запускается ({error}).",
                             "установите её: .venv/bin/pip install 'pagefind[bin]'") from error
        if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
            raise BuildError(f"Поиск по сайту не построен: Pagefind завершился с кодом {done.returncode}.\n"
                             f"{(done.stderr or done.stdout).strip()[:2000]}")
        _prune(bundle)
        return {path.relative_to(bundle).as_posix(): path.read_bytes() for path in bundle.rglob("*") if path.is_file()}


def read_fragments(site_dir: Path) -> list[dict]:
    """The indexed pages as Pagefind stores them (address, text, metadata): what a query can find, for checks."""
    import gzip

    pages = []
    for path in sorted((site_dir / FOLDER / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        pages.append(json.loads(data[len(b"pagefind_dcd"):] if data.startswith(b"pagefind_dcd") else data))
    return pages
