"""The site's global navigation: sections only, never one entry per organisation or indicator.

Listing thousands of pages in the nav would copy the whole list into every page (measured: 565 KB a page
for 2 000 organisations); organisations and indicators are reached through the catalogue pages instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import urls
from .templating import title_text

#: (title, path) in menu order; a section appears only when its page exists in the docs tree
SECTIONS: tuple[tuple[str, str], ...] = (
    ("Главная", urls.HOME),
    ("Показатели", urls.INDICATORS),
    ("Школы", urls.SCHOOLS),
    ("Детские сады", urls.KINDERGARTENS),
    ("Дополнительное образование", urls.ADDITIONAL),
    ("Муниципалитеты", urls.MUNICIPALITIES),
    ("ШНОР", urls.SHNOR),
    ("Объективность результатов", urls.OBJECTIVITY),
    ("Рейтинговая оценка", urls.RATINGS),
    ("Открытые данные", urls.OPEN_DATA),
    ("Доклад", urls.REPORT),
    ("Методика", urls.METHODOLOGY),
    ("Словарь терминов", urls.GLOSSARY),
    ("О проекте", urls.ABOUT),
)


def build_nav(docs: Path, directions: list[tuple[str, str]]) -> list:
    """MkDocs ``nav``: the sections that exist; the directions as a group of their own."""
    nav: list = []
    for title, path in SECTIONS:
        if not (docs / path).is_file():
            continue
        nav.append({title: path})
        if path == urls.HOME and (docs / urls.DIRECTIONS).is_file():
            group: list = [urls.DIRECTIONS]  # the section's own page (navigation.indexes)
            # titles reach the theme unescaped: a direction's name comes from the data
            group += [{title_text(name): path} for name, path in directions if (docs / path).is_file()]
            nav.append({"Направления": group})
    return nav


def save(nav: list, path: Path) -> None:
    """Keep the nav of the last build (``msoko serve`` reuses it when the build was skipped as unchanged)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nav, ensure_ascii=False, indent=1), encoding="utf-8")


def saved(path: Path) -> list:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
