"""The open-data output of the demo: schemas, checksums, layout, suppression in every format, determinism."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
import pyarrow.parquet as pq
from frictionless import Package, system
from openpyxl import load_workbook

from generator.compute import compute_values
from generator.opendata import checksums, gosmonitor
from generator.opendata.markup import escape as md_escape

from .conftest import write_open_data


def read_csv(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_every_csv_revalidates_against_its_published_schema(demo_output):
    descriptor = demo_output.docs / "data" / "datapackage.json"
    with system.use_context(trusted=True):
        report = Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    names = {resource["name"] for resource in json.loads(descriptor.read_text())["resources"]}
    assert {"indicator-values", "organisations", "ege", "oge", "vpr", "olympiad", "graduation", "indicators"} <= names


def test_checksums_match_every_published_file(demo_output):
    data = demo_output.docs / "data"
    assert checksums.verify(data) == []
    listed = set(checksums.parse_sums((data / checksums.SUMS_NAME).read_text()))
    on_disk = {path.relative_to(data).as_posix() for path in data.rglob("*") if path.is_file() and path.suffix != ".md"}
    assert on_disk - listed == {checksums.SUMS_NAME}
    for folder in (data / "versions").iterdir():
        assert checksums.verify(folder) == []
    with zipfile.ZipFile(data / "msoko-opendata.zip") as archive:
        sums = checksums.parse_sums(archive.read(checksums.SUMS_NAME).decode())
        for name, digest in sums.items():
            assert checksums.sha256(archive.read(name)) == digest
            assert checksums.sha256((data / name).read_bytes()) == digest  # the ZIP holds the published files


def test_each_dataset_has_its_own_archive_of_its_published_files(demo_output):
    """``data/<name>/<name>.zip`` holds exactly that dataset's files, byte for byte, with their checksums, and its
    page links it; the archive of everything does not hold the datasets' archives."""
    data = demo_output.docs / "data"
    folders = [folder for folder in sorted(data.iterdir()) if (folder / f"{folder.name}.csv").is_file()]
    assert len(folders) > 10
    for folder in folders:
        own = {path.name for path in folder.iterdir() if path.suffix not in (".md", ".zip")}
        with zipfile.ZipFile(folder / f"{folder.name}.zip") as archive:
            assert set(archive.namelist()) == own | {checksums.SUMS_NAME}
            sums = checksums.parse_sums(archive.read(checksums.SUMS_NAME).decode())
            assert set(sums) == own
            for name in own:
                assert archive.read(name) == (folder / name).read_bytes()
                assert checksums.sha256(archive.read(name)) == sums[name]
        assert f"{folder.name}.zip" in (folder / "index.md").read_text(encoding="utf-8")
    with zipfile.ZipFile(data / "msoko-opendata.zip") as archive:
        assert not [name for name in archive.namelist() if name.endswith(".zip")]


def test_register_and_passports_have_every_property(demo_output):
    root = demo_output.docs / "opendata"
    listing = list(csv.reader(io.StringIO((root / "list.csv").read_text(encoding="utf-8"))))
    assert listing[0] == ["property", "title", "value", "format"]
    assert listing[1][:3] == ["standardversion", listing[1][1], gosmonitor.STANDARD]
    identifiers = [row[0] for row in listing[2:]]
    inn = demo_output.ctx.config.site.authority_inn
    assert len(identifiers) == 20 and all(item.startswith(f"{inn}-") for item in identifiers)
    for ident in identifiers:
        meta = list(csv.reader(io.StringIO((root / ident / "meta.csv").read_text(encoding="utf-8"))))
        assert meta[0] == ["property", "value"]
        values = dict(meta[1:])
        for name in gosmonitor.META_PROPERTIES:
            assert values.get(name), f"{ident}: {name}"
        data_rows = [key for key in values if key.startswith("data-")]
        structure_rows = [key for key in values if key.startswith("structure-")]
        assert data_rows and structure_rows
        for key in data_rows + structure_rows:
            assert (root / ident / f"{key}.csv").is_file()
            assert values[key].endswith(f"/opendata/{ident}/{key}.csv")


def _all_formats(docs, name: str) -> dict[str, pd.DataFrame]:
    folder = docs / "data" / name
    sheet = load_workbook(folder / f"{name}.xlsx", read_only=True)["Данные"]
    rows = list(sheet.iter_rows(values_only=True))
    width = len(rows[0])
    rows = [tuple(row) + (None,) * (width - len(row)) for row in rows]  # trailing empty cells are not stored
    return {
        "csv": pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False).replace("", None),
        "json": pd.DataFrame(json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))),
        "parquet": pq.read_table(folder / f"{name}.parquet").to_pandas(),
        "xlsx": pd.DataFrame(rows[1:], columns=rows[0]),
    }


def test_suppressed_indicator_values_are_blank_in_every_format(demo_output):
    ctx = demo_output.ctx
    run = compute_values(ctx.dataset, ctx.config, ctx.project.work / "privacy")
    published, internal = run.values, run.internal
    hidden = published[published["suppressed"].astype(bool)]
    assert not hidden.empty, "the demo has small groups"
    secret = hidden.merge(internal, on=["indicator", "entity_type", "entity_id", "year"], suffixes=("", "_internal"))
    assert secret["value_internal"].notna().all()  # these numbers exist internally …
    keys = set(zip(hidden["indicator"], hidden["entity_type"], hidden["entity_id"], hidden["year"].astype(int), strict=True))
    for kind, frame in _all_formats(demo_output.docs, "indicator-values").items():
        frame = frame.assign(year=frame["year"].astype(int))
        rows = frame[[key in keys for key in zip(frame["indicator"], frame["entity_type"], frame["entity_id"], frame["year"], strict=True)]]
        assert len(rows) == len(keys), kind
        for column in ("numerator", "denominator", "value", "previous", "change", "verdict", "trend"):
            assert rows[column].isna().all(), f"{kind}: {column}"  # … and appear in no download


