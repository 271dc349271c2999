"""The one cache of the build (``generator.cache``) and the one atomic writer (``generator.atomic``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import atomic, cache
from generator.cache import Cache
from generator.project import Project


def test_the_key_covers_the_inputs_the_code_and_the_libraries(tmp_path: Path) -> None:
    code = tmp_path / "shape.py"
    code.write_text("WIDTH = 1\n", encoding="utf-8")
    one = Cache(tmp_path / "c", code=[code], libraries=("pyarrow",))
    assert one.key("a", b"b") == Cache(tmp_path / "other", code=[code], libraries=("pyarrow",)).key("a", b"b")
    assert one.key("a", b"b") != one.key("ab")  # parts are delimited, not concatenated
    assert one.key("a") != Cache(tmp_path / "c", code=[code]).key("a")  # the library's version is in the key
    code.write_text("WIDTH = 2\n", encoding="utf-8")
    assert one.key("a") != Cache(tmp_path / "c", code=[code], libraries=("pyarrow",)).key("a")


def test_an_entry_is_made_once_and_served_after(tmp_path: Path) -> None:
    calls = []
    store = Cache(tmp_path / "c")
    make = lambda: calls.append(1) or b"<svg/>"  # noqa: E731
    assert store.bytes("k.svg", make) == b"<svg/>"
    assert Cache(tmp_path / "c").bytes("k.svg", make) == b"<svg/>"
    assert calls == [1]
    assert Cache(tmp_path / "c").object("k.pickle", lambda: {"x": [1, 2]}) == {"x": [1, 2]}
    assert Cache(tmp_path / "c").object("k.pickle", lambda: pytest.fail("made again")) == {"x": [1, 2]}


@pytest.mark.parametrize("damage", [
    lambda data: data[:-3],                       # torn at the end (a power cut before the data reached the disk)
    lambda data: data[:20] + b"X" + data[21:],   # a flipped byte
    lambda data: b"",                             # an empty file left by a crash
    lambda data: b"<svg>not an entry</svg>",      # a file of an older release, without the header
])
def test_a_damaged_entry_is_made_again(tmp_path: Path, damage) -> None:
    store = Cache(tmp_path / "c")
    store.store("k.svg", b"<svg>the chart</svg>")
    path = tmp_path / "c" / "k.svg"
    path.write_bytes(damage(path.read_bytes()))
    assert Cache(tmp_path / "c").load("k.svg") is None
    assert not path.exists()
    assert Cache(tmp_path / "c").bytes("k.svg", lambda: b"<svg>again</svg>") == b"<svg>again</svg>"


def test_prune_keeps_exactly_what_this_build_used(tmp_path: Path) -> None:
    Cache(tmp_path / "c").store("old.svg", b"1")
    store = Cache(tmp_path / "c")
    store.bytes("new.svg", lambda: b"2")
    store.prune()
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["new.svg"]


def test_discard_removes_the_older_decisions_of_a_year(tmp_path: Path) -> None:
    store = Cache(tmp_path / "c")
    for name in ("2024-aaa.pickle", "2024-bbb.pickle", "2025-aaa.pickle"):
        store.store_object(name, name)
    store.discard("2024-*.pickle", keep="2024-bbb.pickle")
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["2024-bbb.pickle", "2025-aaa.pickle"]


def test_clear_empties_every_cache_and_nothing_else(tmp_path: Path) -> None:
    project = Project(tmp_path)
    for name in cache.FOLDERS:
        Cache(project.work / name).store("x", b"1")
    (project.work / "project.lock").write_text("", encoding="utf-8")
    assert sorted(cache.clear(project)) == sorted(cache.FOLDERS)
    assert sorted(p.name for p in project.work.iterdir()) == ["project.lock"]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "data.csv"
    atomic.write_text(path, "old\n")
    os.chmod(path, 0o640)

    def broken(*_args):
        raise OSError("диск заполнен")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        atomic.write_text(path, "new\n")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["data.csv"]  # no temporary file left behind
    atomic.write_text(path, "new\n", durable=False)
    assert path.read_text(encoding="utf-8") == "new\n" and path.stat().st_mode & 0o777 == 0o640
