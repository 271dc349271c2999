"""Nothing outside ``site/`` and ``.msoko/`` changes until the build has succeeded.

The build writes the data-version archive into a staged copy (``.msoko/staged/releases``, hard links of the
project's ``releases/``, so it costs nothing however large the archive) and the HTML into a staging folder of
its own. Only when everything has succeeded are both put in place, ``site/`` first, then ``releases/``. Two
folders cannot be exchanged in one atomic step, so a journal (``.msoko/journal.json``, written and synced before
the first exchange) says what is being put in place: a build killed between the two exchanges leaves the
journal, and the next build (or import) finishes the job before doing anything else. A build killed earlier
leaves only scratch files in ``.msoko/``, which the next build removes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from . import atomic
from .project import Project

JOURNAL = "journal.json"
STAGED = "staged"
RELEASES = "releases"


def staged_archive(project: Project) -> Path:
    """A fresh staged copy of the project's ``releases/``; returns the folder that holds it (the archive root
    the data-version functions take). Files are hard links: the archive's writers replace files, never
    rewrite them in place."""
    root = project.work / STAGED
    if root.exists():
        shutil.rmtree(root)
    target = root / RELEASES
    source = project.root / RELEASES
    if source.is_dir():
        try:
            shutil.copytree(source, target, copy_function=os.link)
        except OSError:  # another file system (or no hard links): a plain copy
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)
    else:
        target.mkdir(parents=True)
    return root


def commit(project: Project, new_site: Path, archive: Path | None) -> None:
    """Put the new site and the staged archive in place, through the journal."""
    entry = {"site": str(new_site), "releases": str(archive / RELEASES) if archive is not None else None}
    journal = project.work / JOURNAL
    atomic.write_text(journal, json.dumps(entry))
    _apply(project, entry)


def recover(project: Project) -> bool:
    """Finish an exchange a killed build left half done (``True`` if there was one); without one, drop the
    scratch folders a killed build left (the caller holds the project lock: no build is running)."""
    journal = project.work / JOURNAL
    if not journal.is_file():
        for stale in [project.work / STAGED, *project.work.glob("publish-*")]:
            shutil.rmtree(stale, ignore_errors=True)
        return False
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entry = {}
    _apply(project, entry)
    return True


def _apply(project: Project, entry: dict) -> None:
    site, releases = entry.get("site"), entry.get("releases")
    # each staged folder is complete when the journal names it, and is gone from staging once in place
    if site:
        _put(Path(site), project.site)
    if releases:
        _put(Path(releases), project.root / RELEASES)
    with contextlib.suppress(FileNotFoundError):
        (project.work / JOURNAL).unlink()
    shutil.rmtree(project.work / STAGED, ignore_errors=True)


def _put(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with two renames, so that every state a kill can leave is recognisable:
    ``new`` exists exactly until it is in place (an atomic exchange would leave the old folder under its name)."""
    old = target.with_name(f".{target.name}-old")
    if new.is_dir():
        if target.exists():
            if old.exists():
                shutil.rmtree(old)
            target.rename(old)
        new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
