"""A link checker for a built static site: internal links and anchors resolve, downloads exist, and nothing the
browser loads by itself (scripts, styles, fonts, images, frames) comes from another host.

Text links to other sites (``<a href="https://school.example.org/">``) are allowed: a reader follows them on
purpose. Everything is read with the standard library's HTML parser, so the checker has no opinion of its own
about the markup (that is the HTML validator's job).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: attributes through which a page makes the browser fetch something, by tag ("*" = any tag)
FETCHED = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "embed": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "object": ("data",),
    "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"),
}
#: <link rel=…> values that make the browser fetch the target
FETCHED_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "modulepreload", "manifest", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.IGNORECASE)
PAGE_SUFFIXES = {".html", ""}


@dataclass
class Reference:
    page: str
    tag: str
    attribute: str
    value: str
    fetched: bool  # loaded by the browser itself (as opposed to a link the reader follows)


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.page = Page()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        for key in ("id",):
            if values.get(key):
                self.page.ids.add(values[key])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        add = self.page.references.append
        if tag == "a" and "href" in values:
            add(Reference(self.name, tag, "href", values["href"], fetched=False))
        if tag == "link" and "href" in values:
            rels = set(values.get("rel", "").lower().split())
            add(Reference(self.name, tag, "href", values["href"], fetched=bool(rels & FETCHED_RELS)))
        for attribute in FETCHED.get(tag, ()):
            if attribute in values:
                for url in _srcset(values[attribute]) if attribute == "srcset" else [values[attribute]]:
                    add(Reference(self.name, tag, attribute, url, fetched=True))
        if "style" in values:
            for url in css_urls(values["style"]):
                add(Reference(self.name, tag, "style", url, fetched=True))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for url in css_urls(data):
                self.page.references.append(Reference(self.name, "style", "css", url, fetched=True))


def _srcset(value: str) -> list[str]:
    return [item.strip().split()[0] for item in value.split(",") if item.strip()]


def css_urls(text: str) -> list[str]:
    return [match.group(2) or match.group(4) for match in CSS_URL.finditer(text)]


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in ("http", "https", "ftp", "ws", "wss")


@dataclass
class LinkReport:
    """What the checker found; ``problems`` is empty for a good site."""

    pages: int = 0
    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = ", ".join(f"{name}: {count}" for name, count in sorted(self.counts.items()))
        return f"{self.pages} pages; {parts}; {len(self.problems)} problems"


def scan_site(site: Path) -> dict[str, Page]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        scanner = _Scanner(name)
        scanner.feed(path.read_text(encoding="utf-8"))
        scanner.close()
        pages[name] = scanner.page
    return pages


def _resolve(site: Path, page: str, target: str) -> Path:
    base = (site / page).parent
    path = (site / target.lstrip("/")) if target.startswith("/") else (base / target)
    path = Path(*_normalise(path.parts))
    if target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def _normalise(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == "..":
            if len(out) > 1:
                out.pop()
        elif part != ".":
            out.append(part)
    return out


def check_site(site: Path) -> LinkReport:
    """Check every page of ``site`` and its style sheets (see the module docstring)."""
    site = site.resolve()
    pages = scan_site(site)
    report = LinkReport(pages=len(pages))
    ids = {name: page.ids for name, page in pages.items()}
    for page in pages.values():
        for ref in page.references:
            _check(site, ref, ids, report)
    for sheet in sorted(site.rglob("*.css")):
        name = sheet.relative_to(site).as_posix()
        for url in css_urls(sheet.read_text(encoding="utf-8", errors="replace")):
            _check(site, Reference(name, "css", "url", url, fetched=True), ids, report)
    return report


def _check(site: Path, ref: Reference, ids: dict[str, set[str]], report: LinkReport) -> None:
    where = f"{ref.page}: <{ref.tag} {ref.attribute}=\"{ref.value}\">"
    value = ref.value.strip()
    scheme = urlsplit(value).scheme.lower()
    if scheme == "javascript":
        report.problems.append(f"{where}: a javascript: address")
        return
    if scheme in ("data",) and ref.fetched:
        report.counts["inline data"] += 1
        return
    if is_external(value) or scheme in ("mailto", "tel"):
        if ref.fetched:
            report.problems.append(f"{where}: loads a resource from another host")
        else:
            report.counts["external text links"] += 1
        return
    if scheme:
        report.problems.append(f"{where}: unexpected scheme «{scheme}»")
        return
    target, _, fragment = value.partition("#")
    target = unquote(target.split("?", 1)[0])
    if not target:  # same page
        if fragment:
            report.counts["anchors"] += 1
            if unquote(fragment) not in ids.get(ref.page, set()):
                report.problems.append(f"{where}: no element with id «{unquote(fragment)}» on the page")
        return
    resolved = _resolve(site, ref.page, target)
    try:
        relative = resolved.relative_to(site).as_posix()
    except ValueError:
        report.problems.append(f"{where}: leads outside the site")
        return
    if not resolved.is_file():
        report.problems.append(f"{where}: {relative} does not exist")
        return
    is_page = resolved.suffix in PAGE_SUFFIXES
    if ref.tag == "a" and not is_page:
        report.counts["downloads"] += 1
    elif ref.fetched:
        report.counts["resources"] += 1
    else:
        report.counts["internal links"] += 1
    if fragment and is_page:
        report.counts["anchors"] += 1
        if unquote(fragment) not in ids.get(relative, set()):
            report.problems.append(f"{where}: no element with id «{unquote(fragment)}» in {relative}")
