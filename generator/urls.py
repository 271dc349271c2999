"""The site's address scheme in one place: every page path the generator writes or links to.

Paths are relative to the generated docs tree (``.../index.md``); MkDocs turns them into stable directory
URLs (``/organisations/sch-01/``) that do not change between builds. ``link`` makes a relative link from one
page to another, so the site also works when published under a sub-path of the authority's site.
"""

from __future__ import annotations

import posixpath

HOME = "index.md"
SCHOOLS = "schools/index.md"
KINDERGARTENS = "kindergartens/index.md"
ADDITIONAL = "additional/index.md"
DIRECTIONS = "directions/index.md"
INDICATORS = "indicators/index.md"
SHNOR = "shnor/index.md"
OBJECTIVITY = "objectivity/index.md"
RATINGS = "ratings/index.md"
OPEN_DATA = "data/index.md"
CHANGES = "data/changes/index.md"
REPORT = "report/index.md"
METHODOLOGY = "methodology/index.md"
ABOUT = "about/index.md"
GLOSSARY = "glossary/index.md"
ACCESSIBILITY = "accessibility/index.md"

CATALOGUE_BY_KIND = {"school": SCHOOLS, "kindergarten": KINDERGARTENS, "additional": ADDITIONAL}
MUNICIPALITIES = "municipalities/index.md"


def indicator(code: str) -> str:
    """``1.07`` → ``indicators/1-07/index.md`` (a dot in a directory name confuses some servers)."""
    return f"indicators/{code.replace('.', '-')}/index.md"


def direction(slug: str) -> str:
    return f"directions/{slug}/index.md"


def organisation(org_id: str) -> str:
    return f"organisations/{org_id}/index.md"


def organisation_data(org_id: str) -> str:
    """The CSV of one organisation's published values, beside its page."""
    return f"organisations/{org_id}/{org_id}.csv"


def municipality(oktmo: str) -> str:
    return f"municipalities/{oktmo}/index.md"


TERRITORIES = "territories/index.md"
#: the count indicators' medians and like-for-like sums of every territory level, as a table anyone can check
COUNT_COMPARISONS = "territories/counts.csv"


def territory(territory_id: str) -> str:
    """A territory below the municipality (an okrug, a district, a settlement): ``territories/<id>/index.md``."""
    return f"territories/{territory_id}/index.md"


def catalogue_page(kind: str, number: int) -> str:
    """Page ``number`` of a catalogue split into pages (page 1 is the catalogue itself)."""
    first = CATALOGUE_BY_KIND[kind]
    return first if number == 1 else f"{posixpath.dirname(first)}/{number}/index.md"


def rating_cluster(cluster: str, number: int = 1) -> str:
    """Page ``number`` of one cluster of the rating (when the clusters are too large for one page)."""
    return f"ratings/{cluster}/index.md" if number == 1 else f"ratings/{cluster}/{number}/index.md"


def chart(page: str, name: str) -> str:
    """A chart drawn for ``page``, kept beside it: ``indicators/1-07/trend.svg``."""
    return f"{posixpath.dirname(page)}/{name}.svg" if posixpath.dirname(page) else f"{name}.svg"


def dataset(name: str) -> str:
    return f"data/{name}/index.md"


def report(year: int, part: str = "") -> str:
    return f"report/{year}/{part + '/' if part else ''}index.md"


def link(from_page: str, to_path: str) -> str:
    """Relative link from the page ``from_page`` to ``to_path`` (a page or a file of the docs tree).

    The same result as ``posixpath.relpath(to_path, dirname(from_page))`` for the tree's plain relative paths,
    computed on the path components directly: a regional site makes some hundred thousand links.
    """
    start = [part for part in posixpath.dirname(from_page).split("/") if part and part != "."]
    target = [part for part in to_path.split("/") if part and part != "."]
    common = 0
    for mine, theirs in zip(start, target, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start) - common) + target[common:]
    return "/".join(parts) or "."
