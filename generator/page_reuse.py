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
full render. The record also keeps each file's stamp (size, modification time in nanoseconds, inode), as git's
index does: a file whose stamp is the recorded one has the recorded digest, so a rebuild of a region reads the
few files that changed, not its 1,7 GB of pages and downloads twice over (``Hashes``). Editing a file gives it
a new modification time (and writing a new one a new inode), so an edited page is still read and found out.
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
#: the record's layout (an older one is not read: the next build renders every page once)
FORMAT = 2
#: libraries whose versions shape every page's HTML
LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
#: the generator's code that shapes every page's HTML after Markdown (its hooks and what they call)
GENERATOR_DIR = Path(__file__).resolve().parent
CODE = (GENERATOR_DIR / "theme", GENERATOR_DIR / "render" / "fragments.py", GENERATOR_DIR / "site_search.py",
        GENERATOR_DIR / "typography.py", GENERATOR_DIR / "publish.py", Path(__file__))


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


class Hashes:
    """Digests of files, taken from the record where a file's stamp is the recorded one, read otherwise; what
    it hands out (with the stamps) is the next record's.

    Keys name a file by its role: ``site:<path>`` (the published site), ``docs:<path>`` (the docs tree) and
    ``page:<page>`` (a page's source: its Markdown and its tables' side file, stamped together)."""

    def __init__(self, record: dict[str, Any] | None) -> None:
        stamps = (record or {}).get("stamps", {})
        self.known: dict[str, tuple[list, str]] = {key: (value[:-1], value[-1]) for key, value in stamps.items()
                                                   if isinstance(value, list) and value}
        self.met: dict[str, tuple[list, str]] = {}
        self.read = 0

    def _take(self, key: str, current: list | None, compute: Any) -> str | None:
        if current is None:
            return None
        for known in (self.met.get(key), self.known.get(key)):
            if known is not None and known[0] == current:
                digest = known[1]
                break
        else:
            digest = compute()
            self.read += 1
        self.met[key] = (current, digest)
        return digest

    def file(self, role: str, root: Path, name: str) -> str | None:
        """The SHA-256 of ``root/name`` (``None``: no such file)."""
        path = f"{root}/{name}"  # not a Path: a region's site is ninety thousand files
        return self._take(f"{role}:{name}", shared_files.stamp(path), lambda: shared_files.file_sha256(Path(path)))

    def source(self, docs: Path, page: str, side_suffix: str) -> str:
        """``source_digest`` of a page, from the record when neither of its files changed."""
        path = docs / page
        side = path.with_name(path.name + side_suffix)
        current = shared_files.stamp(path)
        if current is None:
            return source_digest(docs, page, side_suffix)  # raises, as reading a missing page does
        both = [*current, *(shared_files.stamp(side) or [-1, -1, -1])]
        found = self._take(f"page:{page}", both, lambda: source_digest(docs, page, side_suffix))
        assert found is not None  # a stamp was given
        return found

    def assume(self, role: str, root: Path, name: str, digest: str) -> None:
        """Record ``root/name`` as having ``digest`` without reading it (a copy of a file just read)."""
        current = shared_files.stamp(f"{root}/{name}")
        if current is not None:
            self.met[f"{role}:{name}"] = (current, digest)

    def stamps(self, keys: list[str]) -> dict[str, list]:
        """The stamps and digests of ``keys`` as last met, for the next record."""
        return {key: [*self.met[key][0], self.met[key][1]] for key in sorted(keys) if key in self.met}


def shared_digest(config: dict[str, Any], docs: Path, meta_file: str) -> str:
    """The digest of what every page's HTML depends on besides its own source."""
    settings = {key: value for key, value in config.items() if key not in ("docs_dir", "site_dir")}
    text = json.dumps(settings, ensure_ascii=False, sort_keys=True, default=str)
    # the theme and hooks are named by absolute paths into the generator; their contents are digested below
    # (``CODE``), so where the generator is installed changes no page and must not make every page render again
    text = text.replace(json.dumps(str(GENERATOR_DIR), ensure_ascii=False)[1:-1], "<generator>")
    digest = hashlib.sha256(text.encode("utf-8"))
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
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def plan(record: dict[str, Any] | None, site: Path, docs: Path, shared: str, side_suffix: str, static: list[str],
         hashes: Hashes) -> Plan | None:
    """What can be taken from the published ``site``; ``None`` when nothing can (no record, or the shared part
    changed). ``static`` — the docs tree's other files (charts, downloads) that MkDocs would copy."""
    if record is None or record.get("shared") != shared or not site.is_dir():
        return None
    result = Plan(site)
    pages = record.get("pages", {})
    for page in page_sources(docs):
        entry = pages.get(page)
        if not entry or entry.get("source") != hashes.source(docs, page, side_suffix):
            continue
        if hashes.file("site", site, output_path(page)) == entry.get("html"):
            result.pages[page] = output_path(page)
    files = record.get("files", {})
    for name in static:
        digest = files.get(name)
        if digest and hashes.file("docs", docs, name) == digest and hashes.file("site", site, name) == digest:
            result.files[name] = name
    return result


def describe(docs: Path, site: Path, shared: str, side_suffix: str, static: list[str], hashes: Hashes) -> dict[str, Any]:
    """The record of a site just built from ``docs`` (written with ``write_record`` once it is published): a
    file linked from the published site keeps its stamp, so its digest is not read again, and a download is
    the docs tree's file copied, so that one is not read at all."""
    pages, keys = {}, []
    for page in sorted(page_sources(docs)):
        html = hashes.file("site", site, output_path(page))
        if html is not None:
            pages[page] = {"source": hashes.source(docs, page, side_suffix), "html": html}
            keys += [f"site:{output_path(page)}", f"page:{page}"]
    files = {}
    for name in sorted(static):
        digest = hashes.file("site", site, name)
        if digest is not None:
            files[name] = digest
            hashes.assume("docs", docs, name, digest)
            keys += [f"site:{name}", f"docs:{name}"]
    return {"format": FORMAT, "shared": shared, "pages": pages, "files": files, "stamps": hashes.stamps(keys)}


def write_record(work: Path, record: dict[str, Any]) -> None:
    atomic.write_bytes(work / RECORD, (json.dumps(record, ensure_ascii=False, indent=0) + "\n").encode("utf-8"))


def forget(work: Path) -> None:
    """Drop the record (the published site is about to change by other means)."""
    (work / RECORD).unlink(missing_ok=True)
