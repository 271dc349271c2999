"""The open-data section: datasets, downloads, the Russian open-data layout, versions and corrections.

``write(ctx, docs)`` is the stage the site build calls (in a forked process, beside the pages): it writes through
its section of the shared docs tree and returns what it claimed. Its body is the list of steps: assemble the published (already
suppressed and leak-checked) tables → serialise them → name and record the data version → write the files with
their checksums → write the open-data layout → write the pages. Addresses never change between builds: the
current files live at ``data/<name>/<name>.<format>``, every version at ``data/versions/<version>/``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import pandas as pd

from .. import shared_files, urls
from ..cache import Cache
from . import changes as changes_page
from . import checksums, formats, gosmonitor, pages, table_builder, versions
from .datasets import PublishedTable
from .tables import published_tables

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..render.docs import Claims, DocsTree, Section

__all__ = ["FormatCache", "serialise", "write", "zipped"]

SECTION = "opendata"
DATA = "data"
ZIP_NAME = "msoko-opendata.zip"
FORMATS = ("csv", "xlsx", "json", "parquet")


class Output:
    """The files of this stage, written through its section of the shared docs tree as they come (a region's
    downloads are gigabytes: they are never all in memory at once); keeps each file's SHA-256 for the checksum
    lists. The tree refuses a path written twice or over a hand-written file.

    With a ``record`` (a cache of the stage), the SHA-256 and stamp (size, time, inode) of every file written are
    kept for the next build: a file whose stamp and digest are the recorded ones already holds the bytes, and is
    claimed without being read back to compare (a region's downloads would otherwise be read in full each
    build)."""

    RECORD = "docs-files.pickle"

    def __init__(self, section: Section, record: Cache | None = None) -> None:
        self.section = section
        #: docs path → SHA-256 (hex) of the file written there
        self.files: dict[str, str] = {}
        self.record = record
        found = record.load_object(self.RECORD) if record is not None else None
        self._known: dict[str, tuple[tuple[int, ...], str]] = found if isinstance(found, dict) else {}
        self._met: dict[str, tuple[tuple[int, ...], str]] = {}

    def add(self, path: str, data: bytes) -> str:
        """Write ``data`` at ``path``; returns its SHA-256."""
        digest = checksums.sha256(data)
        origin = f"раздел «Открытые данные» ({path})"
        known = self._known.get(path)
        target = self.section.tree.root / path
        stamp = tuple(shared_files.stamp(target) or ()) if known is not None and known[1] == digest else None
        if stamp is not None and stamp == known[0]:
            self.section.keep(path, origin)
        else:
            self.section.write_bytes(path, data, origin)
            stamp = tuple(shared_files.stamp(target) or ()) if self.record is not None else None
        self.files[path] = digest
        if stamp is not None:
            self._met[path] = (stamp, digest)
        return digest

    def save(self) -> None:
        """Keep the stamps and digests of this build's files for the next one."""
        if self.record is not None:
            self.record.store_object(self.RECORD, self._met)

    def path(self, path: str) -> Path:
        return self.section.file(path)


