"""The Russian open-data layout (Методические рекомендации по публикации открытых данных, версия 3.0).

``opendata/list.csv`` lists the datasets; each dataset has ``opendata/<ИНН>-<code>/meta.csv`` (its passport),
one ``data-YYYYMMDD-structure-YYYYMMDD.csv`` per published data version and ``structure-YYYYMMDD.csv`` per
structure version. Dates come from the data versions (``versions.py``), never from the clock; the publisher's
ИНН and contacts from ``site`` in ``msoko.yml``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from ..config import SiteConfig
from ..errors import ConfigError
from ..typography import numero
from . import english

STANDARD = "http://opendata.gosmonitor.ru/standard/3.0"
ROOT = "opendata"
#: the passport properties every meta.csv must have (besides the data/structure version rows)
META_PROPERTIES = ("standardversion", "identifier", "title", "description", "creator", "created", "modified",
                   "subject", "format", "provenance", "valid", "publishername", "publisherphone", "publishermbox")
TYPE_FORMATS = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "year": "integer",
                "date": "date", "datetime": "datetime"}


@dataclass(frozen=True)
class DataVersion:
    """One published data file of a dataset: its data date, its structure date and its bytes."""

    data_date: dt.date
    structure_date: dt.date
    content: bytes

    @property
    def name(self) -> str:
        return f"data-{self.data_date:%Y%m%d}-structure-{self.structure_date:%Y%m%d}"


@dataclass(frozen=True)
class Passport:
    """What meta.csv says about one dataset."""

    code: str
    title: str
    description: str
    keywords: tuple[str, ...]
    provenance: str
    created: dt.date
    modified: dt.date
    valid: dt.date
    versions: tuple[DataVersion, ...]
    structures: dict[dt.date, bytes]


def identifier(site: SiteConfig, code: str) -> str:
    """``<ИНН>-<code>`` (the ИНН of the publishing authority, from ``site.authority_inn``)."""
    if not site.authority_inn:
        raise ConfigError("site.authority_inn: не указан ИНН органа управления образованием — он нужен для реестра открытых данных.",
                          "укажите ИНН (10 цифр) в разделе site файла msoko.yml.")
    return f"{site.authority_inn}-{code}"


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def structure_csv(schema: dict) -> bytes:
    """``field name,english description,russian description,format`` for every field of the Table Schema."""
    rows = [["field name", "english description", "russian description", "format"]]
    for item in schema["fields"]:
        russian = item.get("title", item["name"])
        if item.get("description"):
            russian = f"{russian}. {item['description']}"
        rows.append([item["name"], english.describe(item["name"]), russian,
                     TYPE_FORMATS.get(item.get("type", "string"), "string")])
    return _csv(rows)


def url(base: str, path: str) -> str:
    """An absolute address when the site's address is known (``site.url``), else the path from the site root."""
    return f"{base.rstrip('/')}/{path}" if base else f"/{path}"


def meta_csv(passport: Passport, site: SiteConfig) -> bytes:
    ident = identifier(site, passport.code)
    base = url(site.url, f"{ROOT}/{ident}")
    rows = [
        ["property", "value"],
        ["standardversion", STANDARD],
        ["identifier", ident],
        ["title", numero(passport.title)],
        ["description", numero(passport.description)],
        ["creator", site.authority],
        ["created", f"{passport.created:%Y%m%d}"],
        ["modified", f"{passport.modified:%Y%m%d}"],
        ["subject", ", ".join(passport.keywords)],
        ["format", "csv"],
    ]
    for version in sorted(passport.versions, key=lambda item: item.data_date, reverse=True):
        rows.append([version.name, f"{base}/{version.name}.csv"])
    for date in sorted(passport.structures, reverse=True):
        rows.append([f"structure-{date:%Y%m%d}", f"{base}/structure-{date:%Y%m%d}.csv"])
    rows += [
        ["provenance", numero(passport.provenance)],
        ["valid", f"{passport.valid:%Y%m%d}"],
        ["publishername", site.authority],
        ["publisherphone", site.phone],
        ["publishermbox", site.email],
    ]
    return _csv(rows)


def list_csv(passports: list[Passport], site: SiteConfig) -> bytes:
    rows = [["property", "title", "value", "format"],
            ["standardversion", "Версия методических рекомендаций", STANDARD, ""]]
    for passport in passports:
        ident = identifier(site, passport.code)
        rows.append([ident, numero(passport.title), url(site.url, f"{ROOT}/{ident}/meta.csv"), "csv"])
    return _csv(rows)


def layout(passports: list[Passport], site: SiteConfig) -> dict[str, bytes]:
    """Every file of the layout by its path under the docs tree (``opendata/…``)."""
    files = {f"{ROOT}/list.csv": list_csv(passports, site)}
    for passport in passports:
        folder = f"{ROOT}/{identifier(site, passport.code)}"
        files[f"{folder}/meta.csv"] = meta_csv(passport, site)
        for version in passport.versions:
            files[f"{folder}/{version.name}.csv"] = version.content
        for date, content in passport.structures.items():
            files[f"{folder}/structure-{date:%Y%m%d}.csv"] = content
    return files


def valid_until(modified: dt.date) -> dt.date:
    """Data are updated once a school year: a version stays current for a year after its date."""
    try:
        return modified.replace(year=modified.year + 1)
    except ValueError:  # 29 February
        return modified.replace(year=modified.year + 1, day=28)
