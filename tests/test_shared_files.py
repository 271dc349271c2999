"""Identical downloads stored once: the archive and the site grow by what changed between versions."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from generator import shared_files
from generator.opendata import versions

BIG = b"org_id,year,participants\n" + b"".join(f"sch-{i:04d},2025,{i % 30}\n".encode() for i in range(2000))


def test_identical_files_become_one_file_and_others_stay_apart(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "ege.csv").write_bytes(BIG)
    (tmp_path / "b" / "ege.csv").write_bytes(BIG)
    (tmp_path / "b" / "oge.csv").write_bytes(BIG[:-3] + b"29\n")  # same size, other bytes
    (tmp_path / "b" / "small.txt").write_bytes(b"x")
    (tmp_path / "a" / "small.txt").write_bytes(b"x")
    before = shared_files.disk_bytes(tmp_path)
    saved = shared_files.share_identical(tmp_path)
    assert saved == len(BIG)
    assert os.path.samefile(tmp_path / "a" / "ege.csv", tmp_path / "b" / "ege.csv")
    assert not os.path.samefile(tmp_path / "a" / "ege.csv", tmp_path / "b" / "oge.csv")
    assert not os.path.samefile(tmp_path / "a" / "small.txt", tmp_path / "b" / "small.txt")  # not worth a link
    assert (tmp_path / "b" / "ege.csv").read_bytes() == BIG and (tmp_path / "b" / "oge.csv").read_bytes() != BIG
    assert shared_files.disk_bytes(tmp_path) == before - len(BIG)
    assert shared_files.share_identical(tmp_path) == 0  # already shared: nothing more to do


def test_names_of_one_file_are_read_once_and_a_copy_joins_them(tmp_path: Path, monkeypatch) -> None:
    """A rebuild's site links most files from the published one: those names are one file already and are read
    once; a copy with the same bytes (a file written anew) becomes that file too, and so do its other names."""
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    (tmp_path / "v1" / "ege.csv").write_bytes(BIG)
    os.link(tmp_path / "v1" / "ege.csv", tmp_path / "current.csv")
    (tmp_path / "v2" / "ege.csv").write_bytes(BIG)  # a copy
    os.link(tmp_path / "v2" / "ege.csv", tmp_path / "v2" / "ege-again.csv")
    read = []
    original = shared_files.file_sha256
    monkeypatch.setattr(shared_files, "file_sha256", lambda path: read.append(path.name) or original(path))
    assert shared_files.share_identical(tmp_path) == len(BIG)  # the copy's bytes, once for its two names
    assert len(read) == 2  # one read per file, not per name
    names = ["current.csv", "v1/ege.csv", "v2/ege.csv", "v2/ege-again.csv"]
    assert len({(tmp_path / name).stat().st_ino for name in names}) == 1
    read.clear()
    assert shared_files.share_identical(tmp_path) == 0 and read == []  # one file under every name: nothing read


def test_a_new_version_links_the_files_it_shares_with_the_previous_one(tmp_path: Path) -> None:
    packages = {"p": {"created": "2025-09-01T00:00:00Z"}}
    first = {"ege.csv": BIG, "oge.csv": BIG + b"sch-9999,2025,1\n"}
    v1 = versions.make_version(first, packages, [])
    versions.record(tmp_path, v1, first, {})
    second = {**first, "oge.csv": BIG + b"sch-9999,2025,2\n"}
    v2 = versions.make_version(second, {"p": {"created": "2025-10-01T00:00:00Z"}}, [])
    versions.record(tmp_path, v2, second, {})
    old, new = tmp_path / "releases" / v1.name, tmp_path / "releases" / v2.name
    assert os.path.samefile(old / "ege.csv", new / "ege.csv")
    assert not os.path.samefile(old / "oge.csv", new / "oge.csv")
    assert versions.release_files(tmp_path, v2.name) == second
    assert versions.release_files(tmp_path, v1.name) == first
    assert [item.version for item in versions.read_index(tmp_path)] == [v1.name, v2.name]
    assert dt.date.fromisoformat(versions.read_index(tmp_path)[1].date) == dt.date(2025, 10, 1)


def test_the_built_site_serves_the_current_version_from_the_same_files(demo_site) -> None:
    """The current version's archive folder and the stable addresses are one file each on disk."""
    data = demo_site.site / "data"
    (version,) = [path for path in (data / "versions").iterdir() if path.is_dir()]
    shared = [name for name in ("vpr.csv", "ege.csv", "oge.csv")
              if os.path.samefile(version / name, data / name.removesuffix(".csv") / name)]
    assert shared == ["vpr.csv", "ege.csv", "oge.csv"]
    assert shared_files.disk_bytes(demo_site.site) < sum(p.stat().st_size for p in demo_site.site.rglob("*") if p.is_file())
