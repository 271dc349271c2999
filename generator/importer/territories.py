"""Territories named by columns of an export: a city's registry (or results) with the administrative okrug and
the district of every school fills ``registry/territories`` and ``registry/organisation_territories`` in the
same import, so okrug and district pages appear without codes made up by hand.

The mapping lists the columns from the top down (``territories: [{column: AdmArea, kind: administrative_okrug},
{column: District, kind: city_district}]``). A territory is known by its kind, its name and its parent: one
already in the project keeps its code; a new one gets a code transliterated from its name (the parent's code in
front when the name's code is taken — two districts of one name in two okrugs). An organisation gets its lowest
named territory; a row with empty territory cells leaves the organisation's territory as it was. The territory
tables are merged like any import (rows added or updated, none removed) and checked with the rest of the project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import DataError
from ..territories import KINDS
from .diff import Diff, compare
from .match import normalise_plain
from .write import csv_text

if TYPE_CHECKING:
    from ..load import Resource

TERRITORIES = "territories"
LINKS = "organisation_territories"
MAX_ID = 40

_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}


@dataclass(frozen=True)
class TerritoryColumn:
    """A column of the export that names a territory of one kind (``territories`` in the mapping)."""

    caption: str
    kind: str


@dataclass
class Companion:
    """A table the import writes besides its own: its resource, the whole new table, its CSV and the diff."""

    resource: Resource
    table: list[dict[str, str]]
    text: str
    diff: Diff

    @property
    def target(self):  # noqa: ANN201 - a Path, as Plan.target
        return self.resource.path


def parse(spec: object, problems: list[str]) -> list[TerritoryColumn]:
    """The ``territories`` section of a mapping (problems collected, not raised): kinds known, top down."""
    if spec is None:
        return []
    items = spec if isinstance(spec, list) else None
    if not items or not all(isinstance(item, dict) and set(item) == {"column", "kind"} for item in items):
        problems.append("territories: ожидается список «- {column: подпись столбца, kind: вид территории}», сверху вниз.")
        return []
    columns = [TerritoryColumn(str(item["column"]), str(item["kind"])) for item in items]
    for column in columns:
        if column.kind not in KINDS:
            problems.append(f"territories: вид «{column.kind}» неизвестен; допустимые: {', '.join(KINDS)}.")
            return []
    ranks = [KINDS[column.kind].rank for column in columns]
    if ranks != sorted(set(ranks)):
        problems.append("territories: столбцы перечисляются сверху вниз, каждый следующий — территория меньшего вида "
                        f"(порядок видов: {', '.join(KINDS)}).")
        return []
    return columns


def slug(name: str) -> str:
    """A territory code from its name: «Северо-Восточный АО» → ``severo-vostochnyi-ao``."""
    text = "".join(_LATIN.get(char, char) for char in str(name).lower().replace("\u00a0", " "))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:MAX_ID].rstrip("-") or "territoriia"


def companions(
    resources: dict[str, Resource],
    columns: list[TerritoryColumn],
    named: list[tuple[str, str, list[str]]],
    read_existing,  # noqa: ANN001 - plan._read_existing
) -> tuple[list[Companion], list[str]]:
    """The territory tables after this import, and notes for the plan. ``named`` holds, per imported row, the
    organisation, its municipality's ОКТМО and the territory names of its row (top down, empty where none)."""
    if TERRITORIES not in resources or LINKS not in resources:
        raise DataError("В проекте нет таблиц территорий (registry/territories и registry/organisation_territories).",
                        "обновите проект командой «msoko upgrade» или уберите раздел territories из сопоставления.")
    territory_resource, link_resource = resources[TERRITORIES], resources[LINKS]
    old_territories, old_links = read_existing(territory_resource), read_existing(link_resource)
    territories = [dict(row) for row in old_territories]
    known = {(row["kind"], normalise_plain(row["name"]), row["parent_id"], row["oktmo"]): row["territory_id"] for row in territories}
    taken = {row["territory_id"] for row in territories}
    lowest: dict[str, str] = {}
    added = 0
    for org_id, oktmo, names in named:
        parent = ""
        for column, name in zip(columns, names, strict=True):
            name = " ".join(str(name).split())
            if not name:
                continue
            key = (column.kind, normalise_plain(name), parent, oktmo)
            code = known.get(key)
            if code is None:
                code = _free_code(slug(name), parent, taken)
                known[key] = code
                taken.add(code)
                territories.append({"territory_id": code, "name": name, "kind": column.kind, "oktmo": oktmo,
                                    "parent_id": parent, "territory_oktmo": ""})
                added += 1
            parent = code
        if parent:
            lowest[org_id] = parent
    links = [dict(row) for row in old_links]
    linked = {row["org_id"]: row for row in links}
    for org_id, code in lowest.items():
        if org_id in linked:
            linked[org_id]["territory_id"] = code
        else:
            row = {"org_id": org_id, "territory_id": code}
            links.append(row)
            linked[org_id] = row
    result = []
    for resource, old, new in ((territory_resource, old_territories, territories), (link_resource, old_links, links)):
        names = [spec["name"] for spec in resource.fields]
        kinds = {spec["name"]: spec.get("type", "string") for spec in resource.fields}
        diff = compare(old, new, resource.primary_key, kinds)
        if not diff.empty:
            result.append(Companion(resource, new, csv_text(names, new), diff))
    notes = []
    if added or lowest:
        notes.append(f"территории из столбцов {', '.join('«' + c.caption + '»' for c in columns)}: новых территорий — {added}, "
                     f"организаций с территорией — {len(lowest)}")
    return result, notes


def _free_code(code: str, parent: str, taken: set[str]) -> str:
    """``code`` if free, else with the parent's code in front, else numbered."""
    if code not in taken:
        return code
    if parent:
        joined = f"{parent}-{code}"[:MAX_ID].rstrip("-")
        if joined not in taken:
            return joined
    number = 2
    while f"{code[:MAX_ID - 4]}-{number}" in taken:
        number += 1
    return f"{code[:MAX_ID - 4]}-{number}"
