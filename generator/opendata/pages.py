"""The «Открытые данные» pages: the index of datasets and one page per dataset.

A journalist finds here what each dataset is, what every field means (the dictionary comes from the published
Table Schema, so the page and the file cannot disagree), how to download, verify, load and cite it. Each dataset
page carries a schema.org ``Dataset`` description (JSON-LD) for dataset search engines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import typography as ty
from .. import urls
from .datasets import INDICATOR_VALUES, PublishedTable
from .formats import cell_text
from .markup import Column, table, url_of
from .markup import escape as md_escape

if TYPE_CHECKING:
    from ..config import SiteConfig
    from .versions import Version

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ru"
LICENCE = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
PREVIEW_ROWS = 10
FORMAT_LABELS = {"csv": "CSV (UTF-8)", "xlsx": "XLSX (Excel)", "json": "JSON", "parquet": "Parquet", "schema.json": "Table Schema (JSON)",
                 "zip": "ZIP", "json-package": "Data Package (JSON)", "sums": "SHA-256 (текст)"}
SHORT_LABELS = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "parquet": "Parquet", "schema.json": "схема"}
MEDIA_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "json": "application/json", "parquet": "application/vnd.apache.parquet", "schema.json": "application/json",
               "zip": "application/zip"}
TYPE_NAMES = {"string": "текст", "integer": "целое число", "number": "число", "boolean": "логическое (true/false)",
              "year": "год", "date": "дата"}
#: the table builder's page (``generator.opendata.table_builder``), written whenever the indicator table is
TABLE_BUILDER = "data/table/index.md"
_UNIT = re.compile(r"Единица\s*—\s*([^.;,]+)|,\s*(балл|процент)\b")


@dataclass(frozen=True)
class FileInfo:
    """A downloadable file: its path in the docs tree, its format key, size and SHA-256."""

    path: str
    kind: str
    size: int
    sha256: str

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def fmt_size(size: int) -> str:
    """A file size the Russian way: ``12,3 КБ``, ``1,2 МБ``, ``950 байт``."""
    if size < 1024:
        return f"{ty.fmt_int(size)}{ty.NBSP}{ty.plural(size, ('байт', 'байта', 'байт'))}"
    if size < 1024 * 1024:
        return f"{ty.fmt_number(size / 1024, 1)}{ty.NBSP}КБ"
    return f"{ty.fmt_number(size / 1024 / 1024, 1)}{ty.NBSP}МБ"


def period_text(years: tuple[int, int] | None) -> str:
    if years is None:
        return "не зависит от года"
    first, last = years
    if first == last:
        return ty.school_year_long(first)
    return f"{ty.school_year(first)}{ty.EN_DASH}{ty.school_year(last)} учебные годы"


def field_unit(item: dict) -> str:
    if item.get("unit"):
        return str(item["unit"])
    if item["name"] == "value" and item.get("title") == "Значение" and "unit" in item.get("description", ""):
        return "см. поле unit"
    found = _UNIT.search(item.get("description", ""))
    if found:
        return (found.group(1) or found.group(2)).strip()
    return ""


def _bound(value: float) -> str:
    """A constraint bound; four-digit numbers (years) stay without a group separator."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 10000 else ty.fmt_number(value, 0, trim=True)


def allowed_values(item: dict) -> str:
    constraints = item.get("constraints", {})
    parts = []
    if "enum" in constraints:
        parts.append(", ".join(str(value) for value in constraints["enum"]))
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if low is not None and high is not None:
        parts.append(f"от {_bound(low)} до {_bound(high)}")
    elif low is not None:
        parts.append(f"не меньше {_bound(low)}")
    elif high is not None:
        parts.append(f"не больше {_bound(high)}")
    if constraints.get("maxLength"):
        parts.append(f"не длиннее {ty.count_noun(constraints['maxLength'], ('символа', 'символов', 'символов'))}")
    if constraints.get("pattern"):
        parts.append(f"шаблон {constraints['pattern']}")
    if constraints.get("required"):
        parts.append("обязательно")
    if constraints.get("unique"):
        parts.append("уникально")
    return "; ".join(parts)


def dictionary_rows(schema: dict) -> list[tuple[str, str, str, str, str, str]]:
    """(field, title, type, unit, description, allowed values) for every field of the schema."""
    return [(item["name"], item.get("title", ""), TYPE_NAMES.get(item.get("type", "string"), item.get("type", "")),
             field_unit(item), item.get("description", ""), allowed_values(item)) for item in schema["fields"]]


