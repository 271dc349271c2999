"""What every rendering stage receives: the loaded data, the computed results and where to write.

The stages of ``generator.build`` pass one ``BuildContext`` along; nothing in it is global state.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .compute.results import Results
    from .config import Config
    from .load import Dataset
    from .project import Project


@dataclass(frozen=True)
class BuildContext:
    project: Project
    config: Config
    dataset: Dataset
    results: Results
    #: the generated MkDocs docs tree (hand-written ``content/`` copied in, generated pages beside it)
    docs: Path
    #: the folder holding the data-version archive this build reads and writes (``releases/`` inside it): a
    #: staged copy, put in place with the site (``generator.transaction``); the project itself when ``None``
    archive: Path | None = None

    @property
    def archive_root(self) -> Path:
        return self.archive if self.archive is not None else self.project.root
