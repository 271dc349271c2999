"""Copies of the test projects, shared by every test folder (a module of its own: ``conftest`` names collide
between folders, so it cannot be imported from them reliably)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).resolve().parent / "data" / "tiny"
#: what a project consists of (the rest of the repository is the generator itself)
PROJECT_PARTS = ("msoko.yml", "mkdocs.yml", "datapackages", "content", "releases")


#: the disclosure control's decisions, kept by a build (``.msoko/privacy``)
PRIVACY_CACHE = Path(".msoko") / "privacy"


def copy_parts(dest: Path, source: Path = ROOT, parts: Iterable[str] = PROJECT_PARTS) -> Path:
    """Copy the named files and folders of the project ``source`` (the embedded demo by default) to ``dest``,
    with the source's disclosure decisions when a build has made them: choosing them takes minutes, and their
    cache keys hold every input, so a test that changes the data still gets a decision of its own."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, dest / part, symlinks=True)
        elif path.is_file():
            shutil.copy2(path, dest / part)
    if (source / PRIVACY_CACHE).is_dir() and not (dest / PRIVACY_CACHE).exists():
        shutil.copytree(source / PRIVACY_CACHE, dest / PRIVACY_CACHE)
    return dest


def copy_demo(dest: Path) -> Path:
    """Copy the embedded demo project (configuration, data, hand-written pages, open-data releases) to ``dest``."""
    return copy_parts(dest)


def copy_tiny(dest: Path) -> Path:
    """Copy the tiny project to ``dest`` and return its root.

    The fixture holds only CSV files; every package's ``datapackage.json`` and the whole indicator catalogue
    come from the repository's ``datapackages/``, so the schemas never drift apart.
    """
    shutil.copytree(TINY, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    for descriptor in sorted((ROOT / "datapackages").glob("*/datapackage.json")):
        package = dest / "datapackages" / descriptor.parent.name
        if not package.is_dir():
            shutil.copytree(descriptor.parent, package)  # e.g. the indicator catalogue, with its CSV files
        else:
            shutil.copy2(descriptor, package / "datapackage.json")
    return dest


def tree_hashes(folder: Path, *, skip: Iterable[str] = ()) -> dict[str, str]:
    """Relative path → SHA-256 of every file below ``folder`` (and its empty folders), for before/after checks;
    ``skip`` — top-level names left out (``.msoko``, the scratch folder). A missing folder gives ``{}``."""
    hashes: dict[str, str] = {}
    if not folder.exists():
        return hashes
    skipped = set(skip)
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in skipped:
            continue
        if path.is_dir():
            if not any(path.iterdir()):
                hashes[relative.as_posix() + "/"] = "empty folder"
        else:
            hashes[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


#: the settings a published site needs, beside the tiny project's own
PUBLISHER = """  authority: "Управление образования Проверочного округа"
  authority_inn: "4205000016"
  email: "uo@example.org"
"""


def copy_tiny_site(dest: Path) -> Path:
    """The tiny project with what a build needs to publish it: the publisher's settings and ``mkdocs.yml``."""
    root = copy_tiny(dest)
    config = root / "msoko.yml"
    config.write_text(config.read_text(encoding="utf-8") + PUBLISHER, encoding="utf-8")
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def two_municipalities(root: Path) -> Path:
    """The tiny project at ``root`` with its second school moved to a municipality of its own (so a region
    level exists, and the disclosure control has a task per municipality and year)."""
    import pandas as pd

    registry = root / "datapackages" / "registry"
    municipalities = pd.read_csv(registry / "municipalities.csv", dtype=str)
    second = municipalities.iloc[[0]].assign(oktmo="99702000", name="Второй проверочный муниципальный округ")
    pd.concat([municipalities, second]).to_csv(registry / "municipalities.csv", index=False)
    organisations = pd.read_csv(registry / "organisations.csv", dtype=str, keep_default_na=False)
    organisations.loc[organisations["org_id"] == "sch-2", "oktmo"] = "99702000"
    organisations.to_csv(registry / "organisations.csv", index=False)
    return root