def dictionary_table(schema: dict, title: str) -> Markup:
    columns = [Column("Поле"), Column("Название"), Column("Тип"), Column("Единица"), Column("Описание"), Column("Допустимые значения")]
    return table(columns, dictionary_rows(schema), caption=f"Словарь данных: {title}")


def preview_table(item: PublishedTable) -> Markup:
    """The first rows exactly as in the CSV file (escaped; «к» would be ambiguous here, the CSV cell is empty)."""
    kinds = [(field["name"], field.get("type", "string")) for field in item.schema["fields"]]
    columns = [Column(name, numeric=kind in ("integer", "number")) for name, kind in kinds]
    head = item.frame.head(PREVIEW_ROWS)
    rows = [[cell_text(value, kind) for value, (_, kind) in zip(record, kinds, strict=True)]
            for record in head[[name for name, _ in kinds]].itertuples(index=False, name=None)]
    return table(columns, rows, caption=f"Первые строки набора «{item.title}» (как в файле CSV)")


def files_table(files: list[FileInfo], page: str, caption: str) -> Markup:
    columns = [Column("Файл"), Column("Формат"), Column("Размер", numeric=True), Column("SHA-256")]
    rows = []
    for info in files:
        href = md_escape(urls.link(page, info.path))
        rows.append([Markup(f'<a href="{href}" download>{md_escape(info.name)}</a>'), FORMAT_LABELS.get(info.kind, info.kind.upper()),
                     fmt_size(info.size), Markup(f'<code class="msoko-hash">{md_escape(info.sha256)}</code>')])
    return table(columns, rows, caption=caption)


def citation(item: PublishedTable, version: Version, site: SiteConfig, address: str) -> str:
    authority = site.authority or "Орган управления образованием"
    return (f"{authority}. {item.title}: набор открытых данных, версия {version.name} (данные от {ty.fmt_date(version.date)}). "
            f"Лицензия CC BY 4.0. {address}")


def attribution(item: PublishedTable, site: SiteConfig) -> str:
    authority = site.authority or "орган управления образованием"
    return f"Источник: {authority}, набор данных {ty.quote(item.title)}, лицензия CC BY 4.0."


def _absolute(site: SiteConfig, path: str) -> str:
    return f"{site.url.rstrip('/')}/{url_of(path)}" if site.url else ""


