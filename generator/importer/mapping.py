"""Which column of an export is which schema field: the captions the schema knows, common export captions,
and a YAML mapping file the analyst writes for a new export layout (no code needed).

A mapping file (all keys optional)::

    dataset: vpr                 # the data set the mapping is for
    sheet: Лист1                 # the sheet of an XLSX book
    header_row: 3                # row number of the (last) header row, when it cannot be found by itself
    columns:                     # field: caption in the export (or a list of captions)
      org_id: Наименование ОО
      participants: [Кол-во участников, Участников]
    values:                      # field: {value in the export: value in the data set}
      subject: {Русский язык: russian, Математика: math}
    constants:                   # field: the same value in every row (the export has no such column)
      year: 2025
    skip:                        # rows to ignore: field: values (totals at the bottom of an export)
      org_id: [Итого по округу]
    derived:                     # fields computed from others, each one of:
      value: {copy: numerator}   #   the same value as another field (a count is numerator and value)
      kind: {constant: school}   #   one value for all rows (as in constants)
      type:                      #   a rule over another column (a field or a caption of the file):
        from: full_name          #   the first pattern found in the text (case and ё ignored) gives the value
        rules: {Гимназия: gymnasium, Лицей: lyceum, кадетск: cadet}
        default: secondary       #   when no pattern is found (without it such a row is an error)
    territories:                 # columns naming the organisation's territories, from the top down
      - {column: AdmArea, kind: administrative_okrug}   # (they fill registry/territories and
      - {column: District, kind: city_district}         #  registry/organisation_territories: importer.territories)

``rules: виды организаций`` is the built-in rule set for the registry's ``type`` (see ORGANISATION_TYPES).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..load import Resource
from .territories import TerritoryColumn
from .territories import parse as parse_territories

MAPPING_KEYS = ("dataset", "sheet", "header_row", "columns", "values", "constants", "skip", "derived", "territories")

#: the built-in rule set for the registry's organisation ``type`` from its name, in the order tried (a
#: «гимназия-интернат» is a gymnasium, a «кадетская школа-интернат» a cadet school)
ORGANISATION_TYPES: tuple[tuple[str, str], ...] = (
    ("кадетск", "cadet"),
    ("гимназ", "gymnasium"),
    ("лицей", "lyceum"),
    ("интернат", "boarding"),
    ("основная общеобразовательная", "basic"),
    ("оош", "basic"),
    ("начальная общеобразовательная", "primary"),
    ("нош", "primary"),
    ("центр развития ребенка", "development_centre"),
    ("детский сад", "kindergarten"),
    ("дополнительного образования", "additional"),
    ("дом детского творчества", "additional"),
    ("спортивная школа", "additional"),
    ("дюсш", "additional"),
    ("школа", "secondary"),
    ("сош", "secondary"),
)
BUILTIN_RULES = {"виды организаций": ORGANISATION_TYPES}

#: captions common in exports of ФИС ОКО, РЦОИ and hand-made tables, by field name (normalised on use)
ALIASES: dict[str, tuple[str, ...]] = {
    "org_id": (
        "код оо", "наименование оо", "оо", "образовательная организация", "организация", "наименование организации",
        "наименование образовательной организации", "краткое наименование оо", "школа", "учреждение", "инн", "инн оо",
    ),
    "year": ("год", "учебный год", "год проведения"),
    "subject": ("предмет", "учебный предмет", "наименование предмета"),
    "participants": ("участники", "количество участников", "кол-во участников", "число участников", "участников", "всего участников"),
    "mark2": ("2", "отметка 2", "на 2", "кол-во 2"),
    "mark3": ("3", "отметка 3", "на 3", "кол-во 3"),
    "mark4": ("4", "отметка 4", "на 4", "кол-во 4"),
    "mark5": ("5", "отметка 5", "на 5", "кол-во 5"),
    "grade": ("класс", "параллель"),
    "indicator": ("показатель", "код показателя"),
    "oktmo": ("октмо", "код октмо", "муниципальное образование", "муниципалитет"),
}

_QUOTES = "«»\"“”„‘’'`"
_UNIT_SUFFIX = re.compile(r"(,\s*(чел\.?|человек|балл|баллов|%|ед\.?|единиц|градусы|градусов|°)|\s*\([^()]*\))\s*$")


def normalise_caption(text: str) -> str:
    """A caption reduced to what identifies it: case, ё, quotes, units in brackets or after a comma, spacing."""
    text = str(text).lower().replace("ё", "е").replace("\u00a0", " ").replace("\n", " ")
    for quote in _QUOTES:
        text = text.replace(quote, "")
    text = re.sub(r"\s+", " ", text).strip(" .:*")
    previous = None
    while previous != text:
        previous = text
        text = _UNIT_SUFFIX.sub("", text).strip(" .:*")
    return text


@dataclass(frozen=True)
class Rule:
    """A derived field: a constant, a copy of another field, or patterns over another column (``derived``)."""

    constant: str | None = None
    copy: str | None = None
    source: str = ""  # the field or caption the patterns read
    patterns: tuple[tuple[str, str], ...] = ()  # (normalised pattern, value), tried in order
    default: str | None = None

    def apply(self, text: str) -> str | None:
        """The value for a cell of the source column: the first pattern found in it, else the default."""
        haystack = _plain(text)
        for pattern, value in self.patterns:
            # a pattern matches from the start of a word: «нош» finds «НОШ № 2», not «юношеская»
            if re.search(r"(?<![\w])" + re.escape(pattern), haystack):
                return value
        return self.default


def _plain(text: str) -> str:
    text = str(text).lower().replace("ё", "е").replace("\u00a0", " ")
    for quote in _QUOTES:
        text = text.replace(quote, " ")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Mapping:
    """A parsed mapping file (or the empty mapping when the export uses the schema's own captions)."""

    source: Path | None = None
    dataset: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    columns: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    skip: dict[str, list[str]] = field(default_factory=dict)
    derived: dict[str, Rule] = field(default_factory=dict)
    territories: list[TerritoryColumn] = field(default_factory=list)

    def captions(self, resource: Resource) -> dict[str, list[str]]:
        """Normalised caption → the field names it feeds: the mapping's captions first, then field names,
        titles, aliases.

        One caption the mapping gives to several fields feeds them all (a count is both numerator and value of
        a count indicator). A caption the mapping assigns wins over a title; an alias never hides a real title
        of another field (``organisations`` has its own «Полное наименование», so «Наименование ОО» stays free
        there); a field the mapping describes is not also found by its own name or title elsewhere.
        """
        known: dict[str, list[str]] = {}
        for name, captions in self.columns.items():
            for caption in captions:
                fields = known.setdefault(normalise_caption(caption), [])
                if name not in fields:
                    fields.append(name)
        for spec in resource.fields:
            if spec["name"] in self.columns:
                continue
            known.setdefault(normalise_caption(spec["name"]), [spec["name"]])
            if spec.get("title"):
                known.setdefault(normalise_caption(spec["title"]), [spec["name"]])
        names = {spec["name"] for spec in resource.fields}
        for name, aliases in ALIASES.items():
            if name not in names or name in self.columns:
                continue
            if name == "org_id" and resource.name == "organisations":
                continue
            for alias in aliases:
                known.setdefault(normalise_caption(alias), [name])
        return known


def load_mapping(path: Path | None, resource: Resource) -> Mapping:
    """Read and check a mapping file against the data set's schema; all problems are reported together."""
    if path is None:
        return Mapping()
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"Файл сопоставления {path} не найден.", "проверьте путь после --mapping.") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"Файл сопоставления {path} не в кодировке UTF-8.", "сохраните его в UTF-8.") from error
    except yaml.YAMLError as error:
        raise ConfigError(f"Файл сопоставления {path} не читается как YAML: {error}", "проверьте отступы и двоеточия.") from error
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"Файл сопоставления {path}: ожидаются разделы {', '.join(MAPPING_KEYS)}.")
    problems: list[str] = []
    names = [spec["name"] for spec in resource.fields]
    for key in data:
        if key not in MAPPING_KEYS:
            problems.append(f"{key}: неизвестный раздел; допустимые: {', '.join(MAPPING_KEYS)}.")
    mapping = Mapping(source=path)
    if data.get("dataset") is not None:
        mapping.dataset = str(data["dataset"])
        if mapping.dataset != resource.name:
            problems.append(f"dataset: сопоставление написано для набора «{mapping.dataset}», а загружается «{resource.name}».")
    if data.get("sheet") is not None:
        mapping.sheet = str(data["sheet"])
    if data.get("header_row") is not None:
        row = data["header_row"]
        if isinstance(row, bool) or not isinstance(row, int) or row < 1:
            problems.append(f"header_row: ожидается номер строки (целое число от 1), получено «{row}».")
        else:
            mapping.header_row = row

    def section(key: str) -> dict[str, Any]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            problems.append(f"{key}: ожидается список «поле: значение», получено «{value}».")
            return {}
        for name in value:
            if name not in names:
                problems.append(f"{key}.{name}: в наборе «{resource.name}» нет такого поля; поля набора: {', '.join(names)}.")
        return {str(k): v for k, v in value.items() if k in names}

    for name, captions in section("columns").items():
        items = captions if isinstance(captions, list) else [captions]
        if not items or any(item is None or isinstance(item, dict | list) for item in items):
            problems.append(f"columns.{name}: ожидается подпись столбца или список подписей.")
            continue
        mapping.columns[name] = [str(item) for item in items]
    for name, table in section("values").items():
        if not isinstance(table, dict):
            problems.append(f"values.{name}: ожидается список «значение в выгрузке: значение в наборе».")
            continue
        mapping.values[name] = {_scalar(k): _scalar(v) for k, v in table.items()}
    for name, value in section("constants").items():
        if isinstance(value, dict | list) or value is None:
            problems.append(f"constants.{name}: ожидается одно значение для всех строк.")
            continue
        mapping.constants[name] = _scalar(value)
    for name, values in section("skip").items():
        items = values if isinstance(values, list) else [values]
        mapping.skip[name] = [_scalar(item) for item in items]
    for name, spec in section("derived").items():
        rule = _rule(name, spec, names, problems)
        if rule is not None:
            if name in mapping.columns or name in mapping.constants:
                problems.append(f"derived.{name}: поле уже задано в разделе {'columns' if name in mapping.columns else 'constants'}.")
            mapping.derived[name] = rule
    if data.get("territories") is not None:
        if "org_id" not in names:
            problems.append(f"territories: у набора «{resource.name}» нет поля org_id — территории назначаются организациям.")
        else:
            mapping.territories = parse_territories(data["territories"], problems)
    if problems:
        raise ConfigError(f"Ошибки в файле сопоставления {path}:\n" + "\n".join(f"  • {p}" for p in problems))
    return mapping


