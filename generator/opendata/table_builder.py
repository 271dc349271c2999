"""The table builder at ``/data/table/``: a journalist picks indicators, objects and years and gets a table and a CSV.

The page is static and reads only what the open-data section publishes: the files written here are cut from the
published ``indicator-values`` table (after the disclosure control blanked it and ``Protection.verify`` audited
it), one small JSON file per indicator plus one list of indicators and objects. A hidden value has no number in
these files at all, only «к»; the text beside each number is the one the pages show.

Engine: a small script over per-indicator JSON, not DuckDB-Wasm over the Parquet files. DuckDB-Wasm 1.32 needs
its WebAssembly module (34 MB, 7,6 MB compressed) before the first table; the per-indicator files of the demo
weigh a few kilobytes each, and a table loads only the indicators it shows.

With several municipalities the organisations and territories leave the list too: each municipality's go into
a file of their own (``data/table/objects/<ОКТМО>.json``), loaded when the visitor picks that municipality. At a
region's scale they are nine tenths of the list, and a table of one municipality needs only its own.
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import typography as ty
from .. import urls
from ..render.lookups import KIND_NAMES
from ..render.sort_names import name_key
from .datasets import INDICATOR_VALUES, PublishedTable
from .markup import escape as md_escape
from .markup import url_of
from .pages import SHORT_LABELS, TABLE_BUILDER, FileInfo, fmt_size

if TYPE_CHECKING:
    from collections.abc import Iterable

PAGE = TABLE_BUILDER
FOLDER = "data/table"
INDEX = f"{FOLDER}/index.json"
#: the script of the page, a theme asset (its size is part of what a visitor downloads)
SCRIPT = Path(__file__).resolve().parents[1] / "theme" / "assets" / "msoko" / "table.js"
#: entity type → the one-letter key of the files and the address
LEVELS = {"municipality": "m", "territory": "t", "organisation": "o", "region": "r"}
#: a typical table of the page's weight note: this many indicators
TYPICAL = 2


#: the part of a split values file that holds the region's own rows
REGION_PART = "region"


def values_file(code: str, part: str | None = None) -> str:
    """``1.07`` → ``data/table/1-07.json`` (no dot in the name, like the indicator pages' addresses); with a
    ``part`` (a municipality's ОКТМО, or ``region``) → ``data/table/1-07/<part>.json``."""
    stem = code.replace(".", "-")
    return f"{FOLDER}/{stem}.json" if part is None else f"{FOLDER}/{stem}/{part}.json"


def objects_file(oktmo: str) -> str:
    """``99701000`` → ``data/table/objects/99701000.json``: the organisations and territories of one municipality."""
    return f"{FOLDER}/objects/{oktmo}.json"


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _missing(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"


def _number(value: Any) -> float | int | None:
    if _missing(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _column(frame: Any, name: str) -> list[Any]:
    """A column's cells as Python values (``None`` throughout when the table has no such column)."""
    return frame[name].tolist() if name in frame.columns else [None] * len(frame)


def _table(tables: Iterable[PublishedTable], name: str) -> PublishedTable | None:
    return next((item for item in tables if item.name == name), None)


def _records(item: PublishedTable | None) -> list[dict[str, Any]]:
    return [] if item is None else item.frame.to_dict("records")


@dataclass(frozen=True)
class Files:
    """The files of the table builder by docs path, and what the weight note says about them."""

    files: dict[str, bytes]
    #: indicator code → size of its values file (of its largest part, when split by municipality)
    sizes: dict[str, int]
    #: the values are split by municipality
    split: bool = False
    #: size of the largest municipality's file of organisations and territories (0 without a split)
    objects: int = 0


def build_files(tables: list[PublishedTable]) -> Files:
    """The list of indicators and objects (``index.json``) and one values file per indicator — or, with several
    municipalities, one per indicator and municipality (its own rows, its territories' and organisations') plus
    one for the region's rows: a table of one municipality then never downloads the whole region."""
    values = _table(tables, INDICATOR_VALUES)
    if values is None or values.frame.empty:
        return Files({}, {})
    catalogue = {str(row["code"]): row for row in _records(_table(tables, "indicators"))}
    directions = {str(row["code"]): str(row["name"]) for row in _records(_table(tables, "directions"))}
    org_place = {str(row["org_id"]): (str(row.get("oktmo") or ""), str(row.get("kind") or ""))
                 for row in _records(_table(tables, "organisations"))}
    territory_place = {str(row["territory_id"]): str(row.get("oktmo") or "")
                       for row in _records(_table(tables, "territories"))}

    def part_of(kind: str, ident: str) -> str:
        if kind == "region":
            return REGION_PART
        if kind == "municipality":
            return ident
        return org_place.get(ident, ("", ""))[0] if kind == "organisation" else territory_place.get(ident, "")

    frame = values.frame
    by_code: dict[str, list[list[Any]]] = {}
    parts: dict[str, dict[str, list[list[Any]]]] = {}
    units: dict[str, str] = {}
    entities: dict[tuple[str, str], str] = {}
    years: set[int] = set()
    texts: dict[tuple[Any, str], str] = {}  # a region repeats the same values thousands of times
    # column by column, not row by row (``to_dict("records")`` boxes every cell of a million-row table)
    for code, kind, ident, year, unit, suppressed, number, name in zip(
            *(_column(frame, column) for column in ("indicator", "entity_type", "entity_id", "year", "unit",
                                                    "suppressed", "value", "entity_name")), strict=True):
        code, kind, ident, year = str(code), str(kind), str(ident), int(year)
        if kind not in LEVELS:
            continue
        unit = "" if _missing(unit) else str(unit)
        units.setdefault(code, unit)
        if not _missing(suppressed) and bool(suppressed):
            value, text = ty.SUPPRESSED, ty.SUPPRESSED
        else:
            value = _number(number)
            text = texts.get((value, unit)) or texts.setdefault((value, unit), ty.fmt_value(value, unit))
        cell = [LEVELS[kind], ident, year, value, text]
        by_code.setdefault(code, []).append(cell)
        parts.setdefault(code, {}).setdefault(part_of(kind, ident) or REGION_PART, []).append(cell)
        entities.setdefault((kind, ident), ident if _missing(name) else str(name))
        years.add(year)

    def sort_code(code: str) -> tuple:
        return tuple(int(part) if part.isdigit() else part for part in code.split("."))

    split = len({ident for kind, ident in entities if kind == "municipality"}) > 1
    indicators = []
    for code in sorted(by_code, key=sort_code):
        item = catalogue.get(code, {})
        direction = str(item.get("direction", "")) if not _missing(item.get("direction")) else ""
        entry = {"code": code, "name": str(item.get("short_name") or item.get("name") or code), "unit": units[code],
                 "title": str(item.get("name") or ""), "direction": direction}
        if split:
            entry["parts"] = sorted(parts[code])
        else:
            entry["file"] = values_file(code).rsplit("/", 1)[-1]
        indicators.append(entry)
    objects = []
    # in the site's order of names: without the legal form («СОШ № 3» under «С»), numbers as numbers
    for (kind, ident), name in sorted(entities.items(),
                                      key=lambda pair: (list(LEVELS).index(pair[0][0]), name_key(pair[1]), pair[0][1])):
        entry: dict[str, Any] = {"t": LEVELS[kind], "id": ident, "name": name}
        if kind == "organisation":
            entry["m"], entry["kind"] = org_place.get(ident, ("", ""))
        elif kind == "territory":
            entry["m"] = territory_place.get(ident, "")
        objects.append(entry)
    kinds = sorted({entry["kind"] for entry in objects if entry.get("kind")}, key=list(KIND_NAMES).index)
    by_place = _split_objects(objects) if split else {}
    if by_place:
        objects = [entry for entry in objects if entry["t"] not in ("o", "t") or entry.get("m") not in by_place]
        for entry in objects:
            if entry["t"] == "m" and entry["id"] in by_place:
                own = by_place[entry["id"]]
                entry["file"] = objects_file(entry["id"]).removeprefix(FOLDER + "/")
                entry["count"] = {level: count for level in ("o", "t")
                                  if (count := sum(1 for item in own if item["t"] == level))}
    index = {
        "indicators": indicators,
        "kinds": [{"code": code, "name": KIND_NAMES[code]} for code in kinds],
        "directions": [{"code": code, "name": directions[code]} for code in sorted(directions, key=sort_code)
                       if any(item["direction"] == code for item in indicators)],
        "objects": objects,
        "split": split,
        "years": [{"year": year, "label": ty.school_year(year)} for year in sorted(years)],
    }
    files = {INDEX: _dumps(index)}
    for oktmo, own in sorted(by_place.items()):
        files[objects_file(oktmo)] = _dumps({"m": oktmo, "objects": own})
    sizes = {}
    for code, rows in by_code.items():
        if not split:
            files[values_file(code)] = data = _dumps({"code": code, "unit": units[code], "rows": rows})
            sizes[code] = len(data)
            continue
        for part, part_rows in sorted(parts[code].items()):
            files[values_file(code, part)] = data = _dumps({"code": code, "part": part, "unit": units[code], "rows": part_rows})
            sizes[code] = max(sizes.get(code, 0), len(data))
    largest = max((len(files[objects_file(oktmo)]) for oktmo in by_place), default=0)
    return Files(files, sizes, split, largest)


def _split_objects(objects: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Municipality → its organisations and territories, in the list's order (level, then name). An organisation
    or territory of no listed municipality stays in the list: the form could not reach it otherwise."""
    places = {entry["id"] for entry in objects if entry["t"] == "m"}
    own: dict[str, list[dict[str, Any]]] = {oktmo: [] for oktmo in places}
    for entry in objects:
        if entry["t"] in ("o", "t") and entry.get("m") in places:
            own[entry["m"]].append(entry)
    return {oktmo: items for oktmo, items in own.items() if items}


def typical_bytes(built: Files) -> dict[str, int]:
    """What a visitor downloads for a typical table (``TYPICAL`` indicators of median size — with a split, the median
    of each indicator's largest part and the largest municipality's list of organisations: a table of one
    municipality's organisations), beside the page itself."""
    script = SCRIPT.stat().st_size if SCRIPT.is_file() else 0
    index = len(built.files.get(INDEX, b""))
    median = int(statistics.median(built.sizes.values())) if built.sizes else 0
    count = min(TYPICAL, len(built.sizes))
    return {"script": script, "index": index, "objects": built.objects, "indicator": median, "count": count,
            "total": script + index + built.objects + count * median}


def page(built: Files, values: PublishedTable, files: list[FileInfo]) -> str:
    """The Markdown of the page: the form (filled by ``table.js``), the files without JavaScript, the method note."""
    weight = typical_bytes(built)
    downloads = " · ".join(
        f'<a href="{md_escape(urls.link(PAGE, info.path))}" download>{md_escape(SHORT_LABELS.get(info.kind, info.kind))}</a> '
        f"<small>{md_escape(fmt_size(info.size))}</small>"
        for info in files if info.kind in ("csv", "xlsx", "json", "parquet"))
    config = json.dumps({"index": "index.json", "root": urls.link(PAGE, urls.HOME)}, ensure_ascii=False, sort_keys=True)
    dataset = url_of(urls.link(PAGE, urls.dataset(values.name)))
    lines = [
        "---",
        'description: "Конструктор таблиц: выберите показатели, организации или территории и годы и скачайте таблицу"',
        "msoko_table: true",
        "hide:",
        "  - toc",
        "---",
        "",
        "# Конструктор таблиц",
        "",
        "Выберите показатели, муниципалитеты, территории или организации и учебные годы — и получите таблицу, "
        "которую можно скачать в CSV. Выбор сохраняется в адресе страницы: ссылкой можно поделиться, по ней "
        "откроется та же таблица. Числа — из открытого набора "
        f'<a href="{md_escape(dataset)}">«{md_escape(values.title)}»</a>: значения по малым группам скрыты и '
        f"обозначены «{ty.SUPPRESSED}», «{ty.NO_DATA}» — данных нет.",
        "",
        f'<div class="msoko-builder" data-msoko-table-builder="{md_escape(config)}">',
        '<p class="msoko-builder__nojs" data-msoko-builder-nojs>Конструктору нужен JavaScript. Без него те же числа '
        f"есть в файлах набора «{md_escape(values.title)}»: {Markup(downloads)}.</p>",
        "</div>",
        "",
        "## Как устроен конструктор",
        "",
        "Страница ничего не запрашивает у других сайтов. Для каждого показателя сборка сайта записывает маленький "
        "файл со значениями из открытого набора (только опубликованные числа; скрытое значение хранится как "
        f"«{ty.SUPPRESSED}», без числа), и страница загружает только файлы выбранных показателей. Таблица из "
        f"{md_escape(ty.count_noun(weight['count'], ('показателя', 'показателей', 'показателей')))} "
        + ("по организациям одного муниципалитета " if weight["objects"] else "") + "загружает "
        f"около {md_escape(fmt_size(weight['total']))}: сценарий — {md_escape(fmt_size(weight['script']))}, "
        + (f"список показателей и муниципалитетов — {md_escape(fmt_size(weight['index']))}, список организаций и "
           f"территорий муниципалитета — до {md_escape(fmt_size(weight['objects']))}, файл показателя по одному "
           "муниципалитету — обычно " if weight["objects"] else
           f"список показателей и объектов — {md_escape(fmt_size(weight['index']))}, файл показателя — обычно ")
        + f"{md_escape(fmt_size(weight['indicator']))}. Движок SQL в браузере (DuckDB-Wasm) над файлами Parquet "
        "потребовал бы загрузить больше 30 МБ, поэтому здесь его нет.",
        "",
        "Файл CSV — по строке на значение (показатель, объект, учебный год), разделитель — точка с запятой, "
        "десятичный знак — запятая, как ждёт русская версия Excel; значения — с той же точностью, что в открытом "
        f"наборе, скрытые — «{ty.SUPPRESSED}». Формат XLSX конструктор не предлагает: подходящие библиотеки для "
        "браузера весят больше, чем вся страница; набор целиком в XLSX есть на странице набора.",
        "",
    ]
    return "\n".join(lines)
