"""The pages of a built site sorted into the kinds the gates must cover, and a representative of each kind.

Kinds follow the address scheme of ``generator.urls``; organisations are told apart by the registry's ``kind``
(a school, a kindergarten and an organisation of additional education have different pages), and a school on
the ШНОР list is taken as well because its page has more sections.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from generator.project import Project

#: kind → address prefix of its pages (the first matching prefix wins; "" is the home page)
PREFIXES = (
    ("organisation", "organisations/"),
    ("indicator", "indicators/"),
    ("direction", "directions/"),
    ("catalogue", ("schools/", "kindergartens/", "additional/")),
    ("dataset", "data/"),
    ("report", "report/"),
    ("methodology", "methodology/"),
    ("shnor", "shnor/"),
    ("territory", "territories/"),
)


#: the pages every browser gate opens: an ASCII id (for test names) → what a reader would call the page
REPRESENTATIVE_KINDS = {
    "home": "главная", "direction": "направление", "directions": "список направлений", "indicator": "показатель",
    "indicators": "каталог показателей", "schools": "каталог школ", "kindergartens": "каталог детских садов",
    "additional": "каталог доп. образования", "org-school": "организация: школа",
    "org-kindergarten": "организация: детский сад", "org-additional": "организация: доп. образование",
    "org-shnor": "организация: школа из списка ШНОР", "dataset": "набор открытых данных", "opendata": "открытые данные",
    "changes": "изменения данных", "report": "доклад", "methodology": "методика", "shnor": "ШНОР",
    "objectivity": "объективность", "ratings": "рейтинги", "about": "о проекте",
    "territories": "список территорий", "territory": "территория",
    "glossary": "словарь терминов", "accessibility": "доступность сайта", "not-found": "страница 404",
}


@dataclass
class SitePages:
    """Every HTML page of a site by its URL path (``organisations/sch-01/``; the home page is ``""``)."""

    root: Path
    paths: list[str]
    kinds: dict[str, list[str]] = field(default_factory=dict)
    #: a representative page of each kind (``REPRESENTATIVE_KINDS``) to open in the browser
    representatives: dict[str, str] = field(default_factory=dict)

    def file(self, path: str) -> Path:
        return self.root / path / "index.html" if not path.endswith(".html") else self.root / path


def kind_of(path: str) -> str:
    if path == "":
        return "home"
    for kind, prefixes in PREFIXES:
        if path.startswith(prefixes):
            return kind
    return "other"


def url_path(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return relative.removesuffix("index.html") if relative.endswith("index.html") else relative


def _first(rows: list[dict[str, str]], **where: str) -> str | None:
    return next((row["org_id"] for row in rows if all(row[k] == v for k, v in where.items())), None)


def site_pages(project: Project) -> SitePages:
    site = project.site
    paths = sorted(url_path(site, page) for page in site.rglob("*.html"))
    pages = SitePages(site, paths)
    for path in paths:
        pages.kinds.setdefault(kind_of(path), []).append(path)
    with (project.datapackages / "registry" / "organisations.csv").open(encoding="utf-8") as handle:
        organisations = sorted(csv.DictReader(handle), key=lambda row: row["org_id"])
    with (project.datapackages / "registry" / "statuses.csv").open(encoding="utf-8") as handle:
        shnor = sorted(row["org_id"] for row in csv.DictReader(handle) if row["status"] == "shnor")
    school, kindergarten, additional = (_first(organisations, kind=kind) for kind in ("school", "kindergarten", "additional"))
    chosen = {
        "home": "",
        "direction": _second_level(pages.kinds.get("direction", [])),
        "directions": "directions/",
        "indicator": _second_level(pages.kinds.get("indicator", [])),
        "indicators": "indicators/",
        "schools": "schools/",
        "kindergartens": "kindergartens/",
        "additional": "additional/",
        "org-school": f"organisations/{school}/",
        "org-kindergarten": f"organisations/{kindergarten}/",
        "org-additional": f"organisations/{additional}/",
        "org-shnor": f"organisations/{shnor[0]}/" if shnor else None,
        "dataset": "data/ege/",
        "opendata": "data/",
        "changes": "data/changes/",
        "report": _report_page(pages.kinds.get("report", [])),
        "methodology": "methodology/",
        "shnor": "shnor/",
        "objectivity": "objectivity/",
        "ratings": "ratings/",
        "about": "about/",
        "territories": "territories/",
        "territory": _second_level(pages.kinds.get("territory", [])),
        "glossary": "glossary/",
        "accessibility": "accessibility/",
        "not-found": "404.html",
    }
    assert tuple(chosen) == tuple(REPRESENTATIVE_KINDS)
    pages.representatives = {kind: path for kind, path in chosen.items() if path is not None and path in paths}
    return pages


def _second_level(paths: list[str]) -> str | None:
    """The first page below a section's index (``directions/training-quality/``)."""
    return next((path for path in paths if path.count("/") == 2), None)


def _report_page(paths: list[str]) -> str | None:
    """The latest year's report (the page a reader opens first)."""
    years = sorted(path for path in paths if path.count("/") == 2 and path.split("/")[1].isdigit())
    return years[-1] if years else None