def test_small_groups_of_source_tables_are_blank_in_every_format(demo_output):
    ctx = demo_output.ctx
    min_group = ctx.config.privacy.min_group
    for name, size, measures in (("ege", "participants", ("mean_score", "below_min", "ge70", "score100")),
                                 ("vpr", "participants", ("mark2", "mark5", "confirmed", "raised")),
                                 ("oge", "participants", ("mark2", "mark3", "mark4", "mark5")),
                                 ("ege", "medalists", ("medalists_not_confirmed",))):
        source = ctx.dataset[name]
        small = source[(source[size] > 0) & (source[size] < min_group)]
        assert not small.empty, f"the demo has small groups in {name}.{size}"
        key = ctx.dataset.resources[name].primary_key
        wanted = {tuple(str(item) for item in row) for row in small[key].itertuples(index=False, name=None)}
        for kind, frame in _all_formats(demo_output.docs, name).items():
            picked = frame[[tuple(str(item) for item in row) in wanted for row in frame[key].itertuples(index=False, name=None)]]
            assert len(picked) == len(wanted), f"{name} {kind}"
            for column in (size, *measures):
                assert picked[column].isna().all(), f"{name} {kind}: {column}"
            assert picked["suppressed"].astype(str).str.lower().eq("true").all()


def test_a_phone_number_is_neutralised_in_csv_and_xlsx(demo_output):
    folder = demo_output.docs / "data" / "organisations"
    phones = read_csv(folder / "organisations.csv")["phone"]
    assert phones.str.startswith("'+7 ").all()
    sheet = load_workbook(folder / "organisations.xlsx")["Данные"]
    column = [cell.value for cell in sheet[1]].index("phone") + 1
    cell = sheet.cell(row=2, column=column)
    assert cell.value.startswith("+7 ") and cell.data_type == "s" and cell.quotePrefix
    records = json.loads((folder / "organisations.json").read_text(encoding="utf-8"))
    assert records[0]["phone"].startswith("+7 ")  # JSON keeps the text as it is


def test_output_is_byte_identical_when_rebuilt(demo_output, tmp_path):
    again = write_open_data(demo_output.project, tmp_path / "docs")
    first = {path.relative_to(demo_output.docs): path.read_bytes() for path in demo_output.docs.rglob("*") if path.is_file()}
    second = {path.relative_to(again.docs): path.read_bytes() for path in again.docs.rglob("*") if path.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_dataset_pages_describe_every_field_and_carry_json_ld(demo_output):
    docs = demo_output.docs
    schema = json.loads((docs / "data" / "ege" / "ege.schema.json").read_text(encoding="utf-8"))
    page = (docs / "data" / "ege" / "index.md").read_text(encoding="utf-8")
    for field in schema["fields"]:
        assert f"<td>{md_escape(field['name'])}</td>" in page
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(page[start:page.index("</script>", start)])
    assert data["@type"] == "Dataset" and data["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert {item["encodingFormat"] for item in data["distribution"]} >= {"text/csv", "application/json"}
    index = (docs / "data" / "index.md").read_text(encoding="utf-8")
    assert "msoko-opendata.zip" in index and "SHA256SUMS" in index


def test_a_file_with_its_recorded_stamp_and_digest_is_kept_and_any_other_is_written(tmp_path):
    """The open-data section's record of its files: an unchanged file is claimed without being read or written,
    a file changed on disk (same size, other bytes) or new bytes are written again."""
    from generator.cache import Cache
    from generator.opendata import Output
    from generator.render.docs import DocsTree

    record = tmp_path / "cache"
    first = Output(DocsTree(tmp_path / "docs", kept=True).section("opendata"), Cache(record))
    first.add("data/a.csv", b"a,b\n1,2\n")
    first.add("data/b.csv", b"x\n")
    first.save()
    a, b = tmp_path / "docs" / "data" / "a.csv", tmp_path / "docs" / "data" / "b.csv"
    stamp_a = a.stat().st_mtime_ns
    b.write_bytes(b"y\n")  # changed by hand, same size

    second = Output(DocsTree(tmp_path / "docs", kept=True).section("opendata"), Cache(record))
    tree, written = second.section.tree, []
    write = tree.write
    tree.write = lambda target, data: (written.append(target.name), write(target, data))  # type: ignore[method-assign]
    assert second.add("data/a.csv", b"a,b\n1,2\n") == checksums.sha256(b"a,b\n1,2\n")
    second.add("data/b.csv", b"x\n")
    second.add("data/c.csv", b"new\n")
    assert a.stat().st_mtime_ns == stamp_a and written == ["b.csv", "c.csv"]  # a.csv kept: not even read
    assert b.read_bytes() == b"x\n" and (tmp_path / "docs" / "data" / "c.csv").read_bytes() == b"new\n"
    assert sorted(second.section.claims.paths) == ["data/a.csv", "data/b.csv", "data/c.csv"]
    second.save()

    third = Output(DocsTree(tmp_path / "docs", kept=True).section("opendata"), Cache(record))
    third.add("data/a.csv", b"a,b\n1,3\n")  # new bytes of the same size
    assert a.read_bytes() == b"a,b\n1,3\n"
