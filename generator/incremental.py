"""What makes a rebuild cheap: a fingerprint of everything a build reads, kept with the last successful build.

A build's output depends only on its inputs — the settings (``msoko.yml``, ``mkdocs.yml``), the data packages,
the hand-written ``content/`` — and on the generator itself (its code, templates, theme and the versions of the
libraries that draw and publish). Builds are deterministic, so when the fingerprint of all of that equals the
one recorded by the last successful build and that build's ``site/`` is still in place, building again would
give the same bytes: the build says so and keeps the site. Anything else (a changed cell, an edited page, a new
generator version, a deleted ``site/``) builds again, with the chart and page caches doing the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import atomic

if TYPE_CHECKING:
    from .project import Project
    from .publish import SiteStats

GENERATOR_ROOT = Path(__file__).resolve().parent
STATE_NAME = "last-build.json"
#: libraries whose version changes the published bytes
LIBRARIES = ("mkdocs", "mkdocs-material", "matplotlib", "markdown", "jinja2", "pandas", "pyarrow", "openpyxl",
             "weasyprint", "python-docx", "babel", "frictionless", "pymdown-extensions")
#: files of the generator that are not part of what it produces
_IGNORED_SUFFIXES = (".pyc", ".pyo")


def _hash_tree(digest: Any, root: Path, label: str) -> None:
    """Feed every file under ``root`` (path and bytes, in a fixed order; hidden files and caches skipped)."""
    if root.is_file():
        digest.update(f"{label}\0".encode())
        digest.update(root.read_bytes())
        return
    if not root.is_dir():
        digest.update(f"{label}\0absent\0".encode())
        return
    files = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d != "__pycache__")
        files += [Path(directory) / name for name in names if not name.startswith(".") and not name.endswith(_IGNORED_SUFFIXES)]
    for path in sorted(files):
        digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def generator_version() -> str:
    """Hash of the generator's own files and of the versions of the libraries it publishes with."""
    digest = hashlib.sha256()
    _hash_tree(digest, GENERATOR_ROOT, "generator")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


def fingerprint(project: Project) -> str:
    """Hash of everything the build of ``project`` reads (see the module docstring)."""
    from .publish import mkdocs_source

    digest = hashlib.sha256()
    digest.update(generator_version().encode())
    _hash_tree(digest, project.config_file, "msoko.yml")
    _hash_tree(digest, mkdocs_source(project), "mkdocs.yml")
    _hash_tree(digest, project.datapackages, "datapackages")
    _hash_tree(digest, project.content, "content")
    return digest.hexdigest()


@dataclass(frozen=True)
class LastBuild:
    """What the last successful build recorded: its fingerprint and what it published."""

    fingerprint: str
    site: dict[str, Any]
    charts: int
    organisations: int


def state_file(project: Project) -> Path:
    return project.work / STATE_NAME


def last_build(project: Project) -> LastBuild | None:
    try:
        data = json.loads(state_file(project).read_text(encoding="utf-8"))
        return LastBuild(**data)
    except (OSError, ValueError, TypeError):
        return None


def unchanged(project: Project, current: str) -> LastBuild | None:
    """The last build, when its inputs were exactly ``current`` and its site is still there; None otherwise."""
    previous = last_build(project)
    if previous is None or previous.fingerprint != current:
        return None
    if not (project.site / "index.html").is_file():
        return None
    return previous


def record(project: Project, current: str, site: SiteStats | None, *, charts: int, organisations: int) -> None:
    """Remember a successful build (written last, through a temporary name: a crash leaves no false record)."""
    project.work.mkdir(parents=True, exist_ok=True)
    state = LastBuild(current, asdict(site) if site is not None else {}, charts, organisations)
    atomic.write_text(state_file(project), json.dumps(asdict(state), ensure_ascii=False, indent=1))


def forget(project: Project) -> None:
    """Drop the record (before a build starts changing ``site/``: a failed build must not look current)."""
    state_file(project).unlink(missing_ok=True)
