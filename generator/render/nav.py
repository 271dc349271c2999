"""The site's global navigation, built from the menu entries the sections claimed (``docs.Claims``), never from
the files on disk: a page is in the menu because the section that wrote it asked for it.

Sections only, never one entry per organisation or indicator: listing thousands of pages in the nav would copy
the whole list into every page (measured: 565 KB a page for 2 000 organisations); organisations and indicators
are reached through the catalogue pages instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .. import urls
from ..errors import BuildError
from .docs import Claims, NavEntry
from .templating import title_text

#: the menu's order, by the page of each item (the sections give the titles)
ORDER: tuple[str, ...] = (
    urls.HOME,
    urls.DIRECTIONS,
    urls.INDICATORS,
    urls.SCHOOLS,
    urls.KINDERGARTENS,
    urls.ADDITIONAL,
    urls.MUNICIPALITIES,
    urls.SHNOR,
    urls.OBJECTIVITY,
    urls.RATINGS,
    urls.OPEN_DATA,
    urls.REPORT,
    urls.METHODOLOGY,
    urls.GLOSSARY,
    urls.ABOUT,
)


def build_nav(claims: Iterable[Claims]) -> list:
    """MkDocs ``nav``: the sections' menu entries in the menu's order. An entry for a page its section did not
    write, one without a place in ``ORDER`` or two for one page are defects of the program."""
    entries: dict[str, NavEntry] = {}
    for section in claims:
        for entry in section.nav:
            for item in (entry, *entry.children):
                if item.path not in section.paths:
                    raise _defect(f"пункт меню «{item.title}» раздела «{section.section}» ведёт на страницу "
                                  f"«{item.path}», которую раздел не записал")
            if entry.path not in ORDER:
                raise _defect(f"пункту меню «{entry.title}» («{entry.path}») не назначено место в меню")
            if entry.path in entries:
                raise _defect(f"два пункта меню ведут на страницу «{entry.path}»")
            entries[entry.path] = entry
    return [_item(entries[path]) for path in ORDER if path in entries]


def _item(entry: NavEntry) -> dict:
    # titles reach the theme unescaped: a direction's name comes from the data
    if not entry.children:
        return {title_text(entry.title): entry.path}
    return {title_text(entry.title): [entry.path, *(_item(child) for child in entry.children)]}


def _defect(what: str) -> BuildError:
    return BuildError(f"Меню сайта не построено: {what}. Это ошибка программы msoko, а не ваших данных.",
                      "сообщите разработчикам; опубликованный сайт не изменён.")


def save(nav: list, path: Path) -> None:
    """Keep the nav of the last build (``msoko serve`` reuses it when the build was skipped as unchanged)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nav, ensure_ascii=False, indent=1), encoding="utf-8")


def saved(path: Path) -> list:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
