"""The published datasets: every source table of the data packages and the computed indicator table.

Each dataset has a stable name (its address ``data/<name>/`` and file stem), a code for the Russian open-data
register (``<ИНН>-<code>``) and a published Table Schema. The published schema is the source schema adjusted to
what is actually published: foreign keys point inside the one published package, measures of small groups may be
empty (with a ``suppressed`` flag saying so) and text patterns admit the apostrophe that neutralises a formula.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

import pandas as pd

from ..load import Dataset

#: the computed indicator table (``Results.values``) as a dataset
INDICATOR_VALUES = "indicator-values"

#: source resource → (published name, open-data register code); unknown resources get derived names
KNOWN = {
    "indicators": ("indicators", "IndicatorCatalogue"),
    "directions": ("directions", "IndicatorDirections"),
    "municipalities": ("municipalities", "Municipalities"),
    "organisations": ("organisations", "EducationalOrganisations"),
    "former_names": ("former-names", "OrganisationFormerNames"),
    "statuses": ("statuses", "OrganisationStatuses"),
    "territories": ("territories", "Territories"),
    "organisation_territories": ("organisation-territories", "OrganisationTerritories"),
    "subjects": ("subjects", "Subjects"),
    "ege": ("ege", "EgeResults"),
    "oge": ("oge", "OgeResults"),
    "vpr": ("vpr", "VprResults"),
    "olympiad": ("olympiad", "OlympiadResults"),
    "graduation": ("graduation", "GraduationResults"),
    "organisation_values": ("organisation-values", "OrganisationReportedValues"),
    "municipality_values": ("municipality-values", "MunicipalityReportedValues"),
}
#: the order of datasets on the index page: computed values first, then catalogue, registry, sources
ORDER = [INDICATOR_VALUES, "indicators", "directions", "municipalities", "territories", "organisations", "former-names",
         "organisation-territories", "statuses", "subjects",
         "ege", "oge", "vpr", "olympiad", "graduation", "organisation-values", "municipality-values"]

SUPPRESSED_FIELD = {
    "name": "suppressed",
    "type": "boolean",
    "title": "Значения скрыты",
    "description": "true — числовые значения строки не публикуются: группа меньше порога защиты малых групп или "
                   "значение скрыто, чтобы его нельзя было вычислить из итогов (вторичное скрытие).",
    "constraints": {"required": True},
}
SUPPRESSED_NOTE = " Пусто, если значение скрыто для защиты малых групп (см. поле suppressed)."
NEUTRALISED_NOTE = (" Текст, начинающийся с символов «=», «+», «-», «@», в файлах CSV и XLSX предварён апострофом, "
                    "чтобы электронная таблица не выполнила его как формулу.")
_FORMULA_CHARS = "=+-@"


@dataclass(frozen=True)
class PublishedTable:
    """One dataset as published: its names, metadata, schema and the (already suppressed) rows."""

    name: str
    code: str
    title: str
    description: str
    schema: dict
    frame: pd.DataFrame = field(repr=False)
    package_title: str = ""
    sources: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    suppressible: bool = False

    @property
    def field_names(self) -> list[str]:
        return [item["name"] for item in self.schema["fields"]]

    @property
    def primary_key(self) -> list[str]:
        key = self.schema.get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)

    @property
    def years(self) -> tuple[int, int] | None:
        if "year" not in self.frame.columns or self.frame["year"].dropna().empty:
            return None
        years = self.frame["year"].dropna().astype(int)
        return int(years.min()), int(years.max())


def published_name(resource: str) -> str:
    return KNOWN.get(resource, (resource.replace("_", "-"), ""))[0]


def register_code(resource: str) -> str:
    """The dataset code of the open-data register (latin letters and digits, as in ``3444200448-ForestDeath``)."""
    if resource in KNOWN:
        return KNOWN[resource][1]
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", resource) if part)


def _first_atom(body: str) -> str | None:
    """The first single-character atom of a regular expression (a class, an escape or a literal), if simple."""
    if body.startswith("["):
        end = body.find("]", 2 if body[1:2] in ("]", "^") else 1)
        return body[: end + 1] if end > 0 else None
    if body.startswith("\\"):
        return body[:2]
    if body[:1] and body[:1] not in "(|":
        return body[:1]
    return None


def _may_start_with_formula(pattern: str) -> bool:
    """Whether text matching ``pattern`` can begin with a character that a spreadsheet treats as a formula."""
    body = pattern[1:] if pattern.startswith("^") else pattern
    atom = _first_atom(body)
    if atom is None or body[len(atom):][:1] in ("?", "*") or body[len(atom):].startswith("{0"):
        return True  # not simple, or the first atom is optional: assume the worst
    try:
        return any(re.fullmatch(atom, char) for char in _FORMULA_CHARS)
    except re.error:
        return True


def _publishable_field(item: dict, *, suppressible: bool, key: set[str]) -> dict:
    item = copy.deepcopy(item)
    constraints = item.get("constraints", {})
    if item.get("type", "string") == "string":
        pattern = constraints.get("pattern")
        if pattern and _may_start_with_formula(pattern):
            body = pattern[1:] if pattern.startswith("^") else pattern
            body = body[:-1] if body.endswith("$") and not body.endswith("\\$") else body
            constraints["pattern"] = f"^'?(?:{body})$"
            item["description"] = item.get("description", "") + NEUTRALISED_NOTE
        elif not pattern:
            item["description"] = item.get("description", "") + NEUTRALISED_NOTE
        if "enum" in constraints:
            extra = ["'" + value for value in constraints["enum"] if isinstance(value, str) and value[:1] in _FORMULA_CHARS]
            constraints["enum"] = list(constraints["enum"]) + extra
    if suppressible and item["name"] not in key:
        constraints.pop("required", None)
        item["description"] = item.get("description", "") + SUPPRESSED_NOTE
    if constraints:
        item["constraints"] = constraints
    return item


def published_schema(source: dict, *, suppressible: bool, names: dict[str, str]) -> dict:
    """The schema of a published source table (see the module docstring for what changes and why)."""
    key = source.get("primaryKey", [])
    key_set = {key} if isinstance(key, str) else set(key)
    schema: dict = {"fields": [_publishable_field(item, suppressible=suppressible, key=key_set) for item in source["fields"]]}
    if suppressible:
        schema["fields"].append(copy.deepcopy(SUPPRESSED_FIELD))
    if key:
        schema["primaryKey"] = list(key) if not isinstance(key, str) else [key]
    foreign = []
    for item in source.get("foreignKeys", []):
        reference = dict(item["reference"])
        reference.pop("package", None)
        if reference.get("resource"):
            reference["resource"] = names.get(reference["resource"], reference["resource"])
        foreign.append({"fields": item["fields"], "reference": reference})
    if foreign:
        schema["foreignKeys"] = foreign
    schema["missingValues"] = [""]
    return schema


def indicator_values_schema() -> dict:
    """The Table Schema of ``indicator-values`` (``Results.values`` with names and units for convenience)."""

    def number(name: str, title: str, description: str) -> dict:
        return {"name": name, "type": "number", "title": title, "description": description}

    return {
        "fields": [
            {"name": "indicator", "type": "string", "title": "Код показателя",
             "description": "Код показателя из каталога показателей (набор indicators).", "constraints": {"required": True, "pattern": "^[1-8]\\.[0-9]{2}$"}},
            {"name": "entity_type", "type": "string", "title": "Уровень",
             "description": "organisation — образовательная организация, territory — территория внутри муниципального образования (округ, район, поселение), municipality — муниципальное образование, region — субъект РФ.",
             "constraints": {"required": True, "enum": ["organisation", "territory", "municipality", "region"]}},
            {"name": "entity_id", "type": "string", "title": "Код объекта",
             "description": "Код организации (org_id из набора organisations), код территории (territory_id из набора territories), ОКТМО муниципального образования или код субъекта РФ.",
             "constraints": {"required": True}},
            {"name": "entity_name", "type": "string", "title": "Наименование объекта",
             "description": "Краткое наименование организации, муниципального образования или субъекта РФ." + NEUTRALISED_NOTE},
            {"name": "year", "type": "integer", "title": "Учебный год",
             "description": "Год окончания учебного года: 2025 означает 2024/25 учебный год (для календарных показателей — календарный год).",
             "constraints": {"required": True, "minimum": 2000, "maximum": 2100}},
            {"name": "unit", "type": "string", "title": "Единица измерения", "description": "Единица измерения значения (из каталога показателей).",
             "constraints": {"enum": ["процент", "балл", "человек", "единица", "человек на одного педагога"]}},
            number("numerator", "Числитель", "Сумма числителей по объекту (для показателей-сумм — само значение)." + SUPPRESSED_NOTE),
            number("denominator", "Знаменатель", "Сумма знаменателей по объекту; пусто для показателей-сумм." + SUPPRESSED_NOTE),
            number("value", "Значение", "Значение в единице измерения: для долей 100 × числитель / знаменатель (процент), для средних и "
                   "отношений числитель / знаменатель, для сумм числитель. Округлено до 4 знаков." + SUPPRESSED_NOTE),
            number("previous", "Значение за прошлый год", "Опубликованное значение того же объекта за предыдущий год." + SUPPRESSED_NOTE),
            number("change", "Изменение", "Значение минус прошлогоднее: для долей в процентных пунктах, для прочих — в единице показателя." + SUPPRESSED_NOTE),
            {"name": "verdict", "type": "string", "title": "Оценка изменения",
             "description": "better — лучше, worse — хуже, same — без существенных изменений (с учётом полярности показателя); пусто для нейтральных показателей и без прошлого значения.",
             "constraints": {"enum": ["better", "worse", "same"]}},
            {"name": "trend", "type": "string", "title": "Тенденция",
             "description": "rising — рост, falling — снижение, stable — без изменений за опубликованные годы (направление, не оценка).",
             "constraints": {"enum": ["rising", "falling", "stable"]}},
            number("municipal_value", "Значение муниципалитета", "Для организаций — значение их муниципального образования."),
            number("regional_value", "Значение региона", "Значение субъекта РФ (при нескольких муниципальных образованиях)."),
            SUPPRESSED_FIELD | {"description": SUPPRESSED_FIELD["description"]},
            {"name": "suppression", "type": "string", "title": "Вид скрытия",
             "description": "primary — группа меньше порога; secondary — скрыто, чтобы скрытое значение нельзя было вычислить из итогов.",
             "constraints": {"enum": ["primary", "secondary"]}},
        ],
        "primaryKey": ["indicator", "entity_type", "entity_id", "year"],
        "foreignKeys": [{"fields": "indicator", "reference": {"resource": "indicators", "fields": "code"}}],
        "missingValues": [""],
    }


def sort_rows(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Rows in primary-key order (then all columns), columns in schema order: the file never depends on input order."""
    names = [item["name"] for item in schema["fields"]]
    key = schema.get("primaryKey", [])
    order = list(key) + [name for name in names if name not in key]
    frame = frame[names]
    if "entity_type" in frame.columns:
        rank = {"organisation": 0, "territory": 1, "municipality": 2, "region": 3}
        return frame.sort_values(order, kind="stable", key=lambda column: column.map(rank) if column.name == "entity_type" else column,
                                 na_position="last").reset_index(drop=True)
    return frame.sort_values(order, kind="stable", na_position="last").reset_index(drop=True)


def source_resources(dataset: Dataset) -> list[str]:
    """Source resources that are published, in package order."""
    return [name for name, resource in dataset.resources.items() if name in dataset.tables]


def dataset_order(names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: (ORDER.index(name) if name in ORDER else len(ORDER), name))
