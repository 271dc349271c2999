"""Pages MkDocs need not render again: the HTML of a page whose source did not change is the published one.

A page's HTML is a function of its own Markdown (with its tables' side file) and of what every page shares: the
MkDocs settings and navigation, the theme and its hooks, the page list the search results read, and the versions
of MkDocs, its theme and Markdown. When the shared part is the same as at the last published build, a page whose
own source is the same gets its published HTML back instead of being rendered (``theme/reuse_hooks.py``), and a
downloadable file with the same bytes is linked from the published site instead of copied. A one-dataset change
of a region then renders the few hundred pages that show it, not the thousands that do not, and the site is byte
for byte what a full build would give (the tests compare the two).

The record of the published site (``.msoko/published.json``: the shared digest, and per page the digest of its
source and of its HTML) is written only after the new site is in place; before reusing a page its published
HTML is checked against the record, so a site edited by hand, or a record older than the site, only costs a
full render.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from . import atomic, shared_files

RECORD = "published.json"
#: libraries whose versions shape every page's HTML
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
#: the generator's code that shapes every page's HTML after Markdown (its hooks and what they call)
_HERE = Path(__file__).resolve().parent
CODE = (_HERE / "theme", _HERE / "render" / "fragments.py", _HERE / "site_search.py", _HERE / "typography.py",
        _HERE / "publish.py", Path(__file__))


@dataclass
class Plan:
    """What this build takes from the published site (docs path → the published file's path)."""

    site: Path
    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    #: pages rendered by MkDocs and pages taken from the published site, counted by the hooks
    rendered: int = 0
    reused: int = 0


#: the plan of the MkDocs run in progress, read by ``theme/reuse_hooks.py`` (``None``: render everything)
CURRENT: list[Plan] = []
#: the theme template a reused page is "rendered" with: its HTML is replaced by the published page anyway, and
#: the full theme (navigation, header, footer) costs more per page than everything else MkDocs does with it
REUSED_TEMPLATE = "msoko-reused.html"


def reused(page: Any) -> bool:
    """Whether the MkDocs run in progress takes ``page``'s HTML from the published site."""
    plan = CURRENT[0] if CURRENT else None
    return plan is not None and page is not None and page.file.src_uri in plan.pages


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shared_digest(config: dict[str, Any], docs: Path, meta_file: str) -> str:
    """The digest of what every page's HTML depends on besides its own source."""
    settings = {key: value for key, value in config.items() if key not in ("docs_dir", "site_dir")}
    digest = hashlib.sha256(json.dumps(settings, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=\0".encode())
    for item in CODE:
        for path in sorted(item.rglob("*")) if item.is_dir() else [item]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.name.encode() + b"\0" + _sha(path.read_bytes()).encode())
    side = docs / meta_file
    digest.update(_sha(side.read_bytes()).encode() if side.is_file() else b"-")
    # the page list itself: a page added or removed changes what the navigation and the links resolve to
    digest.update("\n".join(sorted(page_sources(docs))).encode("utf-8"))
    return digest.hexdigest()


def page_sources(docs: Path) -> list[str]:
    """The Markdown pages of the docs tree, as MkDocs names them (``organisations/sch-01/index.md``)."""
    return [path.relative_to(docs).as_posix() for path in docs.rglob("*.md")]


def source_digest(docs: Path, page: str, side_suffix: str) -> str:
    """A page's own source: its Markdown and the side file of its tables."""
    path = docs / page
    side = path.with_name(path.name + side_suffix)
    return _sha(path.read_bytes() + b"\0" + (side.read_bytes() if side.is_file() else b""))


def output_path(page: str) -> str:
    """Where MkDocs (with directory URLs) writes a page: ``a/b.md`` → ``a/b/index.html``, ``a/index.md`` →
    ``a/index.html``."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def read_record(work: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((work / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == 1 else None


def plan(work: Path, site: Path, docs: Path, shared: str, side_suffix: str, static: list[str]) -> Plan | None:
    """What can be taken from the published ``site``; ``None`` when nothing can (no record, or the shared part
    changed). ``static`` — the docs tree's other files (charts, downloads) that MkDocs would copy."""
    record = read_record(work)
    if record is None or record.get("shared") != shared or not site.is_dir():
        return None
    result = Plan(site)
    pages = record.get("pages", {})
    for page in page_sources(docs):
        entry = pages.get(page)
        if not entry or entry.get("source") != source_digest(docs, page, side_suffix):
            continue
        published = site / output_path(page)
        if published.is_file() and shared_files.file_sha256(published) == entry.get("html"):
            result.pages[page] = output_path(page)
    files = record.get("files", {})
    for name in static:
        published = site / name
        source = docs / name
        digest = files.get(name)
        if (digest and published.is_file() and published.stat().st_size == source.stat().st_size
                and shared_files.file_sha256(source) == digest and shared_files.file_sha256(published) == digest):
            result.files[name] = name
    return result


def describe(docs: Path, site: Path, shared: str, side_suffix: str, static: list[str]) -> dict[str, Any]:
    """The record of a site just built from ``docs`` (written with ``write_record`` once it is published)."""
    pages = {}
    for page in sorted(page_sources(docs)):
        html = site / output_path(page)
        if html.is_file():
            pages[page] = {"source": source_digest(docs, page, side_suffix), "html": shared_files.file_sha256(html)}
    files = {name: shared_files.file_sha256(site / name) for name in sorted(static) if (site / name).is_file()}
    return {"format": 1, "shared": shared, "pages": pages, "files": files}


def write_record(work: Path, record: dict[str, Any]) -> None:
    atomic.write_bytes(work / RECORD, (json.dumps(record, ensure_ascii=False, indent=0) + "\n").encode("utf-8"))


def forget(work: Path) -> None:
    """Drop the record (the published site is about to change by other means)."""
    (work / RECORD).unlink(missing_ok=True)