def json_ld(item: PublishedTable, version: Version, site: SiteConfig, files: list[FileInfo], page: str) -> Markup:
    """schema.org ``Dataset`` for this page; ``</`` is escaped so the JSON cannot close the script element."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": item.title,
        "description": item.description or item.title,
        "identifier": f"{site.authority_inn}-{item.code}" if site.authority_inn else item.code,
        "version": version.name,
        "dateModified": version.date.isoformat(),
        "inLanguage": "ru",
        "isAccessibleForFree": True,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "keywords": list(item.keywords),
        "creator": {"@type": "Organization", "name": site.authority or site.title},
        "variableMeasured": [field.get("title", field["name"]) for field in item.schema["fields"]],
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": MEDIA_TYPES.get(info.kind, "application/octet-stream"),
             "contentUrl": _absolute(site, info.path) or urls.link(page, info.path), "contentSize": f"{info.size} B"}
            for info in files if info.kind != "schema.json"
        ],
    }
    if site.email or site.phone:
        data["creator"]["contactPoint"] = {"@type": "ContactPoint", "contactType": "вопросы по данным",
                                           **({"email": site.email} if site.email else {}),
                                           **({"telephone": site.phone} if site.phone else {})}
    if item.years:
        data["temporalCoverage"] = f"{item.years[0] - 1}-09-01/{item.years[1]}-08-31"
    if site.municipality:
        data["spatialCoverage"] = {"@type": "Place", "name": ", ".join(part for part in (site.municipality, site.region) if part)}
    if site.url:
        data["url"] = _absolute(site, page)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False).replace("</", "<\\/")
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def _string_fields(item: PublishedTable) -> list[str]:
    return [field["name"] for field in item.schema["fields"] if field.get("type", "string") == "string"]


def pandas_snippet(item: PublishedTable, source: str) -> str:
    strings = ", ".join(f'"{name}": "string"' for name in _string_fields(item))
    return (f'import pandas as pd\n\n'
            f'# текстовые коды (ОКТМО, ИНН) читаются как текст, чтобы не потерять ведущие нули\n'
            f'df = pd.read_csv("{source}", dtype={{{strings}}}, keep_default_na=False, na_values=[""])\n'
            f'# или: pd.read_parquet("{source.removesuffix(".csv")}.parquet")\n'
            f'print(df.head())')


def r_snippet(item: PublishedTable, source: str) -> str:
    strings = ", ".join(f"{name} = col_character()" for name in _string_fields(item))
    return (f'library(readr)\n\n'
            f'df <- read_csv("{source}", locale = locale(encoding = "UTF-8"), na = "",\n'
            f'               col_types = cols({strings}, .default = col_guess()))\n'
            f'head(df)')


def _code_block(language: str, text: str) -> str:
    return f"```{language}\n{text}\n```"


def dataset_page(item: PublishedTable, version: Version, site: SiteConfig, files: list[FileInfo],
                 min_group: int, zip_info: FileInfo, register_path: str) -> str:
    page = urls.dataset(item.name)
    csv = next(info for info in files if info.kind == "csv")
    source = _absolute(site, csv.path) or csv.name
    address = _absolute(site, page) or f"раздел «Открытые данные», страница {ty.quote(item.title)}"
    rows = len(item.frame)
    lines = [
        "---",
        f"description: {json.dumps('Открытые данные: ' + item.title, ensure_ascii=False)}",
        "---",
        "",
        f"# {md_escape(item.title)}",
        "",
        str(md_escape(item.description)),
        "",
        '<div class="msoko-table-wrap" role="region" tabindex="0" aria-label="Сведения о наборе данных">',
        "<table>",
        "<caption>Сведения о наборе данных</caption>",
        "<tbody>",
        f'<tr><th scope="row">Период</th><td>{md_escape(period_text(item.years))}</td></tr>',
        f'<tr><th scope="row">Строк</th><td>{md_escape(ty.fmt_int(rows))}</td></tr>',
        f'<tr><th scope="row">Обновлено</th><td>{md_escape(ty.fmt_date(version.date))}</td></tr>',
        f'<tr><th scope="row">Версия данных</th><td><code>{md_escape(version.name)}</code></td></tr>',
        f'<tr><th scope="row">Пакет</th><td>{md_escape(item.package_title)}</td></tr>',
        f'<tr><th scope="row">Источники</th><td>{md_escape("; ".join(item.sources) or "—")}</td></tr>',
        f'<tr><th scope="row">Идентификатор в реестре открытых данных</th><td><a href="{md_escape(urls.link(page, register_path))}">'
        f'{md_escape(register_path.split("/")[-2])}</a></td></tr>',
        f'<tr><th scope="row">Лицензия</th><td><a href="{LICENCE_URL}">{LICENCE}</a></td></tr>',
        "</tbody>",
        "</table>",
        "</div>",
        "",
        "## Скачать",
        "",
        str(files_table(files, page, f"Файлы набора «{item.title}»")),
        "",
        f'Все наборы одним архивом: <a href="{md_escape(urls.link(page, zip_info.path))}" download>{md_escape(zip_info.name)}</a> '
        f"({md_escape(fmt_size(zip_info.size))}). Контрольные суммы всех файлов — в файле "
        f'<a href="{md_escape(urls.link(page, "data/SHA256SUMS"))}">SHA256SUMS</a>; проверка: '
        "<code>sha256sum -c SHA256SUMS</code>. Прежние версии и что в них изменилось — на странице "
        f'<a href="{md_escape(url_of(urls.link(page, urls.CHANGES)))}">«Изменения в данных»</a>.',
        "",
    ]
    if item.suppressible:
        lines += [
            '!!! note "Защита малых групп"',
            "",
            f"    Значения по группам меньше {md_escape(ty.count_noun(min_group, ('человека', 'человек', 'человек')))} "
            "не публикуются: в файлах ячейки пусты, а в поле suppressed стоит true. Некоторые значения скрыты и у "
            "групп побольше — чтобы скрытое нельзя было вычислить вычитанием из итогов. На страницах сайта такие "
            f"значения отмечены знаком «{ty.SUPPRESSED}» ({md_escape(ty.SUPPRESSED_LEGEND)}).",
            "",
        ]
    lines += [
        "## Словарь данных",
        "",
        str(dictionary_table(item.schema, item.title)),
        "",
        "Текст, который начинается с «=», «+», «-» или «@», в файлах CSV предварён апострофом, а в XLSX записан как "
        "текст: так электронная таблица не примет его за формулу. В JSON и Parquet текст не изменён.",
        "",
        f"## Первые {md_escape(ty.count_noun(min(rows, PREVIEW_ROWS), ('строка', 'строки', 'строк')))}",
        "",
        str(preview_table(item)),
        "",
        "## Как загрузить",
        "",
        "Python (pandas):",
        "",
        _code_block("python", pandas_snippet(item, source)),
        "",
        "R (readr):",
        "",
        _code_block("r", r_snippet(item, source)),
        "",
        "Проверить файл по его схеме: <code>frictionless validate datapackage.json</code> (пакет из архива).",
        "",
        "## Как ссылаться",
        "",
        f"> {md_escape(citation(item, version, site, address))}",
        "",
        f"Данные можно свободно использовать, в том числе в коммерческих целях, без договора и без запроса, при "
        f"условии ссылки на источник (лицензия [CC BY 4.0]({LICENCE_URL})). Пример подписи: "
        f"{md_escape(attribution(item, site))}",
        "",
        str(json_ld(item, version, site, files, page)),
        "",
    ]
    return "\n".join(lines)


def index_page(tables: list[PublishedTable], version: Version, site: SiteConfig, files: dict[str, list[FileInfo]],
               extra: list[FileInfo], min_group: int, total_size: int) -> str:
    page = urls.OPEN_DATA
    overview_columns = [Column("Набор данных"), Column("Строк", numeric=True), Column("Период"), Column("Скачать")]
    overview = []
    for item in tables:
        links = " · ".join(
            f'<a href="{md_escape(urls.link(page, info.path))}" download>{md_escape(SHORT_LABELS.get(info.kind, info.kind))}</a>'
            f" <small>{md_escape(fmt_size(info.size))}</small>" for info in files[item.name])
        overview.append([
            Markup(f'<a href="{md_escape(url_of(urls.link(page, urls.dataset(item.name))))}">{md_escape(item.title)}</a>'),
            ty.fmt_int(len(item.frame)), period_text(item.years), Markup(links)])
    every = [info for item in tables for info in files[item.name]] + extra
    lines = [
        "---",
        'description: "Открытые данные системы оценки качества образования: наборы, словари, файлы для загрузки"',
        "---",
        "",
        "# Открытые данные",
        "",
        "Здесь опубликованы все данные, из которых построен сайт: исходные таблицы (реестр организаций, каталог "
        "показателей, результаты ЕГЭ, ОГЭ, ВПР, олимпиады, итоги ГИА, отчётные значения) и рассчитанная таблица "
        "значений показателей. Любое число на сайте можно найти, проверить и пересчитать по этим файлам.",
        "",
        *([f'Таблицу по выбранным показателям, организациям или территориям и годам можно собрать в '
           f'<a href="{md_escape(url_of(urls.link(page, TABLE_BUILDER)))}">конструкторе таблиц</a> и скачать в CSV.', ""]
          if any(is_indicator_values(item) for item in tables) else []),
        f"Версия данных: <code>{md_escape(version.name)}</code> (данные от {md_escape(ty.fmt_date(version.date))}). "
        f"Лицензия — [CC BY 4.0]({LICENCE_URL}): свободное использование со ссылкой на источник. "
        f"Вопросы по данным: {md_escape(', '.join(part for part in (site.email, site.phone) if part) or site.authority)}.",
        "",
        f"Значения по группам меньше {md_escape(ty.count_noun(min_group, ('человека', 'человек', 'человек')))} не "
        "публикуются ни на страницах, ни в файлах (в файлах — пустая ячейка и suppressed = true).",
        "",
        "## Наборы данных",
        "",
        str(table(overview_columns, overview, caption="Наборы открытых данных")),
        "",
        "## Всё сразу",
        "",
        str(files_table(extra, page, "Архив, описание пакета и контрольные суммы")),
        "",
        f"Всего {md_escape(ty.count_noun(len(every), ('файл', 'файла', 'файлов')))} общим объёмом "
        f"{md_escape(fmt_size(total_size))}. Архив содержит все наборы во всех форматах и описание пакета "
        "(Frictionless Data Package), по которому каждый файл CSV проверяется командой "
        "<code>frictionless validate datapackage.json</code>.",
        "",
        "Те же наборы в формате методических рекомендаций по публикации открытых данных (версия 3.0): "
        f'<a href="{md_escape(urls.link(page, "opendata/list.csv"))}">реестр list.csv</a> и паспорта наборов meta.csv.',
        "",
        f'Прежние версии данных и перечень исправлений — на странице <a href="{md_escape(url_of(urls.link(page, urls.CHANGES)))}">'
        "«Изменения в данных»</a>.",
        "",
        "## Контрольные суммы",
        "",
        str(files_table(every, page, "SHA-256 всех опубликованных файлов")),
        "",
    ]
    return "\n".join(lines)


def is_indicator_values(item: PublishedTable) -> bool:
    return item.name == INDICATOR_VALUES