def package_descriptor(tables: list[PublishedTable], ctx: BuildContext, version: versions.Version, paths: dict[str, str]) -> bytes:
    """The Frictionless Data Package of the published tables (``paths``: dataset → file path inside the package)."""
    site = ctx.config.site
    descriptor = {
        "name": "msoko-opendata",
        "title": f"Открытые данные: {site.title}",
        "description": "Данные муниципальной системы оценки качества образования. Значения по малым группам скрыты.",
        "version": version.name,
        "created": f"{version.date.isoformat()}T00:00:00Z",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0 International"}],
        "contributors": [{"title": site.authority or site.title, "role": "publisher",
                          **({"email": site.email} if site.email else {})}],
        "keywords": ["образование", "МСОКО", "открытые данные"],
        "resources": [
            {"name": item.name, "path": paths[item.name], "title": item.title, "description": item.description,
             "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "dialect": {"delimiter": ",", "header": True}, "schema": item.schema}
            for item in tables
        ],
    }
    return (json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def serialise(item: PublishedTable, version: versions.Version, csv: bytes, cache: FormatCache | None = None) -> dict[str, bytes]:
    """The dataset in every format, by file name (``csv`` already written: it also names the version).

    With a ``cache``, the XLSX, JSON and Parquet files of a table that did not change since the last build are
    taken from it instead of being written again (the XLSX of a region's table takes a minute).
    """
    dictionary = [("Поле", "Название", "Тип", "Единица", "Описание", "Допустимые значения"), *pages.dictionary_rows(item.schema)]
    key = cache.key(item, version, csv, dictionary) if cache is not None else ""
    makers = {
        "xlsx": lambda: formats.to_xlsx(item.frame, item.schema, title=item.title, stamp=version.date, dictionary=dictionary),
        "json": lambda: formats.to_json(item.frame, item.schema),
        "parquet": lambda: formats.to_parquet(item.frame, item.schema),
    }
    made = {extension: cache.get(key, extension, make) if cache is not None else make() for extension, make in makers.items()}
    return {
        f"{item.name}.csv": csv,
        f"{item.name}.xlsx": made["xlsx"],
        f"{item.name}.json": made["json"],
        f"{item.name}.parquet": made["parquet"],
        f"{item.name}.schema.json": _schema_bytes(item.schema),
    }


def zipped(members: list[tuple[str, bytes | Path]], stamp: dt.date, cache: FormatCache | None,
           digests: dict[str, str] | None = None) -> bytes:
    """``formats.make_zip`` of the members (bytes, or files read one at a time), from the cache when the same files
    were packed before (compressing a region's downloads takes longer than anything else in an unchanged section).
    ``digests`` gives the SHA-256 of members already known, by member name."""
    if cache is None:
        return formats.make_zip(members, stamp)
    known = dict(digests or {})
    parts = [stamp.isoformat()]
    for name, data in members:
        if name not in known:
            known[name] = checksums.sha256(data if isinstance(data, bytes) else data.read_bytes())
        parts += [name, known[name]]
    return cache.get(cache.cache.key(*parts), "zip", lambda: formats.make_zip(members, stamp, cache.packed, known))


class FormatCache:
    """Serialised files by the hash of everything they are made from: the table's values (exactly, not only
    its CSV text), schema, title, version date, field dictionary and the serialising code and libraries
    (a ``generator.cache.Cache`` of the stage)."""

    def __init__(self, folder: Path) -> None:
        self.cache = Cache(folder, code=[formats], libraries=("openpyxl", "pyarrow"))
        #: id of a table → (the table, the hash of its values): a region's tables are millions of rows, hashed
        #: once a build (the table is held, so that its id names no other table meanwhile)
        self._values: dict[int, tuple[PublishedTable, bytes]] = {}
        #: the members this build's archives hold deflated (``formats.PackedMembers``)
        self.packed = formats.PackedMembers()

    def values_hash(self, item: PublishedTable) -> bytes:
        """The hash of the table's values, exactly (each cell and each column's type), in schema order."""
        if id(item) not in self._values:
            names = [field["name"] for field in item.schema["fields"]]
            frame = item.frame[names]
            self._values[id(item)] = (item, hashlib.sha256(
                pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
                + json.dumps([str(dtype) for dtype in frame.dtypes]).encode()).digest())
        return self._values[id(item)][1]

    def csv(self, item: PublishedTable) -> bytes:
        """The table's CSV (``formats.to_csv``), from the cache when its values and schema are unchanged: the CSV
        of every table names the data version, so an unchanged table would otherwise be written out each build."""
        key = self.cache.key(self.values_hash(item), json.dumps(item.schema, ensure_ascii=False, sort_keys=True,
                                                                default=str))
        return self.cache.bytes(f"{key}.csv", lambda: formats.to_csv(item.frame, item.schema))

    def key(self, item: PublishedTable, version: versions.Version, csv: bytes, dictionary: list) -> str:
        return self.cache.key(
            csv, self.values_hash(item),
            json.dumps([item.schema, item.title, version.date.isoformat(), dictionary], ensure_ascii=False,
                       sort_keys=True, default=str))

    def get(self, key: str, extension: str, make: Callable[[], bytes]) -> bytes:
        return self.cache.bytes(f"{key}.{extension}", make)

    def prune(self) -> None:
        """Keep only the files of this build."""
        self.cache.prune()


def _schema_bytes(schema: dict) -> bytes:
    return (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _kind(name: str) -> str:
    return ("schema.json" if name.endswith(".schema.json") else "json-package" if name == "datapackage.json"
            else "sums" if name == checksums.SUMS_NAME else name.rsplit(".", 1)[-1])


def _info(path: str, data: bytes) -> pages.FileInfo:
    return pages.FileInfo(path, _kind(PurePosixPath(path).name), len(data), checksums.sha256(data))


def _schema_digest(schema: dict) -> str:
    return hashlib.sha256(json.dumps(schema, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def write(ctx: BuildContext, docs: DocsTree) -> Claims:
    """Write the whole open-data section into ``docs`` and record the data version in ``releases/``; returns
    what the section claimed (run in a forked process, the claims are sent back to the build's own tree)."""
    root = ctx.archive_root
    site = ctx.config.site
    cache = FormatCache(ctx.project.work / "opendata")
    out = Output(docs.section(SECTION), cache.cache)

    tables = published_tables(ctx)
    notes = versions.read_notes(ctx.project.root)
    csv_files = {f"{item.name}.csv": cache.csv(item) for item in tables}
    schemas = {f"{item.name}.schema.json": _schema_bytes(item.schema) for item in tables}
    version = versions.make_version({**csv_files, **schemas}, ctx.dataset.packages, notes)

    # current files at stable addresses, written table by table (each table's files leave memory once written)
    files: dict[str, list[pages.FileInfo]] = {}
    bundle: list[tuple[str, bytes | Path]] = []
    sums: dict[str, str] = {}
    for item in tables:
        files[item.name] = []
        for name, data in serialise(item, version, csv_files[f"{item.name}.csv"], cache).items():
            path = f"{DATA}/{item.name}/{name}"
            sums[f"{item.name}/{name}"] = out.add(path, data)
            files[item.name].append(pages.FileInfo(path, _kind(name), len(data), sums[f"{item.name}/{name}"]))
            bundle.append((f"{item.name}/{name}", out.path(path)))
        # the dataset's files in one archive of their own: a reader who needs one dataset gets it in one click,
        # and a changed dataset repacks only its own archive (from the cache when its files are unchanged)
        own = {name: sums[f"{item.name}/{name}"] for name in (info.path.rsplit("/", 1)[-1] for info in files[item.name])}
        members = [(name, out.path(f"{DATA}/{item.name}/{name}")) for name in own]
        members.append((checksums.SUMS_NAME, checksums.sums_lines(own)))
        archive_path = f"{DATA}/{item.name}/{item.name}.zip"
        packed = zipped(members, version.date, cache, own)
        files[item.name].append(pages.FileInfo(archive_path, "zip", len(packed), out.add(archive_path, packed)))
        cache.packed.learn(out.path(archive_path), own)
    descriptor = package_descriptor(tables, ctx, version, {item.name: f"{item.name}/{item.name}.csv" for item in tables})
    sums["datapackage.json"] = out.add(f"{DATA}/datapackage.json", descriptor)
    bundle.insert(0, ("datapackage.json", descriptor))
    bundle.append((checksums.SUMS_NAME, checksums.sums_lines(sums)))
    archive = zipped(bundle, version.date, cache, sums)
    out.add(f"{DATA}/{ZIP_NAME}", archive)

    # the archive of versions, kept in the project
    flat = package_descriptor(tables, ctx, version, {item.name: f"{item.name}.csv" for item in tables})
    meta = {item.name: {"title": item.title, "rows": len(item.frame), "sha256": checksums.sha256(csv_files[f"{item.name}.csv"]),
                        "schema": _schema_digest(item.schema), "key": item.primary_key} for item in tables}
    pattern = ctx.results.protection.pattern() if ctx.results.protection is not None else None
    recorded = versions.record(root, version, {**csv_files, "datapackage.json": flat}, meta,
                               {versions.PATTERN: pattern} if pattern else None)
    # versions withdrawn for protection are listed with their reason, never served again
    releases = [item for item in recorded if not item.withdrawn]
    withdrawn = [item for item in recorded if item.withdrawn]
    history = _write_versions(out, root, releases, cache)
    cache.prune()

    # what changed, with the analyst's notes
    previous = versions.previous_of(releases, version.name)
    keys = {item.name: item.primary_key for item in tables}
    current_changes = []
    compared = _ComparedVersions(root, ctx.project.work / "changes")
    if previous is not None:
        current_changes = compared.get(previous.version, version.name, keys)
    labels = _labels(ctx, tables)
    version_notes = versions.notes_between(notes, versions.parse_date(previous.date) if previous else None, version.date)
    history_rows = []
    for index, release in enumerate(releases):
        if any(release.version == item.version for item, _, _ in history_rows):
            continue
        before = releases[index - 1] if index else None
        found = None
        if before is not None:
            old_keys = {name: info.get("key", keys.get(name, [])) for name, info in release.datasets.items()}
            found = compared.get(before.version, release.version, old_keys)
            out.add(f"{DATA}/changes/changes-{release.version}.csv", changes_page.changes_csv(found, notes))
        history_rows.append((release, history[release.version], found))
    csv_path = f"{DATA}/changes/changes-{version.name}.csv"
    if previous is not None and csv_path not in out.files:
        out.add(csv_path, changes_page.changes_csv(current_changes, notes))
    compared.prune()
    titles = {item.name: item.title for item in tables}
    out.add(urls.CHANGES, changes_page.changes_page(version, previous, current_changes, version_notes, notes, labels,
                                                   titles, history_rows, csv_path, withdrawn).encode("utf-8"))

    # the Russian open-data layout
    passports = _passports(tables, releases, root)
    for path, data in gosmonitor.layout(passports, site).items():
        out.add(path, data)

    # the table builder's files (listed in the checksums like every file of the section), then the checksums of
    # everything downloadable, then the pages that show them
    _write_table_builder(out, tables, files)
    downloadable = {path[len(DATA) + 1:]: digest for path, digest in out.files.items() if path.startswith(DATA + "/") and not path.endswith(".md")}
    all_sums = checksums.sums_lines(downloadable)
    out.add(f"{DATA}/{checksums.SUMS_NAME}", all_sums)
    zip_info = _info(f"{DATA}/{ZIP_NAME}", archive)
    extra = [zip_info, _info(f"{DATA}/datapackage.json", descriptor), _info(f"{DATA}/{checksums.SUMS_NAME}", all_sums)]
    # the datasets' own archives repeat their files: not counted twice
    total = (sum(info.size for item in tables for info in files[item.name] if info.kind != "zip")
             + sum(info.size for info in extra))
    register = {item.name: f"{gosmonitor.ROOT}/{gosmonitor.identifier(site, item.code)}/meta.csv" for item in tables}
    for item in tables:
        text = pages.dataset_page(item, version, site, files[item.name], ctx.config.privacy.min_group, zip_info, register[item.name])
        out.add(urls.dataset(item.name), text.encode("utf-8"))
    out.add(urls.OPEN_DATA, pages.index_page(tables, version, site, files, extra, ctx.config.privacy.min_group, total).encode("utf-8"))
    out.section.menu("Открытые данные", urls.OPEN_DATA)
    out.save()
    return out.section.claims


def _write_table_builder(out: Output, tables: list[PublishedTable], files: dict[str, list[pages.FileInfo]]) -> None:
    """The table builder's page and its files, cut from the published (audited) indicator table."""
    values = next((item for item in tables if item.name == table_builder.INDICATOR_VALUES), None)
    built = table_builder.build_files(tables)
    if values is None or not built.files:
        return
    for path, data in built.files.items():
        out.add(path, data)
    out.add(table_builder.PAGE, table_builder.page(built, values, files[values.name]).encode("utf-8"))


class _ComparedVersions:
    """The changes between two archived versions, kept in ``.msoko/changes``: archived versions never change
    (their names carry their content's hash), so each pair is compared once, not on every build — the history
    of a region's data would otherwise cost a comparison of million-row tables per version per build."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.root = root
        self.cache = Cache(folder, code=[changes_page, versions])

    def get(self, before: str, after: str, keys: dict[str, list[str]]) -> list:
        name = f"{self.cache.key(json.dumps([before, after, keys], sort_keys=True))[:40]}.pickle"
        return self.cache.object(name, lambda: changes_page.compare(
            versions.release_files(self.root, before), versions.release_files(self.root, after), keys))

    def prune(self) -> None:
        """Keep only the pairs this build used."""
        self.cache.prune("*.pickle")


def _write_versions(out: Output, root: Path, releases: list[versions.Release], cache: FormatCache | None = None) -> dict[str, str]:
    """Every archived version at ``data/versions/<version>/``: CSV files, datapackage.json, SHA256SUMS, a ZIP."""
    names = {}
    for release in releases:
        if release.version in names:
            continue
        files = versions.release_files(root, release.version)
        base = f"{DATA}/versions/{release.version}"
        for name, data in files.items():
            out.add(f"{base}/{name}", data)
        sums = checksums.sums_text(files)
        out.add(f"{base}/{checksums.SUMS_NAME}", sums)
        zip_name = f"msoko-opendata-{release.version}.zip"
        date = versions.parse_date(release.date)
        out.add(f"{base}/{zip_name}", zipped([*sorted(files.items()), (checksums.SUMS_NAME, sums)], date, cache))
        names[release.version] = zip_name
    return names


def _labels(ctx: BuildContext, tables: list[PublishedTable]) -> changes_page.Labels:
    catalogue = ctx.results.catalogue
    indicators = {str(code): (str(name), str(unit)) for code, name, unit in catalogue[["code", "short_name", "unit"]].itertuples(index=False, name=None)}
    entities = {str(ident): str(name) for ident, name in ctx.results.entities[["entity_id", "name"]].itertuples(index=False, name=None)}
    fields = {item.name: {field["name"]: field.get("title", field["name"]) for field in item.schema["fields"]} for item in tables}
    types = {item.name: {field["name"]: field.get("type", "string") for field in item.schema["fields"]} for item in tables}
    subjects = {}
    if "subjects" in ctx.dataset.tables:
        subjects = {str(code): str(name) for code, name in ctx.dataset["subjects"][["code", "name"]].itertuples(index=False, name=None)}
    return changes_page.Labels(indicators, entities, fields, types, subjects)


def _passports(tables: list[PublishedTable], releases: list[versions.Release], root: Path) -> list[gosmonitor.Passport]:
    """Each dataset's passport: a data version whenever its CSV changed, a structure version whenever its schema did."""
    result = []
    for item in tables:
        data_versions: dict = {}
        structures: dict = {}
        last_sha = last_schema = None
        structure_date = created = modified = None
        for release in releases:
            info = release.datasets.get(item.name)
            if info is None:
                continue
            date = versions.parse_date(release.date)
            created = created or date
            if info["schema"] != last_schema:
                structure_date, last_schema = date, info["schema"]
                structures[date] = gosmonitor.structure_csv(_archived_schema(root, release.version, item.name) or item.schema)
            if info["sha256"] != last_sha:
                content = versions.release_files(root, release.version).get(f"{item.name}.csv", b"")
                version = gosmonitor.DataVersion(date, structure_date, content)
                data_versions[version.name] = version
                modified, last_sha = date, info["sha256"]
        provenance = "; ".join(item.sources) or "Управление образования"
        if item.suppressible:
            provenance += ". Значения по малым группам не публикуются (защита персональных данных)"
        result.append(gosmonitor.Passport(
            code=item.code, title=item.title, description=item.description or item.title, keywords=item.keywords,
            provenance=provenance, created=created, modified=modified, valid=gosmonitor.valid_until(modified),
            versions=tuple(data_versions.values()), structures=structures))
    return result


def _archived_schema(root: Path, version: str, name: str) -> dict | None:
    """The schema a dataset had in an archived version (from that version's datapackage.json)."""
    data = versions.release_files(root, version).get("datapackage.json")
    if data is None:
        return None
    for resource in json.loads(data.decode("utf-8")).get("resources", []):
        if resource.get("name") == name:
            return resource.get("schema")
    return None