def _rule(name: str, spec: Any, names: list[str], problems: list[str]) -> Rule | None:
    """One entry of ``derived``; problems are collected, not raised."""
    where = f"derived.{name}"
    if not isinstance(spec, dict) or not spec:
        problems.append(f"{where}: ожидается одно из: {{constant: значение}}, {{copy: поле}}, {{from: столбец, rules: {{образец: значение}}}}.")
        return None
    unknown = sorted(set(spec) - {"constant", "copy", "from", "rules", "default"})
    if unknown:
        problems.append(f"{where}: неизвестные ключи {', '.join(unknown)}; допустимые: constant, copy, from, rules, default.")
        return None
    if "constant" in spec:
        if isinstance(spec["constant"], dict | list) or spec["constant"] is None or len(spec) > 1:
            problems.append(f"{where}: constant — одно значение для всех строк, без других ключей.")
            return None
        return Rule(constant=_scalar(spec["constant"]))
    if "copy" in spec:
        target = _scalar(spec["copy"])
        if len(spec) > 1 or target not in names or target == name:
            problems.append(f"{where}: copy — имя другого поля набора ({', '.join(n for n in names if n != name)}), без других ключей.")
            return None
        return Rule(copy=target)
    source, rules = spec.get("from"), spec.get("rules")
    if not source or isinstance(source, dict | list):
        problems.append(f"{where}: from — поле набора или подпись столбца файла, из которого берётся значение.")
        return None
    if isinstance(rules, str):
        if rules.strip().lower() not in BUILTIN_RULES:
            problems.append(f"{where}: rules «{rules}» — нет такого набора правил; встроенные: {', '.join(BUILTIN_RULES)}.")
            return None
        patterns = BUILTIN_RULES[rules.strip().lower()]
    elif isinstance(rules, dict) and rules and all(not isinstance(v, dict | list) and v is not None for v in rules.values()):
        patterns = tuple((_plain(_scalar(k)), _scalar(v)) for k, v in rules.items())
    else:
        problems.append(f"{where}: rules — список «образец в тексте: значение» (или имя встроенного набора правил).")
        return None
    default = spec.get("default")
    if isinstance(default, dict | list):
        problems.append(f"{where}: default — одно значение.")
        return None
    return Rule(source=_scalar(source), patterns=patterns, default=None if default is None else _scalar(default))


def _scalar(value: Any) -> str:
    """YAML reads ``2025`` as a number and ``да`` as text; the importer compares text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return "" if value is None else str(value)
